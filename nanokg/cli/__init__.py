"""The ``nanokg`` command line: a thin layer that parses arguments and calls the library.

Subcommands are loaded lazily from the modules listed in ``COMMANDS`` so that a query does not pay
for the imports of a build. Library errors (``NanoKGError``) are printed with their location and
fix, without a traceback, and set the exit code (1: the data does not conform, 2: bad input).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from nanokg import __version__
from nanokg.errors import NanoKGError
from nanokg.paths import DATA_ENV, DataLayout, default_data_root

__all__ = ["main", "Settings", "COMMANDS", "example"]

#: command name → module defining a click command of the same name.
COMMANDS: dict[str, str] = {
    "build": "nanokg.cli.build_cmd",
    "diff": "nanokg.cli.diff_cmd",
    "docs": "nanokg.cli.docs_cmd",
    "export": "nanokg.cli.export_cmd",
    "mappings": "nanokg.cli.mappings_cmd",
    "push": "nanokg.cli.push_cmd",
    "query": "nanokg.cli.query_cmd",
    "serve": "nanokg.cli.serve_cmd",
    "sparql": "nanokg.cli.sparql_cmd",
    "validate": "nanokg.cli.validate_cmd",
    "viz": "nanokg.cli.viz_cmd",
}


@dataclass(frozen=True)
class Settings:
    """Options shared by every command (``ctx.obj``)."""

    layout: DataLayout


def example(text: str) -> Any:
    """Attach a one-line usage example, shown in ``nanokg --help`` and the command's help."""

    def decorate(command: click.Command) -> click.Command:
        command.example = text  # type: ignore[attr-defined]
        command.epilog = f"Example:\n\n    {text}" + (f"\n\n{command.epilog}" if command.epilog else "")
        return command

    return decorate


class LazyGroup(click.Group):
    """A group whose commands are imported on first use, and whose help shows an example each."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = getattr(importlib.import_module(module), cmd_name.replace("-", "_"))
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is None or command.hidden:
                continue
            rows.append((name, command.get_short_help_str(limit=76)))
            if text := getattr(command, "example", None):
                rows.append(("", f"e.g. {text}"))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except NanoKGError as error:
            click.echo(f"{error.kind}: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="nanokg")
@click.option(
    "--data", "data_root", type=click.Path(file_okay=False, path_type=Path), envvar=DATA_ENV,
    default=None, show_envvar=True,
    help="Folder holding ontology/, graph/ and queries/ (default: the bundled nanokg graph).",
)
@click.pass_context
def main(ctx: click.Context, data_root: Path | None) -> None:
    """nanokg: a knowledge graph of nanomaterials for tumor-targeted drug delivery.

    Compiles the curated sources (an OWL ontology and TSV templates of the review's facts) into a
    graph you can validate, query with SPARQL, export and serve.
    """
    if data_root is None:
        data_root = default_data_root()
        from nanokg.sources import overlooked_sources

        if overlooked_sources(data_root) is not None:
            click.echo(f"note: using the graph in {data_root}, not the sources in this folder: "
                       "pass --data . (or install with pip install -e .) to work on them", err=True)
    ctx.obj = Settings(DataLayout(data_root))
