"""Where a finding's node was curated, and what it is called, so a curator can go and fix it.

In order of precision: the SSSOM row of a mapping (``graph/mappings.sssom.tsv:14``), the template
row of a record or minted carrier (``graph/formulations.tsv:12``, from ``CompiledGraph.origins``),
the line of a Turtle file where the term's description starts (``ontology/nanokg.ttl:120``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property

from pyoxigraph import Literal, NamedNode, Quad, Store

from nanokg.sources import SourceFile, read_text
from nanokg.turtle import subject_line
from nanokg.validation.findings import Finding, Location
from nanokg.vocab import RDFS, graph_name

__all__ = ["Locator"]


@dataclass
class Locator:
    """Finds the file and line behind a node, and its label."""

    store: Store
    #: IRI → (file, line) of template records and minted carriers.
    origins: dict[str, tuple[str, int]] = field(default_factory=dict)
    #: (subject, object) IRIs → (file, line) of the mapping table row linking them.
    mapping_rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)
    #: Turtle sources, and the quads whose subjects they describe.
    turtle_sources: list[SourceFile] = field(default_factory=list)
    turtle_quads: Iterable[Quad] = ()

    @cached_property
    def _described_in(self) -> dict[str, SourceFile]:
        by_graph = {graph_name(source.stem): source for source in self.turtle_sources}
        described: dict[str, SourceFile] = {}
        for quad in self.turtle_quads:
            source = by_graph.get(quad.graph_name)  # type: ignore[arg-type]
            if source is not None and isinstance(quad.subject, NamedNode):
                described.setdefault(quad.subject.value, source)
        return described

    def location(self, finding: Finding) -> Location | None:
        focus = finding.focus
        if not isinstance(focus, NamedNode):
            return None
        if isinstance(finding.value, NamedNode):
            if row := self.mapping_rows.get((focus.value, finding.value.value)):
                return Location(*row)
        if origin := self.origins.get(focus.value):
            return Location(*origin)
        if source := self._described_in.get(focus.value):
            return Location(source.relpath, subject_line(read_text(source), focus.value))
        return None

    def label(self, node: object) -> str | None:
        if not isinstance(node, NamedNode):
            return None
        labels = [q.object for q in self.store.quads_for_pattern(node, RDFS.label, None)]
        english = [term.value for term in labels if isinstance(term, Literal) and term.language in (None, "en")]
        return min(english) if english else None

    def place(self, finding: Finding) -> Finding:
        """``finding`` with its location and its focus node's label filled in."""
        return replace(finding, location=finding.location or self.location(finding),
                       focus_label=finding.focus_label or self.label(finding.focus))
