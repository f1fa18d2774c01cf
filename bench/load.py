"""Load test of ``nanokg serve``: concurrent clients running the saved queries over loopback.

Starts ``nanokg serve`` on a free port of 127.0.0.1 (the shipped graph, or ``--data``), warms each
request up once, then lets ``--clients`` clients send ``--requests`` requests each, cycling through
every saved query of the catalogue with its default parameters and with its example, through the
web API (``/queries/NAME``), plus an ad-hoc query on ``/sparql``. It reports throughput, latency
percentiles, errors, and the resident memory of the server and its query workers before and after,
and writes ``bench/LOAD-RESULTS.md``. The run is bounded: a fixed number of requests, and a
deadline after which clients stop.

    python bench/load.py                          # 8 clients x 500 requests
    python bench/load.py --clients 16 --requests 200 --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
ADHOC = ("PREFIX nkg: <https://w3id.org/nanokg/> SELECT ?kind (COUNT(?f) AS ?n) "
         "WHERE { ?f a nkg:Formulation ; nkg:hasCarrier/a ?kind } GROUP BY ?kind ORDER BY DESC(?n)")


@dataclass(frozen=True)
class Request:
    label: str
    method: str
    path: str
    params: dict[str, str]


def requests_of(catalogue: dict) -> list[Request]:
    """Every saved query with its defaults and with its example values, and one ad-hoc query."""
    mix = []
    for query in catalogue["queries"]:
        mix.append(Request(query["name"], "GET", query["url"], {}))
        examples = {p["name"]: p["example"] for p in query["parameters"] if p["example"]}
        if examples:
            mix.append(Request(f"{query['name']} (example)", "GET", query["url"], examples))
    mix.append(Request("ad-hoc /sparql", "POST", "/sparql", {"query": ADHOC}))
    return mix


def rss_kib(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (the query workers), in KiB."""
    total, pending = 0, [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(re.search(r"VmRSS:\s+(\d+)", status)[1])  # type: ignore[index]
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, TypeError):
            continue
    return total


def start_server(args: argparse.Namespace) -> tuple[subprocess.Popen[str], str]:
    command = [sys.executable, "-m", "nanokg"] + (["--data", str(args.data)] if args.data else []) + [
        "serve", "--port", "0", "--workers", str(args.workers), "--no-access-log"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, cwd=REPO)
    assert server.stderr is not None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        if not line and server.poll() is not None:
            raise SystemExit(f"nanokg serve exited with {server.returncode}")
        if match := re.search(r"served at (http://127\.0\.0\.1:\d+)/", line):
            base = match[1]
            break
    else:
        raise SystemExit("nanokg serve did not start")
    while time.monotonic() < deadline:  # the workers start after the socket is bound
        try:
            if httpx.get(f"{base}/queries", timeout=5).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.1)
    raise SystemExit("nanokg serve did not answer")


async def send(client: httpx.AsyncClient, request: Request) -> tuple[float, int]:
    started = time.perf_counter()
    if request.method == "GET":
        response = await client.get(request.path, params=request.params)
    else:
        response = await client.post(request.path, data=request.params)
    return time.perf_counter() - started, response.status_code


async def client_loop(base: str, mix: list[Request], count: int, seed: int, deadline: float,
                      results: list[tuple[str, float, int]]) -> None:
    order = random.Random(seed)
    async with httpx.AsyncClient(base_url=base, timeout=60,
                                 headers={"Accept": "application/sparql-results+json"}) as client:
        for _ in range(count):
            if time.monotonic() > deadline:
                return
            request = order.choice(mix)
            try:
                seconds, status = await send(client, request)
            except httpx.HTTPError:
                seconds, status = float("nan"), 0
            results.append((request.label, seconds, status))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


async def warm_up(base: str, mix: list[Request]) -> tuple[list[Request], list[str]]:
    """Send every request once: those that fail (a catalogue example that no longer fits the
    graph) leave the mix and are reported, so the load measures answers, not refusals."""
    kept, excluded = [], []
    async with httpx.AsyncClient(base_url=base, timeout=60) as warm:
        for request in mix:
            response = await (warm.get(request.path, params=request.params) if request.method == "GET"
                              else warm.post(request.path, data=request.params))
            if response.status_code == 200:
                kept.append(request)
            else:
                excluded.append(f"{request.label}: HTTP {response.status_code} {response.text[:300]}")
    return kept, excluded


async def load(base: str, mix: list[Request], args: argparse.Namespace) -> tuple[list[tuple[str, float, int]], float]:
    results: list[tuple[str, float, int]] = []
    deadline = time.monotonic() + args.deadline
    started = time.perf_counter()
    await asyncio.gather(*(client_loop(base, mix, args.requests, seed, deadline, results)
                           for seed in range(args.clients)))
    return results, time.perf_counter() - started


def report(results: list[tuple[str, float, int]], wall: float, rss: tuple[int, int], mix: list[Request],
           args: argparse.Namespace, excluded: list[str]) -> str:
    latencies = [seconds for _, seconds, status in results if status == 200]
    errors = sum(1 for _, _, status in results if status != 200)
    ms = [1000 * seconds for seconds in latencies]
    lines = [
        "# Load test of `nanokg serve`",
        "",
        f"Run {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()} {platform.release()}.",
        f"Command: `python bench/load.py --clients {args.clients} --requests {args.requests} "
        f"--workers {args.workers}` — {args.clients} concurrent clients (keep-alive connections) × "
        f"{args.requests} requests over loopback, each drawn at random from {len(mix)} requests: every "
        "saved query through `/queries/NAME` with its defaults and with its example parameters, and "
        f"one ad-hoc aggregate query on `/sparql`; `nanokg serve --workers {args.workers}` on the "
        "same machine (client and server share its cores).",
        "",
        "| requests | errors | wall time | throughput | p50 | p90 | p99 | max | server RSS before → after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {len(results):,} | {errors} | {wall:.1f} s | {len(latencies) / wall:,.0f} req/s | "
        f"{percentile(ms, 0.5):.1f} ms | {percentile(ms, 0.9):.1f} ms | {percentile(ms, 0.99):.1f} ms | "
        f"{max(ms):.1f} ms | {rss[0] / 1024:.0f} MiB → {rss[1] / 1024:.0f} MiB |",
        "",
        "Latency per request (successful answers, milliseconds):",
        "",
        "| request | count | median | p99 |",
        "|---|---:|---:|---:|",
    ]
    for label in sorted({label for label, _, _ in results}):
        own = [1000 * seconds for name, seconds, status in results if name == label and status == 200]
        if own:
            lines.append(f"| {label} | {len(own)} | {statistics.median(own):.1f} | {percentile(own, 0.99):.1f} |")
    lines += ["", "Server RSS is the resident memory of the server process and its query worker "
              "processes, read from /proc after the warm-up pass and after the last request."]
    if excluded:
        lines += ["", "Left out of the mix because they failed in the warm-up pass:", ""]
        lines += [f"- {entry}" for entry in excluded]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=500, help="requests per client")
    parser.add_argument("--workers", type=int, default=2, help="query workers of the server")
    parser.add_argument("--deadline", type=float, default=600, help="seconds after which clients stop")
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: the repository's)")
    parser.add_argument("--output", type=Path, default=BENCH / "LOAD-RESULTS.md")
    args = parser.parse_args()
    server, base = start_server(args)
    try:
        mix = requests_of(httpx.get(f"{base}/queries", timeout=30).json())
        mix, excluded = asyncio.run(warm_up(base, mix))
        before = rss_kib(server.pid)
        results, wall = asyncio.run(load(base, mix, args))
        text = report(results, wall, (before, rss_kib(server.pid)), mix, args, excluded)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
