"""``nanokg diff``: what changed between two versions, as text and as Markdown."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg.build import build
from nanokg.cli import main
from nanokg.paths import DataLayout
from tests.conftest import SMALL

Edit = Callable[[Path, str, str], None]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def changed(small: DataLayout, edit: Edit) -> DataLayout:
    """The small fixture with a renamed class, a new definition, a new class, a new mapping, a new value."""
    ontology = small.ontology_dir / "nanokg.ttl"
    edit(ontology, 'rdfs:label "gold nanorod"@en', 'rdfs:label "gold nano-rod"@en')
    edit(ontology, '"A rod-shaped gold nanoparticle."', '"An elongated gold nanoparticle."')
    edit(ontology, "nkg:ChemicalEntity a owl:Class ;", 'nkg:Dendrimer a owl:Class ; rdfs:subClassOf nkg:PolymericNanocarrier ; '
         'rdfs:label "dendrimer"@en ; obo:IAO_0000115 "A branched polymeric nanocarrier."@en .\n'
         "nkg:ChemicalEntity a owl:Class ;")
    edit(ontology, "nkg:ChitosanNanoparticle a owl:Class ; rdfs:subClassOf nkg:PolymericNanocarrier",
         "nkg:ChitosanNanoparticle a owl:Class ; rdfs:subClassOf nkg:OrganicNanocarrier")
    edit(small.graph_dir / "outcomes.tsv", "\t83.1\t", "\t85.0\t")
    (small.graph_dir / "mappings.sssom.tsv").write_text(
        (small.graph_dir / "mappings.sssom.tsv").read_text().replace(
            "nkgid:lung-cancer\tlung cancer\tskos:exactMatch\tMONDO:0008903\tlung cancer\tsemapv:ManualMappingCuration\t1.0\tMONDO\n", "")
        + "nkgid:gemcitabine\tgemcitabine\tskos:exactMatch\tCHEBI:175901\tgemcitabine\tsemapv:ManualMappingCuration\t1.0\tChEBI\n")
    return small


def test_the_text_report_names_every_kind_of_change(changed: DataLayout) -> None:
    code, out, err = run("diff", str(SMALL.root), str(changed.root))
    assert code == 0, err
    assert "classes +1 −0, properties +0 −0, individuals +0 −0, mappings +1 −1" in out
    assert "Added classes (1)\n  + nkg:Dendrimer  dendrimer" in out
    assert "  ~ nkg:GoldNanorod: 'gold nanorod' → 'gold nano-rod'" in out
    assert "  ~ nkg:GoldNanorod: 'A rod-shaped gold nanoparticle.' → 'An elongated gold nanoparticle.'" in out
    assert "  ~ nkg:ChitosanNanoparticle: 'nkg:PolymericNanocarrier' → 'nkg:OrganicNanocarrier'" in out
    assert "Added mappings (1)\n  + nkgid:gemcitabine skos:exactMatch CHEBI:175901" in out
    assert "Removed mappings (1)\n  − nkgid:lung-cancer skos:exactMatch MONDO:0008903" in out
    assert "  ~ nkgid:fa-cs-gem-nps-ee  +1 −1 statements" in out


def test_the_markdown_report_is_a_pull_request_comment(changed: DataLayout) -> None:
    code, out, _ = run("diff", str(SMALL.root), str(changed.root), "--markdown")
    assert code == 0
    assert out.startswith(f"### nanokg diff `{SMALL.root}` → `{changed.root}`")
    assert "| classes | 1 | 0 |" in out and "| mappings | 1 | 1 |" in out
    assert "<details><summary>Changed labels (2)</summary>" in out
    assert "| `nkg:GoldNanorod` | gold nanorod | gold nano-rod |" in out


def test_release_files_compare_like_their_sources(changed: DataLayout, tmp_path: Path) -> None:
    build(SMALL, tmp_path / "old")
    build(changed, tmp_path / "new")
    from_files = run("diff", str(tmp_path / "old" / "nanokg.ttl"), str(tmp_path / "new" / "nanokg.jsonld"))[1]
    from_folders = run("diff", str(tmp_path / "old"), str(tmp_path / "new"))[1]
    from_sources = run("diff", str(SMALL.root), str(changed.root))[1]
    body = from_sources.split("\n", 1)[1]
    assert from_files.split("\n", 1)[1] == body and from_folders.split("\n", 1)[1] == body


def test_identical_versions_have_no_differences_and_exit_code_reports_them(changed: DataLayout) -> None:
    code, out, _ = run("diff", str(SMALL.root), str(SMALL.root), "--exit-code")
    assert code == 0 and "no differences" in out
    assert run("diff", str(SMALL.root), str(changed.root), "--exit-code")[0] == 1


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_revisions_of_the_data_repository(small: DataLayout, edit: Edit) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(small.root), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    edit(small.ontology_dir / "nanokg.ttl", 'rdfs:label "gold nanorod"@en', 'rdfs:label "gold nano-rod"@en')
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "two")
    code, out, err = run("--data", str(small.root), "diff", "HEAD~1", "HEAD")
    assert code == 0, err
    assert out.startswith("nanokg diff HEAD~1 → HEAD")
    assert "  ~ nkg:GoldNanorod: 'gold nanorod' → 'gold nano-rod'" in out
    code, _, err = run("--data", str(small.root), "diff", "no-such-branch", "HEAD")
    assert code == 2 and "'no-such-branch' is neither a file, a folder nor a git revision" in err


def test_unreadable_inputs_are_explained(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    code, _, err = run("diff", str(tmp_path / "notes.txt"), str(SMALL.root))
    assert code == 2 and "not an RDF release file" in err
    (tmp_path / "broken.ttl").write_text("<a> <b> .")
    code, _, err = run("diff", str(tmp_path / "broken.ttl"), str(SMALL.root))
    assert code == 2 and "broken.ttl does not parse" in err


def test_changed_logical_axioms_are_reported_whatever_their_blank_nodes(small: DataLayout, edit: Edit) -> None:
    ontology = small.ontology_dir / "nanokg.ttl"
    edit(ontology, "owl:someValuesFrom nkg:Nanomedicine ] ) ] .", "owl:someValuesFrom nkg:Formulation ] ) ] .")
    edit(ontology, "rdfs:domain nkg:Formulation ; rdfs:range nkg:Nanocarrier ; owl:inverseOf nkg:isCarrierOf .",
         "rdfs:domain nkg:Formulation ; rdfs:range nkg:Nanocarrier .")
    code, out, err = run("diff", str(SMALL.root), str(small.root))
    assert code == 0, err
    assert "Changed axioms (2)\n  ~ nkg:TargetingLigand\n" in out
    assert ("      + owl:equivalentClass [owl:intersectionOf (nkg:ChemicalEntity [owl:onProperty nkg:isTargetingLigandOf; "
            "owl:someValuesFrom nkg:Formulation; rdf:type owl:Restriction]); rdf:type owl:Class]") in out
    assert "  ~ nkg:hasCarrier\n      − owl:inverseOf nkg:isCarrierOf\n" in out
    code, out, _ = run("diff", str(SMALL.root), str(SMALL.root))
    assert "no differences in terms, labels, definitions, parents, axioms, mappings or records" in out
