"""RDF terms between pyoxigraph (which holds and queries the graph) and rdflib (which the reference
SPARQL engine and pySHACL need). Blank nodes keep their identifiers both ways, and literals their
lexical form, so a term means the same thing on either side.

Only the paths that use rdflib import this module.
"""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

__all__ = ["Term", "to_rdflib", "from_rdflib"]

Term = NamedNode | BlankNode | Literal

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """The rdflib term for a pyoxigraph term."""
    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        # normalize=False keeps the lexical form: rdflib would turn "yes"^^xsd:boolean into "false".
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"not a term rdflib can hold: {term!r}")


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
