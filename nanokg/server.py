"""``nanokg serve``: a read-only SPARQL 1.1 Protocol endpoint, the saved queries as a web API, a page.

Routes:

* ``/sparql`` — SPARQL 1.1 Protocol (GET, POST form, POST ``application/sparql-query``), answers
  negotiated by Accept; without a query, the service description.
* ``/queries`` and ``/queries/{name}`` — the saved-query catalogue and its queries run with
  parameters, described in ``/openapi.json``.
* ``/`` — a page to browse the catalogue, edit and run queries.

Queries run in a pool of worker processes (``nanokg.workers``) so that a time limit can really
stop them; everything a client can send is checked (``nanokg.guard``) and every refusal is a 4xx
with a message, after which the server goes on serving.
"""

from __future__ import annotations

import difflib
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from pyoxigraph import QueryResultsFormat, RdfFormat, Store, parse, parse_query_results
from starlette.concurrency import run_in_threadpool

from nanokg import __version__
from nanokg.errors import NanoKGError
from nanokg.guard import ForbiddenQuery, ServicePolicy, check_services, update_refusal
from nanokg.negotiation import NotAcceptable, Rendering, boolean_json, choose, formats, render
from nanokg.paths import DataLayout
from nanokg.service_description import service_description
from nanokg.sparql import internal_query
from nanokg.workers import (
    EvaluationError,
    Job,
    Limits,
    Outcome,
    QuerySyntaxError,
    QueryTimeout,
    TooManyResults,
    WorkerCrashed,
    WorkerPool,
)

if TYPE_CHECKING:
    from nanokg.engine import QueryResult, Term
    from nanokg.queries import Parameter, SavedQuery

__all__ = ["ServerSettings", "ProtocolError", "create_app", "listen", "run_server", "SPARQL_PATH"]

SPARQL_PATH = "/sparql"
_WEB = Path(__file__).resolve().parent / "web"
_FORM = "application/x-www-form-urlencoded"
_SPARQL_QUERY = "application/sparql-query"
_SPARQL_UPDATE = "application/sparql-update"


@dataclass(frozen=True)
class ServerSettings:
    """What ``nanokg serve`` serves and the limits it enforces."""

    store_dir: Path
    layout: DataLayout
    limits: Limits = field(default_factory=Limits)
    workers: int = 2
    max_body_bytes: int = 1_000_000
    services: ServicePolicy = field(default_factory=ServicePolicy)
    cors: bool = False
    #: workers answer from an in-memory copy of the store (see ``WorkerPool``)
    in_memory: bool = True


class ProtocolError(NanoKGError):
    """A request the SPARQL Protocol or the API does not accept, with its HTTP status."""

    def __init__(self, status: int, message: str, *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status = status


_STATUS: dict[type[NanoKGError], int] = {
    QuerySyntaxError: 400,
    TooManyResults: 400,
    ForbiddenQuery: 403,
    NotAcceptable: 406,
    QueryTimeout: 503,
    EvaluationError: 500,
    WorkerCrashed: 500,
}


def _status(error: NanoKGError) -> int:
    if isinstance(error, ProtocolError):
        return error.status
    return next((status for kind, status in _STATUS.items() if isinstance(error, kind)), 400)


def _error_response(request: Request, error: NanoKGError) -> Response:
    status = _status(error)
    message = f"{error.location}: {error.message}" if error.location else error.message
    if request.url.path.startswith("/queries"):
        return JSONResponse({"error": message, "fix": error.hint}, status_code=status)
    return PlainTextResponse(f"error: {error}\n", status_code=status)


async def _read_body(request: Request, limit: int) -> bytes:
    too_large = ProtocolError(413, f"the request body is larger than {limit:,} bytes, the limit of this server",
                              hint="send a shorter query")
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ProtocolError(400, f"the request is not UTF-8 text: {error}") from None


def _job(params: Sequence[tuple[str, str]], query: str | None = None) -> Job:
    """The query of a protocol request and its dataset (``default-graph-uri``, ``named-graph-uri``)."""
    names = [name for name, _ in params]
    if "update" in names:
        raise ForbiddenQuery("SPARQL Update is not accepted: this endpoint is read-only",
                             hint="change the sources and run `nanokg build`; the endpoint serves the built graph")
    if query is None:
        queries = [value for name, value in params if name == "query"]
        if len(queries) != 1:
            raise ProtocolError(400, "give exactly one 'query' parameter" if queries else "no 'query' parameter",
                                hint="send query=SELECT ... (GET or POST form) or a application/sparql-query body")
        query = queries[0]
    if not query.strip():
        raise ProtocolError(400, "the query is empty", hint="send a SPARQL 1.1 query")
    return Job(
        query=query,
        default_graphs=tuple(value for name, value in params if name == "default-graph-uri"),
        named_graphs=tuple(value for name, value in params if name == "named-graph-uri"),
    )


@dataclass
class PoolEngine:
    """A ``nanokg.engine.Engine`` over the worker pool, for parameter binding's look-ups: they run
    under the same time limit as every other query."""

    endpoint: Endpoint
    name: str = field(default="oxigraph", init=False)

    def run(self, sparql: str, bindings: Mapping[str, Term] | None = None, *,
            limit: int | None = None, prefixes: Mapping[str, str] | None = None,
            source: str | None = None) -> QueryResult:
        from nanokg.engine import typed_result

        declared = "".join(f"PREFIX {prefix}: <{iri}>\n" for prefix, iri in (prefixes or {}).items())
        outcome = self.endpoint.run(Job(declared + sparql, substitutions=dict(bindings or {})))
        if outcome.kind == "boolean":
            return typed_result(parse_query_results(boolean_json(outcome.data), QueryResultsFormat.JSON))
        if outcome.kind == "graph":
            return typed_result([quad.triple for quad in parse(outcome.data, RdfFormat.N_TRIPLES)], limit)
        return typed_result(parse_query_results(outcome.data, QueryResultsFormat.TSV), limit)


class Endpoint:
    """The query side of the server: checks, runs on the worker pool, and renders answers."""

    def __init__(self, settings: ServerSettings, catalogue: Mapping[str, SavedQuery]) -> None:
        from nanokg.store import open_term_index

        self.settings = settings
        self.catalogue = catalogue
        self.terms = open_term_index(settings.store_dir, Store.read_only(str(settings.store_dir)))
        self.pool = WorkerPool(settings.store_dir, settings.limits, settings.workers, settings.in_memory)
        self.engine = PoolEngine(self)
        self.triples = self._count_triples()

    def _count_triples(self) -> int:
        outcome = self.pool.run(Job(internal_query("summary-triples")))
        solution = next(iter(parse_query_results(outcome.data, QueryResultsFormat.TSV)))
        return int(solution["count"].value)

    def close(self) -> None:
        self.pool.close()

    def run(self, job: Job) -> Outcome:
        """Answer ``job`` if the policy allows it (blocking: call from a worker thread)."""
        check_services(job.query, self.settings.services)
        try:
            return self.pool.run(job)
        except QuerySyntaxError as error:
            raise update_refusal(job.query) or error from None

    async def answer(self, job: Job, accept: str | None) -> Response:
        outcome = await run_in_threadpool(self.run, job)
        return _send(render(outcome, choose(accept, outcome.kind)))

    def saved_job(self, name: str, given: Mapping[str, str]) -> Job:
        """The job of saved query ``name`` with its parameters bound and validated, as on the CLI."""
        from nanokg.queries import bind_parameters

        saved = self.catalogue[name]
        bindings = bind_parameters(saved, given, self.engine, self.terms)
        return Job(saved.sparql, substitutions=dict(bindings))

    def describe(self, endpoint_url: str, accept: str | None) -> Response:
        triples = service_description(endpoint_url, self.triples, formats(),
                                      federated=bool(self.settings.services.allowed))
        data = b"".join(f"{triple} .\n".encode() for triple in triples)
        return _send(render(Outcome("graph", data, len(triples)), choose(accept, "graph")))


def _send(rendering: Rendering) -> Response:
    return Response(rendering.body, media_type=rendering.content_type, headers={"Vary": "Accept"})


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


_PROTOCOL_PARAMETERS = [
    {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
     "description": "A SPARQL 1.1 query. Without it, GET returns the service description."},
    {"name": "default-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "description": "The default graph(s)."},
    {"name": "named-graph-uri", "in": "query", "required": False,
     "schema": {"type": "array", "items": {"type": "string"}}, "description": "Named graph(s)."},
]


def _add_sparql_routes(app: FastAPI, endpoint_of: Callable[[Request], Endpoint]) -> None:
    @app.get(SPARQL_PATH, summary="SPARQL 1.1 query (GET) or service description", tags=["SPARQL"],
             openapi_extra={"parameters": _PROTOCOL_PARAMETERS})
    async def sparql_get(request: Request) -> Response:
        endpoint = endpoint_of(request)
        params = list(request.query_params.multi_items())
        if not any(name in ("query", "update") for name, _ in params):
            return endpoint.describe(str(request.url.replace(query="")), request.headers.get("accept"))
        return await endpoint.answer(_job(params), request.headers.get("accept"))

    @app.post(SPARQL_PATH, summary="SPARQL 1.1 query (POST form or application/sparql-query body)",
              tags=["SPARQL"], openapi_extra={"requestBody": {"content": {
                  _FORM: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                  _SPARQL_QUERY: {"schema": {"type": "string"}}}}})
    async def sparql_post(request: Request) -> Response:
        endpoint = endpoint_of(request)
        media_type = _media_type(request)
        if media_type == _SPARQL_UPDATE:
            raise ForbiddenQuery("SPARQL Update is not accepted: this endpoint is read-only",
                                 hint="change the sources and run `nanokg build`; the endpoint serves the built graph")
        if media_type not in (_FORM, _SPARQL_QUERY):
            raise ProtocolError(415, f"cannot read a request body of type '{media_type or 'none'}'",
                                hint=f"send {_FORM} (query=...) or {_SPARQL_QUERY}")
        body = _decode(await _read_body(request, endpoint.settings.max_body_bytes))
        url_params = list(request.query_params.multi_items())
        if media_type == _FORM:
            job = _job(url_params + parse_qsl(body, keep_blank_values=True))
        else:
            job = _job(url_params, query=body)
        return await endpoint.answer(job, request.headers.get("accept"))


_PARAMETER_SCHEMAS: dict[str, dict[str, str]] = {
    "xsd:integer": {"type": "integer"},
    "xsd:decimal": {"type": "number"},
    "xsd:double": {"type": "number"},
    "xsd:boolean": {"type": "boolean"},
}


def _parameter_spec(parameter: Parameter) -> dict[str, object]:
    """A saved query's parameter as an OpenAPI query parameter."""
    if parameter.type == "iri":
        within = f" ({parameter.within} or a kind of one)" if parameter.within else ""
        description = f"{parameter.description}. A label or synonym, a CURIE or an <IRI>{within}."
    else:
        description = f"{parameter.description} ({parameter.type})."
    schema: dict[str, object] = dict(_PARAMETER_SCHEMAS.get(parameter.type, {"type": "string"}))
    if parameter.default is not None:
        schema["default"] = parameter.default
    spec: dict[str, object] = {"name": parameter.name, "in": "query", "required": parameter.required,
                               "description": description, "schema": schema}
    if parameter.example is not None:
        spec["example"] = parameter.example
    return spec


def _catalogue_entry(saved: SavedQuery) -> dict[str, object]:
    return {
        "name": saved.name, "title": saved.title, "question": saved.question,
        "description": saved.description, "tags": list(saved.tags), "form": saved.form,
        "url": f"/queries/{saved.name}", "sparql": saved.body,
        "parameters": [{
            "name": p.name, "type": p.type, "description": p.description, "required": p.required,
            "default": p.default, "example": p.example, "class": p.within, "language": p.language,
        } for p in saved.parameters],
    }


def _given(request: Request) -> dict[str, str]:
    given: dict[str, str] = {}
    for name, value in request.query_params.multi_items():
        if name in given:
            raise ProtocolError(400, f"parameter '{name}' is given twice", hint="give each parameter once")
        given[name] = value
    return given


_ANSWER_TYPES = {"application/sparql-results+json": {}, "application/sparql-results+xml": {}, "text/csv": {},
                 "text/tab-separated-values": {}, "text/turtle": {}, "application/ld+json": {}}


def _add_query_routes(app: FastAPI, catalogue: Mapping[str, SavedQuery],
                      endpoint_of: Callable[[Request], Endpoint]) -> None:
    @app.get("/queries", summary="The saved-query catalogue", tags=["Saved queries"])
    async def queries(request: Request) -> Response:
        endpoint = endpoint_of(request)
        return JSONResponse({
            "queries": [_catalogue_entry(saved) for saved in catalogue.values()],
            "prefixes": endpoint.terms.prefixes,
            "sparql_endpoint": str(request.url_for("sparql_get")),
        })

    async def run_saved(request: Request, name: str) -> Response:
        endpoint = endpoint_of(request)
        if name not in catalogue:
            close = difflib.get_close_matches(name, list(catalogue), n=3, cutoff=0.5)
            raise ProtocolError(404, f"no saved query called '{name}'",
                                hint=(f"did you mean {', '.join(close)}? " if close else "") + "GET /queries lists them")
        job = await run_in_threadpool(endpoint.saved_job, name, _given(request))
        return await endpoint.answer(job, request.headers.get("accept"))

    def handler_of(name: str) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            return await run_saved(request, name)
        return handler

    for saved in catalogue.values():
        app.add_api_route(
            f"/queries/{saved.name}", handler_of(saved.name), methods=["GET"], tags=["Saved queries"],
            summary=saved.title, description=f"{saved.question}\n\n{saved.description}",
            name=f"query-{saved.name}", operation_id=f"run_{saved.name.replace('-', '_')}", response_class=Response,
            openapi_extra={"parameters": [_parameter_spec(p) for p in saved.parameters],
                           "responses": {"200": {"description": "The answer", "content": _ANSWER_TYPES},
                                         "400": {"description": "A parameter is missing or invalid"}}},
        )

    @app.get("/queries/{name}", include_in_schema=False)
    async def unknown(request: Request, name: str) -> Response:
        return await run_saved(request, name)


def create_app(settings: ServerSettings) -> FastAPI:
    """The web application; the worker pool starts with it and stops with it."""
    from nanokg.queries import load_catalogue

    catalogue = load_catalogue(settings.layout)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.endpoint = await run_in_threadpool(Endpoint, settings, catalogue)
        try:
            yield
        finally:
            app.state.endpoint.close()

    app = FastAPI(
        title="nanokg", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
        description="A knowledge graph of nanomaterials for tumor-targeted drug delivery: "
                    "a read-only SPARQL 1.1 endpoint and its saved queries as a web API.",
    )

    @app.exception_handler(NanoKGError)
    async def refuse(request: Request, error: NanoKGError) -> Response:
        return _error_response(request, error)

    if settings.cors:
        from starlette.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"],
                           allow_headers=["Accept", "Content-Type"])

    _add_sparql_routes(app, lambda request: request.app.state.endpoint)
    _add_query_routes(app, catalogue, lambda request: request.app.state.endpoint)

    @app.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(_WEB / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=_WEB), name="static")
    return app


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: any free port), or a clear error if it cannot be."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not the default 0: asyncio sets TCP_NODELAY only on sockets that say they are
    # TCP, and without it every keep-alive response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(socket.SOMAXCONN)
        return sock
    except OSError as error:
        sock.close()
        raise NanoKGError(f"cannot listen on {host}:{port}: {error.strerror or error}",
                            hint="choose another --port (or --port 0 for any free one)") from None


def run_server(settings: ServerSettings, sock: socket.socket, *, access_log: bool = True) -> None:
    """Serve ``settings`` on ``sock`` until interrupted (Ctrl-C or SIGTERM), then stop the workers."""
    import uvicorn

    config = uvicorn.Config(create_app(settings), access_log=access_log, log_level="info",
                            timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[sock])
