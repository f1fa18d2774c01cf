"""HermiT reasoning through owlready2 (starts a JVM: a few seconds per test)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nanokg.compile import compile_graph
from nanokg.paths import DataLayout
from nanokg.reason import reason

Edit = Callable[[Path, str, str], None]
NKG = "https://w3id.org/nanokg/"


def test_a_consistent_ontology_has_no_unsatisfiable_class(mini: DataLayout) -> None:
    report = reason(compile_graph(mini).quads)
    assert report.ok and report.unsatisfiable == []


def test_a_disjointness_axiom_makes_a_class_unsatisfiable(mini: DataLayout, edit: Edit) -> None:
    edit(mini.ontology_dir / "nanokg.ttl", "nkg:Liposome a owl:Class ; rdfs:subClassOf nkg:Nanocarrier ;",
         "nkg:Liposome a owl:Class ; rdfs:subClassOf nkg:Nanocarrier , nkg:ChemicalEntity ;\n"
         "    owl:disjointWith nkg:Nanocarrier ;")
    report = reason(compile_graph(mini).ontology)
    assert report.consistent and report.unsatisfiable == [NKG + "Liposome"]


def test_an_individual_in_two_disjoint_classes_is_inconsistent(mini: DataLayout, edit: Edit) -> None:
    edit(mini.ontology_dir / "nanokg.ttl", "nkg:ChemicalEntity a owl:Class ;",
         "nkg:ChemicalEntity a owl:Class ; owl:disjointWith nkg:Nanocarrier ;")
    edit(mini.graph_dir / "chemicals.tsv", "LABEL\tTYPE\t", "LABEL\tTYPE SPLIT=|\t")
    edit(mini.graph_dir / "chemicals.tsv", "nkg:ChemicalEntity\tDOX", "nkg:ChemicalEntity|nkg:Liposome\tDOX")
    report = reason(compile_graph(mini).quads)
    assert not report.consistent and not report.ok


def test_types_entailed_by_a_domain_are_reported(mini: DataLayout, edit: Edit) -> None:
    edit(mini.graph_dir / "formulations.tsv", "DOX liposome\tnkg:Formulation", "DOX liposome\t")
    report = reason(compile_graph(mini).quads)
    # The record lost its asserted type, but it has a carrier, and hasCarrier's domain is Formulation.
    assert (NKG + "id/dox-liposome", NKG + "Formulation") in report.inferred_types
    assert (NKG + "id/gem-liposome", NKG + "Formulation") not in report.inferred_types  # asserted


def test_entailed_subclasses_are_reported(mini: DataLayout, edit: Edit) -> None:
    edit(mini.ontology_dir / "nanokg.ttl", "nkg:Outcome a owl:Class ;",
         "nkg:Outcome a owl:Class ; owl:equivalentClass [ a owl:Restriction ; "
         "owl:onProperty nkg:hasCarrier ; owl:someValuesFrom nkg:Nanocarrier ] ;")
    report = reason(compile_graph(mini).ontology)
    assert report.inferred_subclasses == [(NKG + "Outcome", NKG + "Formulation")]
