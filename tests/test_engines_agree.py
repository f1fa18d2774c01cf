"""The fast SHACL engine and pySHACL give identical results on the shipped graph and on every
fixture that compiles, with the shapes nanokg ships."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Store

from nanokg.compile import compile_graph
from nanokg.paths import DataLayout
from nanokg.store import load_memory_store
from nanokg.validation.shacl import ShapeResult, get_engine
from nanokg.validation.shapes import Shapes, load_shapes
from tests.conftest import BROKEN, REPO_LAYOUT, assemble
from tests.test_broken_inputs import EXPECTED

#: The broken fixtures that compile (exit code 1): they have a graph for the engines to judge.
COMPILING = sorted(case for case, (code, _) in EXPECTED.items() if code == 1)


def results(engine: str, shapes: Shapes, store: Store) -> list[ShapeResult]:
    return sorted(get_engine(engine).validate(shapes, store), key=ShapeResult.sort_key)


def graph_and_shapes(layout: DataLayout) -> tuple[Store, Shapes]:
    compiled = compile_graph(layout)
    return load_memory_store(compiled), load_shapes(compiled.sources)


def test_on_the_shipped_graph() -> None:
    store, shapes = graph_and_shapes(REPO_LAYOUT)
    fast = results("fast", shapes, store)
    assert fast == results("pyshacl", shapes, store)
    assert not [r for r in fast if r.severity.endswith("#Violation")], "the shipped graph has SHACL errors"


@pytest.mark.parametrize("case", ["valid", *COMPILING])
def test_on_every_fixture(tmp_path: Path, case: str) -> None:
    layout = assemble(tmp_path / case, None if case == "valid" else BROKEN / case)
    store, shapes = graph_and_shapes(layout)
    assert results("fast", shapes, store) == results("pyshacl", shapes, store)
