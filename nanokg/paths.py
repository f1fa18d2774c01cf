"""Where nanokg finds its sources and keeps its caches.

Sources are looked up, in order: the ``--data`` option, the ``NANOKG_DATA`` environment variable,
the copy bundled in an installed wheel, and the repository checkout the package was imported from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DataLayout", "default_data_root", "cache_root", "PACKAGE_DIR"]

PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = PACKAGE_DIR / "_bundled"
_CHECKOUT = PACKAGE_DIR.parent

DATA_ENV = "NANOKG_DATA"
CACHE_ENV = "NANOKG_CACHE_DIR"


@dataclass(frozen=True)
class DataLayout:
    """A folder holding nanokg sources: ``ontology/``, ``graph/`` and ``queries/``."""

    root: Path

    @property
    def ontology_dir(self) -> Path:
        return self.root / "ontology"

    @property
    def imports_dir(self) -> Path:
        """Extracted external terms (``ontology/imports/*.ttl``)."""
        return self.ontology_dir / "imports"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @property
    def queries_dir(self) -> Path:
        return self.root / "queries"

    def relative(self, path: Path) -> str:
        """``path`` relative to the data root, for messages and provenance."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def default_data_root() -> Path:
    """The data root used when the user does not name one."""
    if env := os.environ.get(DATA_ENV):
        return Path(env)
    if _BUNDLED.is_dir():
        return _BUNDLED
    return _CHECKOUT


def cache_root() -> Path:
    """Folder for built stores, keyed by source fingerprint (``NANOKG_CACHE_DIR`` overrides)."""
    if env := os.environ.get(CACHE_ENV):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "nanokg"
