"""``nanokg validate`` and the validation step of ``nanokg build``, through the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from nanokg.cli import main
from nanokg.paths import DataLayout
from tests.conftest import BROKEN, REPO, assemble

Edit = Callable[[Path, str, str], None]
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
NKG = "https://w3id.org/nanokg/"

# An unused chemical: the orphan-individual check warns about it.
ORPHAN = ("arsenic-trioxide\tarsenic trioxide\t",
          "ovalbumin\tovalbumin\tnkg:Protein\tOVA\t\t\t\tsection-2-1-1\t\tantigenic peptides derived from "
          "ovalbumin (OVA)\t\t\narsenic-trioxide\tarsenic trioxide\t")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, result.stdout, result.stderr


def test_the_shipped_graph_is_valid() -> None:
    code, out, err = run("--data", str(REPO), "validate", "--no-reason")
    assert (code, err) == (0, "")
    summary = out[out.index("\n0 errors,") + 1:] if "\n0 errors," in out else out[out.index("No problems"):]
    assert summary.startswith(("0 errors, ", "No problems found in "))
    assert "SHACL: " in summary and "fast engine" in summary and "Quality checks: 12" in summary


def test_warnings_fail_only_when_asked(valid: DataLayout, edit: Edit) -> None:
    edit(valid.graph_dir / "chemicals.tsv", *ORPHAN)
    code, out, _ = run("--data", str(valid.root), "validate", "--no-reason")
    assert code == 0 and "Warnings (1)" in out and "nkgid:ovalbumin" in out
    code, _, err = run("--data", str(valid.root), "validate", "--no-reason", "--fail-on", "warn")
    assert code == 1
    assert err.startswith("warning: graph/chemicals.tsv:7: nkgid:ovalbumin (ovalbumin): not linked to any other record")


@pytest.fixture
def over_100(tmp_path: Path) -> DataLayout:
    return assemble(tmp_path / "case", BROKEN / "percentage-over-100")


def test_tsv_report(over_100: DataLayout) -> None:
    code, out, _ = run("--data", str(over_100.root), "validate", "--no-reason", "--format", "tsv")
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert code == 1
    assert header == ["severity", "checker", "rule", "location", "node", "label", "property", "value", "message"]
    assert rows == [["error", "shacl", "nkgsh:Measurement", "graph/outcomes.tsv:3",
                     "nkgid:as2o3-liposomes-encapsulation-efficiency", "As2O3 liposomes encapsulation efficiency",
                     "nkg:numericValue", '"140"^^xsd:decimal',
                     "A percentage lies between 0 and 100, and 140 does not: correct the value, or give a "
                     "relative change in its own unit (e.g. nkgid:fold-change)."]]


def test_json_report(over_100: DataLayout) -> None:
    code, out, _ = run("--data", str(over_100.root), "validate", "--no-reason", "--format", "json")
    document = json.loads(out)
    assert code == 1 and document["conforms"] is False
    assert document["summary"]["counts"] == {"error": 1, "warn": 0, "info": 0}
    assert document["summary"]["shacl_engine"] == "fast"
    [finding] = document["findings"]
    assert finding["location"] == {"path": "graph/outcomes.tsv", "line": 3}
    assert finding["component"] == "sh:SPARQLConstraintComponent"


def test_turtle_report_is_a_w3c_validation_report(over_100: DataLayout) -> None:
    code, out, _ = run("--data", str(over_100.root), "validate", "--no-reason", "--format", "ttl")
    report = rdflib.Graph().parse(data=out, format="turtle")
    [root] = report.subjects(rdflib.RDF.type, SH.ValidationReport)
    assert code == 1 and report.value(root, SH.conforms) == rdflib.Literal(False)
    [result] = report.objects(root, SH.result)
    assert report.value(result, SH.focusNode) == rdflib.URIRef(NKG + "id/as2o3-liposomes-encapsulation-efficiency")
    assert report.value(result, SH.sourceShape) == rdflib.URIRef(NKG + "shapes/Measurement")
    assert report.value(result, SH.resultPath) == rdflib.URIRef(NKG + "numericValue")
    assert report.value(result, SH.resultSeverity) == SH.Violation
    select = report.value(report.value(result, SH.sourceConstraint), SH.select)
    assert "nkgid:percent" in str(select)  # the SPARQL constraint travels with the result


def test_the_report_can_go_to_a_file(over_100: DataLayout, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = run("--data", str(over_100.root), "validate", "--no-reason", "--format", "json", "-o", str(target))
    assert code == 1 and out.startswith("1 error, 0 warnings, 0 notes in ")
    assert out.splitlines()[-1] == f"Report written to {target}"
    assert json.loads(target.read_text())["summary"]["counts"]["error"] == 1


def test_the_reference_engine_gives_the_same_report(over_100: DataLayout) -> None:
    reports = [run("--data", str(over_100.root), "validate", "--no-reason", "--format", "tsv", "--engine", engine)
               for engine in ("fast", "pyshacl")]
    assert reports[0] == reports[1]


def test_a_shape_the_fast_engine_cannot_evaluate_stops_it(valid: DataLayout) -> None:
    (valid.ontology_dir / "shapes" / "extra.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n@prefix nkg: <https://w3id.org/nanokg/> .\n"
        "@prefix nkgsh: <https://w3id.org/nanokg/shapes/> .\n\n"
        "nkgsh:PayloadOrCarrier a sh:NodeShape ; sh:targetClass nkg:Formulation ;\n"
        "    sh:or ( [ sh:path nkg:hasPayload ; sh:minCount 1 ] [ sh:path nkg:hasCarrier ; sh:minCount 1 ] ) ;\n"
        '    sh:message "A formulation delivers something."@en .\n', encoding="utf-8")
    code, _, err = run("--data", str(valid.root), "validate", "--no-reason")
    assert code == 2
    assert err.splitlines() == [
        "error: ontology/shapes/extra.ttl:5: the fast SHACL engine cannot evaluate sh:or (shape nkgsh:PayloadOrCarrier)",
        "  fix: validate with --engine pyshacl, or write the rule as a SPARQL constraint (sh:sparql)",
    ]
    assert run("--data", str(valid.root), "validate", "--no-reason", "--engine", "pyshacl")[0] == 0


def test_files_are_validated_against_the_data_folders_shapes(valid: DataLayout, tmp_path: Path) -> None:
    assert run("--data", str(valid.root), "build", "--out", str(tmp_path / "dist"), "--no-reason")[0] == 0
    release = tmp_path / "dist" / "nanokg.ttl"
    assert run("--data", str(valid.root), "validate", "--no-reason", str(release))[0] == 0
    broken = tmp_path / "broken.ttl"
    broken.write_text(release.read_text(encoding="utf-8").replace("nkg:numericValue 83.1 .", "nkg:numericValue 183.1 ."))
    code, _, err = run("--data", str(valid.root), "validate", "--no-reason", str(broken))
    assert code == 1
    assert err.startswith(f"error: {broken}:")
    assert "nkgid:as2o3-liposomes-encapsulation-efficiency" in err and "183.1 does not" in err


class TestReasoning:
    """HermiT runs when the ontology changed (then its verdict is reused) or when asked."""

    def test_only_when_the_ontology_changed(self, valid: DataLayout, edit: Edit) -> None:
        # A private edit gives this test an ontology no other test has reasoned over.
        edit(valid.ontology_dir / "nanokg.ttl", 'rdfs:label "liposome"@en', 'rdfs:label "liposome"@en ;\n'
             '    rdfs:comment "fingerprint of test_only_when_the_ontology_changed"')
        first = run("--data", str(valid.root), "validate")[1]
        again = run("--data", str(valid.root), "validate")[1]
        skipped = run("--data", str(valid.root), "validate", "--no-reason")[1]
        assert "OWL: HermiT (ontology changed since it was last reasoned, now " in first
        assert "OWL: HermiT result reused (ontology unchanged since it was reasoned, " in again
        assert "consistent, every class satisfiable" in again
        assert "OWL: OWL reasoning skipped (--no-reason)" in skipped

    def test_whole_graph_and_inferred_hierarchy_on_request(self, valid: DataLayout, tmp_path: Path) -> None:
        inferred = tmp_path / "inferred.ttl"
        code, out, err = run("--data", str(valid.root), "validate", "--reason", "--write-inferred", str(inferred))
        assert code == 0 and "OWL: HermiT (--reason, ontology and individuals): consistent" in out
        assert err == f"Inferred class hierarchy written to {inferred}\n"
        graph = rdflib.Graph().parse(inferred)
        assert (rdflib.URIRef(NKG + "ChemoPhotothermalTherapy"), rdflib.RDFS.subClassOf,
                rdflib.URIRef(NKG + "CombinationTherapy")) in graph
        # folic acid is a targeting ligand because a formulation uses it as one (a defined class)
        assert (rdflib.URIRef(NKG + "id/folic-acid"), rdflib.RDF.type, rdflib.URIRef(NKG + "TargetingLigand")) in graph

    def test_the_unsatisfiable_class_and_its_cause(self, tmp_path: Path) -> None:
        layout = assemble(tmp_path / "case", BROKEN / "unsatisfiable-class")
        inferred = tmp_path / "inferred.ttl"
        code, out, err = run("--data", str(layout.root), "validate", "--format", "json",
                             "--write-inferred", str(inferred))
        [finding] = json.loads(out)["findings"]
        assert code == 1 and finding["rule"] == "unsatisfiable-class"
        assert finding["details"] == ["nkg:LiposomalDrug is a subclass of both nkg:ChemicalEntity and "
                                      "nkg:Nanocarrier, which the ontology declares disjoint"]
        assert err.startswith("Inferred class hierarchy not written: the ontology is inconsistent or has "
                              "unsatisfiable classes\n")
        assert not inferred.exists()


class TestBuild:
    def test_a_valid_graph_is_published_with_its_validation(self, valid: DataLayout, tmp_path: Path) -> None:
        code, out, err = run("--data", str(valid.root), "build", "--out", str(tmp_path / "dist"), "--no-reason")
        assert (code, err) == (0, "")
        assert "Validation: No problems found in " in out

    def test_allow_invalid_publishes_with_a_warning(self, over_100: DataLayout, tmp_path: Path) -> None:
        dist = tmp_path / "dist"
        code, out, err = run("--data", str(over_100.root), "build", "--out", str(dist), "--allow-invalid")
        assert code == 0 and (dist / "nanokg.ttl").is_file()
        assert err == "warning: published with 1 validation error(s) (--allow-invalid)\n"
        assert "Errors (1)" in out

    def test_no_validate_publishes_unchecked_with_a_warning(self, over_100: DataLayout, tmp_path: Path) -> None:
        code, out, err = run("--data", str(over_100.root), "build", "--out", str(tmp_path / "d"), "--no-validate")
        assert code == 0 and "Validation: skipped (--no-validate)" in out
        assert err == "warning: the graph was published without validation (--no-validate)\n"

    def test_refusal_says_nothing_was_published(self, over_100: DataLayout, tmp_path: Path) -> None:
        code, out, err = run("--data", str(over_100.root), "build", "--out", str(tmp_path / "d"))
        assert code == 1 and "Errors (1)" in out
        assert err.splitlines()[-1] == ("  fix: see the report for details; nothing was published "
                                        "(--allow-invalid publishes anyway)")
