"""The saved-query catalogue: ``queries/*.rq`` files with a documented, parameterised header.

Each file is a SPARQL query preceded by grlc-style ``#+`` decorator lines holding YAML::

    #+ summary: Carriers that deliver a drug
    #+ description: Every formulation whose payload is the drug (or a drug of the class) ...
    #+ question: Which nanocarriers deliver doxorubicin?
    #+ tags: [carriers, drugs]
    #+ params:
    #+   drug:
    #+     type: iri
    #+     class: nkg:ChemicalEntity
    #+     description: the drug or drug class
    #+     default: nkgid:doxorubicin
    #+     example: gemcitabine

A parameter is a variable of the query's SELECT clause; running the query binds it to an RDF term
of the declared type (SEP-0007 substitution), so a value can never change the query's text. The
format is documented for curators in ``queries/README.md``. Sub-folders of ``queries/`` (the QC
checks in ``queries/qc/``) are not part of the catalogue.

This module knows nothing of click or of a particular store: binding asks any ``Engine``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal as RdfLiteral
from pyoxigraph import NamedNode, Store

from nanokg.engine import Engine, OxigraphEngine, Solutions, Term
from nanokg.errors import QueryError
from nanokg.paths import DataLayout
from nanokg.results import cell_text
from nanokg.sparql import internal_query
from nanokg.sparql_text import QueryForm, query_form
from nanokg.terms import TermIndex
from nanokg.vocab import CURIE_PATTERN, LEXICAL_FORMS, NKGID, SLUG_PATTERN, XSD

__all__ = [
    "Parameter", "SavedQuery", "QueryForm", "parse_saved_query", "read_saved_query",
    "load_catalogue", "load_saved_query", "bind_parameters", "parse_assignments",
]


_HEADER_KEYS = {"summary", "description", "question", "tags", "params"}
#: grlc decorators about serving over HTTP; accepted so grlc queries load, and otherwise unused.
_GRLC_SERVING_KEYS = {"endpoint", "endpoint_in_url", "method", "pagination", "mime", "transform"}
_PARAM_KEYS = {"type", "description", "default", "example", "class", "language"}
_VARIABLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(//|[^\s]*$)")
_LITERAL_TYPES = {f"xsd:{iri.removeprefix(XSD.NS)}": iri for iri in LEXICAL_FORMS}


@dataclass(frozen=True)
class Parameter:
    """One parameter of a saved query: a projected variable bound to a term of ``type``."""

    name: str
    #: ``iri``, ``string`` or an XML Schema datatype CURIE (``xsd:decimal``, ``xsd:integer`` ...).
    type: str
    description: str
    default: str | None = None
    example: str | None = None
    #: for ``iri`` parameters: the CURIE of a class the term must be an instance or subclass of.
    within: str | None = None
    #: for ``string`` parameters: the language tag of the literal.
    language: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class SavedQuery:
    """A saved query of the catalogue and its documentation."""

    name: str
    path: str
    title: str
    description: str
    question: str
    tags: tuple[str, ...]
    parameters: tuple[Parameter, ...]
    sparql: str
    form: QueryForm

    @property
    def body(self) -> str:
        """The SPARQL without the ``#+`` header lines."""
        return "".join(line for line in self.sparql.splitlines(keepends=True)
                       if not line.startswith("#+")).lstrip("\n")


def _header(text: str, path: str) -> tuple[dict[str, object], list[int]]:
    """The YAML of the ``#+`` lines and the file line of each, for located errors."""
    import yaml

    lines, numbers = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            lines.append(line[3:] if line.startswith("#+ ") else line[2:])
            numbers.append(number)
    if not lines:
        raise QueryError("the query has no '#+' header", path=path, line=1,
                         hint="start the file with '#+ summary:', '#+ description:' and "
                              "'#+ question:' lines (see queries/README.md)")
    try:
        header = yaml.load("\n".join(lines), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = numbers[min(mark.line, len(numbers) - 1)] if mark is not None else numbers[0]
        raise QueryError(f"the '#+' header is not valid YAML: {getattr(error, 'problem', error)}",
                         path=path, line=line, hint="indent nested keys consistently after '#+ '") from None
    if not isinstance(header, dict):
        raise QueryError("the '#+' header must be 'key: value' lines", path=path, line=numbers[0])
    return header, numbers


def _line_of(key: str, text: str, numbers: list[int]) -> int:
    lines = text.splitlines()
    return next((n for n in numbers if re.match(rf"#\+\s*{re.escape(key)}\s*:", lines[n - 1])), numbers[0])


def _text(header: Mapping[str, object], key: str, path: str, line: int) -> str:
    value = header.get(key)
    if not isinstance(value, str) or not value.strip():
        raise QueryError(f"the header needs '{key}:' with a text", path=path, line=line,
                         hint=f"add '#+ {key}: ...' (see queries/README.md)")
    return " ".join(value.split())


def _scalar(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parameter(name: object, spec: object, path: str, line: int) -> Parameter:
    if not isinstance(name, str) or not _VARIABLE_NAME.match(name):
        raise QueryError(f"parameter name {name!r} is not a SPARQL variable name", path=path, line=line,
                         hint="use letters, digits and '_', as in the query's ?variable")
    if not isinstance(spec, dict):
        raise QueryError(f"parameter '{name}' needs 'type:' and 'description:' keys", path=path, line=line)
    if unknown := sorted(set(spec) - _PARAM_KEYS):
        raise QueryError(f"parameter '{name}' has unknown keys: {', '.join(map(str, unknown))}",
                         path=path, line=line, hint=f"use {', '.join(sorted(_PARAM_KEYS))}")
    kind = spec.get("type")
    if kind not in ("iri", "string", *_LITERAL_TYPES):
        raise QueryError(f"parameter '{name}' has type {kind!r}", path=path, line=line,
                         hint="use iri, string or one of " + ", ".join(sorted(_LITERAL_TYPES)))
    within = _scalar(spec.get("class"))
    if within is not None and (kind != "iri" or not CURIE_PATTERN.match(within)):
        raise QueryError(f"parameter '{name}': 'class' must be a class CURIE on an iri parameter",
                         path=path, line=line, hint="e.g. class: nkg:ChemicalEntity")
    language = _scalar(spec.get("language"))
    if language is not None and kind != "string":
        raise QueryError(f"parameter '{name}': 'language' applies to string parameters only",
                         path=path, line=line)
    description = spec.get("description")
    if not isinstance(description, str) or not description.strip():
        raise QueryError(f"parameter '{name}' needs a 'description:'", path=path, line=line)
    default = _scalar(spec.get("default"))
    if kind == "iri" and default is not None and not (CURIE_PATTERN.match(default) or default.startswith("<")):
        raise QueryError(f"parameter '{name}': the default of an iri parameter must be a CURIE",
                         path=path, line=line, hint="labels can change; write e.g. default: nkgid:doxorubicin")
    return Parameter(name=name, type=kind, description=" ".join(description.split()), default=default,
                     example=_scalar(spec.get("example")), within=within, language=language)


def _form(sparql: str, parameters: Iterable[Parameter], path: str) -> QueryForm:
    """Check the query's syntax (and that parameters are projected) on an empty store; its form."""
    placeholders = {p.name: NamedNode("urn:nanokg:placeholder") if p.type == "iri" else RdfLiteral("")
                    for p in parameters}
    OxigraphEngine(Store()).run(sparql, placeholders, source=path)
    form = query_form(sparql)
    assert form is not None  # Oxigraph has just parsed it as a query
    return form


def parse_saved_query(name: str, text: str, path: str) -> SavedQuery:
    """Read a saved query from its text; ``path`` is used in error messages."""
    header, numbers = _header(text, path)
    if unknown := sorted(set(header) - _HEADER_KEYS - _GRLC_SERVING_KEYS):
        line = _line_of(str(unknown[0]), text, numbers)
        hint = ("declare defaults and examples per parameter under 'params:'"
                if {"defaults", "enumerate"} & set(unknown)
                else f"the header keys are {', '.join(sorted(_HEADER_KEYS))}")
        raise QueryError(f"unknown header key '{unknown[0]}'", path=path, line=line, hint=hint)
    title, description, question = (_text(header, key, path, _line_of(key, text, numbers))
                                    for key in ("summary", "description", "question"))
    tags = header.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise QueryError("'tags' must be a list of words", path=path, line=_line_of("tags", text, numbers))
    params = header.get("params") or {}
    params_line = _line_of("params", text, numbers)
    if not isinstance(params, dict):
        raise QueryError("'params' must map parameter names to their declarations", path=path,
                         line=params_line)
    parameters = tuple(_parameter(key, spec, path, params_line) for key, spec in params.items())
    return SavedQuery(
        name=name, path=path, title=title, description=description, question=question,
        tags=tuple(tags), parameters=parameters, sparql=text,
        form=_form(text, parameters, path),
    )


def read_saved_query(path: Path, layout: DataLayout) -> SavedQuery:
    """Read ``path`` (a ``.rq`` file) as a saved query named after the file."""
    relpath = layout.relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise QueryError("the query file is not UTF-8 text", path=relpath, hint="save it as UTF-8") from None
    return parse_saved_query(path.stem, text.removeprefix("\ufeff"), relpath)


def _query_files(layout: DataLayout) -> dict[str, Path]:
    folder = layout.queries_dir
    return {path.stem: path for path in sorted(folder.glob("*.rq")) if path.is_file()}


def load_catalogue(layout: DataLayout) -> dict[str, SavedQuery]:
    """Every saved query of ``layout`` (``queries/*.rq``; sub-folders are not part of it), by name."""
    return {name: read_saved_query(path, layout) for name, path in _query_files(layout).items()}


def load_saved_query(layout: DataLayout, name: str) -> SavedQuery:
    """The saved query called ``name``; an unknown name lists the closest ones."""
    files = _query_files(layout)
    if name not in files:
        import difflib  # only on this error path: difflib is slow to import

        close = difflib.get_close_matches(name, list(files), n=3, cutoff=0.5)
        hint = (f"did you mean {', '.join(close)}? " if close else "") + "'nanokg query list' shows them all"
        raise QueryError(f"no saved query called '{name}' in {layout.relative(layout.queries_dir)}/",
                         hint=hint)
    return read_saved_query(files[name], layout)


def parse_assignments(assignments: Iterable[str]) -> dict[str, str]:
    """``["drug=doxorubicin", ...]`` as a dict; each must be ``name=value``."""
    values: dict[str, str] = {}
    for assignment in assignments:
        name, equals, value = assignment.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"'{assignment}' is not a parameter assignment",
                             hint="write --param name=value, e.g. --param drug=doxorubicin")
        if name.strip() in values:
            raise QueryError(f"parameter '{name.strip()}' is given twice", hint="give each parameter once")
        values[name.strip()] = value.strip()
    return values


# --- binding ---------------------------------------------------------------------------------


def _solutions(engine: Engine, name: str, bindings: Mapping[str, Term]) -> list[dict[str, Term | None]]:
    answer = engine.run(internal_query(name), bindings, source=f"nanokg/sparql/{name}.rq")
    assert isinstance(answer, Solutions)
    return [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]


def _is_true(term: Term | None) -> bool:
    return isinstance(term, RdfLiteral) and term.value in ("true", "1")


def _shown(iri: str, terms: TermIndex) -> str:
    return cell_text(NamedNode(iri), terms)


class _Binder:
    """Turns the text a user gave for one parameter into the RDF term it stands for."""

    def __init__(self, query: SavedQuery, engine: Engine, terms: TermIndex) -> None:
        self.query = query
        self.engine = engine
        self.terms = terms

    def error(self, parameter: Parameter, message: str, hint: str | None = None) -> QueryError:
        return QueryError(f"parameter '{parameter.name}' of {self.query.name}: {message}",
                          path=self.query.path, hint=hint)

    def scope_name(self, parameter: Parameter) -> str:
        if parameter.within is None:
            return "a term of the graph"
        iri = self.terms.expand(parameter.within) or parameter.within
        return f"a {self.terms.label(iri) or parameter.within} (or a kind of one)"

    def accepts(self, parameter: Parameter, iri: str) -> bool:
        """Whether ``iri`` is an instance or subclass of the parameter's class (if it has one)."""
        if parameter.within is None:
            return True
        within = self.terms.expand(parameter.within)
        if within is None:
            raise self.error(parameter, f"its class {parameter.within} has an unknown prefix")
        return self.within(iri, within)

    def within(self, iri: str, class_iri: str) -> bool:
        rows = _solutions(self.engine, "term-within", {"term": NamedNode(iri), "within": NamedNode(class_iri)})
        return bool(rows) and _is_true(rows[0]["inside"])

    def is_known(self, iri: str) -> bool:
        rows = _solutions(self.engine, "term-known", {"term": NamedNode(iri)})
        return bool(rows) and _is_true(rows[0]["known"])

    def is_class(self, iri: str) -> bool:
        rows = _solutions(self.engine, "term-is-class", {"term": NamedNode(iri)})
        return bool(rows) and _is_true(rows[0]["is_class"])

    def member_named_like_its_class(self, candidates: list[str]) -> str | None:
        """The one individual among ``candidates`` when all the others are classes it belongs to.

        Shared individuals often carry the label of their class (nkgid:chemotherapy is a
        nkg:Chemotherapy, both "chemotherapy"); the label then means the individual, and the class
        is reached by its CURIE.
        """
        individuals = [iri for iri in candidates if not self.is_class(iri)]
        if len(individuals) != 1:
            return None
        classes = [iri for iri in candidates if iri != individuals[0]]
        return individuals[0] if all(self.within(individuals[0], c) for c in classes) else None

    def term(self, parameter: Parameter, value: str) -> Term:
        if parameter.type == "iri":
            return self.iri(parameter, value)
        if parameter.type == "string":
            return RdfLiteral(value, language=parameter.language) if parameter.language else RdfLiteral(value)
        datatype = _LITERAL_TYPES[parameter.type]
        if not LEXICAL_FORMS[datatype].match(value):
            raise self.error(parameter, f"'{value}' is not a valid {parameter.type}",
                             hint=f"give a value of type {parameter.type}, e.g. {parameter.example or parameter.default}")
        return RdfLiteral(value, datatype=NamedNode(datatype))

    def iri(self, parameter: Parameter, value: str) -> NamedNode:
        if value.startswith("<") and value.endswith(">"):
            iri = value[1:-1]
        elif CURIE_PATTERN.match(value) and (expanded := self.terms.expand(value)) is not None:
            iri = expanded
        elif _ABSOLUTE_IRI.match(value) and not CURIE_PATTERN.match(value):
            iri = value
        else:
            return self.by_label(parameter, value)
        try:
            node = NamedNode(iri)
        except ValueError as error:
            raise self.error(parameter, f"'{value}' is not a valid IRI ({error})",
                             hint="give a CURIE such as nkgid:doxorubicin, an IRI in <...>, or a label") from None
        if not self.is_known(iri):
            raise self.error(parameter, f"'{value}' is not a term of the graph",
                             hint="check the spelling" + self.suggestions(parameter, iri.rsplit("/", 1)[-1]))
        if not self.accepts(parameter, iri):
            raise self.error(parameter, f"{_shown(iri, self.terms)} is not {self.scope_name(parameter)}",
                             hint=f"give {self.scope_name(parameter)}, e.g. {parameter.example or parameter.default}")
        return node

    def by_label(self, parameter: Parameter, value: str) -> NamedNode:
        rows = _solutions(self.engine, "parameter-label", {"text": RdfLiteral(value.lower())})
        matches = sorted({row["term"].value for row in rows})  # type: ignore[union-attr]
        inside = [iri for iri in matches if self.accepts(parameter, iri)]
        if len(inside) == 1:
            return NamedNode(inside[0])
        if inside and (member := self.member_named_like_its_class(inside)) is not None:
            return NamedNode(member)
        if inside:
            listed = "; ".join(_shown(iri, self.terms) for iri in inside)
            raise self.error(parameter, f"'{value}' is ambiguous: it names {listed}",
                             hint=f"give the CURIE of the one you mean, e.g. --param "
                                  f"{parameter.name}={self.terms.curie(inside[0])}")
        if matches:
            listed = "; ".join(_shown(iri, self.terms) for iri in matches)
            raise self.error(parameter, f"'{value}' names {listed}, which is not {self.scope_name(parameter)}",
                             hint=f"give {self.scope_name(parameter)}" + self.suggestions(parameter, value))
        if SLUG_PATTERN.match(value) and self.is_known(NKGID + value):
            return self.iri(parameter, f"<{NKGID}{value}>")
        if CURIE_PATTERN.match(value):
            prefix = value.partition(":")[0]
            raise self.error(parameter, f"'{value}' has an unknown prefix '{prefix}:' and is no label",
                             hint="use one of the prefixes " + ", ".join(sorted(self.terms.prefixes)))
        raise self.error(parameter, f"'{value}' matches no label or synonym of {self.scope_name(parameter)}",
                         hint="check the spelling" + self.suggestions(parameter, value))

    def suggestions(self, parameter: Parameter, value: str) -> str:
        """Terms the parameter accepts whose labels or synonyms are close to ``value``."""
        import difflib  # only on error paths: difflib is slow to import

        names: dict[str, set[str]] = {}
        for row in _solutions(self.engine, "parameter-names", {}):
            names.setdefault(row["name"].value.casefold(), set()).add(row["term"].value)  # type: ignore[union-attr]
        wanted = value.casefold().replace("-", " ")
        close = difflib.get_close_matches(wanted, list(names), n=8, cutoff=0.6)
        close += sorted(name for name in names if wanted in name and name not in close)
        accepted: list[str] = []
        for iri in dict.fromkeys(iri for name in close for iri in sorted(names[name])):
            if len(accepted) == 6:
                break
            if self.accepts(parameter, iri):
                accepted.append(iri)
        return "; close matches: " + "; ".join(_shown(iri, self.terms) for iri in accepted) if accepted else ""


def bind_parameters(query: SavedQuery, given: Mapping[str, str], engine: Engine,
                    terms: TermIndex) -> dict[str, Term]:
    """The RDF term for each parameter of ``query``: the value given, or its default.

    IRI parameters accept a CURIE, an IRI in angle brackets, or a label or synonym of a term
    (case-insensitive), looked up on ``engine``; an unknown, ambiguous or out-of-class value is
    refused with the candidates. Literal values are checked against their datatype.
    """
    if unknown := sorted(set(given) - {parameter.name for parameter in query.parameters}):
        takes = ", ".join(parameter.name for parameter in query.parameters) or "no parameters"
        raise QueryError(f"{query.name} has no parameter '{unknown[0]}'", path=query.path,
                         hint=f"it takes: {takes}")
    binder = _Binder(query, engine, terms)
    bound: dict[str, Term] = {}
    for parameter in query.parameters:
        value = given.get(parameter.name, parameter.default)
        if value is None or not value.strip():
            raise binder.error(parameter, "no value given",
                               hint=f"add --param {parameter.name}={parameter.example or '...'}")
        bound[parameter.name] = binder.term(parameter, value.strip())
    return bound
