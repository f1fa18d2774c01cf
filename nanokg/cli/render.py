"""Terminal rendering of command results (rich tables)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from nanokg.validation.findings import SEVERITIES, SEVERITY_NOUNS

if TYPE_CHECKING:
    from nanokg.build import BuildReport
    from nanokg.compile import CompiledGraph
    from nanokg.sssom_export import LabelMismatch, UnmappedTerm
    from nanokg.validation.validate import ValidationReport

__all__ = [
    "console", "print_build_summary", "print_unmapped", "print_mapping_summary",
    "render_validation_report", "validation_summary",
]

_HEADINGS = {"error": "Errors", "warn": "Warnings", "info": "Information"}
_STYLES = {"error": "bold red", "warn": "yellow", "info": "cyan"}


def console() -> Console:
    # click's CliRunner swaps sys.stdout per invocation, so a console is made per call.
    return Console(soft_wrap=True, highlight=False)


def print_build_summary(report: BuildReport, out_dir: Path, seconds: float) -> None:
    out = console()
    summary = report.summary
    out.print(
        f"Built nanokg from {len(report.compiled.sources)} sources "
        f"(fingerprint {report.compiled.fingerprint}) in {seconds:.1f} s: "
        + ", ".join(f"{stage} {spent:.1f} s" for stage, spent in report.seconds.items())
    )
    out.print(f"Artefacts in {out_dir}/: " + ", ".join(path.relative_to(out_dir).as_posix() for path in report.artefacts))
    if report.validation is not None:
        listed = " (`nanokg validate` lists them)" if report.validation.findings else ""
        out.print(escape(f"Validation{listed}: " + validation_summary(report.validation)))
    else:
        out.print("Validation: skipped (--no-validate)")
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


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}" + ("" if count == 1 else "s")


def validation_summary(report: ValidationReport) -> str:
    """One paragraph: what was checked, how, and what was found."""
    counts = report.counts()
    found = ", ".join(_plural(counts[severity], SEVERITY_NOUNS[severity]) for severity in SEVERITIES)
    seconds = report.seconds
    shapes = len(report.shapes.all_shapes)
    verdict = "No problems found" if not report.findings else found.capitalize()
    return (
        f"{verdict} in {report.triples:,} triples.\n"
        f"  SHACL: {_plural(shapes, 'shape')}, {report.engine} engine, {seconds.get('shacl', 0):.2f} s\n"
        f"  Quality checks: {report.checks}, {seconds.get('qc', 0):.2f} s\n"
        f"  OWL: {report.reasoning.summary()}, {seconds.get('owl', 0):.2f} s"
    )


def _findings_table(report: ValidationReport, severity: str) -> Table | None:
    findings = [f for f in report.findings if f.severity == severity]
    if not findings:
        return None
    table = Table(title=f"{_HEADINGS[severity]} ({len(findings)})", title_justify="left",
                  title_style=_STYLES[severity], show_lines=True, expand=True)
    table.add_column("where", no_wrap=True)
    table.add_column("node", ratio=2, overflow="fold")
    table.add_column("problem", ratio=5, overflow="fold")
    table.add_column("rule", ratio=2, overflow="fold")
    for f in findings:
        node = f.focus_text + (f"\n{f.focus_label}" if f.focus_label else "")
        statement = " ".join(part for part in (f.path or "", f.value_text) if part)
        problem = "\n".join((*([statement] if statement else []), f.message, *(f"- {d}" for d in f.details)))
        rule = f"{f.checker}: {f.rule}" + (f"\n{f.component}" if f.component else "")
        table.add_row(*(escape(cell) for cell in (str(f.location or ""), node, problem, rule)))
    return table


def render_validation_report(report: ValidationReport, width: int | None = None) -> str:
    """The report as tables of findings, most severe first, and a summary."""
    width = width or max(100, shutil.get_terminal_size((140, 24)).columns)
    buffer = io.StringIO()
    out = Console(file=buffer, width=width, soft_wrap=False, highlight=False, color_system=None)
    for severity in ("error", "warn", "info"):
        if (table := _findings_table(report, severity)) is not None:
            out.print(table)
    out.print(escape(validation_summary(report)))
    return buffer.getvalue()


def print_unmapped(terms: list[UnmappedTerm]) -> None:
    out = console()
    if not terms:
        out.print("Every class and every mappable individual has a mapping.")
        return
    table = Table(title=f"{len(terms)} terms without a mapping", title_justify="left")
    for column in ("term", "kind", "type", "label"):
        table.add_column(column)
    for term in terms:
        table.add_row(term.curie, term.kind, term.type, term.label)
    out.print(table)


def print_mapping_summary(compiled: CompiledGraph, unmapped: list[UnmappedTerm],
                          mismatches: list[LabelMismatch]) -> None:
    from collections import Counter

    from nanokg import prefixes

    out = console()
    mappings = [m for mapping_set in compiled.mapping_sets for m in mapping_set.mappings]
    imported = {q.subject.value for q in compiled.imports}
    counts = Counter((prefixes.compress(m.object).split(":")[0], m.predicate.rsplit("#", 1)[-1].removesuffix("Match")) for m in mappings)
    labelled = Counter(prefixes.compress(m.object).split(":")[0] for m in mappings if m.object in imported)
    out.print(f"{len(mappings)} mappings in {', '.join(s.source.relpath for s in compiled.mapping_sets)}")
    table = Table(title="Mappings by target ontology", title_justify="left")
    predicates = sorted({predicate for _, predicate in counts})
    table.add_column("target")
    for predicate in predicates:
        table.add_column(predicate, justify="right")
    table.add_column("labelled", justify="right")
    for target in sorted({target for target, _ in counts}):
        total = sum(n for (t, _), n in counts.items() if t == target)
        table.add_row(target, *(str(counts.get((target, p), "")) for p in predicates),
                      f"{labelled.get(target, 0)}/{total}")
    out.print(table)
    classes = sum(1 for term in unmapped if term.kind == "class")
    out.print(f"Without a mapping: {classes} classes, {len(unmapped) - classes} individuals of mapped kinds "
              "(list them: nanokg mappings --unmapped)")
    for mismatch in mismatches:
        out.print(f"warning: line {mismatch.line}: {mismatch.column} of {mismatch.curie} is "
                  f"'{mismatch.written}' but the label is '{mismatch.expected}'")
