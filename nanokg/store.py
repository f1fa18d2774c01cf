"""The query store: an Oxigraph database built once per source fingerprint and reused.

``nanokg build`` writes it; the query commands open it read-only without parsing, validating or
reasoning again. Stores live in the cache folder (``NANOKG_CACHE_DIR``, default
``~/.cache/nanokg``) under the fingerprint of the sources they were built from, so an edited source
is noticed at the next query and compiled afresh.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from pyoxigraph import Quad, Store

from nanokg.atomic import atomic_directory, atomic_file
from nanokg.engine import OxigraphEngine
from nanokg.paths import DataLayout, cache_root
from nanokg.sources import discover, fingerprint
from nanokg.terms import TermIndex, build_term_index, load_term_index

if TYPE_CHECKING:
    from nanokg.compile import CompiledGraph

__all__ = [
    "store_path", "write_store", "load_memory_store", "ensure_store", "open_store", "open_term_index",
]


#: Bumped whenever what a store holds changes, so that stores built by older code are not reused.
STORE_LAYOUT = 2


def store_path(source_fingerprint: str) -> Path:
    return cache_root() / source_fingerprint / f"store-v{STORE_LAYOUT}"


#: Quads per bulk load: Oxigraph's bulk loader buffers a whole call in memory (830 MB for a
#: million quads); loading in slices of this size keeps that near 150 MB and is no slower.
BULK_LOAD_SLICE = 200_000


def _term_index_path(store_dir: Path) -> Path:
    return store_dir.parent / "terms.json"


def _fill(store: Store, compiled: CompiledGraph) -> None:
    # Queries see one default graph: provenance by file is kept in the N-Quads artefact. The
    # mapping tables are also kept as named graphs, so that quality checks can tell an external
    # identifier that went through the verified SSSOM table from one written anywhere else.
    quads = compiled.quads
    for start in range(0, len(quads), BULK_LOAD_SLICE):
        store.bulk_extend([Quad(q.subject, q.predicate, q.object)
                           for q in quads[start:start + BULK_LOAD_SLICE]])
    store.bulk_extend(compiled.mappings)


def load_memory_store(compiled: CompiledGraph) -> Store:
    """An in-memory store holding the compiled graph."""
    store = Store()
    _fill(store, compiled)
    return store


def write_store(compiled: CompiledGraph, index: TermIndex | None = None) -> Path:
    """Persist the compiled graph as an on-disk store, with its term index (once per fingerprint).

    ``index`` is the graph's term index if the caller has it already (computing it on an in-memory
    copy of the graph is several times faster than on the disk store).
    """
    target = store_path(compiled.fingerprint)
    if target.exists():
        return target
    try:
        with atomic_directory(target) as folder:
            store = Store(str(folder))
            _fill(store, compiled)
            store.flush()
            index = index or build_term_index(OxigraphEngine(store))
            del store
    except OSError:
        if not target.exists():  # another process built the same store meanwhile
            raise
        return target
    with atomic_file(_term_index_path(target)) as staged:
        staged.write_text(index.to_json(), encoding="utf-8")
    return target


def ensure_store(layout: DataLayout, on_compile: Callable[[str], None] | None = None) -> Path:
    """The store folder for ``layout``'s current sources, compiled first if the sources changed."""
    target = store_path(fingerprint(discover(layout)))
    if not target.exists():
        # Compiling imports the whole source toolchain: only pay for it when the cache is stale.
        from nanokg.compile import compile_graph

        if on_compile is not None:
            on_compile(f"sources changed or never built: compiling {layout.root} ...")
        write_store(compile_graph(layout))
    return target


def open_store(layout: DataLayout, on_compile: Callable[[str], None] | None = None) -> Store:
    """Open the store for ``layout``'s current sources read-only, compiling it first if needed."""
    return Store.read_only(str(ensure_store(layout, on_compile)))


def open_term_index(store_dir: Path, store: Store) -> TermIndex:
    """The CURIEs and labels of the graph in ``store_dir`` (see ``nanokg.terms``)."""
    return load_term_index(_term_index_path(store_dir), OxigraphEngine(store))
