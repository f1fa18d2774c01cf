"""``nanokg build``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from nanokg.cli import Settings, example


@example("nanokg build --out dist")
@click.command()
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the release artefacts.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary as JSON (with the seconds each stage took under \"seconds\").")
@click.pass_obj
def build(settings: Settings, out_dir: Path, as_json: bool) -> None:
    """Compile the sources into release artefacts and a query store.

    Prints a summary: triples, classes, properties, individuals and counts per type.
    """
    from nanokg.build import build as run_build
    from nanokg.cli.render import print_build_summary

    started = time.perf_counter()
    report = run_build(settings.layout, out_dir)
    if as_json:
        click.echo(json.dumps({**report.summary, "seconds": report.seconds}, indent=2))
        return
    print_build_summary(report, out_dir, time.perf_counter() - started)
