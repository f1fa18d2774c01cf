"""``nanokg viz``: Graphviz pictures whose content names what they draw."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main
from nanokg.compile import compile_graph
from nanokg.graph_index import GraphIndex
from nanokg.viz import HIERARCHIES, summary_matrix
from tests.conftest import REPO_LAYOUT, SMALL

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed (apt-get install graphviz)")
SVG = "{http://www.w3.org/2000/svg}"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(SMALL.root), *args])
    return result.exit_code, result.stdout, result.stderr


def svg_texts(svg: str) -> list[str]:
    """The text lines an SVG shows, in document order (parsed as XML: the SVG must be well formed)."""
    root = ElementTree.fromstring(svg)
    return [text.text or "" for text in root.iter(f"{SVG}text")]


@needs_dot
def test_the_neighbourhood_names_carrier_drug_ligand_target_and_outcome() -> None:
    code, out, err = run("viz", "formulation", "nkgid:fa-cs-gem-nps")
    assert code == 0, err
    texts = svg_texts(out)
    for expected in ("FA-CS-GEM NPs", "chitosan nanoparticle of FA-CS-GEM NPs", "[chitosan nanoparticle]",
                     "gemcitabine", "folic acid", "folate receptor alpha", "binds target", "83.1 percent",
                     "chemotherapy", "Wang et al. (2017)", "A549", "has carrier", "has payload"):
        assert expected in texts, expected


@needs_dot
def test_a_combination_therapy_shows_its_components() -> None:
    code, out, _ = run("viz", "formulation", "DOX-AuNR")  # by label
    texts = svg_texts(out)
    assert {"chemo-photothermal therapy", "photothermal therapy", "has component therapy",
            "[gold nanorod]", "doxorubicin"} <= set(texts)


@needs_dot
def test_hierarchies_draw_every_subclass_with_counts(tmp_path: Path) -> None:
    code, out, _ = run("viz", "hierarchy", "carrier", "--out", str(tmp_path / "carrier.svg"))
    assert code == 0 and out.strip() == str(tmp_path / "carrier.svg")
    texts = svg_texts((tmp_path / "carrier.svg").read_text())
    index = GraphIndex.from_compiled(compile_graph(SMALL))
    for cls in {HIERARCHIES["carrier"], *index.descendants(HIERARCHIES["carrier"])}:
        assert index.label(cls) in texts
    assert texts[texts.index("nanocarrier") + 1] == "(3 individuals)"
    assert texts[texts.index("gold nanorod") + 1] == "(1 individual)"


@needs_dot
def test_any_class_can_be_the_root_and_depth_limits_the_tree() -> None:
    _, out, _ = run("viz", "hierarchy", "nkg:TargetingMechanism", "--depth", "1")
    texts = svg_texts(out)
    assert "passive targeting" in texts and "active targeting" in texts
    assert "EPR-mediated targeting" not in texts


def test_the_summary_counts_formulations_per_carrier_category_and_modality() -> None:
    index = GraphIndex.from_compiled(compile_graph(SMALL))
    matrix = summary_matrix(index)
    nkg = "https://w3id.org/nanokg/"
    assert matrix.formulations == 3
    assert dict(matrix.counts) == {
        (nkg + "GoldNanoparticle", nkg + "CombinationTherapy"): 1,
        (nkg + "Liposome", nkg + "Chemotherapy"): 1,
        (nkg + "PolymericNanocarrier", nkg + "Chemotherapy"): 1,
    }


def test_a_carrier_with_a_structural_second_parent_counts_in_its_material_category() -> None:
    # The Zhou et al. (2020) carrier is a mesoporous silica particle and a core-shell particle, and
    # core-shell particles sit right under nanocarrier: it counts as non-metallic, and neither it
    # nor the gold-silver core-shell particle becomes a category of its own.
    index = GraphIndex.from_compiled(compile_graph(REPO_LAYOUT))
    matrix = summary_matrix(index)
    assert [index.label(row) for row in matrix.rows] == [
        "liposome", "magnetic nanocarrier", "metallic nanocarrier", "non-metallic nanocarrier",
        "polymeric nanocarrier", "prodrug nanoassembly", "protein nanoparticle"]
    nkg = "https://w3id.org/nanokg/"
    assert matrix.count(nkg + "NonMetallicNanocarrier", nkg + "CombinationTherapy") == 1


@needs_dot
def test_the_summary_figure_is_a_labelled_table() -> None:
    code, out, _ = run("viz", "summary")
    texts = svg_texts(out)
    assert "3 formulations by carrier category × therapy modality" in texts
    assert {"liposome", "gold nanoparticle", "chemotherapy", "combination therapy"} <= set(texts)


def test_dot_source_needs_no_graphviz() -> None:
    code, out, _ = run("viz", "summary", "--dot")
    assert code == 0 and out.startswith('digraph "formulations by carrier category and therapy modality"')


@pytest.mark.parametrize(("args", "message"), [
    (("formulation", "nkgid:nothing"), "'nkgid:nothing' names no class or individual of the graph"),
    (("hierarchy", "nkgid:doxorubicin"), "nkgid:doxorubicin is not a class"),
    (("formulation", "nkg:Liposome"), "nkg:Liposome is not an individual of the graph"),
])
def test_bad_names_are_explained(args: tuple[str, ...], message: str) -> None:
    code, _, err = run("viz", *args)
    assert code == 2
    assert err.startswith(f"error: {message}") and "fix:" in err


def test_a_missing_dot_program_is_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    code, _, err = run("viz", "summary")
    assert code == 2 and "Graphviz's dot program is not installed" in err
    assert re.search(r"fix: install Graphviz", err)


@needs_dot
def test_a_label_shared_with_an_imported_term_draws_nanokgs_own_class() -> None:
    result = CliRunner().invoke(main, ["--data", str(REPO_LAYOUT.root), "viz", "hierarchy", "liposome"])
    assert result.exit_code == 0, result.stderr
    texts = svg_texts(result.stdout)
    assert "liposome hierarchy" in texts and "thermosensitive liposome" in texts
