"""``nanokg validate``."""

from __future__ import annotations

from pathlib import Path

import click

from nanokg.cli import Settings, example
from nanokg.validation import DEFAULT_ENGINE, ENGINES, FORMATS

SEVERITY_CHOICE = click.Choice(["error", "warn", "info"])

#: Options ``nanokg build`` shares, so that both commands validate alike.
ENGINE_OPTION = click.option(
    "--engine", type=click.Choice(list(ENGINES)), default=DEFAULT_ENGINE, show_default=True,
    help="SHACL engine: 'fast' compiles the shapes to SPARQL on Oxigraph; 'pyshacl' is the reference.",
)
REASON_OPTION = click.option(
    "--reason/--no-reason", "reason", default=None,
    help="Reason with HermiT over the ontology and all individuals (--reason), or not at all "
         "(--no-reason). By default HermiT runs only when the ontology changed since it was last "
         "reasoned, and its cached verdict is reused otherwise.",
)


def reason_mode(flag: bool | None) -> str:
    """--reason → always, --no-reason → never, neither → auto."""
    return "auto" if flag is None else "always" if flag else "never"


@example("nanokg validate --format tsv --fail-on warn")
@click.command(short_help='Check SHACL shapes, quality checks and OWL axioms.')
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@ENGINE_OPTION
@REASON_OPTION
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True,
              help="table: for people; tsv and json: for tools; ttl: the W3C SHACL validation report.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (whole or not at all) instead of printing it.")
@click.option("--fail-on", type=SEVERITY_CHOICE, default="error", show_default=True,
              help="Exit with code 1 when a finding is this severe or more.")
@click.option("--write-inferred", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the ontology with the subclass (and, with --reason, type) axioms HermiT "
                   "entails, as Turtle.")
@click.pass_obj
def validate(settings: Settings, files: tuple[Path, ...], engine: str, reason: bool | None,
             output_format: str, output: Path | None, fail_on: str, write_inferred: Path | None) -> None:
    """Check the graph against its SHACL shapes, quality checks and OWL axioms.

    Validates the compiled sources of the data folder, or the RDF FILES given (Turtle, N-Triples,
    N-Quads, TriG, RDF/XML) against the data folder's shapes and checks. Prints every finding
    with the file and line to fix, grouped by severity; exits 1 if one is at least as severe as
    --fail-on, 2 if the input cannot be read, 0 otherwise.
    """
    from nanokg.atomic import atomic_file
    from nanokg.cli.render import render_validation_report, validation_summary
    from nanokg.validation.reasoning import write_inferred as write_inferred_ontology
    from nanokg.validation.report import FORMATTERS
    from nanokg.validation.validate import failure, validate_files, validate_layout

    if write_inferred is not None and reason is False:
        raise click.UsageError("--write-inferred needs reasoning: drop --no-reason")
    mode = reason_mode(reason)
    if files:
        report = validate_files(settings.layout, files, engine=engine, reason=mode)  # type: ignore[arg-type]
    else:
        report = validate_layout(settings.layout, engine=engine, reason=mode)  # type: ignore[arg-type]
    text = render_validation_report(report) if output_format == "table" else FORMATTERS[output_format](report)
    if output is not None:
        with atomic_file(output) as staged:
            staged.write_text(text, encoding="utf-8")
        click.echo(f"{validation_summary(report)}\nReport written to {output}")
    else:
        click.echo(text, nl=False)
    if write_inferred is not None:
        verdict = report.reasoning.report
        if verdict is not None and verdict.ok:
            write_inferred_ontology(write_inferred, report.ontology, verdict)
            click.echo(f"Inferred class hierarchy written to {write_inferred}", err=True)
        else:
            click.echo("Inferred class hierarchy not written: the ontology is inconsistent or has "
                       "unsatisfiable classes", err=True)
    if not report.passed(fail_on):  # type: ignore[arg-type]
        raise failure(report, fail_on)  # type: ignore[arg-type]
