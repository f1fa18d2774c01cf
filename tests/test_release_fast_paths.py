"""The release's fast paths (text-sorted lines, partial RDFC-1.0, streamed JSON-LD, OWL functional
syntax in a worker process) write exactly what the straightforward ways would."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import CanonicalizationAlgorithm, Dataset, NamedNode, Quad, RdfFormat, parse
from rdflib.compare import isomorphic

from nanokg import release
from nanokg.build import build
from nanokg.compile import compile_graph
from nanokg.jsonld import Compactor, write_jsonld
from nanokg.paths import DataLayout
from tests.conftest import REPO_LAYOUT

TURTLE = """
@prefix nkg: <https://w3id.org/nanokg/> . @prefix nkgid: <https://w3id.org/nanokg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix obo: <http://purl.obolibrary.org/obo/> .
nkg:Liposome a owl:Class ; rdfs:label "liposome"@en ;
    rdfs:subClassOf [ a owl:Restriction ; owl:onProperty nkg:isCarrierOf ; owl:someValuesFrom nkg:Formulation ] ,
                    [ a owl:Restriction ; owl:onProperty nkg:hasMaterial ; owl:someValuesFrom nkg:Lipid ] .
nkgid:dox a nkg:Drug , nkg:Anthracycline ; rdfs:label "doxorubicin"@en ; nkg:note "plain text, with \\"quotes\\"" ;
    obo:IAO_0000115 "a drug" ; nkg:value "83.1"^^xsd:decimal ; nkg:seeAlso <http://purl.obolibrary.org/obo/CHEBI_28748> .
"""


def quads_of(text: str) -> list[Quad]:
    graph = NamedNode("https://w3id.org/nanokg/graph/test")
    return [Quad(q.subject, q.predicate, q.object, graph) for q in parse(text, RdfFormat.TURTLE)]


@pytest.mark.parametrize("keep_graphs", [True, False])
def test_canonical_lines_equal_canonicalising_the_whole_dataset(keep_graphs: bool) -> None:
    quads = quads_of(TURTLE) * 2  # duplicates too
    whole = Dataset(q if keep_graphs else Quad(q.subject, q.predicate, q.object) for q in quads)
    whole.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    expected = sorted(str(q) if keep_graphs else str(q.triple) for q in whole)
    assert release._canonical_lines(quads, keep_graphs) == expected
    assert any("_:c14n" in line for line in expected)


def test_jsonld_parses_back_to_the_same_graph_with_curies_json_ld_accepts(tmp_path: Path) -> None:
    triples = parse("".join(f"{line} .\n" for line in release._canonical_lines(quads_of(TURTLE), False)),
                    RdfFormat.N_TRIPLES)
    context = release.jsonld_context()["@context"]
    write_jsonld(triples, context, tmp_path / "g.jsonld")  # type: ignore[arg-type]
    text = (tmp_path / "g.jsonld").read_text()
    document = json.loads(text)
    assert document["@context"] == context
    nodes = {node["@id"]: node for node in document["@graph"]}
    dox = nodes["nkgid:dox"]
    assert dox["@type"] == ["nkg:Anthracycline", "nkg:Drug"]
    assert dox["nkg:note"] == 'plain text, with "quotes"'  # a plain string stays a JSON string
    assert dox["nkg:value"] == {"@type": "xsd:decimal", "@value": "83.1"}
    # CHEBI's namespace ends in "_", which JSON-LD 1.1 refuses as a prefix: obo: is used instead
    assert dox["nkg:seeAlso"] == {"@id": "obo:CHEBI_28748"} and "obo:IAO_0000115" in dox
    parsed = rdflib.Graph().parse(data=text, format="json-ld")
    expected = rdflib.Graph().parse(data=TURTLE, format="turtle")
    assert isomorphic(parsed, expected)


def test_the_compactor_prefers_the_longest_namespace_and_leaves_unknown_iris_whole() -> None:
    compact = Compactor({"nkg": "https://w3id.org/nanokg/", "nkgid": "https://w3id.org/nanokg/id/",
                         "CHEBI": "http://purl.obolibrary.org/obo/CHEBI_"})
    assert compact("https://w3id.org/nanokg/id/dox") == "nkgid:dox"
    assert compact("https://w3id.org/nanokg/Liposome") == "nkg:Liposome"
    assert compact("http://purl.obolibrary.org/obo/CHEBI_1") == "http://purl.obolibrary.org/obo/CHEBI_1"
    assert compact("https://example.org/x") == "https://example.org/x"


def test_owl_functional_syntax_from_the_worker_process_is_the_same(
        mini: DataLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(mini, tmp_path / "inline")
    monkeypatch.setattr(release, "OFN_IN_PARALLEL_ABOVE", 0)
    build(mini, tmp_path / "worker")
    for name in ("nanokg-full.ofn", "nanokg-base.ofn", "nanokg-simple.ofn"):
        assert (tmp_path / "worker" / name).read_bytes() == (tmp_path / "inline" / name).read_bytes()
    assert not list((tmp_path / "worker").glob("*.ofn-input.owl"))


def test_the_simple_product_needs_only_the_ontology_part_of_the_graph() -> None:
    """``_simple`` skips the curated records; computed from the whole ``_full`` it is the same."""
    compiled = compile_graph(REPO_LAYOUT)
    full = release._full(compiled)
    header = NamedNode(release.ontology_iri("nanokg-simple"))
    from_full = {str(q.triple) for q in release._with_header(full, "nanokg-simple")}
    simple = {str(q.triple) for q in release._simple(compiled)}
    assert simple <= from_full
    classes = {q.subject for q in full if q.predicate == release.RDF.type and q.object == release.OWL.Class}
    records_about_classes = [q for q in compiled.instances if q.subject in classes or q.subject == header]
    assert records_about_classes == []
