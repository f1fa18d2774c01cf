"""``nanokg build``: artefacts that parse back to the compiled graph, written all-or-nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from pyoxigraph import Quad, RdfFormat, serialize
from rdflib.compare import isomorphic

from nanokg.build import build
from nanokg.compile import compile_graph
from nanokg.errors import SourceError
from nanokg.paths import DataLayout
from nanokg.release import ARTEFACTS, Artefact, product_quads, release_version_iri

Edit = Callable[[Path, str, str], None]
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "owl": "xml", "jsonld": "json-ld"}
PARSEABLE = [a for a in ARTEFACTS if a.format in RDFLIB_FORMATS]


def compiled_triples(layout: DataLayout) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in compile_graph(layout).quads}


def as_rdflib(quads: list[Quad]) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES), format="nt")
    return graph


def assert_parses_back(path: Path, artefact: Artefact, layout: DataLayout) -> None:
    """rdflib, a parser independent of the writers, reads the artefact back to its product's graph
    (compared up to isomorphism: blank nodes of OWL restrictions rule out string comparison)."""
    graph = rdflib.Dataset() if artefact.format == "nq" else rdflib.Graph()
    graph.parse(path, format=RDFLIB_FORMATS[artefact.format])
    parsed = rdflib.Graph()
    for triple in (graph.triples((None, None, None)) if artefact.format != "nq"
                   else ((s, p, o) for s, p, o, _ in graph.quads())):
        parsed.add(triple)
    assert isomorphic(parsed, as_rdflib(product_quads(compile_graph(layout), artefact.product)))


@pytest.mark.parametrize("artefact", PARSEABLE, ids=[a.name for a in PARSEABLE])
def test_artefacts_parse_back_to_their_product(mini: DataLayout, tmp_path: Path, artefact: Artefact) -> None:
    build(mini, tmp_path / "dist")
    assert_parses_back(tmp_path / "dist" / artefact.name, artefact, mini)


def test_the_release_carries_the_package_version_iri(mini: DataLayout, tmp_path: Path) -> None:
    build(mini, tmp_path)
    owl = rdflib.Graph().parse(tmp_path / "nanokg.owl", format="xml")
    version_iris = set(owl.objects(None, rdflib.OWL.versionIRI))
    assert version_iris == {rdflib.URIRef(release_version_iri())}
    assert release_version_iri() == "https://w3id.org/nanokg/releases/0.1.0/nanokg.owl"


def test_the_manifest_lists_checksums_and_counts(mini: DataLayout, tmp_path: Path) -> None:
    report = build(mini, tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["source_fingerprint"] == report.compiled.fingerprint
    assert {a.name for a in ARTEFACTS} | {"catalog-v001.xml", "context.jsonld", "nanokg.sssom.tsv",
                                          "nanokg.sssom.json", "queries.ttl"} == set(manifest["artefacts"])
    assert manifest["summary"]["individuals_by_type"] == {
        "nkg:ChemicalEntity": 2, "nkg:Formulation": 2, "nkg:Liposome": 2, "nkg:Outcome": 1,
    }


def test_summary_counts_terms_and_individuals(mini: DataLayout, tmp_path: Path) -> None:
    summary = build(mini, tmp_path).summary
    assert (summary["classes"], summary["object_properties"], summary["data_properties"],
            summary["annotation_properties"], summary["individuals"]) == (5, 4, 1, 1, 7)
    assert summary["triples"] == len(compiled_triples(mini))


def test_the_same_sources_give_the_same_bytes(mini: DataLayout, tmp_path: Path) -> None:
    build(mini, tmp_path / "a")
    build(mini, tmp_path / "b")
    for artefact in (tmp_path / "a").rglob("*"):
        if artefact.is_file():
            assert artefact.read_bytes() == (tmp_path / "b" / artefact.relative_to(tmp_path / "a")).read_bytes()


def test_blank_nodes_of_the_ontology_serialise_the_same_in_every_build(
    mini: DataLayout, tmp_path: Path, edit: Edit
) -> None:
    edit(mini.ontology_dir / "nanokg.ttl", "nkg:Liposome a owl:Class ;",
         "nkg:Liposome a owl:Class ; rdfs:subClassOf [ a owl:Restriction ; "
         "owl:onProperty nkg:isCarrierOf ; owl:someValuesFrom nkg:Formulation ] ;")
    build(mini, tmp_path / "a")
    build(mini, tmp_path / "b")
    for artefact in ARTEFACTS:
        first = (tmp_path / "a" / artefact.name).read_bytes()
        assert first == (tmp_path / "b" / artefact.name).read_bytes(), artefact.name
    assert b"owl#Restriction" in (tmp_path / "a" / "nanokg.nt").read_bytes()


def test_a_failed_build_leaves_the_previous_release_untouched(mini: DataLayout, tmp_path: Path, edit: Edit) -> None:
    dist = tmp_path / "dist"
    build(mini, dist)
    before = {path.name: path.read_bytes() for path in dist.iterdir()}
    edit(mini.ontology_dir / "nanokg.ttl", "nkg:Outcome a owl:Class ;", "nkg:Outcome a owl:Class ;;; ]")
    with pytest.raises(SourceError, match=r"^ontology/nanokg.ttl:\d+:\d+: Turtle syntax error"):
        build(mini, dist)
    after = {path.name: path.read_bytes() for path in dist.iterdir()}
    assert after == before  # same files, same bytes, no staging folder left behind


def test_the_query_store_is_keyed_by_the_sources(mini: DataLayout, tmp_path: Path, edit: Edit) -> None:
    first = build(mini, tmp_path).store
    edit(mini.graph_dir / "outcomes.tsv", "\t83.1", "\t83.2")
    second = build(mini, tmp_path).store
    assert first != second and first.is_dir() and second.is_dir()


@pytest.mark.parametrize("artefact", PARSEABLE, ids=[a.name for a in PARSEABLE])
def test_the_shipped_release_parses_back_to_the_same_graph(repo_release: Path, artefact: Artefact) -> None:
    from tests.conftest import REPO_LAYOUT

    assert_parses_back(repo_release / artefact.name, artefact, REPO_LAYOUT)
