"""``nanokg export``."""

from __future__ import annotations

from pathlib import Path

import click

from nanokg.cli import Settings, example

PRODUCTS = ("graph", "base", "full", "simple")
FORMATS = ("ttl", "owl", "ofn", "nt", "nq", "jsonld")


@example("nanokg export --product full --format ofn --out release/")
@click.command(short_help='Export release products in the serialisations you choose.')
@click.option("--product", "products", type=click.Choice(PRODUCTS), multiple=True,
              help="What to export (repeatable; default: all): graph = ontology + records + mappings; "
                   "base = our ontology alone; full = base + records + imported external terms; "
                   "simple = the class hierarchy.")
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True,
              help="Serialisation (repeatable; default: ttl): Turtle, RDF/XML, OWL functional syntax, "
                   "N-Triples, N-Quads (graph only), JSON-LD.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder to write into (files nanokg-<product>.<format>); without it, one product in "
                   "one format goes to standard output.")
@click.pass_obj
def export(settings: Settings, products: tuple[str, ...], formats: tuple[str, ...], out_dir: Path | None) -> None:
    """Export release products in the serialisations you choose.

    Files are written all-or-nothing: a failure leaves the folder as it was.
    """
    from nanokg.compile import compile_graph
    from nanokg.release import export as write_exports
    from nanokg.release import export_bytes

    chosen_products = list(products) or list(PRODUCTS)
    chosen_formats = list(formats) or ["ttl"]
    if out_dir is None and (len(chosen_products), len(chosen_formats)) != (1, 1):
        raise click.UsageError("standard output takes one --product and one --format; use --out DIR for more")
    compiled = compile_graph(settings.layout)
    if out_dir is None:
        click.echo(export_bytes(compiled, chosen_products[0], chosen_formats[0]), nl=False)
        return
    for path in write_exports(compiled, chosen_products, chosen_formats, out_dir):
        click.echo(path)
