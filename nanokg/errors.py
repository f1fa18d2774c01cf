"""The errors nanokg reports to users.

Every error names where the problem is (file, line, column, or node) and how to fix it, so the
CLI can print it without a traceback and exit with the error's code: 1 for "the data does not
conform" and 2 for "the input could not be processed" (the pySHACL convention).
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "NanoKGError",
    "SourceError",
    "DanglingReferenceError",
    "QueryError",
    "ValidationFailed",
    "ShapeError",
    "OutputError",
]


class NanoKGError(Exception):
    """Base class: an error with a location and a hint that the CLI prints as is."""

    exit_code = 2
    #: How the command line introduces the error: a finding that fails ``--fail-on warn`` is a warning.
    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.column = column
        self.hint = hint

    @property
    def location(self) -> str:
        """``path:line:column`` in the format compilers and editors understand."""
        parts = [part for part in (self.path, self.line, self.column) if part is not None]
        return ":".join(str(part) for part in parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  fix: {self.hint}"
        return text


class SourceError(NanoKGError):
    """A source file (Turtle, TSV template, SSSOM table) is malformed."""


class DanglingReferenceError(SourceError):
    """A source refers to a node that no source declares."""


class QueryError(NanoKGError):
    """A query could not be parsed, bound or run."""


class ValidationFailed(NanoKGError):
    """The graph does not conform to its shapes or quality checks."""

    exit_code = 1


class ShapeError(SourceError):
    """A SHACL shape is malformed, or uses a feature the chosen engine cannot evaluate."""


class OutputError(NanoKGError, OSError):
    """An output file or folder could not be written (an OSError too, for callers that retry)."""

    @classmethod
    def of(cls, error: OSError, target: Path) -> OutputError:
        return cls(f"cannot write: {error.strerror or error}", path=target,
                   hint="choose an output folder you can write to (a folder, not a file)")
