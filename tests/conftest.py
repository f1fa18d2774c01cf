"""Shared fixtures: isolated caches, and copies of the data folders tests may break."""

from __future__ import annotations

import importlib.util
import shutil
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from nanokg.paths import DataLayout

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures"
REPO = TESTS.parent
REPO_LAYOUT = DataLayout(REPO)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test session builds stores in its own cache, never in ~/.cache."""
    cache = tmp_path_factory.getbasetemp() / "nanokg-cache"
    monkeypatch.setenv("NANOKG_CACHE_DIR", str(cache))
    monkeypatch.delenv("NANOKG_DATA", raising=False)
    return cache


@pytest.fixture
def mini(tmp_path: Path) -> DataLayout:
    """A writable copy of the minimal fixture data folder."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return DataLayout(target)


SMALL = DataLayout(FIXTURES / "small")


@pytest.fixture
def small(tmp_path: Path) -> DataLayout:
    """A writable copy of the small fixture: nanokg's hierarchies, formulations, mappings, imports."""
    target = tmp_path / "small"
    shutil.copytree(FIXTURES / "small", target)
    return DataLayout(target)


def _release(layout: DataLayout, tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    from nanokg.build import build

    out = tmp_path_factory.mktemp(name)
    with pytest.MonkeyPatch.context() as patch:  # session fixtures run before the autouse cache fixture
        patch.setenv("NANOKG_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "nanokg-cache"))
        build(layout, out)
    return out


@pytest.fixture(scope="session")
def small_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release of the small fixture, built once (tests only read it)."""
    return _release(SMALL, tmp_path_factory, "small-release")


@pytest.fixture(scope="session")
def repo_release(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release of the repository's own sources, built once (tests only read it)."""
    return _release(REPO_LAYOUT, tmp_path_factory, "repo-release")


@pytest.fixture
def edit() -> Callable[[Path, str, str], None]:
    """Replace text in a file, failing loudly if the text is not there."""

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return replace


VALID = FIXTURES / "valid"
BROKEN = FIXTURES / "broken"
BROKEN_CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())


def assemble(target: Path, overlay: Path | None = None) -> DataLayout:
    """A data folder of the repository's ontology and shapes, the valid fixture graph, and an overlay.

    The overlay's files replace or join the assembled ones, path for path: each broken case is
    the valid folder with one file changed.
    """
    shutil.copytree(REPO / "ontology", target / "ontology")
    shutil.copytree(VALID / "graph", target / "graph")
    if overlay is not None:
        shutil.copytree(overlay, target, dirs_exist_ok=True)
    return DataLayout(target)


@pytest.fixture
def valid(tmp_path: Path) -> DataLayout:
    """The valid fixture data folder: the real ontology and shapes, a small curated graph."""
    return assemble(tmp_path / "valid")


def load_script(name: str) -> ModuleType:
    """A script of ``scripts/`` as a module (the generators the Bioregistry tests compare with)."""
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
