"""Where the IDX datasets (Fashion-MNIST, MNIST) come from, in order.

1. `$DLCOURSE_DATA_DIR/<name>/` (a folder you choose),
2. the default cache: the repository's `data/<name>/` in a source checkout,
   else `~/.cache/dlcourse/<name>/`,
3. `/usr/share/datasets/<name>/` (Debian's dataset packages),
4. tensorflow-datasets: download, then saved as IDX files in the cache
   (the path Colab takes; offline it fails at once with every place searched).

`<name>` is the folder name, e.g. `fashion-mnist` (`fashion_mnist` also works).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dlcourse._io import atomic_folder
from dlcourse.data.idx import IMAGES_MAGIC, LABELS_MAGIC, DataFileError, read_idx, write_idx

DATA_DIR_ENV = "DLCOURSE_DATA_DIR"
# Debian's dataset packages install here; a module constant so tests can point it elsewhere.
SYSTEM_DATASETS = Path("/usr/share/datasets")
# How long the tensorflow-datasets path waits to learn the network is down.
PROBE_TIMEOUT_S = 5.0

FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


class DataNotFoundError(FileNotFoundError):
    """No source holds the dataset. `.searched` lists every place looked at."""

    def __init__(self, name: str, searched: list[str], fixes: list[str], cause: str = ""):
        self.name = name
        self.searched = list(searched)
        lines = [f"Dataset {name!r} was not found. Searched, in order:"]
        lines += [f"  {i}. {place}" for i, place in enumerate(searched, 1)]
        if cause:
            lines.append(f"Last error: {cause}")
        lines.append("To fix, do one of:")
        lines += [f"  - {fix}" for fix in fixes]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class IdxSpec:
    """One IDX dataset: folder names, official sizes, classes and download host."""

    folders: tuple[str, ...]
    counts: dict[str, int]
    classes: tuple[str, ...]
    tfds_name: str
    host: str  # probed before tensorflow-datasets is asked to download
    debian_package: str | None


IDX_DATASETS = {
    "fashion_mnist": IdxSpec(
        folders=("fashion-mnist", "fashion_mnist"),
        counts={"train": 60000, "test": 10000},
        classes=("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                 "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"),
        tfds_name="fashion_mnist",
        host="fashion-mnist.s3-website.eu-central-1.amazonaws.com",
        debian_package="dataset-fashion-mnist",
    ),
    "mnist": IdxSpec(
        folders=("mnist",),
        counts={"train": 60000, "test": 10000},
        classes=tuple(str(d) for d in range(10)),
        tfds_name="mnist",
        host="storage.googleapis.com",
        debian_package=None,
    ),
}


def _spec(name: str) -> IdxSpec:
    if name not in IDX_DATASETS:
        raise ValueError(f"Expected an IDX dataset in {sorted(IDX_DATASETS)}. Received: {name!r}")
    return IDX_DATASETS[name]


def repo_data_dir() -> Path | None:
    """The repository's `data/` folder when dlcourse runs from a source checkout."""
    root = Path(__file__).resolve().parents[2]
    if (root / "pyproject.toml").is_file() and (root / "data").is_dir():
        return root / "data"
    return None


def default_cache_dir() -> Path:
    """The repository's `data/` in a source checkout, else `~/.cache/dlcourse`."""
    repo = repo_data_dir()
    if repo is not None:
        return repo
    xdg = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(xdg) / "dlcourse"


def cache_dir() -> Path:
    """Where downloads are saved: `$DLCOURSE_DATA_DIR` if set, else `default_cache_dir()`."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser()
    return default_cache_dir()


def search_roots() -> list[tuple[Path, str]]:
    """The offline roots, in search order, each with a short label."""
    roots = []
    if os.environ.get(DATA_DIR_ENV):
        roots.append((Path(os.environ[DATA_DIR_ENV]).expanduser(), DATA_DIR_ENV))
    default = default_cache_dir()
    label = "repository data/" if repo_data_dir() is not None else "user cache"
    if all(root != default for root, _ in roots):
        roots.append((default, label))
    roots.append((SYSTEM_DATASETS, "Debian dataset package"))
    return roots


def _find_file(folder: Path, stem: str) -> Path | None:
    for candidate in (folder / f"{stem}.gz", folder / stem):
        if candidate.is_file():
            return candidate
    return None


def _complete_folder(folder: Path) -> dict[str, Path] | None:
    """All four files of `folder`, None if it has none; an error if only some."""
    stems = [stem for pair in FILES.values() for stem in pair]
    found = {stem: _find_file(folder, stem) for stem in stems}
    present = [p for p in found.values() if p is not None]
    if not present:
        return None
    missing = [stem for stem, p in found.items() if p is None]
    if missing:
        raise DataFileError(
            folder,
            f"incomplete dataset folder: has {', '.join(p.name for p in present)} "
            f"but not {', '.join(missing)} (.gz or plain)",
            "Copy the missing files there or remove the folder.",
        )
    return found


def locate(name: str) -> tuple[Path, str] | None:
    """The first offline folder holding all four IDX files of `name`, with its label."""
    spec = _spec(name)
    for root, label in search_roots():
        for folder_name in spec.folders:
            folder = root / folder_name
            if folder.is_dir() and _complete_folder(folder) is not None:
                return folder, label
    return None


def require(name: str) -> tuple[Path, str]:
    """Like `locate`, but raises when no offline folder holds `name`.

    Args:
        name: an IDX dataset, e.g. `"fashion_mnist"`.

    Returns:
        `(folder, label)`: where the four IDX files are, and which source that is.

    Raises:
        DataNotFoundError: listing every place searched and what to do.
        DataFileError: a folder holds only some of the files.

    Example:
        >>> require("fashion_mnist")  # doctest: +SKIP
        (PosixPath('/work/main/data/fashion-mnist'), 'default cache')
    """
    found = locate(name)
    if found is None:
        raise DataNotFoundError(name, searched(name), fixes(name))
    return found


def searched(name: str) -> list[str]:
    """Every place `name` is looked for offline, in search order, for error messages.

    Args:
        name: an IDX dataset, e.g. `"fashion_mnist"`.

    Returns:
        One line per place, e.g. `"/usr/share/datasets/fashion-mnist/ (system)"`.

    Example:
        >>> searched("fashion_mnist")[0]  # doctest: +SKIP
        '$DLCOURSE_DATA_DIR (not set)'
    """
    spec = _spec(name)
    places = [
        f"{root / spec.folders[0]}/ ({label})" for root, label in search_roots()
    ]
    if not os.environ.get(DATA_DIR_ENV):
        places.insert(0, f"${DATA_DIR_ENV} (not set)")
    return places


def fixes(name: str) -> list[str]:
    """What a user can do to make `name` available, one step per line.

    Args:
        name: an IDX dataset, e.g. `"fashion_mnist"`.

    Returns:
        The fixes, e.g. the Debian package to install.

    Example:
        >>> any("DLCOURSE_DATA_DIR" in fix for fix in fixes("mnist"))
        True
    """
    spec = _spec(name)
    fixes = []
    if spec.debian_package:
        fixes.append(f"install Debian's package: sudo apt-get install {spec.debian_package}")
    fixes += [
        f"put {', '.join(s + '.gz' for pair in FILES.values() for s in pair)} in "
        f"a folder DIR/{spec.folders[0]}/ and set {DATA_DIR_ENV}=DIR",
        "connect to the internet (e.g. on Colab) so tensorflow-datasets can download it",
    ]
    return fixes


def read_folder(name: str, folder: Path) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Reads and validates the official train and test sets from `folder`."""
    spec = _spec(name)
    files = _complete_folder(folder)
    if files is None:
        raise DataNotFoundError(name, [str(folder)], fixes(name))
    out = []
    for part, (images, labels) in FILES.items():
        count = spec.counts[part]
        X = read_idx(files[images], expected_magic=IMAGES_MAGIC, expected_count=count)
        y = read_idx(files[labels], expected_magic=LABELS_MAGIC, expected_count=count)
        num_classes = len(spec.classes)
        if y.size and int(y.max()) >= num_classes:
            raise DataFileError(
                files[labels], f"label {int(y.max())} out of range for {num_classes} classes"
            )
        out.append((X, y.astype(np.int64)))
    return tuple(out)


def _online(host: str) -> str | None:
    """None when `host` answers on port 443, else why not (fails fast offline)."""
    try:
        socket.create_connection((host, 443), timeout=PROBE_TIMEOUT_S).close()
        return None
    except OSError as e:
        return f"{host} unreachable ({e})"


def save_to_cache(name: str, train, test, root: Path | None = None) -> Path:
    """Writes train/test arrays as a complete IDX folder, all four files or none.

    The files are written into a temporary folder beside the destination,
    which is renamed into place only when all four are complete.
    """
    spec = _spec(name)
    root = Path(root) if root is not None else cache_dir()
    dest = root / spec.folders[0]
    with atomic_folder(dest) as tmp:
        for (images, labels), (X, y) in zip(FILES.values(), (train, test), strict=True):
            write_idx(tmp / f"{images}.gz", np.asarray(X, np.uint8))
            write_idx(tmp / f"{labels}.gz", np.asarray(y, np.uint8))
        if dest.exists():
            raise DataFileError(dest, "already exists; refusing to overwrite", "Remove it first.")
    return dest


def fetch_with_tfds(name: str) -> Path:
    """Downloads `name` with tensorflow-datasets and saves it as IDX files in the cache."""
    spec = _spec(name)
    places = searched(name) + [f"tensorflow-datasets download of {spec.tfds_name!r}"]
    why = _online(spec.host)
    if why is not None:
        raise DataNotFoundError(name, places, fixes(name), cause=f"offline: {why}")
    try:
        import tensorflow_datasets as tfds

        parts = tfds.as_numpy(tfds.load(
            spec.tfds_name, split=["train", "test"], batch_size=-1, as_supervised=True,
            data_dir=str(cache_dir() / "tfds"),
        ))
    except Exception as e:  # tfds raises many types; all mean "no data from here"
        raise DataNotFoundError(
            name, places, fixes(name), cause=f"{type(e).__name__}: {e}"
        ) from e
    (X_train, y_train), (X_test, y_test) = parts
    return save_to_cache(
        name, (X_train.reshape(-1, 28, 28), y_train), (X_test.reshape(-1, 28, 28), y_test)
    )


def load_official(name: str) -> tuple[tuple, tuple, str]:
    """The official (train, test) sets of an IDX dataset and where they came from."""
    found = locate(name)
    if found is not None:
        folder, label = found
        train, test = read_folder(name, folder)
        return train, test, f"{folder} ({label})"
    folder = fetch_with_tfds(name)
    train, test = read_folder(name, folder)
    return train, test, f"{folder} (downloaded with tensorflow-datasets)"


def describe_source(name: str) -> str:
    """One line saying where `name` would load from, without reading it."""
    try:
        found = locate(name)
    except DataFileError as e:
        return f"problem: {e}"
    if found is not None:
        return f"{found[0]} ({found[1]})"
    return f"not found offline; would download with tensorflow-datasets into {cache_dir()}"
