"""``nanokg build``: artefacts that parse back to the compiled graph, written all-or-nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from nanokg.build import build
from nanokg.compile import compile_graph
from nanokg.errors import SourceError
from nanokg.paths import DataLayout
from nanokg.release import ARTEFACTS, release_version_iri

Edit = Callable[[Path, str, str], None]
RDFLIB_FORMATS = {"nanokg.ttl": "turtle", "nanokg.nt": "nt", "nanokg.nq": "nquads", "nanokg.owl": "xml"}


def compiled_triples(layout: DataLayout, ontology_only: bool = False) -> set[tuple[str, str, str]]:
    compiled = compile_graph(layout)
    quads = compiled.ontology_with_class_mappings if ontology_only else compiled.quads
    return {(q.subject.value, q.predicate.value, q.object.value) for q in quads}


def parsed_triples(path: Path) -> set[tuple[str, str, str]]:
    """Triples of an artefact read by rdflib: a parser independent of the one that wrote it."""
    graph = rdflib.Dataset() if path.suffix == ".nq" else rdflib.Graph()
    graph.parse(path, format=RDFLIB_FORMATS[path.name])
    quads = graph.quads() if isinstance(graph, rdflib.Dataset) else ((*t, None) for t in graph)
    return {(str(s), str(p), str(o)) for s, p, o, _ in quads}


def without_version(triples: set[tuple[str, str, str]]) -> set[tuple[str, str, str]]:
    return {t for t in triples if not t[1].startswith("http://www.w3.org/2002/07/owl#version")}


@pytest.mark.parametrize("artefact", [a.name for a in ARTEFACTS])
def test_artefacts_parse_back_to_the_compiled_triples(mini: DataLayout, tmp_path: Path, artefact: str) -> None:
    build(mini, tmp_path / "dist")
    expected = compiled_triples(mini, ontology_only=artefact == "nanokg.owl")
    assert without_version(parsed_triples(tmp_path / "dist" / artefact)) == without_version(expected)


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
    assert set(manifest["artefacts"]) == {a.name for a in ARTEFACTS}
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
    for artefact in ARTEFACTS:
        assert (tmp_path / "a" / artefact.name).read_bytes() == (tmp_path / "b" / artefact.name).read_bytes()


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


@pytest.fixture(scope="module")
def repo_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.conftest import REPO_LAYOUT

    out = tmp_path_factory.mktemp("release")
    build(REPO_LAYOUT, out)
    return out


@pytest.mark.parametrize("artefact", [a.name for a in ARTEFACTS])
def test_the_shipped_release_parses_back_to_the_same_graph(repo_release: Path, artefact: str) -> None:
    """Blank nodes (OWL restrictions) rule out string comparison: compare up to isomorphism."""
    from rdflib.compare import isomorphic

    from tests.conftest import REPO_LAYOUT

    compiled = compile_graph(REPO_LAYOUT)
    quads = compiled.ontology_with_class_mappings if artefact == "nanokg.owl" else compiled.quads
    expected = rdflib.Graph().parse(
        data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    path = repo_release / artefact
    parsed = (_triples_of_nquads(path) if artefact == "nanokg.nq"
              else rdflib.Graph().parse(path, format=RDFLIB_FORMATS[artefact]))
    for graph in (expected, parsed):
        graph.remove((None, rdflib.OWL.versionIRI, None))
        graph.remove((None, rdflib.OWL.versionInfo, None))
    assert isomorphic(expected, parsed)


def _triples_of_nquads(path: Path) -> rdflib.Graph:
    dataset = rdflib.Dataset()
    dataset.parse(path, format="nquads")
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads():
        graph.add((s, p, o))
    return graph
