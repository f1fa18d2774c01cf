"""``nanokg diff``."""

from __future__ import annotations

import click

from nanokg.cli import Settings, example


@example("nanokg diff main HEAD --markdown")
@click.command(short_help='Compare two versions of the ontology, graph and mappings.')
@click.argument("old")
@click.argument("new")
@click.option("--markdown", is_flag=True, help="Write the report as Markdown (for a pull request).")
@click.option("--exit-code", is_flag=True, help="Exit with 1 when the versions differ (like git diff).")
@click.pass_obj
def diff(settings: Settings, old: str, new: str, markdown: bool, exit_code: bool) -> None:
    """Compare two versions: added, removed and changed classes, properties, labels, mappings, records.

    OLD and NEW are release files (.ttl .nt .nq .owl .jsonld), release folders, data folders, or git
    revisions of the repository holding the data folder (main, v0.1.0, HEAD~1).
    """
    from nanokg.diff import compare, load_version, render_markdown, render_text

    before = load_version(old, settings.layout.root)
    after = load_version(new, settings.layout.root)
    report = compare(before, after)
    click.echo((render_markdown if markdown else render_text)(report, after, before), nl=False)
    if exit_code and not report.empty:
        click.get_current_context().exit(1)
