"""Real HTTP servers on loopback for the tests: nanokg's own, Oxigraph's and Virtuoso's.

Each is started on a free port of 127.0.0.1 and stopped (with every process it started) when the
``with`` block ends, so a failing test leaves nothing running.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from nanokg.server import ServerSettings, create_app, listen

__all__ = ["running", "free_port", "wait_until_up", "Remote", "oxigraph_server", "virtuoso_server"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen[bytes] | None = None, seconds: float = 60.0) -> None:
    """Poll ``url`` until it answers (any status below 500), or fail with the process's output."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args} exited with {process.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


@contextmanager
def running(settings: ServerSettings) -> Iterator[str]:
    """nanokg's web application served by uvicorn in a thread; yields its base URL."""
    import uvicorn

    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the nanokg server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


@dataclass(frozen=True)
class Remote:
    """A SPARQL server under test: where to query it, where to upload, and how to authenticate."""

    name: str
    query_url: str
    store_url: str
    graph: str | None
    user: str | None = None
    password: str | None = None
    auth: str = "basic"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def oxigraph_binary() -> str | None:
    """The ``oxigraph`` server of the PyPI package of that name, next to this Python or on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


@contextmanager
def oxigraph_server(folder: Path) -> Iterator[Remote]:
    binary = oxigraph_binary()
    assert binary is not None
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/query?query=ASK%7B%7D", process)
        yield Remote("oxigraph", f"{base}/query", f"{base}/store", graph=None)
    finally:
        _stop(process)


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


_VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {db}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 1

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}/vsp
ServerThreads = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server(folder: Path) -> Iterator[Remote]:
    """OpenLink Virtuoso with a fresh database in ``folder``; dba/dba may write through the
    Graph Store Protocol endpoint ``/sparql-graph-crud-auth`` (HTTP digest authentication)."""
    binary = virtuoso_binary()
    assert binary is not None
    (folder / "vsp").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_VIRTUOSO_INI.format(db=folder, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "LANG": "C.UTF-8"})
    try:
        base = f"http://127.0.0.1:{http_port}"
        wait_until_up(f"{base}/sparql?query=ASK%7B%7D", process)
        yield Remote("virtuoso", f"{base}/sparql", f"{base}/sparql-graph-crud-auth",
                     graph="https://w3id.org/nanokg/graph", user="dba", password="dba", auth="digest")
    finally:
        _stop(process)
