"""External engines: push the built graph to real SPARQL servers on loopback and query them.

Two servers are started once for this module: the Oxigraph server (PyPI package ``oxigraph``) and
OpenLink Virtuoso (Debian package ``virtuoso-opensource``). Each test skips, saying why, only when
its server's binary is not installed; ``.ci/run`` installs both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner
from pyoxigraph import (
    BlankNode,
    CanonicalizationAlgorithm,
    Dataset,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    RdfFormat,
    Store,
    parse,
)

from nanokg.build import build
from nanokg.cli import main
from nanokg.engine import Boolean, QueryResult, Solutions, Triples, open_local
from nanokg.guard import ServicePolicy
from nanokg.paths import DataLayout
from nanokg.queries import bind_parameters, load_catalogue
from nanokg.remote import Credentials, RemoteEndpoint, RemoteEngine, RemoteError, push
from nanokg.server import ServerSettings
from nanokg.workers import Limits
from tests.conftest import FIXTURES, REPO_LAYOUT
from tests.servers import Remote, oxigraph_binary, oxigraph_server, running, virtuoso_binary, virtuoso_server

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NANOKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "nanokg-cache"))
        yield


@pytest.fixture(scope="module")
def release(cache: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's graph built into a release folder, as `nanokg build` leaves it."""
    out = tmp_path_factory.mktemp("release")
    build(REPO_LAYOUT, out)
    return out


@pytest.fixture(scope="module")
def local(cache: None, release: Path) -> Store:
    """The local query store of the same build (what `nanokg query` and `nanokg serve` use)."""
    from nanokg.store import open_store

    return open_store(REPO_LAYOUT)


def push_with_cli(remote: Remote, release: Path, *extra: str) -> str:
    args = ["--data", str(REPO_LAYOUT.root), "push", "--endpoint", remote.store_url, "--release", str(release)]
    if remote.graph:
        args += ["--graph", remote.graph]
    if remote.user:
        args += ["--user", remote.user, "--auth", remote.auth]
    result = CliRunner().invoke(main, [*args, *extra], env={"NANOKG_ENDPOINT_PASSWORD": remote.password or ""})
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def oxigraph(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    if oxigraph_binary() is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as remote:
        assert "replaced the default graph at" in push_with_cli(remote, release)
        yield remote


@pytest.fixture(scope="module")
def virtuoso(release: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Remote]:
    if virtuoso_binary() is None:
        pytest.skip("OpenLink Virtuoso is not installed (apt-get install virtuoso-opensource)")
    with virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as remote:
        assert f"replaced graph <{remote.graph}> at" in push_with_cli(remote, release)
        yield remote


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest) -> Remote:
    return request.getfixturevalue(request.param)


def endpoint(remote: Remote) -> RemoteEndpoint:
    return RemoteEndpoint(remote.query_url, graphs=(remote.graph,) if remote.graph else ())


def canonical(quads: list[Quad]) -> set[str]:
    """The graph with blank nodes canonically labelled (RDFC-1.0), as comparable N-Triples lines.

    The Oxigraph store keeps integers of derived XML Schema types (owl:qualifiedCardinality's
    xsd:nonNegativeInteger) as xsd:integer while Virtuoso keeps the type: both are the same number,
    and this comparison treats them so.
    """
    def same_number(term: object) -> object:
        if isinstance(term, Literal) and term.datatype.value == XSD + "nonNegativeInteger":
            return Literal(term.value, datatype=NamedNode(XSD + "integer"))
        return term

    dataset = Dataset(Quad(q.subject, q.predicate, same_number(q.object)) for q in quads)  # type: ignore[arg-type]
    dataset.canonicalize(CanonicalizationAlgorithm.RDFC_1_0)
    return {str(quad.triple) for quad in dataset}


def test_the_server_holds_exactly_the_released_graph(remote: Remote, release: Path) -> None:
    answer = endpoint(remote).query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert isinstance(answer, QuerySolutions)
    held = canonical([Quad(row["s"], row["p"], row["o"]) for row in answer])  # type: ignore[arg-type]
    released = canonical(list(parse(path=release / "nanokg.nt", format=RdfFormat.N_TRIPLES)))
    assert len(released) > 5_000
    assert held == released


ANSWERS = {
    "labels with language tags": (
        "SELECT ?s ?label WHERE { ?s a <https://w3id.org/nanokg/Formulation> ; "
        "<http://www.w3.org/2000/01/rdf-schema#label> ?label } ORDER BY ?s"),
    "decimals": (
        "SELECT ?o ?v WHERE { ?o <https://w3id.org/nanokg/numericValue> ?v } ORDER BY ?o"),
    "years and counts": (
        "SELECT ?year (COUNT(?study) AS ?n) WHERE { ?study <https://w3id.org/nanokg/publicationYear> ?year } "
        "GROUP BY ?year ORDER BY ?year"),
    # DISTINCT: Virtuoso 7 repeats a node once per path that reaches it (its issue #762).
    "class hierarchy paths": (
        "SELECT DISTINCT ?c WHERE { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ "
        "<https://w3id.org/nanokg/InorganicNanocarrier> } ORDER BY ?c"),
    # Virtuoso writes xsd:boolean values as 1 and 0 in SPARQL Results JSON; nanokg reads them as
    # true and false. (Untyped, it answers a truth value as an integer: hence the cast.)
    "truth values": (
        "SELECT ?p ?approved WHERE { ?p a <https://w3id.org/nanokg/ApprovedProduct> "
        "BIND(<http://www.w3.org/2001/XMLSchema#boolean>(EXISTS { ?p <https://w3id.org/nanokg/hasRegulatoryStatus> "
        "<https://w3id.org/nanokg/id/fda-approved> }) AS ?approved) } ORDER BY ?p"),
}


@pytest.mark.parametrize("case", list(ANSWERS))
def test_the_server_answers_like_the_local_engine(remote: Remote, local: Store, case: str) -> None:
    local_answer = local.query(ANSWERS[case])
    assert isinstance(local_answer, QuerySolutions)
    expected = [tuple(map(str, row)) for row in local_answer]
    remote_answer = endpoint(remote).query(ANSWERS[case])
    assert isinstance(remote_answer, QuerySolutions)
    assert expected and [tuple(map(str, row)) for row in remote_answer] == expected


def test_ask_and_construct_come_back_typed(remote: Remote) -> None:
    server = endpoint(remote)
    yes = server.query("ASK { <https://w3id.org/nanokg/id/doxorubicin> ?p ?o }")
    no = server.query("ASK { <https://w3id.org/nanokg/id/no-such-thing> ?p ?o }")
    assert isinstance(yes, QueryBoolean) and bool(yes) and isinstance(no, QueryBoolean) and not bool(no)
    triples = server.query("CONSTRUCT { ?s a ?t } WHERE { BIND(<https://w3id.org/nanokg/id/doxorubicin> AS ?s) ?s a ?t }")
    assert isinstance(triples, list)
    assert NamedNode("https://w3id.org/nanokg/SmallMoleculeDrug") in {t.object for t in triples} | {
        NamedNode("https://w3id.org/nanokg/Anthracycline")}


def count(remote: Remote) -> int:
    answer = endpoint(remote).query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert isinstance(answer, QuerySolutions)
    return int(next(iter(answer))["n"].value)  # type: ignore[union-attr]


def test_push_replaces_and_append_adds(tmp_path: Path, release: Path, cache: None) -> None:
    if oxigraph_binary() is None:
        pytest.skip("the Oxigraph server is not installed (pip install oxigraph)")
    mini = tmp_path / "mini-release"
    build(DataLayout(FIXTURES / "mini"), mini)
    both = Store()
    for folder in (mini, release):
        both.load(path=str(folder / "nanokg.nt"), format=RdfFormat.N_TRIPLES)
    with oxigraph_server(tmp_path / "oxigraph") as remote:
        push(mini / "nanokg.nt", remote.store_url)
        small = count(remote)
        push(release / "nanokg.nt", remote.store_url, replace=False)
        assert count(remote) == len(both) > small
        push(release / "nanokg.nt", remote.store_url)
        assert count(remote) == len(list(parse(path=release / "nanokg.nt", format=RdfFormat.N_TRIPLES)))


def test_wrong_password_is_explained(virtuoso: Remote, release: Path) -> None:
    with pytest.raises(RemoteError, match="HTTP 401") as refused:
        push(release / "nanokg.nt", virtuoso.store_url, graph=virtuoso.graph,
             credentials=Credentials("dba", "wrong", "digest"))
    assert "--password" in (refused.value.hint or "")


def test_cli_push_errors_exit_2_with_a_fix(tmp_path: Path, release: Path) -> None:
    runner = CliRunner()
    data = ["--data", str(REPO_LAYOUT.root)]
    missing = runner.invoke(main, [*data, "push", "--endpoint", "http://127.0.0.1:9/store", "--release", str(tmp_path)])
    assert missing.exit_code == 2
    assert "does not exist" in missing.stderr and "nanokg build" in missing.stderr
    unreachable = runner.invoke(main, [*data, "push", "--endpoint", "http://127.0.0.1:1/store", "--release", str(release)])
    assert unreachable.exit_code == 2
    assert unreachable.stderr.startswith("error: http://127.0.0.1:1/store: cannot reach the server")
    assert "Traceback" not in unreachable.output
    query = runner.invoke(main, [*data, "query", "run", "carriers-of-drug", "--endpoint", "http://127.0.0.1:1/query"])
    assert query.exit_code == 2
    assert query.stderr.startswith("error: http://127.0.0.1:1/query: cannot reach the server")


def test_push_warns_when_the_release_is_not_of_the_current_sources(oxigraph: Remote, release: Path) -> None:
    result = CliRunner().invoke(main, ["--data", str(FIXTURES / "mini"), "push", "--endpoint", oxigraph.store_url,
                                       "--release", str(release), "--graph", "urn:nanokg:elsewhere"])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "was not built from the current sources" in result.stderr


def test_served_endpoint_federates_only_to_allowed_hosts(oxigraph: Remote, local: Store, cache: None) -> None:
    from nanokg.store import ensure_store

    host = oxigraph.query_url.split("/")[2]
    settings = ServerSettings(store_dir=ensure_store(REPO_LAYOUT), layout=REPO_LAYOUT, limits=Limits(timeout=20),
                              workers=1, services=ServicePolicy.of([host]))
    federated = (f"SELECT ?label WHERE {{ SERVICE <{oxigraph.query_url}> {{ "
                 "<https://w3id.org/nanokg/id/doxorubicin> <http://www.w3.org/2000/01/rdf-schema#label> ?label } }")
    elsewhere = federated.replace(host, "127.0.0.1:1")
    with running(settings) as base:
        answer = httpx.get(f"{base}/sparql", params={"query": federated}, timeout=30)
        assert answer.status_code == 200, answer.text
        assert [b["label"]["value"] for b in answer.json()["results"]["bindings"]] == ["doxorubicin"]
        refused = httpx.get(f"{base}/sparql", params={"query": elsewhere})
        assert refused.status_code == 403 and f"calls only these hosts: {host}" in refused.text


def comparable(result: QueryResult) -> object:
    """An answer as a sorted list of rows (or triples) of N-Triples terms; blank nodes, whose labels
    no two engines share, all read ``_:``. Rows are compared as a multiset: engines may order ties
    of an ORDER BY differently."""
    def term(value: object) -> str:
        return "_:" if isinstance(value, BlankNode) else "" if value is None else str(value)

    if isinstance(result, Boolean):
        return result.value
    if isinstance(result, Solutions):
        return (result.variables, sorted(tuple(map(term, row)) for row in result.rows))
    assert isinstance(result, Triples)
    return sorted(tuple(map(term, triple)) for triple in result.triples)


CATALOGUE = load_catalogue(REPO_LAYOUT)

@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_every_saved_query_answers_alike(remote: Remote, cache: None, name: str) -> None:
    """The server's answer is the local engine's, with the default parameters and with the
    documented examples. Virtuoso 7.2 answers these queries right only because they are written
    around its faults with property paths (queries/README.md, "Portable queries")."""
    saved = CATALOGUE[name]
    graph = open_local(REPO_LAYOUT)
    server = RemoteEngine(endpoint(remote))
    examples = {parameter.name: parameter.example for parameter in saved.parameters if parameter.example is not None}
    for values in ({}, examples) if examples else ({},):
        local_answer = graph.engine.run(saved.sparql, bind_parameters(saved, values, graph.engine, graph.terms))
        remote_answer = server.run(saved.sparql, bind_parameters(saved, values, server, graph.terms))
        assert comparable(remote_answer) == comparable(local_answer), f"{name} with {values or 'its defaults'}"


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(main, ["--data", str(REPO_LAYOUT.root), *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_cli_sparql_on_an_endpoint_prints_what_the_local_graph_prints(oxigraph: Remote, cache: None) -> None:
    query = "SELECT ?drug ?label WHERE { ?drug a nkg:Anthracycline ; rdfs:label ?label } ORDER BY ?drug"
    local_table = run_cli("sparql", query)
    assert "nkgid:doxorubicin" in local_table
    assert run_cli("sparql", query, "--endpoint", oxigraph.query_url) == local_table
    assert (run_cli("sparql", query, "--format", "csv", "--endpoint", oxigraph.query_url)
            == run_cli("sparql", query, "--format", "csv"))


def test_cli_query_run_on_virtuoso_with_a_graph(virtuoso: Remote, cache: None) -> None:
    # truth values and an OPTIONAL around a class hierarchy: what Virtuoso gets wrong
    # unless queries and answers are written around it
    args = ("query", "run", "approved-products", "--format", "tsv")
    remote = run_cli(*args, "--endpoint", virtuoso.query_url, "--graph", virtuoso.graph or "")
    assert '"true"^^<http://www.w3.org/2001/XMLSchema#boolean>' in remote
    assert sorted(remote.splitlines()) == sorted(run_cli(*args).splitlines())


def test_cli_endpoint_errors_are_explained(oxigraph: Remote) -> None:
    result = CliRunner().invoke(main, ["sparql", "SELECT * WHERE { ?s ?p }", "--endpoint", oxigraph.query_url])
    assert result.exit_code == 2
    assert f"{oxigraph.query_url} answered HTTP 400" in result.stderr
    misuse = CliRunner().invoke(main, ["sparql", "ASK {}", "--graph", "urn:g"])
    assert misuse.exit_code == 2 and "apply to a remote --endpoint" in misuse.stderr
