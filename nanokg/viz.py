"""Pictures of the graph drawn by Graphviz: class hierarchies, a formulation's neighbourhood, and the
summary of formulations per carrier category × therapy modality.

Each function returns a ``graphviz.Digraph`` (the DOT source); ``render_svg`` lays it out with
Graphviz's ``dot``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape

import graphviz

from nanokg import prefixes
from nanokg.errors import NanoKGError
from nanokg.graph_index import GraphIndex
from nanokg.vocab import NKG

__all__ = [
    "HIERARCHIES", "hierarchy", "neighbourhood", "SummaryMatrix", "summary_matrix", "summary_figure",
    "render_svg", "resolve_term",
]

#: hierarchy name → root class, for ``nanokg viz hierarchy carrier`` and the documentation.
HIERARCHIES = {
    "carrier": NKG + "Nanocarrier",
    "targeting": NKG + "TargetingMechanism",
    "therapy": NKG + "Therapy",
    "stimulus": NKG + "Stimulus",
}

#: fill colours of nodes by the top class their type falls under (ColorBrewer Pastel1).
_CATEGORY_COLOURS = {
    NKG + "Nanocarrier": "#b3cde3",
    NKG + "ChemicalEntity": "#ccebc5",
    NKG + "MolecularTarget": "#decbe4",
    NKG + "TargetingMechanism": "#fed9a6",
    NKG + "Stimulus": "#ffffcc",
    NKG + "Therapy": "#fbb4ae",
    NKG + "CancerType": "#e5d8bd",
    NKG + "ExperimentalModel": "#fddaec",
    NKG + "Measurement": "#f2f2f2",
    NKG + "OutcomeMeasurement": "#f2f2f2",
    NKG + "Publication": "#ffffff",
    NKG + "Study": "#ffffff",
}

#: links followed one step further from a formulation's neighbours.
_SECOND_HOP = {NKG + name for name in ("bindsTarget", "hasComponentTherapy", "isSubtypeOf", "hasUnit", "measuredIn")}
_NOT_DRAWN = {NKG + "inReviewSection", NKG + "isSubsectionOf", "http://www.w3.org/ns/prov#wasDerivedFrom"}


def _font(graph: graphviz.Digraph) -> graphviz.Digraph:
    graph.attr(fontname="Helvetica", fontsize="11")
    graph.attr("node", fontname="Helvetica", fontsize="10")
    graph.attr("edge", fontname="Helvetica", fontsize="9", color="#555555")
    return graph


def resolve_term(index: GraphIndex, name: str) -> str:
    """The IRI of ``name``: a hierarchy name, a CURIE, an IRI, a slug or a label (a label nanokg's
    own term shares with imported external terms, such as NPO's "liposome", means nanokg's)."""
    if name in HIERARCHIES:
        return HIERARCHIES[name]
    candidates = [prefixes.expand(name), name, NKG + "id/" + name, NKG + name]
    for iri in candidates:
        if iri and (iri in index.kinds or iri in index.types):
            return iri
    by_label = sorted(iri for iri, label in index.labels.items() if label.casefold() == name.casefold())
    own = [iri for iri in by_label if iri.startswith(NKG)]
    if len(by_label) == 1 or len(own) == 1:
        return (own or by_label)[0]
    raise NanoKGError(
        f"'{name}' names no class or individual of the graph" if not by_label
        else f"'{name}' is the label of several terms: {', '.join(prefixes.compress(i) for i in by_label)}",
        hint="give a CURIE (nkg:GoldNanorod, nkgid:dox-aunr), a slug or an exact label",
    )


def hierarchy(index: GraphIndex, root: str, max_depth: int | None = None) -> graphviz.Digraph:
    """The told subclass tree under ``root``, each class with the number of its individuals."""
    if not index.is_class(root):
        raise NanoKGError(f"{prefixes.compress(root)} is not a class", hint="draw a class's hierarchy")
    counts = index.usage_counts()
    graph = _font(graphviz.Digraph(name=f"hierarchy of {index.label(root)}"))
    graph.attr(rankdir="LR", ranksep="0.3", nodesep="0.12", label=f"{index.label(root)} hierarchy",
               labelloc="t")
    graph.attr("node", shape="box", style="rounded,filled", fillcolor=_colour(index, root))
    graph.attr("edge", arrowhead="empty", dir="back")
    seen = {root}
    queue = [(root, 0)]
    while queue:
        parent, depth = queue.pop(0)
        total = len(index.instances(parent))
        graph.node(_id(parent), _class_label(index, parent, counts[parent], total),
                   tooltip=index.definitions.get(parent, ""), URL=_anchor(parent))
        if max_depth is not None and depth >= max_depth:
            continue
        for child in index.children(parent):
            graph.edge(_id(parent), _id(child))
            if child not in seen:
                seen.add(child)
                queue.append((child, depth + 1))
    return graph


def _class_label(index: GraphIndex, iri: str, direct: int, total: int) -> str:
    text = index.label(iri)
    return f"{text}\n({total} individual{'s' if total > 1 else ''})" if total else text


def _anchor(iri: str) -> str:
    return "ontology.html#" + prefixes.compress(iri).replace(":", "-")


def _id(iri: str) -> str:
    # A colon in a DOT node name would mean "node:port".
    return prefixes.compress(iri).replace(":", "__")


def _colour(index: GraphIndex, iri: str) -> str:
    classes = {iri} | index.ancestors(iri) if index.is_class(iri) else {
        a for t in index.types.get(iri, ()) for a in {t, *index.ancestors(t)}}
    for category, colour in _CATEGORY_COLOURS.items():
        if category in classes:
            return colour
    return "#ffffff"


def _node_label(index: GraphIndex, iri: str) -> str:
    types = sorted(index.label(t) for t in index.types.get(iri, ()))
    lines = [index.label(iri)]
    values = [f"{literal.value}" for predicate, literal in index.values.get(iri, ())
              if predicate in (NKG + "numericValue", NKG + "minValue", NKG + "maxValue", NKG + "direction")]
    if values:
        unit = [index.label(u) for u in index.linked(iri, NKG + "hasUnit")]
        lines.append(" – ".join(values) + (f" {unit[0]}" if unit else ""))
    if types and types != [lines[0]]:
        lines.append(f"[{', '.join(types)}]")
    return "\n".join(lines)


def neighbourhood(index: GraphIndex, iri: str) -> graphviz.Digraph:
    """A record and what it links to (carrier, payloads, ligands → targets, therapies → components, ...)."""
    if iri not in index.types:
        raise NanoKGError(f"{prefixes.compress(iri)} is not an individual of the graph",
                          hint="give a formulation, e.g. nkgid:<slug> (see nanokg query or the docs)")
    graph = _font(graphviz.Digraph(name=f"neighbourhood of {index.label(iri)}"))
    graph.attr(rankdir="LR", label=f"{index.label(iri)} and its links", labelloc="t")
    graph.attr("node", shape="box", style="rounded,filled")
    graph.node(_id(iri), _node_label(index, iri), fillcolor="#ffffff", penwidth="2")
    drawn = {iri}
    edges: set[tuple[str, str, str]] = set()
    for predicate, target in _drawn_links(index, iri):
        edges.add((iri, predicate, target))
        for second_predicate, second in _drawn_links(index, target):
            if second_predicate in _SECOND_HOP:
                edges.add((target, second_predicate, second))
    for subject, predicate, target in sorted(edges, key=lambda e: (e[0] != iri, e)):
        _draw_neighbour(graph, index, drawn, target)
        graph.edge(_id(subject), _id(target), label=index.label(predicate))
    return graph


def _drawn_links(index: GraphIndex, iri: str) -> list[tuple[str, str]]:
    return sorted({(p, o) for p, o in index.links.get(iri, ())
                   if p.startswith(NKG) and p not in _NOT_DRAWN and o in index.types})


def _draw_neighbour(graph: graphviz.Digraph, index: GraphIndex, drawn: set[str], iri: str) -> None:
    if iri not in drawn:
        drawn.add(iri)
        graph.node(_id(iri), _node_label(index, iri), fillcolor=_colour(index, iri))


@dataclass(frozen=True)
class SummaryMatrix:
    """Formulations per carrier category (rows) × therapy modality (columns)."""

    rows: list[str]
    columns: list[str]
    counts: Counter[tuple[str, str]]
    formulations: int

    def count(self, row: str, column: str) -> int:
        return self.counts.get((row, column), 0)


def _depths_below(index: GraphIndex, root: str) -> dict[str, int]:
    """Each class under ``root`` with the length of its longest path of subclass steps from it.

    The longest path, because a class with a second, structural parent directly under the root
    (a gold–mesoporous-silica core-shell particle is also a core-shell particle) still sits deep
    in the material hierarchy, and must fall into the category of that, not become one itself.
    """
    depths = {root: 0}
    queue = [root]
    deepest = len(index.parents)  # a subclass cycle in a user's ontology must not loop for ever
    while queue:
        parent = queue.pop(0)
        for child in index.children(parent):
            if depths.get(child, -1) < depths[parent] + 1 <= deepest:
                depths[child] = depths[parent] + 1
                queue.append(child)
    return depths


def _category(index: GraphIndex, cls: str, root: str, depth: int) -> set[str]:
    """The ancestors of ``cls`` (itself included) that sit ``depth`` levels below ``root``, or the
    deepest ones when the class is less deep."""
    depths = _depths_below(index, root)
    lineage = ({cls} | index.ancestors(cls)) & set(depths) - {root}
    if not lineage:
        return set()
    target = min(depth, max(depths[c] for c in lineage))
    return {c for c in lineage if depths[c] == target}


def summary_matrix(index: GraphIndex) -> SummaryMatrix:
    """Count formulations by the category of their carriers (two levels under Nanocarrier: liposome,
    metallic, magnetic, ...) and the modality of their therapies (one level under Therapy). A
    formulation with several carriers or therapies counts in each of its cells."""
    carrier_root, therapy_root = HIERARCHIES["carrier"], HIERARCHIES["therapy"]
    formulations = sorted(index.instances(NKG + "Formulation"))
    counts: Counter[tuple[str, str]] = Counter()
    for formulation in formulations:
        carriers = {c for carrier in index.linked(formulation, NKG + "hasCarrier")
                    for t in index.types.get(carrier, ()) for c in _category(index, t, carrier_root, 2)}
        therapies = {c for therapy in index.linked(formulation, NKG + "hasTherapy")
                     for t in index.types.get(therapy, ()) for c in _category(index, t, therapy_root, 1)}
        for cell in {(r, c) for r in carriers or {""} for c in therapies or {""}}:
            counts[cell] += 1
    rows = sorted({r for r, _ in counts}, key=lambda i: (i == "", index.label(i) if i else ""))
    columns = sorted({c for _, c in counts}, key=lambda i: (i == "", index.label(i) if i else ""))
    return SummaryMatrix(rows, columns, counts, len(formulations))


def summary_figure(index: GraphIndex) -> graphviz.Digraph:
    """The summary matrix as a shaded table (a heat map drawn by Graphviz)."""
    matrix = summary_matrix(index)
    peak = max(matrix.counts.values(), default=1)

    def name(iri: str) -> str:
        return escape(index.label(iri)) if iri else "<I>not stated</I>"

    header = "".join(f'<TD BGCOLOR="#eeeeee"><B>{name(c)}</B></TD>' for c in matrix.columns)
    rows = []
    for row in matrix.rows:
        cells = []
        for column in matrix.columns:
            n = matrix.count(row, column)
            shade = 255 - int(120 * n / peak) if n else 255
            cells.append(f'<TD BGCOLOR="#{shade:02x}{shade:02x}ff">{n or ""}</TD>')
        rows.append(f'<TR><TD ALIGN="LEFT" BGCOLOR="#eeeeee"><B>{name(row)}</B></TD>{"".join(cells)}</TR>')
    table = (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="6">'
             f'<TR><TD BGCOLOR="#dddddd"><I>carrier \\ therapy</I></TD>{header}</TR>{"".join(rows)}</TABLE>>')
    graph = _font(graphviz.Digraph(name="formulations by carrier category and therapy modality"))
    graph.attr(label=f"{matrix.formulations} formulations by carrier category × therapy modality", labelloc="t")
    graph.node("matrix", label=table, shape="plaintext")
    return graph


def render_svg(graph: graphviz.Digraph) -> str:
    """Lay ``graph`` out with Graphviz's ``dot`` and return the SVG text."""
    try:
        return graph.pipe(format="svg", encoding="utf-8")
    except graphviz.ExecutableNotFound:
        raise NanoKGError("Graphviz's dot program is not installed", hint="install Graphviz "
                          "(Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz)") from None
