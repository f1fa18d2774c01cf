"""Compiling TSV templates: what records become, and what a broken template says."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import Literal, NamedNode

from nanokg.compile import compile_graph
from nanokg.errors import DanglingReferenceError, SourceError
from nanokg.paths import DataLayout
from nanokg.vocab import NKG, NKGID, XSD

Edit = Callable[[Path, str, str], None]


def triples(layout: DataLayout) -> set[tuple[str, str, str]]:
    return {(q.subject.value, q.predicate.value, q.object.value) for q in compile_graph(layout).quads}


def test_records_resolve_by_slug_label_and_synonym(mini: DataLayout) -> None:
    graph = triples(mini)
    # "DOX" is a synonym of doxorubicin; "gemcitabine|doxorubicin" are labels.
    assert (NKGID + "dox-liposome", NKG + "hasPayload", NKGID + "doxorubicin") in graph
    assert (NKGID + "gem-liposome", NKG + "hasPayload", NKGID + "gemcitabine") in graph
    assert (NKGID + "gem-liposome", NKG + "hasPayload", NKGID + "doxorubicin") in graph
    # "chemical entity" and "formulation" are class labels used as TYPE values.
    assert (NKGID + "gemcitabine", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NKG + "ChemicalEntity") in graph


def test_new_mints_a_carrier_individual_of_the_named_class(mini: DataLayout) -> None:
    graph = triples(mini)
    carrier = NKGID + "gem-liposome--liposome"  # "lipid vesicle" is a synonym of nkg:Liposome
    assert (NKGID + "gem-liposome", NKG + "hasCarrier", carrier) in graph
    assert (carrier, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", NKG + "Liposome") in graph
    assert (carrier, "http://www.w3.org/2000/01/rdf-schema#label", "liposome of GEM liposome") in graph


def test_inverses_are_materialised(mini: DataLayout) -> None:
    assert (NKGID + "dox-liposome--liposome", NKG + "isCarrierOf", NKGID + "dox-liposome") in triples(mini)


def test_typed_literals_keep_their_datatype(mini: DataLayout) -> None:
    compiled = compile_graph(mini)
    values = [q.object for q in compiled.quads if q.predicate == NamedNode(NKG + "numericValue")]
    assert values == [Literal("83.1", datatype=XSD.decimal)]


def test_comment_rows_and_ignore_columns_compile_to_nothing(mini: DataLayout) -> None:
    graph = triples(mini)
    assert not any("curator note" in o or "a comment row" in s for s, _, o in graph)


def test_every_record_remembers_its_file_and_line(mini: DataLayout) -> None:
    origins = compile_graph(mini).origins
    assert origins[NKGID + "dox-liposome"] == ("graph/formulations.tsv", 4)
    assert origins[NKGID + "gem-liposome--liposome"] == ("graph/formulations.tsv", 5)


BROKEN = [
    pytest.param(
        "formulations.tsv", "DOX\tliposomes loaded with doxorubicin\tcurator note",
        "DOX\tliposomes loaded with doxorubicin",
        SourceError, "graph/formulations.tsv:4:7: the row has 6 cells but the header has 7 columns",
        id="row-missing-a-column",
    ),
    pytest.param(
        "outcomes.tsv", "\t83.1", "\t83,1 %",
        SourceError, "graph/outcomes.tsv:3:5: '83,1 %' is not a valid xsd:decimal in column 'value'",
        id="decimal-with-comma-and-unit",
    ),
    pytest.param(
        "formulations.tsv", "\tDOX\t", "\tfoo:bar\t",
        SourceError, "graph/formulations.tsv:4:5: unknown prefix 'foo' in 'foo:bar'",
        id="unknown-prefix",
    ),
    pytest.param(
        "formulations.tsv", "\tDOX\t", "\tnkgid:doxorubicn\t",
        DanglingReferenceError,
        "graph/formulations.tsv:4:5: 'nkgid:doxorubicn' in column 'payloads' is not declared by any source",
        id="dangling-curie",
    ),
    pytest.param(
        "formulations.tsv", "\tDOX\t", "\tcisplatin\t",
        DanglingReferenceError,
        "graph/formulations.tsv:4:5: 'cisplatin' in column 'payloads' matches no record ID, label or synonym",
        id="dangling-label",
    ),
    pytest.param(
        "formulations.tsv", "\tnkg:Liposome\t", "\tnkg:ChemicalEntity|nkg:Liposom\t",
        SourceError, "graph/formulations.tsv:4:4: 'nkg:Liposom' in column 'carrier' is not a class of the ontology",
        id="not-a-class",
    ),
    pytest.param(
        "chemicals.tsv", "gemcitabine\tgemcitabine", "doxorubicin\tgemcitabine",
        SourceError, "graph/chemicals.tsv:4:1: duplicate ID 'doxorubicin' (first defined at graph/chemicals.tsv:3)",
        id="duplicate-id",
    ),
    pytest.param(
        "chemicals.tsv", "gemcitabine\tgemcitabine", "Gem Citabine\tgemcitabine",
        SourceError, "graph/chemicals.tsv:4:1: 'Gem Citabine' is not a valid ID",
        id="invalid-slug",
    ),
    pytest.param(
        "chemicals.tsv", "LIT skos:altLabel@en SPLIT=|", "LITERAL skos:altLabel",
        SourceError, "graph/chemicals.tsv:2:4: column 'synonyms' has no valid directive: 'LITERAL skos:altLabel'",
        id="unknown-directive",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "error", "message"), BROKEN)
def test_broken_templates_report_file_line_column(
    mini: DataLayout, edit: Edit, file: str, old: str, new: str, error: type[Exception], message: str
) -> None:
    edit(mini.graph_dir / file, old, new)
    with pytest.raises(error) as caught:
        compile_graph(mini)
    assert str(caught.value).splitlines()[0] == message
    assert "fix:" in str(caught.value)


def test_ambiguous_label_lists_the_candidates(mini: DataLayout, edit: Edit) -> None:
    edit(mini.graph_dir / "chemicals.tsv", "\tGEM\n", "\tGEM|DOX\n")
    with pytest.raises(SourceError, match=r"'DOX' in column 'payloads' is ambiguous: "
                                          r"nkgid:doxorubicin, nkgid:gemcitabine"):
        compile_graph(mini)


def test_a_suggestion_is_offered_for_a_near_miss(mini: DataLayout, edit: Edit) -> None:
    edit(mini.graph_dir / "formulations.tsv", "\tDOX\t", "\tdoxorubicine\t")
    with pytest.raises(DanglingReferenceError, match="did you mean 'doxorubicin'"):
        compile_graph(mini)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "graph/extra.tsv: the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "graph/extra.tsv: the file is binary, not text"),
    (b"ID\tLABEL\n", "graph/extra.tsv:2: a template needs a header row and a directive row"),
    (b"a\tb\nID\tTYPE\n", "graph/extra.tsv:2: a template needs exactly one LABEL column, found 0"),
    (b"caf\xe9\tb\n", "graph/extra.tsv:1: the file is not valid UTF-8 (byte 3)"),
])
def test_unreadable_templates_are_refused(mini: DataLayout, content: bytes, message: str) -> None:
    (mini.graph_dir / "extra.tsv").write_bytes(content)
    with pytest.raises(SourceError) as caught:
        compile_graph(mini)
    assert str(caught.value).splitlines()[0] == message
