"""Write outputs all-or-nothing: stage every file, then move them into place together.

A failed build or export leaves the previous outputs untouched and no temporary files behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from nanokg.errors import OutputError

__all__ = ["staged_files", "atomic_file", "atomic_directory"]


class _Stage:
    def __init__(self, folder: Path, target_dir: Path) -> None:
        self.folder = folder
        self.target_dir = target_dir
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write ``name`` (a relative path) now; it reaches ``target_dir`` when the stage commits."""
        self.names.append(name)
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Report a folder that cannot be made or a file that cannot be moved into place as the
    user's output problem, naming ``target``, not as a traceback."""
    try:
        yield
    except OutputError:
        raise
    except OSError as error:
        raise OutputError.of(error, target) from None


@contextmanager
def staged_files(target_dir: Path) -> Iterator[_Stage]:
    """Stage files next to ``target_dir`` and move them in only if the block succeeds."""
    with _writing(target_dir):
        target_dir.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=".staging-", dir=target_dir))
    try:
        stage = _Stage(folder, target_dir)
        yield stage
        with _writing(target_dir):
            for name in stage.names:
                (target_dir / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder / name, target_dir / name)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def atomic_file(target: Path) -> Iterator[Path]:
    """A temporary path that replaces ``target`` when the block succeeds."""
    with staged_files(target.parent) as stage:
        yield stage.path(target.name)


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """A temporary folder renamed to ``target`` when the block succeeds (``target`` must not exist)."""
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        yield folder
        with _writing(target):
            os.rename(folder, target)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
