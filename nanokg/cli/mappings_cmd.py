"""``nanokg mappings``."""

from __future__ import annotations

from pathlib import Path

import click

from nanokg.cli import Settings, example


@example("nanokg mappings --unmapped")
@click.command(short_help='Summarise, export and check the SSSOM mappings.')
@click.option("--format", "format_name", type=click.Choice(["tsv", "json"]), default=None,
              help="Print the mapping set as SSSOM/TSV or SSSOM/JSON instead of the summary.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write nanokg.sssom.tsv and nanokg.sssom.json into this folder.")
@click.option("--unmapped", is_flag=True, help="List the classes and individuals that have no mapping yet.")
@click.option("--all", "every_individual", is_flag=True,
              help="With --unmapped: every unmapped individual, not only those of types with mapped members.")
@click.pass_obj
def mappings(settings: Settings, format_name: str | None, out_dir: Path | None, unmapped: bool,
             every_individual: bool) -> None:
    """Summarise, export and check the mappings to external ontologies (SSSOM).

    Without options: mappings per target ontology and predicate, coverage, and rows whose
    labels disagree with the graph or with the imported external terms.
    """
    from nanokg.atomic import staged_files
    from nanokg.cli.render import print_mapping_summary, print_unmapped
    from nanokg.compile import compile_graph
    from nanokg.sssom_export import label_mismatches, sssom_text, unmapped_terms, write_sssom

    compiled = compile_graph(settings.layout)
    if format_name is not None:
        click.echo(sssom_text(compiled, format_name), nl=False)  # type: ignore[arg-type]
    elif out_dir is not None:
        with staged_files(out_dir) as stage:
            written = write_sssom(compiled, stage.path)
        for name in written:
            click.echo(out_dir / name)
    elif unmapped:
        print_unmapped(unmapped_terms(compiled, every_individual))
    else:
        print_mapping_summary(compiled, unmapped_terms(compiled), label_mismatches(compiled))
