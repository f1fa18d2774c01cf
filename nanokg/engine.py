"""Run SPARQL on an engine and get typed results back.

Two engines answer the same queries over the same triples:

* ``oxigraph`` (default): the read-only Oxigraph store that ``nanokg build`` leaves in the cache.
  Parameters are bound with SEP-0007 substitutions, never pasted into the query text.
* ``rdflib``: rdflib's own SPARQL engine over a graph loaded from that store, with
  ``initBindings``. It is slow, and here as a reference implementation to check answers against.

Results are plain data with pyoxigraph terms — ``Solutions`` (SELECT), ``Triples`` (CONSTRUCT,
DESCRIBE) or ``Boolean`` (ASK) — so the writers in ``nanokg.results`` serve every engine, local
or remote. Nothing here knows about click or the command line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Literal, Protocol, TypeVar

from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    NamedNode,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    Variable,
)
from pyoxigraph import Literal as RdfLiteral

from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.sparql_text import missing_form, undeclared_prefix
from nanokg.terms import TermIndex

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "Term", "Solutions", "Triples", "Boolean", "QueryResult", "Engine", "OxigraphEngine",
    "RdflibEngine", "ENGINES", "EngineName", "LocalGraph", "open_local", "query_error", "typed_result",
]

Term = NamedNode | BlankNode | RdfLiteral | Triple
EngineName = Literal["oxigraph", "rdflib"]
ENGINES: tuple[EngineName, ...] = ("oxigraph", "rdflib")
_T = TypeVar("_T")


@dataclass(frozen=True)
class Solutions:
    """The answer to a SELECT query: variable names and one tuple per row (None: unbound)."""

    variables: tuple[str, ...]
    rows: list[tuple[Term | None, ...]]
    truncated: bool = False


@dataclass(frozen=True)
class Triples:
    """The answer to a CONSTRUCT or DESCRIBE query."""

    triples: list[Triple]
    truncated: bool = False


@dataclass(frozen=True)
class Boolean:
    """The answer to an ASK query."""

    value: bool


QueryResult = Solutions | Triples | Boolean


class Engine(Protocol):
    """Something that answers SPARQL 1.1 queries with parameters bound as RDF terms."""

    name: str

    def run(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
            limit: int | None = None, prefixes: Mapping[str, str] | None = None,
            source: str | None = None) -> QueryResult:
        """Answer ``sparql`` with ``bindings`` substituted for variables.

        ``limit`` caps the rows or triples returned, ``prefixes`` are declared for queries that
        omit ``PREFIX`` lines, and ``source`` names the query's file in error messages.
        """
        ...


_LONGEST_MESSAGE = 160
_OXIGRAPH_SYNTAX = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_NOT_PROJECTED = re.compile(r"does not contains? variable \?(\w+) in its SELECT projection")


def _limited(items: Iterable[_T], limit: int | None) -> tuple[list[_T], bool]:
    if limit is None:
        return list(items), False
    taken = list(islice(items, limit + 1))
    return taken[:limit], len(taken) > limit


def _syntax_error(message: str, line: int | None, column: int | None, source: str | None) -> QueryError:
    message = " ".join(message.split())
    if len(message) > _LONGEST_MESSAGE:  # Oxigraph lists every character class it expected
        message = message[:_LONGEST_MESSAGE].rsplit(",", 1)[0] + ", ..."
    return QueryError(f"invalid SPARQL: {message}", path=source or "<query>", line=line, column=column,
                      hint="correct the query; SPARQL 1.1 syntax: https://www.w3.org/TR/sparql11-query/")


@dataclass
class OxigraphEngine:
    """Queries on an Oxigraph store (the default engine)."""

    store: Store
    name: str = field(default="oxigraph", init=False)

    def run(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
            limit: int | None = None, prefixes: Mapping[str, str] | None = None,
            source: str | None = None) -> QueryResult:
        substitutions = {Variable(name): term for name, term in (bindings or {}).items()}
        try:
            answer = self.store.query(sparql, prefixes=dict(prefixes or {}),
                                      substitutions=substitutions or None)
        except (SyntaxError, RuntimeError) as error:
            raise query_error(error, source, sparql, tuple(prefixes or ())) from None
        return typed_result(answer, limit)


def query_error(error: SyntaxError | RuntimeError, source: str | None, sparql: str = "",
                prefixes: Collection[str] = ()) -> QueryError:
    """What to report for an error pyoxigraph raised on ``sparql``: an undeclared prefix by name,
    other syntax errors where they are, and the fix for a parameter the SELECT clause does not
    project. ``prefixes`` are those declared for the query besides its own PREFIX lines."""
    if isinstance(error, SyntaxError):
        if unknown := undeclared_prefix(sparql, prefixes):
            prefix, line, column = unknown
            return QueryError(
                f"unknown prefix '{prefix}:'", path=source or "<query>", line=line, column=column,
                hint=f"declare it (PREFIX {prefix}: <namespace>)" + (
                    " or use one nanokg declares for you: " + ", ".join(sorted(prefixes, key=str.casefold))
                    if prefixes else ""),
            )
        if misplaced := missing_form(sparql):
            word, line, column = misplaced
            return QueryError(
                f"'{word}' where the query's form should be", path=source or "<query>", line=line, column=column,
                hint="after any PREFIX and BASE lines a query starts with SELECT, CONSTRUCT, ASK or DESCRIBE "
                     "(updates are not run)",
            )
        match = _OXIGRAPH_SYNTAX.match(str(error))
        if match is None:
            return _syntax_error(str(error), None, None, source)
        return _syntax_error(match[3], int(match[1]), int(match[2]), source)
    if missing := _NOT_PROJECTED.search(str(error)):
        return QueryError(
            f"parameter ?{missing[1]} is not in the query's SELECT clause", path=source,
            hint=f"add ?{missing[1]} to the SELECT line: parameters are bound as SEP-0007 "
                 "substitutions, which require the variable to be projected",
        )
    return QueryError(f"the query failed: {error}", path=source)


def typed_result(answer: QuerySolutions | QueryBoolean | Iterable[Triple], limit: int | None = None) -> QueryResult:
    """A pyoxigraph answer — from a store, or parsed from a SPARQL server's response — as a result."""
    if isinstance(answer, QueryBoolean):
        return Boolean(bool(answer))
    if isinstance(answer, QuerySolutions):
        variables = tuple(variable.value for variable in answer.variables)
        rows, truncated = _limited(
            (tuple(solution[name] for name in variables) for solution in answer), limit)
        return Solutions(variables, rows, truncated)
    triples, truncated = _limited(answer, limit)
    return Triples(triples, truncated)


def _to_oxigraph(term: rdflib.term.Node | None) -> Term | None:
    from nanokg.rdflib_terms import from_rdflib

    if term is None:
        return None
    try:
        return from_rdflib(term)
    except TypeError:
        raise QueryError(f"rdflib returned a term nanokg cannot represent: {term!r}") from None


def _to_rdflib(term: Term) -> rdflib.term.Node:
    from nanokg.rdflib_terms import to_rdflib

    try:
        return to_rdflib(term)
    except TypeError:
        raise QueryError("quoted triples cannot be bound as parameters on the rdflib engine") from None


@dataclass
class RdflibEngine:
    """Queries with rdflib's SPARQL engine (reference implementation; slow on large joins)."""

    graph: rdflib.Graph
    name: str = field(default="rdflib", init=False)

    @classmethod
    def from_store(cls, store: Store) -> RdflibEngine:
        """An rdflib graph holding exactly the triples of ``store``'s default graph."""
        import rdflib

        data = store.dump(format=RdfFormat.N_TRIPLES, from_graph=DefaultGraph())
        return cls(rdflib.Graph().parse(data=data, format="nt"))

    def run(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
            limit: int | None = None, prefixes: Mapping[str, str] | None = None,
            source: str | None = None) -> QueryResult:
        from pyparsing import ParseException

        init = {name: _to_rdflib(term) for name, term in (bindings or {}).items()}
        try:
            answer = self.graph.query(sparql, initNs=dict(prefixes or {}), initBindings=init)
        except ParseException as error:
            raise _syntax_error(error.msg, error.lineno, error.col, source) from None
        except Exception as error:  # rdflib raises bare Exceptions for unknown prefixes and the like
            raise QueryError(f"the query failed: {error}", path=source) from None
        if answer.type == "ASK":
            return Boolean(bool(answer.askAnswer))
        if answer.type == "SELECT":
            variables = tuple(str(variable) for variable in answer.vars or ())
            rows, truncated = _limited(
                (tuple(_to_oxigraph(row[index]) for index in range(len(variables))) for row in answer),
                limit)
            return Solutions(variables, rows, truncated)
        triples, truncated = _limited(
            (Triple(*(_to_oxigraph(term) for term in triple)) for triple in answer), limit)
        return Triples(triples, truncated)


@dataclass(frozen=True)
class LocalGraph:
    """The built graph of a data folder: an engine to query it and the names of its terms."""

    engine: Engine
    terms: TermIndex


def open_local(layout: DataLayout, engine: EngineName = "oxigraph", *,
               on_compile: Callable[[str], None] | None = None) -> LocalGraph:
    """Open ``layout``'s query store (compiling it if the sources changed) with the named engine."""
    from nanokg.store import ensure_store, open_term_index

    store_dir = ensure_store(layout, on_compile)
    store = Store.read_only(str(store_dir))
    terms = open_term_index(store_dir, store)
    if engine == "rdflib":
        return LocalGraph(RdflibEngine.from_store(store), terms)
    return LocalGraph(OxigraphEngine(store), terms)
