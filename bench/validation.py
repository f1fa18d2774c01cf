"""Benchmark validation: the fast SHACL engine beside pySHACL, the quality checks, and HermiT.

The graphs are the shipped graph and copies of it scaled to about 100k and 1M triples: every
curated record is repeated under new IRIs and labels (``nkgid:doxorubicin-copy7``, "doxorubicin
(copy 7)"), so the large graphs are as valid as the shipped one and validation does the work it
does on real data, not the work of reporting thousands of synthetic errors. Each size is
validated in one run with both engines (pySHACL only up to ``--pyshacl-max`` triples: it takes
minutes beyond), and HermiT is timed cold (a JVM start) against the reuse of its cached verdict.

    python bench/validation.py                          # the shipped graph, 100k and 1M triples
    python bench/validation.py --sizes shipped,100k     # quicker
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(REPO))

from pyoxigraph import Literal, NamedNode, Quad, Store  # noqa: E402

from nanokg.compile import CompiledGraph, compile_graph  # noqa: E402
from nanokg.paths import DataLayout  # noqa: E402
from nanokg.validation.locate import Locator  # noqa: E402
from nanokg.validation.qc import load_checks  # noqa: E402
from nanokg.validation.shapes import load_shapes  # noqa: E402
from nanokg.validation.validate import Target, ValidationReport, validate  # noqa: E402
from nanokg.vocab import NKGID, RDFS, graph_name  # noqa: E402

MAPPINGS = graph_name("mappings")


def _renamer(copy: int) -> Callable[[object], object]:
    if copy == 0:
        return lambda term: term
    cache: dict[str, NamedNode] = {}

    def rename(term: object) -> object:
        if isinstance(term, NamedNode) and term.value.startswith(NKGID):
            if term.value not in cache:
                cache[term.value] = NamedNode(f"{term.value}-copy{copy}")
            return cache[term.value]
        return term

    return rename


def _copy(quads: list[Quad], copy: int, graph: NamedNode | None = None) -> Iterator[Quad]:
    rename = _renamer(copy)
    for quad in quads:
        obj = quad.object
        if copy and quad.predicate == RDFS.label and isinstance(obj, Literal):
            obj = Literal(f"{obj.value} (copy {copy})", language=obj.language)
        yield (Quad(rename(quad.subject), quad.predicate, rename(obj), graph) if graph  # type: ignore[arg-type]
               else Quad(rename(quad.subject), quad.predicate, rename(obj)))  # type: ignore[arg-type]


def scaled_store(compiled: CompiledGraph, copies: int) -> Store:
    """The ontology once, and the records and mappings ``copies`` times under fresh IRIs."""
    store = Store()
    store.bulk_extend(Quad(q.subject, q.predicate, q.object) for q in compiled.ontology)
    for copy in range(copies):
        store.bulk_extend(_copy(compiled.instances, copy))
        store.bulk_extend(_copy(compiled.mappings, copy))
        store.bulk_extend(_copy(compiled.mappings, copy, MAPPINGS))
    return store


def _triples(store: Store) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, None)) - sum(
        1 for _ in store.quads_for_pattern(None, None, None, MAPPINGS))


def _run(compiled: CompiledGraph, store: Store, engine: str) -> ValidationReport:
    target = Target(store=store, ontology=compiled.ontology, ontology_fingerprint="bench",
                    everything=lambda: compiled.quads, locator=Locator(store), sources=compiled.sources)
    layout = compiled.layout
    return validate(target, load_shapes(compiled.sources), load_checks(layout), engine=engine, reason="never")


def _size(text: str) -> int:
    """``100k`` → 100000, ``1m`` → 1000000."""
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1].lower(), 1)
    return int(float(text.rstrip("kKmM")) * factor)


def _hermit(compiled: CompiledGraph) -> tuple[float, float]:
    """Seconds of HermiT on the ontology (JVM start included), and of reusing its cached verdict."""
    import os

    from nanokg.validation.reasoning import check_with_reasoner

    with tempfile.TemporaryDirectory() as cache:
        os.environ["NANOKG_CACHE_DIR"] = cache
        store = Store()
        started = time.perf_counter()
        check_with_reasoner("auto", compiled.ontology, "bench", store)
        cold = time.perf_counter() - started
        started = time.perf_counter()
        check_with_reasoner("auto", compiled.ontology, "bench", store)
        return cold, time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="shipped,100k,1m",
                        help="graph sizes: 'shipped' or a number of triples such as 100k or 1m")
    parser.add_argument("--pyshacl-max", type=int, default=120_000,
                        help="largest graph (triples) to run pySHACL on")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the fast engine per size (median)")
    parser.add_argument("--data", type=Path, default=REPO, help="data folder to scale (default: the shipped graph)")
    options = parser.parse_args(argv)

    compiled = compile_graph(DataLayout(options.data))
    ontology = _triples(scaled_store(compiled, 0))
    per_copy = _triples(scaled_store(compiled, 1)) - ontology
    print("| triples | store fill | SHACL, fast | SHACL, pySHACL | pySHACL / fast | quality checks | findings |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for size in options.sizes.split(","):
        copies = 1 if size == "shipped" else max(1, round((_size(size) - ontology) / per_copy))
        started = time.perf_counter()
        store = scaled_store(compiled, copies)
        fill = time.perf_counter() - started
        triples = _triples(store)
        fast = [_run(compiled, store, "fast") for _ in range(options.repeats)]
        shacl = statistics.median(r.seconds["shacl"] for r in fast)
        qc = statistics.median(r.seconds["qc"] for r in fast)
        reference = "—"
        ratio = "—"
        if triples <= options.pyshacl_max:
            slow = _run(compiled, store, "pyshacl")
            assert len(slow.findings) == len(fast[0].findings), "the engines disagree"
            reference = f"{slow.seconds['shacl']:.2f} s"
            ratio = f"{slow.seconds['shacl'] / shacl:.0f}×"
        print(f"| {triples:,} | {fill:.2f} s | {shacl:.2f} s | {reference} | {ratio} | {qc:.2f} s | "
              f"{len(fast[0].findings):,} |", flush=True)
    cold, reused = _hermit(compiled)
    print(f"\nHermiT on the ontology ({len(compiled.ontology):,} triples): {cold:.2f} s cold (JVM start), "
          f"{reused * 1000:.1f} ms when its cached verdict is reused.")


if __name__ == "__main__":
    main()
