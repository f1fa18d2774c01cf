"""A validation report in the formats people and tools read: TSV, JSON, and the W3C SHACL report.

(The readable table printed by default is drawn by ``nanokg.cli.render``.)

* TSV — one finding per row, like ROBOT ``report``'s TSV: severity, rule, location, node, …
* JSON — ``{"conforms": …, "summary": {…}, "findings": [ … ]}``
* Turtle — a ``sh:ValidationReport`` (https://www.w3.org/TR/shacl/#validation-report) whose
  results are the SHACL results as the engine gave them, plus the quality-check and reasoner
  findings as results of ``https://w3id.org/nanokg/qc/<check>`` and ``…/owl/<rule>``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import rdflib
from rdflib.namespace import RDF

from nanokg import prefixes
from nanokg.validation.findings import Finding
from nanokg.validation.shacl import ShapeResult
from nanokg.validation.shapes import SH, Shapes
from nanokg.validation.terms import to_rdflib
from nanokg.validation.validate import ValidationReport

__all__ = ["FORMATTERS", "as_tsv", "as_json", "as_turtle", "summary_dict"]

TSV_COLUMNS = ("severity", "checker", "rule", "location", "node", "label", "property", "value", "message")
_SEVERITY_IRI = {"error": SH.Violation, "warn": SH.Warning, "info": SH.Info}
_QC = "https://w3id.org/nanokg/qc/"
_OWL_RULES = "https://w3id.org/nanokg/owl/"


def summary_dict(report: ValidationReport) -> dict[str, Any]:
    """Counts and settings of a validation run."""
    return {
        "triples": report.triples,
        "counts": report.counts(),
        "shacl_engine": report.engine,
        "shapes": len(report.shapes.all_shapes),
        "quality_checks": report.checks,
        "reasoning": {"status": report.reasoning.status, "why": report.reasoning.why},
        "seconds": {stage: round(value, 3) for stage, value in report.seconds.items()},
    }


def _cell(text: str) -> str:
    return " ".join(text.split("\t")).replace("\n", " ")


def as_tsv(report: ValidationReport) -> str:
    rows = ["\t".join(TSV_COLUMNS)]
    for f in report.findings:
        rows.append("\t".join(_cell(cell) for cell in (
            f.severity, f.checker, f.rule, str(f.location or ""), f.focus_text, f.focus_label or "",
            f.path or "", f.value_text, f.message,
        )))
    return "\n".join(rows) + "\n"


def _finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "severity": f.severity, "checker": f.checker, "rule": f.rule,
        "location": {"path": f.location.path, "line": f.location.line} if f.location else None,
        "node": f.focus_text, "label": f.focus_label, "property": f.path,
        "value": f.value_text if f.value is not None else None,
        "message": f.message, "component": f.component, "details": list(f.details),
    }


def as_json(report: ValidationReport) -> str:
    document = {
        "conforms": not report.findings,
        "summary": summary_dict(report),
        "findings": [_finding_dict(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _copy_description(source: rdflib.Graph, node: rdflib.term.Node, target: rdflib.Graph) -> None:
    """Copy the triples of a blank node (a shape, a path) and of the blank nodes it leads to."""
    if not isinstance(node, rdflib.BNode):
        return
    for predicate, obj in source.predicate_objects(node):
        if (node, predicate, obj) not in target:
            target.add((node, predicate, obj))
            _copy_description(source, obj, target)


def _shacl_result(graph: rdflib.Graph, node: rdflib.BNode, result: ShapeResult, shapes: Shapes) -> None:
    graph.add((node, SH.sourceShape, result.shape))
    _copy_description(shapes.graph, result.shape, graph)
    graph.add((node, SH.sourceConstraintComponent, rdflib.URIRef(result.component)))
    path = shapes.path(result.shape)
    if result.path is not None and path is not None and shapes.sparql_path(path) == result.path:
        graph.add((node, SH.resultPath, path))
        _copy_description(shapes.graph, path, graph)
    elif result.path is not None:
        graph.add((node, SH.resultPath, rdflib.URIRef(result.path.strip("<>"))))
    if result.source_constraint is not None:
        graph.add((node, SH.sourceConstraint, result.source_constraint))
        _copy_description(shapes.graph, result.source_constraint, graph)


def _other_result(graph: rdflib.Graph, node: rdflib.BNode, finding: Finding) -> None:
    base = _QC if finding.checker == "qc" else _OWL_RULES
    graph.add((node, SH.sourceShape, rdflib.URIRef(base + finding.rule)))
    graph.add((node, SH.sourceConstraintComponent, SH.SPARQLConstraintComponent
               if finding.checker == "qc" else rdflib.URIRef(_OWL_RULES + "ReasonerConstraintComponent")))
    if finding.path and (iri := prefixes.expand(finding.path)):
        graph.add((node, SH.resultPath, rdflib.URIRef(iri)))


def as_turtle(report: ValidationReport) -> str:
    graph = rdflib.Graph()
    for prefix, namespace in prefixes.prefix_map().items():
        graph.bind(prefix, namespace, override=True)
    root = rdflib.BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, rdflib.Literal(not report.findings)))
    for finding in report.findings:
        node = rdflib.BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, to_rdflib(finding.focus)))
        graph.add((node, SH.resultSeverity, _SEVERITY_IRI[finding.severity]))
        graph.add((node, SH.resultMessage, rdflib.Literal(finding.message)))
        if finding.value is not None:
            graph.add((node, SH.value, to_rdflib(finding.value)))
        if isinstance(finding.origin, ShapeResult):
            _shacl_result(graph, node, finding.origin, report.shapes)
        else:
            _other_result(graph, node, finding)
    return graph.serialize(format="turtle")


#: ``--format`` name → function writing the report as text.
FORMATTERS: dict[str, Callable[[ValidationReport], str]] = {
    "tsv": as_tsv,
    "json": as_json,
    "ttl": as_turtle,
}
