"""OWL 2 DL reasoning with HermiT (through owlready2): consistency, unsatisfiable classes, and the
inferred class hierarchy.

owlready2 and Java are only touched here, so commands that do not reason never start a JVM.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Quad, RdfFormat, serialize

from nanokg.errors import NanoKGError

__all__ = ["ReasonerReport", "reason"]

_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_THING = "http://www.w3.org/2002/07/owl#Thing"


@dataclass
class ReasonerReport:
    """What HermiT concluded about an ontology (and its individuals, if given)."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    #: (subclass, superclass) pairs HermiT entails that were not asserted, named classes only.
    inferred_subclasses: list[tuple[str, str]] = field(default_factory=list)
    #: (individual, class) pairs entailed but not asserted, named classes only.
    inferred_types: list[tuple[str, str]] = field(default_factory=list)
    explanation: str = ""

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def _named_parents(entity: object) -> set[str]:
    return {parent.iri for parent in getattr(entity, "is_a", []) if hasattr(parent, "iri")}


def reason(quads: Iterable[Quad], namespace: str = "https://w3id.org/nanokg/") -> ReasonerReport:
    """Classify ``quads`` with HermiT; report inconsistency, unsatisfiable and inferred classes.

    Only classes and individuals whose IRI starts with ``namespace`` are reported.
    """
    import owlready2

    with tempfile.TemporaryDirectory(prefix="nanokg-reason-") as folder:
        path = Path(folder) / "graph.nt"
        serialize([quad.triple for quad in quads], str(path), RdfFormat.N_TRIPLES)
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        classes = [c for c in ontology.classes() if c.iri.startswith(namespace)]
        individuals = [i for i in ontology.individuals() if i.iri.startswith(namespace)]
        asserted = {c.iri: _named_parents(c) for c in classes}
        asserted_types = {i.iri: _named_parents(i) for i in individuals}
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log), contextlib.redirect_stdout(log):
                # xsd:gYear (publication years) is outside the OWL 2 datatype map; HermiT would
                # refuse the whole graph instead of ignoring those literals.
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                               ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(consistent=False, explanation=log.getvalue().strip())
        except owlready2.OwlReadyJavaError as error:
            raise NanoKGError(f"HermiT failed: {error}".strip(),
                              hint="HermiT runs on Java (java on PATH, version 8 or later); "
                                   "the message above is HermiT's own") from None
        unsatisfiable = sorted(
            c.iri for c in world.inconsistent_classes() if c.iri.startswith(namespace) and c.iri != _NOTHING
        )
        inferred = sorted(
            (c.iri, parent)
            for c in classes
            for parent in _named_parents(c) - asserted[c.iri]
            if parent not in (_THING, _NOTHING)
        )
        inferred_types = sorted(
            (i.iri, cls)
            for i in individuals
            for cls in _named_parents(i) - asserted_types[i.iri]
            if cls != _THING
        )
        return ReasonerReport(True, unsatisfiable, inferred, inferred_types, log.getvalue().strip())
