"""Write OWL functional syntax from RDF/XML with horned-owl (``py-horned-owl``).

A module of its own so that a release can run it as a separate process, ``python -m nanokg.ofn
IN.owl OUT.ofn``: horned-owl holds the GIL for the whole conversion (20 s for a million
triples), which would otherwise stop the rest of the release.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nanokg import prefixes

__all__ = ["ofn_from_rdf_xml"]


def ofn_from_rdf_xml(rdf_xml: Path, ofn: Path) -> None:
    """Convert the RDF/XML file ``rdf_xml`` to OWL functional syntax at ``ofn``, with nanokg's prefixes."""
    import pyhornedowl

    ontology = pyhornedowl.open_ontology_from_file(str(rdf_xml), "rdf")
    for prefix, uri in sorted(prefixes.prefix_map().items()):
        ontology.add_prefix_mapping(prefix, uri)
    ontology.save_to_file(str(ofn), "ofn")


if __name__ == "__main__":
    ofn_from_rdf_xml(Path(sys.argv[1]), Path(sys.argv[2]))
