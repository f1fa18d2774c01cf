"""``nanokg sparql``: run any SPARQL query on the graph."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from nanokg.cli import Settings, example
from nanokg.cli.output import emit, open_graph, result_options
from nanokg.errors import QueryError


def _read_query(query: str) -> tuple[str, str]:
    """The query text and where it came from: ``-`` is standard input, an existing path a file."""
    if query == "-":
        return sys.stdin.read(), "<stdin>"
    looks_like_a_path = not any(c.isspace() for c in query) and query.endswith((".rq", ".sparql"))
    if looks_like_a_path or (len(query) < 4096 and "\n" not in query and Path(query).is_file()):
        try:
            return Path(query).read_text(encoding="utf-8"), query
        except (OSError, UnicodeDecodeError) as error:
            raise QueryError(f"cannot read the query file: {error}", path=query,
                             hint="give a SPARQL file, the query text in quotes, or - for standard input") from None
    return query, "<query>"


@example("nanokg sparql 'SELECT * WHERE { ?f nkg:hasPayload ?drug }'")
@click.command(short_help='Run a SPARQL 1.1 query: text, a file, or - for stdin.')
@click.argument("query", metavar="QUERY_OR_FILE_OR_-")
@result_options
@click.pass_obj
def sparql(settings: Settings, query: str, fmt: str | None, output: Path | None, limit: int | None,
           labels: bool | None, engine: str, remote: Any) -> None:
    """Run a SPARQL 1.1 query given as text, as a file, or on standard input (-).

    The project's prefixes (nkg:, nkgid:, rdfs:, skos:, CHEBI: ...) are declared for you.
    """
    text, source = _read_query(query)
    graph = open_graph(settings, engine, remote)
    result = graph.engine.run(text, limit=limit, prefixes=graph.terms.prefixes, source=source)
    emit(result, graph, fmt, output, labels)
