"""The saved-query catalogue on the shipped graph: answers checked against the review."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from pyoxigraph import NamedNode

from nanokg.catalogue import catalogue_markdown, catalogue_triples
from nanokg.cli import main
from nanokg.engine import LocalGraph, Solutions, open_local
from nanokg.queries import SavedQuery, bind_parameters, load_catalogue
from nanokg.vocab import nkg, nkgid

from .answers import EXPECTED, answer_rows, to_tsv
from .conftest import REPO, REPO_LAYOUT

CATALOGUE = load_catalogue(REPO_LAYOUT)
NAMES = sorted(CATALOGUE)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = rdflib.Namespace("https://schema.org/")


@pytest.fixture(scope="module")
def graph() -> LocalGraph:
    return open_local(REPO_LAYOUT)


@pytest.fixture(scope="module")
def reference() -> LocalGraph:
    return open_local(REPO_LAYOUT, "rdflib")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_catalogue_answers_the_review_questions() -> None:
    assert len(CATALOGUE) >= 20
    assert {"carriers-of-drug", "drugs-by-carrier-class", "formulations-by-targeting-mechanism",
            "ligand-receptor-pairs", "stimulus-responsive-systems", "combination-therapies",
            "outcomes-by-carrier-class", "outcomes-by-drug", "approved-products", "targeted-drugs",
            "studies-by-cancer-type", "experimental-models", "evidence", "study-of-formulation",
            "formulations-per-carrier-category", "formulations-per-therapy", "external-mappings",
            "unmapped-terms", "carriers-with-drug-and-active-ligand",
            "studies-combining-therapies"} <= set(CATALOGUE)
    assert "qc" not in {query.path.split("/")[1] for query in CATALOGUE.values()}


@pytest.mark.parametrize("name", NAMES)
def test_every_saved_query_gives_its_expected_answer(name: str, graph: LocalGraph) -> None:
    expected = (EXPECTED / f"{name}.tsv").read_text(encoding="utf-8").splitlines()
    answer = to_tsv(answer_rows(CATALOGUE[name], graph)).splitlines()
    assert answer == expected, (
        f"{name} no longer gives tests/expected/{name}.tsv. If the data changed on purpose, check the "
        f"new answer against the review (python -m tests.answers {name}), then record it "
        f"(python -m tests.answers --write {name}) and regenerate docs/queries.md")


@pytest.mark.parametrize("name", NAMES)
def test_rdflib_gives_the_same_rows_as_oxigraph(name: str, graph: LocalGraph, reference: LocalGraph) -> None:
    query = CATALOGUE[name]
    bindings = bind_parameters(query, {}, graph.engine, graph.terms)
    ours, theirs = graph.engine.run(query.sparql, bindings), reference.engine.run(query.sparql, bindings)
    assert isinstance(ours, Solutions) and isinstance(theirs, Solutions)
    assert ours.variables == theirs.variables
    assert sorted(map(str, ours.rows)) == sorted(map(str, theirs.rows))


@pytest.mark.parametrize("name", [n for n in NAMES if CATALOGUE[n].parameters])
def test_documented_examples_bind_and_answer(name: str, graph: LocalGraph) -> None:
    query: SavedQuery = CATALOGUE[name]
    examples = {p.name: p.example for p in query.parameters if p.example is not None}
    assert examples, f"{name} documents no example value"
    result = graph.engine.run(query.sparql, bind_parameters(query, examples, graph.engine, graph.terms))
    assert isinstance(result, Solutions) and result.rows


def rows(graph: LocalGraph, name: str, **given: str) -> list[tuple[str, ...]]:
    query = CATALOGUE[name]
    result = graph.engine.run(query.sparql, bind_parameters(query, given, graph.engine, graph.terms))
    assert isinstance(result, Solutions)
    return [tuple(graph.terms.curie(t.value) if isinstance(t, NamedNode) else "" if t is None else t.value
                  for t in row) for row in result.rows]


def test_asking_for_inorganic_carriers_finds_gold_nanorods(graph: LocalGraph) -> None:
    found = rows(graph, "drugs-by-carrier-class", carrier_class="inorganic nanocarrier")
    assert ("nkg:InorganicNanocarrier", "nkgid:paclitaxel", "nkgid:lv-tax-au-ag", "nkg:GoldNanorod") in found


def test_review_facts_are_answered(graph: LocalGraph) -> None:
    # FA-PEG-GEM-NPs were tested on A549 cells (section 2.1.3)
    assert ("nkg:ExperimentalModel", "nkgid:a549", "nkg:CellLine", "nkgid:non-small-cell-lung-cancer",
            "nkgid:fa-peg-gem-nps") in rows(graph, "experimental-models")
    # the As2O3 liposomes reached 83.1 % encapsulation (section 2.1.1)
    assert ("nkgid:arsenic-trioxide", "nkgid:as2o3-liposomes", "nkg:EncapsulationEfficiency", "83.1", "", "",
            "nkgid:percent", "", "", "") in rows(graph, "outcomes-by-drug", drug="As2O3")
    # the HA hydrogel targets CD44 through hyaluronic acid (section 2.2.2)
    assert ("nkgid:hyaluronic-acid", "nkgid:cd44", "nkgid:ha-hydrogel-tpp-au-msn-dox",
            "nkg:GoldMesoporousSilicaCoreShellNanoparticle") in rows(graph, "ligand-receptor-pairs")


def test_a_label_shared_by_a_class_and_its_member_means_the_member(graph: LocalGraph) -> None:
    query = CATALOGUE["studies-combining-therapies"]
    bound = bind_parameters(query, {"first": "chemotherapy", "second": "nkg:Immunotherapy"}, graph.engine, graph.terms)
    assert bound == {"first": nkgid("chemotherapy"), "second": nkg("Immunotherapy")}
    assert [row[2:4] for row in rows(graph, "studies-combining-therapies", second="nkg:Immunotherapy")] == [
        ("nkgid:wang-2018", "nkgid:apdl1-gem-nanogel")]


def test_a_slug_stands_for_its_individual(graph: LocalGraph) -> None:
    assert rows(graph, "study-of-formulation", nanomedicine="as2o3-liposomes")[0][:2] == (
        "nkgid:as2o3-liposomes", "nkgid:wang-s-2020b")


def test_one_command_gives_a_labelled_table() -> None:
    code, out, err = run("query", "run", "carriers-of-drug", "--param", "drug=doxorubicin")
    assert code == 0, err
    assert out.startswith("drug = nkgid:doxorubicin (doxorubicin)\n")
    assert "nkgid:doxil (Doxil)" in out and "nkg:GoldNanoparticle (gold nanoparticle)" in out
    assert out.endswith("16 rows\n")


def test_the_catalogue_is_published_as_shacl_executables() -> None:
    code, out, _ = run("query", "export", "--target", "https://example.org/sparql")
    assert code == 0
    catalogue = rdflib.Graph().parse(data=out, format="turtle")
    executables = set(catalogue.subjects(rdflib.RDF.type, SH.SPARQLExecutable))
    assert len(executables) == len(CATALOGUE)
    carriers = rdflib.URIRef("https://w3id.org/nanokg/queries/carriers-of-drug")
    assert carriers in executables
    assert (carriers, rdflib.RDF.type, SH.SPARQLSelectExecutable) in catalogue
    assert str(catalogue.value(carriers, rdflib.RDFS.comment)).startswith(
        "Which nanocarriers deliver doxorubicin, and in which studies or products?")
    assert catalogue.value(carriers, SH.select).startswith("PREFIX rdf:")
    assert {str(k) for k in catalogue.objects(carriers, SCHEMA.keywords)} == {"carriers", "drugs"}
    assert catalogue.value(carriers, SCHEMA.target) == rdflib.URIRef("https://example.org/sparql")
    parameter = catalogue.value(carriers, SH.parameter)
    assert catalogue.value(parameter, SH["class"]) == rdflib.URIRef("https://w3id.org/nanokg/ChemicalEntity")
    assert catalogue.value(parameter, SH.defaultValue) == rdflib.URIRef("https://w3id.org/nanokg/id/doxorubicin")


def test_catalogue_triples_are_one_executable_per_query() -> None:
    subjects = {t.subject for t in catalogue_triples(CATALOGUE.values()) if "--" not in t.subject.value}
    assert len(subjects) == len(CATALOGUE)


def test_generated_documentation_is_up_to_date(graph: LocalGraph) -> None:
    page = catalogue_markdown(CATALOGUE.values(), graph)
    committed = (REPO / "docs" / "queries.md").read_text(encoding="utf-8")
    assert page == committed, "docs/queries.md is stale: run `nanokg query docs --output docs/queries.md`"


def test_docs_check_reports_staleness(tmp_path: Path) -> None:
    assert run("query", "docs", "--check", "--output", str(REPO / "docs" / "queries.md"))[0] == 0
    stale = tmp_path / "queries.md"
    stale.write_text("old\n")
    code, _, err = run("query", "docs", "--check", "--output", str(stale))
    assert code == 1
    assert "is out of date" in err and "nanokg query docs --output" in err


def readme_commands() -> list[list[str]]:
    """The ``nanokg`` commands of the README's Querying section, as argument lists."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying", 1)[1].split("\n## ", 1)[0]
    commands, pending = [], ""
    for block in section.split("```bash\n")[1:]:
        for line in block.split("```", 1)[0].splitlines():
            pending += line + "\n"
            try:
                words = shlex.split(pending, comments=True)
            except ValueError:  # an open quote: the command continues on the next line
                continue
            if words:
                commands.append(words)
            pending = ""
    return commands


def test_readme_querying_examples_work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    commands = readme_commands()
    assert len(commands) >= 8
    monkeypatch.chdir(tmp_path)
    (tmp_path / "my-query.rq").write_text("SELECT ?drug WHERE { ?f nkg:hasPayload ?drug } LIMIT 1")
    for words in commands:
        assert words[0] == "nanokg"
        code, _, err = run(*words[1:])
        assert code == 0, f"{shlex.join(words)}: {err}"
    assert (tmp_path / "as2o3.csv").read_text().startswith("drug,drug_label,formulation,")


def test_the_format_guide_shows_a_real_query_file_whole() -> None:
    guide = (REPO / "queries" / "README.md").read_text(encoding="utf-8")
    shown = guide.split("```sparql\n", 1)[1].split("```", 1)[0]
    assert shown == (REPO / "queries" / "carriers-of-drug.rq").read_text(encoding="utf-8")
