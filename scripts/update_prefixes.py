"""Regenerate ``nanokg/data/prefixes.json`` from the Bioregistry.

The project never hand-writes a prefix map: this script asks the Bioregistry for the canonical
prefix and URI prefix of every external resource nanokg links to, adds nanokg's own two
namespaces and the legacy URI prefixes found in NPO and the eNanoMapper slims (so they normalise
to the canonical form), and writes a ``curies`` extended prefix map. ``tests/test_prefixes.py``
fails when the committed file drifts from what this script produces.

Run: ``python scripts/update_prefixes.py`` (needs the ``test`` extra: ``pip install -e .[test]``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import bioregistry

OUTPUT = Path(__file__).resolve().parent.parent / "nanokg" / "data" / "prefixes.json"

#: Bioregistry prefixes of every vocabulary nanokg uses, in the order they are listed.
RESOURCES = [
    "rdf", "rdfs", "owl", "xsd", "skos", "dcterms", "prov", "sh", "schema", "oboinowl", "semapv", "sssom", "obo",
    "iao", "ro", "bfo", "obi", "chebi", "ncit", "npo", "enm", "bao", "mondo", "doid", "cellosaurus",
    "clo", "hgnc", "uo", "go", "uberon", "bto", "pato", "orcid", "doi",
]

#: nanokg's own namespaces (not in the Bioregistry).
OWN = [
    {"prefix": "nkg", "uri_prefix": "https://w3id.org/nanokg/"},
    {"prefix": "nkgid", "uri_prefix": "https://w3id.org/nanokg/id/"},
    {"prefix": "nkgq", "uri_prefix": "https://w3id.org/nanokg/queries/"},
    {"prefix": "nkgsh", "uri_prefix": "https://w3id.org/nanokg/shapes/"},
]

#: Legacy URI prefixes used by NPO (2013) and the eNanoMapper slims, normalised on input.
LEGACY_URI_PREFIXES = {
    "chebi": ["http://purl.org/obo/owl/CHEBI#CHEBI_"],
    "ncit": ["http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl#"],
    "go": ["http://purl.org/obo/owl/GO#GO_"],
    "pato": ["http://purl.org/obo/owl/PATO#PATO_"],
    "uo": ["http://purl.org/obo/owl/UO#UO_"],
}


def record_for(prefix: str) -> dict[str, object]:
    """Build one extended-prefix-map record from the Bioregistry entry for ``prefix``."""
    resource = bioregistry.get_resource(prefix)
    if resource is None:
        raise SystemExit(f"the Bioregistry has no resource {prefix!r}")
    canonical = resource.get_preferred_prefix() or resource.prefix
    uri_prefix = resource.get_uri_prefix()
    if uri_prefix is None:
        raise SystemExit(f"the Bioregistry gives no URI prefix for {prefix!r}")
    synonyms = sorted({resource.prefix, canonical.lower(), canonical.upper()} - {canonical})
    record: dict[str, object] = {"prefix": canonical, "uri_prefix": uri_prefix}
    if synonyms:
        record["prefix_synonyms"] = synonyms
    if prefix in LEGACY_URI_PREFIXES:
        record["uri_prefix_synonyms"] = LEGACY_URI_PREFIXES[prefix]
    return record


def build_prefix_map() -> list[dict[str, object]]:
    """Return nanokg's extended prefix map, own namespaces first."""
    return [*OWN, *(record_for(prefix) for prefix in RESOURCES)]


def main() -> int:
    OUTPUT.write_text(json.dumps(build_prefix_map(), indent=2) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
