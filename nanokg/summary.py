"""Counts that describe a built graph: triples, declared terms, individuals per type."""

from __future__ import annotations

from typing import TypedDict

from pyoxigraph import Literal, QuerySolutions, Store

from nanokg import prefixes
from nanokg.sparql import internal_query

__all__ = ["Summary", "summarise"]

_KINDS = {
    "http://www.w3.org/2002/07/owl#Class": "classes",
    "http://www.w3.org/2002/07/owl#ObjectProperty": "object_properties",
    "http://www.w3.org/2002/07/owl#DatatypeProperty": "data_properties",
    "http://www.w3.org/2002/07/owl#AnnotationProperty": "annotation_properties",
    "http://www.w3.org/2002/07/owl#NamedIndividual": "individuals",
}


class Summary(TypedDict):
    triples: int
    classes: int
    object_properties: int
    data_properties: int
    annotation_properties: int
    individuals: int
    individuals_by_type: dict[str, int]


def _rows(store: Store, name: str) -> QuerySolutions:
    solutions = store.query(internal_query(name))
    assert isinstance(solutions, QuerySolutions)
    return solutions


def _int(term: object) -> int:
    assert isinstance(term, Literal)
    return int(term.value)


def summarise(store: Store) -> Summary:
    """Count what ``store``'s default graph holds."""
    summary: Summary = {
        "triples": _int(next(iter(_rows(store, "summary-triples")))["count"]),
        "classes": 0, "object_properties": 0, "data_properties": 0,
        "annotation_properties": 0, "individuals": 0, "individuals_by_type": {},
    }
    for row in _rows(store, "summary-declarations"):
        summary[_KINDS[row["kind"].value]] = _int(row["count"])  # type: ignore[literal-required]
    summary["individuals_by_type"] = {
        prefixes.compress(row["type"].value): _int(row["count"]) for row in _rows(store, "summary-types")
    }
    return summary
