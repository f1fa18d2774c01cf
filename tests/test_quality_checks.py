"""The quality checks (``queries/qc/*-violation.rq``): each finds what it is for, and nothing else.

Every check runs on a small graph that breaks its rule once, and on the same graph repaired; the
shipped graph must pass every check at severity error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, Store, parse

from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.validation.qc import SUFFIX, QualityCheck, load_check, load_checks
from tests.conftest import REPO, REPO_LAYOUT

PREFIXES = """
@prefix nkg: <https://w3id.org/nanokg/> .
@prefix nkgid: <https://w3id.org/nanokg/id/> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix obo: <http://purl.obolibrary.org/obo/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""

# A tiny graph that passes every check: two classes, a property, two linked individuals.
GOOD = """
nkg:Formulation a owl:Class ; rdfs:label "formulation"@en ; obo:IAO_0000115 "A nanomedicine of one study."@en .
nkg:ChemicalEntity a owl:Class ; rdfs:label "chemical entity"@en ; obo:IAO_0000115 "A molecular entity."@en .
nkg:Nanocarrier a owl:Class ; rdfs:label "nanocarrier"@en ; obo:IAO_0000115 "A nanoscale vehicle."@en .
[] a owl:AllDisjointClasses ; owl:members ( nkg:ChemicalEntity nkg:Nanocarrier ) .
nkg:hasPayload a owl:ObjectProperty ; rdfs:label "has payload"@en ; obo:IAO_0000115 "Links a payload."@en .
nkg:hasEvidenceLevel a owl:ObjectProperty ; rdfs:label "has evidence level"@en ; obo:IAO_0000115 "Links a level."@en .
nkg:EvidenceLevel a owl:Class ; rdfs:label "evidence level"@en ; obo:IAO_0000115 "How a claim was tested."@en .
obo:IAO_0100001 a owl:AnnotationProperty .
obo:IAO_0000115 a owl:AnnotationProperty .
skos:exactMatch a owl:AnnotationProperty .
nkgid:liposomes a owl:NamedIndividual , nkg:Formulation ; rdfs:label "DOX liposomes"@en ;
    nkg:hasPayload nkgid:doxorubicin ; nkg:hasEvidenceLevel nkgid:in-vitro .
nkgid:doxorubicin a owl:NamedIndividual , nkg:ChemicalEntity ; rdfs:label "doxorubicin"@en .
nkgid:in-vitro a owl:NamedIndividual , nkg:EvidenceLevel ; rdfs:label "in vitro"@en .
"""

MAPPING = "nkgid:doxorubicin skos:exactMatch obo:CHEBI_28748 ."

#: check → (statement(s) that break it, the entity it must report)
BREAKS = {
    "missing-label": ("nkgid:unnamed a owl:NamedIndividual , nkg:ChemicalEntity . "
                      "nkgid:liposomes nkg:hasPayload nkgid:unnamed .", "nkgid:unnamed"),
    "multiple-labels": ('nkgid:doxorubicin rdfs:label "adriamycin"@en .', "nkgid:doxorubicin"),
    "missing-definition": ('nkg:Liposome a owl:Class ; rdfs:label "liposome"@en .', "nkg:Liposome"),
    "duplicate-label": ('nkgid:dox a owl:NamedIndividual , nkg:ChemicalEntity ; rdfs:label "Doxorubicin"@en . '
                        "nkgid:liposomes nkg:hasPayload nkgid:dox .", "nkgid:dox"),
    "undeclared-iri": ("nkgid:liposomes nkg:hasPayload nkgid:gemcitabine .", "nkgid:gemcitabine"),
    "deprecated-term-in-use": ("nkg:ChemicalEntity owl:deprecated true .", "nkgid:doxorubicin"),
    "stray-whitespace": ('nkgid:doxorubicin rdfs:comment "an anthracycline " .', "nkgid:doxorubicin"),
    "external-id-not-in-mappings": ("nkgid:doxorubicin skos:closeMatch obo:CHEBI_28748 .", "nkgid:doxorubicin"),
    "disjoint-types": ("nkgid:doxorubicin a nkg:Nanocarrier .", "nkgid:doxorubicin"),
    "untyped-individual": ("nkgid:plain a owl:NamedIndividual ; rdfs:label \"plain\"@en . "
                           "nkgid:liposomes nkg:hasPayload nkgid:plain .", "nkgid:plain"),
    "orphan-individual": ('nkgid:gemcitabine a owl:NamedIndividual , nkg:ChemicalEntity ; rdfs:label "gemcitabine"@en .',
                          "nkgid:gemcitabine"),
    "formulation-without-evidence": ('nkgid:untested a owl:NamedIndividual , nkg:Formulation ; '
                                     'rdfs:label "untested"@en ; nkg:hasPayload nkgid:doxorubicin .', "nkgid:untested"),
}

CHECKS = {check.name: check for check in load_checks(REPO_LAYOUT)}


def graph(*statements: str) -> Store:
    """A store with the statements in its default graph, and the mapping as its mapping table too."""
    store = Store()
    store.load((PREFIXES + "\n".join(statements)).encode(), RdfFormat.TURTLE)
    store.bulk_extend(Quad(q.subject, q.predicate, q.object, NamedNode("https://w3id.org/nanokg/graph/mappings"))
                      for q in parse((PREFIXES + MAPPING).encode(), RdfFormat.TURTLE))
    return store


def reported(check: QualityCheck, store: Store) -> list[str]:
    return sorted(finding.focus_text for finding in check.run(store))


def test_every_check_is_tested() -> None:
    assert sorted(BREAKS) == sorted(CHECKS)


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_a_good_graph_passes(name: str) -> None:
    assert reported(CHECKS[name], graph(GOOD, MAPPING)) == []


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_the_check_reports_what_breaks_its_rule(name: str) -> None:
    statements, entity = BREAKS[name]
    assert entity in reported(CHECKS[name], graph(GOOD, MAPPING, statements))


def test_messages_name_the_values() -> None:
    statements, _ = BREAKS["duplicate-label"]
    [finding] = [f for f in CHECKS["duplicate-label"].run(graph(GOOD, MAPPING, statements))
                 if f.focus_text == "nkgid:dox"]
    assert finding.message == 'the label "Doxorubicin" is also the label of nkgid:doxorubicin: make the labels distinct'
    assert (finding.severity, finding.path) == ("error", "rdfs:label")


def test_the_shipped_graph_passes_every_error_check() -> None:
    from nanokg.compile import compile_graph
    from nanokg.store import load_memory_store

    store = load_memory_store(compile_graph(REPO_LAYOUT))
    errors = {name: reported(check, store) for name, check in CHECKS.items() if check.severity == "error"}
    assert errors == {name: [] for name in errors}


def test_every_check_follows_the_file_convention() -> None:
    for path in (REPO / "queries" / "qc").glob("*.rq"):
        assert path.name.endswith(SUFFIX), path
        check = load_check(path, path.name)
        assert check.severity in ("error", "warn", "info") and check.description


def write_check(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}{SUFFIX}"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_check_without_a_header_is_refused(tmp_path: Path) -> None:
    path = write_check(tmp_path, "nothing", "SELECT ?entity ?property ?value WHERE { ?entity ?property ?value }\n")
    with pytest.raises(QueryError) as raised:
        load_check(path, "queries/qc/nothing-violation.rq")
    assert str(raised.value).splitlines()[0] == (
        "queries/qc/nothing-violation.rq:1: the quality check's header lacks name, severity, description")


def test_a_check_named_unlike_its_file_is_refused(tmp_path: Path) -> None:
    path = write_check(tmp_path, "labels", "# name: label\n# severity: warn\n# description: d\nSELECT * {}\n")
    with pytest.raises(QueryError) as raised:
        load_check(path, "queries/qc/labels-violation.rq")
    assert str(raised.value) == ("queries/qc/labels-violation.rq:1: the check is named 'label' but its file says "
                                 "'labels'\n  fix: rename the file to label-violation.rq")


def test_a_check_that_does_not_parse_says_where(tmp_path: Path) -> None:
    path = write_check(tmp_path, "broken", "# name: broken\n# severity: warn\n# description: d\n"
                                           "SELECT ?entity WHERE {\n  ?entity ?p\n}\n")
    with pytest.raises(QueryError) as raised:
        load_check(path, "queries/qc/broken-violation.rq").run(Store())
    assert str(raised.value).startswith("queries/qc/broken-violation.rq:6:1: the quality check does not parse")


def test_a_data_folder_without_checks_uses_nanokgs_own(tmp_path: Path) -> None:
    assert sorted(c.name for c in load_checks(DataLayout(tmp_path))) == sorted(CHECKS)
