"""SPARQL that nanokg runs internally (user-facing queries live in ``queries/``)."""

from __future__ import annotations

import functools
from importlib import resources

__all__ = ["internal_query"]


@functools.cache
def internal_query(name: str) -> str:
    """The text of ``nanokg/sparql/<name>.rq``."""
    return (resources.files(__package__) / f"{name}.rq").read_text(encoding="utf-8")
