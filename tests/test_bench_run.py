"""The benchmark's own logic: how it classifies queries, caps slow engines and reads verdicts.

No timing is asserted here: the benchmark measures, the tests check what it does with measurements.
"""

from __future__ import annotations

import time

from rdflib.plugins.sparql import prepareQuery

from bench.run import JOIN_HEAVY_PATTERNS, _patterns, catalogue, verdicts
from bench.workers import timed_runs

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
    def measured(nanokg: float, native: float, memory: float) -> dict[str, object]:
        return {"nanokg": {"median": nanokg}, "bind": {"median": 0.0}, "native": {"median": native}}

    one_million = {
        "size": "1m", "triples": 1_000_000,
        "build": {"median": 45.0, "peak_rss_mb": 1300.0},
        "engines": {
            "nanokg": {"process_rss_mb": 300.0, "queries": {"a": measured(0.20, 0.19, 0.05),
                                                            "b": measured(0.010, 0.009, 0.002)}},
            "oxigraph_memory": {"queries": {"a": {"median": 0.05}, "b": {"median": 0.002}}},
        },
    }
    queries = {"a": {"join_heavy": True, "patterns": 5}, "b": {"join_heavy": False, "patterns": 1}}
    cold = {"queries": {"a": {"median": 0.12}, "b": {"median": 0.3}}}
    lines = "\n".join(verdicts([one_million], cold, queries))
    assert "on the same store at 1M: worst 1.11× (b) — met" in lines
    assert "on an in-memory store at 1M: worst 5.00× (b) — MISSED" in lines
    assert "build of 1M ≤ 60 s and ≤ 2048 MB: 45.0 s, 1300 MB — met" in lines
    assert "slowest query 0.300 s — MISSED" in lines
