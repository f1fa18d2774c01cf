"""``nanokg push``."""

from __future__ import annotations

from pathlib import Path

import click

from nanokg.cli import Settings, example
from nanokg.cli.remote_options import auth_options, credentials


@example("nanokg push --endpoint http://localhost:7878/store")
@click.command(short_help='Upload the built graph to a SPARQL server.')
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store Protocol URL (Oxigraph: .../store; Virtuoso: "
                   ".../sparql-graph-crud-auth; Fuseki: .../DATASET/data).")
@click.option("--graph", default=None, metavar="IRI",
              help="Upload into this named graph (default: the server's default graph).")
@click.option("--release", "release_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("dist"),
              show_default=True, help="The folder `nanokg build` wrote; its nanokg.nt is uploaded.")
@click.option("--append", is_flag=True, help="Add the triples to the graph instead of replacing it.")
@auth_options
@click.pass_obj
def push(settings: Settings, endpoint: str, graph: str | None, release_dir: Path, append: bool,
         user: str | None, password: str | None, auth_scheme: str) -> None:
    """Upload the built graph to a SPARQL server (SPARQL 1.1 Graph Store Protocol).

    Replaces the target graph with the release's N-Triples (--append adds to it instead), so
    queries on the server (nanokg query run NAME --endpoint URL) see what the local engine sees.
    """
    from nanokg.remote import push as upload
    from nanokg.remote import release_graph

    graph_file = release_graph(release_dir, settings.layout,
                               warn=lambda message: click.echo(f"warning: {message}", err=True))
    report = upload(graph_file, endpoint, graph=graph, credentials=credentials(user, password, auth_scheme),
                    replace=not append)
    target = f"graph <{graph}>" if graph else "the default graph"
    verb = "added to" if append else "replaced"
    click.echo(f"{verb} {target} at {endpoint} with {graph_file} "
               f"({report.bytes / 1e6:.1f} MB, HTTP {report.status}, {report.seconds:.1f} s)")
