"""nanokg: an open knowledge graph of nanomaterials for tumor-targeted drug delivery.

The package turns the curated sources of the repository (``ontology/``, ``graph/``) into a
validated, queryable graph. Data flows one way::

    sources ─▶ compile ─▶ build (artefacts + store) ─▶ validate ─▶ query ─▶ CLI / endpoint / export

Heavy libraries (rdflib, pyshacl, owlready2) are imported only by the steps that need them, so
``import nanokg`` stays cheap.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
