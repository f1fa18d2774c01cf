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

__all__ = ["store_path", "write_store", "load_memory_store", "open_store"]


#: Bumped whenever what a store holds changes, so that stores built by older code are not reused.
STORE_LAYOUT = 2


def store_path(source_fingerprint: str) -> Path:
    return cache_root() / source_fingerprint / f"store-v{STORE_LAYOUT}"


def _fill(store: Store, compiled: CompiledGraph) -> None:
    # Queries see one default graph: provenance by file is kept in the N-Quads artefact. The
    # mapping tables are also kept as named graphs, so that quality checks can tell an external
    # identifier that went through the verified SSSOM table from one written anywhere else.
    store.bulk_extend(Quad(q.subject, q.predicate, q.object) for q in compiled.quads)
    store.bulk_extend(compiled.mappings)


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


def open_store(layout: DataLayout, on_compile: Callable[[str], None] | None = None) -> Store:
    """Open the store for ``layout``'s current sources, compiling it first if the sources changed."""
    target = store_path(fingerprint(discover(layout)))
    if not target.exists():
        if on_compile is not None:
            on_compile(f"sources changed or never built: compiling {layout.root} ...")
        write_store(compile_graph(layout))
    return Store.read_only(str(target))
