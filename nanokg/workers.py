"""Run SPARQL queries in worker processes that can be stopped: the time limit of a served query.

pyoxigraph evaluates a query inside one native call that a Python thread cannot interrupt, so a
server that ran queries in its own process could never bound a pathological one (a cross join of
the whole graph with itself). Each query therefore runs in a worker process holding the store open
read-only; when a query overruns its time limit the worker is killed and a fresh one takes its
place, and every other request carries on.

Workers also cap the size of an answer, stopping the evaluation as soon as the cap is passed, and
hand results back in lossless, streaming-friendly forms (SPARQL Results TSV for solutions,
N-Triples for graphs) that ``nanokg.negotiation`` turns into whatever the client asked for.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Literal as TypingLiteral

from nanokg.engine import query_error
from nanokg.errors import QueryError

__all__ = [
    "Limits",
    "Job",
    "Outcome",
    "WorkerPool",
    "QuerySyntaxError",
    "QueryTimeout",
    "TooManyResults",
    "EvaluationError",
    "WorkerCrashed",
]

# A fresh worker imports pyoxigraph and opens the store, or copies it into memory (about 8 s for a
# million triples): a minute is ample even on a loaded machine.
_STARTUP_SECONDS = 60.0


@dataclass(frozen=True)
class Limits:
    """What one query may cost."""

    timeout: float = 10.0
    max_rows: int = 10_000


@dataclass(frozen=True)
class Job:
    """One query and the dataset it runs over (SPARQL Protocol ``default-graph-uri``/``named-graph-uri``)."""

    query: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    substitutions: dict[str, object] = field(default_factory=dict)


Kind = TypingLiteral["solutions", "boolean", "graph"]


@dataclass(frozen=True)
class Outcome:
    """A query's answer: SPARQL Results TSV (solutions), N-Triples (graph) or ``b"true"``/``b"false"``."""

    kind: Kind
    data: bytes
    count: int


class QuerySyntaxError(QueryError):
    """The query does not parse; the message is the parser's, with line and column."""

    @classmethod
    def of(cls, error: QueryError) -> QuerySyntaxError:
        return cls(error.message, path=error.path, line=error.line, column=error.column, hint=error.hint)


class QueryTimeout(QueryError):
    """The query ran longer than the time limit and was stopped."""


class TooManyResults(QueryError):
    """The answer has more rows (or triples) than the limit."""


class EvaluationError(QueryError):
    """The query parsed but failed while running (e.g. a SERVICE call that failed)."""


class WorkerCrashed(QueryError):
    """The worker process died while running the query."""


@dataclass(frozen=True)
class _Failure:
    """A ``QueryError`` as plain fields: exceptions lose their keyword arguments when pickled."""

    error: type[QueryError]
    message: str
    hint: str | None
    path: str | None
    line: int | None
    column: int | None

    @classmethod
    def of(cls, error: QueryError) -> _Failure:
        return cls(type(error), error.message, error.hint, error.path, error.line, error.column)

    def exception(self) -> QueryError:
        return self.error(self.message, hint=self.hint, path=self.path, line=self.line, column=self.column)


class _RowCapReached(Exception):
    pass


class _CountingSink:
    """A binary sink for SPARQL Results TSV that stops the serialisation past ``max_rows`` rows.

    TSV escapes line breaks inside literals, so every row is exactly one line after the header.
    """

    def __init__(self, max_rows: int) -> None:
        self._max_lines = max_rows + 1
        self.lines = 0
        self.chunks: list[bytes] = []

    def write(self, chunk: bytes) -> int:
        data = bytes(chunk)
        self.lines += data.count(b"\n")
        if self.lines > self._max_lines:
            raise _RowCapReached
        self.chunks.append(data)
        return len(data)

    def flush(self) -> None:
        pass


def _too_many(max_rows: int, what: str) -> TooManyResults:
    return TooManyResults(
        f"the answer has more than {max_rows:,} {what}, the limit of this server",
        hint="add LIMIT (and OFFSET to page through the answer), or aggregate with COUNT/GROUP BY",
    )


def evaluate(store: object, job: Job, max_rows: int) -> Outcome:
    """Run ``job`` on a pyoxigraph store and capture its answer, at most ``max_rows`` rows or triples."""
    from pyoxigraph import (
        NamedNode,
        QueryBoolean,
        QueryResultsFormat,
        QuerySolutions,
        RdfFormat,
        Variable,
        serialize,
    )

    options: dict[str, object] = {}
    if job.default_graphs:
        options["default_graph"] = [NamedNode(iri) for iri in job.default_graphs]
    if job.named_graphs:
        options["named_graphs"] = [NamedNode(iri) for iri in job.named_graphs]
    if job.substitutions:
        options["substitutions"] = {Variable(name): term for name, term in job.substitutions.items()}
    try:
        results = store.query(job.query, **options)  # type: ignore[attr-defined]
        if isinstance(results, QueryBoolean):
            return Outcome("boolean", b"true" if results else b"false", 1)
        if isinstance(results, QuerySolutions):
            sink = _CountingSink(max_rows)
            try:
                results.serialize(sink, QueryResultsFormat.TSV)
            except _RowCapReached:
                raise _too_many(max_rows, "rows") from None
            return Outcome("solutions", b"".join(sink.chunks), max(sink.lines - 1, 0))
        triples = list(islice(results, max_rows + 1))
        if len(triples) > max_rows:
            raise _too_many(max_rows, "triples")
        data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
        return Outcome("graph", data, len(triples))
    except SyntaxError as error:
        raise QuerySyntaxError.of(query_error(error, "<query>", job.query)) from None
    except RuntimeError as error:
        raise query_error(error, "<query>") from None
    except OSError as error:
        raise EvaluationError(str(error)) from None


def _serve(store_dir: str, conn: Connection, max_rows: int, in_memory: bool) -> None:
    """Worker main loop: answer jobs from ``conn`` until the parent closes it."""
    from pyoxigraph import Store

    store = Store.read_only(store_dir)
    if in_memory:
        # Oxigraph reads large answers several times faster from memory than from its on-disk
        # store (bench/RESULTS.md): a long-running worker pays the copy once.
        memory = Store()
        memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
        store = memory
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        try:
            conn.send(evaluate(store, job, max_rows))
        except QueryError as error:
            conn.send(_Failure.of(error))


class _Worker:
    """One worker process and the pipe to it; replaced whole when it overruns or dies."""

    def __init__(self, context: multiprocessing.context.BaseContext, store_dir: Path, max_rows: int,
                 in_memory: bool) -> None:
        self._context = context
        self._store_dir = store_dir
        self._max_rows = max_rows
        self._in_memory = in_memory
        self._launch()

    def _start(self) -> None:
        self._launch()
        self.wait_ready()

    def _launch(self) -> None:
        self.conn, child = self._context.Pipe()
        self.process = self._context.Process(  # type: ignore[attr-defined]
            target=_serve, args=(str(self._store_dir), child, self._max_rows, self._in_memory), daemon=True,
            name="nanokg-query-worker",
        )
        self.process.start()
        child.close()

    def wait_ready(self) -> None:
        """Wait for the worker to have opened (or copied) the store."""
        try:
            ready = self.conn.poll(_STARTUP_SECONDS) and self.conn.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self.stop()
            raise WorkerCrashed(f"a query worker could not start on the store {self._store_dir}")

    def stop(self) -> None:
        self.conn.close()
        if self.process.is_alive():
            self.process.kill()
        self.process.join()

    def _replace(self) -> None:
        self.stop()
        self._start()

    def run(self, job: Job, timeout: float) -> Outcome:
        if not self.process.is_alive():
            self._replace()
        self.conn.send(job)
        if not self.conn.poll(timeout):
            self._replace()
            raise QueryTimeout(
                f"the query ran longer than {timeout:g} s, the time limit of this server, and was stopped",
                hint="narrow the patterns (bind a variable, add a FILTER) or add LIMIT",
            )
        try:
            reply = self.conn.recv()
        except (EOFError, OSError):
            self._replace()
            raise WorkerCrashed("the query worker died while running the query") from None
        if isinstance(reply, _Failure):
            raise reply.exception()
        assert isinstance(reply, Outcome)
        return reply


class WorkerPool:
    """A fixed number of query workers over one on-disk store; ``run`` is safe to call from threads.

    With ``in_memory`` each worker copies the store into memory when it starts (faster answers,
    a copy of the graph per worker); otherwise workers read the on-disk store.
    """

    def __init__(self, store_dir: Path, limits: Limits, size: int = 2, in_memory: bool = True) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.limits = limits
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: list[_Worker] = []
        self._lock = threading.Lock()
        try:
            # Launch every worker before waiting for any: copying a large store into memory takes
            # seconds, and the workers do it in parallel.
            for _ in range(size):
                self._workers.append(_Worker(self._context, store_dir, limits.max_rows, in_memory))
            for worker in self._workers:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    @property
    def pids(self) -> list[int]:
        """Process ids of the live workers (for monitoring memory)."""
        return [worker.process.pid for worker in self._workers if worker.process.pid is not None]

    def run(self, job: Job) -> Outcome:
        """Answer ``job`` on the next free worker, within the pool's limits."""
        worker = self._idle.get()
        try:
            return worker.run(job, self.limits.timeout)
        finally:
            self._idle.put(worker)

    def close(self) -> None:
        with self._lock:
            for worker in self._workers:
                worker.stop()
            self._workers.clear()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
