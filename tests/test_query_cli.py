"""``nanokg query`` and ``nanokg sparql`` through click's CliRunner, on the mini fixture."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main

from .conftest import FIXTURES

MINI = str(FIXTURES / "mini")


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", MINI, *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_list_shows_name_title_and_parameters() -> None:
    code, out, _ = run("query", "list")
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("carriers-of-drug"))
    assert line.split(None, 1)[1].split() == ["Carriers", "of", "a", "drug", "drug=nkgid:doxorubicin"]
    assert "quotes-mentioning" in out and "text (required)" in out
    assert "orphan-violation" not in out


def test_list_by_tag() -> None:
    code, out, _ = run("query", "list", "--tag", "evidence")
    assert code == 0
    assert "quotes-mentioning" in out and "carriers-of-drug" not in out


def test_show_prints_question_parameters_and_sparql() -> None:
    code, out, _ = run("query", "show", "carriers-of-drug")
    assert code == 0
    assert out.startswith("carriers-of-drug — Carriers of a drug\nQuestion: Which nanocarriers deliver a given drug?\n")
    assert "nkgid:doxorubicin" in out and "gemcitabine" in out
    assert "Run:\n  nanokg query run carriers-of-drug  # with the defaults\n" \
           "  nanokg query run carriers-of-drug --param drug=gemcitabine\n" in out
    assert "parameter   type                        default             example       meaning" in out
    assert "SPARQL (queries/carriers-of-drug.rq, SELECT):\nPREFIX nkg: <https://w3id.org/nanokg/>" in out
    assert "#+" not in out


def test_run_prints_a_table_with_labels() -> None:
    code, out, err = run("query", "run", "carriers-of-drug", "--param", "drug=GEM")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "drug = nkgid:gemcitabine (gemcitabine)"  # a parameter is shown once, not as a column
    assert lines[1].split() == ["formulation", "carrier", "carrierClass"]
    assert lines[3].split() == ["nkgid:gem-liposome", "(GEM", "liposome)", "nkgid:gem-liposome--liposome",
                                "(liposome", "of", "GEM", "liposome)", "nkg:Liposome", "(liposome)"]
    assert out.endswith("1 row\n")


def test_run_markdown_states_parameters_above_the_table() -> None:
    code, out, _ = run("query", "run", "carriers-of-drug", "-p", "drug=GEM", "-f", "markdown")
    assert code == 0
    assert out == ("**drug**: nkgid:gemcitabine (gemcitabine)  \n\n"
                   "| formulation | carrier | carrierClass |\n|---|---|---|\n"
                   "| nkgid:gem-liposome (GEM liposome) | nkgid:gem-liposome--liposome (liposome of GEM liposome) "
                   "| nkg:Liposome (liposome) |\n")


def test_run_csv_with_limit_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "answer.csv"
    code, out, err = run("query", "run", "carriers-of-drug", "-f", "csv", "--limit", "1", "-o", str(target))
    assert code == 0 and out == ""
    assert err == f"wrote {target}\n"
    rows = list(csv.reader(io.StringIO(target.read_text(), newline="")))
    assert rows == [["drug", "formulation", "carrier", "carrierClass"],
                    ["https://w3id.org/nanokg/id/doxorubicin", "https://w3id.org/nanokg/id/dox-liposome",
                     "https://w3id.org/nanokg/id/dox-liposome--liposome", "https://w3id.org/nanokg/Liposome"]]


def test_run_json_is_sparql_results_json() -> None:
    code, out, _ = run("query", "run", "outcomes-above", "-p", "threshold=80", "-f", "json")
    assert code == 0
    document = json.loads(out)
    assert document["head"]["vars"] == ["threshold", "outcome", "formulation", "value"]
    assert document["results"]["bindings"][0]["value"] == {
        "type": "literal", "value": "83.1", "datatype": "http://www.w3.org/2001/XMLSchema#decimal"}


def test_run_construct_gives_turtle_and_jsonld() -> None:
    code, out, _ = run("query", "run", "describe-term", "-p", "term=DOX liposome")
    assert code == 0
    assert "nkgid:dox-liposome a owl:NamedIndividual , nkg:Formulation ;" in out
    code, out, _ = run("query", "run", "describe-term", "-f", "jsonld")
    assert code == 0
    assert json.loads(out)[0]["@id"] == "https://w3id.org/nanokg/id/dox-liposome"


def test_run_ask() -> None:
    assert run("query", "run", "is-delivered")[:2] == (0, "true\n")
    assert run("query", "run", "is-delivered", "-f", "json", "-p", "drug=doxorubicin")[1] == \
        '{\n  "head": {},\n  "boolean": true\n}\n'


def test_run_on_the_rdflib_engine_gives_the_same_table() -> None:
    assert run("query", "run", "carriers-of-drug", "--engine", "rdflib") == run("query", "run", "carriers-of-drug")


@pytest.mark.parametrize(("args", "message"), [
    (("query", "run", "carriers-of-drug", "-p", "drug=doxorubicn"),
     "error: queries/carriers-of-drug.rq: parameter 'drug' of carriers-of-drug: 'doxorubicn' matches no label"),
    (("query", "run", "nope"), "error: no saved query called 'nope' in queries/"),
    (("query", "run", "carriers-of-drug", "-p", "drug"), "error: 'drug' is not a parameter assignment"),
    (("query", "run", "describe-term", "-f", "csv"), "error: a CONSTRUCT or DESCRIBE answer is a graph"),
    (("sparql", "SELECT * WHERE { ?s ?p }"), "error: <query>:1:25: invalid SPARQL: expected one of "),
    (("sparql", "PREFIX ex: <urn:ex:>\nSELEC ?x WHERE { ?x a ex:Y }"),
     "error: <query>:2:1: 'SELEC' where the query's form should be\n  fix: after any PREFIX and BASE lines a query "
     "starts with SELECT, CONSTRUCT, ASK or DESCRIBE"),
    (("sparql", "SELECT ?x WHERE { ?x a foo:Bar }"),
     "error: <query>:1:24: unknown prefix 'foo:'\n  fix: declare it (PREFIX foo: <namespace>) or use one nanokg "
     "declares for you: bao, BFO,"),
])
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2
    assert err.startswith(message)
    assert "Traceback" not in out + err


def test_failed_run_leaves_no_output_file(tmp_path: Path) -> None:
    target = tmp_path / "answer.csv"
    target.write_text("previous answer")
    code, _, _ = run("query", "run", "carriers-of-drug", "-p", "drug=nope", "-o", str(target))
    assert code == 2
    assert target.read_text() == "previous answer"
    assert [p.name for p in tmp_path.iterdir()] == ["answer.csv"]


def test_sparql_from_text_file_and_stdin_with_project_prefixes(tmp_path: Path) -> None:
    text = "SELECT ?drug (COUNT(?f) AS ?n) WHERE { ?f nkg:hasPayload ?drug } GROUP BY ?drug ORDER BY ?drug"
    expected = ("| drug | n |\n|---|---|\n| nkgid:doxorubicin (doxorubicin) | 2 |\n"
                "| nkgid:gemcitabine (gemcitabine) | 1 |\n")
    assert run("sparql", text, "-f", "markdown") == (0, expected, "")
    query_file = tmp_path / "count.rq"
    query_file.write_text(text)
    assert run("sparql", str(query_file), "-f", "markdown")[:2] == (0, expected)
    assert run("sparql", "-", "-f", "markdown", stdin=text)[:2] == (0, expected)


def test_sparql_error_in_a_file_names_the_file(tmp_path: Path) -> None:
    query_file = tmp_path / "bad.rq"
    query_file.write_text("SELECT ?x\nWHERE { ?x ?p ?o\n")
    code, _, err = run("sparql", str(query_file))
    assert code == 2
    assert err.startswith(f"error: {query_file}:3:1: invalid SPARQL: ")


def test_sparql_updates_are_not_queries() -> None:
    code, _, err = run("sparql", "DROP ALL")
    assert code == 2 and err.startswith("error: <query>:1:1: 'DROP' where the query's form should be")
    assert "(updates are not run)" in err


def test_query_run_imports_no_rdflib_pyshacl_owlready2_or_curies(tmp_path: Path) -> None:
    """The hot path stays light: the checks run in a fresh interpreter after a real query."""
    program = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from nanokg.cli import main\n"
        f"result = CliRunner().invoke(main, ['--data', {MINI!r}, 'query', 'run', 'carriers-of-drug'])\n"
        "assert result.exit_code == 0, result.output\n"
        "heavy = {'rdflib', 'pyshacl', 'owlready2', 'curies', 'pydantic'} & {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted(heavy))\n"
    )
    run("query", "run", "carriers-of-drug")  # build the store first, which may import anything
    completed = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                               env=os.environ, check=True)
    assert completed.stdout == "[]\n"


def test_a_missing_query_file_is_named() -> None:
    code, _, err = run("sparql", "nowhere/missing.rq")
    assert code == 2
    assert err.startswith("error: nowhere/missing.rq: cannot read the query file")


def test_the_cli_offers_every_output_format_and_engine() -> None:
    from nanokg.cli import output
    from nanokg.engine import ENGINES
    from nanokg.results import FORMATS

    assert output._FORMATS == FORMATS
    assert output._ENGINES == ENGINES
