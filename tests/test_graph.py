"""The curated instance graph: every fact of the review, traceable to a section and a verbatim
quote, with spot checks of facts a reader of the review can verify."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pyoxigraph import Literal, QuerySolutions, Store

from nanokg import prefixes
from nanokg.compile import CompiledGraph, compile_graph
from nanokg.store import load_memory_store
from tests.conftest import REPO, REPO_LAYOUT

PREFIXES = """
PREFIX nkg: <https://w3id.org/nanokg/>
PREFIX nkgid: <https://w3id.org/nanokg/id/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


@pytest.fixture(scope="module")
def compiled() -> CompiledGraph:
    return compile_graph(REPO_LAYOUT)


@pytest.fixture(scope="module")
def store(compiled: CompiledGraph) -> Store:
    return load_memory_store(compiled)


def select(store: Store, query: str) -> list[tuple[str, ...]]:
    """Rows of a SELECT as tuples of CURIEs (IRIs) or lexical values (literals)."""
    solutions = store.query(PREFIXES + query)
    assert isinstance(solutions, QuerySolutions)
    variables = solutions.variables
    return [
        tuple("" if row[v] is None else row[v].value if isinstance(row[v], Literal) else prefixes.compress(row[v].value)
              for v in variables)
        for row in solutions
    ]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def review_readings() -> tuple[str, ...]:
    """The review text read three ways at line-break hyphens: as extracted ("MGO- PEG"), joined
    keeping the hyphen ("non-Hodgkin") and joined dropping it ("nanomate-rial" → "nanomaterial")."""
    text = (REPO / "graph" / "source" / "review.txt").read_text(encoding="utf-8")
    return (normalise(text), normalise(re.sub(r"-\s*\n\s*", "-", text)),
            normalise(re.sub(r"-\s*\n\s*", "", text)))


def test_every_evidence_quote_is_verbatim_in_the_review(store: Store, review_readings: tuple[str, ...]) -> None:
    # Records curated from another paper quote that paper (graph/README.md), not the review.
    quotes = select(store, """
        SELECT ?record ?quote WHERE {
          ?record nkg:evidenceQuote ?quote .
          FILTER NOT EXISTS { ?record <http://www.w3.org/ns/prov#wasDerivedFrom> ?source
                              FILTER(?source != nkgid:review) }
        }""")
    assert len(quotes) > 600
    missing = [(record, quote) for record, quote in quotes
               if not any(normalise(quote) in reading for reading in review_readings)]
    assert missing == []


def test_every_formulation_has_carrier_cargo_section_source_and_evidence(store: Store) -> None:
    incomplete = select(store, """
        SELECT ?f WHERE {
          ?f a nkg:Formulation .
          FILTER (NOT EXISTS { ?f nkg:hasCarrier ?carrier }
               || NOT EXISTS { { ?f nkg:hasPayload ?cargo } UNION { ?f nkg:hasTherapy ?cargo } }
               || NOT EXISTS { ?f nkg:inReviewSection ?section }
               || NOT EXISTS { ?f nkg:reportedIn ?study }
               || NOT EXISTS { ?f nkg:evidenceQuote ?quote })
        }""")
    assert incomplete == []


def test_every_curated_record_is_derived_from_the_review(store: Store) -> None:
    orphans = select(store, """
        SELECT ?record WHERE {
          ?record a owl:NamedIndividual ; rdfs:label ?label .
          FILTER NOT EXISTS { ?record <http://www.w3.org/ns/prov#wasDerivedFrom> nkgid:review }
          FILTER NOT EXISTS { ?owner nkg:hasCarrier ?record }
          FILTER (?record != nkgid:review)
        }""")
    assert orphans == []


STUDIES = [
    "Ding et al. (2019)", "Yoshizaki et al. (2016)", "Matbou Riahi et al. (2018)", "Wang S. et al. (2020b)",
    "van Wamel et al. (2016)", "Jayaprakasha et al. (2016)", "Wu et al. (2013)", "Sonekar et al. (2016)",
    "Galliani et al. (2019)", "Saqib et al. (2020)", "Wang et al. (2017)", "Wu et al. (2018)",
    "Wang et al. (2018)", "Liu (2019)", "Yan et al. (2018)", "Wang K. et al. (2020a)", "Sun et al. (2015)",
    "Tomuleasa et al. (2012)", "Zhu et al. (2008)", "Simard et al. (2016)", "Li et al. (2017)",
    "Diaz-Diestra et al. (2018)", "Xiong et al. (2015)", "Kumar et al. (2017)", "Khodadadei et al. (2017)",
    "Liu et al. (2022)", "Zhou et al. (2020)", "Wu et al. (2020)", "Centelles et al. (2018)",
    "Shao et al. (2016)", "Lu et al. (2018)",
]


@pytest.mark.parametrize("citation", STUDIES)
def test_each_study_of_the_review_reports_a_formulation(store: Store, citation: str) -> None:
    rows = select(store, f"""
        SELECT ?f WHERE {{ ?f a nkg:Formulation ; nkg:reportedIn ?study .
                           ?study nkg:citationLabel "{citation}" }}""")
    assert rows, f"no formulation is reported in {citation}"


@pytest.mark.parametrize(("citation", "carrier_kind"), [
    ("Oh and Park (2011)", "core-shell"), ("Song et al. (2020)", "magnetic liposome"),
    ("de Smet et al. (2011)", "magnetic"), ("Zhao et al. (2018)", "MNP-Fe3O4"), ("Ding et al. (2021)", "MMN"),
])
def test_the_magnetic_carrier_kinds_of_2_2_3_are_cited(store: Store, citation: str, carrier_kind: str) -> None:
    rows = select(store, f"""
        SELECT ?record WHERE {{ ?record nkg:citesStudy ?study ; nkg:inReviewSection nkgid:section-2-2-3 .
                                ?study nkg:citationLabel "{citation}" }}""")
    assert rows, f"{carrier_kind}: nothing cites {citation}"


def outcome(store: Store, formulation: str, kind: str) -> list[tuple[str, ...]]:
    return select(store, f"""
        SELECT ?value ?unit WHERE {{ ?o nkg:isOutcomeOf nkgid:{formulation} ; a nkg:{kind} ;
                                        nkg:numericValue ?value . OPTIONAL {{ ?o nkg:hasUnit ?unit }} }}""")


def test_as2o3_liposomes_encapsulate_83_1_percent_and_inhibit_tumors_61_2_percent(store: Store) -> None:
    assert outcome(store, "as2o3-liposomes", "EncapsulationEfficiency") == [("83.1", "nkgid:percent")]
    assert outcome(store, "as2o3-liposomes", "TumorInhibitionRate") == [("61.2", "nkgid:percent")]
    assert outcome(store, "as2o3-liposomes", "CirculationTime") == [("2", "nkgid:fold-change")]


def test_celecoxib_liposomes_accumulate_three_fold_versus_free_celecoxib(store: Store) -> None:
    rows = select(store, """
        SELECT ?value ?unit ?direction ?comparator WHERE {
          ?o nkg:isOutcomeOf nkgid:clx-liposomes ; a nkg:TumorAccumulation ; nkg:numericValue ?value ;
             nkg:hasUnit ?unit ; nkg:direction ?direction ; nkg:comparedTo ?comparator }""")
    assert rows == [("3", "nkgid:fold-change", "increased", "nkgid:celecoxib")]


def test_five_gray_of_gamma_rays_trigger_the_l_cys_pamam_release(store: Store) -> None:
    rows = select(store, """
        SELECT ?value ?unit ?stimulus WHERE {
          nkgid:l-cys-pamam-dox nkg:hasExperimentalCondition ?dose ; nkg:respondsToStimulus ?stimulus .
          ?dose a nkg:RadiationDose ; nkg:numericValue ?value ; nkg:hasUnit ?unit .
          ?stimulus a nkg:GammaRadiation }""")
    assert rows == [("5", "nkgid:gray", "nkgid:gamma-radiation")]


def test_fa_peg_gem_nps_were_tested_on_a549_non_small_cell_lung_cancer_cells(store: Store) -> None:
    rows = select(store, """
        SELECT ?model ?cancer WHERE { nkgid:fa-peg-gem-nps nkg:evaluatedIn ?model .
                                      ?model a nkg:CellLine ; nkg:modelOf ?cancer }""")
    assert rows == [("nkgid:a549", "nkgid:non-small-cell-lung-cancer")]
    assert ("cellosaurus:0023",) in select(store, "SELECT ?id WHERE { nkgid:a549 skos:exactMatch ?id }")


def test_the_ha_hydrogel_targets_cd44_through_hyaluronic_acid(store: Store) -> None:
    rows = select(store, """
        SELECT ?ligand ?target WHERE { nkgid:ha-hydrogel-tpp-au-msn-dox nkg:hasTargetingLigand ?ligand .
                                       ?ligand nkg:bindsTarget ?target }""")
    assert ("nkgid:hyaluronic-acid", "nkgid:cd44") in rows


def test_inorganic_carriers_include_the_gold_nanorods(store: Store) -> None:
    rows = select(store, """
        SELECT DISTINCT ?f WHERE { ?f a nkg:Formulation ; nkg:hasCarrier ?c .
                                   ?c a/rdfs:subClassOf* nkg:InorganicNanocarrier ; a nkg:GoldNanorod }""")
    assert rows == [("nkgid:lv-tax-au-ag",)]


@pytest.mark.parametrize(("product", "indications"), [
    ("doxil", {"nkgid:ovarian-cancer", "nkgid:aids-associated-kaposi-sarcoma"}),
    ("abraxane", {"nkgid:breast-cancer", "nkgid:ovarian-cancer", "nkgid:non-small-cell-lung-cancer"}),
    ("adriamycin-liposomes", {"nkgid:ovarian-cancer", "nkgid:non-hodgkin-lymphoma", "nkgid:breast-cancer"}),
])
def test_approved_products_carry_the_indications_the_review_gives(store: Store, product: str,
                                                                  indications: set[str]) -> None:
    rows = {row[0] for row in select(store, f"SELECT ?c WHERE {{ nkgid:{product} nkg:hasIndication ?c }}")}
    assert indications <= rows


def test_all_approved_products_of_the_review_are_present(store: Store) -> None:
    rows = {row[0] for row in select(store, "SELECT ?label WHERE { ?p a nkg:ApprovedProduct ; rdfs:label ?label }")}
    assert rows == {"Doxil", "Caelyx", "Myocet", "DaunoXome", "DepoCyte", "Abraxane", "paclitaxel liposome",
                    "adriamycin liposomes", "MNP-Fe3O4"}


def test_the_targeted_drugs_and_key_genes_of_the_introduction(store: Store) -> None:
    drugs = {row[0] for row in select(store, "SELECT ?d WHERE { ?d a/rdfs:subClassOf* nkg:MolecularlyTargetedDrug }")}
    assert {"nkgid:bevacizumab", "nkgid:trastuzumab", "nkgid:cetuximab", "nkgid:pertuzumab",
            "nkgid:osimertinib", "nkgid:lenvatinib"} <= drugs
    genes = {row[0] for row in select(store, "SELECT ?g WHERE { ?g a nkg:Gene }")}
    assert {"nkgid:egfr", "nkgid:her2", "nkgid:kras", "nkgid:alk"} <= genes


def test_the_review_itself_is_the_root_publication(store: Store) -> None:
    rows = select(store, "SELECT ?doi ?year WHERE { nkgid:review a nkg:Review ; nkg:doi ?doi ; nkg:publicationYear ?year }")
    assert rows == [("10.3389/fbioe.2023.1240529", "2023")]


def test_the_four_open_challenges_are_numbered(store: Store) -> None:
    rows = select(store, """
        SELECT ?n WHERE { ?s a nkg:ChallengeStatement ; nkg:listPosition ?n ;
                              nkg:inReviewSection nkgid:section-3 } ORDER BY ?n""")
    assert [row[0] for row in rows] == ["1", "2", "3", "4"]


def test_epidemiology_figures_keep_their_values_and_sources(store: Store) -> None:
    rows = set(select(store, """
        SELECT ?value ?study WHERE { ?m a nkg:EpidemiologicalFigure ; nkg:numericValue ?value ;
                                        nkg:citesStudy ?study }"""))
    assert ("1918030", "nkgid:siegel-2022") in rows and ("609360", "nkgid:siegel-2022") in rows
    assert ("293.91", "nkgid:zheng-2022") in rows and ("186.46", "nkgid:zheng-2022") in rows


def test_the_polymeric_size_range_is_10_to_1000_nm(store: Store) -> None:
    rows = select(store, """
        SELECT ?min ?max ?unit WHERE { ?m a nkg:ParticleSizeRange ; nkg:minValue ?min ; nkg:maxValue ?max ;
                                          nkg:hasUnit ?unit ; nkg:aboutConcept nkg:PolymericNanocarrier }""")
    assert rows == [("10", "1000", "nkgid:nanometer")]


# Counts a lost (or duplicated) record changes: update them deliberately when curating.
EXPECTED_COUNTS = {
    "nkg:Formulation": 34, "nkg:ApprovedProduct": 9, "nkg:Study": 73, "nkg:CancerType": 24,
    "nkg:ReviewSection": 12, "nkg:CellLine": 3,
}


@pytest.mark.parametrize(("type_curie", "count"), EXPECTED_COUNTS.items())
def test_counts_per_type(store: Store, type_curie: str, count: int) -> None:
    rows = select(store, f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {type_curie} }}")
    assert rows == [(str(count),)]


def test_outcomes_and_statements_are_all_there(store: Store) -> None:
    outcomes = select(store, "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a/rdfs:subClassOf* nkg:OutcomeMeasurement }")
    statements = select(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a/rdfs:subClassOf* nkg:Statement }")
    assert (outcomes, statements) == ([("75",)], [("80",)])


def test_every_external_iri_matches_its_prefix_pattern_and_is_labelled_in_the_mapping_table(
        compiled: CompiledGraph) -> None:
    bioregistry = pytest.importorskip("bioregistry")
    problems = []
    for mapping_set in compiled.mapping_sets:
        for mapping in mapping_set.mappings:
            curie = prefixes.compress(mapping.object)
            prefix, _, local = curie.partition(":")
            pattern = bioregistry.get_pattern(prefix)
            if pattern and not re.match(pattern, local):
                problems.append(f"{curie} does not match {pattern}")
            if not mapping.row.get("object_label", "").strip():
                problems.append(f"{curie} has no object_label")
    assert problems == []


def test_no_mapping_comment_points_at_a_local_path() -> None:
    text = Path(REPO / "graph" / "mappings.sssom.tsv").read_text(encoding="utf-8")
    assert not re.search(r"(^|[\s(])/(work|tmp|home|root)/", text)
