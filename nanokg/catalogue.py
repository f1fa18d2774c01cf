"""Publish the saved-query catalogue: as RDF for tools, and as Markdown for people.

RDF follows the convention of the SIB / UniProt SPARQL examples: each query is an
``sh:SPARQLExecutable`` (and ``sh:SPARQLSelectExecutable`` ...) with ``rdfs:label``, an
``rdfs:comment`` holding its question and description, its text in ``sh:select`` / ``sh:ask`` /
``sh:construct`` / ``spex:describe``, its tags as ``schema:keywords``, and, when it is served,
``schema:target`` naming the endpoint. Parameters are ``sh:Parameter`` nodes (SHACL-AF) with their
name, description, type, class and default, so a client can build a form for them.

The Markdown page (``docs/queries.md``) lists each query with its question, parameters, a command
to run it and the first rows of its answer on the graph it was generated from.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Triple

from nanokg.engine import LocalGraph, Solutions, Triples
from nanokg.errors import QueryError
from nanokg.queries import Parameter, SavedQuery, bind_parameters
from nanokg.results import Format, render
from nanokg.terms import TermIndex
from nanokg.vocab import RDF, RDFS, XSD

__all__ = [
    "QUERY_NAMESPACE", "query_iri", "catalogue_triples", "catalogue_listing", "describe_query",
    "catalogue_markdown",
]

QUERY_NAMESPACE = "https://w3id.org/nanokg/queries/"
_SH = "http://www.w3.org/ns/shacl#"
_SCHEMA = "https://schema.org/"
_SPEX = "https://purl.expasy.org/sparql-examples/ontology#"

_TEXT_PROPERTY = {"SELECT": _SH + "select", "ASK": _SH + "ask", "CONSTRUCT": _SH + "construct",
                  "DESCRIBE": _SPEX + "describe"}
#: Tables of plain text need no CURIEs or labels.
_NO_TERMS = TermIndex(terms={}, prefixes={}, accepted_prefixes={})
_FORM_CLASS = {"SELECT": _SH + "SPARQLSelectExecutable", "ASK": _SH + "SPARQLAskExecutable",
               "CONSTRUCT": _SH + "SPARQLConstructExecutable"}


def query_iri(name: str) -> NamedNode:
    """The IRI of saved query ``name``."""
    return NamedNode(QUERY_NAMESPACE + name)


def _english(text: str) -> Literal:
    return Literal(text, language="en")


def _iri(query: SavedQuery, value: str) -> NamedNode:
    """The IRI a header writes as a CURIE or as ``<IRI>``."""
    from nanokg import prefixes

    iri = value[1:-1] if value.startswith("<") else prefixes.expand(value)
    if iri is None:
        raise QueryError(f"'{value}' has an unknown prefix", path=query.path,
                         hint="use a prefix of nanokg/data/prefixes.json, e.g. nkg: or nkgid:")
    return NamedNode(iri)


def _parameter_triples(query: SavedQuery, parameter: Parameter) -> list[Triple]:
    node = NamedNode(f"{QUERY_NAMESPACE}{query.name}--{parameter.name}")
    triples = [
        Triple(query_iri(query.name), NamedNode(_SH + "parameter"), node),
        Triple(node, RDF.type, NamedNode(_SH + "Parameter")),
        Triple(node, NamedNode(_SH + "path"), node),
        Triple(node, NamedNode(_SH + "name"), Literal(parameter.name)),
        Triple(node, NamedNode(_SH + "description"), _english(parameter.description)),
        Triple(node, NamedNode(_SH + "optional"), Literal("false" if parameter.required else "true",
                                                          datatype=XSD.boolean)),
    ]
    if parameter.type == "iri":
        triples.append(Triple(node, NamedNode(_SH + "nodeKind"), NamedNode(_SH + "IRI")))
        if parameter.within is not None:
            triples.append(Triple(node, NamedNode(_SH + "class"), _iri(query, parameter.within)))
        if parameter.default is not None:
            triples.append(Triple(node, NamedNode(_SH + "defaultValue"), _iri(query, parameter.default)))
    else:
        datatype = XSD.string if parameter.type == "string" else NamedNode(XSD.NS + parameter.type[4:])
        triples.append(Triple(node, NamedNode(_SH + "datatype"), datatype))
        if parameter.default is not None:
            triples.append(Triple(node, NamedNode(_SH + "defaultValue"),
                                  Literal(parameter.default, datatype=datatype)))
    return triples


def catalogue_triples(queries: Iterable[SavedQuery], target: str | None = None) -> list[Triple]:
    """The catalogue as RDF (SHACL-AF executables, the SIB SPARQL-examples convention).

    ``target`` is the SPARQL endpoint the queries are meant for (``schema:target``), if any.
    """
    triples = []
    for query in queries:
        node = query_iri(query.name)
        triples += [
            Triple(node, RDF.type, NamedNode(_SH + "SPARQLExecutable")),
            Triple(node, RDFS.label, _english(query.title)),
            Triple(node, RDFS.comment, _english(f"{query.question} {query.description}")),
            Triple(node, NamedNode(_TEXT_PROPERTY[query.form]), Literal(query.body)),
            *(Triple(node, NamedNode(_SCHEMA + "keywords"), Literal(tag)) for tag in query.tags),
        ]
        if query.form in _FORM_CLASS:
            triples.append(Triple(node, RDF.type, NamedNode(_FORM_CLASS[query.form])))
        if target is not None:
            triples.append(Triple(node, NamedNode(_SCHEMA + "target"), NamedNode(target)))
        for parameter in query.parameters:
            triples += _parameter_triples(query, parameter)
    return triples


def catalogue_listing(queries: Iterable[SavedQuery], fmt: Format = "table", width: int | None = None) -> str:
    """The catalogue as a table in ``fmt``: name, title, and parameters with their defaults."""
    rows = []
    for query in queries:
        params = ", ".join(p.name + (f"={p.default}" if p.default else " (required)") for p in query.parameters)
        rows.append((Literal(query.name), Literal(query.title), Literal(params)))
    return render(Solutions(("name", "title", "parameters"), rows), fmt, _NO_TERMS, width=width)  # type: ignore[arg-type]


def describe_query(query: SavedQuery, width: int | None = None) -> str:
    """A saved query for the terminal: title, question, description, parameters, how to run it, SPARQL."""
    lines = [f"{query.name} — {query.title}", f"Question: {query.question}", query.description]
    if query.tags:
        lines.append("Tags: " + ", ".join(query.tags))
    if query.parameters:
        rows = [tuple(Literal(text) for text in (
            p.name, p.type + (f" of {p.within}" if p.within else "") + (f"@{p.language}" if p.language else ""),
            p.default or "(required)", p.example or "", p.description)) for p in query.parameters]
        table = Solutions(("parameter", "type", "default", "example", "meaning"), rows)  # type: ignore[arg-type]
        lines += ["", render(table, "table", _NO_TERMS, width=width).rsplit("\n", 2)[0]]
    lines += ["", "Run:", *(f"  {command}" for command in _commands(query, "with the defaults")),
              "", f"SPARQL ({query.path}, {query.form}):", query.body.rstrip("\n")]
    return "\n".join(lines) + "\n"


def _parameter_rows(query: SavedQuery) -> list[str]:
    rows = ["| parameter | type | default | example | meaning |", "|---|---|---|---|---|"]
    for parameter in query.parameters:
        kind = parameter.type + (f" ({parameter.within})" if parameter.within else "")
        rows.append(f"| `{parameter.name}` | {kind} | {f'`{parameter.default}`' if parameter.default else '*required*'} "
                    f"| {f'`{parameter.example}`' if parameter.example else ''} | {parameter.description} |")
    return rows


def _commands(query: SavedQuery, defaults_note: str) -> list[str]:
    """How to run the query: with its defaults, and with the documented examples."""
    command = f"nanokg query run {query.name}"
    assignments = " ".join(f"--param {p.name}={_quoted(p.example)}" for p in query.parameters if p.example)
    if not assignments:
        return [command]
    return [f"{command}  # {defaults_note}", f"{command} {assignments}"]


def _quoted(value: str) -> str:
    return f"'{value}'" if any(c in value for c in " '\"$`\\|&;<>()") else value


def _answer(query: SavedQuery, graph: LocalGraph, rows: int) -> list[str]:
    bindings = bind_parameters(query, {}, graph.engine, graph.terms)
    result = graph.engine.run(query.sparql, bindings, limit=rows, source=query.path)
    if isinstance(result, Triples):
        return ["```turtle", render(result, "turtle", graph.terms).rstrip("\n"), "```"]
    if isinstance(result, Solutions):
        total = graph.engine.run(query.sparql, bindings, source=query.path)
        assert isinstance(total, Solutions)
        count = len(total.rows)
        shown = f"the first {len(result.rows)} of {count} rows" if result.truncated else \
            f"all {count} row{'' if count == 1 else 's'}"
        return [f"Answer ({shown}):", "", render(result, "markdown", graph.terms, parameters=bindings).rstrip("\n")]
    return ["Answer: " + render(result, "table", graph.terms).strip()]


def catalogue_markdown(queries: Iterable[SavedQuery], graph: LocalGraph, *, rows: int = 5,
                       command: str = "nanokg query docs --output docs/queries.md") -> str:
    """The catalogue as a Markdown page, with the first ``rows`` rows of each query's answer
    on ``graph``."""
    queries = list(queries)
    lines = [
        "# Saved queries",
        "",
        f"<!-- Generated by `{command}` from queries/*.rq; do not edit by hand. -->",
        "",
        "Each query answers one question about the graph. Run it with `nanokg query run NAME`, "
        "give parameters with `--param name=value` (a label, synonym or CURIE for terms), and choose "
        "the output with `--format table|markdown|csv|tsv|json`. The answers below were computed "
        "on the graph shipped with nanokg, with each parameter's default.",
        "",
        "| query | question |",
        "|---|---|",
        *(f"| [`{q.name}`](#{q.name}) | {q.question} |" for q in queries),
    ]
    for query in queries:
        lines += ["", f"## {query.name}", "", f"**{query.title}.** {query.question}", "",
                  query.description, ""]
        if query.tags:
            lines += ["Tags: " + ", ".join(f"`{tag}`" for tag in query.tags), ""]
        if query.parameters:
            lines += [*_parameter_rows(query), ""]
        lines += ["```bash", *_commands(query, "the answer below"), "```", ""]
        try:
            lines += _answer(query, graph, rows)
        except QueryError as error:
            raise QueryError(f"{query.name} fails on the graph: {error.message}", path=query.path,
                             hint=error.hint) from None
        lines += ["", "<details><summary>SPARQL</summary>", "", "```sparql", query.body.rstrip("\n"),
                  "```", "", "</details>"]
    return "\n".join(lines) + "\n"
