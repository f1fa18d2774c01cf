"""``nanokg serve``."""

from __future__ import annotations

import click

from nanokg.cli import Settings, example

_LOOPBACK = {"127.0.0.1", "::1", "localhost"}


@example("nanokg serve --port 8000")
@click.command(short_help='Serve a read-only SPARQL endpoint, query API and web page.')
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Query worker processes (queries run in parallel up to this number).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=10.0, show_default=True,
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most rows (or triples) an answer may have (HTTP 400 beyond).")
@click.option("--max-body", type=click.IntRange(1), default=1_000_000, show_default=True,
              help="Largest request body accepted, in bytes (HTTP 413 beyond).")
@click.option("--allow-service", "allow_service", multiple=True, metavar="HOST[:PORT]",
              help="Let SERVICE clauses call this host (repeatable; none by default).")
@click.option("--store", "store_mode", type=click.Choice(["memory", "disk"]), default="memory", show_default=True,
              help="memory: each worker answers from its own copy of the graph, loaded at start "
                   "(fastest; about 0.6 GB per worker at a million triples); disk: workers read the "
                   "on-disk store (least memory).")
@click.option("--cors", is_flag=True, help="Allow web pages of any origin to query the endpoint.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="Log every request on stderr.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int, workers: int, timeout: float, max_rows: int,
          max_body: int, allow_service: tuple[str, ...], store_mode: str, cors: bool, access_log: bool) -> None:
    """Serve the graph: a read-only SPARQL 1.1 endpoint, the saved queries as a web API, and a page.

    Routes: / (page), /sparql (SPARQL 1.1 Protocol; service description without a query),
    /queries and /queries/NAME?param=value (saved queries), /openapi.json (API description).
    Stop with Ctrl-C.
    """
    from nanokg.guard import ServicePolicy
    from nanokg.server import ServerSettings, listen, run_server
    from nanokg.store import ensure_store
    from nanokg.workers import Limits

    store_dir = ensure_store(settings.layout, on_compile=lambda message: click.echo(message, err=True))
    server_settings = ServerSettings(
        store_dir=store_dir, layout=settings.layout, limits=Limits(timeout=timeout, max_rows=max_rows),
        workers=workers, max_body_bytes=max_body, services=ServicePolicy.of(allow_service), cors=cors,
        in_memory=store_mode == "memory",
    )
    sock = listen(host, port)
    base = "http://" + (f"[{host}]" if ":" in host else host) + f":{sock.getsockname()[1]}"
    click.echo(f"nanokg {settings.layout.root} served at {base}/", err=True)
    click.echo(f"  SPARQL endpoint  {base}/sparql", err=True)
    click.echo(f"  saved queries    {base}/queries   (OpenAPI: {base}/openapi.json)", err=True)
    if host not in _LOOPBACK:
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query it", err=True)
    run_server(server_settings, sock, access_log=access_log)
