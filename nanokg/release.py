"""Write the release artefacts of a build into one output folder, atomically.

* ``nanokg.ttl`` / ``nanokg.nt`` — the merged graph (ontology, records, mappings, entailed inverses)
* ``nanokg.nq`` — the same quads, each in the named graph of the source file it came from
* ``nanokg.owl`` — the ontology alone (with its class mappings) as RDF/XML, for Protégé and OWL tools
* ``manifest.json`` — version, source fingerprint, counts and a checksum of every artefact

Triples are sorted before serialisation so the same sources always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import CanonicalizationAlgorithm, Dataset, Literal, NamedNode, Quad, RdfFormat, Triple, serialize

from nanokg import __version__, prefixes
from nanokg.atomic import staged_files
from nanokg.compile import CompiledGraph
from nanokg.vocab import OWL, RDF

__all__ = ["Artefact", "ARTEFACTS", "write_release", "release_version_iri"]


def release_version_iri(version: str = __version__) -> str:
    return f"https://w3id.org/nanokg/releases/{version}/nanokg.owl"


@dataclass(frozen=True)
class Artefact:
    name: str
    format: RdfFormat
    description: str
    ontology_only: bool = False


ARTEFACTS = (
    Artefact("nanokg.ttl", RdfFormat.TURTLE, "merged graph, Turtle"),
    Artefact("nanokg.nt", RdfFormat.N_TRIPLES, "merged graph, N-Triples"),
    Artefact("nanokg.nq", RdfFormat.N_QUADS, "merged graph, N-Quads, one named graph per source file"),
    Artefact("nanokg.owl", RdfFormat.RDF_XML, "ontology with class mappings, RDF/XML", ontology_only=True),
)


def _stamp_version(quads: Iterable[Quad]) -> list[Quad]:
    """Set owl:versionIRI and owl:versionInfo of the ontology header from the package version."""
    ontologies = {q.subject for q in quads if q.predicate == RDF.type and q.object == OWL.Ontology}
    stamped = []
    for quad in quads:
        if quad.subject in ontologies and quad.predicate == OWL.versionIRI:
            quad = Quad(quad.subject, quad.predicate, NamedNode(release_version_iri()), quad.graph_name)
        elif quad.subject in ontologies and quad.predicate == OWL.versionInfo:
            quad = Quad(quad.subject, quad.predicate, Literal(__version__), quad.graph_name)
        stamped.append(quad)
    return stamped


def _canonical(quads: Iterable[Quad]) -> list[Quad]:
    """The quads with blank nodes renamed by RDFC-1.0 and sorted: the same graph, the same bytes."""
    dataset = Dataset(quads)
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return sorted(dataset, key=str)


def _write(artefact: Artefact, quads: list[Quad], path: Path) -> None:
    data: list[Quad] | list[Triple] = quads
    if not artefact.format.supports_datasets:
        data = sorted({q.triple for q in quads}, key=str)
    serialize(data, str(path), artefact.format, prefixes=prefixes.prefix_map())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_release(compiled: CompiledGraph, out_dir: Path, summary: dict[str, object]) -> list[Path]:
    """Write every artefact and the manifest into ``out_dir``; all or none of them change."""
    merged = _canonical(_stamp_version(compiled.quads))
    ontology = _canonical(_stamp_version(compiled.ontology_with_class_mappings))
    checksums: dict[str, str] = {}
    with staged_files(out_dir) as stage:
        for artefact in ARTEFACTS:
            path = stage.path(artefact.name)
            _write(artefact, ontology if artefact.ontology_only else merged, path)
            checksums[artefact.name] = _sha256(path)
        manifest = {
            "nanokg_version": __version__,
            "version_iri": release_version_iri(),
            "source_fingerprint": compiled.fingerprint,
            "sources": [source.relpath for source in compiled.sources],
            "summary": summary,
            "artefacts": {
                artefact.name: {"description": artefact.description, "sha256": checksums[artefact.name]}
                for artefact in ARTEFACTS
            },
        }
        stage.path("manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return [out_dir / artefact.name for artefact in ARTEFACTS] + [out_dir / "manifest.json"]
