"""Read SSSOM/TSV mapping tables (``graph/*.sssom.tsv``) and compile them to SKOS triples.

An SSSOM/TSV file is a YAML metadata block written as ``#``-prefixed lines, then a TSV table
(https://mapping-commons.github.io/sssom/spec-formats-tsv/). The table's CURIEs are expanded with
the file's own ``curie_map``, which must agree with nanokg's Bioregistry prefix map, so a mapping
means the same thing in the SSSOM file, in the graph and in every output.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import yaml
from pyoxigraph import NamedNode, Quad

from nanokg import prefixes
from nanokg.errors import SourceError
from nanokg.sources import SourceFile, read_text
from nanokg.vocab import SKOS, graph_name

__all__ = ["MappingSet", "Mapping", "read_mapping_set", "mapping_quads"]

REQUIRED_METADATA = ("mapping_set_id", "license", "curie_map")
REQUIRED_COLUMNS = ("subject_id", "predicate_id", "object_id", "mapping_justification")


@dataclass(frozen=True)
class Mapping:
    """One row of a mapping table, with its CURIEs expanded."""

    line: int
    subject: str
    predicate: str
    object: str
    row: dict[str, str]


@dataclass(frozen=True)
class MappingSet:
    source: SourceFile
    metadata: dict[str, object]
    mappings: list[Mapping]


def _split_metadata(text: str) -> tuple[str, list[str], int]:
    lines = text.splitlines()
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    block = "\n".join(line[1:] for line in lines[:count])
    return block, lines[count:], count


def _metadata(block: str, source: SourceFile) -> dict[str, object]:
    try:
        metadata = yaml.safe_load(block) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise SourceError(f"the SSSOM metadata block is not valid YAML: {error}",
                          path=source.relpath, line=mark.line + 1 if mark else None,
                          hint="metadata lines look like '#license: https://…'") from None
    if not isinstance(metadata, dict):
        raise SourceError("the SSSOM metadata block must be a YAML mapping", path=source.relpath, line=1,
                          hint="write '#key: value' lines")
    missing = [key for key in REQUIRED_METADATA if key not in metadata]
    if missing:
        raise SourceError(f"the SSSOM metadata lacks {', '.join(missing)}", path=source.relpath, line=1,
                          hint="add '#mapping_set_id:', '#license:' and '#curie_map:' lines")
    return metadata


def _check_curie_map(curie_map: dict[str, str], source: SourceFile) -> None:
    project = prefixes.prefix_map()
    for prefix, uri_prefix in curie_map.items():
        canonical = prefixes.converter().standardize_prefix(prefix)
        if canonical is None or project.get(canonical) != uri_prefix:
            expected = project.get(canonical or prefix, "no entry")
            raise SourceError(
                f"curie_map gives {prefix}: {uri_prefix} but nanokg's prefix map has {expected}",
                path=source.relpath,
                hint="use the Bioregistry's URI prefix (nanokg/data/prefixes.json) in the curie_map",
            )


def read_mapping_set(source: SourceFile) -> MappingSet:
    """Parse an SSSOM/TSV file, expanding and checking every CURIE."""
    block, table, offset = _split_metadata(read_text(source))
    metadata = _metadata(block, source)
    curie_map = metadata["curie_map"]
    if not isinstance(curie_map, dict):
        raise SourceError("curie_map must map prefixes to URI prefixes", path=source.relpath, line=1,
                          hint="write '#curie_map:' then indented '#  CHEBI: http://…' lines")
    _check_curie_map(curie_map, source)
    rows = list(csv.reader(table, delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise SourceError("the SSSOM table has no header row", path=source.relpath, line=offset + 1,
                          hint="add the column header line after the metadata")
    header = rows[0]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceError(f"the SSSOM table lacks the column(s) {', '.join(missing)}",
                          path=source.relpath, line=offset + 1, hint="see the SSSOM specification")
    mappings = []
    for number, cells in enumerate(rows[1:], start=offset + 2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise SourceError(f"the row has {len(cells)} cells but the header has {len(header)}",
                              path=source.relpath, line=number, column=min(len(cells), len(header)) + 1,
                              hint="a tab is missing or extra")
        row = dict(zip(header, cells, strict=True))
        iris = {
            column: _expand(row[column], curie_map, source, number, header.index(column) + 1)
            for column in ("subject_id", "predicate_id", "object_id")
        }
        if iris["predicate_id"] not in SKOS.MAPPING_PREDICATES:
            raise SourceError(f"predicate {row['predicate_id']} is not a SKOS mapping predicate",
                              path=source.relpath, line=number,
                              column=header.index("predicate_id") + 1,
                              hint="use skos:exactMatch, closeMatch, broadMatch, narrowMatch or relatedMatch")
        mappings.append(Mapping(number, iris["subject_id"], iris["predicate_id"], iris["object_id"], row))
    return MappingSet(source, metadata, mappings)


def _expand(curie: str, curie_map: dict[str, str], source: SourceFile, line: int, column: int) -> str:
    prefix, sep, local = curie.strip().partition(":")
    if not sep or prefix not in curie_map:
        raise SourceError(
            f"'{curie}' has no prefix declared in the curie_map", path=source.relpath, line=line,
            column=column, hint=f"add '{prefix}' to the #curie_map block or correct the CURIE",
        )
    return curie_map[prefix] + local


def mapping_quads(mapping_set: MappingSet) -> list[Quad]:
    """The SKOS triples of a mapping set, in the mapping file's named graph."""
    graph = graph_name(mapping_set.source.stem)
    return [
        Quad(NamedNode(m.subject), NamedNode(m.predicate), NamedNode(m.object), graph)
        for m in mapping_set.mappings
    ]
