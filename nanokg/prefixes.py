"""CURIE prefixes: one map, generated from the Bioregistry, for code, mappings and outputs.

The map lives in ``nanokg/data/prefixes.json`` (see ``scripts/update_prefixes.py``) and is read
with the ``curies`` library.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import curies

__all__ = ["converter", "prefix_map", "expand", "compress"]


@functools.cache
def converter() -> curies.Converter:
    """The project's CURIE converter (Bioregistry prefixes plus ``nkg`` and ``nkgid``)."""
    import curies

    with resources.as_file(resources.files("nanokg") / "data" / "prefixes.json") as path:
        return curies.load_extended_prefix_map(path)


@functools.cache
def prefix_map() -> dict[str, str]:
    """Canonical prefix → URI prefix, for serialisations and SPARQL ``PREFIX`` lines."""
    return dict(converter().bimap)


@functools.lru_cache(maxsize=1 << 16)
def expand(curie: str) -> str | None:
    """The IRI of ``curie``, or None when its prefix is unknown or it is not a CURIE.

    Cached: templates name the same classes and properties in every row, and each ``curies``
    expansion rebuilds a prefix dictionary.
    """
    if ":" not in curie:
        return None
    return converter().expand(curie)


def compress(iri: str) -> str:
    """The canonical CURIE of ``iri``, or ``iri`` itself when no prefix covers it."""
    return converter().compress(iri, passthrough=True)
