"""The benchmark's synthetic graph generator: deterministic, compiles and builds, sized as asked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import QuerySolutions, Store

from bench.generate import (
    expected_triples,
    formulations_for,
    generate,
    generate_tables,
    main,
    parse_size,
    write_sources,
)
from nanokg.build import build
from nanokg.compile import compile_graph
from nanokg.paths import DataLayout
from tests.conftest import REPO_LAYOUT


def all_lines(formulations: int, seed: int) -> list[str]:
    sources = generate_tables(formulations, seed)
    return [line for table in sources.tables for line in table.lines()] + [str(sources.mappings)]


def test_the_same_seed_gives_the_same_sources_and_another_seed_others() -> None:
    assert all_lines(40, seed=7) == all_lines(40, seed=7)
    assert all_lines(40, seed=7) != all_lines(40, seed=8)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", formulations=25, seed=3)
    second = generate(tmp_path / "b", formulations=25, seed=3)
    names = sorted(path.name for path in first.graph_dir.iterdir())
    assert names == sorted(path.name for path in second.graph_dir.iterdir())
    assert "formulations.tsv" in names and "mappings.sssom.tsv" in names
    for name in names:
        assert (first.graph_dir / name).read_bytes() == (second.graph_dir / name).read_bytes()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataLayout, int]:
    sources = generate_tables(60, seed=1)
    layout = write_sources(sources, tmp_path_factory.mktemp("generated") / "data", REPO_LAYOUT)
    return layout, expected_triples(sources, REPO_LAYOUT)


def test_generated_sources_compile_to_exactly_the_counted_triples(small: tuple[DataLayout, int]) -> None:
    layout, expected = small
    assert len(compile_graph(layout).quads) == expected


def test_generated_sources_build_like_the_curated_graph(small: tuple[DataLayout, int], tmp_path: Path) -> None:
    layout, expected = small
    report = build(layout, tmp_path / "dist")
    assert report.summary["triples"] == expected
    by_type = report.summary["individuals_by_type"]
    assert by_type["nkg:Formulation"] == 60
    assert by_type["nkg:Study"] >= 2 and by_type["nkg:CancerType"] >= 4


def rows(store: Store, query: str) -> list[tuple[str, ...]]:
    solutions = store.query(query, prefixes={
        "nkg": "https://w3id.org/nanokg/", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#"})
    assert isinstance(solutions, QuerySolutions)
    return [tuple(term.value for term in row) for row in solutions]


def per_formulation(store: Store, predicate: str) -> list[int]:
    counts = rows(store, f"""
        SELECT (COUNT(?x) AS ?n) WHERE {{ ?f a nkg:Formulation . OPTIONAL {{ ?f nkg:{predicate} ?x }} }}
        GROUP BY ?f""")
    return [int(n) for (n,) in counts]


def test_formulations_have_the_fan_out_of_the_review(small: tuple[DataLayout, int]) -> None:
    from nanokg.store import load_memory_store

    store = load_memory_store(compile_graph(small[0]))
    carriers, payloads = per_formulation(store, "hasCarrier"), per_formulation(store, "hasPayload")
    outcomes = per_formulation(store, "hasOutcome")  # entailed from the outcomes' isOutcomeOf
    assert set(carriers) <= {1, 2, 3} and 2 in carriers
    assert set(payloads) <= {1, 2, 3, 4} and max(payloads) > 1
    assert set(outcomes) <= {1, 2, 3, 4, 5} and len(set(outcomes)) > 2
    assert per_formulation(store, "reportedIn") == [1] * 60
    # carriers are minted individuals typed by a carrier class; subtypes reach their organ cancer
    assert rows(store, """SELECT ?c WHERE { ?f nkg:hasCarrier ?c
                                            FILTER NOT EXISTS { ?c a/rdfs:subClassOf* nkg:Nanocarrier } }""") == []
    assert rows(store, """SELECT ?c WHERE { ?c nkg:isSubtypeOf/nkg:isSubtypeOf ?root }""")
    values = rows(store, """SELECT ?v WHERE { ?o nkg:numericValue ?v FILTER(datatype(?v) = xsd:decimal) }""")
    assert len(values) > 60


@pytest.mark.parametrize("size", ["10k", "25k"])
def test_sizes_are_met_within_five_percent(size: str) -> None:
    triples = parse_size(size)
    sources = generate_tables(formulations_for(triples, seed=1), seed=1)
    assert abs(expected_triples(sources, REPO_LAYOUT) - triples) <= triples * 0.05


def test_sizes_read_like_people_write_them() -> None:
    assert [parse_size(text) for text in ("10k", "100K", "1m", "2.5m", "1234")] == [
        10_000, 100_000, 1_000_000, 2_500_000, 1234]


def test_the_command_line_writes_a_data_folder(tmp_path: Path) -> None:
    main(["--formulations", "5", "--seed", "2", "--out", str(tmp_path / "data")])
    assert (tmp_path / "data" / "graph" / "formulations.tsv").read_text().count("formulation-0000") == 5
    assert (tmp_path / "data" / "ontology" / "nanokg.ttl").is_file()
    with pytest.raises(SystemExit):
        main(["--out", str(tmp_path / "other")])
