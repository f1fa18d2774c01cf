"""The command line, driven through click's CliRunner."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from nanokg import __version__
from nanokg.cli import COMMANDS, main
from nanokg.paths import DataLayout

Edit = Callable[[Path, str, str], None]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version() -> None:
    assert run("--version") == (0, f"nanokg, version {__version__}\n", "")


def test_help_lists_every_command_with_an_example() -> None:
    code, out, _ = run("--help")
    assert code == 0
    lines = out.splitlines()
    for name in COMMANDS:
        described = next(line for line in lines if line.startswith(f"  {name} "))
        assert not described.endswith("..."), f"the description of {name} is cut short: {described}"
        at = lines.index(described)
        assert lines[at + 1].strip().startswith(f"e.g. nanokg {name}")
        assert not lines[at + 2:at + 3] or not lines[at + 2].startswith(" " * 12), "the example wraps"


def test_build_prints_a_summary(mini: DataLayout, tmp_path: Path) -> None:
    code, out, err = run("--data", str(mini.root), "build", "--out", str(tmp_path / "dist"))
    assert code == 0, err
    assert "Built nanokg from 5 sources" in out
    assert "nkg:Formulation" in out and "individuals" in out
    assert (tmp_path / "dist" / "nanokg.owl").is_file()


def test_build_json_summary(mini: DataLayout, tmp_path: Path) -> None:
    code, out, _ = run("--data", str(mini.root), "build", "--out", str(tmp_path / "d"), "--json")
    assert code == 0
    assert json.loads(out)["individuals_by_type"]["nkg:Formulation"] == 2
    seconds = json.loads(out)["seconds"]
    assert {"compile", "store", "release"} <= set(seconds) and all(s >= 0 for s in seconds.values())


def test_bad_input_exits_2_with_location_and_fix_and_no_traceback(mini: DataLayout, tmp_path: Path, edit: Edit) -> None:
    edit(mini.graph_dir / "outcomes.tsv", "\t83.1", "\t83,1")
    code, out, err = run("--data", str(mini.root), "build", "--out", str(tmp_path / "dist"))
    assert code == 2
    assert err.startswith("error: graph/outcomes.tsv:3:5: '83,1' is not a valid xsd:decimal")
    assert "fix: write a plain number" in err
    assert "Traceback" not in out + err
    assert not (tmp_path / "dist").exists() or not any((tmp_path / "dist").iterdir())


def test_missing_data_folder_is_explained(tmp_path: Path) -> None:
    code, _, err = run("--data", str(tmp_path / "nowhere"), "build", "--out", str(tmp_path / "d"))
    assert code == 2
    assert err.startswith(f"error: {tmp_path / 'nowhere'}: no such folder") and "--data" in err
    code, _, err = run("--data", str(tmp_path), "build", "--out", str(tmp_path / "d"))
    assert code == 2
    assert err.startswith(f"error: {tmp_path}: no ontology/ folder") and "--data" in err


@pytest.mark.parametrize("command", [
    ("build", "--out", "{blocked}/release"),
    ("validate", "--format", "ttl", "-o", "{blocked}/report.ttl"),
    ("export", "--product", "base", "--format", "ttl", "--out", "{blocked}/release"),
    ("mappings", "--out", "{blocked}/release"),
    ("viz", "summary", "--dot", "--out", "{blocked}/summary.dot"),
    ("docs", "--out", "{blocked}/site"),
    ("query", "run", "carriers-of-drug", "--output", "{blocked}/answer.csv"),
])
def test_an_output_that_cannot_be_written_is_reported_not_raised(
        mini: DataLayout, tmp_path: Path, command: tuple[str, ...]) -> None:
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    blocked = outputs / "a-file"  # a path through a regular file can be made by no one, root included
    blocked.write_text("not a folder")
    args = [part.format(blocked=blocked) for part in command]
    result = CliRunner().invoke(main, ["--data", str(mini.root), *args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.stderr.startswith(f"error: {blocked}") and "cannot write: " in result.stderr
    assert "fix: choose an output folder you can write to" in result.stderr
    assert [path.name for path in outputs.iterdir()] == ["a-file"]


def test_sources_in_the_current_folder_that_are_not_the_ones_used_are_pointed_out(
        mini: DataLayout, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Edit) -> None:
    # As after `pip install .` in a checkout: the default is the copy bundled in the package.
    bundled = tmp_path / "bundled"
    shutil.copytree(mini.root, bundled)
    monkeypatch.setattr("nanokg.cli.default_data_root", lambda: bundled)
    monkeypatch.chdir(mini.root)
    _, _, err = run("query", "list")
    assert err == ""  # the same sources: nothing to say
    edit(mini.graph_dir / "chemicals.tsv", "doxorubicin", "doxorubicin hydrochloride")
    _, _, err = run("query", "list")
    assert err.startswith(f"note: using the graph in {bundled}, not the sources in this folder: pass --data .")
    _, _, err = run("--data", ".", "query", "list")
    assert err == ""
