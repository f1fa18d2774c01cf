"""SHACL validation behind one interface, with two interchangeable engines.

* ``fast`` (default) compiles every constraint of every shape to one SPARQL query and runs it on
  the Oxigraph store the build already holds (``nanokg.validation.fast_engine``).
* ``pyshacl`` is the reference implementation (``nanokg.validation.pyshacl_engine``): slower, but
  complete; the test suite checks that both engines give identical results.

Both return ``ShapeResult`` objects that carry what the W3C validation report carries, with terms
in pyoxigraph form and shapes as nodes of the one shapes graph, so results compare one to one.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Protocol

from pyoxigraph import Store

from nanokg import prefixes
from nanokg.validation import ENGINES
from nanokg.validation.findings import Finding, Severity
from nanokg.validation.shapes import SH, Node, Shapes
from nanokg.validation.terms import Term

__all__ = ["ShapeResult", "ShaclEngine", "get_engine", "to_finding"]

_SEVERITY: dict[str, Severity] = {str(SH.Violation): "error", str(SH.Warning): "warn", str(SH.Info): "info"}


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result (https://www.w3.org/TR/shacl/#results-validation-result)."""

    focus: Term
    #: The result path as a SPARQL property path with full IRIs, or None.
    path: str | None
    value: Term | None
    messages: tuple[str, ...]
    severity: str
    shape: Node
    component: str
    source_constraint: Node | None = None

    def sort_key(self) -> tuple[str, ...]:
        return (str(self.focus), self.path or "", str(self.value), str(self.shape), self.component,
                str(self.source_constraint), *self.messages)


class ShaclEngine(Protocol):
    """Validates the default graph of a store against a shapes graph."""

    name: str

    def validate(self, shapes: Shapes, store: Store) -> list[ShapeResult]: ...


def get_engine(name: str) -> ShaclEngine:
    """The engine called ``name`` (see ``ENGINES``); its module is imported on first use."""
    engine: ShaclEngine = importlib.import_module(ENGINES[name]).ENGINE
    return engine


def _readable(path: str | None) -> str | None:
    """``<https://w3id.org/nanokg/hasCarrier>`` → ``nkg:hasCarrier`` inside a SPARQL path."""
    if path is None:
        return None
    return re.sub(r"<([^<>]*)>", lambda match: prefixes.compress(match.group(1)), path)


def _message(messages: tuple[str, ...]) -> str:
    return " / ".join(messages) if messages else "(the shape gives no message)"


def to_finding(result: ShapeResult, shapes: Shapes) -> Finding:
    """The finding a SHACL result becomes in nanokg's report."""
    return Finding(
        severity=_SEVERITY.get(result.severity, "error"),
        checker="shacl",
        rule=shapes.name(result.shape),
        focus=result.focus,
        message=_message(result.messages),
        path=_readable(result.path),
        value=result.value,
        component=prefixes.compress(result.component),
        origin=result,
    )
