"""``nanokg viz``: pictures of the graph (Graphviz SVG)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from nanokg.cli import Settings, example

if TYPE_CHECKING:
    import graphviz

    from nanokg.graph_index import GraphIndex

_OUT = click.option("--out", "out_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
                    help="Write the picture to this file (default: standard output).")
_DOT = click.option("--dot", "as_dot", is_flag=True, help="Print the Graphviz DOT source instead of SVG.")


def _index(settings: Settings) -> GraphIndex:
    from nanokg.compile import compile_graph
    from nanokg.graph_index import GraphIndex

    return GraphIndex.from_compiled(compile_graph(settings.layout))


def _emit(graph: graphviz.Digraph, out_path: Path | None, as_dot: bool) -> None:
    from nanokg.atomic import atomic_file
    from nanokg.viz import render_svg

    text = graph.source if as_dot else render_svg(graph)
    if out_path is None:
        click.echo(text, nl=False)
        return
    with atomic_file(out_path) as path:
        path.write_text(text, encoding="utf-8")
    click.echo(out_path)


@example("nanokg viz formulation nkgid:fa-peg-gem-nps --out fa.svg")
@click.group(short_help='Draw hierarchies, formulations and a summary figure as SVG.')
def viz() -> None:
    """Draw the graph as SVG: class hierarchies, a formulation's neighbourhood, a summary figure.

    Needs Graphviz's dot program (apt-get install graphviz).
    """


@viz.command()
@click.argument("root", default="carrier")
@click.option("--depth", type=click.IntRange(min=1), default=None, help="Stop this many levels below ROOT.")
@_OUT
@_DOT
@click.pass_obj
def hierarchy(settings: Settings, root: str, depth: int | None, out_path: Path | None, as_dot: bool) -> None:
    """The subclass tree under ROOT: carrier, targeting, therapy, stimulus, or any class (CURIE or label).

    Each class shows how many individuals it and its subclasses have.
    """
    from nanokg.viz import hierarchy as draw, resolve_term

    index = _index(settings)
    _emit(draw(index, resolve_term(index, root), depth), out_path, as_dot)


@viz.command()
@click.argument("record")
@_OUT
@_DOT
@click.pass_obj
def formulation(settings: Settings, record: str, out_path: Path | None, as_dot: bool) -> None:
    """RECORD (a formulation, or any individual) and what it links to: carrier, payloads, ligands and
    their targets, mechanisms, stimuli, therapies, indications, models, study, outcomes."""
    from nanokg.viz import neighbourhood, resolve_term

    index = _index(settings)
    _emit(neighbourhood(index, resolve_term(index, record)), out_path, as_dot)


@viz.command()
@_OUT
@_DOT
@click.pass_obj
def summary(settings: Settings, out_path: Path | None, as_dot: bool) -> None:
    """Formulations per carrier category × therapy modality, as a shaded table."""
    from nanokg.viz import summary_figure

    _emit(summary_figure(_index(settings)), out_path, as_dot)
