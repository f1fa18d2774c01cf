"""``nanokg serve``'s SPARQL 1.1 Protocol endpoint, over HTTP against a real server on loopback."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from nanokg.cli import main
from nanokg.guard import ServicePolicy
from nanokg.paths import DataLayout
from nanokg.server import ServerSettings, listen
from nanokg.store import ensure_store
from nanokg.workers import Job, Limits, WorkerPool
from tests.conftest import FIXTURES
from tests.servers import running, wait_until_up

NKGID = "https://w3id.org/nanokg/id/"
FORMULATIONS = "PREFIX nkg: <https://w3id.org/nanokg/> SELECT ?f WHERE { ?f a nkg:Formulation } ORDER BY ?f"
# Five copies of the whole graph joined: about 82^5 = 3.7e9 combinations to count.
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
TIMEOUT = 1.5
MAX_ROWS = 100


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NANOKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "nanokg-cache"))
        yield ensure_store(DataLayout(FIXTURES / "mini"))


@pytest.fixture(scope="module")
def endpoint(store_dir: Path) -> Iterator[str]:
    settings = ServerSettings(store_dir=store_dir, layout=DataLayout(FIXTURES / "mini"),
                              limits=Limits(timeout=TIMEOUT, max_rows=MAX_ROWS), workers=2,
                              max_body_bytes=10_000, services=ServicePolicy.of(["127.0.0.1:9"]))
    with running(settings) as base:
        yield f"{base}/sparql"


def select(response: httpx.Response, media: QueryResultsFormat = QueryResultsFormat.JSON) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    solutions = parse_query_results(response.content, media)
    return [{v.value: s[v].value for v in solutions.variables if s[v] is not None} for s in solutions]


def formulations() -> list[dict[str, str]]:
    return [{"f": NKGID + "dox-liposome"}, {"f": NKGID + "gem-liposome"}]


def test_get_select_answers_sparql_results_json_by_default(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": FORMULATIONS})
    assert response.headers["content-type"] == "application/sparql-results+json"
    assert response.headers["vary"] == "Accept"
    assert select(response) == formulations()


@pytest.mark.parametrize("accept, fmt", [
    ("application/sparql-results+xml", QueryResultsFormat.XML),
    ("text/tab-separated-values", QueryResultsFormat.TSV),
    ("application/sparql-results+json;q=0.5, application/sparql-results+xml", QueryResultsFormat.XML),
    ("*/*", QueryResultsFormat.JSON),
])
def test_select_results_are_negotiated(endpoint: str, accept: str, fmt: QueryResultsFormat) -> None:
    response = httpx.get(endpoint, params={"query": FORMULATIONS}, headers={"accept": accept})
    assert response.headers["content-type"].split(";")[0] == fmt.media_type.split(";")[0]
    assert select(response, fmt) == formulations()


def test_select_as_csv(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": FORMULATIONS}, headers={"accept": "text/csv"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.text.splitlines() == ["f", NKGID + "dox-liposome", NKGID + "gem-liposome"]


def test_post_form_and_post_body_answer_like_get(endpoint: str) -> None:
    form = httpx.post(endpoint, data={"query": FORMULATIONS})
    body = httpx.post(endpoint, content=FORMULATIONS.encode(), headers={"content-type": "application/sparql-query"})
    assert select(form) == select(body) == formulations()


def test_ask(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": f"ASK {{ <{NKGID}dox-liposome> ?p ?o }}"})
    assert response.json() == {"head": {}, "boolean": True}


def test_construct_is_turtle_with_prefixes_by_default(endpoint: str) -> None:
    query = f"CONSTRUCT {{ ?f a ?t }} WHERE {{ BIND(<{NKGID}dox-liposome> AS ?f) ?f a ?t }}"
    response = httpx.get(endpoint, params={"query": query})
    assert response.headers["content-type"] == "text/turtle; charset=utf-8"
    assert "@prefix nkgid: <https://w3id.org/nanokg/id/> ." in response.text
    assert "nkgid:dox-liposome a " in response.text
    types = {t.object.value for t in parse(response.content, RdfFormat.TURTLE)}
    assert "https://w3id.org/nanokg/Formulation" in types


@pytest.mark.parametrize("accept, fmt", [("application/n-triples", RdfFormat.N_TRIPLES),
                                         ("application/ld+json", RdfFormat.JSON_LD),
                                         ("application/rdf+xml", RdfFormat.RDF_XML)])
def test_describe_is_negotiated(endpoint: str, accept: str, fmt: RdfFormat) -> None:
    response = httpx.get(endpoint, params={"query": f"DESCRIBE <{NKGID}dox-liposome>"}, headers={"accept": accept})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == accept
    triples = list(parse(response.content, fmt))
    assert {t.subject.value for t in triples} == {NKGID + "dox-liposome"}
    assert len(triples) >= 5


def test_service_description_at_the_endpoint_url(endpoint: str) -> None:
    response = httpx.get(endpoint)
    assert response.status_code == 200
    graph = list(parse(response.content, RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    facts = {(t.predicate.value, t.object.value) for t in graph}
    assert (sd + "endpoint", endpoint) in facts
    assert (sd + "supportedLanguage", sd + "SPARQL11Query") in facts
    assert (sd + "supportedLanguage", sd + "SPARQL11Update") not in facts
    assert (sd + "resultFormat", "http://www.w3.org/ns/formats/SPARQL_Results_JSON") in facts
    assert (sd + "feature", sd + "BasicFederatedQuery") in facts  # a SERVICE host is allowed
    count = select(httpx.get(endpoint, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"}))[0]["n"]
    assert ("http://rdfs.org/ns/void#triples", count) in facts


def test_default_graph_uri_selects_the_dataset(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": FORMULATIONS, "default-graph-uri": "https://example.org/none"})
    assert select(response) == []


def assert_still_serving(endpoint: str) -> None:
    assert select(httpx.get(endpoint, params={"query": FORMULATIONS})) == formulations()


@pytest.mark.parametrize("request_kwargs, operation", [
    ({"params": {"query": "PREFIX ex: <http://example.org/> INSERT DATA { ex:a ex:b ex:c }"}}, "INSERT DATA"),
    ({"params": {"query": "LOAD <http://example.org/data.ttl>"}}, "LOAD"),
    ({"params": {"query": "CLEAR ALL"}}, "CLEAR"),
    ({"params": {"update": "DELETE WHERE { ?s ?p ?o }"}}, "SPARQL Update"),
    ({"data": {"update": "DROP ALL"}}, "SPARQL Update"),
    ({"content": b"DELETE WHERE { ?s ?p ?o }", "headers": {"content-type": "application/sparql-update"}},
     "SPARQL Update"),
])
def test_updates_are_refused_and_change_nothing(endpoint: str, request_kwargs: dict[str, object], operation: str) -> None:
    method = "POST" if "data" in request_kwargs or "content" in request_kwargs else "GET"
    response = httpx.request(method, endpoint, **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == 403
    assert operation in response.text and "read-only" in response.text
    assert_still_serving(endpoint)


def test_malformed_query_gets_400_with_the_parser_message(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT ?s WHERE { ?s ?p}"})
    assert response.status_code == 400
    assert response.text.startswith("error: <query>:1:25: invalid SPARQL: expected one of ")
    response = httpx.get(endpoint, params={"query": "SELECT ?s WHERE {\n  ?s a foo:Bar }"})
    assert response.status_code == 400
    assert response.text == "error: <query>:2:8: unknown prefix 'foo:'\n  fix: declare it (PREFIX foo: <namespace>)\n"
    assert_still_serving(endpoint)


def test_service_to_a_host_not_allowed_is_refused_before_any_request(endpoint: str) -> None:
    for query in ["SELECT * WHERE { SERVICE <http://169.254.169.254/latest/meta-data/> { ?s ?p ?o } }",
                  "PREFIX e: <http://localhost:8890/> SELECT * WHERE { SERVICE SILENT e:sparql { ?s ?p ?o } }",
                  "SELECT * WHERE { ?x ?y ?z FILTER EXISTS { SERVICE ?x { ?s ?p ?o } } }"]:
        response = httpx.get(endpoint, params={"query": query})
        assert response.status_code == 403, query
        assert "is not allowed" in response.text
    assert_still_serving(endpoint)


def test_allowed_service_host_is_called(endpoint: str) -> None:
    # Port 9 (discard) is allowed here but refused by the HTTP client: the error comes from the call.
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    response = httpx.get(endpoint, params={"query": query})
    assert response.status_code == 500
    assert "port 9" in response.text


def test_pathological_query_is_stopped_with_503_and_the_server_keeps_serving(endpoint: str) -> None:
    started = time.monotonic()
    response = httpx.get(endpoint, params={"query": CROSS_JOIN}, timeout=60)
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert f"longer than {TIMEOUT:g} s" in response.text
    assert TIMEOUT <= elapsed < TIMEOUT + 10
    assert_still_serving(endpoint)


def test_other_queries_are_answered_while_one_overruns(endpoint: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        slow = pool.submit(httpx.get, endpoint, params={"query": CROSS_JOIN}, timeout=60)
        time.sleep(0.2)
        fast = [pool.submit(httpx.get, endpoint, params={"query": FORMULATIONS}) for _ in range(20)]
        assert all(select(f.result()) == formulations() for f in fast)
        assert not slow.done()
        assert slow.result().status_code == 503


def test_answers_over_the_row_cap_are_refused(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "SELECT * { ?s ?p ?o . ?x ?y ?z }"})
    assert response.status_code == 400
    assert f"more than {MAX_ROWS} rows" in response.text and "LIMIT" in response.text
    response = httpx.get(endpoint, params={"query": "CONSTRUCT { ?s ?p ?z } WHERE { ?s ?p ?o . ?x ?y ?z }"})
    assert response.status_code == 400 and f"more than {MAX_ROWS} triples" in response.text
    assert len(select(httpx.get(endpoint, params={"query": "SELECT * { ?s ?p ?o . ?x ?y ?z } LIMIT 100"}))) == 100


@pytest.mark.parametrize("request_kwargs, status, message", [
    ({"content": b"#" * 20_000, "headers": {"content-type": "application/sparql-query"}}, 413, "larger than 10,000 bytes"),
    ({"content": FORMULATIONS.encode(), "headers": {"content-type": "text/plain"}}, 415, "text/plain"),
    ({"data": {"q": FORMULATIONS}}, 400, "no 'query' parameter"),
    ({"data": {"query": ["ASK {}", "ASK {}"]}}, 400, "exactly one 'query'"),
    ({"content": b"\xff\xfe", "headers": {"content-type": "application/sparql-query"}}, 400, "not UTF-8"),
])
def test_bad_requests_are_refused_with_a_message(endpoint: str, request_kwargs: dict[str, object], status: int,
                                                 message: str) -> None:
    response = httpx.post(endpoint, **request_kwargs)  # type: ignore[arg-type]
    assert response.status_code == status
    assert message in response.text
    assert_still_serving(endpoint)


def test_unacceptable_media_type_is_406(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": FORMULATIONS}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "application/sparql-results+json" in response.text


def test_openapi_describes_the_endpoint(endpoint: str) -> None:
    spec = json.loads(httpx.get(endpoint.replace("/sparql", "/openapi.json")).text)
    assert {"get", "post"} <= set(spec["paths"]["/sparql"])
    assert any(p["name"] == "query" for p in spec["paths"]["/sparql"]["get"]["parameters"])


def test_listening_sockets_are_tcp_so_responses_are_not_delayed() -> None:
    # asyncio turns on TCP_NODELAY only for sockets created with IPPROTO_TCP; without it each
    # keep-alive response waited ~40 ms for the client's delayed ACK.
    with listen("127.0.0.1", 0) as sock:
        assert sock.proto == socket.IPPROTO_TCP


def test_nanokg_serve_runs_until_stopped_and_takes_its_workers_along(tmp_path: Path) -> None:
    env = {**os.environ, "NANOKG_CACHE_DIR": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "nanokg", "--data", str(FIXTURES / "mini"), "serve", "--port", "0",
               "--workers", "1", "--timeout", "3"]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stderr is not None
        banner = "".join(server.stderr.readline() for _ in range(3))
        base = re.search(r"served at (http://127\.0\.0\.1:\d+)/", banner)
        assert base is not None, banner
        assert f"SPARQL endpoint  {base[1]}/sparql" in banner
        wait_until_up(f"{base[1]}/sparql", server)
        assert select(httpx.get(f"{base[1]}/sparql", params={"query": FORMULATIONS})) == formulations()
        workers = [int(pid) for task in Path(f"/proc/{server.pid}/task").iterdir()
                   for pid in (task / "children").read_text().split()]
        assert workers
        server.send_signal(signal.SIGTERM)
        # uvicorn shuts down gracefully, then re-raises the signal so the exit status tells why.
        assert server.wait(30) == -signal.SIGTERM
        assert "Application shutdown complete." in server.stderr.read()
        assert not any(Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
                       for pid in workers)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_nanokg_serve_on_a_busy_port_says_so(tmp_path: Path) -> None:
    with listen("127.0.0.1", 0) as busy:
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["--data", str(FIXTURES / "mini"), "serve", "--port", str(port)])
    assert result.exit_code == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


@pytest.mark.parametrize("in_memory", [True, False], ids=["memory", "disk"])
def test_workers_answer_alike_from_an_in_memory_copy_and_from_disk(store_dir: Path, in_memory: bool) -> None:
    pool = WorkerPool(store_dir, Limits(timeout=30, max_rows=MAX_ROWS), size=1, in_memory=in_memory)
    try:
        outcome = pool.run(Job(FORMULATIONS))
    finally:
        pool.close()
    solutions = parse_query_results(outcome.data, QueryResultsFormat.TSV)
    assert [{"f": s["f"].value} for s in solutions] == formulations()
