"""The shapes nanokg ships: complete, documented, and in step with the Bioregistry."""

from __future__ import annotations

import re

import pytest
import rdflib

from nanokg import prefixes
from nanokg.sources import discover
from nanokg.validation.qc import load_checks
from nanokg.validation.shapes import SH, load_shapes
from tests.conftest import REPO, REPO_LAYOUT, load_script

SHAPES = load_shapes(discover(REPO_LAYOUT))
README = (REPO / "README.md").read_text(encoding="utf-8")


def reporting_shapes() -> list[rdflib.term.Node]:
    """The shapes that produce results: those with constraints, outside logical combinations."""
    graph = SHAPES.graph
    return [
        shape for shape in SHAPES.all_shapes
        if shape not in SHAPES.nested_shapes
        and any(str(p).startswith(str(SH)) and p not in (SH.property, SH.message, SH.severity, SH.path)
                and not str(p).startswith(str(SH.target)) for p in graph.predicates(shape, None))
    ]


def test_every_shape_says_what_to_fix_and_how_bad_it_is() -> None:
    shapes = reporting_shapes()
    assert len(shapes) > 60
    for shape in shapes:
        sparql = list(SHAPES.graph.objects(shape, SH.sparql))
        parents = SHAPES.parents.get(shape, [])
        has_severity = any((node, SH.severity, None) in SHAPES.graph for node in (shape, *parents))
        assert has_severity, f"{SHAPES.name(shape)} has no sh:severity"
        assert SHAPES.messages(shape) or all(SHAPES.messages(c) for c in sparql), SHAPES.name(shape)
        assert all(m.language == "en" for m in SHAPES.messages(shape)), SHAPES.name(shape)


def test_every_node_shape_and_check_is_documented_in_the_readme() -> None:
    section = README[README.index("## Validation"):]
    named_shapes = {SHAPES.name(s) for s in SHAPES.all_shapes if isinstance(s, rdflib.URIRef)}
    value_shapes = {name for name in named_shapes if name.endswith("-values")}
    assert value_shapes, "the value-class shapes are documented together"
    for name in sorted(named_shapes - value_shapes):
        assert f"`{name}`" in section, f"README does not document {name}"
    for check in load_checks(REPO_LAYOUT):
        assert f"`{check.name}`" in section, f"README does not document the check {check.name}"


def test_the_external_identifier_shapes_match_the_bioregistry() -> None:
    pytest.importorskip("bioregistry")
    module = load_script("update_id_patterns")
    committed = (REPO / "ontology" / "shapes" / "external-identifiers.ttl").read_text(encoding="utf-8")
    assert committed == module.build_shapes(), "run: python scripts/update_id_patterns.py"


def test_the_mapping_check_knows_the_same_resources_as_the_shapes() -> None:
    """external-id-not-in-mappings and the generated shapes list the same namespaces."""
    check = next(c for c in load_checks(REPO_LAYOUT) if c.name == "external-id-not-in-mappings")
    start = check.query.index("VALUES ?namespace {")
    in_check = set(re.findall(r'"(http[^"]+)"', check.query[start:check.query.index("}", start)]))
    known = next(str(p) for p in SHAPES.graph.objects(None, SH.pattern) if str(p).startswith("^(http"))
    in_shapes = {alternative.replace("\\", "") for alternative in known[2:-1].split("|")}
    assert in_check == in_shapes
    assert all(prefixes.compress(namespace + "1") != namespace + "1" for namespace in in_shapes)
