"""Compile all sources of a data folder into one graph.

Ontology Turtle, curated templates, extra instance Turtle and SSSOM mappings each compile into
their own named graph (``https://w3id.org/nanokg/graph/<file>``), so every triple keeps the file
it came from. The declared inverses of nanokg properties are materialised (in the
``entailed-inverses`` graph) so that queries can walk a relation in both directions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from pyoxigraph import NamedNode, Quad

from nanokg.errors import DanglingReferenceError
from nanokg.mappings import MappingSet, mapping_quads, read_mapping_set
from nanokg.paths import DataLayout
from nanokg.schema import SchemaIndex
from nanokg.sources import SourceFile, discover, fingerprint
from nanokg.templates import compile_templates, read_template
from nanokg.turtle import parse_turtle
from nanokg.vocab import NKG, graph_name

__all__ = ["CompiledGraph", "compile_graph", "INVERSES_GRAPH"]

INVERSES_GRAPH = graph_name("entailed-inverses")


@dataclass
class CompiledGraph:
    """Everything a build publishes, with where each node came from."""

    layout: DataLayout
    sources: list[SourceFile]
    fingerprint: str
    ontology: list[Quad]
    instances: list[Quad]
    mapping_sets: list[MappingSet]
    schema: SchemaIndex
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: External terms of ``ontology/imports/``: released in ``nanokg-full``, not in the query graph.
    imports: list[Quad] = field(default_factory=list)

    @cached_property
    def mappings(self) -> list[Quad]:
        return [quad for mapping_set in self.mapping_sets for quad in mapping_quads(mapping_set)]

    @cached_property
    def quads(self) -> list[Quad]:
        """Every quad, each triple once (the first source that states it keeps it)."""
        return _unique_triples(self.ontology, self.instances, self.mappings)

    @property
    def ontology_with_class_mappings(self) -> list[Quad]:
        """The TBox and the mappings of its own terms: what OWL tools open."""
        return [*self.ontology, *(q for q in self.mappings if q.subject.value.startswith(NKG)
                                  and not q.subject.value.startswith(NKG + "id/"))]


def _unique_triples(*groups: Iterable[Quad]) -> list[Quad]:
    """The quads of ``groups`` in order, each triple once: the first quad stating it keeps it.

    Quads are compared by their text without the graph name (compiled quads are all in a named
    graph, which is printed last): reading a pyoxigraph quad's terms builds new Python objects, so
    at a million quads this is several times faster than comparing terms (1 s instead of 4 s).
    """
    first: dict[str, Quad] = {}
    for quad in itertools.chain(*groups):
        text = str(quad)
        first.setdefault(text[: text.rindex(" <")], quad)
    return list(first.values())


def _materialise_inverses(quads: list[Quad], schema: SchemaIndex) -> list[Quad]:
    inverses = {iri: NamedNode(inverse) for iri, inverse in schema.inverses.items()
                if iri.startswith(NKG)}
    return [
        Quad(quad.object, inverses[quad.predicate.value], quad.subject, INVERSES_GRAPH)
        for quad in quads
        if quad.predicate.value in inverses and isinstance(quad.object, NamedNode)
    ]


def _check_mapping_subjects(mapping_sets: list[MappingSet], known: set[str]) -> None:
    for mapping_set in mapping_sets:
        for mapping in mapping_set.mappings:
            if mapping.subject not in known:
                raise DanglingReferenceError(
                    f"mapping subject {mapping.row['subject_id']} is not declared by any source",
                    path=mapping_set.source.relpath, line=mapping.line, column=1,
                    hint="map only nanokg terms and records that exist, or correct the subject_id",
                )


def compile_graph(layout: DataLayout) -> CompiledGraph:
    """Parse and compile every source of ``layout``; raises a located error on the first problem."""
    sources = discover(layout)
    ontology = [
        quad for source in sources if source.kind == "ontology"
        for quad in parse_turtle(source, graph_name(source.stem))
    ]
    schema = SchemaIndex.from_quads(ontology)
    extra = [
        quad for source in sources if source.kind == "turtle"
        for quad in parse_turtle(source, graph_name(source.stem))
    ]
    templates = [read_template(source) for source in sources if source.kind == "template"]
    records = compile_templates(templates, schema)
    mapping_sets = [read_mapping_set(source) for source in sources if source.kind == "mappings"]
    known = set(schema.kinds) | set(records.origins) | {q.subject.value for q in extra}
    _check_mapping_subjects(mapping_sets, known)
    imports = [
        quad for source in sources if source.kind == "import"
        for quad in parse_turtle(source, graph_name("imports/" + source.stem))
    ]
    asserted = [*records.quads, *extra]
    instances = [*asserted, *_materialise_inverses(asserted, schema)]
    return CompiledGraph(
        layout=layout,
        sources=sources,
        fingerprint=fingerprint(sources),
        ontology=ontology,
        instances=instances,
        mapping_sets=mapping_sets,
        schema=schema,
        origins=records.origins,
        imports=imports,
    )
