"""The benchmark's own logic: how it classifies queries, caps slow engines and reads verdicts.

No timing is asserted here: the benchmark measures, the tests check what it does with measurements.
"""

from __future__ import annotations

import time

from rdflib.plugins.sparql import prepareQuery

from bench.run import JOIN_HEAVY_PATTERNS, _patterns, catalogue, verdicts
from bench.workers import timed_runs, without_order_by

PREFIXES = "PREFIX nkg: <https://w3id.org/nanokg/> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "


def patterns(where: str) -> int:
    return _patterns(prepareQuery(PREFIXES + f"SELECT * WHERE {{ {where} }}").algebra)


def test_joined_patterns_are_counted_and_optional_ones_are_not() -> None:
    assert patterns("?f nkg:hasPayload ?d ; nkg:hasCarrier ?c . ?c a ?t . ?t rdfs:subClassOf* nkg:Nanocarrier") == 4
    assert patterns("?f nkg:hasPayload ?d OPTIONAL { ?f nkg:hasCarrier ?c . ?c a ?t }") == 1
    assert patterns("?f nkg:hasCarrier/a ?t") == 2  # a sequence path joins its steps
    assert patterns("?f nkg:hasPayload ?d FILTER EXISTS { ?d a nkg:Drug }") == 2


def test_every_saved_query_is_classified() -> None:
    described = catalogue()
    assert len(described) >= 20
    assert all(entry["join_heavy"] == (entry["patterns"] >= JOIN_HEAVY_PATTERNS) for entry in described.values())
    assert described["carriers-with-drug-and-active-ligand"]["join_heavy"]
    assert not described["term-profile"]["join_heavy"]


def test_a_run_past_its_cap_is_stopped_and_reported_as_a_lower_bound() -> None:
    def slow() -> int:
        time.sleep(5)
        return 1

    started = time.perf_counter()
    result = timed_runs({"slow": slow, "fast": lambda: 7}, repeats=2, cap=0.2)
    assert time.perf_counter() - started < 4  # the sleeping run was interrupted, not waited for
    assert result["slow"] == {"timeout": 0.2, "rows": None}
    assert result["fast"]["rows"] == 7 and len(result["fast"]["times"]) == 2


def test_verdicts_name_the_missed_target_and_the_query_behind_it() -> None:
    def measured(nanokg: float, native: float) -> dict[str, object]:
        return {"nanokg": {"median": nanokg}, "bind": {"median": 0.0}, "native": {"median": native}}

    def in_memory(native: float, served: float) -> dict[str, object]:
        return {"memory": {"median": native}, "served": {"median": served}}

    one_million = {
        "size": "1m", "triples": 1_000_000,
        "build": {"median": 45.0, "peak_rss_mb": 1300.0},
        "engines": {
            "nanokg": {"process_rss_mb": 300.0, "queries": {"a": measured(0.20, 0.19), "b": measured(0.010, 0.009)}},
            "oxigraph_memory": {"queries": {"a": in_memory(0.05, 0.06), "b": in_memory(0.002, 0.0021)}},
        },
    }
    hundred_thousand = {
        "size": "100k", "triples": 100_000,
        "engines": {
            "nanokg": {"queries": {"a": measured(0.02, 0.02), "b": measured(0.001, 0.001)}},
            "oxigraph_memory": {"queries": {"a": in_memory(0.004, 0.005), "b": in_memory(0.0005, 0.0005)}},
            "rdflib": {"queries": {"a": {"median": 1.0}, "b": {"timeout": 10.0}}},
        },
    }
    queries = {"a": {"join_heavy": True, "patterns": 5}, "b": {"join_heavy": False, "patterns": 1}}
    cold = {"queries": {"a": {"median": 0.12}, "b": {"median": 0.3}}}
    lines = "\n".join(verdicts([one_million, hundred_thousand], cold, queries))
    assert "(on-disk store) within 1.5× of native pyoxigraph on the same store at 1M: worst 1.11× (b) — met" in lines
    assert "(on-disk store) within 1.5× of native pyoxigraph on an in-memory store at 1M: worst 5.00× (b) — MISSED" in lines
    assert "(in-memory store) within 1.5× of native pyoxigraph on an in-memory store at 1M: worst 1.20× (a) — met" in lines
    assert "at 100k, through `nanokg query run` (on-disk store): least 50.0× (a), reached by 0 of 1" in lines
    assert "at 100k, through `nanokg serve` (in-memory store): least 200.0× (a), reached by 1 of 1" in lines
    assert "build of 1M ≤ 60 s and ≤ 2048 MB: 45.0 s, 1300 MB — met" in lines
    assert "slowest query 0.300 s — MISSED" in lines


def test_the_sorting_profile_drops_only_an_order_that_does_not_change_the_rows() -> None:
    query = "SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x # sorted\n"
    assert without_order_by(query) == "SELECT ?x WHERE { ?x ?p ?o } "
    assert without_order_by("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 5") is None
    assert without_order_by("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x } }") is None
    assert without_order_by('SELECT ?x WHERE { ?x ?p "ORDER BY" }') is None
