"""Expected answers of the saved queries, as files a reviewer can read: ``tests/expected/<query>.tsv``.

One row per solution, tab-separated, IRIs written as CURIEs and literals as their lexical form;
the first row names the columns. Each file was checked by hand against the review
(``graph/source/review.txt``) before it was committed. When the curated data changes on purpose,
rewrite the files with ``python -m tests.answers --write QUERY ...`` and review the diff the
same way.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from pyoxigraph import NamedNode

from nanokg.engine import LocalGraph, Solutions, open_local
from nanokg.paths import DataLayout
from nanokg.queries import SavedQuery, bind_parameters, load_catalogue

EXPECTED = Path(__file__).resolve().parent / "expected"


def answer_rows(query: SavedQuery, graph: LocalGraph) -> list[tuple[str, ...]]:
    """The header and rows of ``query``'s answer with its default parameters."""
    bindings = bind_parameters(query, {}, graph.engine, graph.terms)
    result = graph.engine.run(query.sparql, bindings, source=query.path)
    assert isinstance(result, Solutions), f"{query.name} is not a SELECT query"
    cells = [tuple("" if term is None else graph.terms.curie(term.value) if isinstance(term, NamedNode)
                   else term.value for term in row) for row in result.rows]
    return [result.variables, *cells]


def to_tsv(rows: list[tuple[str, ...]]) -> str:
    return "".join("\t".join(cell.replace("\t", " ").replace("\n", " ") for cell in row) + "\n" for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("queries", nargs="*", help="query names (default: all)")
    parser.add_argument("--write", action="store_true", help="write tests/expected/<query>.tsv")
    arguments = parser.parse_args()
    layout = DataLayout(Path(__file__).resolve().parent.parent)
    graph = open_local(layout)
    catalogue = load_catalogue(layout)
    if unknown := [name for name in arguments.queries if name not in catalogue]:
        parser.error(f"no saved query called {', '.join(unknown)}; queries/ has {', '.join(sorted(catalogue))}")
    for name in arguments.queries or sorted(catalogue):
        text = to_tsv(answer_rows(catalogue[name], graph))
        if arguments.write:
            (EXPECTED / f"{name}.tsv").write_text(text, encoding="utf-8")
        else:
            print(f"=== {name}\n{text}")


if __name__ == "__main__":
    main()
