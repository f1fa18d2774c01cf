"""Every way a curator or ontologist can break the graph gets its precise message, and no output.

Each case under ``tests/fixtures/broken/<case>/`` is the valid fixture folder with one file
replaced or added (see ``tests/fixtures/broken/README.md``). ``nanokg validate`` and
``nanokg build`` must both stop with the exact first line below and the exit code (2: the input
cannot be read; 1: it does not conform), print no traceback and write nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main
from tests.conftest import BROKEN, BROKEN_CASES, assemble

EXPECTED: dict[str, tuple[int, str]] = {
    "turtle-syntax-error": (
        2, "error: graph/notes.ttl:6:1: Turtle syntax error: A dot is expected at the end of statements"),
    "missing-column": (
        2, "error: graph/outcomes.tsv:4:10: the row has 9 cells but the header has 17 columns"),
    "percentage-over-100": (
        1, "error: graph/outcomes.tsv:3: nkgid:as2o3-liposomes-encapsulation-efficiency (As2O3 liposomes "
           "encapsulation efficiency) nkg:numericValue \"140\"^^xsd:decimal: A percentage lies between 0 and "
           "100, and 140 does not: correct the value, or give a relative change in its own unit "
           "(e.g. nkgid:fold-change)."),
    "formulation-without-carrier": (
        1, "error: graph/formulations.tsv:3: nkgid:fa-peg-gem-nps (FA-PEG-GEM-NPs) nkg:hasCarrier: A formulation "
           "needs at least one carrier: name its carrier class in the 'carrier class' column (e.g. nkg:Liposome, "
           "nkg:GoldNanorod)."),
    "carrier-not-a-carrier-class": (
        1, "error: graph/formulations.tsv:3: nkgid:fa-peg-gem-nps (FA-PEG-GEM-NPs) nkg:hasCarrier "
           "nkgid:fa-peg-gem-nps--polymer: A carrier must be an individual of a nanocarrier class (a subclass of "
           "nkg:Nanocarrier): name a carrier class such as nkg:Liposome or nkg:GoldNanorod in the 'carrier class' "
           "column."),
    "invented-chebi-id": (
        1, "error: graph/mappings.sssom.tsv:23: nkgid:gemcitabine (gemcitabine) skos:exactMatch CHEBI:abc: "
           "A Chemical Entities of Biological Interest identifier is CHEBI: followed by \\d+ "
           "(as in CHEBI:138488): correct the object_id in graph/mappings.sssom.tsv."),
    "unknown-prefix": (
        2, "error: graph/formulations.tsv:3:9: unknown prefix 'drugbank' in 'drugbank:DB00441'"),
    "unsatisfiable-class": (
        1, "error: ontology/extension.ttl:8: nkg:LiposomalDrug (liposomal drug): the class is unsatisfiable: "
           "no individual can belong to it (HermiT)"),
    "dangling-reference": (
        2, "error: graph/formulations.tsv:3:9: 'doxorubicin' in column 'payload' matches no record ID, label "
           "or synonym"),
    "dangling-reference-in-turtle": (
        1, "error: graph/extra.ttl:5: nkgid:doxorubicin: used but never declared: correct the spelling where it "
           "is used, or declare it (in the ontology, or as a template record)"),
    "empty-file": (2, "error: graph/empty.tsv: the file is empty"),
    "binary-file": (2, "error: graph/figure.tsv: the file is binary, not text"),
}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_fixture_has_an_expectation_and_every_expectation_a_fixture() -> None:
    assert sorted(EXPECTED) == BROKEN_CASES


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_validate_names_the_problem_exactly(tmp_path: Path, case: str) -> None:
    layout = assemble(tmp_path / case, BROKEN / case)
    report = tmp_path / "report.tsv"
    code, out, err = run("--data", str(layout.root), "validate", "--output", str(report))
    assert (code, err.splitlines()[0]) == EXPECTED[case]
    assert "Traceback" not in out + err
    # A report is written whole when the graph could be read, and not at all when it could not.
    assert report.is_file() == (code == 1)
    assert list(tmp_path.glob("**/.staging-*")) == []


@pytest.mark.parametrize("case", BROKEN_CASES)
def test_build_refuses_to_publish(tmp_path: Path, case: str) -> None:
    layout = assemble(tmp_path / case, BROKEN / case)
    dist = tmp_path / "dist"
    code, out, err = run("--data", str(layout.root), "build", "--out", str(dist))
    assert (code, err.splitlines()[0]) == EXPECTED[case]
    assert "Traceback" not in out + err
    assert not dist.exists() or list(dist.iterdir()) == []


def test_the_valid_fixture_is_valid(tmp_path: Path) -> None:
    layout = assemble(tmp_path / "valid")
    code, out, err = run("--data", str(layout.root), "validate", "--format", "tsv")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == []  # the header and no finding
