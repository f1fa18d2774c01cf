"""Discover the source files of a data folder and read them safely.

Kinds of source:

* ``ontology``  — ``ontology/*.ttl`` (the OWL schema; ``*.shapes.ttl`` are SHACL shapes instead)
* ``shapes``    — ``ontology/*.shapes.ttl`` and ``ontology/shapes/*.ttl``
* ``template``  — ``graph/*.tsv`` curated records (see ``docs/design.md``)
* ``mappings``  — ``graph/*.sssom.tsv`` SSSOM tables of external mappings
* ``turtle``    — ``graph/*.ttl`` instance data written directly in Turtle
* ``import``    — ``ontology/imports/*.ttl`` external terms (labels, definitions, parents) that the
  mappings point to, extracted by ``scripts/extract_imports.py``; released in ``nanokg-full``,
  never part of the query graph
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from nanokg import __version__
from nanokg.errors import SourceError
from nanokg.paths import DataLayout

__all__ = ["SourceFile", "SourceKind", "discover", "fingerprint", "read_text", "overlooked_sources"]

SourceKind = Literal["ontology", "shapes", "template", "mappings", "turtle", "import"]


@dataclass(frozen=True, order=True)
class SourceFile:
    """One source file and how to read it."""

    relpath: str
    path: Path
    kind: SourceKind

    @property
    def stem(self) -> str:
        """Name used for the file's named graph: ``graph/formulations.tsv`` → ``formulations``."""
        name = self.path.name
        for suffix in (".sssom.tsv", ".shapes.ttl", ".tsv", ".ttl"):
            if name.endswith(suffix):
                return name[: -len(suffix)]
        return self.path.stem


def _kind_of(path: Path, layout: DataLayout) -> SourceKind | None:
    name = path.name
    if path.parent == layout.ontology_dir / "shapes" and name.endswith(".ttl"):
        return "shapes"
    if path.parent == layout.imports_dir and name.endswith(".ttl"):
        return "import"
    if path.parent == layout.ontology_dir:
        if name.endswith(".shapes.ttl"):
            return "shapes"
        if name.endswith(".ttl"):
            return "ontology"
    if path.parent == layout.graph_dir:
        if name.endswith(".sssom.tsv"):
            return "mappings"
        if name.endswith(".tsv"):
            return "template"
        if name.endswith(".ttl"):
            return "turtle"
    return None


def discover(layout: DataLayout) -> list[SourceFile]:
    """All source files of ``layout``, sorted by path; fails if there is no ontology."""
    if not layout.ontology_dir.is_dir():
        raise SourceError(
            "no ontology/ folder" if layout.root.is_dir() else "no such folder",
            path=layout.root,
            hint="point --data (or NANOKG_DATA) at a folder holding ontology/ and graph/",
        )
    candidates = [
        *layout.ontology_dir.glob("*"),
        *(layout.ontology_dir / "shapes").glob("*"),
        *layout.imports_dir.glob("*"),
        *layout.graph_dir.glob("*"),
    ]
    files = sorted(
        SourceFile(layout.relative(path), path, kind)
        for path in candidates
        if path.is_file() and (kind := _kind_of(path, layout)) is not None
    )
    if not any(source.kind == "ontology" for source in files):
        raise SourceError(
            "no ontology file (*.ttl) in ontology/", path=layout.ontology_dir,
            hint="the schema must be at ontology/nanokg.ttl",
        )
    return files


def fingerprint(files: Iterable[SourceFile]) -> str:
    """A hash of the nanokg version and every source's path and bytes: the cache key of a build."""
    digest = hashlib.sha256(f"nanokg {__version__}\n".encode())
    for source in sorted(files):
        digest.update(source.relpath.encode() + b"\0")
        digest.update(source.path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()[:20]


def read_text(source: SourceFile) -> str:
    """The text of a source file, refusing empty and binary files with a clear message."""
    data = source.path.read_bytes()
    if not data.strip():
        raise SourceError("the file is empty", path=source.relpath,
                          hint="add content or delete the file")
    if b"\0" in data:
        raise SourceError("the file is binary, not text", path=source.relpath,
                          hint="sources must be UTF-8 text (Turtle or TSV)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            f"the file is not valid UTF-8 (byte {error.start})", path=source.relpath, line=line,
            hint="save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def overlooked_sources(default_root: Path) -> Path | None:
    """The current folder when it holds nanokg sources that differ from those at ``default_root``.

    A curator who edits a checkout after a plain ``pip install .`` would otherwise be working on
    the copy bundled in the package without knowing it; the same sources (a fresh checkout) are
    not worth a word.
    """
    here = DataLayout(Path.cwd())
    if not (here.ontology_dir.is_dir() and here.graph_dir.is_dir()) or here.root.resolve() == default_root.resolve():
        return None
    try:
        same = fingerprint(discover(here)) == fingerprint(discover(DataLayout(default_root)))
    except (OSError, SourceError):
        return None  # the folder is not a readable nanokg data folder after all
    return None if same else here.root
