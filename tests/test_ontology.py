"""The shipped ontology: parses, carries one label and one definition per term, is OWL 2 DL
(no punning) and is consistent under HermiT with no unsatisfiable class."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from nanokg.compile import CompiledGraph, compile_graph
from nanokg.reason import ReasonerReport, reason
from nanokg.vocab import IAO_DEFINITION, NKG, OWL, RDF, RDFS
from tests.conftest import REPO_LAYOUT

DECLARATION_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                     OWL.NamedIndividual)


@pytest.fixture(scope="module")
def compiled() -> CompiledGraph:
    return compile_graph(REPO_LAYOUT)


@pytest.fixture(scope="module")
def ontology(compiled: CompiledGraph) -> list[Quad]:
    return compiled.ontology


@pytest.fixture(scope="module")
def reasoned(compiled: CompiledGraph) -> ReasonerReport:
    return reason(compiled.quads)


def own_terms(quads: list[Quad]) -> dict[str, set[NamedNode]]:
    """nkg: terms by declared kind (classes and the three kinds of property)."""
    terms: dict[str, set[NamedNode]] = defaultdict(set)
    for q in quads:
        if q.predicate == RDF.type and q.object in DECLARATION_KINDS[:4] and isinstance(q.subject, NamedNode) \
                and q.subject.value.startswith(NKG):
            terms[q.object.value].add(q.subject)
    return terms


def test_the_ontology_declares_the_expected_kinds_of_term(ontology: list[Quad]) -> None:
    terms = own_terms(ontology)
    assert len(terms[OWL.Class.value]) >= 150
    assert len(terms[OWL.ObjectProperty.value]) >= 30
    assert len(terms[OWL.DatatypeProperty.value]) >= 15
    for name in ("Formulation", "Nanocarrier", "GoldNanorod", "MesoporousSilicaNanoparticle",
                 "EPRMediatedTargeting", "LigandReceptorTargeting", "AcidicPH", "ChemoPhotothermalTherapy"):
        assert NamedNode(NKG + name) in terms[OWL.Class.value], name


def test_every_term_has_exactly_one_english_label_and_one_definition(ontology: list[Quad]) -> None:
    labels: Counter[NamedNode] = Counter()
    definitions: Counter[NamedNode] = Counter()
    for q in ontology:
        if q.predicate == RDFS.label and isinstance(q.object, Literal) and q.object.language == "en":
            labels[q.subject] += 1
        elif q.predicate == IAO_DEFINITION and isinstance(q.object, Literal) and q.object.value.strip():
            definitions[q.subject] += 1
    for kind, terms in own_terms(ontology).items():
        for term in terms:
            assert labels[term] == 1, f"{term.value} ({kind}) has {labels[term]} English labels"
            assert definitions[term] == 1, f"{term.value} ({kind}) has {definitions[term]} definitions"


def test_no_iri_is_punned(compiled: CompiledGraph) -> None:
    kinds: dict[str, set[str]] = defaultdict(set)
    for q in compiled.quads:
        if q.predicate == RDF.type and q.object in DECLARATION_KINDS and isinstance(q.subject, NamedNode):
            kinds[q.subject.value].add(q.object.value)
    punned = {iri: sorted(k) for iri, k in kinds.items() if len(k) > 1}
    assert punned == {}


def test_the_ontology_header_has_its_metadata(ontology: list[Quad]) -> None:
    header = NamedNode("https://w3id.org/nanokg/nanokg.owl")
    predicates = {q.predicate.value for q in ontology if q.subject == header}
    dcterms = "http://purl.org/dc/terms/"
    for local in ("title", "description", "license", "creator", "created", "source"):
        assert dcterms + local in predicates
    assert OWL.versionIRI.value in predicates
    source = next(q.object for q in ontology if q.subject == header and q.predicate.value == dcterms + "source")
    assert source == NamedNode("https://doi.org/10.3389/fbioe.2023.1240529")


def test_hermit_finds_the_graph_consistent_with_no_unsatisfiable_class(reasoned: ReasonerReport) -> None:
    assert reasoned.consistent, reasoned.explanation
    assert reasoned.unsatisfiable == []


def test_hermit_infers_which_combinations_are_combination_therapies(reasoned: ReasonerReport) -> None:
    for combination in ("ChemoPhotothermalTherapy", "ChemoImmunotherapy", "RadioChemotherapy",
                        "ChemoHyperthermiaTherapy"):
        assert (NKG + combination, NKG + "CombinationTherapy") in reasoned.inferred_subclasses


def test_hermit_infers_roles_from_use(reasoned: ReasonerReport) -> None:
    assert (NKG + "id/folic-acid", NKG + "TargetingLigand") in reasoned.inferred_types
    assert (NKG + "id/doxorubicin", NKG + "Payload") in reasoned.inferred_types
