"""Where a finding's node was curated, and what it is called, so a curator can go and fix it.

In order of precision: the SSSOM row of a mapping (``graph/mappings.sssom.tsv:14``), the template
row of a record or minted carrier (``graph/formulations.tsv:12``, from ``CompiledGraph.origins``),
the line of a Turtle file where the term's description starts (``ontology/nanokg.ttl:120``), and
for a term that nothing describes (a misspelt reference), the first line that mentions it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from pyoxigraph import Literal, NamedNode, Quad, Store

from nanokg import prefixes
from nanokg.sources import SourceFile, read_text
from nanokg.turtle import subject_line
from nanokg.validation.findings import Finding, Location
from nanokg.vocab import RDFS, graph_name

__all__ = ["Locator"]


def _first_mention(text: str, spellings: list[str]) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if any(spelling in line for spelling in spellings):
            return number
    return None


@dataclass
class Locator:
    """Finds the file and line behind a node, and its label."""

    store: Store
    #: IRI → (file, line) of template records and minted carriers.
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: (subject, object) IRIs → (file, line) of the mapping table row linking them.
    mapping_rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    #: Every source, and the quads compiled from them (each in its source's named graph).
    sources: list[SourceFile] = field(default_factory=list)
    quads: Iterable[Quad] = ()

    @cached_property
    def _by_graph(self) -> dict[NamedNode, SourceFile]:
        return {graph_name(source.stem): source for source in self.sources}

    @cached_property
    def _index(self) -> tuple[dict[str, SourceFile], dict[str, SourceFile]]:
        """IRI → the Turtle source describing it, and IRI → the first source using it."""
        described: dict[str, SourceFile] = {}
        used: dict[str, SourceFile] = {}
        for quad in self.quads:
            source = self._by_graph.get(quad.graph_name)  # type: ignore[arg-type]
            if source is None:
                continue
            if isinstance(quad.subject, NamedNode) and source.kind in ("ontology", "turtle"):
                described.setdefault(quad.subject.value, source)
            used.setdefault(quad.predicate.value, source)
            if isinstance(quad.object, NamedNode):
                used.setdefault(quad.object.value, source)
        return described, used

    def location(self, finding: Finding) -> Location | None:
        focus = finding.focus
        if not isinstance(focus, NamedNode):
            return None
        if isinstance(finding.value, NamedNode):
            if row := self.mapping_rows.get((focus.value, finding.value.value)):
                return Location(*row)
        if origin := self.origins.get(focus.value):
            return Location(*origin)
        described, used = self._index
        if source := described.get(focus.value):
            return Location(source.relpath, subject_line(read_text(source), focus.value))
        if source := used.get(focus.value):
            spellings = [f"<{focus.value}>", prefixes.compress(focus.value)]
            return Location(source.relpath, _first_mention(read_text(source), spellings))
        return None

    def label(self, node: object) -> str | None:
        if not isinstance(node, NamedNode):
            return None
        labels = [q.object for q in self.store.quads_for_pattern(node, RDFS.label, None)]
        english = [term.value for term in labels if isinstance(term, Literal) and term.language in (None, "en")]
        return min(english) if english else None

    def stated_path(self, finding: Finding) -> str | None:
        """For a result on an alternative path (``(skos:exactMatch|…)``), the predicate stated."""
        path = finding.path
        if not (path and path.startswith("(") and "|" in path and isinstance(finding.focus, NamedNode)
                and finding.value is not None):
            return path
        stated = {q.predicate.value for q in self.store.quads_for_pattern(finding.focus, None, finding.value)}
        named = {prefixes.compress(p) for p in stated} & set(path.strip("()").split("|"))
        return next(iter(named)) if len(named) == 1 else path

    def place(self, finding: Finding) -> Finding:
        """``finding`` with its location, its focus node's label and its stated path filled in."""
        return replace(finding, location=finding.location or self.location(finding),
                       focus_label=finding.focus_label or self.label(finding.focus),
                       path=self.stated_path(finding))
