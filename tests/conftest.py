"""Shared fixtures: the real Fashion-MNIST files and an isolated set of data sources."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from dlcourse.data import sources

# The hostile corpus is graded by test_grading_hostile.py, never collected itself: one of
# its notebooks loops forever and another crashes its kernel (and make_corpus.py is a script).
collect_ignore_glob = ["hostile/*"]

FASHION = Path("/usr/share/datasets/fashion-mnist")
STEMS = [stem for pair in sources.FILES.values() for stem in pair]


@pytest.fixture(scope="session")
def fashion_dir() -> Path:
    """Debian's Fashion-MNIST folder; the test command installs it, so its absence fails."""
    missing = [s for s in STEMS if not (FASHION / f"{s}.gz").is_file()]
    if missing:
        pytest.fail(
            f"Fashion-MNIST files missing from {FASHION}: {missing}. "
            "Run ./scripts/test (it installs dataset-fashion-mnist) or apt-get install it."
        )
    return FASHION


@pytest.fixture(scope="session")
def fashion_bytes(fashion_dir) -> dict[str, bytes]:
    """The four decompressed IDX files, read once per session."""
    return {s: gzip.decompress((fashion_dir / f"{s}.gz").read_bytes()) for s in STEMS}


@pytest.fixture
def isolated(tmp_path, monkeypatch) -> Path:
    """No data source but the returned folder, used as DLCOURSE_DATA_DIR; network probe fails."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    monkeypatch.setenv(sources.DATA_DIR_ENV, str(data_dir))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(sources, "SYSTEM_DATASETS", tmp_path / "no-system-datasets")
    monkeypatch.setattr(sources, "repo_data_dir", lambda: None)
    monkeypatch.setattr(sources, "_online", lambda host: f"{host} unreachable (test)")
    return data_dir


@pytest.fixture
def fashion_copy(isolated, fashion_dir) -> Path:
    """DLCOURSE_DATA_DIR/fashion-mnist/ with symlinks to the real files, ready to damage."""
    folder = isolated / "fashion-mnist"
    folder.mkdir()
    for stem in STEMS:
        os.symlink(fashion_dir / f"{stem}.gz", folder / f"{stem}.gz")
    return folder


@pytest.fixture(scope="session")
def bundle_01(tmp_path_factory):
    """Notebook 01's otter autograder zip, built for this test session (dist/ may not exist,
    and parallel test workers must not write the same file)."""
    from dlcourse import build

    root = Path(__file__).resolve().parents[1]
    out = tmp_path_factory.mktemp("bundle01")
    built = build.build_one(root / "solutions" / "01_neurons_activations_losses.ipynb",
                            out / "notebooks", out / "autograder", run_tests=False)
    return built.autograder
