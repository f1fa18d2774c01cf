"""``nanokg export``: chosen products and formats, to a folder (atomically) or standard output."""

from __future__ import annotations

from pathlib import Path

import rdflib
from click.testing import CliRunner

from nanokg.cli import main
from tests.conftest import SMALL


def run(*args: str) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout_bytes, result.stderr


def test_chosen_products_and_formats_go_to_a_folder(tmp_path: Path) -> None:
    code, out, err = run("--data", str(SMALL.root), "export", "--product", "full", "--product", "simple",
                         "--format", "owl", "--format", "jsonld", "--out", str(tmp_path / "x"))
    assert code == 0, err
    names = sorted(p.name for p in (tmp_path / "x").iterdir())
    assert names == ["nanokg-full.jsonld", "nanokg-full.owl", "nanokg-simple.jsonld", "nanokg-simple.owl"]
    full = rdflib.Graph().parse(tmp_path / "x" / "nanokg-full.jsonld", format="json-ld")
    assert (rdflib.URIRef("http://purl.obolibrary.org/obo/CHEBI_28748"), rdflib.RDFS.label,
            rdflib.Literal("doxorubicin")) in full


def test_one_product_in_one_format_goes_to_standard_output() -> None:
    code, out, _ = run("--data", str(SMALL.root), "export", "--product", "base", "--format", "ttl")
    assert code == 0
    graph = rdflib.Graph().parse(data=out.decode(), format="turtle")
    assert (rdflib.URIRef("https://w3id.org/nanokg/nanokg-base.owl"), rdflib.RDF.type, rdflib.OWL.Ontology) in graph


def test_several_outputs_need_a_folder() -> None:
    code, _, err = run("--data", str(SMALL.root), "export", "--format", "ttl", "--format", "owl")
    assert code == 2 and "use --out DIR" in err


def test_an_impossible_combination_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    code, _, err = run("--data", str(SMALL.root), "export", "--product", "graph", "--product", "full",
                       "--format", "nq", "--out", str(tmp_path / "x"))
    assert code == 2
    assert "error: the full ontology has no named graphs" in err and "fix:" in err
    assert list((tmp_path / "x").iterdir()) == []
