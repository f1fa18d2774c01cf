"""RDF terms between the two libraries validation uses, and their short text for people.

pyoxigraph holds the graph and runs the queries; rdflib carries the shapes and feeds pySHACL.
Blank nodes keep their identifiers both ways, so a node means the same thing on either side.
"""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

from nanokg import prefixes

__all__ = ["Term", "to_rdflib", "from_rdflib", "term_text", "sparql_term"]

Term = NamedNode | BlankNode | Literal

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    # normalize=False keeps the lexical form: rdflib would turn "yes"^^xsd:boolean into "false".
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)


def from_rdflib(term: rdflib.term.Node) -> Term:
    """The pyoxigraph term for an rdflib term."""
    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        return Literal(str(term), datatype=NamedNode(str(term.datatype or _XSD_STRING)))
    raise TypeError(f"not an RDF term: {term!r}")


def term_text(term: Term | None) -> str:
    """A term as people read it: a CURIE, a blank node label, or a literal with its tag or type."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        return prefixes.compress(term.value)
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    if term.language:
        return f'"{term.value}"@{term.language}'
    if term.datatype.value in (_XSD_STRING, _LANG_STRING):
        return f'"{term.value}"'
    return f'"{term.value}"^^{prefixes.compress(term.datatype.value)}'


def sparql_term(term: rdflib.term.Node) -> str:
    """An rdflib term (from a shapes graph) written as SPARQL."""
    if isinstance(term, rdflib.URIRef):
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if term.language:
            return f'"{text}"@{term.language}'
        return f'"{text}"^^<{term.datatype or _XSD_STRING}>'
    raise TypeError(f"a blank node cannot be written in a query: {term!r}")
