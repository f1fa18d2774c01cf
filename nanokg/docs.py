"""``nanokg docs``: a static HTML site a newcomer can browse.

Pages: an overview with the summary figure and the carrier / targeting / therapy / stimulus
hierarchies; the ontology reference (one section per class: label, definition, synonyms, parents,
subclasses, mappings with the external labels, usage; one per property); every formulation's
neighbourhood picture; the query catalogue with example answers; and the data dictionary of the
curated templates. Pictures are drawn by Graphviz (``nanokg.viz``), inlined in the pages and also
written as SVG files under ``figures/``. The site is written all-or-nothing.

pyLODE was evaluated for the reference page and not used: its newest release for Python 3.11
(3.4.1) fails at import when installed from its wheel, and 3.3.4 shows neither ``IAO:0000115``
definitions nor SKOS mappings nor usage counts, which are what nanokg's reference is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from nanokg import __version__, prefixes
from nanokg.atomic import staged_files
from nanokg.compile import CompiledGraph, compile_graph
from nanokg.doc_queries import QueryExample, query_examples
from nanokg.graph_index import GraphIndex
from nanokg.paths import DataLayout
from nanokg.templates import read_template
from nanokg.viz import HIERARCHIES, hierarchy, neighbourhood, render_svg, summary_figure
from nanokg.vocab import NKG, OWL, SKOS

__all__ = ["build_site", "anchor"]

_NAV = [("index.html", "Overview"), ("ontology.html", "Ontology"), ("formulations.html", "Formulations"),
        ("queries.html", "Queries"), ("dictionary.html", "Data dictionary")]
_PROPERTY_KINDS = {OWL.ObjectProperty.value: "object property", OWL.DatatypeProperty.value: "data property",
                   OWL.AnnotationProperty.value: "annotation property"}
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SVG_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)
_DIRECTIVE_MEANING = {
    "ID": "the record's slug: its IRI is nkgid:<slug>",
    "LABEL": "the record's English label (rdfs:label)",
    "TYPE": "the record's class",
    "REF": "links to another record (slug, CURIE or label)",
    "NEW": "mints one individual of the named class per record and links it",
    "LIT": "a literal value",
    "IGNORE": "curators' notes, compiled to nothing",
}


def anchor(iri: str) -> str:
    """The HTML id of a term's section: its CURIE with ``-`` for ``:`` (``nkg-GoldNanorod``)."""
    return prefixes.compress(iri).replace(":", "-")


def _inline(svg: str) -> str:
    """SVG text without its XML prolog and DOCTYPE, to embed in HTML."""
    return _SVG_PROLOG.sub("", svg, count=1)


@dataclass(frozen=True)
class _Link:
    label: str
    anchor: str


def _class_entries(index: GraphIndex) -> list[dict[str, object]]:
    counts = index.usage_counts()
    entries = []
    for iri in index.nanokg_classes():
        instances = index.instances(iri)
        entries.append({
            "iri": iri, "curie": prefixes.compress(iri), "anchor": anchor(iri), "label": index.label(iri),
            "definition": index.definitions.get(iri, ""),
            "synonyms": sorted(lit.value for p, lit in index.values.get(iri, ()) if p == SKOS.altLabel.value),
            "parents": [_Link(index.label(p), anchor(p)) for p in sorted(index.parents.get(iri, ()), key=index.label)],
            "children": [_Link(index.label(c), anchor(c)) for c in index.children(iri)],
            "mappings": [{"predicate": prefixes.compress(p), "curie": prefixes.compress(o),
                          "label": index.labels.get(o, "")} for p, o in sorted(index.mappings.get(iri, ()))],
            "direct": counts[iri], "total": len(instances),
            "examples": sorted(index.label(i) for i in instances)[:5],
        })
    return entries


def _property_entries(index: GraphIndex) -> list[dict[str, object]]:
    uses: dict[str, int] = {}
    for links in (index.links, index.values):
        for pairs in links.values():
            for predicate, _ in pairs:
                uses[predicate] = uses.get(predicate, 0) + 1
    entries = []
    for iri, kinds in index.kinds.items():
        kind = next((_PROPERTY_KINDS[k] for k in sorted(kinds) if k in _PROPERTY_KINDS), None)
        if kind is None or not iri.startswith(NKG):
            continue
        entries.append({
            "iri": iri, "curie": prefixes.compress(iri), "anchor": anchor(iri), "label": index.label(iri),
            "kind": kind, "definition": index.definitions.get(iri, ""),
            "domain": [index.label(o) for o in index.linked(iri, _RDFS + "domain")],
            "range": [index.label(o) for o in index.linked(iri, _RDFS + "range")],
            "inverse": [index.label(o) for o in index.linked(iri, OWL.inverseOf.value)],
            "uses": uses.get(iri, 0),
        })
    return sorted(entries, key=lambda e: str(e["label"]).casefold())


def _dictionary(compiled: CompiledGraph, index: GraphIndex) -> list[dict[str, object]]:
    templates = []
    for source in (s for s in compiled.sources if s.kind == "template"):
        template = read_template(source)
        columns = []
        for column in template.columns:
            examples = [v for row in template.rows for v in column.values(row.cells[column.number - 1])]
            directive = " ".join(filter(None, [column.kind, prefixes.compress(column.predicate) if column.predicate else None]))
            if column.datatype:
                directive += f"^^{prefixes.compress(column.datatype)}"
            if column.language:
                directive += f"@{column.language}"
            if column.split:
                directive += f" SPLIT={column.split}"
            columns.append({
                "name": column.name, "directive": directive,
                "property": prefixes.compress(column.predicate) if column.predicate else "",
                "property_label": index.labels.get(column.predicate or "", ""),
                "meaning": index.definitions.get(column.predicate or "", "") or _DIRECTIVE_MEANING[column.kind],
                "values": _value_kind(column.kind, column.datatype, column.split, len(examples)),
                "example": examples[0][:80] if examples else "",
            })
        templates.append({"file": source.relpath, "anchor": source.stem, "records": len(template.rows),
                          "columns": columns})
    return templates


def _value_kind(kind: str, datatype: str | None, split: str | None, filled: int) -> str:
    what = {"TYPE": "a class", "NEW": "a class", "REF": "a record", "ID": "a slug", "LABEL": "text",
            "IGNORE": "free text"}.get(kind) or (prefixes.compress(datatype) if datatype else "text")
    return f"{what}{' (several, split on ' + split + ')' if split else ''}; {filled} values"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("nanokg", "site"),
                              autoescape=jinja2.select_autoescape(["html", "j2"]),
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def _header_text(compiled: CompiledGraph, predicate: str) -> str:
    headers = {q.subject for q in compiled.ontology if q.predicate.value.endswith("#type") and q.object == OWL.Ontology}
    return next((q.object.value for q in compiled.ontology if q.subject in headers and q.predicate.value == predicate), "")


def build_site(layout: DataLayout, out_dir: Path, *, example_rows: int = 5) -> list[Path]:
    """Render the documentation site of ``layout``'s sources into ``out_dir``."""
    compiled = compile_graph(layout)
    index = GraphIndex.from_compiled(compiled)
    svgs = {f"figures/{name}-hierarchy.svg": render_svg(hierarchy(index, root)) for name, root in HIERARCHIES.items()
            if index.is_class(root)}
    svgs["figures/summary.svg"] = render_svg(summary_figure(index))
    formulations = []
    for iri in sorted(index.instances(NKG + "Formulation"), key=lambda i: index.label(i).casefold()):
        name = f"figures/formulation-{iri.rsplit('/', 1)[-1]}.svg"
        svgs[name] = render_svg(neighbourhood(index, iri))
        formulations.append({"label": index.label(iri), "curie": prefixes.compress(iri), "anchor": anchor(iri),
                             "svg": _inline(svgs[name])})
    examples: list[QueryExample] = query_examples(layout, compiled, example_rows)
    common = {
        "version": __version__, "fingerprint": compiled.fingerprint, "nav": _NAV,
        "ontology_iri": NKG + "nanokg.owl",
    }
    counts = [
        len(index.nanokg_classes()),
        *(sum(1 for i, k in index.kinds.items() if kind in k and i.startswith(NKG)) for kind in
          (OWL.ObjectProperty.value, OWL.DatatypeProperty.value, OWL.AnnotationProperty.value, OWL.NamedIndividual.value)),
        len(compiled.mappings), len(compiled.quads),
    ]
    pages = {
        "index.html": ("index.html.j2", "nanokg", {
            "ontology_title": _header_text(compiled, "http://purl.org/dc/terms/title") or "nanokg",
            "ontology_description": _header_text(compiled, "http://purl.org/dc/terms/description"),
            "source_citation": 'Zhang P. et al. (2023), <em>Research progress of nanomaterial drug delivery in tumor '
                               'targeted therapy</em>, Front. Bioeng. Biotechnol. 11:1240529, '
                               '<a href="https://doi.org/10.3389/fbioe.2023.1240529">doi:10.3389/fbioe.2023.1240529</a>',
            "counts": counts,
            "figures": {"summary": _inline(svgs["figures/summary.svg"])},
            "hierarchy_figures": [(f"{index.label(root)}", _inline(svgs[f"figures/{name}-hierarchy.svg"]))
                                  for name, root in HIERARCHIES.items() if f"figures/{name}-hierarchy.svg" in svgs],
        }),
        "ontology.html": ("ontology.html.j2", "Ontology reference", {
            "classes": _class_entries(index), "properties": _property_entries(index)}),
        "formulations.html": ("formulations.html.j2", "Formulations", {"formulations": formulations}),
        "queries.html": ("queries.html.j2", "Query catalogue", {"queries": examples, "rows": example_rows}),
        "dictionary.html": ("dictionary.html.j2", "Data dictionary", {"templates": _dictionary(compiled, index)}),
    }
    environment = _environment()
    with staged_files(out_dir) as stage:
        for name, (template, title, context) in pages.items():
            html = environment.get_template(template).render(title=title, page=name, **common, **context)
            stage.path(name).write_text(html, encoding="utf-8")
        stage.path("style.css").write_text(environment.loader.get_source(environment, "style.css")[0],  # type: ignore[union-attr]
                                           encoding="utf-8")
        for name, svg in svgs.items():
            stage.path(name).write_text(svg, encoding="utf-8")
        written = list(stage.names)
    return [out_dir / name for name in written]
