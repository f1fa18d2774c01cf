"""Served queries from an in-memory copy of the store versus the on-disk store.

``nanokg serve`` answers through worker processes; with ``--store memory`` (the default) each worker
copies the store into memory when it starts, with ``--store disk`` it reads the on-disk store. This
runs every saved query (default parameters, or on a generated graph the stand-ins
``bench/run.py`` uses) through a one-worker pool of each kind, on the same
data, and prints the median latencies side by side, with the time a worker takes to start.

    python -m bench.serve_store                          # the shipped graph
    python -m bench.serve_store --data DIR --runs 5      # e.g. DIR from bench/generate.py --triples 1m
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from bench.workers import task_bindings
from nanokg.engine import open_local
from nanokg.paths import DataLayout, default_data_root
from nanokg.queries import bind_parameters, load_catalogue
from nanokg.store import ensure_store
from nanokg.workers import Job, Limits, WorkerPool


def timed_pool(store_dir: Path, in_memory: bool) -> tuple[WorkerPool, float]:
    started = time.perf_counter()
    pool = WorkerPool(store_dir, Limits(timeout=600, max_rows=10_000_000), size=1, in_memory=in_memory)
    return pool, time.perf_counter() - started


def median_ms(pool: WorkerPool, job: Job, runs: int) -> float:
    pool.run(job)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        pool.run(job)
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the shipped graph)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query after a warm-up")
    args = parser.parse_args()
    layout = DataLayout(args.data or default_data_root())
    store_dir = ensure_store(layout)
    graph, catalogue = open_local(layout), load_catalogue(layout)
    values = task_bindings(layout.root, list(catalogue))
    jobs = {name: Job(query.sparql, substitutions=dict(bind_parameters(
                query, {k: v for k, v in values[name].items() if v is not None}, graph.engine, graph.terms)))
            for name, query in catalogue.items()}
    memory, memory_start = timed_pool(store_dir, in_memory=True)
    disk, disk_start = timed_pool(store_dir, in_memory=False)
    try:
        print(f"{len(graph.engine.store):,} quads; worker start: memory {memory_start:.2f} s, disk {disk_start:.2f} s")
        print(f"{'query':40} {'memory ms':>10} {'disk ms':>10} {'disk ÷ memory':>14}")
        for name, job in jobs.items():
            in_memory, on_disk = median_ms(memory, job, args.runs), median_ms(disk, job, args.runs)
            print(f"{name:40} {in_memory:10.1f} {on_disk:10.1f} {on_disk / max(in_memory, 1e-3):13.1f}×")
    finally:
        memory.close()
        disk.close()


if __name__ == "__main__":
    main()
