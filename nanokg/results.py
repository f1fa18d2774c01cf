"""Write query results for people and programs.

SELECT and ASK answers:

* ``table`` — aligned columns for the terminal; IRIs as CURIEs with their labels beside them
* ``markdown`` — a pipe table to paste into a paper, a README or an issue, same cells as ``table``
* ``csv`` / ``tsv`` — SPARQL 1.1 Query Results CSV and TSV (full IRIs; N-Triples terms in TSV)
* ``json`` — SPARQL 1.1 Query Results JSON

CONSTRUCT and DESCRIBE answers: ``turtle`` (with the project's prefixes), ``jsonld`` and
``ntriples``.

With ``labels=True`` the machine formats gain a ``<variable>_label`` column after each column
holding IRIs, so a spreadsheet shows names. Writers take a ``TermIndex`` for CURIEs and labels
and return text; ``write_text`` puts it in a file atomically or on standard output.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Literal

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize
from pyoxigraph import Literal as RdfLiteral

from nanokg.atomic import atomic_file
from nanokg.engine import Boolean, QueryResult, Solutions, Term, Triples
from nanokg.errors import QueryError
from nanokg.terms import TermIndex
from nanokg.vocab import XSD

__all__ = [
    "Format", "SOLUTION_FORMATS", "GRAPH_FORMATS", "FORMATS", "default_format", "render",
    "cell_text", "render_graph", "write_text",
]

Format = Literal["table", "markdown", "csv", "tsv", "json", "turtle", "jsonld", "ntriples"]
SOLUTION_FORMATS: tuple[Format, ...] = ("table", "markdown", "csv", "tsv", "json")
GRAPH_FORMATS: tuple[Format, ...] = ("turtle", "jsonld", "ntriples")
FORMATS: tuple[Format, ...] = SOLUTION_FORMATS + GRAPH_FORMATS

_RDF_FORMATS = {"turtle": RdfFormat.TURTLE, "jsonld": RdfFormat.JSON_LD, "ntriples": RdfFormat.N_TRIPLES}
_NUMERIC = {XSD.NS + name for name in ("integer", "decimal", "double", "float", "int", "long",
                                       "nonNegativeInteger", "positiveInteger")}


def default_format(result: QueryResult) -> Format:
    """``turtle`` for graphs, ``table`` otherwise."""
    return "turtle" if isinstance(result, Triples) else "table"


def cell_text(term: Term | None, terms: TermIndex, labels: bool = True) -> str:
    """A term as a person reads it: ``curie (label)`` for IRIs, the lexical form for literals."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        label = terms.label(term.value) if labels else None
        return f"{terms.curie(term.value)} ({label})" if label else terms.curie(term.value)
    if isinstance(term, RdfLiteral):
        return term.value
    return str(term)


def _label_columns(solutions: Solutions) -> list[bool]:
    """Which columns hold at least one IRI (and so get a label column)."""
    return [any(isinstance(row[i], NamedNode) for row in solutions.rows)
            for i in range(len(solutions.variables))]


def _with_labels(solutions: Solutions, terms: TermIndex) -> Solutions:
    labelled = _label_columns(solutions)
    variables: list[str] = []
    for name, has_iris in zip(solutions.variables, labelled, strict=True):
        variables += [name, f"{name}_label"] if has_iris else [name]
    rows = []
    for row in solutions.rows:
        cells: list[Term | None] = []
        for term, has_iris in zip(row, labelled, strict=True):
            cells.append(term)
            if has_iris:
                label = terms.label(term.value) if isinstance(term, NamedNode) else None
                cells.append(RdfLiteral(label) if label is not None else None)
        rows.append(tuple(cells))
    return Solutions(tuple(variables), rows, solutions.truncated)


def _numeric(term: Term | None) -> bool:
    return isinstance(term, RdfLiteral) and term.datatype.value in _NUMERIC


def _table(solutions: Solutions, terms: TermIndex, labels: bool, width: int | None) -> str:
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, highlight=False)
    for index, name in enumerate(solutions.variables):
        numeric = solutions.rows and all(_numeric(row[index]) or row[index] is None for row in solutions.rows)
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in solutions.rows:
        table.add_row(*(cell_text(term, terms, labels) for term in row))
    out = io.StringIO()
    # Without a terminal there is nothing to wrap to: keep each row on one line for grep and diff.
    Console(file=out, width=width or 1_000_000, color_system=None, soft_wrap=False).print(table)
    lines = [line.rstrip() for line in out.getvalue().splitlines()]
    return "\n".join(lines) + "\n" + _footer(solutions)


def _footer(solutions: Solutions) -> str:
    count = len(solutions.rows)
    more = " (more rows were cut off by the limit)" if solutions.truncated else ""
    return f"{count} row{'' if count == 1 else 's'}{more}\n"


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def _markdown(solutions: Solutions, terms: TermIndex, labels: bool) -> str:
    lines = ["| " + " | ".join(solutions.variables) + " |",
             "|" + "|".join("---" for _ in solutions.variables) + "|"]
    for row in solutions.rows:
        lines.append("| " + " | ".join(_markdown_cell(cell_text(term, terms, labels)) for term in row) + " |")
    return "\n".join(lines) + "\n"


def _csv_value(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, (NamedNode, RdfLiteral)):
        return term.value
    return str(term)


def _csv(solutions: Solutions) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180, as the SPARQL 1.1 CSV format says
    writer.writerow(solutions.variables)
    writer.writerows([_csv_value(term) for term in row] for row in solutions.rows)
    return out.getvalue()


def _tsv(solutions: Solutions) -> str:
    lines = ["\t".join(f"?{name}" for name in solutions.variables)]
    # pyoxigraph writes terms in N-Triples syntax, which escapes tabs and newlines in literals.
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in solutions.rows]
    return "\n".join(lines) + "\n"


def _json_term(term: Term) -> dict[str, object]:
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, RdfLiteral):
        encoded: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            encoded["xml:lang"] = term.language
        elif term.datatype != XSD.string:
            encoded["datatype"] = term.datatype.value
        return encoded
    return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                        "predicate": _json_term(term.predicate),
                                        "object": _json_term(term.object)}}


def _json(solutions: Solutions) -> str:
    bindings = [{name: _json_term(term) for name, term in zip(solutions.variables, row, strict=True)
                 if term is not None} for row in solutions.rows]
    document = {"head": {"vars": list(solutions.variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _boolean(answer: Boolean, fmt: Format) -> str:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": answer.value}, indent=2) + "\n"
    return ("true" if answer.value else "false") + "\n"


def render_graph(triples: Sequence[Triple], fmt: Format, prefixes: Mapping[str, str]) -> str:
    """``triples`` in an RDF format, sorted so the same graph always gives the same text."""
    data = serialize(sorted(triples, key=str), format=_RDF_FORMATS[fmt],
                     prefixes=dict(prefixes) if fmt == "turtle" else None)
    return data.decode("utf-8") if data else ""


def _without_parameters(solutions: Solutions, parameters: Mapping[str, Term]) -> Solutions:
    keep = [i for i, name in enumerate(solutions.variables) if name not in parameters]
    return Solutions(tuple(solutions.variables[i] for i in keep),
                     [tuple(row[i] for i in keep) for row in solutions.rows], solutions.truncated)


def _parameter_lines(parameters: Mapping[str, Term], terms: TermIndex, labels: bool, fmt: Format) -> str:
    if fmt == "markdown":
        return "".join(f"**{name}**: {_markdown_cell(cell_text(term, terms, labels))}  \n"
                       for name, term in parameters.items()) + ("\n" if parameters else "")
    return "".join(f"{name} = {cell_text(term, terms, labels)}\n" for name, term in parameters.items())


def render(result: QueryResult, fmt: Format, terms: TermIndex, *, labels: bool | None = None,
           width: int | None = None, parameters: Mapping[str, Term] | None = None) -> str:
    """``result`` as text in ``fmt``.

    ``labels`` (default: on for table and markdown, off for csv, tsv and json) shows or adds the
    labels of IRIs; ``width`` wraps the table to a terminal's width (None: no wrapping).
    ``parameters`` are the values bound to a saved query's parameters: table and markdown state
    them once above the rows instead of repeating them in a column each.
    """
    if isinstance(result, Triples):
        if fmt not in GRAPH_FORMATS:
            raise QueryError(f"a CONSTRUCT or DESCRIBE answer is a graph and cannot be written as {fmt}",
                             hint=f"use --format {' or '.join(GRAPH_FORMATS)}")
        return render_graph(result.triples, fmt, terms.prefixes)
    if fmt in GRAPH_FORMATS:
        raise QueryError(f"a SELECT or ASK answer is a table and cannot be written as {fmt}",
                         hint=f"use --format {', '.join(SOLUTION_FORMATS)}, or a CONSTRUCT query")
    if isinstance(result, Boolean):
        return _boolean(result, fmt)
    human = fmt in ("table", "markdown")
    show_labels = human if labels is None else labels
    if human:
        shown = {name: term for name, term in (parameters or {}).items() if name in result.variables}
        preface = _parameter_lines(shown, terms, show_labels, fmt)
        rows = _without_parameters(result, shown)
        if fmt == "table":
            return preface + _table(rows, terms, show_labels, width)
        return preface + _markdown(rows, terms, show_labels)
    if show_labels:
        result = _with_labels(result, terms)
    writers: dict[str, Callable[[Solutions], str]] = {"csv": _csv, "tsv": _tsv, "json": _json}
    return writers[fmt](result)


def write_text(text: str, output: Path | None) -> None:
    """Write ``text`` to ``output`` all-or-nothing, or to standard output when it is None."""
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    with atomic_file(output) as staged:
        staged.write_text(text, encoding="utf-8", newline="")
