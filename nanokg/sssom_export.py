"""The mapping table as an SSSOM product: export (TSV, JSON), coverage and label checks.

Reading and writing SSSOM is the ``sssom`` library's job (the reference implementation of the
standard); nanokg adds the release metadata (``mapping_set_version``), the list of terms that have
no mapping yet, and a check that the labels written in the table agree with the graph and with the
imported external terms.
"""

from __future__ import annotations

import io
import warnings
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pyoxigraph import QuerySolutions

from nanokg import __version__, prefixes
from nanokg.compile import CompiledGraph
from nanokg.errors import NanoKGError
from nanokg.sparql import internal_query
from nanokg.store import load_memory_store
from nanokg.vocab import RDFS

if TYPE_CHECKING:
    from sssom import MappingSetDataFrame

__all__ = [
    "SSSOM_FORMATS", "mapping_set_dataframe", "sssom_text", "write_sssom",
    "UnmappedTerm", "unmapped_terms", "LabelMismatch", "label_mismatches",
]

SssomFormat = Literal["tsv", "json"]
SSSOM_FORMATS: dict[str, str] = {"tsv": "nanokg.sssom.tsv", "json": "nanokg.sssom.json"}


def mapping_set_dataframe(compiled: CompiledGraph) -> MappingSetDataFrame:
    """Every mapping table of the sources as one SSSOM mapping set, stamped with the release version."""
    from sssom.parsers import parse_sssom_table
    from sssom.util import merge_msdf

    sets = [mapping_set.source for mapping_set in compiled.mapping_sets]
    if not sets:
        raise NanoKGError("the sources hold no mapping table", path=compiled.layout.graph_dir,
                          hint="mappings live in graph/mappings.sssom.tsv (see docs/design.md)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pandas deprecations inside sssom
        frames = [parse_sssom_table(source.path) for source in sets]
    merged = frames[0] if len(frames) == 1 else merge_msdf(*frames)
    merged.metadata.setdefault("mapping_set_version", __version__)
    merged.df = merged.df.sort_values(["subject_id", "predicate_id", "object_id"], ignore_index=True)
    return merged


def sssom_text(compiled: CompiledGraph, format_name: SssomFormat) -> str:
    """The mapping set serialised as SSSOM/TSV (with its metadata block) or SSSOM/JSON."""
    from sssom.writers import write_json, write_table

    buffer = io.StringIO()
    writer = write_table if format_name == "tsv" else write_json
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # pandas deprecations inside sssom's writer
        writer(mapping_set_dataframe(compiled), buffer)
    text = buffer.getvalue()
    return text if text.endswith("\n") else text + "\n"


def write_sssom(compiled: CompiledGraph, staged: Callable[[str], Path]) -> dict[str, str]:
    """Write ``nanokg.sssom.tsv`` and ``nanokg.sssom.json``; returns file name → description."""
    if not compiled.mapping_sets:
        return {}
    written = {}
    for format_name, name in SSSOM_FORMATS.items():
        staged(name).write_text(sssom_text(compiled, format_name), encoding="utf-8")  # type: ignore[arg-type]
        written[name] = f"every mapping to an external ontology, SSSOM/{format_name.upper()}"
    return written


@dataclass(frozen=True)
class UnmappedTerm:
    iri: str
    kind: str  # "class" or "individual"
    label: str
    type: str  # the individual's asserted type (CURIE), or "" for a class

    @property
    def curie(self) -> str:
        return prefixes.compress(self.iri)


def _select(compiled: CompiledGraph, name: str) -> QuerySolutions:
    solutions = load_memory_store(compiled).query(internal_query(name))
    assert isinstance(solutions, QuerySolutions)
    return solutions


def unmapped_terms(compiled: CompiledGraph, every_individual: bool = False) -> list[UnmappedTerm]:
    """nanokg classes without a mapping, and individuals without one whose type has mapped members.

    Formulations, outcomes and other records of the review are nanokg's own and have nothing to map
    to; a type some of whose individuals are mapped (chemicals, cell lines, units, ...) marks the
    kinds that should be, so only those are listed unless ``every_individual`` is set.
    """
    terms = [
        UnmappedTerm(row["term"].value, "class", row["label"].value if row["label"] else "", "")
        for row in _select(compiled, "mappings-unmapped-classes")
    ]
    for row in _select(compiled, "mappings-unmapped-individuals"):
        if every_individual or int(row["mappedPeers"].value) > 0:
            terms.append(UnmappedTerm(row["term"].value, "individual",
                                      row["label"].value if row["label"] else "",
                                      prefixes.compress(row["type"].value)))
    return terms


@dataclass(frozen=True)
class LabelMismatch:
    line: int
    column: str
    curie: str
    written: str
    expected: str


def label_mismatches(compiled: CompiledGraph) -> list[LabelMismatch]:
    """Rows whose subject_label or object_label differs from the label in the graph or the import."""
    labels: dict[str, set[str]] = defaultdict(set)
    for quad in (*compiled.quads, *compiled.imports):
        if quad.predicate == RDFS.label:
            labels[quad.subject.value].add(quad.object.value)
    mismatches = []
    for mapping_set in compiled.mapping_sets:
        for mapping in mapping_set.mappings:
            for column, iri in (("subject_label", mapping.subject), ("object_label", mapping.object)):
                written = mapping.row.get(column, "").strip()
                known = labels.get(iri)
                if written and known and written not in known:
                    mismatches.append(LabelMismatch(mapping.line, column, prefixes.compress(iri), written,
                                                    " | ".join(sorted(known))))
    return mismatches
