"""Terminal rendering of command results (rich tables)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from nanokg.build import BuildReport
    from nanokg.queries import SavedQuery

__all__ = ["console", "print_build_summary", "print_catalogue", "print_saved_query"]


def console(markup: bool = True) -> Console:
    # click's CliRunner swaps sys.stdout per invocation, so a console is made per call.
    return Console(soft_wrap=True, highlight=False, markup=markup)


def print_build_summary(report: BuildReport, out_dir: Path, seconds: float) -> None:
    out = console()
    summary = report.summary
    out.print(
        f"Built nanokg from {len(report.compiled.sources)} sources "
        f"(fingerprint {report.compiled.fingerprint}) in {seconds:.1f} s"
    )
    out.print(f"Artefacts in {out_dir}/: " + ", ".join(path.name for path in report.artefacts))
    totals = Table(title="Graph", title_justify="left", show_header=False)
    for key in ("triples", "classes", "object_properties", "data_properties",
                "annotation_properties", "individuals"):
        totals.add_row(key.replace("_", " "), f"{summary[key]:,}")  # type: ignore[literal-required]
    out.print(totals)
    types = Table(title="Individuals by type", title_justify="left")
    types.add_column("type")
    types.add_column("individuals", justify="right")
    for name, count in summary["individuals_by_type"].items():
        types.add_row(name, f"{count:,}")
    out.print(types)


def print_catalogue(queries: Iterable[SavedQuery]) -> None:
    """The saved queries as a table: name, title, parameters with their defaults."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    for query in queries:
        params = ", ".join(p.name + (f"={p.default}" if p.default else " (required)") for p in query.parameters)
        table.add_row(query.name, query.title, params)
    console(markup=False).print(table)


def print_saved_query(query: SavedQuery) -> None:
    """A saved query's documentation, a command to run it, and its SPARQL."""
    # Titles and SPARQL contain brackets that rich would read as markup.
    out = console(markup=False)
    out.print(f"{query.name} — {query.title}")
    out.print(f"Question: {query.question}")
    out.print(query.description)
    if query.tags:
        out.print("Tags: " + ", ".join(query.tags))
    if query.parameters:
        table = Table(title="Parameters", title_justify="left", box=box.SIMPLE_HEAD)
        for column in ("name", "type", "default", "example", "meaning"):
            table.add_column(column)
        for p in query.parameters:
            kind = p.type + (f" of {p.within}" if p.within else "") + (f"@{p.language}" if p.language else "")
            table.add_row(p.name, kind, p.default or "(required)", p.example or "", p.description)
        out.print(table)
    examples = " ".join(f"--param {p.name}={p.example}" for p in query.parameters if p.example)
    out.print(f"Run: nanokg query run {query.name}" + (f" {examples}" if examples else ""))
    out.print(f"\nSPARQL ({query.path}, {query.form}):")
    out.print(query.body)
