"""``nanokg build``: compile the sources, validate them, store them for queries, and publish the
release (with the saved-query catalogue, checked on the way).

Validation (SHACL shapes, quality checks, and HermiT when the ontology changed) runs on the query
store before anything is published: a graph with errors is refused, unless the caller allows it.
"""

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
from nanokg.validation import DEFAULT_ENGINE
from nanokg.validation.reasoning import ReasonMode
from nanokg.validation.validate import ValidationReport, failure, validate_layout

__all__ = ["BuildReport", "build"]


@dataclass(frozen=True)
class BuildReport:
    compiled: CompiledGraph
    summary: Summary
    artefacts: list[Path]
    store: Path
    #: None when the build was told not to validate.
    validation: ValidationReport | None = None


def build(layout: DataLayout, out_dir: Path, *, validate: bool = True, allow_invalid: bool = False,
          engine: str = DEFAULT_ENGINE, reason: ReasonMode = "auto") -> BuildReport:
    """Compile ``layout``'s sources, validate them and write the query store and release artefacts.

    Raises ``ValidationFailed`` (and publishes nothing) if validation finds errors, unless
    ``allow_invalid``; ``validate=False`` skips validation altogether.
    """
    compiled = compile_graph(layout)
    store_dir = write_store(compiled)
    store = Store.read_only(str(store_dir))
    validation = None
    if validate:
        validation = validate_layout(layout, engine=engine, reason=reason, compiled=compiled, store=store)
        if not validation.passed() and not allow_invalid:
            raise failure(validation)
    summary = summarise(store)
    catalogue = catalogue_triples(load_catalogue(layout).values())
    artefacts = write_release(compiled, out_dir, dict(summary), catalogue)
    return BuildReport(compiled, summary, artefacts, store_dir, validation)
