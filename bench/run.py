"""Benchmark nanokg side by side with native pyoxigraph and rdflib's SPARQL engine.

For each size of generated graph (``bench/generate.py``), in one run:

* ``nanokg build`` of the synthetic sources (parse, compile, validate, store, release) as a
  separate process: wall time, its own stage times, peak RSS;
* every saved query (``queries/*.rq``) through nanokg's path (open the built store, bind the
  parameters, run), with native pyoxigraph on the same store and on an in-memory store, and with
  rdflib's engine (each query capped in time), each engine in its own process for its memory;
* SHACL validation with the fast engine and with pySHACL, the reference (capped);

and on the shipped graph, the cold end-to-end ``nanokg query run NAME`` process for every saved
query. It prints the tables with the ratios side by side and writes ``bench/RESULTS.md`` with the
machine description.

    python bench/run.py                 # 10k, 100k, 1M triples; bench/RESULTS.md and RESULTS.json
    python bench/run.py --quick         # 10k and 100k, fewer repeats, short caps: under a minute
    python bench/run.py --sizes 10k,1m,5m --rdflib-cap 60
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(REPO))

from bench.generate import SIZES, generate, parse_size  # noqa: E402

__all__ = ["Settings", "main"]

#: Targets of issue #6, checked (and reported) by this benchmark, never by unit tests.
TARGET_RATIO_TO_OXIGRAPH = 1.5
TARGET_SPEEDUP_OVER_RDFLIB = 100
TARGET_COLD_QUERY_S = 0.25
TARGET_BUILD_1M_S = 60
TARGET_BUILD_RSS_MB = 2048
TARGET_QUERY_RSS_MB = 1024

#: nanokg's two query paths, as the verdicts name them.
PATHS = {
    "nanokg": "through `nanokg query run` (on-disk store)",
    "served": "through `nanokg serve` (in-memory store)",
}
JOIN_HEAVY_PATTERNS = 4


@dataclass
class Settings:
    sizes: list[str]
    repeats: int
    build_repeats: int
    cli_repeats: int
    rdflib_repeats: int
    rdflib_cap: float
    rdflib_max_triples: int
    pyshacl_cap: float
    pyshacl_max_triples: int
    seed: int
    work: Path
    results: Path | None
    quick: bool


@dataclass
class Process:
    """A finished child process: its wall time, peak RSS and output."""

    seconds: float
    peak_rss_mb: float
    stdout: str
    stderr: str
    code: int


def run_process(command: list[str], env: dict[str, str] | None = None, timeout: float | None = None) -> Process:
    """Run ``command``; its wall time and its own peak RSS (from ``wait4``)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env={**os.environ, **(env or {})},
                                 cwd=REPO)
        deadline = None if timeout is None else started + timeout
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if deadline is not None and time.perf_counter() > deadline:
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                break
            time.sleep(0.002)
        seconds = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Process(seconds, usage.ru_maxrss / 1024, out.read().decode(), err.read().decode(),
                       child.returncode)


def _error_line(process: Process) -> str:
    """The line of a failed process's output that says what went wrong."""
    lines = process.stderr.strip().splitlines() or [f"exit code {process.code}"]
    return next((line for line in lines if line.startswith("error:")), lines[-1])


def worker(task: str, env: dict[str, str], timeout: float | None = None, **arguments: Any) -> dict[str, Any]:
    """Run a task of ``bench/workers.py`` in its own process; its JSON result."""
    process = run_process([sys.executable, "-m", "bench.workers", task, json.dumps(arguments, default=str)],
                          env, timeout)
    if process.code != 0:
        return {"error": _error_line(process), "peak_rss_mb": process.peak_rss_mb}
    result: dict[str, Any] = json.loads(process.stdout.strip().splitlines()[-1])
    result["process_rss_mb"] = process.peak_rss_mb
    return result


def spread(values: list[float]) -> dict[str, float]:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


# --- machine ---------------------------------------------------------------------------------


def _first_line_with(path: str, key: str) -> str | None:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    memory_kb = _first_line_with("/proc/meminfo", "MemTotal")
    versions = {}
    for package in ("nanokg", "pyoxigraph", "rdflib", "pyshacl", "owlready2", "click", "rich", "curies"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=REPO).stdout.strip()
    return {
        "cpu": _first_line_with("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": round(int(memory_kb.split()[0]) / 1024 ** 2, 1) if memory_kb else None,
        "os": platform.platform(),
        "python": platform.python_version(),
        "versions": versions,
        "commit": commit or "unknown",
        "load_before": os.getloadavg(),
    }


# --- queries ---------------------------------------------------------------------------------


def _patterns(node: Any) -> int:
    """Triple patterns a query must join (OPTIONAL parts left out); a sequence path counts its steps."""
    from rdflib.paths import SequencePath

    if isinstance(node, dict):
        if getattr(node, "name", None) == "LeftJoin":
            return _patterns(node["p1"])
        count = 0
        for key, value in node.items():
            if key == "triples":
                count += sum(len(p.args) if isinstance(p, SequencePath) else 1 for _, p, _ in value)
            elif not key.startswith("_"):
                count += _patterns(value)
        return count
    if isinstance(node, list | tuple):
        return sum(_patterns(item) for item in node)
    return 0


def catalogue() -> dict[str, dict[str, Any]]:
    """The saved queries of the shipped graph, with their size as joins of triple patterns."""
    from rdflib.plugins.sparql import prepareQuery

    from nanokg import prefixes
    from nanokg.paths import DataLayout
    from nanokg.queries import load_catalogue

    described = {}
    for name, query in load_catalogue(DataLayout(REPO)).items():
        algebra = prepareQuery(query.sparql, initNs=prefixes.prefix_map()).algebra
        patterns = _patterns(algebra)
        described[name] = {"patterns": patterns, "join_heavy": patterns >= JOIN_HEAVY_PATTERNS,
                           "required": {p.name: p.example for p in query.parameters if p.default is None}}
    return described


# --- one size --------------------------------------------------------------------------------


def measure_size(size: str, settings: Settings, queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    triples = parse_size(size)
    data = settings.work / size
    started = time.perf_counter()
    generate(data, triples=triples, seed=settings.seed)
    result: dict[str, Any] = {"size": size, "generate_s": time.perf_counter() - started}
    print(f"[{size}] generated in {result['generate_s']:.1f} s", file=sys.stderr)

    builds, cache = [], settings.work / f"cache-{size}"
    for _ in range(settings.build_repeats):
        shutil.rmtree(cache, ignore_errors=True)  # a cold build: the store is written every time
        process = run_process([sys.executable, "-m", "nanokg", "--data", str(data), "build",
                               "--out", str(data / "dist"), "--json"], {"NANOKG_CACHE_DIR": str(cache)})
        if process.code != 0:
            raise SystemExit(f"nanokg build failed on {size}:\n{process.stderr}")
        builds.append(process)
    summary = json.loads(builds[-1].stdout)
    result["triples"] = summary["triples"]
    result["build"] = {**spread([b.seconds for b in builds]),
                       "peak_rss_mb": max(b.peak_rss_mb for b in builds),
                       "stages": summary.get("seconds", {})}
    print(f"[{size}] {summary['triples']:,} triples built in {result['build']['median']:.1f} s, "
          f"peak {result['build']['peak_rss_mb']:.0f} MB", file=sys.stderr)

    env = {"NANOKG_CACHE_DIR": str(cache)}
    result["validation"] = measure_validation(data, settings, env, result["triples"])
    store_dir = next(path for path in cache.glob("*/store*") if path.is_dir())
    bindings = worker("bindings", env, data=str(data), names=sorted(queries))
    if "error" in bindings:
        raise SystemExit(f"could not bind the saved queries' parameters on {size}: {bindings['error']}")
    bindings.pop("process_rss_mb")
    result["bindings"] = bindings
    common = {"data": str(data), "repeats": settings.repeats, "names": sorted(queries), "bindings": bindings}
    started = time.perf_counter()
    ntriples = str(data / "dist" / "nanokg.nt")
    engines = {
        # the ORDER BY profile explains the full run's disk-store ratios; --quick keeps its minute
        "nanokg": worker("nanokg", env, order_by_profile=not settings.quick, **common),
        "oxigraph_memory": worker("oxigraph", env, ntriples=ntriples, store_dir=str(store_dir), **common),
    }
    if result["triples"] <= settings.rdflib_max_triples:
        # above 200k triples rdflib's cap is cut to 10 s a query, so that the run ends (it took
        # 38 s to load 1M triples, and several queries run for minutes)
        cap = settings.rdflib_cap if result["triples"] <= 200_000 else min(settings.rdflib_cap, 10.0)
        result["rdflib_cap"] = cap
        engines["rdflib"] = worker("rdflib", env, ntriples=ntriples, store_dir=str(store_dir),
                                   cap=cap, **{**common, "repeats": settings.rdflib_repeats})
    result["engines"] = engines
    print(f"[{size}] queries measured in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return result


def measure_validation(data: Path, settings: Settings, env: dict[str, str], triples: int) -> dict[str, Any]:
    """``nanokg validate`` with the fast SHACL engine and with pySHACL (capped), each a new process."""
    measured: dict[str, Any] = {}
    started = time.perf_counter()
    for engine in ("fast", "pyshacl"):
        if engine == "pyshacl" and triples > settings.pyshacl_max_triples:
            continue
        process = run_process([sys.executable, "-m", "nanokg", "--data", str(data), "validate",
                               "--engine", engine, "--format", "json"], env,
                              timeout=settings.pyshacl_cap if engine == "pyshacl" else None)
        if process.code not in (0, 1):
            measured[engine] = {"timeout": settings.pyshacl_cap} if process.seconds >= (settings.pyshacl_cap or 0) \
                else {"error": _error_line(process)}
            continue
        summary = json.loads(process.stdout)["summary"]
        measured[engine] = {"wall": process.seconds, "peak_rss_mb": process.peak_rss_mb,
                            "seconds": summary["seconds"], "findings": summary["counts"],
                            "shapes": summary["shapes"]}
    print(f"[{data.name}] validation measured in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return measured


# --- the shipped graph -----------------------------------------------------------------------


def nanokg_command() -> list[str]:
    """How a user runs nanokg: the console script beside this Python, else ``python -m nanokg``."""
    script = Path(sys.executable).with_name("nanokg")
    return [str(script)] if script.exists() else [sys.executable, "-m", "nanokg"]


def measure_cold_cli(settings: Settings, queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``nanokg query run NAME`` on the shipped graph, each run a new process (store already built)."""
    cache = settings.work / "cache-shipped"
    env = {"NANOKG_CACHE_DIR": str(cache)}
    started = time.perf_counter()
    shutil.rmtree(cache, ignore_errors=True)
    build = run_process([*nanokg_command(), "build", "--out", str(settings.work / "shipped-dist"), "--json"], env)
    if build.code != 0:
        raise SystemExit(f"nanokg build of the shipped graph failed:\n{build.stderr}")
    results: dict[str, Any] = {"build_s": build.seconds, "build_rss_mb": build.peak_rss_mb,
                               "triples": json.loads(build.stdout)["triples"], "queries": {}}
    warmed = False
    for name, described in sorted(queries.items()):
        required = [f"--param={parameter}={example}" for parameter, example in described["required"].items()]
        command = [*nanokg_command(), "query", "run", name, *required]
        if not warmed:  # the first query run may still write caches; the OS caches the store files
            warm = run_process(command, env)
            warmed = warm.code == 0
        runs = [run_process(command, env) for _ in range(settings.cli_repeats)]
        if any(run.code != 0 for run in runs):
            results["queries"][name] = {"error": _error_line(next(run for run in runs if run.code != 0))}
            continue
        results["queries"][name] = {**spread([r.seconds for r in runs]),
                                    "peak_rss_mb": max(r.peak_rss_mb for r in runs)}
    print(f"[shipped] cold CLI measured in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return results


# --- report ----------------------------------------------------------------------------------


def _ms(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:,.0f}"


#: Columns of the query tables: label → (engine process, key inside its per-query result).
ENGINE_COLUMNS = {
    "nanokg": ("nanokg", "nanokg"),
    "bind": ("nanokg", "bind"),
    "same_store": ("nanokg", "native"),
    "unordered": ("nanokg", "native_unordered"),
    "memory": ("oxigraph_memory", "memory"),
    "served": ("oxigraph_memory", "served"),
    "rdflib": ("rdflib", None),
}
#: Columns that only some queries have (a profile, not an engine): blank where a query has none.
OPTIONAL_COLUMNS = {"unordered"}


def measured(size: dict[str, Any], column: str, name: str) -> dict[str, Any]:
    """What one engine measured for one query at one size (``{}`` when it did not run)."""
    process, key = ENGINE_COLUMNS[column]
    per_query = size["engines"].get(process, {}).get("queries", {}).get(name, {})
    return per_query.get(key, {}) if key else per_query


def seconds(size: dict[str, Any], column: str, name: str) -> float | None:
    """The median time (or, for a timeout, the cap: a lower bound)."""
    result = measured(size, column, name)
    return result.get("timeout", result.get("median"))


def _cell(size: dict[str, Any], column: str, name: str) -> str:
    result = measured(size, column, name)
    if "timeout" in result:
        return f">{result['timeout']:g} s"
    if not result:
        if column in OPTIONAL_COLUMNS:
            return "—"
        process = ENGINE_COLUMNS[column][0]
        return "error" if "error" in size["engines"].get(process, {}) else "not run"
    return _ms(result["median"])


def _ratio(numerator: float | None, denominator: float | None, lower_bound: bool = False) -> str:
    if not numerator or not denominator:
        return "—"
    return ("≥" if lower_bound else "") + f"{numerator / denominator:,.1f}×"


def query_table(size: dict[str, Any], queries: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        f"#### {size['size']} ({size['triples']:,} triples): saved queries, median ms",
        "",
        "| query | patterns | join-heavy | rows | nanokg | of which binding | pyoxigraph, same store "
        "| same store, no ORDER BY | pyoxigraph, in memory | nanokg served, in memory | rdflib "
        "| nanokg ÷ same store | nanokg ÷ in memory | served ÷ in memory | rdflib ÷ nanokg | rdflib ÷ served |",
        "|---|--:|:-:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, described in sorted(queries.items()):
        rows = {measured(size, column, name).get("rows") for column in ENGINE_COLUMNS if column != "bind"}
        rows.discard(None)
        rows_text = str(rows.pop()) if len(rows) == 1 else "DIFFER: " + "/".join(map(str, sorted(rows)))
        nanokg, served = seconds(size, "nanokg", name), seconds(size, "served", name)
        timed_out = "timeout" in measured(size, "rdflib", name)
        cells = " | ".join(_cell(size, column, name) for column in ENGINE_COLUMNS)
        lines.append(
            f"| {name} | {described['patterns']} | {'yes' if described['join_heavy'] else ''} | {rows_text} "
            f"| {cells} | {_ratio(nanokg, seconds(size, 'same_store', name))} "
            f"| {_ratio(nanokg, seconds(size, 'memory', name))} "
            f"| {_ratio(served, seconds(size, 'memory', name))} "
            f"| {_ratio(seconds(size, 'rdflib', name), nanokg, timed_out)} "
            f"| {_ratio(seconds(size, 'rdflib', name), served, timed_out)} |")
    engines = size["engines"]
    opened = " · ".join(f"{key.replace('_', ' ')}: opened/loaded in {_ms(value.get('open'))} ms, "
                        f"peak RSS {value.get('process_rss_mb', 0):.0f} MB"
                        for key, value in engines.items() if "error" not in value)
    lines += ["", f"{opened}.", ""]
    errors = [f"{key}: {value['error']}" for key, value in engines.items() if "error" in value]
    if errors:
        lines += ["Errors: " + "; ".join(errors), ""]
    return lines


def build_table(sizes: list[dict[str, Any]]) -> list[str]:
    lines = ["| size | triples | build, median s (min–max, runs) | peak RSS MB | stages, s |",
             "|---|--:|--:|--:|---|"]
    for size in sizes:
        build = size["build"]
        stages = ", ".join(f"{name} {seconds:.1f}" for name, seconds in build["stages"].items()) or "—"
        lines.append(f"| {size['size']} | {size['triples']:,} | {build['median']:.2f} "
                     f"({build['min']:.2f}–{build['max']:.2f}, {build['n']}) | {build['peak_rss_mb']:.0f} | {stages} |")
    return lines


def validation_table(sizes: list[dict[str, Any]]) -> list[str]:
    lines = ["| size | triples | fast engine: SHACL s | quality checks s | whole `nanokg validate` s | peak RSS MB "
             "| pySHACL: SHACL s | whole s | peak RSS MB | pySHACL ÷ fast (SHACL) | findings agree |",
             "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|"]
    for size in sizes:
        fast, reference = size["validation"].get("fast", {}), size["validation"].get("pyshacl", {})
        if "timeout" in reference:
            pyshacl_cells = f">{reference['timeout']:g} | >{reference['timeout']:g} | — | ≥{reference['timeout'] / fast['seconds']['shacl']:,.0f}× | —"
        elif "wall" in reference:
            pyshacl_cells = (f"{reference['seconds']['shacl']:.2f} | {reference['wall']:.1f} | {reference['peak_rss_mb']:.0f} "
                             f"| {_ratio(reference['seconds']['shacl'], fast['seconds']['shacl'])} "
                             f"| {'yes' if reference['findings'] == fast['findings'] else 'NO'}")
        else:
            pyshacl_cells = "not run | | | | "
        lines.append(f"| {size['size']} | {size['triples']:,} | {fast['seconds']['shacl']:.2f} | {fast['seconds']['qc']:.2f} "
                     f"| {fast['wall']:.1f} | {fast['peak_rss_mb']:.0f} | {pyshacl_cells} |")
    return lines


def cli_table(cold: dict[str, Any]) -> list[str]:
    lines = [f"Shipped graph: {cold['triples']:,} triples (built in {cold['build_s']:.1f} s).", "",
             "| query | median s | min–max s | runs | peak RSS MB |", "|---|--:|--:|--:|--:|"]
    for name, measured in cold["queries"].items():
        if "error" in measured:
            lines.append(f"| {name} | {measured['error']} | | | |")
            continue
        lines.append(f"| {name} | {measured['median']:.3f} | {measured['min']:.3f}–{measured['max']:.3f} "
                     f"| {measured['n']} | {measured['peak_rss_mb']:.0f} |")
    return lines


#: Below this, a query's time is mostly fixed costs (binding a parameter is two lookups), and a
#: ratio of two fractions of a millisecond says nothing about the engine.
NOISE_FLOOR_S = 0.001


def _ratio_verdict(size: dict[str, Any], queries: dict[str, Any], path: str, baseline: str, what: str) -> list[str]:
    ratios, small = [], []
    for name in queries:
        nanokg, native = seconds(size, path, name), seconds(size, baseline, name)
        if not nanokg or not native:
            continue
        if native < NOISE_FLOOR_S:
            small.append(f"{name} {nanokg * 1000:.2f} ms vs {native * 1000:.2f} ms")
        else:
            ratios.append((nanokg / native, name))
    if not ratios:
        return []
    worst = max(ratios)
    lines = [f"- every saved query {PATHS[path]} within {TARGET_RATIO_TO_OXIGRAPH}× of native pyoxigraph "
             f"{what} at 1M: worst {worst[0]:.2f}× ({worst[1]}) — "
             + ("met" if worst[0] <= TARGET_RATIO_TO_OXIGRAPH else "MISSED")]
    if small:
        lines.append(f"  (sub-millisecond natively, so not a ratio: {'; '.join(small)})")
    return lines


def _speedup_verdict(size: dict[str, Any], queries: dict[str, Any], path: str) -> list[str]:
    speedups = [((seconds(size, "rdflib", name) or 0) / (seconds(size, path, name) or 1), name)
                for name, described in queries.items()
                if described["join_heavy"] and seconds(size, "rdflib", name) and seconds(size, path, name)]
    if not speedups:
        return []
    least = min(speedups)
    reached = sum(speedup >= TARGET_SPEEDUP_OVER_RDFLIB for speedup, _ in speedups)
    return [f"- ≥ {TARGET_SPEEDUP_OVER_RDFLIB}× faster than rdflib on join-heavy queries at 100k, {PATHS[path]}: "
            f"least {least[0]:,.1f}× ({least[1]}), reached by {reached} of {len(speedups)} "
            "(a capped rdflib time makes a ratio a lower bound) — "
            + ("met" if least[0] >= TARGET_SPEEDUP_OVER_RDFLIB else "MISSED")]


def verdicts(sizes: list[dict[str, Any]], cold: dict[str, Any], queries: dict[str, dict[str, Any]]) -> list[str]:
    """Each target of issue #6 against what this run measured (for the sizes it ran)."""
    lines = []
    by_size = {size["size"]: size for size in sizes}
    if "1m" in by_size:
        one = by_size["1m"]
        lines += _ratio_verdict(one, queries, "nanokg", "same_store", "on the same store")
        lines += _ratio_verdict(one, queries, "nanokg", "memory", "on an in-memory store")
        lines += _ratio_verdict(one, queries, "served", "memory", "on an in-memory store")
        build = one["build"]
        lines.append(f"- build of 1M ≤ {TARGET_BUILD_1M_S} s and ≤ {TARGET_BUILD_RSS_MB} MB: "
                     f"{build['median']:.1f} s, {build['peak_rss_mb']:.0f} MB — "
                     + ("met" if build["median"] <= TARGET_BUILD_1M_S
                        and build["peak_rss_mb"] <= TARGET_BUILD_RSS_MB else "MISSED"))
        rss = one["engines"]["nanokg"].get("process_rss_mb", 0)
        lines.append(f"- query memory at 1M ≤ {TARGET_QUERY_RSS_MB} MB: {rss:.0f} MB — "
                     + ("met" if rss <= TARGET_QUERY_RSS_MB else "MISSED"))
    if "100k" in by_size:
        lines += _speedup_verdict(by_size["100k"], queries, "nanokg")
        lines += _speedup_verdict(by_size["100k"], queries, "served")
    medians = [m["median"] for m in cold["queries"].values() if "median" in m]
    if medians:
        slowest = max(medians)
        lines.append(f"- cold `nanokg query run NAME` on the shipped graph, median ≤ {TARGET_COLD_QUERY_S} s: "
                     f"median over queries {statistics.median(medians):.3f} s, slowest query {slowest:.3f} s — "
                     + ("met" if slowest <= TARGET_COLD_QUERY_S else "MISSED"))
    return lines


def report(info: dict[str, Any], settings: Settings, sizes: list[dict[str, Any]], cold: dict[str, Any],
           queries: dict[str, dict[str, Any]], seconds: float) -> str:
    versions = ", ".join(f"{name} {version}" for name, version in info["versions"].items())
    lines = [
        "# nanokg benchmark results",
        "",
        f"Measured {info['date']} with `python bench/run.py{' --quick' if settings.quick else ''}` "
        f"(sizes {', '.join(settings.sizes)}; up to {settings.repeats} timed runs per query after a warm-up, "
        "fewer for a query that has taken 5 s in 3 runs; rdflib "
        f"{settings.rdflib_repeats} run(s) per query, capped at {settings.rdflib_cap:g} s up to 200k triples "
        f"and 10 s above; build {settings.build_repeats} run(s) per size; whole run {seconds:.0f} s).",
        "",
        "## Machine",
        "",
        f"- CPU: {info['cpu']}, {info['cores']} cores available; RAM {info['memory_gib']} GiB",
        f"- OS: {info['os']}; Python {info['python']}",
        f"- {versions}",
        f"- nanokg commit {info['commit']}",
        f"- load average before / after the run: {' '.join(f'{x:.2f}' for x in info['load_before'])} / "
        f"{' '.join(f'{x:.2f}' for x in info['load_after'])} (above the core count means other work "
        "shared the machine, and times are noisier)",
        "",
        "## Targets",
        "",
        *verdicts(sizes, cold, queries),
        "",
        "## Build (`nanokg build` of the generated sources, a new process, cold cache)",
        "",
        *build_table(sizes),
        "",
        "## Validation (`nanokg validate`, a new process: compile, SHACL shapes, quality checks)",
        "",
        *validation_table(sizes),
        "",
        "## Saved queries",
        "",
        "Same query text and parameter values on every engine. *nanokg* is the library path of "
        "`nanokg query run`: bind the parameter values (text → RDF terms, checked against the graph), "
        "run, read every row; *pyoxigraph, same store* runs the same text with the same terms on the "
        "store nanokg opened, taking turns with nanokg; *in memory* loads the release's N-Triples "
        "into an in-memory pyoxigraph store first; rdflib runs the text on its own engine over the "
        f"same triples (each query capped). Join-heavy: {JOIN_HEAVY_PATTERNS} or more triple "
        "patterns joined outside OPTIONAL (each step of a property path sequence counts). Rows must "
        "agree across engines.",
        "",
    ]
    for size in sizes:
        lines += query_table(size, queries)
    lines += ["## Cold `nanokg query run NAME` on the shipped graph (a new process each run)", "",
              *cli_table(cold), ""]
    return "\n".join(lines) + "\n"


def parse_arguments(argv: list[str] | None) -> Settings:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="10k and 100k, fewer repeats: under a minute")
    parser.add_argument("--sizes", help=f"comma-separated sizes (default 10k,100k,1m; known: {', '.join(SIZES)})")
    parser.add_argument("--repeats", type=int, help="timed runs per query after the warm-up")
    parser.add_argument("--rdflib-cap", type=float, help="seconds before an rdflib query is stopped")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=BENCH / ".data", help="where generated data goes")
    parser.add_argument("--results", type=Path, default=None,
                        help="Markdown file to write (default bench/RESULTS.md; --quick writes none)")
    args = parser.parse_args(argv)
    quick = args.quick
    sizes = (args.sizes or ("10k,100k" if quick else "10k,100k,1m")).lower().split(",")
    return Settings(
        sizes=sizes,
        repeats=args.repeats or (1 if quick else 7),
        build_repeats=1 if quick else 3,
        cli_repeats=1 if quick else 11,
        rdflib_repeats=1 if quick else 3,
        rdflib_cap=args.rdflib_cap or (0.5 if quick else 60.0),
        rdflib_max_triples=200_000 if quick else 1_200_000,
        pyshacl_cap=30.0 if quick else 600.0,
        pyshacl_max_triples=0 if quick else 200_000,
        seed=args.seed,
        work=args.work,
        results=args.results or (None if quick else BENCH / "RESULTS.md"),
        quick=quick,
    )


def main(argv: list[str] | None = None) -> None:
    settings = parse_arguments(argv)
    started = time.perf_counter()
    info = machine()
    info["date"] = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    queries = catalogue()
    settings.work.mkdir(parents=True, exist_ok=True)
    sizes = [measure_size(size, settings, queries) for size in settings.sizes]
    cold = measure_cold_cli(settings, queries)
    info["load_after"] = os.getloadavg()
    text = report(info, settings, sizes, cold, queries, time.perf_counter() - started)
    print(text)
    if settings.results is not None:
        settings.results.write_text(text, encoding="utf-8")
        raw = {"machine": info, "sizes": sizes, "cold_cli": cold, "queries": queries}
        settings.results.with_suffix(".json").write_text(json.dumps(raw, indent=1, default=str) + "\n",
                                                         encoding="utf-8")
        print(f"wrote {settings.results} and its measurements, {settings.results.with_suffix('.json').name}",
              file=sys.stderr)


if __name__ == "__main__":
    main()
