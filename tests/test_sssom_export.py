"""``nanokg mappings``: SSSOM export checked by the sssom library, coverage, label checks."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main
from nanokg.compile import compile_graph
from nanokg.paths import DataLayout
from nanokg.sssom_export import label_mismatches, unmapped_terms
from tests.conftest import REPO_LAYOUT, SMALL

Edit = Callable[[Path, str, str], None]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def sssom_errors(path: Path) -> list[str]:
    """What the sssom reference implementation finds wrong with an SSSOM/TSV or JSON file."""
    from sssom.constants import SchemaValidationType
    from sssom.parsers import parse_sssom_json, parse_sssom_table
    from sssom.validators import validate

    msdf = parse_sssom_json(str(path)) if path.suffix == ".json" else parse_sssom_table(path)
    reports = validate(msdf, [SchemaValidationType.JsonSchema, SchemaValidationType.PrefixMapCompleteness],
                       fail_on_error=False)
    return [str(result) for report in reports.values() for result in report.results]


@pytest.mark.parametrize("layout", [SMALL, REPO_LAYOUT], ids=["small-fixture", "repository"])
def test_the_mapping_table_is_valid_sssom(layout: DataLayout) -> None:
    tables = sorted(layout.graph_dir.glob("*.sssom.tsv"))
    if not tables:
        pytest.skip("no mapping table yet")
    for table in tables:
        assert sssom_errors(table) == []


def test_exports_are_valid_sssom_and_hold_every_row(tmp_path: Path) -> None:
    code, out, err = run("--data", str(SMALL.root), "mappings", "--out", str(tmp_path))
    assert code == 0, err
    assert out.split() == [str(tmp_path / "nanokg.sssom.tsv"), str(tmp_path / "nanokg.sssom.json")]
    for name in ("nanokg.sssom.tsv", "nanokg.sssom.json"):
        assert sssom_errors(tmp_path / name) == []
    document = json.loads((tmp_path / "nanokg.sssom.json").read_text())
    assert len(document["mappings"]) == 11
    assert {"subject_id": "nkgid:doxorubicin", "object_id": "CHEBI:28748"}.items() <= next(
        m for m in document["mappings"] if m["subject_id"] == "nkgid:doxorubicin").items()
    assert all(m["mapping_justification"] == "semapv:ManualMappingCuration" for m in document["mappings"])
    tsv = (tmp_path / "nanokg.sssom.tsv").read_text()
    assert "# mapping_set_version: 0.1.0" in tsv and "#   npo: http://purl.bioontology.org/ontology/npo#NPO_" in tsv


def test_sssom_to_standard_output() -> None:
    code, out, _ = run("--data", str(SMALL.root), "mappings", "--format", "tsv")
    assert code == 0
    assert re.search(r"^nkg:Liposome\tliposome\tskos:exactMatch\tnpo:719\t", out, re.M)


def test_unmapped_terms_are_classes_and_individuals_of_mapped_kinds() -> None:
    terms = {term.curie: term for term in unmapped_terms(compile_graph(SMALL))}
    assert "nkg:GoldNanorod" in terms and "nkg:Liposome" not in terms
    assert terms["nkgid:breast-cancer"].type == "nkg:CancerType"  # lung cancer is mapped, breast cancer not
    assert "nkgid:dox-aunr" not in terms  # formulations are nanokg's own records: nothing to map
    every = {term.curie for term in unmapped_terms(compile_graph(SMALL), every_individual=True)}
    assert "nkgid:dox-aunr" in every


def test_the_summary_counts_targets_and_coverage() -> None:
    code, out, _ = run("--data", str(SMALL.root), "mappings")
    assert code == 0
    assert "11 mappings in graph/mappings.sssom.tsv" in out
    assert re.search(r"npo\s*│\s*│\s*1\s*│\s*4\s*│\s*5/5", out)
    assert re.search(r"cellosaurus\s*│.*0/1", out)
    assert "Without a mapping: 31 classes, 1 individuals" in out


def test_labels_that_disagree_with_the_source_are_reported(small: DataLayout, edit: Edit) -> None:
    edit(small.graph_dir / "mappings.sssom.tsv", "npo:719\tliposome", "npo:719\tliposomes")
    mismatches = label_mismatches(compile_graph(small))
    assert [(m.line, m.column, m.curie, m.written, m.expected) for m in mismatches] == [
        (17, "object_label", "npo:719", "liposomes", "liposome")]
    code, out, _ = run("--data", str(small.root), "mappings")
    assert "warning: line 17: object_label of npo:719 is 'liposomes' but the label is 'liposome'" in out


def test_a_data_folder_without_mappings_is_explained(mini: DataLayout) -> None:
    (mini.graph_dir / "mappings.sssom.tsv").unlink()
    code, _, err = run("--data", str(mini.root), "mappings", "--format", "json")
    assert code == 2
    assert "the sources hold no mapping table" in err and "fix:" in err
