"""Binding saved-query parameters: labels, synonyms, CURIEs, IRIs, literals, and refusals."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from nanokg.engine import ENGINES, LocalGraph, Solutions, open_local
from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.queries import bind_parameters, load_saved_query, parse_assignments
from nanokg.vocab import XSD, nkgid

from .conftest import FIXTURES

MINI = DataLayout(FIXTURES / "mini")
Edit = Callable[[Path, str, str], None]


@pytest.fixture(scope="module", params=ENGINES)
def graph(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> LocalGraph:
    return open_local(MINI, request.param)


def bind(graph: LocalGraph, name: str, layout: DataLayout = MINI, **given: str) -> dict[str, object]:
    return bind_parameters(load_saved_query(layout, name), given, graph.engine, graph.terms)


def refusal(graph: LocalGraph, name: str, layout: DataLayout = MINI, **given: str) -> QueryError:
    with pytest.raises(QueryError) as caught:
        bind(graph, name, layout, **given)
    return caught.value


def rows(graph: LocalGraph, name: str, **given: str) -> list[tuple[str, ...]]:
    query = load_saved_query(MINI, name)
    result = graph.engine.run(query.sparql, bind_parameters(query, given, graph.engine, graph.terms))
    assert isinstance(result, Solutions)
    return [tuple(graph.terms.curie(t.value) if isinstance(t, NamedNode) else t.value for t in row)
            for row in result.rows]


@pytest.mark.parametrize("value", ["doxorubicin", "DOX", "Adriamycin", "nkgid:doxorubicin",
                                   "<https://w3id.org/nanokg/id/doxorubicin>",
                                   "https://w3id.org/nanokg/id/doxorubicin", " doxorubicin "])
def test_a_label_synonym_curie_or_iri_stands_for_the_term(graph: LocalGraph, value: str) -> None:
    assert bind(graph, "carriers-of-drug", drug=value) == {"drug": nkgid("doxorubicin")}


def test_the_default_is_used_when_no_value_is_given(graph: LocalGraph) -> None:
    assert bind(graph, "carriers-of-drug") == {"drug": nkgid("doxorubicin")}
    assert bind(graph, "outcomes-above") == {"threshold": Literal("50", datatype=XSD.decimal)}


def test_bound_parameters_select_the_rows(graph: LocalGraph) -> None:
    assert rows(graph, "carriers-of-drug", drug="GEM") == [
        ("nkgid:gemcitabine", "nkgid:gem-liposome", "nkgid:gem-liposome--liposome", "nkg:Liposome")]
    assert [row[1] for row in rows(graph, "outcomes-above", threshold="83.1")] == ["nkgid:dox-liposome-ee"]
    assert rows(graph, "outcomes-above", threshold="83.2") == []


def test_literals_are_typed_and_checked(graph: LocalGraph) -> None:
    assert bind(graph, "outcomes-above", threshold="-0.5") == {"threshold": Literal("-0.5", datatype=XSD.decimal)}
    error = refusal(graph, "outcomes-above", threshold="83,1")
    assert error.message == "parameter 'threshold' of outcomes-above: '83,1' is not a valid xsd:decimal"
    assert error.hint == "give a value of type xsd:decimal, e.g. 80.5"


def test_ambiguous_label_lists_the_candidates(mini: DataLayout, edit: Edit) -> None:
    edit(mini.graph_dir / "chemicals.tsv", "gemcitabine\tchemical entity\tGEM", "gemcitabine\tchemical entity\tGEM|Adriamycin")
    graph = open_local(mini)
    error = refusal(graph, "carriers-of-drug", mini, drug="adriamycin")
    assert error.message == ("parameter 'drug' of carriers-of-drug: 'adriamycin' is ambiguous: it names "
                             "nkgid:doxorubicin (doxorubicin); nkgid:gemcitabine (gemcitabine)")
    assert error.hint == "give the CURIE of the one you mean, e.g. --param drug=nkgid:doxorubicin"
    assert bind(graph, "carriers-of-drug", mini, drug="nkgid:gemcitabine") == {"drug": nkgid("gemcitabine")}


def test_unknown_label_suggests_close_matches(graph: LocalGraph) -> None:
    error = refusal(graph, "carriers-of-drug", drug="doxorubicn")
    assert error.message == ("parameter 'drug' of carriers-of-drug: 'doxorubicn' matches no label or "
                             "synonym of a chemical entity (or a kind of one)")
    assert error.hint == "check the spelling; close matches: nkgid:doxorubicin (doxorubicin)"


def test_unknown_curie_is_refused_with_close_matches(graph: LocalGraph) -> None:
    error = refusal(graph, "carriers-of-drug", drug="nkgid:gemcitabin")
    assert error.message.endswith("'nkgid:gemcitabin' is not a term of the graph")
    assert "close matches: nkgid:gemcitabine (gemcitabine)" in str(error.hint)


def test_unknown_prefix_is_named(graph: LocalGraph) -> None:
    error = refusal(graph, "carriers-of-drug", drug="chebl:28748")
    assert "'chebl:28748' has an unknown prefix 'chebl:'" in error.message
    assert "CHEBI" in str(error.hint) and "nkgid" in str(error.hint)


def test_a_term_outside_the_parameter_class_is_refused(graph: LocalGraph) -> None:
    by_label = refusal(graph, "carriers-of-drug", drug="lipid vesicle")
    assert by_label.message.endswith("'lipid vesicle' names nkg:Liposome (liposome), which is not a "
                                     "chemical entity (or a kind of one)")
    by_curie = refusal(graph, "carriers-of-drug", drug="nkg:Liposome")
    assert by_curie.message.endswith("nkg:Liposome (liposome) is not a chemical entity (or a kind of one)")


def test_a_parameter_without_class_takes_any_term(graph: LocalGraph) -> None:
    assert bind(graph, "describe-term", term="lipid vesicle") == {"term": NamedNode("https://w3id.org/nanokg/Liposome")}


def test_missing_and_unknown_parameters_are_refused(graph: LocalGraph) -> None:
    missing = refusal(graph, "quotes-mentioning")
    assert missing.message == "parameter 'text' of quotes-mentioning: no value given"
    assert missing.hint == "add --param text=doxorubicin"
    unknown = refusal(graph, "quotes-mentioning", txt="x")
    assert unknown.message == "quotes-mentioning has no parameter 'txt'"
    assert unknown.hint == "it takes: text"


@pytest.mark.parametrize("attack", [
    '" } ; DROP ALL ; #',
    "doxorubicin' || true || '",
    "x\")) } UNION { ?formulation ?p ?quote } #",
    "} ; DROP ALL",
])
def test_injection_attempts_are_plain_strings(graph: LocalGraph, attack: str) -> None:
    assert bind(graph, "quotes-mentioning", text=attack) == {"text": Literal(attack.strip())}
    assert rows(graph, "quotes-mentioning", text=attack) == []
    assert rows(graph, "quotes-mentioning", text="LOADED") == [
        ("LOADED", "nkgid:dox-liposome", "liposomes loaded with doxorubicin")]


@pytest.mark.parametrize("attack", ["<https://w3id.org/nanokg/id/x> } ; DROP ALL { <a:b>",
                                    "<http://a b>", '<http://x"y>'])
def test_iri_injection_attempts_are_refused(graph: LocalGraph, attack: str) -> None:
    error = refusal(graph, "carriers-of-drug", drug=attack)
    assert "is not a valid IRI" in error.message


def test_label_injection_attempts_match_nothing(graph: LocalGraph) -> None:
    error = refusal(graph, "carriers-of-drug", drug='doxorubicin" } ; DROP ALL ; #')
    assert "matches no label or synonym" in error.message


def test_assignments_are_name_equals_value() -> None:
    assert parse_assignments(["drug=doxorubicin", "text=a=b"]) == {"drug": "doxorubicin", "text": "a=b"}
    with pytest.raises(QueryError, match="is not a parameter assignment"):
        parse_assignments(["doxorubicin"])
    with pytest.raises(QueryError, match="is given twice"):
        parse_assignments(["drug=a", "drug=b"])
