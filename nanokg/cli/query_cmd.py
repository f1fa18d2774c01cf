"""``nanokg query``: the saved-query catalogue (list, show, run, docs, export)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from nanokg.cli import Settings, example
from nanokg.cli.output import emit, open_graph, result_options, terminal_width


@example("nanokg query run carriers-of-drug --param drug=doxorubicin")
@click.group(short_help="Saved, documented queries that answer researchers' questions.")
def query() -> None:
    """Saved, documented queries that answer researchers' questions.

    List them, read what one asks and which parameters it takes, and run it; each answers over
    the whole class hierarchy (asking for inorganic carriers finds gold nanorods).
    """


@query.command("list")
@click.option("--tag", default=None, help="Only queries with this tag.")
@click.option("--format", "-f", "fmt", type=click.Choice(("table", "markdown", "csv", "tsv", "json")),
              default="table", show_default=True, help="Output format.")
@click.pass_obj
def list_(settings: Settings, tag: str | None, fmt: str) -> None:
    """List the saved queries: name, title and parameters (with defaults)."""
    from nanokg.catalogue import catalogue_listing
    from nanokg.queries import load_catalogue
    from nanokg.results import write_text

    queries = [q for q in load_catalogue(settings.layout).values() if tag is None or tag in q.tags]
    write_text(catalogue_listing(queries, fmt, terminal_width()), None)


@query.command()
@click.argument("name")
@click.pass_obj
def show(settings: Settings, name: str) -> None:
    """Show a saved query: its question, description, parameters and SPARQL."""
    from nanokg.catalogue import describe_query
    from nanokg.queries import load_saved_query
    from nanokg.results import write_text

    write_text(describe_query(load_saved_query(settings.layout, name), terminal_width()), None)


@query.command()
@click.argument("name")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter value: a label or synonym, a CURIE, an <IRI>, or a literal. Repeatable.")
@result_options
@click.pass_obj
def run(settings: Settings, name: str, params: tuple[str, ...], fmt: str | None, output: Path | None,
        limit: int | None, labels: bool | None, engine: str, remote: Any) -> None:
    """Run a saved query, e.g. `nanokg query run carriers-of-drug --param drug=doxorubicin`."""
    from nanokg.queries import bind_parameters, load_saved_query, parse_assignments

    saved = load_saved_query(settings.layout, name)
    given = parse_assignments(params)
    graph = open_graph(settings, engine, remote)
    bindings = bind_parameters(saved, given, graph.engine, graph.terms)
    result = graph.engine.run(saved.sparql, bindings, limit=limit, source=saved.path)
    emit(result, graph, fmt, output, labels, bindings)


@query.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the page to this file (all-or-nothing).")
@click.option("--check", is_flag=True, help="Do not write: exit 1 if --output differs from a fresh page.")
@click.option("--rows", type=click.IntRange(min=1), default=5, show_default=True,
              help="Rows of each answer to show.")
@click.pass_obj
def docs(settings: Settings, output: Path | None, check: bool, rows: int) -> None:
    """Generate the Markdown documentation of the catalogue (docs/queries.md).

    Each query with its question, parameters, a command to run it and the first rows of its
    answer on the graph.
    """
    from nanokg.catalogue import catalogue_markdown
    from nanokg.errors import ValidationFailed
    from nanokg.queries import load_catalogue
    from nanokg.results import write_text

    graph = open_graph(settings, "oxigraph")
    page = catalogue_markdown(load_catalogue(settings.layout).values(), graph, rows=rows)
    if check:
        if output is None:
            raise click.UsageError("--check needs --output FILE to compare with")
        if not output.is_file() or output.read_text(encoding="utf-8") != page:
            raise ValidationFailed(f"{output} is out of date with queries/ and the graph",
                                   path=output, hint=f"run: nanokg query docs --output {output}")
        click.echo(f"{output} is up to date", err=True)
        return
    write_text(page, output)


@query.command()
@click.option("--format", "-f", "fmt", type=click.Choice(("turtle", "jsonld", "ntriples")),
              default="turtle", show_default=True, help="RDF format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file (all-or-nothing) instead of standard output.")
@click.option("--target", default=None, metavar="URL",
              help="The SPARQL endpoint the queries are served at (schema:target).")
@click.pass_obj
def export(settings: Settings, fmt: str, output: Path | None, target: str | None) -> None:
    """Write the catalogue as RDF (SHACL executables, the SIB SPARQL-examples convention)."""
    from nanokg import prefixes
    from nanokg.catalogue import catalogue_triples
    from nanokg.queries import load_catalogue
    from nanokg.results import render_graph, write_text

    triples = catalogue_triples(load_catalogue(settings.layout).values(), target)
    write_text(render_graph(triples, fmt, prefixes.prefix_map()), output)  # type: ignore[arg-type]
