"""The release family (base / full / simple / modular): independent parsers, OWL 2 DL, offline imports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import rdflib
import rdflib.collection
from pyoxigraph import Quad, RdfFormat, parse

from nanokg import __version__, prefixes
from nanokg.compile import compile_graph
from nanokg.reason import reason
from nanokg.release import ARTEFACTS, ontology_iri, product_quads, release_version_iri
from tests.conftest import SMALL

RAPPER_SYNTAX = {"owl": "rdfxml", "ttl": "turtle", "nt": "ntriples", "nq": "nquads"}
OWL = rdflib.OWL
NPO_LIPOSOME = rdflib.URIRef("http://purl.bioontology.org/ontology/npo#NPO_719")
DOXORUBICIN = rdflib.URIRef("http://purl.obolibrary.org/obo/CHEBI_28748")
HERMIT_JAR = Path(__import__("owlready2").__file__).parent / "hermit" / "HermiT.jar"


def rapper_count(path: Path, syntax: str) -> int:
    """Triples Raptor's rapper reads from ``path`` (a parser that shares no code with ours)."""
    result = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    match = re.search(r"returned (\d+) (triples|statements)", result.stderr)
    assert match, result.stderr
    return int(match.group(1))


def graph(path: Path, format: str = "xml") -> rdflib.Graph:
    return rdflib.Graph().parse(path, format=format)


rapper_artefacts = [a for a in ARTEFACTS if a.format in RAPPER_SYNTAX]


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper not installed (Debian package raptor2-utils)")
@pytest.mark.parametrize("artefact", rapper_artefacts, ids=[a.name for a in rapper_artefacts])
def test_rapper_reads_every_artefact_whole(small_release: Path, artefact) -> None:
    expected = {q.triple if artefact.format != "nq" else q for q in product_quads(compile_graph(SMALL), artefact.product)}
    assert rapper_count(small_release / artefact.name, RAPPER_SYNTAX[artefact.format]) == len(expected)


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper not installed (Debian package raptor2-utils)")
def test_rapper_reads_the_import_modules(small_release: Path) -> None:
    modules = sorted((small_release / "imports").glob("*.owl"))
    assert [m.name for m in modules] == ["chebi_import.owl", "ncit_import.owl", "npo_import.owl", "uo_import.owl"]
    for module in modules:
        assert rapper_count(module, "rdfxml") > 5


def test_every_owl_product_has_its_own_iri_and_the_package_version(small_release: Path) -> None:
    for product in ("nanokg-base", "nanokg-full", "nanokg-simple", "nanokg"):
        g = graph(small_release / f"{product}.owl")
        assert set(g.subjects(rdflib.RDF.type, OWL.Ontology)) == {rdflib.URIRef(ontology_iri(product))}
        assert set(g.objects(None, OWL.versionIRI)) == {rdflib.URIRef(release_version_iri(product=product))}


def test_base_has_only_nanokg_terms_and_class_mappings(small_release: Path) -> None:
    g = graph(small_release / "nanokg-base.owl")
    declared = {s for s in g.subjects(rdflib.RDF.type, OWL.Class) if isinstance(s, rdflib.URIRef)}
    assert declared and all(str(s).startswith("https://w3id.org/nanokg/") for s in declared)
    assert (rdflib.URIRef("https://w3id.org/nanokg/Liposome"), rdflib.SKOS.exactMatch, NPO_LIPOSOME) in g
    assert not set(g.subjects(rdflib.RDF.type, OWL.NamedIndividual))
    assert not set(g.objects(None, OWL.imports))


def test_full_labels_every_mapping_target_found_in_the_references(small_release: Path) -> None:
    g = graph(small_release / "nanokg-full.owl")
    assert g.value(NPO_LIPOSOME, rdflib.RDFS.label) == rdflib.Literal("liposome")
    assert g.value(DOXORUBICIN, rdflib.RDFS.label) == rdflib.Literal("doxorubicin")
    # the legacy IRI NPO used for doxorubicin is normalised away
    assert not any("purl.org/obo/owl" in str(term) or "Thesaurus.owl" in str(term) for term in g.all_nodes())
    # the curated records travel with it
    assert (rdflib.URIRef("https://w3id.org/nanokg/id/doxorubicin"), rdflib.SKOS.exactMatch, DOXORUBICIN) in g
    # one ontology header: the import modules' own headers are dropped
    assert len(set(g.subjects(rdflib.RDF.type, OWL.Ontology))) == 1


RELEASES = ["small_release", "repo_release"]


@pytest.mark.parametrize("release", RELEASES)
def test_full_is_owl2_dl_without_punning_or_legacy_iris(release: str, request: pytest.FixtureRequest) -> None:
    g = graph(request.getfixturevalue(release) / "nanokg-full.owl")
    assert not any("purl.org/obo/owl" in str(term) or "Thesaurus.owl" in str(term) for term in g.all_nodes())
    kinds = [OWL.Class, OWL.NamedIndividual, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
    declared: dict[rdflib.term.Node, set[rdflib.term.Node]] = {}
    for kind in kinds:
        for subject in g.subjects(rdflib.RDF.type, kind):
            declared.setdefault(subject, set()).add(kind)
    punned = {s: k for s, k in declared.items() if len(k) > 1}
    assert not punned


@pytest.mark.parametrize("release", RELEASES)
def test_full_is_consistent_for_hermit_and_classifies_the_records(release: str, request: pytest.FixtureRequest) -> None:
    triples = parse(path=str(request.getfixturevalue(release) / "nanokg-full.nt"), format=RdfFormat.N_TRIPLES)
    report = reason(Quad(t.subject, t.predicate, t.object) for t in triples)
    assert report.ok
    assert ("https://w3id.org/nanokg/id/folic-acid", "https://w3id.org/nanokg/TargetingLigand") in report.inferred_types


def test_simple_is_the_named_hierarchy(small_release: Path) -> None:
    g = graph(small_release / "nanokg-simple.owl")
    assert (rdflib.URIRef("https://w3id.org/nanokg/GoldNanorod"), rdflib.RDFS.subClassOf,
            rdflib.URIRef("https://w3id.org/nanokg/GoldNanoparticle")) in g
    assert g.value(NPO_LIPOSOME, rdflib.RDFS.label) == rdflib.Literal("liposome")
    assert not any(isinstance(node, rdflib.BNode) for node in g.all_nodes())  # no restrictions
    assert not set(g.subjects(rdflib.RDF.type, OWL.NamedIndividual))
    assert not set(g.subjects(rdflib.RDF.type, OWL.ObjectProperty))


@pytest.mark.skipif(shutil.which("java") is None, reason="java not installed (HermiT reads OWL functional syntax)")
def test_the_shipped_full_product_is_accepted_by_hermit_as_protege_runs_it(repo_release: Path) -> None:
    """No option to ignore unsupported datatypes, as in Protégé: years are not xsd:gYear here."""
    for suffix in ("owl", "ofn"):
        result = subprocess.run(["java", "-jar", str(HERMIT_JAR), "-k", (repo_release / f"nanokg-full.{suffix}").as_uri()],
                                capture_output=True, text=True, check=False, timeout=300)
        assert result.returncode == 0, result.stderr[-2000:]
    assert "XMLSchema#gYear" not in (repo_release / "nanokg-full.nt").read_text(encoding="utf-8")
    assert "XMLSchema#gYear" in (repo_release / "nanokg.nt").read_text(encoding="utf-8")


@pytest.mark.skipif(shutil.which("java") is None, reason="java not installed (HermiT reads OWL functional syntax)")
def test_functional_syntax_is_read_by_the_owlapi(small_release: Path) -> None:
    """HermiT's command line parses the .ofn with the OWL API (Java): an independent OFN parser."""
    result = subprocess.run(["java", "-jar", str(HERMIT_JAR), "-c", "-k", (small_release / "nanokg-full.ofn").as_uri()],
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "owl#Thing is satisfiable" in result.stdout
    assert re.search(r"SubClassOf\( <https://w3id.org/nanokg/GoldNanorod> <https://w3id.org/nanokg/GoldNanoparticle> \)",
                     result.stdout)
    assert "Prefix(npo:=<http://purl.bioontology.org/ontology/npo#NPO_>)" in (small_release / "nanokg-full.ofn").read_text()


def test_the_catalog_resolves_every_import_of_the_modular_ontology_offline(small_release: Path) -> None:
    imports = {str(o) for o in graph(small_release / "nanokg.owl").objects(None, OWL.imports)}
    catalog = ElementTree.parse(small_release / "catalog-v001.xml").getroot()
    entries = {e.get("name"): e.get("uri") for e in catalog if e.tag.endswith("}uri")}
    assert set(entries) == imports and len(imports) == 4
    for iri, local in entries.items():
        module = graph(small_release / str(local))
        assert set(module.subjects(rdflib.RDF.type, OWL.Ontology)) == {rdflib.URIRef(iri)}
        assert module.value(rdflib.URIRef(iri), OWL.versionIRI) == rdflib.URIRef(
            iri.replace("https://w3id.org/nanokg/", f"https://w3id.org/nanokg/releases/{__version__}/"))
        w3c = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#", str(OWL))
        used = {p for p in module.predicates() if not str(p).startswith(w3c)}
        assert used and used <= set(module.subjects(rdflib.RDF.type, OWL.AnnotationProperty))  # OWL 2 DL


def test_jsonld_uses_the_published_context(small_release: Path) -> None:
    context = json.loads((small_release / "context.jsonld").read_text())["@context"]
    assert context["CHEBI"] == "http://purl.obolibrary.org/obo/CHEBI_" and context["nkg"] == "https://w3id.org/nanokg/"
    document = json.loads((small_release / "nanokg-full.jsonld").read_text())
    assert document["@context"] == context
    assert '"nkg:Liposome"' in (small_release / "nanokg-full.jsonld").read_text()


def test_the_licences_of_imported_terms_travel_with_them(repo_release: Path) -> None:
    notice = (repo_release / "imports" / "LICENSES.md").read_text()
    assert "Copyright (c) 2013, Nathan Baker. All rights reserved." in notice
    assert "npo-asserted.owl" in notice and "CC BY 4.0" in notice


def test_every_prefix_the_sources_declare_is_the_canonical_one() -> None:
    """The ontology, the mapping table and the outputs share one prefix map."""
    from nanokg import prefixes
    from tests.conftest import REPO_LAYOUT

    project = prefixes.prefix_map()
    for layout in (REPO_LAYOUT, SMALL):
        for path in sorted(layout.ontology_dir.rglob("*.ttl")):
            for prefix, iri in re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", path.read_text(encoding="utf-8")):
                assert project.get(prefix) == iri, f"{path}: @prefix {prefix}: <{iri}> is not the project's"


def test_the_manifest_describes_every_file(small_release: Path) -> None:
    manifest = json.loads((small_release / "manifest.json").read_text())
    files = {p.relative_to(small_release).as_posix() for p in small_release.rglob("*") if p.is_file()}
    assert set(manifest["artefacts"]) == files - {"manifest.json"}
    assert manifest["artefacts"]["imports/npo_import.owl"]["description"].startswith("import module npo_import")


def test_functional_syntax_keeps_every_disjointness_axiom(repo_release: Path) -> None:
    # horned-owl's RDF reader drops owl:AllDisjointClasses of more than two classes; nanokg.ofn
    # puts them back.
    g = graph(repo_release / "nanokg-base.owl")
    expected = {frozenset(str(member) for member in rdflib.collection.Collection(g, g.value(axiom, OWL.members)))
                for axiom in g.subjects(rdflib.RDF.type, OWL.AllDisjointClasses)}
    expected |= {frozenset((str(s), str(o))) for s, o in g.subject_objects(OWL.disjointWith)}
    assert max(len(members) for members in expected) > 2
    text = (repo_release / "nanokg-base.ofn").read_text(encoding="utf-8")
    found = {frozenset(iri[1:-1] if iri.startswith("<") else prefixes.expand(iri) for iri in re.findall(r"<[^>]+>|\S+", axiom))
             for axiom in re.findall(r"DisjointClasses\(([^)]*)\)", text)}
    assert found == expected
