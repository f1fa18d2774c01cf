"""``nanokg docs``: a browsable site whose pages hold every term, formulation, query and column."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.cli import main
from nanokg.compile import compile_graph
from nanokg.docs import anchor
from nanokg.graph_index import GraphIndex
from nanokg.paths import DataLayout
from tests.conftest import REPO_LAYOUT, SMALL

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot not installed (apt-get install graphviz)")


class Page(HTMLParser):
    """The ids, link targets and visible text of an HTML page (parsing fails on broken markup)."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.sections: dict[str, list[str]] = {}
        self._section: str | None = None
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if tag == "section" and attributes.get("id"):
            self._section = str(attributes["id"])
            self.sections[self._section] = []
        if tag == "a" and attributes.get("href"):
            self.hrefs.append(str(attributes["href"]))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.text.append(data.strip())
            if self._section:
                self.sections[self._section].append(data.strip())

    def section(self, id_: str) -> str:
        return " ".join(self.sections[id_])


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    code, _, err = run("--data", str(SMALL.root), "docs", "--out", str(out))
    assert code == 0, err
    return out


def test_every_class_and_property_has_its_section(small_site: Path) -> None:
    page = Page(small_site / "ontology.html")
    index = GraphIndex.from_compiled(compile_graph(SMALL))
    for cls in index.nanokg_classes():
        assert anchor(cls) in page.ids, cls
    assert "nkg-hasCarrier" in page.ids and "nkg-numericValue" in page.ids
    internal = [href[1:] for href in page.hrefs if href.startswith("#")]
    assert internal and set(internal) <= page.ids  # no dangling anchors


def test_a_class_section_has_label_definition_parents_mappings_and_usage(small_site: Path) -> None:
    section = Page(small_site / "ontology.html").section("nkg-Liposome")
    assert section.startswith("liposome nkg:Liposome")
    assert "A nanocarrier made of a phospholipid bilayer." in section
    assert "lipid vesicle" in section  # synonym
    assert "organic nanocarrier" in section  # parent
    assert "thermosensitive liposome" in section  # subclass
    assert "skos:exactMatch npo:719 (liposome)" in section  # mapping, labelled from the import module
    assert "0 individuals typed by it, 1 with its subclasses: thermosensitive liposome of DOX thermosensitive liposome" in section


def test_the_overview_embeds_the_summary_and_the_hierarchies(small_site: Path) -> None:
    page = Page(small_site / "index.html")
    assert "3 formulations by carrier category × therapy modality" in page.text
    for hierarchy in ("nanocarrier hierarchy", "targeting mechanism hierarchy", "therapy hierarchy", "stimulus hierarchy"):
        assert hierarchy in page.text
    assert (small_site / "figures" / "carrier-hierarchy.svg").read_text().startswith("<?xml")


def test_each_formulation_has_its_picture(small_site: Path) -> None:
    page = Page(small_site / "formulations.html")
    assert {"nkgid-fa-cs-gem-nps", "nkgid-dox-aunr", "nkgid-dox-tsl"} <= page.ids
    section = page.section("nkgid-dox-aunr")
    assert "gold nanorod of DOX-AuNR" in section and "doxorubicin" in section
    assert (small_site / "figures" / "formulation-dox-aunr.svg").is_file()


def test_the_data_dictionary_describes_every_template_column(small_site: Path) -> None:
    page = Page(small_site / "dictionary.html")
    assert {"formulations", "chemicals", "concepts", "outcomes"} <= page.ids
    text = " ".join(page.text)
    assert "REF nkg:hasTargetingLigand SPLIT=|" in text
    assert "Relates a formulation to a ligand that targets it." in text  # the property's definition
    assert "LIT nkg:numericValue^^xsd:decimal" in text and "83.1" in text


def test_saved_queries_are_shown_with_example_answers(small: DataLayout, tmp_path: Path) -> None:
    small.queries_dir.mkdir()
    (small.queries_dir / "carriers-of-drug.rq").write_text(
        "#+ summary: Carriers that deliver a drug\n"
        "#+ description: Formulations whose payload is the drug, with their carriers.\n"
        "#+ question: Which carriers deliver doxorubicin?\n"
        "#+ params:\n#+   drug:\n#+     type: iri\n#+     description: a drug\n#+     default: nkgid:doxorubicin\n"
        "PREFIX nkg: <https://w3id.org/nanokg/>\n"
        "SELECT ?drug ?formulation ?carrier WHERE { ?formulation nkg:hasPayload ?drug ; nkg:hasCarrier ?carrier }\n"
        "ORDER BY ?formulation\n", encoding="utf-8")
    code, _, err = run("--data", str(small.root), "docs", "--out", str(tmp_path / "site"))
    assert code == 0, err
    section = Page(tmp_path / "site" / "queries.html").section("query-carriers-of-drug")
    assert "Which carriers deliver doxorubicin?" in section
    assert "drug = nkgid:doxorubicin (doxorubicin)" in section
    assert "nkgid:dox-aunr (DOX-AuNR)" in section and "2 answers" in section


def test_the_shipped_graph_gets_a_complete_site(tmp_path: Path) -> None:
    code, out, err = run("docs", "--out", str(tmp_path / "site"))
    assert code == 0, err
    index = GraphIndex.from_compiled(compile_graph(REPO_LAYOUT))
    page = Page(tmp_path / "site" / "ontology.html")
    assert {anchor(c) for c in index.nanokg_classes()} <= page.ids
    assert re.search(r"Wrote 5 pages and \d+ figures", out)
    # a union domain is shown by its members; an inverse on both of its sides
    assert "domain measurement or nanomedicine or statement" in page.section("nkg-reportedIn")
    assert "inverse has carrier" in page.section("nkg-isCarrierOf")


def test_a_failed_render_leaves_the_previous_site(small: DataLayout, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("--data", str(small.root), "docs", "--out", str(site))[0] == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    (small.graph_dir / "outcomes.tsv").write_text("broken\n", encoding="utf-8")
    code, _, err = run("--data", str(small.root), "docs", "--out", str(site))
    assert code == 2 and err.startswith("error: graph/outcomes.tsv")
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
