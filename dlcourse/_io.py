"""Atomic writes: a reader sees the old file (or folder) or the new one, never half of one.

The package's one owner of writes that must not be seen half done: the
student notebooks and bundles (`build`), the gradebook and feedback files,
IDX files, the hidden test files, and the offline dataset cache.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

__all__ = ["atomic_folder", "atomic_write"]


def atomic_write(path: str | os.PathLike, data: str | bytes) -> Path:
    """Writes `data` to a temporary file beside `path`, then renames it into place.

    Text is written as UTF-8, newlines untranslated. The temporary file is
    flushed to disk before the rename; on any error it is removed and `path`
    keeps its old content.

    Args:
        path: the file to write; its folder is created if missing.
        data: the content, text or bytes.

    Returns:
        The path written.

    Raises:
        TypeError: `data` is neither text nor bytes.

    Example:
        >>> atomic_write("/tmp/gradebook.csv", "file,total\\n")  # doctest: +SKIP
        PosixPath('/tmp/gradebook.csv')
    """
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


@contextlib.contextmanager
def atomic_folder(path: str | os.PathLike) -> Iterator[Path]:
    """Yields a temporary folder beside `path`, renamed to `path` when the block succeeds.

    Fill the folder inside the `with` block; if the block raises, the
    temporary folder is removed and `path` is left as it was.

    Args:
        path: the folder to create; it must not exist when the block ends.

    Returns:
        A context manager yielding the temporary folder.

    Raises:
        FileExistsError: `path` exists when the block ends.

    Example:
        >>> import tempfile
        >>> root = Path(tempfile.mkdtemp())
        >>> with atomic_folder(root / "cache") as tmp:
        ...     _ = (tmp / "a.txt").write_text("complete")
        >>> sorted(p.name for p in (root / "cache").iterdir())
        ['a.txt']
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent))
    try:
        yield tmp
        if path.exists():
            raise FileExistsError(f"{path} already exists; refusing to overwrite it. "
                                  "Remove it first.")
        os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
