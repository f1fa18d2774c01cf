"""Options and output shared by the commands that run queries (``query run``, ``sparql``)."""

from __future__ import annotations

import functools
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from nanokg.cli import Settings
from nanokg.cli.remote_options import auth_options, credentials

if TYPE_CHECKING:
    from nanokg.engine import LocalGraph, QueryResult, Term

__all__ = ["result_options", "open_graph", "emit", "terminal_width"]

# Kept in step with nanokg.results and nanokg.engine, which this module must not import at start-up.
_FORMATS = ("table", "markdown", "csv", "tsv", "json", "turtle", "jsonld", "ntriples")
_ENGINES = ("oxigraph", "rdflib")


def result_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that prints query results.

    ``--endpoint`` (with ``--graph`` and the authentication options) reaches the command as one
    ``remote`` argument: None for the local graph, else the ``RemoteEndpoint`` to query.
    """

    @functools.wraps(command)
    def with_remote(*args: Any, endpoint: str | None, graphs: tuple[str, ...], user: str | None,
                    password: str | None, auth_scheme: str, **kwargs: Any) -> Any:
        kwargs["remote"] = _remote(endpoint, graphs, user, password, auth_scheme, kwargs.get("engine"))
        return command(*args, **kwargs)

    options = [
        click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default=None,
                     help="Output format [default: table; turtle for CONSTRUCT/DESCRIBE]."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
                     help="Write to this file (all-or-nothing) instead of standard output."),
        click.option("--limit", type=click.IntRange(min=0), default=None,
                     help="Return at most this many rows (or triples)."),
        click.option("--labels/--no-labels", default=None,
                     help="Show labels of IRIs [default: in table and markdown]; in csv, tsv and "
                          "json --labels adds a <column>_label column."),
        click.option("--engine", type=click.Choice(_ENGINES), default="oxigraph", show_default=True,
                     help="Query engine: the Oxigraph store, or rdflib's engine as a reference."),
        click.option("--endpoint", default=None, metavar="URL",
                     help="Query this SPARQL 1.1 endpoint instead of the local graph "
                          "(e.g. http://localhost:7878/query after `nanokg push`)."),
        click.option("--graph", "graphs", multiple=True, metavar="IRI",
                     help="With --endpoint: the graph to query (default-graph-uri; the --graph given "
                          "to `nanokg push`). Repeatable."),
    ]
    decorated = auth_options(with_remote)
    for option in reversed(options):
        decorated = option(decorated)
    return decorated


def _remote(endpoint: str | None, graphs: tuple[str, ...], user: str | None, password: str | None,
            auth_scheme: str, engine: str | None) -> Any:
    if endpoint is None:
        if graphs or user:
            raise click.UsageError("--graph and --user apply to a remote --endpoint")
        return None
    if engine not in (None, "oxigraph"):
        raise click.UsageError("--engine chooses a local engine: leave it out with --endpoint")
    from nanokg.remote import RemoteEndpoint

    return RemoteEndpoint(endpoint, graphs=graphs, credentials=credentials(user, password, auth_scheme))


def open_graph(settings: Settings, engine: str, remote: Any = None) -> LocalGraph:
    """The graph to query (``nanokg.engine.LocalGraph``): local on ``engine``, or ``remote``.

    A remote endpoint answers the queries; the local build still names the terms (CURIEs, labels)
    in the output, as the server holds the same graph.
    """
    from nanokg.engine import LocalGraph, open_local

    graph = open_local(settings.layout, engine,  # type: ignore[arg-type]
                       on_compile=lambda message: click.echo(message, err=True))
    if remote is None:
        return graph
    from nanokg.remote import RemoteEngine

    return LocalGraph(RemoteEngine(remote), graph.terms)


def terminal_width() -> int | None:
    """The width to wrap tables to: the terminal's, or None when the output is not a terminal."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def emit(result: QueryResult, graph: LocalGraph, fmt: str | None, output: Path | None,
         labels: bool | None, parameters: Mapping[str, Term] | None = None) -> None:
    """Write ``result`` in ``fmt`` to ``output`` or the terminal (``parameters``: see ``render``)."""
    from nanokg.results import default_format, render, write_text

    width = terminal_width() if output is None else None
    text = render(result, fmt or default_format(result), graph.terms, labels=labels, width=width,  # type: ignore[arg-type]
                  parameters=parameters)
    write_text(text, output)
    if output is not None:
        click.echo(f"wrote {output}", err=True)
