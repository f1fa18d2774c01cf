"""Example answers of the saved queries (``queries/*.rq``) for the documentation site.

A saved query starts with grlc-style ``#+`` lines of YAML (``summary``, ``description``,
``question``, ``params`` with a ``default`` each); the format is documented in
``queries/README.md``. The documentation runs every query of the catalogue with its parameters'
defaults and shows the first rows, with labels instead of IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml
from pyoxigraph import Literal, NamedNode, QuerySolutions, Variable

from nanokg import prefixes
from nanokg.compile import CompiledGraph
from nanokg.errors import QueryError
from nanokg.graph_index import GraphIndex
from nanokg.paths import DataLayout
from nanokg.store import load_memory_store

__all__ = ["QueryExample", "query_examples"]

_XSD = "http://www.w3.org/2001/XMLSchema#"


@dataclass
class QueryExample:
    name: str
    summary: str
    description: str
    question: str
    sparql: str
    parameters: dict[str, str] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    total: int = 0
    note: str = ""


def _header(text: str, path: str) -> dict[str, object]:
    lines = [line[3:] if line.startswith("#+ ") else line[2:] for line in text.splitlines() if line.startswith("#+")]
    try:
        header = yaml.safe_load("\n".join(lines)) if lines else {}
    except yaml.YAMLError as error:
        raise QueryError(f"the '#+' header is not valid YAML: {error}", path=path,
                         hint="see queries/README.md for the header format") from None
    return header if isinstance(header, dict) else {}


def _default_term(spec: dict[str, object], index: GraphIndex) -> NamedNode | Literal | None:
    value = spec.get("default")
    if value is None:
        return None
    kind = str(spec.get("type", "iri"))
    if kind == "iri":
        text = str(value)
        iri = prefixes.expand(text) if ":" in text else None
        iri = iri or next((i for i, label in index.labels.items() if label.casefold() == text.casefold()), None)
        return NamedNode(iri) if iri else None
    if kind == "string":
        language = spec.get("language")
        return Literal(str(value), language=str(language)) if language else Literal(str(value))
    return Literal(str(value), datatype=NamedNode(_XSD + kind.removeprefix("xsd:")))


def _cell(term: object, index: GraphIndex) -> str:
    if isinstance(term, NamedNode):
        return index.labels.get(term.value) or prefixes.compress(term.value)
    return getattr(term, "value", "") if term is not None else ""


def query_examples(layout: DataLayout, compiled: CompiledGraph, rows: int) -> list[QueryExample]:
    """Every saved query of ``layout`` with the first ``rows`` answers on the compiled graph."""
    folder = layout.queries_dir
    if not folder.is_dir():
        return []
    index = GraphIndex.from_compiled(compiled)
    store = load_memory_store(compiled)
    examples = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        header = _header(text, layout.relative(path))
        params = header.get("params") or {}
        example = QueryExample(
            name=path.stem, summary=str(header.get("summary", path.stem)),
            description=" ".join(str(header.get("description", "")).split()),
            question=str(header.get("question", "")),
            sparql="".join(line for line in text.splitlines(keepends=True) if not line.startswith("#+")).strip(),
        )
        substitutions = {}
        for name, spec in (params.items() if isinstance(params, dict) else ()):
            term = _default_term(spec if isinstance(spec, dict) else {}, index)
            if term is None:
                example.note = f"parameter {name} has no default, so the catalogue shows no example answer"
                break
            substitutions[Variable(str(name))] = term
            example.parameters[str(name)] = _cell(term, index)
        else:
            _run(example, store, substitutions, index, rows)
        examples.append(example)
    return examples


def _run(example: QueryExample, store: object, substitutions: dict[Variable, object], index: GraphIndex,
         rows: int) -> None:
    try:
        result = store.query(example.sparql, substitutions=substitutions)  # type: ignore[attr-defined]
    except (SyntaxError, RuntimeError) as error:
        example.note = f"the query does not run: {error}"
        return
    if not isinstance(result, QuerySolutions):
        example.note = "not a SELECT query: run it with nanokg to see its answer"
        return
    example.columns = [variable.value for variable in result.variables]
    answers = list(result)
    example.total = len(answers)
    example.rows = [[_cell(solution[column], index) for column in example.columns] for solution in answers[:rows]]
