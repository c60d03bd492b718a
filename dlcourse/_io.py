"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["atomic_write"]


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
