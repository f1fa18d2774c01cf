"""The reference SHACL engine: pySHACL on an rdflib copy of the store's default graph.

The copy is taken from the store, not from the sources, so both engines see the very same terms
(Oxigraph keeps literals in canonical form: ``"83.10"^^xsd:decimal`` is stored as ``83.1``).
"""

from __future__ import annotations

import contextlib
import logging
import warnings
from collections.abc import Iterator

import rdflib
from pyoxigraph import DefaultGraph, Store
from rdflib.namespace import RDF

from nanokg.errors import ShapeError
from nanokg.validation.shacl import ShapeResult
from nanokg.validation.shapes import SH, Shapes
from nanokg.validation.terms import from_rdflib, to_rdflib

__all__ = ["ENGINE", "PyshaclEngine", "rdflib_graph"]


@contextlib.contextmanager
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs a traceback for every ill-typed literal (``"abc"^^xsd:decimal``); SHACL reports them."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def rdflib_graph(store: Store) -> rdflib.Graph:
    """The store's default graph as an rdflib graph."""
    graph = rdflib.Graph()
    with _quiet_rdflib():
        for quad in store.quads_for_pattern(None, None, None, DefaultGraph()):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return graph


class PyshaclEngine:
    """pySHACL, SHACL Core and SHACL-SPARQL, no inference."""

    name = "pyshacl"

    def validate(self, shapes: Shapes, store: Store) -> list[ShapeResult]:
        import pyshacl
        from pyshacl.errors import ReportableRuntimeError

        data = rdflib_graph(store)
        try:
            with _quiet_rdflib():
                _, report, _ = pyshacl.validate(
                    data, shacl_graph=shapes.graph, inference="none", allow_warnings=True,
                    allow_infos=True, advanced=False, inplace=True,
                )
        except ReportableRuntimeError as error:
            raise ShapeError(f"pySHACL cannot use the shapes: {error.message}",
                             hint="correct the shape it names") from None
        assert isinstance(report, rdflib.Graph)
        return [self._result(shapes, report, node) for node in report.subjects(RDF.type, SH.ValidationResult)]

    @staticmethod
    def _result(shapes: Shapes, report: rdflib.Graph, node: rdflib.term.Node) -> ShapeResult:
        value = report.value(node, SH.value)
        path = report.value(node, SH.resultPath)
        source_constraint = report.value(node, SH.sourceConstraint)
        return ShapeResult(
            focus=from_rdflib(report.value(node, SH.focusNode)),  # type: ignore[arg-type]
            path=None if path is None else (
                f"<{path}>" if isinstance(path, rdflib.URIRef) else shapes.sparql_path(path)),
            value=None if value is None else from_rdflib(value),
            messages=tuple(sorted(str(m) for m in report.objects(node, SH.resultMessage))),
            severity=str(report.value(node, SH.resultSeverity)),
            shape=report.value(node, SH.sourceShape),  # type: ignore[arg-type]
            component=str(report.value(node, SH.sourceConstraintComponent)),
            source_constraint=source_constraint,
        )


ENGINE = PyshaclEngine()
