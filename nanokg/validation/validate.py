"""``nanokg validate``: SHACL shapes, quality checks and OWL reasoning, in one report.

The graph under validation (a ``Target``) is either the compiled sources of a data folder or RDF
files given on the command line. Three validators look at it and report ``Finding`` objects:

1. the SHACL shapes of the data folder, with the fast engine or pySHACL (``nanokg.validation.shacl``);
2. the quality checks ``queries/qc/*-violation.rq`` (``nanokg.validation.qc``);
3. HermiT, when the ontology changed or ``--reason`` asks (``nanokg.validation.reasoning``).

Each finding is then located (file and line of the record) and labelled for the report.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, QuerySolutions, RdfFormat, Store, parse

from nanokg.compile import CompiledGraph, compile_graph
from nanokg.errors import SourceError, ValidationFailed
from nanokg.paths import DataLayout
from nanokg.sources import SourceFile, discover, fingerprint, read_text
from nanokg.sparql import internal_query
from nanokg.store import load_memory_store
from nanokg.turtle import parse_turtle
from nanokg.validation.findings import SEVERITIES, SEVERITY_NOUNS, Finding, Severity, severity_rank
from nanokg.validation.locate import Locator
from nanokg.validation.qc import QualityCheck, load_checks, run_checks
from nanokg.validation.reasoning import ReasoningOutcome, ReasonMode, check_with_reasoner
from nanokg.validation import DEFAULT_ENGINE
from nanokg.validation.shacl import get_engine, to_finding
from nanokg.validation.shapes import Shapes, load_shapes
from nanokg.vocab import SKOS, graph_name

__all__ = [
    "Target", "ValidationReport", "validate", "validate_layout", "target_from_compiled",
    "target_from_files", "failure", "validate_files", "FILE_FORMATS",
]

#: RDF file extensions ``nanokg validate FILE…`` reads, and their formats.
FILE_FORMATS = {
    ".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS,
    ".trig": RdfFormat.TRIG, ".owl": RdfFormat.RDF_XML, ".rdf": RdfFormat.RDF_XML,
}
_MAPPINGS_GRAPH = graph_name("mappings")


@dataclass
class Target:
    """A graph to validate, and what validation needs to know about it."""

    store: Store
    #: The quads the reasoner classifies when the ontology changed, and their fingerprint.
    ontology: list[Quad]
    ontology_fingerprint: str
    #: Every quad, for ``--reason``.
    everything: Callable[[], list[Quad]]
    locator: Locator
    sources: list[SourceFile]


@dataclass
class ValidationReport:
    """Everything validation found, and how it looked."""

    findings: list[Finding]
    engine: str
    shapes: Shapes
    checks: int
    reasoning: ReasoningOutcome
    triples: int
    #: The quads the reasoner classified (for writing the inferred hierarchy).
    ontology: list[Quad] = field(default_factory=list, repr=False)
    seconds: dict[str, float] = field(default_factory=dict)

    def counts(self) -> dict[Severity, int]:
        counted = Counter(finding.severity for finding in self.findings)
        return {severity: counted[severity] for severity in SEVERITIES}

    def failing(self, fail_on: Severity = "error") -> list[Finding]:
        """The findings at severity ``fail_on`` or worse."""
        return [f for f in self.findings if severity_rank(f.severity) <= severity_rank(fail_on)]

    def passed(self, fail_on: Severity = "error") -> bool:
        return not self.failing(fail_on)


def failure(report: ValidationReport, fail_on: Severity = "error") -> ValidationFailed:
    """The error that stops a command when ``report`` has findings at ``fail_on`` or worse."""
    failing = report.failing(fail_on)
    first = failing[0]
    more = len(failing) - 1
    error = ValidationFailed(
        first.headline().removeprefix(f"{first.location}: ") if first.location else first.headline(),
        path=first.location.path if first.location else None,
        line=first.location.line if first.location else None,
        hint=(f"see the report for this and {more} more problem(s) at severity {fail_on} or worse"
              if more else "see the report for details"),
    )
    error.kind = SEVERITY_NOUNS[first.severity]
    error.report = report  # type: ignore[attr-defined]
    return error


def target_from_compiled(compiled: CompiledGraph, store: Store | None = None) -> Target:
    """The compiled sources of a data folder, in ``store`` or an in-memory copy.

    Not the built query store: Oxigraph answers the shapes and quality checks several times faster
    from memory (a million triples: 8 s instead of 35 s), and the graph was just compiled anyway.
    """
    if store is None:
        store = load_memory_store(compiled)
    locator = Locator(
        store, origins=compiled.origins,
        mapping_rows={(m.subject, m.object): (ms.source.relpath, m.line)
                      for ms in compiled.mapping_sets for m in ms.mappings},
        sources=compiled.sources, quads=[*compiled.ontology, *compiled.instances],
    )
    return Target(
        store=store, ontology=compiled.ontology,
        ontology_fingerprint=fingerprint(s for s in compiled.sources if s.kind == "ontology"),
        everything=lambda: compiled.quads, locator=locator, sources=compiled.sources,
    )


def _parse_file(source: SourceFile) -> list[Quad]:
    if source.path.suffix == ".ttl":
        return parse_turtle(source, graph_name(source.stem))
    text = read_text(source)
    try:
        quads = list(parse(text, FILE_FORMATS[source.path.suffix], base_iri="https://w3id.org/nanokg/"))
    except SyntaxError as error:
        raise SourceError(f"RDF syntax error: {error.msg}", path=source.relpath, line=error.lineno,
                          column=error.offset, hint="fix the statement at that position") from None
    return [Quad(q.subject, q.predicate, q.object, graph_name(source.stem)) for q in quads]


def target_from_files(paths: Iterable[Path]) -> Target:
    """RDF files (Turtle, N-Triples, N-Quads, TriG, RDF/XML), validated as one graph.

    Their SKOS mapping statements stand for the mapping table, since files carry no SSSOM source.
    """
    sources = []
    for path in paths:
        if path.suffix not in FILE_FORMATS:
            raise SourceError(f"cannot read {path.suffix or 'extension-less'} files", path=path,
                              hint="give RDF files: " + ", ".join(FILE_FORMATS))
        sources.append(SourceFile(str(path), path, "turtle"))
    quads = [quad for source in sources for quad in _parse_file(source)]
    store = Store()
    store.bulk_extend(Quad(q.subject, q.predicate, q.object) for q in quads)
    store.bulk_extend(Quad(q.subject, q.predicate, q.object, _MAPPINGS_GRAPH) for q in quads
                      if q.predicate.value in SKOS.MAPPING_PREDICATES)
    locator = Locator(store, sources=sources, quads=quads)
    return Target(store=store, ontology=quads, ontology_fingerprint=fingerprint(sources),
                  everything=lambda: quads, locator=locator, sources=sources)


def _count_triples(store: Store) -> int:
    solutions = store.query(internal_query("summary-triples"))
    assert isinstance(solutions, QuerySolutions)
    return int(next(iter(solutions))["count"].value)


def validate(target: Target, shapes: Shapes, checks: list[QualityCheck], *,
             engine: str = DEFAULT_ENGINE, reason: ReasonMode = "auto") -> ValidationReport:
    """Run the shapes, the quality checks and (per ``reason``) HermiT on ``target``."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    shacl = [to_finding(result, shapes) for result in get_engine(engine).validate(shapes, target.store)]
    seconds["shacl"] = time.perf_counter() - started
    started = time.perf_counter()
    quality = run_checks(checks, target.store)
    seconds["qc"] = time.perf_counter() - started
    started = time.perf_counter()
    reasoning = check_with_reasoner(reason, target.ontology, target.ontology_fingerprint, target.store,
                                    target.everything() if reason == "always" else None)
    seconds["owl"] = time.perf_counter() - started
    located = sorted((target.locator.place(f) for f in [*shacl, *quality, *reasoning.findings]),
                     key=Finding.sort_key)
    return ValidationReport(
        findings=located, engine=engine, shapes=shapes, checks=len(checks),
        reasoning=reasoning, triples=_count_triples(target.store), ontology=target.ontology,
        seconds=seconds,
    )


def validate_layout(layout: DataLayout, *, engine: str = DEFAULT_ENGINE, reason: ReasonMode = "auto",
                    compiled: CompiledGraph | None = None, store: Store | None = None) -> ValidationReport:
    """Compile ``layout`` (unless given its compilation) and validate it with its own shapes and checks."""
    compiled = compiled or compile_graph(layout)
    return validate(target_from_compiled(compiled, store), load_shapes(compiled.sources), load_checks(layout),
                    engine=engine, reason=reason)


def validate_files(layout: DataLayout, paths: Iterable[Path], *, engine: str = DEFAULT_ENGINE,
                   reason: ReasonMode = "auto") -> ValidationReport:
    """Validate RDF files against the shapes and checks of the data folder ``layout``."""
    return validate(target_from_files(paths), load_shapes(discover(layout)), load_checks(layout),
                    engine=engine, reason=reason)

