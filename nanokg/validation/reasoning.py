"""OWL 2 DL reasoning as a validation step: HermiT only when it can tell something new.

Starting HermiT costs a JVM and seconds, so validation reasons over the ontology only when the
ontology changed since it was last reasoned: the result is cached in the nanokg cache folder,
keyed by the ontology's fingerprint, and reused otherwise (``mode="auto"``). ``--reason``
(``mode="always"``) reasons over the whole graph, individuals included; ``--no-reason``
(``mode="never"``) skips it. The outcome says which happened and why.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral

from pyoxigraph import NamedNode, QuerySolutions, Quad, RdfFormat, Store, Variable, serialize

from nanokg import prefixes
from nanokg.atomic import atomic_file
from nanokg.paths import cache_root
from nanokg.reason import ReasonerReport
from nanokg.sparql import internal_query
from nanokg.validation.findings import Finding
from nanokg.vocab import NKG, RDF, RDFS

__all__ = ["ReasonMode", "ReasoningOutcome", "check_with_reasoner", "write_inferred", "cached_report"]

ReasonMode = TypingLiteral["auto", "always", "never"]


@dataclass
class ReasoningOutcome:
    """Whether HermiT ran, on what, why, and what it concluded."""

    status: TypingLiteral["reasoned", "reused", "skipped"]
    why: str
    report: ReasonerReport | None = None
    findings: list[Finding] = field(default_factory=list)

    def summary(self) -> str:
        if self.report is None:
            return f"OWL reasoning skipped ({self.why})"
        verdict = "inconsistent" if not self.report.consistent else (
            f"{len(self.report.unsatisfiable)} unsatisfiable class(es)" if self.report.unsatisfiable
            else "consistent, every class satisfiable")
        action = "HermiT" if self.status == "reasoned" else "HermiT result reused"
        return f"{action} ({self.why}): {verdict}"


def _cache_file(fingerprint: str) -> Path:
    return cache_root() / "reasoning" / f"{fingerprint}.json"


def cached_report(fingerprint: str) -> ReasonerReport | None:
    """The reasoner's verdict on the ontology with this fingerprint, if it was ever reasoned."""
    path = _cache_file(fingerprint)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["inferred_subclasses"] = [tuple(pair) for pair in data["inferred_subclasses"]]
        data["inferred_types"] = [tuple(pair) for pair in data["inferred_types"]]
        return ReasonerReport(**data)
    except (OSError, ValueError, TypeError, KeyError):
        return None


def _remember(fingerprint: str, report: ReasonerReport) -> None:
    path = _cache_file(fingerprint)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_file(path) as staged:
        staged.write_text(json.dumps(asdict(report)), encoding="utf-8")


def _causes(store: Store, iri: str) -> list[str]:
    """Pairs of disjoint superclasses that explain an unsatisfiable class, from the asserted axioms."""
    solutions = store.query(internal_query("unsatisfiable-cause"),
                            substitutions={Variable("class"): NamedNode(iri)})
    assert isinstance(solutions, QuerySolutions)
    name = prefixes.compress(iri)
    return [
        f"{name} is a subclass of both {prefixes.compress(row['first'].value)} and "
        f"{prefixes.compress(row['second'].value)}, which the ontology declares disjoint"
        for row in solutions
    ]


def _findings(report: ReasonerReport, store: Store) -> list[Finding]:
    findings = [
        Finding(
            severity="error", checker="owl", rule="unsatisfiable-class", focus=NamedNode(iri),
            message="the class is unsatisfiable: no individual can belong to it (HermiT)",
            details=tuple(_causes(store, iri)) or (
                "HermiT gives no explanation: open the ontology in Protégé and use 'Explain'",),
        )
        for iri in report.unsatisfiable
    ]
    if not report.consistent:
        last_lines = tuple(line for line in report.explanation.splitlines()[-3:] if line.strip())
        findings.append(Finding(
            severity="error", checker="owl", rule="inconsistent-graph", focus=NamedNode(NKG),
            message="the graph is inconsistent: HermiT finds no model of it; the disjoint-types "
                    "check names individuals in disjoint classes, the usual cause",
            details=last_lines,
        ))
    return findings


def check_with_reasoner(mode: ReasonMode, ontology: list[Quad], fingerprint: str, store: Store,
                        everything: list[Quad] | None = None) -> ReasoningOutcome:
    """Reason (or reuse the cached verdict) according to ``mode``; see the module docstring."""
    from nanokg.reason import reason

    if mode == "never":
        return ReasoningOutcome("skipped", "--no-reason")
    if mode == "always":
        report = reason(everything if everything is not None else ontology)
        if everything is None or len(everything) == len(ontology):
            _remember(fingerprint, report)
        return ReasoningOutcome("reasoned", "--reason, ontology and individuals", report,
                                _findings(report, store))
    if (report := cached_report(fingerprint)) is not None:
        return ReasoningOutcome("reused", f"ontology unchanged since it was reasoned, {fingerprint}",
                                report, _findings(report, store))
    report = reason(ontology)
    _remember(fingerprint, report)
    return ReasoningOutcome("reasoned", f"ontology changed since it was last reasoned, now {fingerprint}",
                            report, _findings(report, store))


def write_inferred(path: Path, ontology: list[Quad], report: ReasonerReport) -> None:
    """Write the ontology with the entailed subclass and type axioms added (Turtle, atomically)."""
    inferred = [
        *(Quad(NamedNode(sub), RDFS.subClassOf, NamedNode(sup)) for sub, sup in report.inferred_subclasses),
        *(Quad(NamedNode(i), RDF.type, NamedNode(c)) for i, c in report.inferred_types),
    ]
    triples = sorted({quad.triple for quad in (*ontology, *inferred)}, key=str)
    with atomic_file(path) as staged:
        serialize(triples, str(staged), RdfFormat.TURTLE, prefixes=prefixes.prefix_map())
