"""Options and output shared by the commands that run queries (``query run``, ``sparql``)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from nanokg.cli import Settings

__all__ = ["result_options", "open_graph", "emit"]

# Kept in step with nanokg.results and nanokg.engine, which this module must not import at start-up.
_FORMATS = ("table", "markdown", "csv", "tsv", "json", "turtle", "jsonld", "ntriples")
_ENGINES = ("oxigraph", "rdflib")


def result_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The options of every command that prints query results."""
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
    ]
    for option in reversed(options):
        command = option(command)
    return command


def open_graph(settings: Settings, engine: str) -> Any:
    """The local graph (``nanokg.engine.LocalGraph``) of the data folder, on ``engine``."""
    from nanokg.engine import open_local

    return open_local(settings.layout, engine,  # type: ignore[arg-type]
                      on_compile=lambda message: click.echo(message, err=True))


def emit(result: Any, graph: Any, fmt: str | None, output: Path | None, labels: bool | None) -> None:
    """Write ``result`` in ``fmt`` to ``output`` or the terminal."""
    from nanokg.results import default_format, render, write_text

    width = shutil.get_terminal_size().columns if output is None and sys.stdout.isatty() else None
    text = render(result, fmt or default_format(result), graph.terms, labels=labels, width=width)  # type: ignore[arg-type]
    write_text(text, output)
    if output is not None:
        click.echo(f"wrote {output}", err=True)
