"""Example answers of the saved queries (``queries/*.rq``) for the documentation site.

Every query of the catalogue is run with its parameters' defaults, bound exactly as
``nanokg query run`` binds them, and its first rows are shown with labels instead of IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nanokg.compile import CompiledGraph
from nanokg.engine import OxigraphEngine, Solutions
from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.queries import SavedQuery, bind_parameters, load_catalogue
from nanokg.results import cell_text
from nanokg.store import load_memory_store
from nanokg.terms import TermIndex, build_term_index

__all__ = ["QueryExample", "query_examples"]


@dataclass
class QueryExample:
    """A saved query with its documentation and the first rows of its answer."""

    name: str
    summary: str
    description: str
    question: str
    sparql: str
    parameters: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0
    note: str = ""


def _example(query: SavedQuery, engine: OxigraphEngine, terms: TermIndex, rows: int) -> QueryExample:
    example = QueryExample(query.name, query.title, " ".join(query.description.split()), query.question,
                           query.body.strip())
    if missing := [parameter.name for parameter in query.parameters if parameter.required]:
        example.note = f"parameter {missing[0]} has no default, so the catalogue shows no example answer"
        return example
    try:
        bindings = bind_parameters(query, {}, engine, terms)
        result = engine.run(query.sparql, bindings, source=query.path)
    except QueryError as error:
        example.note = f"the query does not run: {error.message}"
        return example
    example.parameters = {name: cell_text(term, terms) for name, term in bindings.items()}
    if not isinstance(result, Solutions):
        example.note = "not a SELECT query: run it with nanokg to see its answer"
        return example
    shown = [i for i, variable in enumerate(result.variables) if variable not in bindings]
    example.columns = [result.variables[i] for i in shown]
    example.total = len(result.rows)
    example.rows = [[cell_text(row[i], terms) for i in shown] for row in result.rows[:rows]]
    return example


def query_examples(layout: DataLayout, compiled: CompiledGraph, rows: int) -> list[QueryExample]:
    """Every saved query of ``layout`` with the first ``rows`` answers on the compiled graph."""
    if not layout.queries_dir.is_dir():
        return []
    engine = OxigraphEngine(load_memory_store(compiled))
    terms = build_term_index(engine)
    return [_example(query, engine, terms, rows) for query in load_catalogue(layout).values()]
