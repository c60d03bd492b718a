import dataclasses
import os
import sys
import time
import types

import numpy as np
import pytest

from dlcourse import data
from dlcourse.data import sources
from dlcourse.data.idx import DataFileError


def test_truncated_file_in_data_dir_names_it(fashion_copy, fashion_dir):
    bad = fashion_copy / "train-labels-idx1-ubyte.gz"
    raw = (fashion_dir / bad.name).read_bytes()
    bad.unlink()
    bad.write_bytes(raw[: len(raw) // 3])
    with pytest.raises(DataFileError) as err:
        data.load("fashion_mnist")
    assert str(bad) in str(err.value)
    assert "truncated" in str(err.value)


def test_data_dir_comes_first(fashion_copy, monkeypatch, fashion_dir):
    monkeypatch.setattr(sources, "SYSTEM_DATASETS", fashion_dir.parent)  # also present
    s = data.load("fashion_mnist", profile="fast")
    assert s.source.startswith(str(fashion_copy))
    assert "DLCOURSE_DATA_DIR" in s.source


def test_underscore_folder_name_accepted(isolated, fashion_dir):
    (isolated / "fashion_mnist").symlink_to(fashion_dir)
    assert sources.locate("fashion_mnist")[0] == isolated / "fashion_mnist"


def test_system_datasets_used_when_nothing_else(isolated, fashion_dir, monkeypatch):
    monkeypatch.setattr(sources, "SYSTEM_DATASETS", fashion_dir.parent)
    s = data.load("fashion_mnist", profile="fast")
    assert "Debian dataset package" in s.source


def test_missing_everywhere_lists_every_place(isolated):
    start = time.monotonic()
    with pytest.raises(sources.DataNotFoundError) as err:
        data.load("fashion_mnist")
    message = str(err.value)
    assert time.monotonic() - start < 10
    for place in (str(isolated / "fashion-mnist"), "no-system-datasets/fashion-mnist",
                  "tensorflow-datasets", "offline", "apt-get install dataset-fashion-mnist",
                  "DLCOURSE_DATA_DIR"):
        assert place in message, place
    assert len(err.value.searched) == 4  # data dir, user cache, Debian folder, tfds
    assert isinstance(err.value, FileNotFoundError)


def test_unset_data_dir_is_reported(isolated, monkeypatch):
    monkeypatch.delenv(sources.DATA_DIR_ENV)
    with pytest.raises(sources.DataNotFoundError, match=r"\$DLCOURSE_DATA_DIR \(not set\)"):
        data.load("mnist")


def test_incomplete_folder(fashion_copy):
    (fashion_copy / "t10k-images-idx3-ubyte.gz").unlink()
    with pytest.raises(DataFileError, match="incomplete dataset folder.*t10k-images-idx3-ubyte"):
        data.load("fashion_mnist")


def test_swapped_files(fashion_copy, fashion_dir):
    images = fashion_copy / "train-images-idx3-ubyte.gz"
    images.unlink()
    images.symlink_to(fashion_dir / "train-labels-idx1-ubyte.gz")
    with pytest.raises(DataFileError, match="wrong magic number") as err:
        data.load("fashion_mnist")
    assert str(images) in str(err.value)


def test_mismatched_test_labels(fashion_copy, fashion_dir):
    labels = fashion_copy / "t10k-labels-idx1-ubyte.gz"
    labels.unlink()
    labels.symlink_to(fashion_dir / "train-labels-idx1-ubyte.gz")
    with pytest.raises(DataFileError, match="expected 10000, the header says 60000"):
        data.load("fashion_mnist")


def test_probe_fails_fast_offline():
    start = time.monotonic()
    reason = sources._online("dlcourse-test.invalid")  # .invalid never resolves (RFC 2606)
    assert reason is not None and "unreachable" in reason
    assert time.monotonic() - start < sources.PROBE_TIMEOUT_S + 2


@pytest.fixture
def small_spec(monkeypatch):
    """Fashion-MNIST with tiny official sizes, so cache tests write small files."""
    spec = dataclasses.replace(sources.IDX_DATASETS["fashion_mnist"],
                               counts={"train": 30, "test": 10})
    monkeypatch.setitem(sources.IDX_DATASETS, "fashion_mnist", spec)
    rng = np.random.default_rng(0)
    train = rng.integers(0, 256, (30, 28, 28), dtype=np.uint8), np.arange(30) % 10
    test = rng.integers(0, 256, (10, 28, 28), dtype=np.uint8), np.arange(10) % 10
    return train, test


def _fake_tfds(monkeypatch, load):
    fake = types.ModuleType("tensorflow_datasets")
    fake.load = load
    fake.as_numpy = lambda x: x
    monkeypatch.setitem(sys.modules, "tensorflow_datasets", fake)


def test_tfds_download_saved_to_cache(isolated, small_spec, monkeypatch):
    (X_train, y_train), (X_test, y_test) = small_spec
    calls = []

    def load(name, **kwargs):
        calls.append((name, kwargs))
        return [(X_train[..., None], y_train), (X_test[..., None], y_test)]

    _fake_tfds(monkeypatch, load)
    monkeypatch.setattr(sources, "_online", lambda host: None)
    first = sources.load_official("fashion_mnist")
    assert "downloaded with tensorflow-datasets" in first[2]
    assert calls[0][0] == "fashion_mnist" and calls[0][1]["split"] == ["train", "test"]
    np.testing.assert_array_equal(first[0][0], X_train)
    np.testing.assert_array_equal(first[1][1], y_test)
    # second load: from the cache, no download
    second = sources.load_official("fashion_mnist")
    assert len(calls) == 1 and "DLCOURSE_DATA_DIR" in second[2]
    assert sorted(p.name for p in isolated.iterdir()) == ["fashion-mnist"]


def test_tfds_failure_is_clear_and_leaves_nothing(isolated, small_spec, monkeypatch):
    def load(name, **kwargs):
        raise ConnectionError("download interrupted")

    _fake_tfds(monkeypatch, load)
    monkeypatch.setattr(sources, "_online", lambda host: None)
    with pytest.raises(sources.DataNotFoundError, match="ConnectionError: download interrupted"):
        data.load("fashion_mnist")
    assert list(isolated.iterdir()) == []


def test_cache_write_is_all_or_nothing(isolated, small_spec, monkeypatch):
    train, test = small_spec
    written = []
    real = sources.write_idx

    def failing(path, array):
        if len(written) == 3:
            raise OSError("disk full")
        written.append(path)
        return real(path, array)

    monkeypatch.setattr(sources, "write_idx", failing)
    with pytest.raises(OSError, match="disk full"):
        sources.save_to_cache("fashion_mnist", train, test, root=isolated)
    assert len(written) == 3
    assert os.listdir(isolated) == []  # no partial folder, no temporary folder


def test_cache_never_overwrites(isolated, small_spec):
    train, test = small_spec
    sources.save_to_cache("fashion_mnist", train, test, root=isolated)
    with pytest.raises(DataFileError, match="refusing to overwrite"):
        sources.save_to_cache("fashion_mnist", train, test, root=isolated)
    assert sorted(os.listdir(isolated)) == ["fashion-mnist"]


def test_label_out_of_range(isolated, small_spec):
    train, test = small_spec
    sources.save_to_cache("fashion_mnist", train, (test[0], test[1] + 200), root=isolated)
    with pytest.raises(DataFileError, match="label 209 out of range for 10 classes"):
        data.load("fashion_mnist")


def test_describe_source(isolated, fashion_copy):
    assert str(fashion_copy) in sources.describe_source("fashion_mnist")
    assert "not found offline" in sources.describe_source("mnist")


def test_require_finds_the_folder_or_lists_every_place(isolated, fashion_dir):
    # the public locate-or-raise the `dlcourse doctor` command uses
    with pytest.raises(sources.DataNotFoundError) as err:
        sources.require("fashion_mnist")
    assert err.value.searched == sources.searched("fashion_mnist")
    assert any("DLCOURSE_DATA_DIR" in fix for fix in sources.fixes("fashion_mnist"))
    (isolated / "fashion-mnist").symlink_to(fashion_dir)
    assert sources.require("fashion_mnist")[0] == isolated / "fashion-mnist"
