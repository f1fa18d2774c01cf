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

from pyoxigraph import Literal, Quad, RdfFormat, serialize

from nanokg.errors import NanoKGError

__all__ = ["ReasonerReport", "reason", "OWL2_DATATYPES"]

_NOTHING = "http://www.w3.org/2002/07/owl#Nothing"
_THING = "http://www.w3.org/2002/07/owl#Thing"
_XSD = "http://www.w3.org/2001/XMLSchema#"

#: The OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps). HermiT refuses any
#: other datatype, such as xsd:gYear or xsd:date, which curated records legitimately use.
OWL2_DATATYPES = frozenset({
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#PlainLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#XMLLiteral",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
    "http://www.w3.org/2000/01/rdf-schema#Literal",
    "http://www.w3.org/2002/07/owl#real", "http://www.w3.org/2002/07/owl#rational",
    *(_XSD + name for name in (
        "decimal integer nonNegativeInteger nonPositiveInteger positiveInteger negativeInteger long "
        "int short byte unsignedLong unsignedInt unsignedShort unsignedByte double float string "
        "normalizedString token language Name NCName NMTOKEN boolean hexBinary base64Binary anyURI "
        "dateTime dateTimeStamp"
    ).split()),
})


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
    #: Literals left out because HermiT cannot read their datatype (e.g. xsd:gYear years).
    skipped_literals: int = 0

    @property
    def ok(self) -> bool:
        return self.consistent and not self.unsatisfiable


def _named_parents(entity: object) -> set[str]:
    return {parent.iri for parent in getattr(entity, "is_a", []) if hasattr(parent, "iri")}


def _readable_by_hermit(quad: Quad) -> bool:
    value = quad.object
    return not isinstance(value, Literal) or value.language is not None or value.datatype.value in OWL2_DATATYPES


def _java_error(error: Exception) -> NanoKGError:
    text = str(error)
    if "UnsupportedDatatypeException" in text:
        return NanoKGError(f"HermiT cannot read a datatype: {text.strip().splitlines()[-1]}",
                           hint="use a datatype of the OWL 2 datatype map in the ontology's axioms")
    java_missing = "java" in text.lower() and ("not found" in text.lower() or "no such file" in text.lower())
    return NanoKGError(f"HermiT failed: {text.strip()}",
                       hint="HermiT needs a Java runtime (java on PATH, version 8 or later)" if java_missing
                       else "run with --no-reason to validate without OWL reasoning, and report this")


def reason(quads: Iterable[Quad], namespace: str = "https://w3id.org/nanokg/") -> ReasonerReport:
    """Classify ``quads`` with HermiT; report inconsistency, unsatisfiable and inferred classes.

    Only classes and individuals whose IRI starts with ``namespace`` are reported. Literals of
    datatypes outside the OWL 2 datatype map are left out (HermiT refuses them) and counted.
    """
    import owlready2

    quads = list(quads)
    readable = [quad for quad in quads if _readable_by_hermit(quad)]
    with tempfile.TemporaryDirectory(prefix="nanokg-reason-") as folder:
        path = Path(folder) / "graph.nt"
        serialize([quad.triple for quad in readable], str(path), RdfFormat.N_TRIPLES)
        world = owlready2.World()
        ontology = world.get_ontology(path.as_uri()).load()
        classes = [c for c in ontology.classes() if c.iri.startswith(namespace)]
        individuals = [i for i in ontology.individuals() if i.iri.startswith(namespace)]
        asserted = {c.iri: _named_parents(c) for c in classes}
        asserted_types = {i.iri: _named_parents(i) for i in individuals}
        log = io.StringIO()
        try:
            with contextlib.redirect_stderr(log), contextlib.redirect_stdout(log):
                owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        except owlready2.OwlReadyInconsistentOntologyError:
            return ReasonerReport(consistent=False, explanation=log.getvalue().strip(),
                                  skipped_literals=len(quads) - len(readable))
        except (owlready2.OwlReadyJavaError, FileNotFoundError, OSError) as error:
            raise _java_error(error) from None
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
        return ReasonerReport(True, unsatisfiable, inferred, inferred_types, log.getvalue().strip(),
                              skipped_literals=len(quads) - len(readable))
