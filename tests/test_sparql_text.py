"""Parameters written into query text for remote endpoints, checked against SEP-0007 substitution."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, RdfFormat, Store, Variable

from nanokg.errors import QueryError
from nanokg.sparql_text import inline_parameters, missing_form, query_form, tokens, undeclared_prefix

NKG = "https://w3id.org/nanokg/"
XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize("text, form", [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("PREFIX select: <urn:x:> construct { ?s select:ask ?o } WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("# SELECT in a comment\nDESCRIBE <urn:x:a>", "DESCRIBE"),
    ("BASE <http://example.org/select/> ask {}", "ASK"),
    ("INSERT DATA { <urn:a> <urn:b> 'SELECT' }", None),
])
def test_query_form_is_the_first_form_keyword(text: str, form: str | None) -> None:
    assert query_form(text) == form


def test_tokens_give_the_text_back() -> None:
    text = 'SELECT ?x WHERE { ?x <urn:p#a> """long "quoted" ?x""" ; ex:p \'a\'@en-GB . FILTER(?x<?y) } # ?x'
    assert "".join(token.text for token in tokens(text)) == text
    assert [t.text for t in tokens(text) if t.kind == "var"] == ["?x", "?x", "?x", "?y"]


def test_values_replace_variables_only_outside_strings_iris_and_comments() -> None:
    query = ('SELECT ?f ?drug WHERE {\n  ?f <urn:p?drug> ?drug ; <urn:q> "?drug" . # ?drug\n'
             '  FILTER(STR(?drug) != "")\n} ORDER BY DESC(?drug) ?f')
    text = inline_parameters(query, {"drug": NamedNode(NKG + "id/doxorubicin")})
    iri = f"<{NKG}id/doxorubicin>"
    assert text == (f'SELECT ?f ({iri} AS ?drug) WHERE {{\n  ?f <urn:p?drug> {iri} ; <urn:q> "?drug" . # ?drug\n'
                    f'  FILTER(STR({iri}) != "")\n}} ORDER BY DESC({iri}) ?f')


def test_a_value_cannot_change_the_query() -> None:
    hostile = Literal('x" } ; DROP ALL ; SELECT * { "')
    text = inline_parameters("SELECT ?name WHERE { ?s <urn:p> ?name }", {"name": hostile})
    assert [t.kind for t in tokens(text)].count("string") == 2
    assert text.count("DROP ALL") == 2 and 'x\\" }' in text
    with pytest.raises(ValueError):
        NamedNode("urn:x> } DROP ALL { <urn:y")


def test_blank_nodes_and_select_star_are_refused() -> None:
    with pytest.raises(QueryError, match="IRI or a literal"):
        inline_parameters("SELECT ?x { ?x ?p ?o }", {"x": BlankNode("b")})
    with pytest.raises(QueryError, match="SELECT \\*"):
        inline_parameters("SELECT * { ?x ?p ?o }", {"x": NamedNode("urn:a")})


QUERIES = {
    "pattern and projection": "SELECT ?s ?label WHERE { ?s <urn:label> ?label } ORDER BY ?s",
    "filter on a literal never bound by a pattern": (
        "SELECT ?s ?min WHERE { ?s <urn:value> ?v FILTER(?v >= ?min) } ORDER BY ?s"),
    "grouped parameter": (
        "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type"),
    "subquery": (
        "SELECT ?s ?type WHERE { { SELECT ?s ?type WHERE { ?s a ?type } } ?s <urn:value> ?v } ORDER BY ?s"),
    "subquery using the parameter in an expression": (
        "SELECT ?s ?type ?t WHERE { { SELECT ?s (STR(?type) AS ?t) WHERE { ?s a ?type } } } ORDER BY ?s"),
    # A subquery inside FILTER EXISTS or MINUS brings nothing into the outer scope, so the outer
    # projection must still carry the value.
    "subquery projecting the parameter inside FILTER EXISTS": (
        "SELECT ?type ?s WHERE { ?s <urn:value> ?v "
        "FILTER EXISTS { { SELECT ?s ?type WHERE { ?s a ?type } } } } ORDER BY ?s"),
    "subquery projecting the parameter inside MINUS": (
        "SELECT ?type ?s WHERE { ?s <urn:value> ?v "
        "MINUS { { SELECT ?s ?type WHERE { ?s a ?type FILTER(?type != <urn:Carrier>) } } } } ORDER BY ?s"),
    "subquery projecting the parameter inside OPTIONAL": (
        "SELECT ?type ?s WHERE { ?s <urn:value> ?v OPTIONAL { { SELECT ?s ?type WHERE { ?s a ?type } } } } "
        "ORDER BY ?s"),
}
BINDINGS = {
    "pattern and projection": {"label": Literal("gold", language="en")},
    "filter on a literal never bound by a pattern": {"min": Literal("2.5", datatype=NamedNode(XSD + "decimal"))},
    "grouped parameter": {"type": NamedNode("urn:Carrier")},
    "subquery": {"type": NamedNode("urn:Carrier")},
    "subquery using the parameter in an expression": {"type": NamedNode("urn:Carrier")},
    "subquery projecting the parameter inside FILTER EXISTS": {"type": NamedNode("urn:Carrier")},
    "subquery projecting the parameter inside MINUS": {"type": NamedNode("urn:Drug")},
    "subquery projecting the parameter inside OPTIONAL": {"type": NamedNode("urn:Carrier")},
}


@pytest.fixture(scope="module")
def store() -> Store:
    data = """
        <urn:a> a <urn:Carrier> ; <urn:label> "gold"@en ; <urn:value> 3.0 .
        <urn:b> a <urn:Carrier> ; <urn:label> "silver"@en ; <urn:value> 1.5 .
        <urn:c> a <urn:Drug> ; <urn:label> "gold"@en ; <urn:value> 2.5 .
    """
    store = Store()
    store.load(data.encode(), RdfFormat.TURTLE)
    return store


def rows(answer: object) -> list[tuple[str, ...]]:
    assert isinstance(answer, QuerySolutions)
    names = [v.value for v in answer.variables]
    return [tuple(str(solution[name]) for name in names) for solution in answer]


@pytest.mark.parametrize("case", list(QUERIES))
def test_inlined_query_answers_like_the_substitution(store: Store, case: str) -> None:
    query, bindings = QUERIES[case], BINDINGS[case]
    substituted = rows(store.query(query, substitutions={Variable(k): v for k, v in bindings.items()}))
    inlined = rows(store.query(inline_parameters(query, bindings)))
    assert substituted, "the case must have an answer to compare"
    assert inlined == substituted


def test_an_undeclared_prefix_is_found_with_its_place() -> None:
    assert undeclared_prefix("SELECT ?x WHERE { ?x a foo:Bar }") == ("foo", 1, 24)
    text = "PREFIX foo: <urn:x>\nSELECT ?x WHERE {\n  ?x a foo:Bar ; bar:baz _:b }"
    assert undeclared_prefix(text) == ("bar", 3, 18)
    assert undeclared_prefix("SELECT ?x WHERE { ?x a nkg:Bar }", {"nkg"}) is None
    assert undeclared_prefix('SELECT ?x WHERE { ?x ?p "foo:bar" } # baz:qux') is None
    assert undeclared_prefix("SELECT ?x WHERE { ?x a :Bar }") == ("", 1, 24)


def test_a_query_without_its_form_is_found_with_the_word_in_its_place() -> None:
    assert missing_form("SELEC ?x WHERE { ?x ?p ?o }") == ("SELEC", 1, 1)
    assert missing_form("# a comment\nPREFIX ex: <urn:ex:>\nBASE <urn:b>\n  INSERT DATA {}") == ("INSERT", 4, 3)
    assert missing_form("PREFIX ex: <urn:ex:> ask { ?s ?p ?o }") is None
    assert missing_form("") is None
