"""The fast SHACL engine: every constraint of every shape becomes one SPARQL query on Oxigraph.

A shape's targets become a sub-select of focus nodes (``?this``); its path becomes a SPARQL
property path to the value nodes (``?value``); each constraint becomes a filter that keeps the
violations. Oxigraph then answers in milliseconds what a node-by-node engine takes seconds for,
and nothing is copied out of the store. SPARQL-based constraints (``sh:sparql``) run as written,
with the focus nodes joined in where SHACL would pre-bind ``$this``.

The engine implements SHACL Core's value, cardinality, range, string, property-pair and
``sh:in``/``sh:hasValue`` constraints and SHACL-SPARQL constraints, and gives the results of the
reference engine, pySHACL (``tests/test_shacl_engines.py`` checks it feature by feature), except
where pySHACL departs from the specification on ill-typed or incomparable literals: there it
follows the specification. Anything else (``sh:node``, ``sh:or``, ``sh:closed``, SHACL-AF, …)
raises ``UnsupportedShape`` rather than passing silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import rdflib
from pyoxigraph import NamedNode, QuerySolutions, Store, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, XSD

from nanokg.errors import ShapeError
from nanokg.validation.shacl import ShapeResult
from nanokg.validation.shapes import CONSTRAINT_COMPONENTS, SH, Node, Shapes
from nanokg.validation.terms import Term, sparql_term

__all__ = ["ENGINE", "FastEngine", "UnsupportedShape", "compile_shapes", "CompiledConstraint"]

_TYPE = f"<{RDF.type}>"
_SUBCLASS_CLOSURE = f"SELECT DISTINCT ?class WHERE {{{{ ?class <{RDFS.subClassOf}>* {{}} }}}}"

#: SHACL features this engine does not evaluate; a shape using one is refused, never skipped.
UNSUPPORTED = {
    SH["not"], SH["and"], SH["or"], SH.xone, SH.node, SH.qualifiedValueShape, SH.closed,
    SH.expression, SH.target, SH.rule,
}

#: Datatypes whose lexical forms Oxigraph can check by casting (ill-typed literals fail).
_CASTABLE = {XSD.decimal, XSD.integer, XSD.float, XSD.double, XSD.boolean, XSD.date, XSD.time,
             XSD.dateTime, XSD.gYear}

_NODE_KINDS = {
    SH.IRI: "!isIRI(?value)", SH.BlankNode: "!isBlank(?value)", SH.Literal: "!isLiteral(?value)",
    SH.BlankNodeOrIRI: "isLiteral(?value)", SH.BlankNodeOrLiteral: "isIRI(?value)",
    SH.IRIOrLiteral: "isBlank(?value)",
}
_RANGES = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
_PAIRS = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}

# Strings, IRIs and comments of a query, which must not be mistaken for its keywords and braces.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\s]*>' r"|#[^\n]*"
)
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.I)
_PATH_VARIABLE = re.compile(r"([\s{}()])[$?]PATH\b")
_SELECT = re.compile(r"\bSELECT\b(\s+(?:DISTINCT|REDUCED)\b)?", re.I)


class UnsupportedShape(ShapeError):
    """A shape uses a SHACL feature the fast engine does not evaluate."""


class _Subclasses:
    """Each class with its subclasses in the data graph: SHACL's ``rdf:type/rdfs:subClassOf*``,
    computed once per class so that queries look types up instead of walking the hierarchy."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.cache: dict[Node, list[str]] = {}

    def __call__(self, cls: Node) -> list[str]:
        if cls not in self.cache:
            solutions = self.store.query(_SUBCLASS_CLOSURE.format(sparql_term(cls)))
            assert isinstance(solutions, QuerySolutions)
            found = {f"<{row['class'].value}>" for row in solutions if isinstance(row["class"], NamedNode)}
            self.cache[cls] = sorted(found | {sparql_term(cls)})
        return self.cache[cls]


@dataclass(frozen=True)
class _Focus:
    """The focus nodes of a shape: a sub-select binding ``?this``."""

    select: str
    #: The predicates, when the only targets are ``sh:targetSubjectsOf`` them: a property shape
    #: whose path is one of these predicates, or alternatives among them, then needs no
    #: sub-select, since its value pattern already finds only focus nodes.
    subjects_of: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CompiledConstraint:
    """One constraint of one shape, as the SPARQL query that selects its violations."""

    shape: Node
    component: rdflib.URIRef
    query: str
    #: The ``sh:sparql`` node, for SPARQL-based constraints.
    source_constraint: Node | None = None


def _masked(text: str) -> str:
    """``text`` with its strings, IRIs and comments blanked out, keeping every offset."""
    return _OPAQUE.sub(lambda match: " " * len(match.group(0)), text)


def _unsupported(shapes: Shapes, shape: Node, what: str) -> UnsupportedShape:
    return UnsupportedShape(
        f"the fast SHACL engine cannot evaluate {what} (shape {shapes.name(shape)})",
        **shapes.where(shape),  # type: ignore[arg-type]
        hint="validate with --engine pyshacl, or write the rule as a SPARQL constraint (sh:sparql)",
    )


def _literal(shapes: Shapes, shape: Node, parameter: Node, value: Node, kind: type) -> object:
    if not isinstance(value, rdflib.Literal) or not isinstance(value.value, kind):
        raise ShapeError(
            f"{shapes.name(shape)}: the value of sh:{str(parameter).split('#')[1]} must be a "
            f"{kind.__name__} literal, not {value}", **shapes.where(shape),  # type: ignore[arg-type]
            hint="see https://www.w3.org/TR/shacl/#core-components",
        )
    return value.value


def _predicates(shapes: Shapes, path: Node | None) -> frozenset[str]:
    """The predicates a path is the union of (one IRI, or alternatives of IRIs), else none."""
    if isinstance(path, rdflib.URIRef):
        return frozenset({sparql_term(path)})
    alternatives = shapes.graph.value(path, SH.alternativePath) if path is not None else None
    steps = list(Collection(shapes.graph, alternatives)) if alternatives is not None else []
    if steps and all(isinstance(step, rdflib.URIRef) for step in steps):
        return frozenset(sparql_term(step) for step in steps)
    return frozenset()


class _ShapeCompiler:
    """Writes the queries of one shape evaluated on one set of focus nodes."""

    def __init__(self, shapes: Shapes, shape: Node, focus: _Focus, subclasses: _Subclasses) -> None:
        self.shapes = shapes
        self.shape = shape
        self.focus = focus.select
        self.subclasses = subclasses
        path = shapes.path(shape)
        self.path = shapes.sparql_path(path) if path is not None else None
        #: A single predicate, whose triples Oxigraph can list without walking a path expression;
        #: its (focus, value) pairs are distinct without DISTINCT, since triples are.
        self.simple_path = isinstance(path, rdflib.URIRef)
        self.values = f"?this {self.path} ?value ." if self.path else "BIND(?this AS ?value)"
        #: The focus to join with value nodes: none when every subject the value pattern finds is a
        #: focus node (the path's predicates are among the shape's sh:targetSubjectsOf).
        predicates = _predicates(shapes, path)
        self.value_focus = "" if predicates and predicates <= focus.subjects_of else self.focus
        self.distinct = "" if self.simple_path else "DISTINCT "

    def constraint(self, component: rdflib.URIRef, query: str, source: Node | None = None) -> CompiledConstraint:
        return CompiledConstraint(self.shape, component, query, source)

    def violating_values(self, condition: str) -> str:
        return (f"SELECT {self.distinct}?this ?value WHERE {{ {self.value_focus} {self.values} "
                f"FILTER({condition}) }}")

    def compile(self) -> Iterator[CompiledConstraint]:
        graph = self.shapes.graph
        for parameter in sorted(set(graph.predicates(self.shape, None)), key=str):
            if parameter in UNSUPPORTED:
                raise _unsupported(self.shapes, self.shape, f"sh:{str(parameter).split('#')[1]}")
            if parameter not in CONSTRAINT_COMPONENTS:
                continue
            component = CONSTRAINT_COMPONENTS[parameter]
            for value in sorted(graph.objects(self.shape, parameter), key=str):
                if parameter == SH.sparql:
                    yield from self.sparql(value)
                else:
                    yield self.constraint(component, self.core(parameter, value))

    def core(self, parameter: Node, value: Node) -> str:
        writer = _CORE.get(parameter)
        if writer is None:
            raise _unsupported(self.shapes, self.shape, f"sh:{str(parameter).split('#')[1]}")
        return writer(self, value)

    # -- cardinality -------------------------------------------------------------------------
    def count(self, value: Node, parameter: Node, having: str) -> str:
        if self.path is None:
            raise ShapeError(f"{self.shapes.name(self.shape)}: sh:{str(parameter).split('#')[1]} needs sh:path",
                             **self.shapes.where(self.shape),  # type: ignore[arg-type]
                             hint="cardinalities apply to property shapes")
        limit = _literal(self.shapes, self.shape, parameter, value, int)
        optional = parameter == SH.minCount
        if optional and limit == 1 and self.simple_path:
            return self.lacking(self.values)
        if not optional and self.simple_path:  # count every subject's values, then keep the focus nodes
            return (f"SELECT ?this WHERE {{ {{ SELECT ?this WHERE {{ {self.values} }} GROUP BY ?this "
                    f"HAVING (COUNT(?value) > {limit}) }} {self.value_focus} }}")
        values = f"OPTIONAL {{ {self.values} }}" if optional else self.values
        return (f"SELECT ?this WHERE {{ {self.focus} {values} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?value) {having} {limit})")

    def lacking(self, pattern: str) -> str:
        """Focus nodes without a match of ``pattern`` (an anti-join: Oxigraph answers MINUS far
        faster than FILTER NOT EXISTS, which it evaluates node by node)."""
        return f"SELECT DISTINCT ?this WHERE {{ {self.focus} MINUS {{ {pattern} }} }}"

    def min_count(self, value: Node) -> str:
        return self.count(value, SH.minCount, "<")

    def max_count(self, value: Node) -> str:
        return self.count(value, SH.maxCount, ">")

    # -- value type ----------------------------------------------------------------------------
    def class_(self, value: Node) -> str:
        classes = " ".join(self.subclasses(value))
        return (f"SELECT {self.distinct}?this ?value WHERE {{ {self.value_focus} {self.values} "
                f"MINUS {{ VALUES ?class {{ {classes} }} ?value {_TYPE} ?class }} }}")

    def datatype(self, value: Node) -> str:
        if value == RDFS.Literal:
            return self.violating_values("!isLiteral(?value)")
        if value == RDF.langString:
            return self.violating_values('!isLiteral(?value) || lang(?value) = ""')
        condition = f"!isLiteral(?value) || datatype(?value) != {sparql_term(value)}"
        if value in _CASTABLE:
            condition += f" || !COALESCE(isLiteral({sparql_term(value)}(STR(?value))), false)"
        return self.violating_values(condition)

    def node_kind(self, value: Node) -> str:
        if value not in _NODE_KINDS:
            raise ShapeError(f"{self.shapes.name(self.shape)}: unknown sh:nodeKind {value}",
                             **self.shapes.where(self.shape),  # type: ignore[arg-type]
                             hint="use sh:IRI, sh:Literal, sh:BlankNode or one of their pairs")
        return self.violating_values(_NODE_KINDS[value])

    # -- value range and strings ---------------------------------------------------------------
    def length(self, value: Node, parameter: Node, operator: str) -> str:
        limit = _literal(self.shapes, self.shape, parameter, value, int)
        return self.violating_values(f"isBlank(?value) || STRLEN(STR(?value)) {operator} {limit}")

    def min_length(self, value: Node) -> str:
        return self.length(value, SH.minLength, "<")

    def max_length(self, value: Node) -> str:
        return self.length(value, SH.maxLength, ">")

    def pattern(self, value: Node) -> str:
        flags = self.shapes.graph.value(self.shape, SH.flags)
        arguments = sparql_term(rdflib.Literal(str(value)))
        if flags is not None:
            arguments += ", " + sparql_term(rdflib.Literal(str(flags)))
        probe = Store().query(f"SELECT (REGEX(\"\", {arguments}) AS ?ok) {{}}")
        assert isinstance(probe, QuerySolutions)
        if next(iter(probe))["ok"] is None:
            raise _unsupported(self.shapes, self.shape, f"the regular expression {value!s}")
        return self.violating_values(f"isBlank(?value) || !REGEX(STR(?value), {arguments})")

    def language_in(self, value: Node) -> str:
        tags = [str(tag) for tag in Collection(self.shapes.graph, value)]
        matches = " || ".join(f"langMatches(lang(?value), {sparql_term(rdflib.Literal(t))})" for t in tags)
        return self.violating_values(f"!isLiteral(?value) || !({matches or 'false'})")

    def unique_lang(self, value: Node) -> str:
        if not _literal(self.shapes, self.shape, SH.uniqueLang, value, bool):
            return "SELECT ?this WHERE { FILTER(false) }"
        return (f"SELECT ?this WHERE {{ {self.value_focus} {self.values} "
                'FILTER(isLiteral(?value) && lang(?value) != "") } '
                "GROUP BY ?this (LCASE(lang(?value)) AS ?language) HAVING (COUNT(DISTINCT ?value) > 1)")

    # -- other constraints ---------------------------------------------------------------------
    def has_value(self, value: Node) -> str:
        if self.path is None:  # the result names the focus node only, no value
            return f"SELECT ?this WHERE {{ {self.focus} FILTER(!sameTerm(?this, {sparql_term(value)})) }}"
        pattern = f"?this {self.path} {sparql_term(value)}"
        if self.simple_path:
            return self.lacking(pattern)
        return f"SELECT ?this WHERE {{ {self.focus} FILTER NOT EXISTS {{ {pattern} }} }}"

    def in_(self, value: Node) -> str:
        members = [sparql_term(member) for member in Collection(self.shapes.graph, value)]
        listed = " || ".join(f"sameTerm(?value, {member})" for member in members)
        return self.violating_values(f"!({listed or 'false'})")

    # -- property pairs ------------------------------------------------------------------------
    def equals(self, value: Node) -> str:
        other = sparql_term(value)
        return (f"SELECT DISTINCT ?this ?value WHERE {{ {self.focus} "
                f"{{ {self.values} FILTER NOT EXISTS {{ ?this {other} ?value }} }} UNION "
                f"{{ ?this {other} ?value . FILTER NOT EXISTS {{ {self.values} }} }} }}")

    def disjoint(self, value: Node) -> str:
        return (f"SELECT {self.distinct}?this ?value WHERE {{ {self.value_focus} {self.values} "
                f"?this {sparql_term(value)} ?value }}")

    # -- SPARQL-based constraints --------------------------------------------------------------
    def sparql(self, constraint: Node) -> Iterator[CompiledConstraint]:
        graph = self.shapes.graph
        if self.shapes.deactivated(constraint):
            return
        select = graph.value(constraint, SH.select)
        if select is None:
            raise _unsupported(self.shapes, self.shape, "a SPARQL constraint without sh:select")
        text = str(select)
        if match := _FORBIDDEN.search(_masked(text)):
            raise ShapeError(
                f"{self.shapes.name(self.shape)}: a SPARQL constraint must not use {match.group(1).upper()}",
                **self.shapes.where(self.shape),  # type: ignore[arg-type]
                hint="see https://www.w3.org/TR/shacl/#pre-binding (use FILTER instead)",
            )
        if self.path is not None:
            text = _PATH_VARIABLE.sub(lambda m: m.group(1) + str(self.path), text)
        yield self.constraint(SH.SPARQLConstraintComponent,
                              _prefix_lines(self.shapes, constraint) + self.bind_focus(text), constraint)

    def bind_focus(self, text: str) -> str:
        """Join the focus nodes into the query's WHERE clause, where SHACL pre-binds ``$this``."""
        masked = _masked(text)
        select = _SELECT.search(masked)
        brace = masked.find("{", select.end() if select else 0)
        if select is None or brace < 0:
            raise _unsupported(self.shapes, self.shape, "a sh:select that is not a SELECT query")
        projection = masked[select.end():brace]
        if not re.search(r"[?$]this\b|\*", projection):
            text = text[: select.end()] + " ?this" + text[select.end():]
            brace += len(" ?this")
        return text[: brace + 1] + f" {self.focus} " + text[brace + 1:]


def _range(operator: str) -> Callable[[_ShapeCompiler, Node], str]:
    """sh:minInclusive and kin: a value that does not compare (a string against a number) violates."""
    return lambda compiler, value: compiler.violating_values(
        f"!COALESCE(?value {operator} {sparql_term(value)}, false)")


def _pair(operator: str) -> Callable[[_ShapeCompiler, Node], str]:
    """sh:lessThan and sh:lessThanOrEquals: one result per value and other value that do not compare."""
    return lambda compiler, value: (
        f"SELECT DISTINCT ?this ?value ?other WHERE {{ {compiler.focus} {compiler.values} "
        f"?this {sparql_term(value)} ?other . FILTER(!COALESCE(?value {operator} ?other, false)) }}")


_CORE: dict[Node, Callable[[_ShapeCompiler, Node], str]] = {
    SH.minCount: _ShapeCompiler.min_count,
    SH.maxCount: _ShapeCompiler.max_count,
    SH["class"]: _ShapeCompiler.class_,
    SH.datatype: _ShapeCompiler.datatype,
    SH.nodeKind: _ShapeCompiler.node_kind,
    SH.minLength: _ShapeCompiler.min_length,
    SH.maxLength: _ShapeCompiler.max_length,
    SH.pattern: _ShapeCompiler.pattern,
    SH.languageIn: _ShapeCompiler.language_in,
    SH.uniqueLang: _ShapeCompiler.unique_lang,
    SH.hasValue: _ShapeCompiler.has_value,
    SH["in"]: _ShapeCompiler.in_,
    SH.equals: _ShapeCompiler.equals,
    SH.disjoint: _ShapeCompiler.disjoint,
    **{parameter: _range(operator) for parameter, operator in _RANGES.items()},
    **{parameter: _pair(operator) for parameter, operator in _PAIRS.items()},
}


def _prefix_lines(shapes: Shapes, constraint: Node) -> str:
    """PREFIX lines for the ``sh:prefixes`` declarations of a SPARQL constraint (as pySHACL reads them)."""
    graph = shapes.graph
    ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
    declarations: set[Node] = set()
    for holder in graph.objects(constraint, SH.prefixes):
        declarations |= set(graph.objects(holder, SH.declare))
        if holder not in ontologies:
            declarations |= {d for o in ontologies for d in graph.objects(o, SH.declare)}
    lines = sorted(
        f"PREFIX {graph.value(d, SH.prefix)}: <{graph.value(d, SH.namespace)}>" for d in declarations
    )
    return "".join(line + "\n" for line in lines)


def _focus_nodes(shapes: Shapes, shape: Node, subclasses: _Subclasses) -> _Focus | None:
    """The focus nodes of ``shape``'s own targets, or None if it has none."""
    graph = shapes.graph
    patterns = []
    classes = list(graph.objects(shape, SH.targetClass))
    if (shape, RDF.type, SH.NodeShape) in graph and (
        (shape, RDF.type, RDFS.Class) in graph or (shape, RDF.type, OWL.Class) in graph
    ):
        classes.append(shape)  # implicit class target
    patterns += [f"VALUES ?targetClass {{ {' '.join(subclasses(c))} }} ?this {_TYPE} ?targetClass ." for c in classes]
    for node in graph.objects(shape, SH.targetNode):
        if isinstance(node, rdflib.BNode):
            raise _unsupported(shapes, shape, "a blank node as sh:targetNode")
        patterns.append(f"BIND({sparql_term(node)} AS ?this)")
    patterns += [f"?this {sparql_term(p)} ?targetObject ." for p in graph.objects(shape, SH.targetSubjectsOf)]
    patterns += [f"?targetSubject {sparql_term(p)} ?this ." for p in graph.objects(shape, SH.targetObjectsOf)]
    if not patterns:
        return None
    union = " UNION ".join("{ " + pattern + " }" for pattern in sorted(patterns))
    subjects_of = frozenset(sparql_term(p) for p in graph.objects(shape, SH.targetSubjectsOf))
    return _Focus(f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}",
                  subjects_of if len(subjects_of) == len(patterns) else frozenset())


def _evaluations(shapes: Shapes, subclasses: _Subclasses) -> Iterator[tuple[Node, _Focus]]:
    """Each (shape, focus nodes) pair SHACL evaluates: shapes with targets, and their property shapes."""
    for shape in shapes.all_shapes:
        if shapes.deactivated(shape):
            continue
        if own := _focus_nodes(shapes, shape, subclasses):
            yield shape, own
        for parent in shapes.parents.get(shape, []):
            if shapes.deactivated(parent):
                continue
            if shapes.is_property_shape(parent):
                raise _unsupported(shapes, parent, "sh:property on a property shape")
            if focus := _focus_nodes(shapes, parent, subclasses):
                yield shape, focus


def compile_shapes(shapes: Shapes, store: Store) -> list[CompiledConstraint]:
    """The queries of every shape on ``store``; raises ``UnsupportedShape`` for features this engine lacks.

    The store is read for the class hierarchy: a class target or ``sh:class`` becomes a lookup
    of the class and its subclasses.
    """
    subclasses = _Subclasses(store)
    return [
        constraint
        for shape, focus in _evaluations(shapes, subclasses)
        for constraint in _ShapeCompiler(shapes, shape, focus, subclasses).compile()
    ]


def _substitute(message: str, bindings: dict[str, Term]) -> str:
    for name, term in bindings.items():
        message = re.sub(r"{[?$]" + re.escape(name) + "}", lambda _: term.value, message)
    return message


class FastEngine:
    """Runs the compiled queries on the store's default graph."""

    name = "fast"

    def validate(self, shapes: Shapes, store: Store) -> list[ShapeResult]:
        results: list[ShapeResult] = []
        for constraint in compile_shapes(shapes, store):
            try:
                solutions = store.query(constraint.query)
            except SyntaxError as error:
                raise _unsupported(shapes, constraint.shape, f"its SPARQL query ({error})") from None
            assert isinstance(solutions, QuerySolutions)
            if constraint.source_constraint is None:
                results += self.core_results(shapes, constraint, solutions)
            else:
                results += self.sparql_results(shapes, constraint, solutions)
        return results

    @staticmethod
    def _messages(shapes: Shapes, *nodes: Node, bindings: dict[str, Term] | None = None) -> tuple[str, ...]:
        texts = {str(m) for node in nodes for m in shapes.messages(node)}
        return tuple(sorted(_substitute(text, bindings) if bindings is not None else text for text in texts))

    def core_results(self, shapes: Shapes, constraint: CompiledConstraint,
                     solutions: QuerySolutions) -> Iterator[ShapeResult]:
        shape = constraint.shape
        path = shapes.path(shape)
        path_text = shapes.sparql_path(path) if path is not None else None
        messages = self._messages(shapes, shape)
        has_value = "value" in _names(solutions)
        for row in solutions:
            yield ShapeResult(
                focus=row["this"], path=path_text, value=row["value"] if has_value else None,
                messages=messages, severity=str(shapes.severity(shape)), shape=shape,
                component=str(constraint.component),
            )

    def sparql_results(self, shapes: Shapes, constraint: CompiledConstraint,
                       solutions: QuerySolutions) -> Iterator[ShapeResult]:
        """Results as pySHACL derives them from the solutions of a SPARQL constraint."""
        shape, node = constraint.shape, constraint.source_constraint
        assert node is not None
        shape_path = shapes.path(shape)
        names = _names(solutions)
        seen: set[tuple[object, ...]] = set()
        failed: set[Term] = set()
        for row in solutions:
            bindings = {name: row[name] for name in names if row[name] is not None}
            focus = bindings["this"]
            if bindings.pop("failure", None) is not None:
                if focus in failed:
                    continue
                failed.add(focus)
                path, value = None, (None if shape_path is not None else focus)
            else:
                bindings.pop("this")
                path, value = bindings.pop("path", None), bindings.pop("value", None)
                key = (focus, path, value, frozenset(bindings.items()))
                if key in seen:
                    continue
                seen.add(key)
                if value is None and shape_path is None:
                    value = focus
                bindings.update({k: v for k, v in (("this", focus), ("path", path), ("value", value)) if v is not None})
            if isinstance(path, NamedNode):
                path_text: str | None = f"<{path.value}>"
            else:
                path_text = shapes.sparql_path(shape_path) if shape_path is not None else None
            yield ShapeResult(
                focus=focus, path=path_text, value=value,
                messages=self._messages(shapes, node, shape, bindings=bindings),
                severity=str(shapes.severity(shape)), shape=shape, component=str(constraint.component),
                source_constraint=node,
            )


def _names(solutions: QuerySolutions) -> list[str]:
    return [variable.value for variable in solutions.variables if isinstance(variable, Variable)]


ENGINE = FastEngine()
