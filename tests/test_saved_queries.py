"""Saved queries: the ``#+`` header, the catalogue folder, and located errors for bad files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib

from nanokg.build import build
from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.queries import Parameter, load_catalogue, load_saved_query, parse_saved_query

from .conftest import FIXTURES

MINI = DataLayout(FIXTURES / "mini")
Edit = Callable[[Path, str, str], None]

HEADER = """\
#+ summary: Carriers of a drug
#+ description: >-
#+   Every formulation that delivers the drug,
#+   with its carriers.
#+ question: Which nanocarriers deliver a given drug?
#+ tags:
#+   - carriers
#+   - drugs
#+ endpoint: https://example.org/sparql
#+ params:
#+   drug:
#+     type: iri
#+     class: nkg:ChemicalEntity
#+     description: the drug
#+     default: nkgid:doxorubicin
#+     example: gemcitabine
"""
BODY = """PREFIX nkg: <https://w3id.org/nanokg/>
SELECT ?drug ?formulation WHERE { ?formulation nkg:hasPayload ?drug }
"""


def parse(text: str) -> object:
    return parse_saved_query("q", text, "queries/q.rq")


def error_of(text: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        parse(text)
    return caught.value


def test_header_is_read_into_metadata_and_parameters() -> None:
    query = parse_saved_query("carriers", HEADER + BODY, "queries/carriers.rq")
    assert query.title == "Carriers of a drug"
    assert query.description == "Every formulation that delivers the drug, with its carriers."
    assert query.question == "Which nanocarriers deliver a given drug?"
    assert query.tags == ("carriers", "drugs")
    assert query.form == "SELECT"
    assert query.parameters == (Parameter(
        name="drug", type="iri", description="the drug", default="nkgid:doxorubicin",
        example="gemcitabine", within="nkg:ChemicalEntity"),)
    assert not query.parameters[0].required
    assert query.body == BODY


@pytest.mark.parametrize(("body", "form"), [
    ("ASK { ?s ?p ?o }", "ASK"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# describe the review\nDESCRIBE <https://w3id.org/nanokg/id/review>", "DESCRIBE"),
])
def test_query_form_is_recognised(body: str, form: str) -> None:
    text = "#+ summary: s\n#+ description: d\n#+ question: q?\n" + body
    assert parse_saved_query("q", text, "q.rq").form == form


def test_catalogue_is_the_rq_files_of_queries_folder_without_subfolders() -> None:
    catalogue = load_catalogue(MINI)
    assert sorted(catalogue) == ["carriers-of-drug", "describe-term", "is-delivered",
                                 "outcomes-above", "quotes-mentioning"]
    assert (MINI.queries_dir / "qc" / "orphan-violation.rq").is_file()  # ignored, not an error


def test_unknown_query_name_suggests_close_names() -> None:
    with pytest.raises(QueryError) as caught:
        load_saved_query(MINI, "carriers-of-drugs")
    assert "no saved query called 'carriers-of-drugs'" in caught.value.message
    assert "did you mean carriers-of-drug" in str(caught.value.hint)


@pytest.mark.parametrize(("text", "line", "message"), [
    (BODY, 1, "the query has no '#+' header"),
    (HEADER.replace("#+ question: Which nanocarriers deliver a given drug?\n", "") + BODY, None,
     "the header needs 'question:'"),
    (HEADER.replace("#+ tags:", "#+ tagz:") + BODY, 6, "unknown header key 'tagz'"),
    (HEADER.replace("#+     type: iri", "#+     type: uri") + BODY, 10, "parameter 'drug' has type 'uri'"),
    (HEADER.replace("#+     default: nkgid:doxorubicin", "#+     default: doxorubicin") + BODY, 10,
     "the default of an iri parameter must be a CURIE"),
    (HEADER.replace("#+   drug:", "#+   drug-name:") + BODY, 10, "is not a SPARQL variable name"),
    (HEADER.replace("#+     example: gemcitabine", "#+     exemple: gemcitabine") + BODY, 10,
     "parameter 'drug' has unknown keys: exemple"),
    (HEADER.replace("#+ question: Which", "#+ question: Q: which") + BODY, 5, "not valid YAML"),
])
def test_bad_headers_are_located(text: str, line: int | None, message: str) -> None:
    error = error_of(text)
    assert message in error.message
    assert error.path == "queries/q.rq"
    if line is not None:
        assert error.line == line


def test_grlc_parameter_decorators_are_refused_with_a_pointer_to_params() -> None:
    error = error_of(HEADER + "#+ defaults:\n#+   - drug: x\n" + BODY)
    assert error.message == "unknown header key 'defaults'"
    assert "under 'params:'" in str(error.hint)


def test_invalid_sparql_in_a_saved_query_is_located_in_the_file() -> None:
    error = error_of(HEADER + "SELECT ?drug WHERE {\n  ?f nkg:hasPayload ?drug .\n}\n")
    assert error.path == "queries/q.rq"
    assert (error.line, error.column) == (18, 6)
    assert error.message == "unknown prefix 'nkg:'"
    assert str(error.hint).startswith("declare it (PREFIX nkg: <namespace>)")


def test_parameter_missing_from_select_clause_is_refused() -> None:
    error = error_of(HEADER + "SELECT ?formulation WHERE { ?formulation ?p ?drug }\n")
    assert error.message == "parameter ?drug is not in the query's SELECT clause"
    assert "add ?drug to the SELECT line" in str(error.hint)


def test_non_utf8_query_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "queries").mkdir()
    (tmp_path / "queries" / "bad.rq").write_bytes(b"#+ summary: caf\xe9\n")
    with pytest.raises(QueryError, match="not UTF-8"):
        load_catalogue(DataLayout(tmp_path))


def test_the_release_publishes_the_catalogue(mini: DataLayout, tmp_path: Path) -> None:
    report_paths = build(mini, tmp_path / "dist").artefacts
    assert tmp_path / "dist" / "queries.ttl" in report_paths
    published = rdflib.Graph().parse(tmp_path / "dist" / "queries.ttl", format="turtle")
    executables = set(published.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#SPARQLExecutable")))
    assert {str(e).rsplit("/", 1)[1] for e in executables} == set(load_catalogue(mini))


def test_a_broken_saved_query_stops_the_build(mini: DataLayout, tmp_path: Path, edit: Edit) -> None:
    edit(mini.queries_dir / "outcomes-above.rq", "nkg:numericValue ?value .", "nkg:numericValue ?value ?extra .")
    with pytest.raises(QueryError) as caught:
        build(mini, tmp_path / "dist")
    assert caught.value.path == "queries/outcomes-above.rq"
    assert (caught.value.line, caught.value.column) == (13, 44)  # just after ?extra
    assert not (tmp_path / "dist").exists()
