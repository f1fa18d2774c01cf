"""Load the SHACL shapes of a data folder (``ontology/shapes/*.ttl``, ``ontology/*.shapes.ttl``).

The shapes are read once into an rdflib graph that both SHACL engines evaluate, so a shape is the
same node for both and their results compare one to one. Loading also checks the shapes
themselves, because a mistyped shape fails silently in every SHACL engine: an unknown ``sh:``
term (``sh:minCont``) is refused, and every shape must say in ``sh:message`` what a curator should
fix. Results name a shape by its CURIE, or, for a blank property shape, by its parent and path.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

import rdflib
from rdflib.collection import Collection
from rdflib.namespace import RDF

from nanokg import prefixes
from nanokg.errors import ShapeError
from nanokg.sources import SourceFile, read_text
from nanokg.turtle import parse_turtle, subject_line
from nanokg.validation.terms import to_rdflib
from nanokg.vocab import graph_name

__all__ = ["Shapes", "load_shapes", "CONSTRAINT_COMPONENTS", "TARGETS", "Node", "SH"]

Node = rdflib.term.Node

#: The SHACL namespace, open (rdflib's own ``SH`` lacks some component names).
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")

TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

#: Constraint parameter → the SHACL constraint component it belongs to.
CONSTRAINT_COMPONENTS: dict[Node, rdflib.URIRef] = {
    SH[parameter]: SH[f"{component}ConstraintComponent"]
    for parameter, component in {
        "class": "Class", "datatype": "Datatype", "nodeKind": "NodeKind",
        "minCount": "MinCount", "maxCount": "MaxCount",
        "minExclusive": "MinExclusive", "minInclusive": "MinInclusive",
        "maxExclusive": "MaxExclusive", "maxInclusive": "MaxInclusive",
        "minLength": "MinLength", "maxLength": "MaxLength", "pattern": "Pattern",
        "languageIn": "LanguageIn", "uniqueLang": "UniqueLang",
        "equals": "Equals", "disjoint": "Disjoint", "lessThan": "LessThan",
        "lessThanOrEquals": "LessThanOrEquals",
        "not": "Not", "and": "And", "or": "Or", "xone": "Xone",
        "node": "Node", "qualifiedValueShape": "QualifiedValueShape",
        "closed": "Closed", "hasValue": "HasValue", "in": "In", "sparql": "SPARQL",
        "expression": "Expression",
    }.items()
}

#: Every property of the SHACL vocabulary (https://www.w3.org/ns/shacl.ttl): anything else in the
#: sh: namespace is a typo that SHACL engines would silently ignore.
SHACL_PROPERTIES = frozenset(SH[name] for name in (
    "alternativePath and annotationProperty annotationValue annotationVarName ask class closed "
    "condition conforms construct datatype deactivated declare defaultValue description detail "
    "disjoint entailment equals expression filterShape flags focusNode group hasValue "
    "ignoredProperties in intersection inversePath js jsFunctionName jsLibrary jsLibraryURL "
    "labelTemplate languageIn lessThan lessThanOrEquals maxCount maxExclusive maxInclusive maxLength "
    "message minCount minExclusive minInclusive minLength name namespace node nodeKind nodeValidator "
    "nodes not object oneOrMorePath optional or order parameter path pattern predicate prefix prefixes "
    "property propertyValidator qualifiedMaxCount qualifiedMinCount qualifiedValueShape "
    "qualifiedValueShapesDisjoint result resultAnnotation resultMessage resultPath resultSeverity "
    "returnType rule select severity shapesGraph shapesGraphWellFormed sourceConstraint "
    "sourceConstraintComponent sourceShape sparql subject suggestedShapesGraph target targetClass "
    "targetNode targetObjectsOf targetSubjectsOf union uniqueLang update validator value xone "
    "zeroOrMorePath zeroOrOnePath"
).split())

SEVERITIES = (SH.Violation, SH.Warning, SH.Info)
_SHAPE_LISTS = (SH["or"], SH["and"], SH.xone)
_NESTED_SHAPES = (SH.node, SH["not"], SH.qualifiedValueShape)
_PATH_MODIFIERS = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _full_iri(iri: str) -> str:
    return f"<{iri}>"


@dataclass
class Shapes:
    """The shapes graph, with where each shape was written and how results name it."""

    graph: rdflib.Graph
    sources: list[SourceFile]
    defined_in: dict[Node, SourceFile] = field(default_factory=dict)

    @cached_property
    def parents(self) -> dict[Node, list[Node]]:
        """Property shape → the shapes that list it with ``sh:property``."""
        parents: dict[Node, list[Node]] = {}
        for parent, child in self.graph.subject_objects(SH.property):
            parents.setdefault(child, []).append(parent)
        return parents

    @cached_property
    def nested_shapes(self) -> set[Node]:
        """Shapes used inside another shape's constraint (sh:node, sh:or, …): they report nothing."""
        graph = self.graph
        nested: set[Node] = set()
        for predicate in _NESTED_SHAPES:
            nested |= set(graph.objects(None, predicate))
        for predicate in _SHAPE_LISTS:
            for head in graph.objects(None, predicate):
                nested |= set(Collection(graph, head))
        return nested

    @cached_property
    def all_shapes(self) -> list[Node]:
        """Every node that is a shape: typed as one, targeted, or nested in another shape."""
        graph = self.graph
        found: set[Node] = set(graph.subjects(RDF.type, SH.NodeShape))
        found |= set(graph.subjects(RDF.type, SH.PropertyShape))
        for target in TARGETS:
            found |= set(graph.subjects(target, None))
        found |= set(graph.objects(None, SH.property)) | self.nested_shapes
        return sorted(found, key=self.name)

    def has_targets(self, shape: Node) -> bool:
        return any((shape, target, None) in self.graph for target in TARGETS)

    def is_property_shape(self, shape: Node) -> bool:
        return (shape, SH.path, None) in self.graph

    def path(self, shape: Node) -> Node | None:
        return self.graph.value(shape, SH.path)

    def deactivated(self, shape: Node) -> bool:
        value = self.graph.value(shape, SH.deactivated)
        return isinstance(value, rdflib.Literal) and value.value is True

    def severity(self, shape: Node) -> rdflib.URIRef:
        value = self.graph.value(shape, SH.severity)
        return value if isinstance(value, rdflib.URIRef) else SH.Violation

    def messages(self, node: Node) -> list[rdflib.Literal]:
        return [m for m in self.graph.objects(node, SH.message) if isinstance(m, rdflib.Literal)]

    def name(self, shape: Node) -> str:
        """How reports name a shape: its CURIE, or its parent's name and its path."""
        if isinstance(shape, rdflib.URIRef):
            return prefixes.compress(str(shape))
        path = self.path(shape)
        parents = self.parents.get(shape, [])
        if parents and path is not None:
            return f"{self.name(parents[0])} {self.sparql_path(path, compact=True)}"
        return f"_:{shape}"

    def sparql_path(self, path: Node, compact: bool = False) -> str:
        """A SHACL property path as a SPARQL property path (full IRIs, or CURIEs if ``compact``)."""
        iri: Callable[[str], str] = prefixes.compress if compact else _full_iri
        return _path_text(self.graph, path, iri)

    def where(self, shape: Node) -> dict[str, object]:
        """``path``/``line`` of the statement that defines ``shape`` (or its named parent)."""
        named = shape
        while not isinstance(named, rdflib.URIRef) and self.parents.get(named):
            named = self.parents[named][0]
        source = self.defined_in.get(shape) or self.defined_in.get(named)
        if source is None:
            return {}
        line = subject_line(read_text(source), str(named)) if isinstance(named, rdflib.URIRef) else None
        return {"path": source.relpath, "line": line}


def _path_text(graph: rdflib.Graph, path: Node, iri: Callable[[str], str]) -> str:
    if isinstance(path, rdflib.URIRef):
        return iri(str(path))
    if (path, RDF.first, None) in graph:
        return "(" + "/".join(_path_text(graph, step, iri) for step in Collection(graph, path)) + ")"
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_path_text(graph, step, iri) for step in Collection(graph, alternatives)) + ")"
    inverse = graph.value(path, SH.inversePath)
    if inverse is not None:
        return "^" + _path_text(graph, inverse, iri)
    for predicate, modifier in _PATH_MODIFIERS.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return f"({_path_text(graph, inner, iri)}){modifier}"
    raise ShapeError(f"malformed sh:path {path}", hint="see https://www.w3.org/TR/shacl/#property-paths")


def _constraint_parameters(shapes: Shapes, shape: Node) -> list[Node]:
    return [p for p in set(shapes.graph.predicates(shape, None)) if p in CONSTRAINT_COMPONENTS]


def _check_terms(shapes: Shapes) -> Iterator[ShapeError]:
    for subject, predicate in sorted(set(shapes.graph.subject_predicates()), key=str):
        if str(predicate).startswith(str(SH)) and predicate not in SHACL_PROPERTIES:
            yield ShapeError(
                f"unknown SHACL term {prefixes.compress(str(predicate))} in shape {shapes.name(subject)}",
                **shapes.where(subject),  # type: ignore[arg-type]
                hint="check the spelling against https://www.w3.org/TR/shacl/ "
                     "(SHACL engines silently ignore terms they do not know)",
            )


def _check_shape(shapes: Shapes, shape: Node) -> Iterator[ShapeError]:
    where = shapes.where(shape)
    severity = shapes.graph.value(shape, SH.severity)
    if severity is not None and severity not in SEVERITIES:
        yield ShapeError(f"shape {shapes.name(shape)} has sh:severity {severity}", **where,  # type: ignore[arg-type]
                         hint="use sh:Violation (error), sh:Warning (warn) or sh:Info (info)")
    if shape in shapes.parents and shapes.path(shape) is None:
        yield ShapeError(f"property shape {shapes.name(shape)} has no sh:path", **where,  # type: ignore[arg-type]
                         hint="give every property shape the property it constrains: sh:path nkg:…")
    parameters = _constraint_parameters(shapes, shape)
    reports = shape not in shapes.nested_shapes or shapes.has_targets(shape)
    if shapes.messages(shape) or not parameters or not reports:
        return
    sparql_only = parameters == [SH.sparql] and all(
        shapes.messages(constraint) for constraint in shapes.graph.objects(shape, SH.sparql)
    )
    if not sparql_only:
        yield ShapeError(
            f"shape {shapes.name(shape)} has no sh:message", **where,  # type: ignore[arg-type]
            hint='add sh:message "…"@en saying what is wrong and how a curator fixes it',
        )


def _lint(shapes: Shapes) -> None:
    problems = [*_check_terms(shapes), *(p for s in shapes.all_shapes for p in _check_shape(shapes, s))]
    if problems:
        raise problems[0]


def load_shapes(sources: Iterable[SourceFile]) -> Shapes:
    """Parse every shapes file into one graph and check the shapes; raises ``ShapeError``."""
    shape_sources = [source for source in sources if source.kind == "shapes"]
    shapes = Shapes(rdflib.Graph(), shape_sources)
    for source in shape_sources:
        for quad in parse_turtle(source, graph_name(source.stem)):
            subject = to_rdflib(quad.subject)  # type: ignore[arg-type]
            shapes.graph.add((subject, to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
            shapes.defined_in.setdefault(subject, source)
    _lint(shapes)
    return shapes
