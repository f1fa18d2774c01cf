"""The wheel carries the ontology, the graph sources and the queries, so an installed nanokg works
from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # --no-build-isolation: build with the installed hatchling, no network.
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True, capture_output=True,
    )
    return next(out.glob("nanokg-*.whl"))


def test_the_wheel_bundles_the_sources(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nanokg/_bundled/ontology/nanokg.ttl" in names
    assert "nanokg/_bundled/graph/source/review.txt" in names
    assert "nanokg/data/prefixes.json" in names
    assert any(name.startswith("nanokg/_bundled/graph/") and name.endswith(".tsv") for name in names)


def test_an_unpacked_wheel_builds_the_bundled_graph_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("NANOKG_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "nanokg", "build", "--out", "out", "--json"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (elsewhere / "out" / "nanokg.owl").is_file()
    located = subprocess.run(
        [sys.executable, "-c", "import nanokg.paths as p; print(p.default_data_root())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    )
    assert Path(located.stdout.strip()) == site / "nanokg" / "_bundled"
