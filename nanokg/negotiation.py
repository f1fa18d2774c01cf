"""Content negotiation for SPARQL answers: pick a media type from an Accept header, render to it.

A query's kind (solutions, boolean, graph) is known only once it ran, so negotiation happens after
the worker answered: each kind has its own offers, the first one being the default for ``*/*`` or
a missing Accept header, as the SPARQL 1.1 Protocol recommends.
"""

from __future__ import annotations

from dataclasses import dataclass

import mimeparse
from pyoxigraph import NamedNode, QueryResultsFormat, RdfFormat, Triple, parse, parse_query_results, serialize

from nanokg import prefixes
from nanokg.errors import NanoKGError
from nanokg.workers import Kind, Outcome

__all__ = ["Rendering", "NotAcceptable", "offers", "formats", "choose", "render", "boolean_json"]

_RESULTS: dict[str, QueryResultsFormat] = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
    # Aliases clients send in practice.
    "application/json": QueryResultsFormat.JSON,
    "application/xml": QueryResultsFormat.XML,
}

_GRAPHS: dict[str, RdfFormat] = {
    "text/turtle": RdfFormat.TURTLE,
    "application/n-triples": RdfFormat.N_TRIPLES,
    "application/ld+json": RdfFormat.JSON_LD,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/n-quads": RdfFormat.N_QUADS,
    "application/trig": RdfFormat.TRIG,
    "text/plain": RdfFormat.N_TRIPLES,  # the N-Triples media type before RDF 1.1
}

_TEXT_TYPES = {"text/csv", "text/tab-separated-values", "text/turtle", "text/plain"}


class NotAcceptable(NanoKGError):
    """None of the media types the client accepts can carry this kind of answer."""


@dataclass(frozen=True)
class Rendering:
    """An answer ready to send: its bytes and its Content-Type."""

    body: bytes
    content_type: str


def offers(kind: Kind) -> list[str]:
    """Media types this kind of answer can be sent as, the default first."""
    return list(_GRAPHS if kind == "graph" else _RESULTS)


def formats() -> list[QueryResultsFormat | RdfFormat]:
    """Every format answers can be sent in (for the service description)."""
    unique: list[QueryResultsFormat | RdfFormat] = []
    for fmt in [*_RESULTS.values(), *_GRAPHS.values()]:
        if fmt not in unique:
            unique.append(fmt)
    return unique


def choose(accept: str | None, kind: Kind) -> str:
    """The media type of ``offers(kind)`` that best matches the Accept header."""
    available = offers(kind)
    if not accept or not accept.strip():
        return available[0]
    # mimeparse resolves ties in favour of the later offer: give it the default last.
    best = mimeparse.best_match(list(reversed(available)), accept)
    if not best:
        raise NotAcceptable(
            f"cannot send this {'graph' if kind == 'graph' else 'result'} as {accept}",
            hint="accept one of: " + ", ".join(available),
        )
    return str(best)


def _content_type(media_type: str) -> str:
    return f"{media_type}; charset=utf-8" if media_type in _TEXT_TYPES else media_type


def render(outcome: Outcome, media_type: str) -> Rendering:
    """Serialise a worker's answer as ``media_type`` (one of ``offers(outcome.kind)``)."""
    if outcome.kind == "graph":
        rdf_format = _GRAPHS[media_type]
        triples = list(parse(outcome.data, RdfFormat.N_TRIPLES))
        body = serialize(triples, format=rdf_format, prefixes=_used_prefixes(triples)) or b""
        return Rendering(body, _content_type(media_type))
    results_format = _RESULTS[media_type]
    if outcome.kind == "solutions" and results_format == QueryResultsFormat.TSV:
        return Rendering(outcome.data, _content_type(media_type))
    source = outcome.data if outcome.kind == "solutions" else boolean_json(outcome.data)
    source_format = QueryResultsFormat.TSV if outcome.kind == "solutions" else QueryResultsFormat.JSON
    body = parse_query_results(source, source_format).serialize(format=results_format) or b""
    return Rendering(body, _content_type(media_type))


def _used_prefixes(triples: list[Triple]) -> dict[str, str]:
    """The project prefixes that abbreviate some IRI of ``triples`` (not all forty of them)."""
    iris = {term.value for triple in triples for term in triple if isinstance(term, NamedNode)}
    return {
        prefix: namespace for prefix, namespace in prefixes.prefix_map().items()
        if any(iri.startswith(namespace) for iri in iris)
    }


def boolean_json(data: bytes) -> bytes:
    """SPARQL Results JSON of a worker's boolean answer (``b"true"`` or ``b"false"``)."""
    return b'{"head":{},"boolean":' + data + b"}"
