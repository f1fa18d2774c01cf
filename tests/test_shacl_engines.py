"""The fast SHACL engine gives the reference engine's (pySHACL's) results, constraint by constraint.

Each case is a small data graph and a shape exercising one SHACL feature with conforming and
violating nodes; both engines must return the same results: focus node, path, value, message,
severity, source shape and constraint component.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from nanokg.errors import ShapeError
from nanokg.sources import SourceFile
from nanokg.validation.fast_engine import UnsupportedShape
from nanokg.validation.shacl import ShapeResult, get_engine
from nanokg.validation.shapes import Shapes, load_shapes

PREFIXES = """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""

DATA = """
ex:Special rdfs:subClassOf ex:Thing .
ex:a a ex:Special ; ex:p 5 , 140 , "x" ; ex:year "2020"^^xsd:gYear , 2020 ; ex:q ex:b , ex:c ;
    ex:label "one"@en , "un"@fr , "une"@fr , "One"@EN-gb , "plain" ;
    ex:code "AB-12" , "ab-99" , "zz" ; ex:low 3 ; ex:high 2 ; ex:same ex:b ; ex:when "2021-05-01"^^xsd:date .
ex:b a ex:Thing , ex:Other ; ex:p 50.5 ; ex:q ex:a ; ex:label "b"@en ; ex:low 1 ; ex:high 2 ;
    ex:code "CD-34" ; ex:same ex:b ; ex:flag true .
ex:c ex:p "1.5"^^xsd:decimal , "12"^^xsd:integer ; ex:q _:blank ; ex:label "c" ; ex:flag "yes"^^xsd:boolean .
_:blank ex:p 1 .
ex:d a ex:Thing ; ex:next ex:e . ex:e ex:next ex:f . ex:f a ex:Other .
ex:g a ex:Shape .
"""

CASES = {
    "class": "sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:class ex:Thing ; sh:message 'q must be a thing' ]",
    "class on literals and blank nodes": "sh:targetNode ex:a , ex:c ; sh:property [ sh:path ex:p ; sh:class ex:Thing ; sh:message 'm' ]",
    "datatype decimal": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:datatype xsd:decimal ; sh:message 'decimal' ]",
    "datatype integer": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:datatype xsd:integer ; sh:message 'integer' ]",
    "datatype string": "sh:targetSubjectsOf ex:label ; sh:property [ sh:path ex:label ; sh:datatype xsd:string ; sh:message 's' ]",
    "datatype langString": "sh:targetSubjectsOf ex:label ; sh:property [ sh:path ex:label ; sh:datatype rdf:langString ; sh:message 'ls' ]",
    "datatype gYear": "sh:targetSubjectsOf ex:year ; sh:property [ sh:path ex:year ; sh:datatype xsd:gYear ; sh:message 'year' ]",
    "datatype boolean": "sh:targetSubjectsOf ex:flag ; sh:property [ sh:path ex:flag ; sh:datatype xsd:boolean ; sh:message 'b' ]",
    "datatype rdfs:Literal": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:datatype rdfs:Literal ; sh:message 'lit' ]",
    "nodeKind IRI": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:nodeKind sh:IRI ; sh:message 'iri' ]",
    "nodeKind BlankNodeOrLiteral": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:nodeKind sh:BlankNodeOrLiteral ; sh:message 'k' ]",
    "nodeKind of the focus node": "sh:targetObjectsOf ex:q ; sh:nodeKind sh:IRI ; sh:message 'focus must be an IRI'",
    "minInclusive": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minInclusive 5 ; sh:message 'at least 5' ]",
    "maxInclusive": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxInclusive 100 ; sh:message 'at most 100' ]",
    "minExclusive decimal": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minExclusive 1.5 ; sh:message 'over 1.5' ]",
    "maxExclusive": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxExclusive 50.5 ; sh:message 'under 50.5' ]",
    "maxInclusive string": "sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:maxInclusive 'B' ; sh:message 'sorts before B' ]",
    "minInclusive date": "sh:targetSubjectsOf ex:when ; sh:property [ sh:path ex:when ; sh:minInclusive '2022-01-01'^^xsd:date ; sh:message 'd' ]",
    "minLength": "sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:minLength 3 ; sh:message 'len' ]",
    "maxLength on IRIs": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:maxLength 20 ; sh:message 'len' ]",
    "pattern": "sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:pattern '^[A-Z]{2}-\\\\d+$' ; sh:message 'code' ]",
    "pattern with flags": "sh:targetSubjectsOf ex:code ; sh:property [ sh:path ex:code ; sh:pattern '^[a-z]{2}-[0-9]+$' ; sh:flags 'i' ; sh:message 'code' ]",
    "pattern on IRIs and blank nodes": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:pattern '/[ab]$' ; sh:message 'p' ]",
    "languageIn": "sh:targetSubjectsOf ex:label ; sh:property [ sh:path ex:label ; sh:languageIn ( 'en' ) ; sh:message 'english' ]",
    "uniqueLang": "sh:targetSubjectsOf ex:label ; sh:property [ sh:path ex:label ; sh:uniqueLang true ; sh:message 'one per language' ]",
    "hasValue": "sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:q ; sh:hasValue ex:a ; sh:message 'must link to a' ]",
    "hasValue on the focus node": "sh:targetSubjectsOf ex:label ; sh:hasValue ex:b ; sh:message 'must be b'",
    "in": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:in ( 5 50.5 'x' ) ; sh:message 'listed' ]",
    "in on the focus node": "sh:targetClass ex:Thing ; sh:in ( ex:a ex:b ) ; sh:message 'a or b'",
    "minCount": "sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:minCount 2 ; sh:message 'two qs' ]",
    "maxCount": "sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:message 'one p' ]",
    "equals": "sh:targetSubjectsOf ex:same ; sh:property [ sh:path ex:q ; sh:equals ex:same ; sh:message 'eq' ]",
    "disjoint": "sh:targetSubjectsOf ex:same ; sh:property [ sh:path ex:q ; sh:disjoint ex:same ; sh:message 'dj' ]",
    "lessThan": "sh:targetSubjectsOf ex:low ; sh:property [ sh:path ex:low ; sh:lessThan ex:high ; sh:message 'lt' ]",
    "lessThanOrEquals": "sh:targetSubjectsOf ex:low ; sh:property [ sh:path ex:low ; sh:lessThanOrEquals ex:high ; sh:message 'le' ]",
    "inverse path": "sh:targetClass ex:Thing ; sh:property [ sh:path [ sh:inversePath ex:q ] ; sh:minCount 1 ; sh:message 'inv' ]",
    "sequence path": "sh:targetNode ex:d ; sh:property [ sh:path ( ex:next ex:next ) ; sh:class ex:Thing ; sh:message 'seq' ]",
    "alternative path": "sh:targetNode ex:a , ex:c ; sh:property [ sh:path [ sh:alternativePath ( ex:q ex:same ) ] ; sh:maxCount 1 ; sh:message 'alt' ]",
    "zeroOrMore path": "sh:targetNode ex:d ; sh:property [ sh:path [ sh:zeroOrMorePath ex:next ] ; sh:class ex:Other ; sh:message 'zom' ]",
    "oneOrMore path": "sh:targetNode ex:d ; sh:property [ sh:path [ sh:oneOrMorePath ex:next ] ; sh:class ex:Other ; sh:message 'oom' ]",
    "zeroOrOne path": "sh:targetNode ex:d ; sh:property [ sh:path [ sh:zeroOrOnePath ex:next ] ; sh:class ex:Thing ; sh:message 'zoo' ]",
    "targetNode absent from the data": "sh:targetNode ex:nowhere ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message 'needs p' ]",
    "overlapping targets": "sh:targetClass ex:Thing ; sh:targetSubjectsOf ex:q ; sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:message 'one' ]",
    "implicit class target": "a rdfs:Class ; sh:property [ sh:path ex:q ; sh:minCount 1 ; sh:message 'implicit' ]",
    "severity and languages": "sh:targetClass ex:Thing ; sh:severity sh:Warning ; sh:message 'no'@en , 'nein'@de ; sh:in ( ex:b )",
    "info severity on a property shape": "sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:severity sh:Info ; sh:datatype xsd:integer ; sh:message 'int' ]",
    "deactivated": "sh:targetClass ex:Thing ; sh:deactivated true ; sh:property [ sh:path ex:p ; sh:minCount 9 ; sh:message 'off' ]",
    "sparql with value": """sh:targetSubjectsOf ex:p ; sh:sparql [ sh:message "{$this} has {?value}" ;
        sh:select "SELECT $this ?value WHERE { $this <http://example.org/p> ?value . FILTER(isNumeric(?value) && ?value > 10) }" ]""",
    "sparql with path and extra variables": """sh:targetClass ex:Thing ; sh:sparql [ sh:message "{?value} via {?path}, count {?n}" ;
        sh:select "SELECT $this ?path ?value (1 AS ?n) WHERE { $this ?path ?value . FILTER(?path = <http://example.org/q>) }" ]""",
    "sparql on a node shape without value": """sh:targetClass ex:Thing ; sh:message "{?value} is bad" ; sh:sparql [
        sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this <http://example.org/low> ?x } }" ]""",
    "sparql failure": """sh:targetClass ex:Thing ; sh:sparql [ sh:message "failed for {$this}" ;
        sh:select "SELECT $this ?failure WHERE { $this <http://example.org/q> ?x . BIND(true AS ?failure) }" ]""",
    "sparql not projecting this": """sh:targetClass ex:Thing ; sh:sparql [ sh:message "m" ;
        sh:select "SELECT ?value WHERE { $this <http://example.org/q> ?value . }" ]""",
    "sparql with prefixes": """sh:targetClass ex:Thing ; sh:sparql [ sh:message "bad {?value}" ; sh:prefixes ex:prefixes ;
        sh:select "SELECT $this ?value WHERE { $this ex:p ?value . FILTER(?value < 10) }" ] .
        ex:prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ]""",
    "sparql in a property shape with $PATH": """sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:message "{?value}" ;
        sh:sparql [ sh:select "SELECT $this ?value WHERE { $this $PATH ?value . FILTER NOT EXISTS { ?value a <http://example.org/Other> } }" ] ]""",
}


def load(tmp_path: Path, shape: str) -> Shapes:
    path = tmp_path / "shapes.ttl"
    path.write_text(f"{PREFIXES}\nex:Shape a sh:NodeShape ; {shape} .\n", encoding="utf-8")
    return load_shapes([SourceFile("ontology/shapes/shapes.ttl", path, "shapes")])


def store(data: str = DATA) -> ox.Store:
    result = ox.Store()
    result.load((PREFIXES + data).encode(), ox.RdfFormat.TURTLE)
    return result


def _comparable(term: object) -> object:
    # pySHACL copies blank nodes into its report under new labels; any blank node is "a blank node".
    return ox.BlankNode("blank") if isinstance(term, ox.BlankNode) else term


def results(engine: str, shapes: Shapes, data: ox.Store) -> list[ShapeResult]:
    found = [replace(r, focus=_comparable(r.focus), value=_comparable(r.value))
             for r in get_engine(engine).validate(shapes, data)]
    return sorted(found, key=ShapeResult.sort_key)


@pytest.mark.parametrize("case", list(CASES))
def test_both_engines_give_the_same_results(tmp_path: Path, case: str) -> None:
    shapes, data = load(tmp_path, CASES[case]), store()
    reference = results("pyshacl", shapes, data)
    assert results("fast", shapes, data) == reference


def test_the_cases_find_violations(tmp_path: Path) -> None:
    """Equal results prove little if they are all empty: nearly every case must find something."""
    conforming = [case for case in CASES if not results("pyshacl", load(tmp_path, CASES[case]), store())]
    assert conforming == ["deactivated"]


def test_messages_substitute_sparql_variables(tmp_path: Path) -> None:
    found = results("fast", load(tmp_path, CASES["sparql with path and extra variables"]), store())
    assert {r.messages for r in found} == {
        ("http://example.org/b via http://example.org/q, count 1",),
        ("http://example.org/a via http://example.org/q, count 1",),
        ("http://example.org/c via http://example.org/q, count 1",),
    }


@pytest.mark.parametrize(("shape", "data"), [
    ("sh:property [ sh:path ex:p ; sh:maxInclusive 100 ; sh:message 'm' ]", 'ex:z ex:p "abc"^^xsd:decimal .'),
    ("sh:property [ sh:path ex:p ; sh:maxInclusive 100 ; sh:message 'm' ]", 'ex:z ex:p "2020"^^xsd:gYear .'),
    ("sh:property [ sh:path ex:p ; sh:datatype xsd:gYear ; sh:message 'm' ]", 'ex:z ex:p "20x"^^xsd:gYear .'),
])
def test_where_pyshacl_departs_from_shacl_the_fast_engine_follows_the_specification(
        tmp_path: Path, shape: str, data: str) -> None:
    """An ill-typed literal, or one that does not compare with the bound, violates (SHACL 4.3, 4.2.2);
    pySHACL lets these pass. The template compiler already refuses such literals in curated data."""
    shapes, graph = load(tmp_path, "sh:targetSubjectsOf ex:p ; " + shape), store(data)
    assert [r.focus for r in results("fast", shapes, graph)] == [ox.NamedNode("http://example.org/z")]
    assert results("pyshacl", shapes, graph) == []


@pytest.mark.parametrize(("shape", "feature"), [
    ("sh:targetClass ex:Thing ; sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) ; sh:message 'm'", "sh:or"),
    ("sh:targetClass ex:Thing ; sh:node ex:Other ; sh:message 'm'", "sh:node"),
    ("sh:targetClass ex:Thing ; sh:closed true ; sh:message 'm'", "sh:closed"),
    ("sh:targetClass ex:Thing ; sh:property [ sh:path ex:q ; sh:qualifiedValueShape [ sh:class ex:A ] ; "
     "sh:qualifiedMinCount 1 ; sh:message 'm' ]", "sh:qualifiedValueShape"),
    ("sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:pattern '(?=a)b' ; sh:message 'm' ]",
     "the regular expression (?=a)b"),
])
def test_unsupported_features_fail_loudly(tmp_path: Path, shape: str, feature: str) -> None:
    expected = rf"^ontology/shapes/shapes.ttl:8: the fast SHACL engine cannot evaluate {re.escape(feature)} \(shape "
    with pytest.raises(UnsupportedShape, match=expected):
        results("fast", load(tmp_path, shape), store())


@pytest.mark.parametrize(("shape", "message"), [
    ("sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCont 1 ; sh:message 'm' ]",
     "unknown SHACL term sh:minCont in shape http://example.org/Shape http://example.org/p\n  fix: check the spelling"),
    ("sh:targetClass ex:Thing ; sh:property [ sh:path ex:p ; sh:minCount 1 ]",
     "shape http://example.org/Shape http://example.org/p has no sh:message\n  fix: add sh:message"),
])
def test_shapes_that_would_fail_silently_are_refused(tmp_path: Path, shape: str, message: str) -> None:
    """A mistyped term or a missing message: every SHACL engine would ignore the first and say
    nothing useful about the second."""
    with pytest.raises(ShapeError) as raised:
        load(tmp_path, shape)
    assert str(raised.value).startswith(f"ontology/shapes/shapes.ttl:8: {message}")
