"""RDF terms as validation shows and queries them: short text for people, SPARQL for shapes.

The conversions between pyoxigraph and rdflib terms (rdflib carries the shapes and feeds pySHACL)
live in ``nanokg.rdflib_terms`` and are re-exported here.
"""

from __future__ import annotations

import rdflib
from pyoxigraph import BlankNode, Literal, NamedNode

from nanokg import prefixes
from nanokg.rdflib_terms import Term, from_rdflib, to_rdflib

__all__ = ["Term", "to_rdflib", "from_rdflib", "term_text", "sparql_term"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


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
