"""Validation of a nanokg graph: SHACL shapes, SPARQL quality checks and OWL reasoning.

The modules, in the order the data flows through them:

* ``shapes`` loads and checks the SHACL shapes of a data folder;
* ``shacl`` runs them with one of two engines, ``fast_engine`` (SPARQL on Oxigraph, the
  default) or ``pyshacl_engine`` (the reference);
* ``qc`` runs the quality checks ``queries/qc/*-violation.rq``;
* ``reasoning`` runs HermiT when the ontology changed (or when asked), caching its verdict;
* ``validate`` ties them together and ``locate`` points each finding at its source line;
* ``report`` writes the result as TSV, JSON or a W3C SHACL validation report.

This package module stays free of heavy imports, so the command line can offer its choices fast.
"""

from __future__ import annotations

__all__ = ["ENGINES", "DEFAULT_ENGINE", "FORMATS"]

#: SHACL engine name → module defining ``ENGINE``.
ENGINES = {
    "fast": "nanokg.validation.fast_engine",
    "pyshacl": "nanokg.validation.pyshacl_engine",
}
DEFAULT_ENGINE = "fast"

#: Report formats of ``nanokg validate --format``.
FORMATS = ("table", "tsv", "json", "ttl")
