"""Talk to any SPARQL 1.1 server: upload the built graph (Graph Store Protocol) and query it.

Groups whose data outgrows a laptop load nanokg into a production triple store (Oxigraph server,
Virtuoso, Apache Jena Fuseki, QLever, GraphDB ...) and point nanokg at it. Uploads use the SPARQL
1.1 Graph Store HTTP Protocol (``PUT`` replaces a graph, ``POST`` adds to it); queries use the
SPARQL 1.1 Protocol, and answers are parsed by pyoxigraph into the same terms the local engine
returns, so formatting and comparisons do not care where an answer came from.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from urllib.parse import quote

from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions, RdfFormat, Triple, parse, parse_query_results

from nanokg.errors import NanoKGError
from nanokg.paths import DataLayout
from nanokg.sparql_text import inline_parameters, query_form

if TYPE_CHECKING:
    import httpx

    from nanokg.engine import QueryResult, Term

__all__ = ["RemoteError", "Credentials", "RemoteEndpoint", "RemoteEngine", "PushReport", "push", "release_graph"]

AuthScheme = Literal["basic", "digest"]

# Servers pick the first type they can write even when it does not suit the answer (Virtuoso
# fails a CONSTRUCT asked for as SPARQL Results JSON), so ask per query form.
_ACCEPT_RESULTS = ("application/sparql-results+json, application/sparql-results+xml;q=0.9, "
                   "text/tab-separated-values;q=0.8")
_ACCEPT_GRAPH = ("application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.8, "
                 "application/ld+json;q=0.7, text/plain;q=0.5")
_RESULTS_TYPES = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "application/xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "application/n-triples": RdfFormat.N_TRIPLES,
    "text/plain": RdfFormat.N_TRIPLES,
    "text/turtle": RdfFormat.TURTLE,
    "application/x-turtle": RdfFormat.TURTLE,
    "application/rdf+xml": RdfFormat.RDF_XML,
    "application/ld+json": RdfFormat.JSON_LD,
}
_UPLOAD_TYPES = {".nt": "application/n-triples", ".ttl": "text/turtle"}


class RemoteError(NanoKGError):
    """A remote SPARQL server could not be reached or refused the request."""


@dataclass(frozen=True)
class Credentials:
    """HTTP authentication for servers that need it (Virtuoso's write endpoints use digest)."""

    user: str
    password: str
    scheme: AuthScheme = "basic"

    def auth(self) -> httpx.Auth:
        import httpx

        if self.scheme == "digest":
            return httpx.DigestAuth(self.user, self.password)
        return httpx.BasicAuth(self.user, self.password)


def _client(credentials: Credentials | None, timeout: float) -> httpx.Client:
    import httpx

    return httpx.Client(auth=credentials.auth() if credentials else None, timeout=timeout,
                        headers={"User-Agent": "nanokg"}, follow_redirects=True)


def _refusal(url: str, response: httpx.Response) -> RemoteError:
    detail = " ".join(response.text.split())[:500]
    hint = {
        401: "give --user and --password (and --auth digest for Virtuoso's *-auth endpoints)",
        403: "the account may not write there: check the server's permissions",
        404: "check the URL: e.g. Oxigraph .../store, Virtuoso .../sparql-graph-crud-auth, Fuseki .../DATASET/data",
    }.get(response.status_code)
    return RemoteError(f"{url} answered HTTP {response.status_code}: {detail or response.reason_phrase}", hint=hint)


def _unreachable(url: str, error: Exception) -> RemoteError:
    # The server is the place of this error, not the query sent to it.
    return RemoteError(f"cannot reach the server: {error}", path=url, hint="is the server running, and is the URL right?")


def _media_type(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


@dataclass(frozen=True)
class RemoteEndpoint:
    """A SPARQL 1.1 query endpoint; ``graphs`` become ``default-graph-uri`` (the graph pushed to)."""

    url: str
    graphs: tuple[str, ...] = ()
    credentials: Credentials | None = None
    timeout: float = 120.0

    def query(self, sparql: str) -> QuerySolutions | QueryBoolean | list[Triple]:
        """Send ``sparql`` and parse the answer: solutions, a boolean, or triples."""
        import httpx

        graph_form = query_form(sparql) in ("CONSTRUCT", "DESCRIBE")
        form: dict[str, str | list[str]] = {"query": sparql}
        if self.graphs:
            form["default-graph-uri"] = list(self.graphs)
        try:
            with _client(self.credentials, self.timeout) as client:
                response = client.post(self.url, data=form,
                                       headers={"Accept": _ACCEPT_GRAPH if graph_form else _ACCEPT_RESULTS})
        except httpx.HTTPError as error:
            raise _unreachable(self.url, error) from None
        if response.status_code >= 400:
            raise _refusal(self.url, response)
        return _parse_answer(self.url, response)


_BNODE_LABEL_CHARACTER = re.compile(r"[^A-Za-z0-9_-]")
_VIRTUOSO_ASK = "__ASK_RETVAL"
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANONICAL_BOOLEAN = {"1": "true", "0": "false"}


@dataclass
class RemoteEngine:
    """A ``nanokg.engine.Engine`` whose answers come from a SPARQL server.

    Parameters are written into the query text (``nanokg.sparql_text``), and prefixes the query
    omits are declared in front of it, so saved queries run unchanged.
    """

    endpoint: RemoteEndpoint
    name: str = field(default="remote", init=False)

    def run(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
            limit: int | None = None, prefixes: Mapping[str, str] | None = None,
            source: str | None = None) -> QueryResult:
        from nanokg.engine import typed_result

        text = inline_parameters(sparql, bindings or {})
        declared = "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in (prefixes or {}).items())
        try:
            answer = self.endpoint.query(declared + text)
        except RemoteError as error:
            if source is not None and error.path is None:
                error.path = source
            raise
        return typed_result(answer, limit)


def _standard_results_json(content: bytes) -> bytes:
    """SPARQL Results JSON with Virtuoso's three departures from the standard corrected.

    Virtuoso 7 answers ASK with a one-column result set (``__ASK_RETVAL``: one row ``1`` for true,
    no row for false) instead of ``{"boolean": ...}``; names blank nodes ``nodeID://b10006``,
    which is not a blank node label (labels follow the Turtle grammar); and writes every
    ``xsd:boolean`` as ``1`` or ``0``, lexical forms of the same values that other engines write
    ``true`` and ``false``. Each is rewritten, so answers compare and print alike everywhere.
    """
    if b'"bnode"' not in content and _VIRTUOSO_ASK.encode() not in content and _XSD_BOOLEAN.encode() not in content:
        return content
    document = json.loads(content)
    bindings = document.get("results", {}).get("bindings", [])
    if document.get("head", {}).get("vars") == [_VIRTUOSO_ASK]:
        answer = any(row.get(_VIRTUOSO_ASK, {}).get("value") not in (None, "0") for row in bindings)
        return json.dumps({"head": {}, "boolean": answer}).encode()
    for solution in bindings:
        for term in solution.values():
            if term.get("type") == "bnode":
                term["value"] = _BNODE_LABEL_CHARACTER.sub("_", term["value"])
            elif term.get("datatype") == _XSD_BOOLEAN:
                term["value"] = _CANONICAL_BOOLEAN.get(term["value"], term["value"])
    return json.dumps(document).encode()


def _parse_answer(url: str, response: httpx.Response) -> QuerySolutions | QueryBoolean | list[Triple]:
    media_type = _media_type(response)
    try:
        if media_type in _RESULTS_TYPES:
            results_format = _RESULTS_TYPES[media_type]
            content = response.content
            if results_format == QueryResultsFormat.JSON:
                content = _standard_results_json(content)
            return parse_query_results(content, results_format)
        if media_type in _GRAPH_TYPES:
            return [quad.triple for quad in parse(response.content, _GRAPH_TYPES[media_type])]
    except SyntaxError as error:
        raise RemoteError(f"{url} sent an answer that does not parse as {media_type}: {error}") from None
    raise RemoteError(f"{url} answered in {media_type or 'an unnamed format'}, which nanokg cannot read",
                      hint="is the URL the server's SPARQL query endpoint?")


@dataclass(frozen=True)
class PushReport:
    url: str
    graph: str | None
    bytes: int
    seconds: float
    status: int


def push(graph_file: Path, store_url: str, *, graph: str | None = None,
         credentials: Credentials | None = None, replace: bool = True, timeout: float = 600.0) -> PushReport:
    """Upload ``graph_file`` (N-Triples or Turtle) to a Graph Store Protocol endpoint.

    ``graph`` names the target graph (``?graph=IRI``); without it the server's default graph
    (``?default``). ``replace`` uses PUT (the graph becomes exactly the file), otherwise POST
    (triples are added).
    """
    import httpx

    media_type = _UPLOAD_TYPES.get(graph_file.suffix)
    if media_type is None:
        raise RemoteError(f"cannot upload {graph_file.name}: give a .nt or .ttl file")
    data = graph_file.read_bytes()
    # The protocol spells the default graph as a bare '?default', which httpx params cannot write.
    target = f"{store_url}{'&' if '?' in store_url else '?'}" + (f"graph={quote(graph, safe='')}" if graph else "default")
    started = time.perf_counter()
    try:
        with _client(credentials, timeout) as client:
            response = client.request("PUT" if replace else "POST", target, content=data,
                                      headers={"Content-Type": media_type})
    except httpx.HTTPError as error:
        raise _unreachable(store_url, error) from None
    if response.status_code >= 400:
        raise _refusal(store_url, response)
    return PushReport(store_url, graph, len(data), time.perf_counter() - started, response.status_code)


def release_graph(release_dir: Path, layout: DataLayout, warn: Callable[[str], None]) -> Path:
    """The N-Triples of the release in ``release_dir``; ``warn`` if it was built from other sources."""
    from nanokg.sources import discover, fingerprint

    graph_file = release_dir / "nanokg.nt"
    if not graph_file.is_file():
        raise RemoteError(f"no release to upload: {graph_file} does not exist",
                          hint=f"run `nanokg build --out {release_dir}` first (or give --release DIR)")
    try:
        built_from = json.loads((release_dir / "manifest.json").read_text(encoding="utf-8"))["source_fingerprint"]
    except (OSError, ValueError, KeyError):
        built_from = None
    if built_from != fingerprint(discover(layout)):
        warn(f"{release_dir}/ was not built from the current sources of {layout.root}: "
             f"run `nanokg build --out {release_dir}` to upload what the local queries see")
    return graph_file
