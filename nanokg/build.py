"""``nanokg build``: compile the sources, store them for queries, and publish the release
(with the saved-query catalogue, checked on the way)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from nanokg.catalogue import catalogue_triples
from nanokg.compile import CompiledGraph, compile_graph
from nanokg.engine import OxigraphEngine
from nanokg.paths import DataLayout
from nanokg.queries import load_catalogue
from nanokg.release import write_release
from nanokg.store import load_memory_store, write_store
from nanokg.summary import Summary, summarise
from nanokg.terms import build_term_index

__all__ = ["BuildReport", "build"]


@dataclass(frozen=True)
class BuildReport:
    compiled: CompiledGraph
    summary: Summary
    artefacts: list[Path]
    store: Path
    #: wall-clock seconds of each stage, in order: where a large build spends its time.
    seconds: dict[str, float] = field(default_factory=dict)


@contextmanager
def _stage(name: str, seconds: dict[str, float]) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[name] = time.perf_counter() - started


def build(layout: DataLayout, out_dir: Path) -> BuildReport:
    """Compile ``layout``'s sources and write the query store and the release artefacts."""
    seconds: dict[str, float] = {}
    with _stage("compile", seconds):
        compiled = compile_graph(layout)
    with _stage("load", seconds):
        # What is asked of the whole graph during a build is asked of an in-memory copy: Oxigraph
        # answers there several times faster than from the disk store the queries will use.
        memory = load_memory_store(compiled)
    with _stage("summary", seconds):
        summary = summarise(memory)
        index = build_term_index(OxigraphEngine(memory))
    del memory
    with _stage("store", seconds):
        store_dir = write_store(compiled, index)
    with _stage("release", seconds):
        catalogue = catalogue_triples(load_catalogue(layout).values())
        artefacts = write_release(compiled, out_dir, dict(summary), catalogue)
    return BuildReport(compiled, summary, artefacts, store_dir, seconds)
