"""Reading, validating and atomically writing IDX files (the MNIST format).

An IDX file is a 4-byte magic number (two zero bytes, a type code, the number
of dimensions), one big-endian 4-byte size per dimension, then the items. We
validate all three things a damaged download gets wrong: the magic number, the
item count and the byte length.
"""

from __future__ import annotations

import gzip
import os
import zlib
from pathlib import Path

import numpy as np

from dlcourse._io import atomic_write

IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension

_DTYPES = {
    0x08: np.dtype(np.uint8),
    0x09: np.dtype(np.int8),
    0x0B: np.dtype(">i2"),
    0x0C: np.dtype(">i4"),
    0x0D: np.dtype(">f4"),
    0x0E: np.dtype(">f8"),
}
_CODES = {dtype.newbyteorder(">"): code for code, dtype in _DTYPES.items()}


class DataFileError(ValueError):
    """A data file exists but is truncated, corrupt or not what was expected.

    The message names the file and says what to do; `.path` holds the file.
    """

    def __init__(self, path: str | os.PathLike, problem: str, fix: str | None = None):
        self.path = Path(path)
        fix = fix or (
            "Delete or replace this file: reinstall Debian's package "
            "(`apt-get install --reinstall dataset-fashion-mnist`), copy a good "
            "copy into DLCOURSE_DATA_DIR, or remove it so the data is downloaded again."
        )
        super().__init__(f"{self.path}: {problem}. {fix}")


def _read_bytes(path: Path) -> bytes:
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rb") as f:
                return f.read()
        return path.read_bytes()
    except EOFError as e:  # gzip stream cut short: a truncated download
        raise DataFileError(path, f"the gzip stream is truncated ({e})") from e
    except (gzip.BadGzipFile, zlib.error) as e:
        raise DataFileError(path, f"not a valid gzip file ({e})") from e


def read_idx(
    path: str | os.PathLike,
    *,
    expected_magic: int | None = None,
    expected_count: int | None = None,
) -> np.ndarray:
    """Reads and validates one IDX file (plain or `.gz`).

    Args:
        path: the file.
        expected_magic: `IMAGES_MAGIC` (2051) or `LABELS_MAGIC` (2049); any
            valid IDX magic is accepted when `None`. Defaults to `None`.
        expected_count: the number of items (first dimension) the file must
            hold, e.g. 60000. Defaults to `None` (not checked).

    Returns:
        A NumPy array in native byte order, e.g. `uint8` of shape (60000, 28, 28).

    Raises:
        DataFileError: truncated or corrupt gzip, wrong magic number, wrong
            item count, or a byte length that does not match the header.

    Example:
        >>> X = read_idx("/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz",
        ...              expected_magic=IMAGES_MAGIC, expected_count=10000)  # doctest: +SKIP
        >>> X.shape  # doctest: +SKIP
        (10000, 28, 28)
    """
    path = Path(path)
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise DataFileError(path, f"truncated: {len(raw)} bytes, not even a 4-byte header")
    magic = int.from_bytes(raw[:4], "big")
    zero, code, ndim = int.from_bytes(raw[:2], "big"), raw[2], raw[3]
    if zero != 0 or code not in _DTYPES or ndim == 0:
        raise DataFileError(
            path, f"not an IDX file: magic number {magic:#010x} is not valid"
            + (f" (expected {expected_magic:#010x})" if expected_magic else "")
        )
    if expected_magic is not None and magic != expected_magic:
        kind = {IMAGES_MAGIC: "images", LABELS_MAGIC: "labels"}
        raise DataFileError(
            path,
            f"wrong magic number: expected {expected_magic} ({kind.get(expected_magic, '?')}), "
            f"received {magic} ({kind.get(magic, 'other IDX data')}); "
            "an images and a labels file may have been swapped",
        )
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataFileError(path, f"truncated inside the header ({len(raw)} of {header} bytes)")
    shape = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    if expected_count is not None and shape[0] != expected_count:
        raise DataFileError(
            path, f"wrong item count: expected {expected_count}, the header says {shape[0]}"
        )
    dtype = _DTYPES[code]
    expected_len = header + int(np.prod(shape)) * dtype.itemsize
    if len(raw) < expected_len:
        raise DataFileError(
            path, f"truncated: expected {expected_len} bytes for shape {shape}, "
            f"found {len(raw)} ({expected_len - len(raw)} missing)"
        )
    if len(raw) > expected_len:
        raise DataFileError(
            path, f"byte length mismatch: expected {expected_len} bytes for shape {shape}, "
            f"found {len(raw)} ({len(raw) - expected_len} extra)"
        )
    data = np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape)
    return data.astype(dtype.newbyteorder("="), copy=True)


def encode_idx(array: np.ndarray) -> bytes:
    """Encodes an array as IDX bytes (the inverse of `read_idx`).

    Args:
        array: uint8, int8, int16, int32, float32 or float64 data, at least 1-D.

    Returns:
        The IDX bytes, uncompressed.

    Example:
        >>> len(encode_idx(np.zeros((2, 3), np.uint8)))
        18
    """
    array = np.asarray(array)
    big = array.dtype.newbyteorder(">")
    if big not in _CODES or array.ndim == 0:
        raise TypeError(
            f"Expected a 1-D or larger array of dtype uint8, int8, int16, int32, float32 or "
            f"float64. Received: dtype={array.dtype}, shape={array.shape}"
        )
    head = bytes([0, 0, _CODES[big], array.ndim])
    head += b"".join(int(d).to_bytes(4, "big") for d in array.shape)
    return head + array.astype(big, copy=False).tobytes()


def write_idx(path: str | os.PathLike, array: np.ndarray) -> Path:
    """Writes an array as an IDX file, gzipped when the name ends in `.gz`.

    The file appears whole or not at all: bytes go to a temporary file in the
    same folder, which is renamed over `path` only after a complete write.

    Args:
        path: the destination.
        array: see `encode_idx`.

    Returns:
        The path written.

    Example:
        >>> write_idx("/tmp/labels-idx1-ubyte.gz", np.arange(3, dtype=np.uint8))  # doctest: +SKIP
    """
    path = Path(path)
    payload = encode_idx(array)
    return atomic_write(path, gzip.compress(payload, mtime=0) if path.suffix == ".gz"
                        else payload)
