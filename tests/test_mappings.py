"""SSSOM mapping tables: compiled to SKOS triples, with their CURIEs checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from nanokg.compile import compile_graph
from nanokg.errors import DanglingReferenceError, SourceError
from nanokg.paths import DataLayout

Edit = Callable[[Path, str, str], None]
SKOS = "http://www.w3.org/2004/02/skos/core#"


def test_mappings_become_skos_triples(mini: DataLayout) -> None:
    mappings = {(q.subject.value, q.predicate.value, q.object.value) for q in compile_graph(mini).mappings}
    assert mappings == {
        ("https://w3id.org/nanokg/id/doxorubicin", SKOS + "exactMatch", "http://purl.obolibrary.org/obo/CHEBI_28748"),
        ("https://w3id.org/nanokg/Liposome", SKOS + "exactMatch", "http://purl.bioontology.org/ontology/npo#NPO_719"),
    }


def test_class_mappings_travel_with_the_ontology(mini: DataLayout) -> None:
    ontology = compile_graph(mini).ontology_with_class_mappings
    assert any(q.object.value.endswith("NPO_719") for q in ontology)
    assert not any(q.object.value.endswith("CHEBI_28748") for q in ontology)


@pytest.mark.parametrize(("old", "new", "error", "message"), [
    ("CHEBI:28748", "CHEBI28748", SourceError,
     "graph/mappings.sssom.tsv:11:4: 'CHEBI28748' has no prefix declared in the curie_map"),
    ("CHEBI:28748", "chebo:28748", SourceError,
     "graph/mappings.sssom.tsv:11:4: 'chebo:28748' has no prefix declared in the curie_map"),
    ("skos:exactMatch\tCHEBI", "owl:sameAs\tCHEBI", SourceError,
     "graph/mappings.sssom.tsv:11:3: 'owl:sameAs' has no prefix declared in the curie_map"),
    ("nkgid:doxorubicin\t", "nkgid:doxorubicine\t", DanglingReferenceError,
     "graph/mappings.sssom.tsv:11:1: mapping subject nkgid:doxorubicine is not declared by any source"),
    ("#  CHEBI: http://purl.obolibrary.org/obo/CHEBI_", "#  CHEBI: https://identifiers.org/chebi/", SourceError,
     "graph/mappings.sssom.tsv: curie_map gives CHEBI: https://identifiers.org/chebi/ but nanokg's prefix map "
     "has http://purl.obolibrary.org/obo/CHEBI_"),
    ("#license: https://creativecommons.org/licenses/by/4.0/\n", "", SourceError,
     "graph/mappings.sssom.tsv:1: the SSSOM metadata lacks license"),
])
def test_broken_mapping_tables_are_located(mini: DataLayout, edit: Edit, old: str, new: str,
                                           error: type[Exception], message: str) -> None:
    edit(mini.graph_dir / "mappings.sssom.tsv", old, new)
    with pytest.raises(error) as caught:
        compile_graph(mini)
    assert str(caught.value).splitlines()[0] == message


def test_a_non_skos_predicate_is_refused(mini: DataLayout, edit: Edit) -> None:
    path = mini.graph_dir / "mappings.sssom.tsv"
    edit(path, "#  npo:", "#  owl: http://www.w3.org/2002/07/owl#\n#  npo:")
    edit(path, "skos:exactMatch\tCHEBI", "owl:sameAs\tCHEBI")
    with pytest.raises(SourceError, match="owl:sameAs is not a SKOS mapping predicate"):
        compile_graph(mini)
