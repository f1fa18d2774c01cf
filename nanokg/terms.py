"""How the terms of a built graph are shown to people: each IRI's CURIE and label.

Result tables show IRIs as CURIEs with their labels, and query parameters accept CURIEs. Both
need the project's prefix map, read with the ``curies`` library, whose import alone (pydantic)
costs about 0.1 s — too much for a command that should answer in a quarter of a second. So the
index is computed once, when the query store is built, and saved beside it as JSON: the CURIE and
English label of every IRI in the graph, and the prefix map flattened to plain dictionaries. An
IRI the index does not know (one a query made up) is compressed with ``curies`` on demand.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode

from nanokg.atomic import atomic_file
from nanokg.sparql import internal_query

if TYPE_CHECKING:
    from nanokg.engine import Engine, Term

__all__ = ["TermIndex", "build_term_index", "load_term_index"]


@dataclass(frozen=True)
class TermIndex:
    """CURIEs and labels of a graph's IRIs, and the prefixes to write and read CURIEs with."""

    #: IRI → (CURIE, label or None), for every IRI of the graph.
    terms: dict[str, tuple[str, str | None]]
    #: canonical prefix → URI prefix: the ``PREFIX`` lines a query may omit, and the Turtle prefixes.
    prefixes: dict[str, str]
    #: every accepted prefix (canonical and synonyms, e.g. ``chebi``) → URI prefix.
    accepted_prefixes: dict[str, str]

    def curie(self, iri: str) -> str:
        """The CURIE of ``iri``, or ``iri`` itself when no prefix covers it."""
        known = self.terms.get(iri)
        if known is not None:
            return known[0]
        from nanokg import prefixes

        return prefixes.compress(iri)

    def label(self, iri: str) -> str | None:
        """The English label of ``iri`` in the graph, if it has one."""
        known = self.terms.get(iri)
        return known[1] if known is not None else None

    def expand(self, curie: str) -> str | None:
        """The IRI of ``curie``, or None when its prefix is not one of the project's."""
        prefix, colon, local = curie.partition(":")
        uri_prefix = self.accepted_prefixes.get(prefix)
        return uri_prefix + local if colon and uri_prefix is not None else None

    def to_json(self) -> str:
        return json.dumps({
            "prefixes": self.prefixes,
            "accepted_prefixes": self.accepted_prefixes,
            "terms": {iri: list(names) for iri, names in sorted(self.terms.items())},
        }, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> TermIndex:
        data = json.loads(text)
        return cls(
            terms={iri: (curie, label) for iri, (curie, label) in data["terms"].items()},
            prefixes=data["prefixes"],
            accepted_prefixes=data["accepted_prefixes"],
        )


def _rows(engine: Engine, name: str) -> list[tuple[Term | None, ...]]:
    from nanokg.engine import Solutions  # the engine module builds on this one

    answer = engine.run(internal_query(name), source=f"nanokg/sparql/{name}.rq")
    assert isinstance(answer, Solutions)
    return answer.rows


def _labels(engine: Engine) -> dict[str, str]:
    """One label per IRI: the English one when there is one, else the first in code-point order."""
    chosen: dict[str, tuple[bool, str]] = {}
    for term, label in _rows(engine, "term-labels"):
        if not isinstance(term, NamedNode) or not isinstance(label, Literal):
            continue
        rank = (label.language != "en", label.value)
        if term.value not in chosen or rank < chosen[term.value]:
            chosen[term.value] = rank
    return {iri: label for iri, (_, label) in chosen.items()}


def build_term_index(engine: Engine) -> TermIndex:
    """Compute the index of every IRI the graph behind ``engine`` uses (imports ``curies``).

    Any engine will do: the local store when it is built, or a remote endpoint.
    """
    from nanokg import prefixes

    converter = prefixes.converter()
    labels = _labels(engine)
    terms = {
        iri.value: (converter.compress(iri.value, passthrough=True), labels.get(iri.value))
        for (iri,) in _rows(engine, "term-iris") if isinstance(iri, NamedNode)
    }
    accepted = {}
    for record in converter.records:
        for prefix in (record.prefix, *record.prefix_synonyms):
            accepted[prefix] = record.uri_prefix
    return TermIndex(terms=terms, prefixes=prefixes.prefix_map(), accepted_prefixes=accepted)


def load_term_index(path: Path, engine: Engine) -> TermIndex:
    """The index saved at ``path``, computed on ``engine`` and saved first if it is missing."""
    try:
        return TermIndex.from_json(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError):
        index = build_term_index(engine)
        with atomic_file(path) as staged:
            staged.write_text(index.to_json(), encoding="utf-8")
        return index
