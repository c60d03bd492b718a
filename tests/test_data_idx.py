import gzip

import numpy as np
import pytest

from dlcourse.data import idx
from dlcourse.data.idx import IMAGES_MAGIC, LABELS_MAGIC, DataFileError, read_idx, write_idx


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.int16, np.int32, np.float32, np.float64])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_roundtrip(tmp_path, dtype, suffix):
    array = (np.arange(24) - 5).astype(dtype).reshape(2, 3, 4)
    path = write_idx(tmp_path / f"x-idx3{suffix}", array)
    back = read_idx(path)
    assert back.dtype == np.dtype(dtype).newbyteorder("=")
    np.testing.assert_array_equal(back, array)


def test_reads_real_files(fashion_dir):
    X = read_idx(fashion_dir / "t10k-images-idx3-ubyte.gz",
                 expected_magic=IMAGES_MAGIC, expected_count=10000)
    y = read_idx(fashion_dir / "t10k-labels-idx1-ubyte.gz",
                 expected_magic=LABELS_MAGIC, expected_count=10000)
    assert X.shape == (10000, 28, 28) and X.dtype == np.uint8
    assert y.shape == (10000,) and sorted(np.unique(y)) == list(range(10))
    assert np.bincount(y).tolist() == [1000] * 10


def test_truncated_gzip_names_file(tmp_path, fashion_dir):
    data = (fashion_dir / "t10k-labels-idx1-ubyte.gz").read_bytes()
    bad = tmp_path / "t10k-labels-idx1-ubyte.gz"
    bad.write_bytes(data[: len(data) // 2])
    with pytest.raises(DataFileError, match="truncated") as err:
        read_idx(bad)
    assert str(bad) in str(err.value) and err.value.path == bad


def test_truncated_payload(tmp_path, fashion_bytes):
    raw = fashion_bytes["t10k-images-idx3-ubyte"]
    bad = tmp_path / "images"
    bad.write_bytes(raw[:-100])
    with pytest.raises(DataFileError, match=r"truncated: expected 7840016 bytes .*\(100 missing\)"):
        read_idx(bad, expected_magic=IMAGES_MAGIC)


def test_extra_bytes(tmp_path, fashion_bytes):
    bad = tmp_path / "labels"
    bad.write_bytes(fashion_bytes["t10k-labels-idx1-ubyte"] + b"\0" * 7)
    with pytest.raises(DataFileError, match="byte length mismatch.*7 extra"):
        read_idx(bad)


def test_corrupt_gzip(tmp_path, fashion_dir):
    data = bytearray((fashion_dir / "t10k-labels-idx1-ubyte.gz").read_bytes())
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    bad = tmp_path / "labels.gz"
    bad.write_bytes(bytes(data))
    with pytest.raises(DataFileError, match="gzip") as err:
        read_idx(bad)
    assert str(bad) in str(err.value)


def test_not_gzip_at_all(tmp_path):
    bad = tmp_path / "labels.gz"
    bad.write_bytes(b"<html>404 Not Found</html>")
    with pytest.raises(DataFileError, match="not a valid gzip"):
        read_idx(bad)


def test_wrong_magic_images_vs_labels(tmp_path, fashion_bytes):
    bad = tmp_path / "images"
    bad.write_bytes(fashion_bytes["t10k-labels-idx1-ubyte"])
    with pytest.raises(DataFileError, match="wrong magic number: expected 2051.*received 2049"):
        read_idx(bad, expected_magic=IMAGES_MAGIC)


def test_garbage_magic(tmp_path):
    bad = tmp_path / "images"
    bad.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(DataFileError, match="not an IDX file"):
        read_idx(bad)


def test_wrong_item_count(tmp_path, fashion_bytes):
    bad = tmp_path / "labels"
    bad.write_bytes(fashion_bytes["t10k-labels-idx1-ubyte"])
    with pytest.raises(DataFileError, match="item count: expected 60000, the header says 10000"):
        read_idx(bad, expected_count=60000)


def test_tiny_file(tmp_path):
    bad = tmp_path / "x"
    bad.write_bytes(b"\0\0")
    with pytest.raises(DataFileError, match="not even a 4-byte header"):
        read_idx(bad)


def test_encode_rejects_unsupported_dtype():
    with pytest.raises(TypeError, match="Received: dtype=complex128"):
        idx.encode_idx(np.zeros(3, complex))
    with pytest.raises(TypeError, match="1-D or larger"):
        idx.encode_idx(np.uint8(3))


def test_write_is_atomic(tmp_path, monkeypatch):
    dest = tmp_path / "labels.gz"
    write_idx(dest, np.arange(5, dtype=np.uint8))

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(gzip, "compress", broken)
    with pytest.raises(OSError, match="disk full"):
        write_idx(dest, np.arange(9, dtype=np.uint8))
    # the old file is untouched and no temporary file is left behind
    assert read_idx(dest).tolist() == [0, 1, 2, 3, 4]
    assert [p.name for p in tmp_path.iterdir()] == ["labels.gz"]
