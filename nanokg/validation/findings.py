"""What validation finds: one ``Finding`` per problem, whatever found it.

SHACL shapes, SPARQL quality checks and the OWL reasoner all report in this one form, so the
report can group, sort, count and print them the same way. Severities follow ROBOT ``report``:
``error`` (the graph must not be published), ``warn`` and ``info``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal as TypingLiteral

from nanokg.validation.terms import Term, term_text

__all__ = ["Severity", "SEVERITIES", "SEVERITY_NOUNS", "Checker", "Location", "Finding", "severity_rank"]

Severity = TypingLiteral["error", "warn", "info"]
#: Severities, most severe first.
SEVERITIES: tuple[Severity, ...] = ("error", "warn", "info")
#: What one finding of each severity is called in messages.
SEVERITY_NOUNS: dict[Severity, str] = {"error": "error", "warn": "warning", "info": "note"}

#: Which validator found a problem.
Checker = TypingLiteral["shacl", "qc", "owl"]


def severity_rank(severity: Severity) -> int:
    """0 for ``error``, 1 for ``warn``, 2 for ``info``: sorts the most severe first."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Location:
    """The source file (and line, where known) a node or statement was curated in."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line is not None else self.path


@dataclass(frozen=True)
class Finding:
    """One problem: which node, which property and value, what is wrong, and who said so."""

    severity: Severity
    checker: Checker
    #: The shape (CURIE or description), the quality check's name, or the OWL rule.
    rule: str
    focus: Term
    message: str
    #: The property path as SPARQL with CURIEs (``nkg:hasCarrier``, ``^nkg:hasOutcome``).
    path: str | None = None
    value: Term | None = None
    #: The SHACL constraint component (``sh:MinCountConstraintComponent``), for shapes.
    component: str | None = None
    location: Location | None = None
    focus_label: str | None = None
    #: Further lines: the axioms behind an unsatisfiable class, for instance.
    details: tuple[str, ...] = field(default=())
    #: The validator's own result (a ``ShapeResult`` for SHACL), for the W3C report.
    origin: object = field(default=None, compare=False, repr=False)

    @property
    def focus_text(self) -> str:
        return term_text(self.focus)

    @property
    def value_text(self) -> str:
        return term_text(self.value)

    def sort_key(self) -> tuple[object, ...]:
        where = self.location
        return (severity_rank(self.severity), where.path if where else "~", where.line or 0 if where else 0,
                self.focus_text, self.path or "", self.value_text, self.rule, self.message)

    def headline(self) -> str:
        """The finding in one line, compiler style: ``file:line: node property value: message``."""
        subject = self.focus_text + (f" ({self.focus_label})" if self.focus_label else "")
        parts = [subject]
        if self.path:
            parts.append(self.path)
        if self.value is not None:
            parts.append(self.value_text)
        text = f"{' '.join(parts)}: {self.message}"
        return f"{self.location}: {text}" if self.location else text
