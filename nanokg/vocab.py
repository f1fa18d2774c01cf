"""IRIs of the vocabularies nanokg's code refers to, as pyoxigraph terms."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode

__all__ = [
    "NKG", "NKGID", "GRAPH", "RDF", "RDFS", "OWL", "XSD", "SKOS", "PROV", "IAO_DEFINITION",
    "nkg", "nkgid", "graph_name", "LEXICAL_FORMS", "CURIE_PATTERN", "SLUG_PATTERN",
]

NKG = "https://w3id.org/nanokg/"
NKGID = "https://w3id.org/nanokg/id/"
GRAPH = "https://w3id.org/nanokg/graph/"
REVIEW = NKGID + "review"


def nkg(local: str) -> NamedNode:
    """A term of the nanokg schema."""
    return NamedNode(NKG + local)


def nkgid(local: str) -> NamedNode:
    """A curated nanokg individual."""
    return NamedNode(NKGID + local)


def graph_name(local: str) -> NamedNode:
    """The named graph a source file compiles into."""
    return NamedNode(GRAPH + local)


class RDF:
    type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class RDFS:
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    subClassOf = NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
    comment = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")


class OWL:
    NS = "http://www.w3.org/2002/07/owl#"
    Ontology = NamedNode(NS + "Ontology")
    Class = NamedNode(NS + "Class")
    ObjectProperty = NamedNode(NS + "ObjectProperty")
    DatatypeProperty = NamedNode(NS + "DatatypeProperty")
    AnnotationProperty = NamedNode(NS + "AnnotationProperty")
    NamedIndividual = NamedNode(NS + "NamedIndividual")
    inverseOf = NamedNode(NS + "inverseOf")
    versionIRI = NamedNode(NS + "versionIRI")
    versionInfo = NamedNode(NS + "versionInfo")
    deprecated = NamedNode(NS + "deprecated")


class XSD:
    NS = "http://www.w3.org/2001/XMLSchema#"
    string = NamedNode(NS + "string")
    decimal = NamedNode(NS + "decimal")
    integer = NamedNode(NS + "integer")
    gYear = NamedNode(NS + "gYear")
    boolean = NamedNode(NS + "boolean")
    date = NamedNode(NS + "date")


_SKOS = "http://www.w3.org/2004/02/skos/core#"


class SKOS:
    NS = _SKOS
    altLabel = NamedNode(_SKOS + "altLabel")
    MAPPING_PREDICATES = frozenset(
        _SKOS + name
        for name in ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
    )


class PROV:
    wasDerivedFrom = NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


IAO_DEFINITION = NamedNode("http://purl.obolibrary.org/obo/IAO_0000115")


#: The local name of a curated individual, ``nkgid:<slug>``. No dots: SPARQL parsers disagree on
#: prefixed names with dots (Oxigraph rejects nkgid:a.b.c).
SLUG_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")

#: A CURIE as users and curators write it: ``prefix:local`` (no spaces, no ``//``).
CURIE_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.-]*:[^\s/]*$")

#: Lexical forms the compiler accepts for typed literals (XML Schema, without exotic forms).
LEXICAL_FORMS = {
    XSD.decimal.value: re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    XSD.integer.value: re.compile(r"^[+-]?\d+$"),
    XSD.gYear.value: re.compile(r"^-?\d{4,}(Z|[+-]\d{2}:\d{2})?$"),
    XSD.boolean.value: re.compile(r"^(true|false|1|0)$"),
    XSD.date.value: re.compile(r"^-?\d{4,}-\d{2}-\d{2}(Z|[+-]\d{2}:\d{2})?$"),
    XSD.string.value: re.compile(r"(?s).*"),
}
