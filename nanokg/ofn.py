"""Write OWL functional syntax from RDF/XML with horned-owl (``py-horned-owl``).

A module of its own so that a release can run it as a separate process, ``python -m nanokg.ofn
IN.owl OUT.ofn``: horned-owl holds the GIL for the whole conversion (20 s for a million
triples), which would otherwise stop the rest of the release.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nanokg import prefixes

__all__ = ["ofn_from_rdf_xml"]


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_OWL = "http://www.w3.org/2002/07/owl#"
_STRUCTURE = {_RDF + "type", _RDF + "first", _RDF + "rest", _OWL + "members"}


def _all_disjoint_classes(rdf_xml: Path) -> list[list[str]]:
    """The members of each owl:AllDisjointClasses axiom of ``rdf_xml`` (named classes)."""
    from pyoxigraph import BlankNode, RdfFormat, parse

    # Only the blank nodes of axioms and lists are kept: the product may hold a million triples.
    about: dict[object, dict[str, object]] = {}
    axioms = []
    for triple in parse(path=str(rdf_xml), format=RdfFormat.RDF_XML):
        if not isinstance(triple.subject, BlankNode) or triple.predicate.value not in _STRUCTURE:
            continue
        about.setdefault(triple.subject, {})[triple.predicate.value] = triple.object
        if triple.predicate.value == _RDF + "type" and triple.object.value == _OWL + "AllDisjointClasses":
            axioms.append(triple.subject)
    groups = []
    for axiom in axioms:
        members, node = [], about[axiom][_OWL + "members"]
        while getattr(node, "value", None) != _RDF + "nil":
            members.append(about[node][_RDF + "first"].value)  # type: ignore[attr-defined]
            node = about[node][_RDF + "rest"]
        groups.append(members)
    return groups


def ofn_from_rdf_xml(rdf_xml: Path, ofn: Path) -> None:
    """Convert the RDF/XML file ``rdf_xml`` to OWL functional syntax at ``ofn``, with nanokg's prefixes."""
    import pyhornedowl
    from pyhornedowl.model import DisjointClasses

    ontology = pyhornedowl.open_ontology_from_file(str(rdf_xml), "rdf")
    # horned-owl's RDF reader (1.x) drops owl:AllDisjointClasses with more than two members; the
    # disjointness of the top-level categories and of the therapy modalities would be lost.
    read = {frozenset(str(member) for member in axiom.component.first)
            for axiom in ontology.get_axioms() if isinstance(axiom.component, DisjointClasses)}
    for members in _all_disjoint_classes(rdf_xml):
        if frozenset(members) not in read:
            ontology.add_axiom(DisjointClasses([ontology.class_(iri) for iri in members]))
    for prefix, uri in sorted(prefixes.prefix_map().items()):
        ontology.add_prefix_mapping(prefix, uri)
    ontology.save_to_file(str(ofn), "ofn")


if __name__ == "__main__":
    ofn_from_rdf_xml(Path(sys.argv[1]), Path(sys.argv[2]))
