"""``nanokg diff OLD NEW``: what changed between two versions of the graph, for people.

A version is a release file (``.ttl``, ``.nt``, ``.nq``, ``.owl``, ``.jsonld``), a release folder
(its ``nanokg.nt``), a data folder (``ontology/`` + ``graph/``, compiled), or a git revision of the
repository holding the data folder (``main``, ``v0.1.0``, ``HEAD~3``), whose sources are compiled
from ``git archive``. The report lists added and removed classes, properties, individuals and
mappings, and the terms whose label, definition, parents, logical axioms (restrictions, domains,
ranges, characteristics, disjointness) or statements changed.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, parse

from nanokg import prefixes
from nanokg.compile import compile_graph
from nanokg.errors import NanoKGError
from nanokg.graph_index import GraphIndex
from nanokg.paths import DataLayout
from nanokg.vocab import NKG, NKGID, OWL, RDF, RDFS

__all__ = ["Version", "load_version", "GraphDiff", "compare", "render_text", "render_markdown", "ONTOLOGY_AXIOMS"]

_FORMATS = {".ttl": RdfFormat.TURTLE, ".nt": RdfFormat.N_TRIPLES, ".nq": RdfFormat.N_QUADS,
            ".owl": RdfFormat.RDF_XML, ".rdf": RdfFormat.RDF_XML, ".jsonld": RdfFormat.JSON_LD}
_PROPERTIES = (OWL.ObjectProperty.value, OWL.DatatypeProperty.value, OWL.AnnotationProperty.value)
# Version stamps change with every release and say nothing about content.
_IGNORED = {OWL.versionIRI.value, OWL.versionInfo.value}
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"


#: Predicates whose statements about a class or property are logical axioms (named parents are
#: reported as parents; rdf:type covers property characteristics such as owl:FunctionalProperty).
_AXIOM_PREDICATES = {RDF.type.value, RDFS.subClassOf.value, OWL.inverseOf.value} | {
    OWL.NS + name for name in ("equivalentClass", "disjointWith", "disjointUnionOf", "propertyChainAxiom",
                               "equivalentProperty", "propertyDisjointWith")} | {
    "http://www.w3.org/2000/01/rdf-schema#" + name for name in ("domain", "range", "subPropertyOf")}
#: The key, among a version's axioms, of those that stand on their own (owl:AllDisjointClasses).
ONTOLOGY_AXIOMS = "(ontology)"


@dataclass
class Version:
    """One side of a comparison: its name and what it holds."""

    name: str
    index: GraphIndex
    statements: dict[str, set[tuple[str, str]]]
    axioms: dict[str, set[str]] = field(default_factory=dict)


def _described(node: object, about: dict[BlankNode, list[Quad]]) -> str:
    """A blank node written out with everything hanging from it (a restriction, a list), so that
    the same axiom reads the same in two versions whatever its blank nodes are called."""
    if not isinstance(node, BlankNode):
        return prefixes.compress(node.value) if isinstance(node, NamedNode) else str(node)
    members = []
    while isinstance(node, BlankNode) and {q.predicate.value for q in about.get(node, ())} == {RDF_FIRST, RDF_REST}:
        quads = {q.predicate.value: q.object for q in about[node]}
        members.append(_described(quads[RDF_FIRST], about))
        node = quads[RDF_REST]
    if members:
        return "(" + " ".join(members) + ")"  # in order: a property chain is a sequence
    return "[" + "; ".join(sorted(f"{prefixes.compress(q.predicate.value)} {_described(q.object, about)}"
                                  for q in about.get(node, ()))) + "]"  # type: ignore[call-overload]


def _axioms(quads: list[Quad]) -> dict[str, set[str]]:
    about: dict[BlankNode, list[Quad]] = {}
    for quad in quads:
        if isinstance(quad.subject, BlankNode):
            about.setdefault(quad.subject, []).append(quad)
    objects = {quad.object for quad in quads if isinstance(quad.object, BlankNode)}
    axioms: dict[str, set[str]] = {}
    for quad in quads:
        if isinstance(quad.subject, NamedNode) and quad.predicate.value in _AXIOM_PREDICATES and not (
                quad.predicate == RDFS.subClassOf and isinstance(quad.object, NamedNode)):
            axioms.setdefault(quad.subject.value, set()).add(
                f"{prefixes.compress(quad.predicate.value)} {_described(quad.object, about)}")
    for node in about.keys() - objects:
        axioms.setdefault(ONTOLOGY_AXIOMS, set()).add(_described(node, about))
    return axioms


def _version(name: str, quads: list[Quad]) -> Version:
    statements: dict[str, set[tuple[str, str]]] = {}
    for quad in quads:
        if isinstance(quad.subject, NamedNode) and not isinstance(quad.object, BlankNode) \
                and quad.predicate.value not in _IGNORED:
            statements.setdefault(quad.subject.value, set()).add((quad.predicate.value, str(quad.object)))
    return Version(name, GraphIndex.from_quads(quads), statements, _axioms(quads))


def _read_file(path: Path) -> list[Quad]:
    format_ = _FORMATS.get(path.suffix)
    if format_ is None:
        raise NanoKGError(f"cannot read {path.name}: not an RDF release file", path=path,
                          hint="compare .ttl, .nt, .nq, .owl or .jsonld files, data folders or git revisions")
    try:
        return [Quad(q.subject, q.predicate, q.object) for q in parse(path=str(path), format=format_)]
    except SyntaxError as error:
        raise NanoKGError(f"{path.name} does not parse: {error}", path=path, hint="compare two valid releases") from None


def _git_sources(revision: str, repository: Path, into: Path) -> DataLayout:
    command = ["git", "-C", str(repository), "archive", "--format=tar", revision, "ontology", "graph"]
    try:
        result = subprocess.run(command, capture_output=True, check=False)
    except FileNotFoundError:
        raise NanoKGError("git is not installed", hint="compare files or folders instead of revisions") from None
    message = result.stderr.decode(errors="replace")
    if result.returncode != 0 and "pathspec" in message:
        raise NanoKGError(f"git revision '{revision}' has no ontology/ and graph/ folders",
                          hint="compare revisions made after the sources were added")
    if result.returncode != 0:
        raise NanoKGError(f"'{revision}' is neither a file, a folder nor a git revision of {repository}",
                          hint="give a release file, a data folder, or a revision such as main or HEAD~1")
    with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
        archive.extractall(into, filter="data")
    return DataLayout(into)


def load_version(spec: str, repository: Path) -> Version:
    """Read ``spec`` (file, release folder, data folder or git revision of ``repository``)."""
    path = Path(spec)
    if path.is_file():
        return _version(spec, _read_file(path))
    if path.is_dir() and (path / "ontology").is_dir():
        return _version(spec, compile_graph(DataLayout(path)).quads)
    if path.is_dir() and (path / "nanokg.nt").is_file():
        return _version(spec, _read_file(path / "nanokg.nt"))
    if path.is_dir():
        raise NanoKGError(f"{spec} is neither a data folder nor a release folder", path=spec,
                          hint="give a folder with ontology/ and graph/, or one with nanokg.nt")
    with tempfile.TemporaryDirectory(prefix="nanokg-diff-") as folder:
        return _version(spec, compile_graph(_git_sources(spec, repository, Path(folder))).quads)


@dataclass
class GraphDiff:
    old: str
    new: str
    added: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    added_mappings: list[tuple[str, str, str]] = field(default_factory=list)
    removed_mappings: list[tuple[str, str, str]] = field(default_factory=list)
    changed_individuals: list[tuple[str, int, int]] = field(default_factory=list)
    #: Per class or property (or ``ONTOLOGY_AXIOMS``): its logical axioms added and removed.
    changed_axioms: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (any(self.added.values()) or any(self.removed.values()) or any(self.changed.values())
                    or self.added_mappings or self.removed_mappings or self.changed_individuals
                    or self.changed_axioms)


def _terms(version: Version) -> dict[str, set[str]]:
    index = version.index
    own = [iri for iri in index.kinds if iri.startswith(NKG)]
    return {
        "classes": {i for i in own if index.is_class(i) and not i.startswith(NKGID)},
        "properties": {i for i in own if index.kinds[i] & set(_PROPERTIES)},
        "individuals": {i for i in own if OWL.NamedIndividual.value in index.kinds[i]},
    }


def _mappings(version: Version) -> set[tuple[str, str, str]]:
    return {(s, p, o) for s, pairs in version.index.mappings.items() for p, o in pairs}


def compare(old: Version, new: Version) -> GraphDiff:
    """What ``new`` adds, removes and changes relative to ``old``."""
    diff = GraphDiff(old.name, new.name)
    before, after = _terms(old), _terms(new)
    for kind in before:
        diff.added[kind] = sorted(after[kind] - before[kind])
        diff.removed[kind] = sorted(before[kind] - after[kind])
    shared = set().union(*before.values()) & set().union(*after.values())
    aspects = {
        "labels": lambda v, i: v.index.labels.get(i, ""),
        "definitions": lambda v, i: v.index.definitions.get(i, ""),
        "parents": lambda v, i: ", ".join(sorted(prefixes.compress(p) for p in v.index.parents.get(i, ()))),
    }
    for aspect, value in aspects.items():
        diff.changed[aspect] = sorted((i, value(old, i), value(new, i)) for i in shared if value(old, i) != value(new, i))
    old_mappings, new_mappings = _mappings(old), _mappings(new)
    diff.added_mappings = sorted(new_mappings - old_mappings)
    diff.removed_mappings = sorted(old_mappings - new_mappings)
    for iri in sorted(((shared - before["individuals"]) | {ONTOLOGY_AXIOMS}), key=str):
        was, now = old.axioms.get(iri, set()), new.axioms.get(iri, set())
        if was != now:
            diff.changed_axioms.append((iri, sorted(now - was), sorted(was - now)))
    for iri in sorted(set(before["individuals"]) & set(after["individuals"])):
        was, now = old.statements.get(iri, set()), new.statements.get(iri, set())
        if was != now:
            diff.changed_individuals.append((iri, len(now - was), len(was - now)))
    return diff


def _c(iri: str) -> str:
    return prefixes.compress(iri)


def _term(iri: str) -> str:
    return iri if iri == ONTOLOGY_AXIOMS else _c(iri)


def _summary(diff: GraphDiff) -> list[tuple[str, int, int]]:
    return [(kind, len(diff.added[kind]), len(diff.removed[kind])) for kind in diff.added] + [
        ("mappings", len(diff.added_mappings), len(diff.removed_mappings))]


def render_text(diff: GraphDiff, new: Version, old: Version) -> str:
    """A readable report for the terminal."""
    lines = [f"nanokg diff {diff.old} → {diff.new}"]
    if diff.empty:
        return lines[0] + "\nno differences in terms, labels, definitions, parents, axioms, mappings or records\n"
    lines.append("  " + ", ".join(f"{kind} +{a} −{r}" for kind, a, r in _summary(diff)))
    for kind in diff.added:
        for sign, items, version in (("+", diff.added[kind], new), ("−", diff.removed[kind], old)):
            if items:
                lines.append(f"\n{'Added' if sign == '+' else 'Removed'} {kind} ({len(items)})")
                lines += [f"  {sign} {_c(i)}  {version.index.labels.get(i, '')}" for i in items]
    for aspect, changes in diff.changed.items():
        if changes:
            lines.append(f"\nChanged {aspect} ({len(changes)})")
            lines += [f"  ~ {_c(i)}: {before or '(none)'!r} → {after or '(none)'!r}" for i, before, after in changes]
    for sign, mappings in (("+", diff.added_mappings), ("−", diff.removed_mappings)):
        if mappings:
            lines.append(f"\n{'Added' if sign == '+' else 'Removed'} mappings ({len(mappings)})")
            lines += [f"  {sign} {_c(s)} {_c(p)} {_c(o)}" for s, p, o in mappings]
    if diff.changed_axioms:
        lines.append(f"\nChanged axioms ({len(diff.changed_axioms)})")
        for iri, added, removed in diff.changed_axioms:
            lines.append(f"  ~ {_term(iri)}")
            lines += [f"      + {axiom}" for axiom in added] + [f"      − {axiom}" for axiom in removed]
    if diff.changed_individuals:
        lines.append(f"\nChanged individuals ({len(diff.changed_individuals)})")
        lines += [f"  ~ {_c(i)}  +{a} −{r} statements" for i, a, r in diff.changed_individuals]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(diff: GraphDiff, new: Version, old: Version) -> str:
    """The same report as Markdown, for a pull request description."""
    lines = [f"### nanokg diff `{diff.old}` → `{diff.new}`", ""]
    if diff.empty:
        return "\n".join(lines + ["No differences in terms, labels, definitions, parents, axioms, mappings or records.", ""])
    lines += ["| | added | removed |", "|---|---:|---:|"]
    lines += [f"| {kind} | {a} | {r} |" for kind, a, r in _summary(diff)]
    lines.append(f"| changed individuals | {len(diff.changed_individuals)} | |")

    def block(title: str, header: str, rows: list[str]) -> None:
        if rows:
            lines.extend(["", f"<details><summary>{title} ({len(rows)})</summary>", "", header,
                          "|" + "---|" * header.count("|", 1), *rows, "", "</details>"])

    for kind in diff.added:
        block(f"Added {kind}", "| term | label |", [f"| `{_c(i)}` | {_md(new.index.labels.get(i, ''))} |"
                                                 for i in diff.added[kind]])
        block(f"Removed {kind}", "| term | label |", [f"| `{_c(i)}` | {_md(old.index.labels.get(i, ''))} |"
                                                   for i in diff.removed[kind]])
    for aspect, changes in diff.changed.items():
        block(f"Changed {aspect}", "| term | before | after |",
              [f"| `{_c(i)}` | {_md(b)} | {_md(a)} |" for i, b, a in changes])
    block("Added mappings", "| subject | predicate | object |",
          [f"| `{_c(s)}` | `{_c(p)}` | `{_c(o)}` |" for s, p, o in diff.added_mappings])
    block("Removed mappings", "| subject | predicate | object |",
          [f"| `{_c(s)}` | `{_c(p)}` | `{_c(o)}` |" for s, p, o in diff.removed_mappings])
    block("Changed axioms", "| term | added | removed |",
          [f"| `{_term(i)}` | {'<br>'.join(f'`{_md(a)}`' for a in added)} | {'<br>'.join(f'`{_md(r)}`' for r in removed)} |"
           for i, added, removed in diff.changed_axioms])
    block("Changed individuals", "| individual | statements added | statements removed |",
          [f"| `{_c(i)}` | {a} | {r} |" for i, a, r in diff.changed_individuals])
    return "\n".join(lines) + "\n"
