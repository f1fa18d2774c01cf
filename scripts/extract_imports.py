"""Extract the external terms nanokg maps to into import modules under ``ontology/imports/``.

Every external identifier of the mapping table (``graph/*.sssom.tsv``) is looked up in the
reference ontology files (NPO and the eNanoMapper slims, kept outside the repository in
``shared/reference/``). For each term found, the module keeps what an ontologist needs to see it
in Protégé: its declaration as a class, its label, its definition, and its named superclasses in
the same ontology (recursively, up to that ontology's own root), each with an ``IAO:0000412``
(imported from) annotation naming the source. Nothing else is copied: no logical axioms, no
properties (NPO's punned properties would break OWL 2 DL) and no terms of other namespaces.

Legacy IRIs (``http://purl.org/obo/owl/CHEBI#CHEBI_…``, NCIt's ``Thesaurus.owl#…``, …) are
normalised to the Bioregistry's canonical IRIs with nanokg's prefix map, so one term has one IRI
whichever file it came from. A term declared by several files is taken from its home ontology
first (the ChEBI slim for ChEBI, NPO's own release for NPO, …), then from the others in a fixed
order. Terms found nowhere stay without labels and are listed in ``ontology/imports/README.md``.

``tests/test_imports.py`` fails when the committed modules differ from what this script produces
(it is skipped where the reference files are absent).

Run: ``python scripts/extract_imports.py [--data ROOT] [--reference DIR]``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize

from nanokg import prefixes
from nanokg.compile import compile_graph
from nanokg.paths import DataLayout

REPO = Path(__file__).resolve().parent.parent
IMPORTS_BASE = "https://w3id.org/nanokg/imports/"

OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
RDFS_COMMENT = "http://www.w3.org/2000/01/rdf-schema#comment"
RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
IAO_DEFINITION = "http://purl.obolibrary.org/obo/IAO_0000115"
IAO_IMPORTED_FROM = "http://purl.obolibrary.org/obo/IAO_0000412"
DCTERMS = "http://purl.org/dc/terms/"
NPO_DEFINITION = "http://purl.bioontology.org/ontology/npo#definition"
NCIT_DEFINITION = "http://purl.obolibrary.org/obo/NCIT_P97"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

#: Reference file → (ontology it holds, its home prefix, licence), as in shared/reference/LICENSES.md.
SOURCES: dict[str, tuple[str, str, str]] = {
    "npo-asserted.owl": ("http://purl.bioontology.org/ontology/npo", "npo", "BSD-3-Clause"),
    "chebi-slim.owl": ("http://purl.obolibrary.org/obo/chebi.owl", "CHEBI", "CC BY 4.0"),
    "ncit-slim.owl": ("http://purl.obolibrary.org/obo/ncit.owl", "NCIT", "CC BY 4.0"),
    "uo-slim.owl": ("http://purl.obolibrary.org/obo/uo.owl", "UO", "BSD-3-Clause"),
    "obi-slim.owl": ("http://purl.obolibrary.org/obo/obi.owl", "OBI", "CC BY 4.0"),
    "iao-slim.owl": ("http://purl.obolibrary.org/obo/iao.owl", "IAO", "CC BY 4.0"),
    "bfo-slim.owl": ("http://purl.obolibrary.org/obo/bfo.owl", "BFO", "CC BY 4.0"),
    "uberon-slim.owl": ("http://purl.obolibrary.org/obo/uberon.owl", "UBERON", "CC BY 3.0"),
    "clo-slim.owl": ("http://purl.obolibrary.org/obo/clo.owl", "CLO", "CC BY 4.0"),
    "bto-slim.owl": ("http://purl.obolibrary.org/obo/bto.owl", "BTO", "CC BY 4.0"),
    "npo-slim.owl": ("http://purl.bioontology.org/ontology/npo", "npo", "BSD-3-Clause"),
}

_NCICP_DEFINITION = re.compile(r"<ncicp:def-definition>(.*?)</ncicp:def-definition>", re.S)
_OBO_STYLE_DEFINITION = re.compile(r'^"(.+)"\s*\[[^\]]*\]\s*$', re.S)


@dataclass
class ReferenceFile:
    """The classes of one reference file, with IRIs normalised to canonical form."""

    name: str
    classes: set[str] = field(default_factory=set)
    annotations: dict[str, dict[str, list[Literal]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    parents: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    @property
    def ontology(self) -> str:
        return SOURCES[self.name][0]

    @classmethod
    def read(cls, path: Path) -> ReferenceFile:
        converter = prefixes.converter()
        reference = cls(path.name)
        for triple in parse(path=str(path), format=RdfFormat.RDF_XML):
            if not isinstance(triple.subject, NamedNode):
                continue
            subject = converter.standardize_uri(triple.subject.value) or triple.subject.value
            predicate = converter.standardize_uri(triple.predicate.value) or triple.predicate.value
            obj = triple.object
            if predicate == RDF_TYPE and obj == NamedNode(OWL + "Class"):
                reference.classes.add(subject)
            elif predicate == RDFS_SUBCLASS and isinstance(obj, NamedNode):
                reference.parents[subject].add(converter.standardize_uri(obj.value) or obj.value)
            elif isinstance(obj, Literal):
                reference.annotations[subject][predicate].append(obj)
        return reference

    def label(self, iri: str) -> Literal | None:
        labels = sorted(self.annotations[iri][RDFS_LABEL], key=str)
        return _plain(labels[0]) if labels else None

    def definition(self, iri: str) -> Literal | None:
        """The term's definition in whichever convention its source uses."""
        annotations = self.annotations[iri]
        for literal in sorted(annotations[IAO_DEFINITION] + annotations[NCIT_DEFINITION], key=str):
            return _plain(literal)
        for literal in sorted(annotations[NPO_DEFINITION], key=str):
            if match := _NCICP_DEFINITION.search(literal.value):
                return Literal(" ".join(match.group(1).split()))
        for literal in sorted(annotations[RDFS_COMMENT], key=str):
            if match := _OBO_STYLE_DEFINITION.match(literal.value):
                return Literal(match.group(1))
        return None


def _plain(literal: Literal) -> Literal:
    """The literal without the redundant ``^^xsd:string`` and with collapsed whitespace."""
    text = " ".join(literal.value.split())
    return Literal(text, language=literal.language) if literal.language else Literal(text)


def _prefix(iri: str) -> str | None:
    curie = prefixes.converter().compress(iri)
    return curie.split(":", 1)[0] if curie else None


@dataclass
class Extraction:
    """Terms found, by prefix, and terms found nowhere."""

    wanted: dict[str, list[str]]
    terms: dict[str, dict[str, ReferenceFile]] = field(default_factory=lambda: defaultdict(dict))
    missing: dict[str, list[str]] = field(default_factory=dict)


def _search_order(references: list[ReferenceFile], prefix: str) -> list[ReferenceFile]:
    order = list(SOURCES)
    return sorted(references, key=lambda r: (SOURCES[r.name][1] != prefix, order.index(r.name)))


def extract(wanted: dict[str, list[str]], references: list[ReferenceFile]) -> Extraction:
    """Find each wanted IRI and its same-ontology ancestors in ``references``."""
    result = Extraction(wanted)
    queue = sorted(wanted)
    while queue:
        iri = queue.pop()
        prefix = _prefix(iri)
        if prefix is None or iri in result.terms[prefix] or iri in result.missing:
            continue
        found = next((r for r in _search_order(references, prefix) if iri in r.classes), None)
        if found is None:
            result.missing[iri] = wanted.get(iri, [])
            continue
        result.terms[prefix][iri] = found
        queue.extend(sorted(p for p in found.parents[iri] if _prefix(p) == prefix))
    return result


def wanted_terms(layout: DataLayout) -> dict[str, list[str]]:
    """External IRI → the nanokg subjects mapped to it, from every mapping table of ``layout``."""
    wanted: dict[str, list[str]] = defaultdict(list)
    for mapping_set in compile_graph(layout).mapping_sets:
        for mapping in mapping_set.mappings:
            wanted[mapping.object].append(mapping.row["subject_id"])
    return dict(wanted)


def module_name(prefix: str) -> str:
    return f"{prefix.lower()}_import"


def module_triples(prefix: str, terms: dict[str, ReferenceFile]) -> list[Triple]:
    """The import module of one prefix: header, then declaration, label, definition, parents."""
    header = NamedNode(IMPORTS_BASE + module_name(prefix) + ".owl")
    sources = sorted({reference.name for reference in terms.values()})
    triples = [
        Triple(header, NamedNode(RDF_TYPE), NamedNode(OWL + "Ontology")),
        Triple(header, NamedNode(RDFS_LABEL), Literal(f"nanokg import module: {prefix} terms")),
        Triple(header, NamedNode(RDFS_COMMENT), Literal(
            f"Extracted by nanokg's scripts/extract_imports.py from {', '.join(sources)}: the {prefix} "
            "terms nanokg's mappings refer to, with their labels, definitions and named ancestors. "
            "Licences and attribution: ontology/imports/LICENSES.md.")),
        *(Triple(header, NamedNode(DCTERMS + "source"), NamedNode(SOURCES[name][0])) for name in sources),
        *(Triple(NamedNode(p), NamedNode(RDF_TYPE), NamedNode(OWL + "AnnotationProperty"))
          for p in (IAO_DEFINITION, IAO_IMPORTED_FROM)),
        Triple(NamedNode(IAO_DEFINITION), NamedNode(RDFS_LABEL), Literal("definition")),
        Triple(NamedNode(IAO_IMPORTED_FROM), NamedNode(RDFS_LABEL), Literal("imported from")),
    ]
    for iri, reference in terms.items():
        term = NamedNode(iri)
        triples.append(Triple(term, NamedNode(RDF_TYPE), NamedNode(OWL + "Class")))
        triples.append(Triple(term, NamedNode(IAO_IMPORTED_FROM), NamedNode(reference.ontology)))
        if label := reference.label(iri):
            triples.append(Triple(term, NamedNode(RDFS_LABEL), label))
        if definition := reference.definition(iri):
            triples.append(Triple(term, NamedNode(IAO_DEFINITION), definition))
        triples.extend(Triple(term, NamedNode(RDFS_SUBCLASS), NamedNode(parent))
                       for parent in reference.parents[iri] if parent in terms)
    return sorted(set(triples), key=lambda triple: (triple.subject != header, str(triple)))


def render_module(triples: Iterable[Triple]) -> str:
    used = {"owl", "rdf", "rdfs", "dcterms", "obo", "xsd"}
    prefix_map = {prefix: uri for prefix, uri in prefixes.prefix_map().items() if prefix in used}
    return serialize(list(triples), format=RdfFormat.TURTLE, prefixes=prefix_map).decode("utf-8")


def render_report(extraction: Extraction, reference_dir_name: str) -> str:
    """``ontology/imports/README.md``: what the modules hold and which terms were not found."""
    lines = [
        "# Import modules",
        "",
        "Generated by `python scripts/extract_imports.py` from the reference ontology files in",
        f"`{reference_dir_name}/` (see `LICENSES.md` here for their sources and licences); do not edit by",
        "hand. Each module holds the external terms `graph/mappings.sssom.tsv` maps to, with their label,",
        "definition and named ancestors in the same ontology, under Bioregistry-canonical IRIs.",
        "`nanokg build` merges them into `nanokg-full` and ships them for `nanokg.owl`'s `owl:imports`.",
        "",
        "| module | terms | mapped | from |",
        "|---|---:|---:|---|",
    ]
    for prefix, terms in sorted(extraction.terms.items()):
        if not terms:
            continue
        sources = ", ".join(sorted({r.name for r in terms.values()}))
        mapped = sum(1 for iri in terms if iri in extraction.wanted)
        lines.append(f"| `{module_name(prefix)}.ttl` | {len(terms)} | {mapped} | {sources} |")
    lines += [
        "",
        "`mapped`: terms that mappings point to; the other terms are their ancestors.",
        "",
        "## Terms not found in any reference file",
        "",
    ]
    if extraction.missing:
        lines += [
            "These mapping targets are absent from the reference files (the slims are subsets, and some",
            "resources, such as Cellosaurus, MONDO or HGNC, have no file here); they stay without labels.",
            "",
            "| term | mapped from |",
            "|---|---|",
        ]
        converter = prefixes.converter()
        for iri in sorted(extraction.missing, key=lambda i: converter.compress(i) or i):
            subjects = ", ".join(sorted(extraction.missing[iri]))
            lines.append(f"| `{converter.compress(iri) or iri}` | {subjects} |")
    else:
        lines.append("None: every mapping target was found.")
    return "\n".join(lines) + "\n"


def find_reference_dir(start: Path = REPO) -> Path | None:
    """``shared/reference`` in the nearest ancestor folder of ``start`` that has one."""
    for folder in (start, *start.parents):
        candidate = folder / "shared" / "reference"
        if (candidate / "npo-asserted.owl").is_file():
            return candidate
    return None


def generate(layout: DataLayout, reference_dir: Path) -> dict[str, str]:
    """File name (relative to ``ontology/imports/``) → content, for every generated file."""
    references = [ReferenceFile.read(reference_dir / name) for name in SOURCES if (reference_dir / name).is_file()]
    extraction = extract(wanted_terms(layout), references)
    files = {
        f"{module_name(prefix)}.ttl": render_module(module_triples(prefix, terms))
        for prefix, terms in sorted(extraction.terms.items()) if terms
    }
    files["README.md"] = render_report(extraction, "shared/reference")
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=REPO, help="data folder (default: this repository)")
    parser.add_argument("--reference", type=Path, default=None, help="folder of the reference OWL files")
    args = parser.parse_args(argv)
    reference_dir = args.reference or find_reference_dir()
    if reference_dir is None:
        print("no shared/reference/ folder found: pass --reference DIR", file=sys.stderr)
        return 2
    layout = DataLayout(args.data)
    target = layout.ontology_dir / "imports"
    files = generate(layout, reference_dir)
    target.mkdir(parents=True, exist_ok=True)
    for stale in target.glob("*_import.ttl"):
        if stale.name not in files:
            stale.unlink()
    for name, text in files.items():
        (target / name).write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
