"""``nanokg docs``."""

from __future__ import annotations

from pathlib import Path

import click

from nanokg.cli import Settings, example


@example("nanokg docs --out site")
@click.command(short_help='Write the documentation site (ontology, records, queries).')
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("site"),
              show_default=True, help="Folder for the HTML site.")
@click.option("--rows", type=click.IntRange(min=1), default=5, show_default=True,
              help="Example answers shown per saved query.")
@click.pass_obj
def docs(settings: Settings, out_dir: Path, rows: int) -> None:
    """Write a static HTML site: ontology reference, formulations, query catalogue, data dictionary.

    Pictures are drawn with Graphviz (apt-get install graphviz). Open OUT/index.html in a browser.
    """
    from nanokg.docs import build_site

    written = build_site(settings.layout, out_dir, example_rows=rows)
    pages = sum(1 for path in written if path.suffix == ".html")
    figures = sum(1 for path in written if path.suffix == ".svg")
    click.echo(f"Wrote {pages} pages and {figures} figures to {out_dir}/ (open {out_dir / 'index.html'})")
