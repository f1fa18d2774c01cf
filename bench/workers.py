"""Measurements that run in their own process, so each engine's memory is measured alone.

``bench/run.py`` starts ``python -m bench.workers TASK JSON`` and reads one JSON object from the
last line of its output. Tasks:

* ``bindings``  — the parameter values every engine gets (defaults, or stand-ins the graph has)
* ``nanokg``    — saved queries through nanokg's path (open the built store as the CLI does,
  bind the parameter values, run, read the rows), taking turns with raw pyoxigraph running the
  same text on the same store
* ``oxigraph``  — the same query text with raw pyoxigraph on an in-memory store loaded from the
  release's N-Triples
* ``rdflib``    — the same query text on rdflib's own SPARQL engine, each query capped in time

Every query runs once to warm up (not on rdflib, whose runs are capped), then ``repeats`` times;
the worker reports each time, the rows, its load time and its peak RSS.
"""

from __future__ import annotations

import json
import resource
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = ["peak_rss_mb", "timed_runs"]


def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Timeout(BaseException):
    """A query ran past its cap (not an Exception, so engines that catch those let it through)."""


@contextmanager
def capped(seconds: float | None) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (rdflib's engine is pure Python, so a signal stops it)."""
    if not seconds:
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise Timeout

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


#: A query that has run this many times and taken this long in all stops repeating: at a million
#: triples the slowest queries take seconds, and three runs give a median.
MIN_RUNS = 3
BUDGET_S = 5.0


def timed_runs(runs: dict[str, Callable[[], int]], repeats: int, cap: float | None = None,
               warm_up: bool = True) -> dict[str, Any]:
    """Time each of ``runs`` ``repeats`` times, taking turns, after one run to warm up.

    Taking turns (a, b, a, b, ...) puts both sides of a ratio under the same load when other work
    shares the machine. Each gets its times in seconds, their median and its row count. A run past
    ``cap`` ends that side's measurement: it reports the cap as a lower bound instead.
    """
    times: dict[str, list[float]] = {label: [] for label in runs}
    results: dict[str, dict[str, Any]] = {label: {} for label in runs}
    for attempt in range(repeats + 1 if warm_up else repeats):
        attempt += not warm_up  # attempt 0 is the warm-up
        for label, run in runs.items():
            spent = sum(times[label])
            if "timeout" in results[label] or (cap and spent > cap) or (
                    len(times[label]) >= MIN_RUNS and spent > BUDGET_S):
                continue  # stopped, or measured enough: a slow query within its cap or budget
            started = time.perf_counter()
            try:
                with capped(cap):
                    results[label]["rows"] = run()
            except Timeout:
                results[label] = {"timeout": cap, "rows": None}
                continue
            elapsed = time.perf_counter() - started
            if attempt > 0 or (cap and elapsed > cap / 4):  # a slow first run is worth keeping
                times[label].append(elapsed)
    for label, measured in results.items():
        if "timeout" not in measured:
            measured.update(times=times[label], median=statistics.median(times[label]))
    return results


def _count(result: Any) -> int:
    """Rows of an answer (solutions, triples, or 1 for a boolean), consuming it fully."""
    from nanokg.engine import Boolean, Solutions, Triples

    if isinstance(result, Solutions):
        return len(result.rows)
    if isinstance(result, Triples):
        return len(result.triples)
    assert isinstance(result, Boolean)
    return 1


def _catalogue(data: Path) -> dict[str, Any]:
    from nanokg.paths import DataLayout
    from nanokg.queries import load_catalogue

    return load_catalogue(DataLayout(data))


_MOST_USED = """
SELECT ?term (COUNT(*) AS ?uses) WHERE {{
  ?term a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{within}> . ?subject ?predicate ?term
}} GROUP BY ?term ORDER BY DESC(?uses) ?term LIMIT 1
"""
_MOST_DESCRIBED = """
SELECT ?term (COUNT(*) AS ?uses) WHERE { ?term ?predicate ?object FILTER(isIRI(?term)) }
GROUP BY ?term ORDER BY DESC(?uses) ?term LIMIT 1
"""


def _value_for(parameter: Any, graph: Any) -> str | None:
    """The text to give ``parameter`` on this graph: its default, or a stand-in the graph has.

    Saved queries default to curated terms (``nkgid:doxorubicin``) that a generated graph lacks;
    there an IRI parameter gets the most used term of its class (or, without a class, the term
    with the most statements), the heaviest realistic value.
    """
    from nanokg.errors import QueryError
    from nanokg.queries import SavedQuery, bind_parameters

    value = parameter.default if parameter.default is not None else parameter.example
    if parameter.type != "iri":
        return value
    probe = SavedQuery(name="probe", path="probe", title="", description="", question="", tags=(),
                       parameters=(parameter,), sparql="", form="SELECT")
    try:
        bind_parameters(probe, {parameter.name: value} if value is not None else {}, graph.engine, graph.terms)
        return value
    except QueryError:
        within = graph.terms.expand(parameter.within) if parameter.within else None
        answer = graph.engine.run(_MOST_USED.format(within=within) if within else _MOST_DESCRIBED)
        return f"<{answer.rows[0][0].value}>" if answer.rows else value


def task_bindings(data: Path, names: list[str]) -> dict[str, Any]:
    """The parameter values every engine is given, per query (see ``_value_for``)."""
    from nanokg.engine import open_local
    from nanokg.paths import DataLayout

    graph = open_local(DataLayout(data))
    catalogue = _catalogue(data)
    return {name: {parameter.name: _value_for(parameter, graph) for parameter in catalogue[name].parameters}
            for name in names}


def _bind(query: Any, given: dict[str, str | None], engine: Any, terms: Any) -> dict[str, Any]:
    from nanokg.queries import bind_parameters

    return bind_parameters(query, {key: value for key, value in given.items() if value is not None}, engine, terms)


def task_nanokg(data: Path, repeats: int, names: list[str], bindings: dict[str, Any],
                order_by_profile: bool = True) -> dict[str, Any]:
    """Saved queries through nanokg, taking turns with raw pyoxigraph on the same store.

    ``nanokg`` binds the parameter values and runs the query as ``nanokg query run`` does
    (``bind`` times the binding alone); ``native`` runs the same text with the same terms on the
    very store nanokg opened, reading every row.
    """
    from pyoxigraph import Variable

    from nanokg.engine import open_local
    from nanokg.paths import DataLayout

    started = time.perf_counter()
    graph = open_local(DataLayout(data))
    opened = time.perf_counter() - started
    catalogue = _catalogue(data)
    store = graph.engine.store
    results = {}
    for name in names:
        query, given = catalogue[name], bindings[name]
        bound = _bind(query, given, graph.engine, graph.terms)
        substitutions = {Variable(key): term for key, term in bound.items()} or None

        def bind(query: Any = query, given: dict[str, Any] = given) -> int:
            return len(_bind(query, given, graph.engine, graph.terms))

        def run(query: Any = query, given: dict[str, Any] = given) -> int:
            bound = _bind(query, given, graph.engine, graph.terms)
            return _count(graph.engine.run(query.sparql, bound, source=query.path))

        runs = {"nanokg": run, "bind": bind, "native": _native(store, query.sparql, substitutions)}
        unordered = without_order_by(query.sparql) if order_by_profile else None
        if unordered is not None:
            runs["native_unordered"] = _native(store, unordered, substitutions)
        results[name] = timed_runs(runs, repeats)
    return {"open": opened, "queries": results, "peak_rss_mb": peak_rss_mb()}


def without_order_by(sparql: str) -> str | None:
    """``sparql`` without its final ORDER BY clause, to profile what sorting costs; ``None`` when
    it has none, or when LIMIT/OFFSET follow it (dropping the order would change the rows)."""
    from nanokg.sparql_text import tokens

    parts = list(tokens(sparql))
    keywords = [(index, token.keyword) for index, token in enumerate(parts) if token.keyword]
    order = [index for (index, keyword), (_, following) in zip(keywords, keywords[1:])
             if keyword == "ORDER" and following == "BY"]
    if not order or any(keyword in {"LIMIT", "OFFSET"} for index, keyword in keywords if index > order[-1]):
        return None
    if any(token.text == "}" for token in parts[order[-1]:]):
        return None  # the ORDER BY of a subquery, not of the answer
    return "".join(token.text for token in parts[:order[-1]])


def _native(store: Any, text: str, substitutions: Any) -> Callable[[], int]:
    """Run ``text`` on pyoxigraph's own API, reading every row."""
    return lambda: _native_rows(store.query(text, substitutions=substitutions))


def _native_rows(answer: Any) -> int:
    from pyoxigraph import QueryBoolean, QuerySolutions

    if isinstance(answer, QueryBoolean):
        return 1
    if isinstance(answer, QuerySolutions):  # read every value, as any caller of a query does
        variables = answer.variables
        return len([tuple(solution[variable] for variable in variables) for solution in answer])
    return len(list(answer))


#: Above any answer of the generated graphs: the benchmark times whole answers, not the cap.
SERVED_ROW_CAP = 10_000_000


def task_oxigraph(data: Path, repeats: int, names: list[str], bindings: dict[str, Any], ntriples: str,
                  store_dir: str) -> dict[str, Any]:
    """The same query text on raw pyoxigraph, in an in-memory store loaded from the N-Triples,
    taking turns with nanokg's served path on that store (``nanokg serve --store memory``: bind the
    parameters, evaluate, write the SPARQL Results TSV the endpoint sends)."""
    from pyoxigraph import RdfFormat, Store, Variable

    from nanokg.engine import OxigraphEngine
    from nanokg.terms import load_term_index
    from nanokg.workers import Job, evaluate

    started = time.perf_counter()
    store = Store()
    store.bulk_load(path=ntriples, format=RdfFormat.N_TRIPLES)
    loaded = time.perf_counter() - started
    terms = load_term_index(Path(store_dir).parent / "terms.json", Store.read_only(store_dir))
    catalogue = _catalogue(data)
    results = {}
    for name in names:
        query = catalogue[name]
        bound = _bind(query, bindings[name], OxigraphEngine(store), terms)
        substitutions = {Variable(key): term for key, term in bound.items()} or None

        def served(query: Any = query, given: dict[str, Any] = bindings[name]) -> int:
            bound = _bind(query, given, OxigraphEngine(store), terms)
            return evaluate(store, Job(query.sparql, substitutions=bound), max_rows=SERVED_ROW_CAP).count

        results[name] = timed_runs({"memory": _native(store, query.sparql, substitutions), "served": served}, repeats)
    return {"open": loaded, "queries": results, "peak_rss_mb": peak_rss_mb()}


def task_rdflib(data: Path, repeats: int, names: list[str], bindings: dict[str, Any], ntriples: str,
                store_dir: str, cap: float) -> dict[str, Any]:
    """The same query text on rdflib's SPARQL engine over the same triples, each query capped."""
    import rdflib
    from pyoxigraph import Store

    from nanokg.engine import OxigraphEngine, RdflibEngine
    from nanokg.terms import load_term_index

    started = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(ntriples, format="nt")
    loaded = time.perf_counter() - started
    engine = RdflibEngine(graph)
    store = Store.read_only(store_dir)
    terms = load_term_index(Path(store_dir).parent / "terms.json", store)
    catalogue = _catalogue(data)
    results = {}
    for name in names:
        query = catalogue[name]
        bound = _bind(query, bindings[name], OxigraphEngine(store), terms)

        def run(query: Any = query, bound: Any = bound) -> int:
            return _count(engine.run(query.sparql, bound, source=query.path))

        results[name] = timed_runs({"rdflib": run}, repeats, cap, warm_up=False)["rdflib"]
    return {"open": loaded, "queries": results, "peak_rss_mb": peak_rss_mb()}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "bindings": task_bindings,
    "nanokg": task_nanokg,
    "oxigraph": task_oxigraph,
    "rdflib": task_rdflib,
}


def main(argv: list[str]) -> None:
    task, arguments = argv[0], json.loads(argv[1])
    arguments["data"] = Path(arguments["data"])  # every task reads the data folder
    result = TASKS[task](**arguments)
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])
