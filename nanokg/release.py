"""Write the release artefacts of a build into one output folder, atomically.

Four products, each in several serialisations (``nanokg release`` in the README has the table):
``queries.ttl`` is the saved-query catalogue as SHACL executables (see ``nanokg.catalogue``).

* ``nanokg``        — the merged graph (ontology, records, mappings, entailed inverses), for
  triple stores and SPARQL: ``.ttl``, ``.nt``, ``.nq`` (one named graph per source file), ``.jsonld``
* ``nanokg-base``   — the ontology's own axioms and its class mappings, no external terms (the OBO
  "base" module, to merge into other ontologies)
* ``nanokg-full``   — base + the curated records and their mappings + the external terms of
  ``ontology/imports/``: self-contained, opens in Protégé offline with every mapping target labelled
* ``nanokg-simple`` — the asserted class hierarchy only: classes, their annotations and named
  superclasses (ours and the imported ones)

Each OWL product comes as ``.owl`` (RDF/XML), ``.ttl``, ``.ofn`` (OWL functional syntax, written by
py-horned-owl), ``.nt`` and ``.jsonld``. ``nanokg.owl`` is the modular ontology: base plus
``owl:imports`` of the modules shipped in ``imports/``, which ``catalog-v001.xml`` resolves offline.
``context.jsonld`` is the JSON-LD context every ``.jsonld`` artefact embeds, generated from the one
prefix map. ``nanokg.sssom.tsv`` / ``.json`` are the mapping table as SSSOM. ``manifest.json`` lists
every artefact with its checksum.

Every product's ontology header gets its own IRI (``https://w3id.org/nanokg/<product>.owl``) and an
``owl:versionIRI`` from the package version. Blank nodes are canonicalised (RDFC-1.0) and triples
sorted before serialisation, so the same sources always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import (
    BlankNode, CanonicalizationAlgorithm, Dataset, Literal, NamedNode, Quad, RdfFormat, Triple, parse, serialize,
)

from nanokg import __version__, prefixes
from nanokg.atomic import staged_files
from nanokg.compile import CompiledGraph
from nanokg.errors import NanoKGError
from nanokg.jsonld import write_jsonld
from nanokg.ofn import ofn_from_rdf_xml
from nanokg.vocab import NKG, OWL, RDF, RDFS, XSD

__all__ = [
    "Artefact", "ARTEFACTS", "PRODUCTS", "FORMATS", "write_release", "release_version_iri", "ontology_iri",
    "product_quads", "write_artefact", "import_module_names", "jsonld_context", "catalog_xml",
    "EXPORTABLE", "export", "export_bytes", "CATALOGUE",
]

_OWL_IMPORTS = NamedNode(OWL.NS + "imports")
_CATALOG_NS = "urn:oasis:names:tc:entity:xmlns:xml:catalog"
IMPORTS_BASE = NKG + "imports/"


def ontology_iri(product: str = "nanokg") -> str:
    """The IRI of a product's ontology header (``nanokg`` is the graph and the modular ontology)."""
    return f"{NKG}{product}.owl"


def release_version_iri(version: str = __version__, product: str = "nanokg") -> str:
    return f"https://w3id.org/nanokg/releases/{version}/{product}.owl"


# --- what each product holds ---------------------------------------------------------------


# Reading a term of a pyoxigraph quad builds a new Python object, so at a million quads the
# helpers below screen each quad by its text (``str(quad)``, one call) and read the terms only of
# the few quads that pass.
_DCTERMS_TITLE = NamedNode("http://purl.org/dc/terms/title")
_GYEAR_TEXT = f"^^<{XSD.gYear.value}>"
_ONTOLOGY_TYPE_TEXT = f" <{RDF.type.value}> <{OWL.Ontology.value}>"
_IMPORTS_TEXT = f" <{_OWL_IMPORTS.value}> "


def _ontology_headers(quads: Iterable[Quad]) -> set[NamedNode | BlankNode]:
    return {q.subject for q in quads if _ONTOLOGY_TYPE_TEXT in str(q)
            and q.predicate == RDF.type and q.object == OWL.Ontology}


def _with_header(quads: list[Quad], product: str) -> list[Quad]:
    """Rename the ontology header to the product's IRI and stamp its version IRI and version."""
    headers = _ontology_headers(quads)
    header = NamedNode(ontology_iri(product))
    about_a_header = tuple(f"{subject} " for subject in headers)  # how a quad about one starts
    stamped = []
    for q in quads:
        if about_a_header and str(q).startswith(about_a_header):
            if q.predicate in (OWL.versionIRI, OWL.versionInfo):
                continue
            if q.predicate == _DCTERMS_TITLE and product in PRODUCTS and isinstance(q.object, Literal):
                # each product says which it is: they share the ontology's title otherwise
                q = Quad(q.subject, q.predicate, Literal(f"{q.object.value} — {product}: {PRODUCTS[product][1]}",
                                                         language=q.object.language), q.graph_name)
            q = Quad(header, q.predicate, q.object, q.graph_name)
        stamped.append(q)
    graph = next((q.graph_name for q in quads if q.subject in headers), quads[0].graph_name if quads else None)
    stamped += [
        Quad(header, RDF.type, OWL.Ontology, graph),
        Quad(header, OWL.versionIRI, NamedNode(release_version_iri(product=product)), graph),
        Quad(header, OWL.versionInfo, Literal(__version__), graph),
    ]
    return stamped


def _without_imports_statements(quads: Iterable[Quad]) -> list[Quad]:
    return [q for q in quads if _IMPORTS_TEXT not in str(q) or q.predicate != _OWL_IMPORTS]


def _imported_terms(compiled: CompiledGraph) -> list[Quad]:
    """The import modules' terms without their own ontology headers (one header per document)."""
    headers = _ontology_headers(compiled.imports)
    return [q for q in compiled.imports if q.subject not in headers]


def import_module_names(compiled: CompiledGraph) -> list[str]:
    """``npo_import`` for ``ontology/imports/npo_import.ttl``, ..."""
    return sorted(source.stem for source in compiled.sources if source.kind == "import")


def _graph(compiled: CompiledGraph) -> list[Quad]:
    return _with_header(compiled.quads, "nanokg")


def _base(compiled: CompiledGraph) -> list[Quad]:
    return _with_header(_without_imports_statements(compiled.ontology_with_class_mappings), "nanokg-base")


def _modular(compiled: CompiledGraph) -> list[Quad]:
    quads = _with_header(_without_imports_statements(compiled.ontology_with_class_mappings), "nanokg")
    header = NamedNode(ontology_iri("nanokg"))
    return quads + [Quad(header, _OWL_IMPORTS, NamedNode(f"{IMPORTS_BASE}{name}.owl"))
                    for name in import_module_names(compiled)]


def _in_owl_datatypes(quads: Iterable[Quad]) -> list[Quad]:
    """``quads`` with xsd:gYear years written as xsd:integer.

    HermiT (and so Protégé's reasoners) refuses a whole ontology holding a literal of a datatype
    outside the OWL 2 datatype map, and the records' publication years are xsd:gYear. The OWL
    product carries them as integers; the graph keeps xsd:gYear for SHACL and SPARQL.
    """
    def owl_year(quad: Quad) -> Quad:
        year = quad.object
        if isinstance(year, Literal) and year.datatype == XSD.gYear and year.value.isdigit():
            return Quad(quad.subject, quad.predicate, Literal(year.value, datatype=XSD.integer), quad.graph_name)
        return quad

    return [owl_year(q) if _GYEAR_TEXT in str(q) else q for q in quads]


def _full(compiled: CompiledGraph) -> list[Quad]:
    everything = _in_owl_datatypes([*compiled.quads, *_imported_terms(compiled)])
    return _with_header(_without_imports_statements(everything), "nanokg-full")


def _simple(compiled: CompiledGraph) -> list[Quad]:
    """Named classes with their annotations and named superclasses; nothing else but the header.

    Drawn from the ontology, its class mappings and the imported terms: the rest of ``_full``, the
    curated records, only describes ``nkgid:`` individuals, and skipping it keeps a large graph's
    release fast.
    """
    full = _with_header(_without_imports_statements(
        [*compiled.ontology_with_class_mappings, *_imported_terms(compiled)]), "nanokg-full")
    classes = {q.subject for q in full if q.predicate == RDF.type and q.object == OWL.Class
               and isinstance(q.subject, NamedNode)}
    annotation_properties = {q.subject for q in full
                             if q.predicate == RDF.type and q.object == OWL.AnnotationProperty}
    header = NamedNode(ontology_iri("nanokg-simple"))

    def keep(quad: Quad) -> bool:
        if quad.subject == header or quad.subject in annotation_properties:
            return not isinstance(quad.object, BlankNode)
        if quad.subject not in classes:
            return False
        if quad.predicate == RDF.type:
            return quad.object == OWL.Class
        if quad.predicate == RDFS.subClassOf:
            return quad.object in classes
        return quad.predicate in annotation_properties or quad.predicate.value in _BUILTIN_ANNOTATIONS

    return [q for q in _with_header(full, "nanokg-simple") if keep(q)]


_BUILTIN_ANNOTATIONS = {RDFS.label.value, *(f"http://www.w3.org/2000/01/rdf-schema#{name}"
                                             for name in ("comment", "seeAlso", "isDefinedBy"))}

#: product name → (how to compute its quads, description)
PRODUCTS: dict[str, tuple[Callable[[CompiledGraph], list[Quad]], str]] = {
    "nanokg": (_graph, "merged graph: ontology, curated records, mappings, entailed inverses"),
    "nanokg-modular": (_modular, "ontology with class mappings and owl:imports of imports/*.owl"),
    "nanokg-base": (_base, "the ontology's own axioms and class mappings, no external terms"),
    "nanokg-full": (_full, "base + curated records and their mappings + imported external terms"),
    "nanokg-simple": (_simple, "asserted class hierarchy: classes, annotations, named superclasses"),
}


def product_quads(compiled: CompiledGraph, product: str) -> list[Quad]:
    """The quads of one product (see ``PRODUCTS``)."""
    return PRODUCTS[product][0](compiled)


# --- serialisations -------------------------------------------------------------------------


@dataclass(frozen=True)
class Format:
    suffix: str
    description: str
    media_type: str


FORMATS: dict[str, Format] = {
    "owl": Format("owl", "RDF/XML", "application/rdf+xml"),
    "ttl": Format("ttl", "Turtle", "text/turtle"),
    "ofn": Format("ofn", "OWL functional syntax", "text/owl-functional"),
    "nt": Format("nt", "N-Triples", "application/n-triples"),
    "nq": Format("nq", "N-Quads, one named graph per source file", "application/n-quads"),
    "jsonld": Format("jsonld", "JSON-LD (compacted with context.jsonld)", "application/ld+json"),
}
_OXIGRAPH = {"owl": RdfFormat.RDF_XML, "ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES,
             "nq": RdfFormat.N_QUADS}


@dataclass(frozen=True)
class Artefact:
    name: str
    product: str
    format: str

    @property
    def description(self) -> str:
        return f"{PRODUCTS[self.product][1]} ({FORMATS[self.format].description})"


ARTEFACTS: tuple[Artefact, ...] = (
    *(Artefact(f"nanokg.{f}", "nanokg", f) for f in ("ttl", "nt", "nq", "jsonld")),
    Artefact("nanokg.owl", "nanokg-modular", "owl"),
    *(Artefact(f"{product}.{f}", product, f)
      for product in ("nanokg-base", "nanokg-full", "nanokg-simple")
      for f in ("owl", "ttl", "ofn", "nt", "jsonld")),
)
#: The saved queries, published beside the graph so endpoints and tools can list them.
CATALOGUE = "queries.ttl"


def _canonical_lines(quads: list[Quad], keep_graphs: bool) -> list[str]:
    """The quads as sorted N-Quads lines (N-Triples unless ``keep_graphs``) without the final " .",
    each once, blank nodes relabelled by RDFC-1.0: the same graph gives the same lines.

    RDFC-1.0 labels a blank node by the quads that mention blank nodes, so only those are
    canonicalised (with all of them: 23 s and 2.4 GB at a million quads); and sorting the text of
    the quads, not their terms, keeps a million-quad product to seconds.
    """
    lines = [str(q) for q in quads] if keep_graphs else [str(q.triple) for q in quads]
    with_blank_nodes = [index for index, line in enumerate(lines) if "_:" in line]
    if with_blank_nodes:
        chosen = (quads[index] for index in with_blank_nodes)
        dataset = Dataset(q if keep_graphs else Quad(q.subject, q.predicate, q.object) for q in chosen)
        dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
        lines = [line for line in lines if "_:" not in line]
        lines += [str(q) if keep_graphs else str(q.triple) for q in dataset]
    return sorted(set(lines))


def _write_lines(lines: Iterable[str], path: Path) -> None:
    """N-Triples or N-Quads: pyoxigraph prints a triple or a quad as its line without " ."."""
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(f"{line} .\n" for line in lines)


def jsonld_context() -> dict[str, object]:
    """The JSON-LD context of nanokg: the project's prefix map (published as ``context.jsonld``)."""
    return {"@context": dict(sorted(prefixes.prefix_map().items()))}


def _ofn_now(rdf_xml: Path, ofn: Path) -> None:
    try:
        ofn_from_rdf_xml(rdf_xml, ofn)
    finally:
        rdf_xml.unlink()


#: Above this many triples a product's OWL functional syntax is written by another process while
#: the release goes on: horned-owl takes 20 s for a million triples and holds the GIL meanwhile.
#: Below it, starting a process would cost more than it saves.
OFN_IN_PARALLEL_ABOVE = 100_000


class _Conversions:
    """OWL functional syntax conversions running as ``python -m nanokg.ofn`` processes.

    ``join`` waits for them all; as a context manager it never leaves one behind, even when the
    release fails.
    """

    def __init__(self) -> None:
        self.running: list[tuple[subprocess.Popen[bytes], Path, Path]] = []

    def __enter__(self) -> _Conversions:
        return self

    def __exit__(self, *exception: object) -> None:
        for process, _, _ in self.running:
            process.kill()
            process.wait()
        self.running = []

    def start(self, rdf_xml: Path, ofn: Path) -> None:
        command = [sys.executable, "-m", "nanokg.ofn", str(rdf_xml), str(ofn)]
        self.running.append((subprocess.Popen(command, stderr=subprocess.PIPE), rdf_xml, ofn))

    def join(self) -> None:
        """Wait for every conversion; one that failed raises here."""
        running, self.running = self.running, []
        for process, rdf_xml, ofn in running:
            _, errors = process.communicate()
            rdf_xml.unlink(missing_ok=True)
            if process.returncode != 0:
                message = errors.decode(errors="replace").strip().splitlines()
                raise NanoKGError(f"writing {ofn.name} failed: {message[-1] if message else process.returncode}",
                                  hint="this is a bug in nanokg or py-horned-owl: please report it")


def write_artefact(quads: list[Quad], format_name: str, path: Path) -> None:
    """Serialise ``quads`` to ``path`` in one of ``FORMATS``, deterministically."""
    _serialise(_canonical_lines(quads, keep_graphs=format_name == "nq"), {format_name: path})


#: The order a product's formats are written in: OWL functional syntax first, as its conversion
#: is the slowest and may run in another process meanwhile; N-Triples before what is parsed from it.
_FORMAT_ORDER = ("ofn", "nt", "nq", "owl", "ttl", "jsonld")


def _serialise(lines: list[str], outputs: dict[str, Path],
               convert: Callable[[Path, Path], None] = _ofn_now) -> None:
    """Write canonical sorted lines (see ``_canonical_lines``) in each format of ``outputs``.

    N-Triples and N-Quads are the lines themselves; the other formats are streamed by Oxigraph's
    parser from an N-Triples file (the ``nt`` output, or a temporary one), so the triples keep their
    order and never sit in memory as Python objects. OWL functional syntax is converted from
    RDF/XML by ``convert`` (now, or in another process).
    """
    ordered = sorted(outputs, key=_FORMAT_ORDER.index)
    ntriples = outputs.get("nt") or next(iter(outputs.values())).with_suffix(".nt-input")
    if "nq" in outputs:
        _write_lines(lines, outputs["nq"])
    if any(name != "nq" for name in ordered):
        _write_lines(lines, ntriples)
    try:
        for format_name in ordered:
            if format_name in ("nt", "nq"):
                continue
            path = outputs[format_name]
            triples = parse(path=str(ntriples), format=RdfFormat.N_TRIPLES)
            if format_name == "jsonld":
                write_jsonld(triples, jsonld_context()["@context"], path)  # type: ignore[arg-type]
            elif format_name == "ofn":
                rdf_xml = path.with_suffix(".ofn-input.owl")
                serialize(triples, str(rdf_xml), RdfFormat.RDF_XML)
                convert(rdf_xml, path)
            else:
                serialize(triples, str(path), _OXIGRAPH[format_name], prefixes=prefixes.prefix_map())
    finally:
        if "nt" not in outputs:
            ntriples.unlink(missing_ok=True)


#: The order products are released in: the full product first, so that the conversion of its OWL
#: functional syntax, the slowest step, runs in another process while the rest is written.
_RELEASE_ORDER = ("nanokg-full", "nanokg", "nanokg-modular", "nanokg-base", "nanokg-simple")

#: products ``nanokg export`` offers, by the name users type, and the formats each comes in.
EXPORTABLE: dict[str, str] = {"graph": "nanokg", "base": "nanokg-base", "full": "nanokg-full",
                              "simple": "nanokg-simple"}


def _check_export(product: str, format_name: str) -> None:
    if format_name == "nq" and product != "graph":
        raise NanoKGError(f"the {product} ontology has no named graphs: N-Quads is for the merged graph only",
                          hint="use --product graph with --format nq, or another format")


def export(compiled: CompiledGraph, products: list[str], formats: list[str], out_dir: Path) -> list[Path]:
    """Write each product (``EXPORTABLE`` keys) in each format into ``out_dir``, all or nothing."""
    for product in products:
        for format_name in formats:
            _check_export(product, format_name)
    with staged_files(out_dir) as stage:
        names = []
        for product in products:
            quads = product_quads(compiled, EXPORTABLE[product])
            for format_name in formats:
                name = f"{EXPORTABLE[product]}.{FORMATS[format_name].suffix}"
                write_artefact(quads, format_name, stage.path(name))
                names.append(name)
    return [out_dir / name for name in names]


def export_bytes(compiled: CompiledGraph, product: str, format_name: str) -> bytes:
    """One product in one format, as bytes (for standard output)."""
    _check_export(product, format_name)
    with tempfile.TemporaryDirectory(prefix="nanokg-export-") as folder:
        path = Path(folder) / f"export.{format_name}"
        write_artefact(product_quads(compiled, EXPORTABLE[product]), format_name, path)
        return path.read_bytes()


def catalog_xml(module_names: list[str]) -> str:
    """An OASIS XML catalog (Protégé's ``catalog-v001.xml``) mapping module IRIs to ``imports/``."""
    ElementTree.register_namespace("", _CATALOG_NS)
    catalog = ElementTree.Element(f"{{{_CATALOG_NS}}}catalog", {"prefer": "public"})
    for name in module_names:
        ElementTree.SubElement(catalog, f"{{{_CATALOG_NS}}}uri", {
            "id": f"nanokg import module {name}", "name": f"{IMPORTS_BASE}{name}.owl",
            "uri": f"imports/{name}.owl",
        })
    ElementTree.indent(catalog)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            + ElementTree.tostring(catalog, encoding="unicode") + "\n")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


_W3C_VOCABULARIES = ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "http://www.w3.org/2000/01/rdf-schema#",
                     OWL.NS)


def _with_annotation_declarations(quads: list[Quad]) -> list[Quad]:
    """``quads`` with every predicate outside RDF, RDFS and OWL that they do not declare declared
    an annotation property: OWL 2 DL requires it, and an import module states only terms."""
    declared = {q.subject for q in quads if q.predicate == RDF.type}
    undeclared = sorted({q.predicate for q in quads if not q.predicate.value.startswith(_W3C_VOCABULARIES)} - declared,
                        key=str)
    graph = quads[0].graph_name if quads else None
    return quads + [Quad(predicate, RDF.type, OWL.AnnotationProperty, graph) for predicate in undeclared]


def _write_import_modules(compiled: CompiledGraph, staged: Callable[[str], Path]) -> dict[str, str]:
    """``imports/<module>.owl`` (RDF/XML) for each import module; returns name → description."""
    written = {}
    for source in (s for s in compiled.sources if s.kind == "import"):
        quads = [q for q in compiled.imports if q.graph_name.value.endswith("/imports/" + source.stem)]
        name = f"imports/{source.stem}.owl"
        write_artefact(_with_annotation_declarations(_with_header(quads, f"imports/{source.stem}")), "owl", staged(name))
        written[name] = f"import module {source.stem}, extracted from the reference ontologies (RDF/XML)"
    licences = compiled.layout.imports_dir / "LICENSES.md"
    if written and licences.is_file():  # the sources' licences (NPO's BSD-3 notice) travel with their terms
        staged("imports/LICENSES.md").write_bytes(licences.read_bytes())
        written["imports/LICENSES.md"] = "sources, licences and attribution of the imported terms"
    return written


def write_release(compiled: CompiledGraph, out_dir: Path, summary: dict[str, object],
                  catalogue: Iterable[Triple] = ()) -> list[Path]:
    """Write every artefact, the query ``catalogue`` and the manifest into ``out_dir``; all or none change."""
    from nanokg.sssom_export import write_sssom

    descriptions: dict[str, str] = {}
    with staged_files(out_dir) as stage, _Conversions() as conversions:
        for product in sorted(PRODUCTS, key=_RELEASE_ORDER.index):
            quads = product_quads(compiled, product)
            for keep_graphs in (True, False):
                artefacts = [a for a in ARTEFACTS if a.product == product and (a.format == "nq") == keep_graphs]
                if not artefacts:
                    continue
                lines = _canonical_lines(quads, keep_graphs)
                convert = conversions.start if len(lines) > OFN_IN_PARALLEL_ABOVE else _ofn_now
                _serialise(lines, {a.format: stage.path(a.name) for a in artefacts}, convert)
                descriptions |= {a.name: a.description for a in artefacts}
                del lines  # a product's lines are the largest thing a release holds: one at a time
            del quads
        descriptions |= _write_import_modules(compiled, stage.path)
        modules = import_module_names(compiled)
        stage.path("catalog-v001.xml").write_text(catalog_xml(modules), encoding="utf-8")
        descriptions["catalog-v001.xml"] = "XML catalog: resolves nanokg.owl's imports to imports/ offline"
        stage.path("context.jsonld").write_text(json.dumps(jsonld_context(), indent=2) + "\n", encoding="utf-8")
        descriptions["context.jsonld"] = "JSON-LD context (the prefix map) of the .jsonld artefacts"
        descriptions |= write_sssom(compiled, stage.path)
        write_artefact([Quad(t.subject, t.predicate, t.object) for t in catalogue], "ttl", stage.path(CATALOGUE))
        descriptions[CATALOGUE] = "saved-query catalogue, SHACL executables (SIB SPARQL-examples convention), Turtle"
        conversions.join()
        manifest = {
            "nanokg_version": __version__,
            "version_iri": release_version_iri(),
            "source_fingerprint": compiled.fingerprint,
            "sources": [source.relpath for source in compiled.sources],
            "summary": summary,
            "artefacts": {
                name: {"description": descriptions[name], "sha256": _sha256(stage.folder / name)}
                for name in sorted(descriptions)
            },
        }
        stage.path("manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return [out_dir / name for name in sorted(descriptions)] + [out_dir / "manifest.json"]
