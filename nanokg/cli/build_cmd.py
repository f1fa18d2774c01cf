"""``nanokg build``."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from nanokg.cli import Settings, example
from nanokg.cli.validate_cmd import ENGINE_OPTION, REASON_OPTION, reason_mode
from nanokg.errors import ValidationFailed


@example("nanokg build --out dist")
@click.command(short_help='Compile, validate and release the graph and its query store.')
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="Folder for the release artefacts.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the summary as JSON (with the seconds each stage took under \"seconds\").")
@click.option("--no-validate", "skip_validation", is_flag=True,
              help="Publish without validating (faster, and unchecked: a warning says so).")
@click.option("--allow-invalid", is_flag=True,
              help="Publish even if validation finds errors (they are still reported).")
@ENGINE_OPTION
@REASON_OPTION
@click.pass_obj
def build(settings: Settings, out_dir: Path, as_json: bool, skip_validation: bool, allow_invalid: bool,
          engine: str, reason: bool | None) -> None:
    """Compile and validate the sources, then write release artefacts and a query store.

    Validation (as `nanokg validate` does it) runs before anything is written to --out; a graph
    with errors is not published unless --allow-invalid. Prints a summary: triples, classes,
    properties, individuals and counts per type.
    """
    from nanokg.build import build as run_build
    from nanokg.cli.render import print_build_summary, render_validation_report

    if skip_validation and allow_invalid:
        raise click.UsageError("--no-validate and --allow-invalid exclude each other")
    started = time.perf_counter()
    try:
        report = run_build(settings.layout, out_dir, validate=not skip_validation, allow_invalid=allow_invalid,
                           engine=engine, reason=reason_mode(reason))  # type: ignore[arg-type]
    except ValidationFailed as error:
        if (validation := getattr(error, "report", None)) is not None:
            click.echo(render_validation_report(validation), nl=False)
        error.hint = f"{error.hint}; nothing was published (--allow-invalid publishes anyway)"
        raise
    if skip_validation:
        click.echo("warning: the graph was published without validation (--no-validate)", err=True)
    elif report.validation is not None and not report.validation.passed():
        click.echo(render_validation_report(report.validation), nl=False)
        click.echo(f"warning: published with {report.validation.counts()['error']} validation error(s) "
                   "(--allow-invalid)", err=True)
    if as_json:
        click.echo(json.dumps({**report.summary, "seconds": report.seconds}, indent=2))
        return
    print_build_summary(report, out_dir, time.perf_counter() - started)
