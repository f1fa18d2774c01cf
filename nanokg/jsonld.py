"""Write JSON-LD compacted with a context of prefixes, streaming, in the order of the input.

With a context that only declares prefixes, compacting JSON-LD comes down to writing each IRI as
its CURIE (the longest matching prefix) and each node's statements as one object. This writer
does that node by node from triples sorted by subject, so a release writes a million-triple graph
in seconds and in little memory, and the same triples always give the same bytes. (rdflib's
serialiser loads the whole graph first — 18 s at 100k triples — and labels blank nodes afresh on
every run.)

The output has the shape rdflib's ``auto_compact`` gives, one node per line: ``{"@context": ..., "@graph": [...]}``,
``"@id"``/``"@type"`` as CURIEs, plain strings as JSON strings, other literals as
``{"@value", "@type" | "@language"}``, and a list only where a property has several values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, Triple

__all__ = ["Compactor", "write_jsonld"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_GEN_DELIMS = ":/?#[]@"


class Compactor:
    """Writes IRIs as CURIEs of the longest matching prefix, remembering each answer."""

    def __init__(self, context: Mapping[str, str]) -> None:
        # JSON-LD 1.1 reads "p:x" as a compact IRI only if p's IRI ends with a gen-delim character
        # (CHEBI's ".../CHEBI_" does not: its IRIs are written obo:CHEBI_...), and those are also
        # the only places an IRI is cut.
        self.prefix_of = {uri: prefix for prefix, uri in context.items() if uri[-1:] in _GEN_DELIMS}
        self.ends = "".join(sorted({uri[-1] for uri in self.prefix_of}))
        self.known: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        compact = self.known.get(iri)
        if compact is None:
            compact = self.known[iri] = self._compact(iri)
        return compact

    def _compact(self, iri: str) -> str:
        if not self.ends:
            return iri
        end = len(iri)
        while (cut := max(iri.rfind(character, 0, end) for character in self.ends)) >= 0:
            prefix, local = self.prefix_of.get(iri[: cut + 1]), iri[cut + 1:]
            if prefix is not None and not local.startswith("//"):  # "//" would read as an IRI
                return f"{prefix}:{local}"
            end = cut
        return iri


def _node_id(term: NamedNode | BlankNode, compact: Compactor) -> str:
    return compact(term.value) if isinstance(term, NamedNode) else f"_:{term.value}"


def _value(term: object, compact: Compactor) -> Any:
    if isinstance(term, Literal):
        datatype = term.datatype.value
        if term.language:
            return {"@language": term.language, "@value": term.value}
        if datatype == _XSD_STRING:
            return term.value
        return {"@type": compact(datatype), "@value": term.value}
    assert isinstance(term, NamedNode | BlankNode)
    return {"@id": _node_id(term, compact)}


def _nodes(triples: Iterable[Triple | Quad], compact: Compactor) -> Iterable[dict[str, Any]]:
    """One JSON-LD node object per run of triples with the same subject."""
    node: dict[str, Any] | None = None
    subject = None
    for triple in triples:
        if triple.subject != subject:
            if node is not None:
                yield node
            subject = triple.subject
            node = {"@id": _node_id(subject, compact)}  # type: ignore[arg-type]
        assert node is not None
        predicate, obj = triple.predicate.value, triple.object
        if predicate == _RDF_TYPE and not isinstance(obj, Literal):
            node.setdefault("@type", []).append(_node_id(obj, compact))  # type: ignore[arg-type]
        else:
            node.setdefault(compact(predicate), []).append(_value(obj, compact))
    if node is not None:
        yield node


def _single_values_unwrapped(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value[0] if isinstance(value, list) and len(value) == 1 else value
            for key, value in node.items()}


def write_jsonld(triples: Iterable[Triple | Quad], context: Mapping[str, str], path: Path) -> None:
    """Write ``triples`` (sorted, or at least grouped by subject) as compacted JSON-LD."""
    compact = Compactor(context)
    encode = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(", ", ": ")).encode
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('{\n  "@context": ')
        out.write(json.dumps(dict(context), indent=2, ensure_ascii=False).replace("\n", "\n  "))
        out.write(',\n  "@graph": [')
        separator = "\n"
        for node in _nodes(triples, compact):
            # one node per line: diffs show which node changed, and json's C encoder (which
            # indentation would disable) writes a million triples in about a second
            out.write(separator + "    " + encode(_single_values_unwrapped(node)))
            separator = ",\n"
        out.write("\n  ]\n}\n")
