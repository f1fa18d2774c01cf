"""``nanokg serve``'s saved-query web API and its page, against a real server on loopback.

The page is driven in the distribution's Chromium through Playwright (never a downloaded browser).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from nanokg.cli import main
from nanokg.paths import DataLayout
from nanokg.server import ServerSettings
from nanokg.store import ensure_store
from nanokg.workers import Limits
from tests.conftest import FIXTURES, REPO
from tests.servers import running

SAVED_QUERY = """\
#+ summary: Formulations delivering a drug
#+ description: Every formulation whose payload is the drug, with its label.
#+ question: Which formulations deliver doxorubicin?
#+ tags: [drugs]
#+ params:
#+   drug:
#+     type: iri
#+     class: nkg:ChemicalEntity
#+     description: a drug (label, synonym or CURIE)
#+     default: nkgid:doxorubicin
#+     example: gemcitabine
PREFIX nkg: <https://w3id.org/nanokg/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?drug ?formulation ?label WHERE {
  ?formulation nkg:hasPayload ?drug ; rdfs:label ?label .
}
ORDER BY ?formulation
"""
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def layout(tmp_path_factory: pytest.TempPathFactory) -> DataLayout:
    """The mini data folder, with one more saved query."""
    root = tmp_path_factory.mktemp("data") / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    (root / "queries" / "formulations-of-drug.rq").write_text(SAVED_QUERY, encoding="utf-8")
    shutil.copy(REPO / "queries" / "term-profile.rq", root / "queries")  # what the page opens a term with
    return DataLayout(root)


@pytest.fixture(scope="module")
def base(layout: DataLayout, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NANOKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "nanokg-cache"))
        settings = ServerSettings(store_dir=ensure_store(layout), layout=layout, limits=Limits(timeout=5))
        with running(settings) as url:
            yield url


def test_the_catalogue_lists_queries_with_their_parameters(base: str) -> None:
    catalogue = httpx.get(f"{base}/queries").json()
    names = sorted(query["name"] for query in catalogue["queries"])
    assert names == sorted([path.stem for path in (FIXTURES / "mini" / "queries").glob("*.rq")] + ["formulations-of-drug", "term-profile"])
    (query,) = [query for query in catalogue["queries"] if query["name"] == "formulations-of-drug"]
    assert query["url"] == "/queries/formulations-of-drug"
    assert query["question"] == "Which formulations deliver doxorubicin?"
    assert query["parameters"] == [{"name": "drug", "type": "iri", "description": "a drug (label, synonym or CURIE)",
                                    "required": False, "default": "nkgid:doxorubicin", "example": "gemcitabine",
                                    "class": "nkg:ChemicalEntity", "language": None}]
    assert query["sparql"].startswith("PREFIX nkg:")
    assert catalogue["prefixes"]["nkgid"] == "https://w3id.org/nanokg/id/"
    assert catalogue["sparql_endpoint"] == f"{base}/sparql"


def test_a_saved_query_answers_like_the_cli(base: str, layout: DataLayout) -> None:
    for value in ("gemcitabine", "GEM", "nkgid:gemcitabine", "<https://w3id.org/nanokg/id/gemcitabine>"):
        response = httpx.get(f"{base}/queries/formulations-of-drug", params={"drug": value},
                             headers={"accept": "text/csv"})
        assert response.status_code == 200, response.text
        assert response.text.splitlines() == [
            "drug,formulation,label",
            "https://w3id.org/nanokg/id/gemcitabine,https://w3id.org/nanokg/id/gem-liposome,GEM liposome"]
    cli = CliRunner().invoke(main, ["--data", str(layout.root), "query", "run", "formulations-of-drug",
                                    "--param", "drug=GEM", "--format", "csv"])
    assert cli.exit_code == 0, cli.output
    assert cli.stdout.splitlines() == response.text.splitlines()


def test_defaults_apply_and_answers_are_negotiated(base: str) -> None:
    answer = httpx.get(f"{base}/queries/formulations-of-drug").json()
    assert [row["formulation"]["value"] for row in answer["results"]["bindings"]] == [
        "https://w3id.org/nanokg/id/dox-liposome", "https://w3id.org/nanokg/id/gem-liposome"]
    tsv = httpx.get(f"{base}/queries/formulations-of-drug", headers={"accept": "text/tab-separated-values"})
    assert tsv.text.splitlines()[0] == "?drug\t?formulation\t?label"


@pytest.mark.parametrize("params, status, error, fix", [
    ({"drug": "gemcitabin"}, 400, "'gemcitabin' matches no label or synonym", "nkgid:gemcitabine"),
    ({"drug": "nkg:Liposome"}, 400, "is not a chemical entity", None),
    ({"dose": "1"}, 400, "has no parameter 'dose'", "it takes: drug"),
    ({"drug": "x', DROP ALL"}, 400, "matches no label or synonym", None),
])
def test_bad_parameters_get_400_with_the_cli_message(base: str, params: dict[str, str], status: int, error: str,
                                                     fix: str | None) -> None:
    response = httpx.get(f"{base}/queries/formulations-of-drug", params=params)
    assert response.status_code == status
    problem = response.json()
    assert error in problem["error"]
    if fix is not None:
        assert fix in problem["fix"]
    assert httpx.get(f"{base}/queries/formulations-of-drug").status_code == 200


def test_unknown_query_is_404_with_suggestions(base: str) -> None:
    response = httpx.get(f"{base}/queries/formulation-of-drug")
    assert response.status_code == 404
    assert "did you mean formulations-of-drug" in response.json()["fix"]


def test_openapi_describes_each_saved_query_and_its_parameters(base: str) -> None:
    spec = httpx.get(f"{base}/openapi.json").json()
    operation = spec["paths"]["/queries/formulations-of-drug"]["get"]
    assert operation["summary"] == "Formulations delivering a drug"
    (parameter,) = operation["parameters"]
    assert parameter["name"] == "drug" and parameter["in"] == "query" and not parameter["required"]
    assert parameter["schema"] == {"type": "string", "default": "nkgid:doxorubicin"}
    assert "text/csv" in operation["responses"]["200"]["content"]
    assert "/queries" in spec["paths"] and "/sparql" in spec["paths"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if shutil.which(CHROMIUM) is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def test_the_page_runs_a_saved_query_and_shows_the_table(base: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    failures: list[str] = []
    page.on("pageerror", lambda error: failures.append(str(error)))
    page.goto(f"{base}/")
    page.click("#query-formulations-of-drug")
    assert page.input_value("#param-drug") == "nkgid:doxorubicin"
    page.fill("#param-drug", "gemcitabine")
    page.click("#run")
    page.wait_for_selector("#answer tbody tr")
    assert page.inner_text("#status").startswith("1 row in ")
    cells = page.locator("#answer tbody tr").first.locator("td").all_inner_texts()
    assert cells[0].startswith("nkgid:gemcitabine") and cells[1].startswith("nkgid:gem-liposome")
    assert cells[2] == "GEM liposome"
    page.wait_for_function("document.querySelector('#answer .label').textContent === '(gemcitabine)'")
    assert page.inner_text("#curl") == f"curl -H 'Accept: text/csv' '{base}/queries/formulations-of-drug?drug=gemcitabine'"
    assert failures == []


def test_the_page_shows_errors_and_runs_edited_sparql(base: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/")
    page.click("#query-formulations-of-drug")
    page.fill("#param-drug", "gemcitabin")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "matches no label or synonym" in page.inner_text("#error")
    assert "fix: check the spelling" in page.inner_text("#error")
    page.fill("#sparql", "SELECT (COUNT(*) AS ?formulations) WHERE { ?f a <https://w3id.org/nanokg/Formulation> }")
    page.click("#run")
    page.wait_for_selector("#answer tbody tr")
    assert page.is_hidden("#error")
    assert page.locator("#answer tbody td").all_inner_texts() == ["2"]
    assert "--data-urlencode 'query=SELECT (COUNT(*)" in page.inner_text("#curl")
    page.fill("#sparql", "SELECT ?s WHERE { ?s ?p }")
    page.click("#run")
    page.wait_for_selector("#error:not([hidden])")
    assert "invalid SPARQL" in page.inner_text("#error")


def test_the_page_says_when_edited_text_leaves_the_parameters_behind(base: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/")
    page.click("#query-formulations-of-drug")
    assert page.get_attribute("#param-drug", "placeholder") == "default: nkgid:doxorubicin"
    assert page.is_hidden("#edited") and page.is_enabled("#param-drug")
    page.fill("#sparql", page.input_value("#sparql") + "\n")
    assert page.is_visible("#edited") and page.is_disabled("#param-drug")
    assert "--data-urlencode" in page.inner_text("#curl")
    page.click("#restore")
    assert page.is_hidden("#edited") and page.is_enabled("#param-drug")
    assert page.inner_text("#curl").endswith("/queries/formulations-of-drug?drug=nkgid%3Adoxorubicin'")


def test_a_term_in_the_answer_opens_its_profile_on_the_page(base: str, browser: object) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(f"{base}/")
    page.click("#query-formulations-of-drug")
    page.click("#run")
    page.wait_for_selector("#answer tbody tr")
    page.click("#answer a[data-iri='https://w3id.org/nanokg/id/dox-liposome']")
    page.wait_for_function("document.querySelector('#query-title').textContent === 'Everything the graph states "
                           "about a term' && document.querySelector('#answer tbody tr') !== null")
    assert page.url == f"{base}/"
    assert page.input_value("#param-term") == "<https://w3id.org/nanokg/id/dox-liposome>"
