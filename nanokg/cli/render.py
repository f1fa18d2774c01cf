"""Terminal rendering of command results (rich tables)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from nanokg.build import BuildReport

__all__ = ["console", "print_build_summary"]


def console() -> Console:
    # click's CliRunner swaps sys.stdout per invocation, so a console is made per call.
    return Console(soft_wrap=True, highlight=False)


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
