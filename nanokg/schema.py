"""What the compiler needs to know about the ontology: its terms, their labels, inverse pairs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Quad

from nanokg.vocab import OWL, RDF, RDFS, SKOS

__all__ = ["SchemaIndex"]

_DECLARATIONS = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "data property",
    OWL.AnnotationProperty: "annotation property",
    OWL.NamedIndividual: "individual",
}


@dataclass
class SchemaIndex:
    """Declared terms of the ontology with their kinds and (lower-cased) labels."""

    kinds: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    class_names: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    inverses: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_quads(cls, quads: Iterable[Quad]) -> SchemaIndex:
        index = cls()
        names: list[tuple[str, str]] = []
        for quad in quads:
            subject, predicate, obj = quad.subject, quad.predicate, quad.object
            if not isinstance(subject, NamedNode):
                continue
            if predicate == RDF.type and obj in _DECLARATIONS:
                index.kinds.setdefault(subject.value, _DECLARATIONS[obj])
            elif predicate == OWL.inverseOf and isinstance(obj, NamedNode):
                index.inverses[subject.value] = obj.value
                index.inverses[obj.value] = subject.value
            elif predicate in (RDFS.label, SKOS.altLabel) and isinstance(obj, Literal):
                names.append((subject.value, obj.value))
                if predicate == RDFS.label:
                    index.labels.setdefault(subject.value, obj.value)
        for iri, name in names:
            if index.kinds.get(iri) == "class":
                index.class_names[name.casefold()].add(iri)
        return index

    def is_class(self, iri: str) -> bool:
        return self.kinds.get(iri) == "class"

    def classes_named(self, name: str) -> set[str]:
        """Classes whose label or synonym is ``name`` (case-insensitive)."""
        return self.class_names.get(name.casefold(), set())

    def label(self, iri: str) -> str | None:
        return self.labels.get(iri)
