"""IRIs of the vocabularies nanokg's code refers to, as pyoxigraph terms."""

from __future__ import annotations

from pyoxigraph import NamedNode

__all__ = [
    "NKG", "NKGID", "NKGSH", "GRAPH", "RDF", "RDFS", "OWL", "XSD", "SKOS", "PROV", "SH",
    "IAO_DEFINITION", "nkg", "nkgid", "graph_name",
]

NKG = "https://w3id.org/nanokg/"
NKGID = "https://w3id.org/nanokg/id/"
NKGSH = "https://w3id.org/nanokg/shapes/"
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
    NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    type = NamedNode(NS + "type")


class RDFS:
    NS = "http://www.w3.org/2000/01/rdf-schema#"
    label = NamedNode(NS + "label")
    subClassOf = NamedNode(NS + "subClassOf")


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


class SH:
    """The SHACL vocabulary terms nanokg reads and writes."""

    NS = "http://www.w3.org/ns/shacl#"
    Violation = NamedNode(NS + "Violation")
    Warning = NamedNode(NS + "Warning")
    Info = NamedNode(NS + "Info")
