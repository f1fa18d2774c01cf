"""Result formats: what people read and what programs parse."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
)

from nanokg.engine import Boolean, Solutions, Triples, open_local
from nanokg.errors import OutputError, QueryError
from nanokg.paths import DataLayout
from nanokg.results import cell_text, render, write_text
from nanokg.store import ensure_store
from nanokg.terms import TermIndex
from nanokg.vocab import XSD, nkg, nkgid

TERMS = TermIndex(
    terms={nkgid("doxorubicin").value: ("nkgid:doxorubicin", "doxorubicin"),
           nkg("Liposome").value: ("nkg:Liposome", "liposome")},
    prefixes={"nkg": "https://w3id.org/nanokg/", "nkgid": "https://w3id.org/nanokg/id/",
              "rdfs": "http://www.w3.org/2000/01/rdf-schema#"},
    accepted_prefixes={"nkg": "https://w3id.org/nanokg/", "nkgid": "https://w3id.org/nanokg/id/"},
)
QUOTE = 'a "quoted" | piped,\ttabbed\nquote'
SOLUTIONS = Solutions(
    ("drug", "carrier", "value", "quote"),
    [
        (nkgid("doxorubicin"), nkg("Liposome"), Literal("83.1", datatype=XSD.decimal), Literal(QUOTE)),
        (NamedNode("http://example.org/unknown"), None, Literal("7", datatype=XSD.integer),
         Literal("liposome", language="en")),
        (BlankNode("b0"), None, None, None),
    ],
)


def test_table_aligns_columns_shows_curies_with_labels_and_counts_rows() -> None:
    text = render(Solutions(SOLUTIONS.variables, SOLUTIONS.rows[:2]), "table", TERMS)
    lines = text.splitlines()
    assert lines[0].split() == ["drug", "carrier", "value", "quote"]
    assert lines[2].startswith("nkgid:doxorubicin (doxorubicin)   nkg:Liposome (liposome)    83.1   a ")
    assert lines[-1] == "2 rows"
    unknown = next(line for line in lines if line.startswith("http://example.org/unknown"))
    assert unknown.index("7") == lines[2].index("83.1") + 3  # numbers are right-aligned
    assert lines[0].index("carrier") == lines[2].index("nkg:Liposome")


def test_table_without_labels_and_truncation_notice() -> None:
    truncated = Solutions(("drug",), [(nkgid("doxorubicin"),)], truncated=True)
    text = render(truncated, "table", TERMS, labels=False)
    assert "nkgid:doxorubicin\n" in text and "(doxorubicin)" not in text
    assert text.endswith("1 row (more rows were cut off by the limit)\n")


def test_markdown_escapes_pipes_and_newlines() -> None:
    text = render(SOLUTIONS, "markdown", TERMS)
    assert text.splitlines()[:3] == [
        "| drug | carrier | value | quote |",
        "|---|---|---|---|",
        '| nkgid:doxorubicin (doxorubicin) | nkg:Liposome (liposome) | 83.1 | a "quoted" \\| piped,\ttabbed<br>quote |',
    ]


def test_csv_is_sparql_results_csv() -> None:
    text = render(SOLUTIONS, "csv", TERMS)
    assert text.startswith("drug,carrier,value,quote\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1] == ["https://w3id.org/nanokg/id/doxorubicin", "https://w3id.org/nanokg/Liposome", "83.1", QUOTE]
    assert rows[3] == ["_:b0", "", "", ""]


def test_csv_with_labels_adds_a_label_column_after_iri_columns() -> None:
    rows = list(csv.reader(io.StringIO(render(SOLUTIONS, "csv", TERMS, labels=True), newline="")))
    assert rows[0] == ["drug", "drug_label", "carrier", "carrier_label", "value", "quote"]
    assert rows[1][:4] == ["https://w3id.org/nanokg/id/doxorubicin", "doxorubicin",
                           "https://w3id.org/nanokg/Liposome", "liposome"]
    assert rows[2][1] == ""  # an IRI without a label


@pytest.mark.parametrize(("fmt", "parser_format"), [("json", QueryResultsFormat.JSON),
                                                     ("tsv", QueryResultsFormat.TSV)])
def test_json_and_tsv_parse_back_to_the_same_terms(fmt: str, parser_format: QueryResultsFormat) -> None:
    parsed = parse_query_results(render(SOLUTIONS, fmt, TERMS).encode(), parser_format)
    assert isinstance(parsed, QuerySolutions)
    assert [v.value for v in parsed.variables] == list(SOLUTIONS.variables)
    back = [tuple(solution[name] for name in SOLUTIONS.variables) for solution in parsed]
    assert back[:2] == SOLUTIONS.rows[:2]
    assert isinstance(back[2][0], BlankNode) and back[2][1:] == (None, None, None)


def test_boolean_answers() -> None:
    assert render(Boolean(True), "table", TERMS) == "true\n"
    assert json.loads(render(Boolean(False), "json", TERMS)) == {"head": {}, "boolean": False}


def test_graphs_in_turtle_jsonld_and_ntriples_parse_back() -> None:
    triples = [Triple(nkgid("doxorubicin"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      Literal("doxorubicin", language="en"))]
    turtle = render(Triples(triples), "turtle", TERMS)
    assert "@prefix nkgid: <https://w3id.org/nanokg/id/> ." in turtle
    assert 'nkgid:doxorubicin rdfs:label "doxorubicin"@en .' in turtle
    for fmt, rdf_format in (("turtle", RdfFormat.TURTLE), ("jsonld", RdfFormat.JSON_LD),
                            ("ntriples", RdfFormat.N_TRIPLES)):
        text = render(Triples(triples), fmt, TERMS)
        assert [quad.triple for quad in parse(text.encode(), rdf_format)] == triples


def test_formats_that_do_not_fit_the_answer_are_refused() -> None:
    with pytest.raises(QueryError, match="cannot be written as csv"):
        render(Triples([]), "csv", TERMS)
    with pytest.raises(QueryError, match="cannot be written as turtle"):
        render(SOLUTIONS, "turtle", TERMS)


def test_cell_text() -> None:
    assert cell_text(nkg("Liposome"), TERMS) == "nkg:Liposome (liposome)"
    assert cell_text(nkg("Liposome"), TERMS, labels=False) == "nkg:Liposome"
    assert cell_text(None, TERMS) == ""


def test_output_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "out" / "answer.csv"
    write_text("a,b\r\n1,2\r\n", target)
    assert target.read_bytes() == b"a,b\r\n1,2\r\n"
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with pytest.raises(OutputError, match="cannot write"):
        write_text("x", blocked / "answer.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file", "out"]


def test_the_term_index_is_built_with_the_store_and_rebuilt_if_lost(mini: DataLayout) -> None:
    store_dir = ensure_store(mini)
    index_file = store_dir.parent / "terms.json"
    assert index_file.is_file()
    index_file.unlink()
    terms = open_local(mini).terms
    assert terms.curie("https://w3id.org/nanokg/id/doxorubicin") == "nkgid:doxorubicin"
    assert terms.label("https://w3id.org/nanokg/Liposome") == "liposome"
    assert terms.expand("chebi:28748") == "http://purl.obolibrary.org/obo/CHEBI_28748"  # a prefix synonym
    assert index_file.is_file()
