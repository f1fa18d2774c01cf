"""The SPARQL 1.1 Service Description a client gets from the endpoint URL without a query.

It tells federating engines and tools (YASGUI, SPARQL clients, crawlers) what the endpoint speaks:
SPARQL 1.1 Query only (no Update: the endpoint is read-only), the result formats it negotiates,
whether it federates (``sd:BasicFederatedQuery`` only when SERVICE hosts are allowed), and the size
of its default graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import BlankNode, Literal, NamedNode, QueryResultsFormat, RdfFormat, Triple

from nanokg import __version__
from nanokg.vocab import RDF, XSD

__all__ = ["service_description"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_VOID = "http://rdfs.org/ns/void#"
_DCTERMS = "http://purl.org/dc/terms/"


def _sd(local: str) -> NamedNode:
    return NamedNode(_SD + local)


def service_description(
    endpoint: str,
    triples: int,
    result_formats: Iterable[QueryResultsFormat | RdfFormat],
    federated: bool,
) -> list[Triple]:
    """Triples describing the endpoint at ``endpoint`` whose default graph holds ``triples`` triples."""
    service = NamedNode(endpoint)
    dataset, graph = BlankNode("dataset"), BlankNode("default-graph")
    description = [
        Triple(service, RDF.type, _sd("Service")),
        Triple(service, _sd("endpoint"), service),
        Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        Triple(service, NamedNode(_DCTERMS + "title"), Literal("nanokg SPARQL endpoint", language="en")),
        Triple(service, NamedNode(_DCTERMS + "description"), Literal(
            "Read-only SPARQL 1.1 endpoint over the nanokg knowledge graph of nanomaterials for "
            f"tumor-targeted drug delivery (nanokg {__version__}).", language="en")),
        Triple(service, _sd("defaultDataset"), dataset),
        Triple(dataset, RDF.type, _sd("Dataset")),
        Triple(dataset, _sd("defaultGraph"), graph),
        Triple(graph, RDF.type, _sd("Graph")),
        Triple(graph, NamedNode(_VOID + "triples"), Literal(str(triples), datatype=XSD.integer)),
    ]
    description += [Triple(service, _sd("resultFormat"), NamedNode(fmt.iri)) for fmt in result_formats]
    if federated:
        description.append(Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    return description
