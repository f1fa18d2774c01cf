"""The prefix map: generated from the Bioregistry, canonical everywhere."""

from __future__ import annotations

import json

import pytest

from nanokg import prefixes
from tests.conftest import REPO, load_script


def test_committed_prefix_map_matches_the_bioregistry() -> None:
    pytest.importorskip("bioregistry")
    module = load_script("update_prefixes")
    committed = json.loads((REPO / "nanokg" / "data" / "prefixes.json").read_text())
    assert committed == module.build_prefix_map(), "run: python scripts/update_prefixes.py"


@pytest.mark.parametrize(("iri", "curie"), [
    ("https://w3id.org/nanokg/GoldNanorod", "nkg:GoldNanorod"),
    ("https://w3id.org/nanokg/id/doxorubicin", "nkgid:doxorubicin"),
    ("http://purl.obolibrary.org/obo/CHEBI_28748", "CHEBI:28748"),
    ("http://purl.org/obo/owl/CHEBI#CHEBI_28748", "CHEBI:28748"),  # NPO's legacy form
    ("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#C62381", "NCIT:C62381"),  # eNanoMapper slim form
    ("http://purl.bioontology.org/ontology/npo#NPO_719", "npo:719"),
    ("https://www.cellosaurus.org/CVCL_0023", "cellosaurus:0023"),
    ("http://purl.obolibrary.org/obo/UO_0000187", "UO:0000187"),
])
def test_iris_compress_to_canonical_curies(iri: str, curie: str) -> None:
    assert prefixes.compress(iri) == curie


def test_unknown_prefixes_do_not_expand() -> None:
    assert prefixes.expand("foo:bar") is None
    assert prefixes.expand("NPO:719") == "http://purl.bioontology.org/ontology/npo#NPO_719"


def test_text_that_is_not_a_curie_does_not_expand() -> None:
    assert prefixes.expand("doxorubicin") is None
    assert prefixes.expand("gold nanorod") is None
