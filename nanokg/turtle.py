"""Parse Turtle sources with Oxigraph's parser, turning syntax errors into located messages."""

from __future__ import annotations

import re

from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from nanokg.errors import SourceError
from nanokg.sources import SourceFile, read_text

__all__ = ["parse_turtle", "subject_line"]

_OXIGRAPH_LOCATION = re.compile(r"^Parser error [^:]*: ")
_UNDECLARED_PREFIX = re.compile(r"The prefix (\S*): has not been declared")
_PREFIX_DECLARATION = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.I | re.M)


def _hint(message: str) -> str:
    if match := _UNDECLARED_PREFIX.search(message):
        prefix = match.group(1)
        return (f"declare the prefix at the top of the file (@prefix {prefix}: <IRI> .) "
                f"or correct the spelling of '{prefix}:'")
    return "fix the statement at that position (check the previous line's final '.' or ';')"


def parse_turtle(source: SourceFile, graph: NamedNode) -> list[Quad]:
    """All triples of a Turtle file, placed in ``graph``."""
    text = read_text(source)
    try:
        triples = list(parse(text, RdfFormat.TURTLE, base_iri="https://w3id.org/nanokg/"))
    except SyntaxError as error:
        message = _OXIGRAPH_LOCATION.sub("", str(error.msg))
        raise SourceError(
            f"Turtle syntax error: {message}",
            path=source.relpath, line=error.lineno, column=error.offset,
            hint=_hint(message),
        ) from None
    return [Quad(q.subject, q.predicate, q.object, graph) for q in triples]


def subject_line(text: str, iri: str) -> int | None:
    """The line of a Turtle document where ``iri`` first starts a statement, if it does.

    Turtle parsers do not report where a triple was written, so messages about a term find it
    the way a person would: the first line that begins with the term, as an IRI or a prefixed name.
    """
    spellings = [f"<{iri}>"] + [
        f"{prefix or ''}:{iri[len(namespace):]}"
        for prefix, namespace in _PREFIX_DECLARATION.findall(text)
        if iri.startswith(namespace) and namespace
    ]
    for number, line in enumerate(text.splitlines(), start=1):
        start = line.lstrip()
        for spelling in spellings:
            if start.startswith(spelling) and start[len(spelling):len(spelling) + 1] in ("", " ", "\t"):
                return number
    return None
