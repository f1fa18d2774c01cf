"""``nanokg build``: compile the sources, store them for queries, and publish the release
(with the saved-query catalogue, checked on the way)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Store

from nanokg.catalogue import catalogue_triples
from nanokg.compile import CompiledGraph, compile_graph
from nanokg.paths import DataLayout
from nanokg.queries import load_catalogue
from nanokg.release import write_release
from nanokg.store import write_store
from nanokg.summary import Summary, summarise

__all__ = ["BuildReport", "build"]


@dataclass(frozen=True)
class BuildReport:
    compiled: CompiledGraph
    summary: Summary
    artefacts: list[Path]
    store: Path


def build(layout: DataLayout, out_dir: Path) -> BuildReport:
    """Compile ``layout``'s sources and write the query store and the release artefacts."""
    compiled = compile_graph(layout)
    store_dir = write_store(compiled)
    summary = summarise(Store.read_only(str(store_dir)))
    catalogue = catalogue_triples(load_catalogue(layout).values())
    artefacts = write_release(compiled, out_dir, dict(summary), catalogue)
    return BuildReport(compiled, summary, artefacts, store_dir)
