"""The query store: an Oxigraph database built once per source fingerprint and reused.

``nanokg build`` writes it; the query commands open it read-only without parsing, validating or
reasoning again. Stores live in the cache folder (``NANOKG_CACHE_DIR``, default
``~/.cache/nanokg``) under the fingerprint of the sources they were built from, so an edited source
is noticed at the next query and compiled afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pyoxigraph import Quad, Store

from nanokg.atomic import atomic_directory
from nanokg.compile import CompiledGraph, compile_graph
from nanokg.paths import DataLayout, cache_root
from nanokg.sources import discover, fingerprint

__all__ = ["store_path", "write_store", "load_memory_store", "ensure_store", "open_store"]


def store_path(source_fingerprint: str) -> Path:
    return cache_root() / source_fingerprint / "store"


def _fill(store: Store, compiled: CompiledGraph) -> None:
    # Queries see one default graph: provenance by file is kept in the N-Quads artefact.
    store.bulk_extend(Quad(q.subject, q.predicate, q.object) for q in compiled.quads)


def load_memory_store(compiled: CompiledGraph) -> Store:
    """An in-memory store holding the compiled graph."""
    store = Store()
    _fill(store, compiled)
    return store


def write_store(compiled: CompiledGraph) -> Path:
    """Persist the compiled graph as an on-disk store (once per fingerprint)."""
    target = store_path(compiled.fingerprint)
    if target.exists():
        return target
    try:
        with atomic_directory(target) as folder:
            store = Store(str(folder))
            _fill(store, compiled)
            store.flush()
            del store
    except OSError:
        if not target.exists():  # another process built the same store meanwhile
            raise
    return target


def ensure_store(layout: DataLayout, on_compile: Callable[[str], None] | None = None) -> Path:
    """The folder of the store for ``layout``'s current sources, compiling it first if they changed."""
    target = store_path(fingerprint(discover(layout)))
    if not target.exists():
        if on_compile is not None:
            on_compile(f"sources changed or never built: compiling {layout.root} ...")
        write_store(compile_graph(layout))
    return target


def open_store(layout: DataLayout, on_compile: Callable[[str], None] | None = None) -> Store:
    """Open the store for ``layout``'s current sources read-only, compiling it first if needed."""
    return Store.read_only(str(ensure_store(layout, on_compile)))
