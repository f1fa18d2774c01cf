"""An in-memory index of a compiled graph for pictures and documentation: labels, types, told
superclasses, outgoing links and mappings, with the imported external terms' labels.

"Told" superclasses are the named classes a class is asserted to be under: ``rdfs:subClassOf`` a
named class, or a named conjunct of an ``owl:equivalentClass`` intersection (so a defined class
such as ``ChemoPhotothermalTherapy ≡ Therapy ⊓ …`` sits under ``Therapy`` without a reasoner).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from nanokg import prefixes
from nanokg.compile import CompiledGraph
from nanokg.vocab import IAO_DEFINITION, NKG, OWL, RDF, RDFS, SKOS

__all__ = ["GraphIndex"]

_RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
_RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
_EQUIVALENT = OWL.NS + "equivalentClass"
_INTERSECTION = OWL.NS + "intersectionOf"
_UNION = OWL.NS + "unionOf"
_DOMAIN_RANGE = {"http://www.w3.org/2000/01/rdf-schema#domain", "http://www.w3.org/2000/01/rdf-schema#range"}


@dataclass
class GraphIndex:
    labels: dict[str, str] = field(default_factory=dict)
    definitions: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    types: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    values: dict[str, list[tuple[str, Literal]]] = field(default_factory=lambda: defaultdict(list))
    mappings: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def from_compiled(cls, compiled: CompiledGraph) -> GraphIndex:
        return cls.from_quads([*compiled.quads, *compiled.imports])

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> GraphIndex:
        index = cls()
        blank: dict[BlankNode, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        equivalents: list[tuple[str, BlankNode]] = []
        unions: list[tuple[str, str, BlankNode]] = []
        for quad in quads:
            s, p, o = quad.subject, quad.predicate.value, quad.object
            if isinstance(s, BlankNode):
                blank[s][p].append(o)
                continue
            iri = s.value
            if p == RDF.type.value and isinstance(o, NamedNode):
                if o.value.startswith(OWL.NS):
                    index.kinds[iri].add(o.value)
                else:
                    index.types[iri].add(o.value)
            elif p == RDFS.subClassOf.value and isinstance(o, NamedNode):
                index.parents[iri].add(o.value)
            elif p == _EQUIVALENT and isinstance(o, BlankNode):
                equivalents.append((iri, o))
            elif p in _DOMAIN_RANGE and isinstance(o, BlankNode):
                unions.append((iri, p, o))
            elif p == RDFS.label.value and isinstance(o, Literal):
                index.labels.setdefault(iri, o.value)
            elif p == IAO_DEFINITION.value and isinstance(o, Literal):
                index.definitions.setdefault(iri, o.value)
            elif p in SKOS.MAPPING_PREDICATES and isinstance(o, NamedNode):
                index.mappings[iri].append((p, o.value))
            elif isinstance(o, NamedNode):
                index.links[iri].append((p, o.value))
            elif isinstance(o, Literal):
                index.values[iri].append((p, o))
        for iri, node in equivalents:
            for operand in _list_items(blank, blank[node].get(_INTERSECTION, [None])[0]):
                if isinstance(operand, NamedNode):
                    index.parents[iri].add(operand.value)
        # A domain or range that is a union of classes links the property to each of them.
        for iri, predicate, node in unions:
            for member in _list_items(blank, blank[node].get(_UNION, [None])[0]):
                if isinstance(member, NamedNode):
                    index.links[iri].append((predicate, member.value))
        # owl:inverseOf is symmetric; the ontology states it on one side only.
        for iri, pairs in list(index.links.items()):
            for predicate, other in pairs:
                if predicate == OWL.inverseOf.value and (predicate, iri) not in index.links[other]:
                    index.links[other].append((predicate, iri))
        return index

    def label(self, iri: str) -> str:
        """The term's label, or its CURIE when it has none."""
        return self.labels.get(iri) or prefixes.compress(iri)

    def is_class(self, iri: str) -> bool:
        return OWL.Class.value in self.kinds.get(iri, ())

    def children(self, iri: str) -> list[str]:
        return sorted((c for c, ps in self.parents.items() if iri in ps and self.is_class(c)), key=self.label)

    def descendants(self, iri: str) -> set[str]:
        found, queue = set(), [iri]
        while queue:
            for child in self.children(queue.pop()):
                if child not in found:
                    found.add(child)
                    queue.append(child)
        return found

    def ancestors(self, iri: str) -> set[str]:
        found, queue = set(), [iri]
        while queue:
            for parent in self.parents.get(queue.pop(), ()):
                if parent not in found:
                    found.add(parent)
                    queue.append(parent)
        return found

    def instances(self, class_iri: str, direct: bool = False) -> set[str]:
        """Individuals typed by the class (or, unless ``direct``, by any of its subclasses)."""
        classes = {class_iri} if direct else {class_iri, *self.descendants(class_iri)}
        return {i for i, types in self.types.items() if types & classes}

    def usage_counts(self) -> Counter[str]:
        """Class → number of individuals directly typed by it."""
        return Counter(t for types in self.types.values() for t in types)

    def linked(self, iri: str, predicate: str) -> list[str]:
        return sorted({o for p, o in self.links.get(iri, ()) if p == predicate}, key=self.label)

    def nanokg_classes(self) -> list[str]:
        return sorted((i for i, kinds in self.kinds.items() if OWL.Class.value in kinds and i.startswith(NKG)
                       and not i.startswith(NKG + "id/")), key=lambda i: self.label(i).casefold())


def _list_items(blank: dict[BlankNode, dict[str, list[object]]], head: object) -> list[object]:
    items = []
    while isinstance(head, BlankNode) and blank[head].get(_RDF_FIRST):
        items.append(blank[head][_RDF_FIRST][0])
        head = blank[head].get(_RDF_REST, [None])[0]
    return items
