"""Import modules: reproducible from the reference files, canonical IRIs, every mapping target accounted for."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from nanokg import prefixes
from nanokg.compile import compile_graph
from nanokg.paths import DataLayout
from tests.conftest import REPO, REPO_LAYOUT, SMALL


def extractor() -> ModuleType:
    spec = importlib.util.spec_from_file_location("extract_imports", REPO / "scripts" / "extract_imports.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def committed(layout: DataLayout) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(layout.imports_dir.iterdir())
            if path.name.endswith("_import.ttl") or path.name == "README.md"}


LAYOUTS = [pytest.param(SMALL, id="small-fixture"), pytest.param(REPO_LAYOUT, id="repository")]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_committed_modules_are_what_the_extractor_makes(layout: DataLayout) -> None:
    if not list(layout.graph_dir.glob("*.sssom.tsv")):
        pytest.skip(f"{layout.root.name} has no mapping table yet")
    script = extractor()
    reference = script.find_reference_dir()
    if reference is None:
        pytest.skip("the reference ontology files (shared/reference/) are not beside this checkout")
    assert committed(layout) == script.generate(layout, reference), \
        f"run: python scripts/extract_imports.py --data {layout.root}"


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_mapping_target_is_imported_or_reported_missing(layout: DataLayout) -> None:
    if not list(layout.graph_dir.glob("*.sssom.tsv")):
        pytest.skip(f"{layout.root.name} has no mapping table yet")
    compiled = compile_graph(layout)
    imported = {q.subject.value for q in compiled.imports}
    report = (layout.imports_dir / "README.md").read_text(encoding="utf-8")
    for mapping_set in compiled.mapping_sets:
        for mapping in mapping_set.mappings:
            assert mapping.object in imported or f"`{prefixes.compress(mapping.object)}`" in report, \
                f"{mapping.row['object_id']} is neither imported nor reported: rerun scripts/extract_imports.py"


def test_modules_use_canonical_iris_only() -> None:
    for path in SMALL.imports_dir.glob("*.ttl"):
        text = path.read_text(encoding="utf-8")
        assert "purl.org/obo/owl/" not in text and "Thesaurus.owl#" not in text, path.name


def test_legacy_npo_terms_are_found_under_their_canonical_iri() -> None:
    text = (SMALL.imports_dir / "chebi_import.ttl").read_text(encoding="utf-8")
    assert '<http://purl.obolibrary.org/obo/CHEBI_28748>' in text or "obo:CHEBI_28748" in text
    assert 'rdfs:label "doxorubicin"' in text


def test_terms_found_nowhere_are_listed_with_their_subjects() -> None:
    report = (SMALL.imports_dir / "README.md").read_text(encoding="utf-8")
    assert "| `cellosaurus:0023` | nkgid:a549 |" in report
    assert "| `MONDO:0008903` | nkgid:lung-cancer |" in report


def test_the_extractor_cuts_ancestors_at_the_ontology_boundary(tmp_path: Path) -> None:
    """NCIt's slim re-parents C62381 under an NPO class: the NCIt module must not follow it."""
    text = (SMALL.imports_dir / "ncit_import.ttl").read_text(encoding="utf-8")
    assert "NCIT_C62381" in text and "npo#" not in text and "subClassOf" not in text
