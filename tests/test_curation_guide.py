"""graph/README.md's worked example, applied to a copy of the shipped graph: it must stay true."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main
from tests.conftest import REPO

GUIDE = (REPO / "graph" / "README.md").read_text(encoding="utf-8")
EXAMPLE_ROWS = re.findall(r"```tsv (\S+)\n(.*?)```", GUIDE, re.DOTALL)


@pytest.fixture
def curated(tmp_path: Path) -> Path:
    """A copy of the shipped data folder with the guide's rows appended to their files."""
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    for relpath, rows in EXAMPLE_ROWS:
        with (tmp_path / relpath).open("a", encoding="utf-8") as file:
            file.write(rows)
    return tmp_path


def run(data: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(data), *args])
    return result.exit_code, result.stdout, result.stderr


def test_the_guide_adds_a_row_to_each_of_five_files() -> None:
    assert [relpath for relpath, _ in EXAMPLE_ROWS] == [
        "graph/publications.tsv", "graph/models.tsv", "graph/formulations.tsv", "graph/outcomes.tsv",
        "graph/mappings.sssom.tsv",
    ]


def test_the_new_study_validates_without_errors(curated: Path) -> None:
    code, out, err = run(curated, "validate")
    assert code == 0, out + err
    assert re.search(r"^0 errors, ", out, re.MULTILINE)
    assert "example" not in out  # no finding about the new records


def test_the_new_formulation_answers_the_saved_queries(curated: Path) -> None:
    code, out, err = run(curated, "query", "run", "carriers-of-drug", "--param", "drug=doxorubicin", "-f", "tsv")
    assert code == 0, err
    rows = [line.split("\t") for line in out.splitlines()]
    assert any("<https://w3id.org/nanokg/id/example-dox-plga-nps>" in row
               and "<https://w3id.org/nanokg/PLGANanoparticle>" in row for row in rows)
    code, out, err = run(curated, "query", "run", "evidence", "--param", "record=example-dox-plga-nps", "-f", "tsv")
    assert code == 0, err
    assert "increased the uptake of doxorubicin by MCF-7 cells 2.4-fold" in out
    code, out, err = run(curated, "query", "run", "study-of-formulation", "--param",
                         "nanomedicine=example-dox-plga-nps", "-f", "tsv")
    assert code == 0, err
    assert "<https://w3id.org/nanokg/id/example-2025>" in out


def test_the_new_records_come_from_the_new_paper_not_the_review(curated: Path) -> None:
    code, out, err = run(curated, "sparql", "-f", "tsv",
                         "SELECT ?record ?source WHERE { VALUES ?record { nkgid:example-dox-plga-nps "
                         "nkgid:example-dox-plga-nps-uptake nkgid:mcf-7 } ?record prov:wasDerivedFrom ?source }")
    assert code == 0, err
    sources = {line.split("\t")[1] for line in out.splitlines()[1:]}
    assert sources == {"<https://w3id.org/nanokg/id/example-2025>"}


def test_the_guide_shows_the_error_a_misspelt_payload_gives(curated: Path) -> None:
    shown = re.search(r"^error: graph/formulations\.tsv:.*\n  fix: .*$", GUIDE, re.MULTILINE)
    assert shown is not None
    path = curated / "graph" / "formulations.tsv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("polyethylene-glycol\tdoxorubicin\t", "polyethylene-glycol\tdoxorubicine\t"),
                    encoding="utf-8")
    code, _, err = run(curated, "validate")
    assert code == 2
    assert err.splitlines()[:2] == shown.group(0).splitlines()


def test_a_cited_study_cannot_postdate_the_review(curated: Path) -> None:
    with (curated / "graph" / "publications.tsv").open("a", encoding="utf-8") as file:
        file.write("late-2024\tLate et al. (2024)\tnkg:Study\tLate et al. (2024)\tLate\t2024"
                   + "\t" * 5 + "\treview\tsection-1" + "\t" * 4 + "\n")
    code, out, _ = run(curated, "validate", "--format", "tsv")
    assert code == 1
    assert "A publication the review cites appeared no later than the review (2023); 2024 is later" in out
