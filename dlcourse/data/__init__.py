"""Every dataset of the course through one call: `load(name)`.

    >>> from dlcourse import data
    >>> s = data.load("moons", seed=0)
    >>> X_train, y_train = s.train

Images are uint8 in [0, 255] with shape (n, height, width[, channels]);
scale them in the model (`keras.layers.Rescaling(1 / 255)`) or yourself.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dlcourse import _validate, config
from dlcourse.data import sources, toy
from dlcourse.data.idx import DataFileError, read_idx, write_idx
from dlcourse.data.pipeline import as_dataset
from dlcourse.data.sources import DataNotFoundError
from dlcourse.data.splits import split, stratified_order

__all__ = [
    "DataFileError", "DataNotFoundError", "NAMES", "SIZES", "Splits",
    "as_dataset", "load", "read_idx", "split", "write_idx",
]

# (train, val, test) sizes of the IDX sets. `full`: the official 10k test set,
# and a stratified 10k validation slice of the official 60k training set.
# `fast`: stratified subsets, big enough for ~0.85 Fashion-MNIST accuracy with
# a small CNN in seconds on two CPU cores, with a test set whose accuracy has a
# standard error under 1 point (sqrt(0.85 * 0.15 / 2000) = 0.8%).
SIZES = {
    "full": {"idx": (50000, 10000, 10000)},
    "fast": {"idx": (12000, 2000, 2000)},
}
# Samples made per synthetic set (then split 60/20/20), as (fast, full).
_TOY_SAMPLES = {
    **{name: (1000, 1000) for name in toy.TWO_D},  # cheap either way; plots stay readable
    "sine": (1000, 5000),
    "long_gap": (1500, 6000),
    "audio": (400, 2000),
}


@dataclass(frozen=True)
class Splits:
    """A dataset split into train, validation and test parts.

    Attributes:
        name: the dataset's name.
        train, val, test: `(X, y)` pairs of NumPy arrays.
        classes: class names, index = label (empty for regression).
        source: where the data came from (a folder, a generator, a package).
        profile: the profile it was loaded for.
        info: extra facts, e.g. `sample_rate` for audio.
    """

    name: str
    train: tuple[np.ndarray, np.ndarray]
    val: tuple[np.ndarray, np.ndarray]
    test: tuple[np.ndarray, np.ndarray]
    classes: tuple[str, ...]
    source: str
    profile: str
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def num_classes(self) -> int:
        return len(self.classes)

    def __repr__(self) -> str:
        shapes = ", ".join(
            f"{part}={getattr(self, part)[0].shape}" for part in ("train", "val", "test")
        )
        return (
            f"Splits({self.name!r}, {shapes}, num_classes={self.num_classes}, "
            f"profile={self.profile!r}, source={self.source!r})"
        )


def _load_idx(name: str, seed: int, profile: str) -> Splits:
    (X_full, y_full), (X_test, y_test), source = sources.load_official(name)
    n_train, n_val, n_test = SIZES[profile]["idx"]
    n = len(y_full)
    (X_train, y_train), (X_val, y_val) = split(
        X_full, y_full, fractions=(1 - n_val / n, n_val / n), stratify=True, seed=seed
    )
    rng = np.random.default_rng(seed)
    # stratified_order: any prefix keeps the class balance, so a subset is a prefix
    keep = np.sort(stratified_order(y_train, rng)[:n_train])
    X_train, y_train = X_train[keep], y_train[keep]
    if n_test < len(y_test):
        keep = np.sort(stratified_order(y_test, rng)[:n_test])
        X_test, y_test = X_test[keep], y_test[keep]
    spec = sources.IDX_DATASETS[name]
    return Splits(name, (X_train, y_train), (X_val[:n_val], y_val[:n_val]), (X_test, y_test),
                  spec.classes, source, profile)


def _load_digits(seed: int, profile: str) -> Splits:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    # 0..16 intensities -> 0..255 so every image set shares one convention
    X = np.round(bunch.images * (255 / 16)).astype(np.uint8)
    train, val, test = split(X, bunch.target.astype(np.int64), seed=seed)
    return Splits("digits", train, val, test, tuple(str(d) for d in range(10)),
                  "scikit-learn load_digits (bundled, 8x8)", profile)


def _load_sample_images(seed: int, profile: str) -> Splits:
    from sklearn.datasets import load_sample_images

    bunch = load_sample_images()
    X = np.stack(bunch.images).astype(np.uint8)
    names = tuple(f.rsplit("/", 1)[-1].split(".")[0] for f in bunch.filenames)
    empty = (X[:0], np.zeros(0, np.int64))
    return Splits("sample_images", (X, np.arange(len(X), dtype=np.int64)), empty, empty, names,
                  "scikit-learn load_sample_images (bundled photos; all in train)", profile)


def _load_toy(name: str, seed: int, profile: str, options: dict[str, Any]) -> Splits:
    maker = {**toy.TWO_D, **toy.SEQUENCES, "audio": toy.audio}[name]
    allowed = [p for p in inspect.signature(maker).parameters if p != "rng"]
    _validate.options(options, allowed, f"dataset {name!r}")
    options = dict(options)
    options.setdefault("n_samples", config.pick(*_TOY_SAMPLES[name], profile_name=profile))
    X, y = maker(rng=np.random.default_rng(seed), **options)
    regression = name == "sine"
    train, val, test = split(X, y, stratify=not regression, seed=seed)
    classes: tuple[str, ...] = ()
    info: dict[str, Any] = {}
    if name == "audio":
        classes, info = toy.AUDIO_CLASSES, {"sample_rate": toy.SAMPLE_RATE}
    elif not regression:
        classes = ("0", "1")
    detail = ", ".join(f"{k}={v}" for k, v in sorted(options.items()))
    return Splits(name, train, val, test, classes,
                  f"generated by dlcourse.data.toy.{maker.__name__}({detail}, seed={seed})",
                  profile, info)


NAMES = (
    "fashion_mnist", "mnist", "digits", "sample_images", "moons", "circles", "ring",
    "spirals", "xor", "blobs", "sine", "long_gap", "audio",
)


def load(name: str, *, seed: int = 0, profile: str | None = None, **options: Any) -> Splits:
    """Loads a course dataset, split into train, validation and test parts.

    Args:
        name: one of `NAMES`: `fashion_mnist`, `mnist` (IDX files; official
            test set, stratified validation slice of the training set),
            `digits`, `sample_images` (bundled with scikit-learn), `moons`,
            `circles`, `ring`, `spirals`, `xor`, `blobs` (2-D toy sets),
            `sine`, `long_gap` (sequences) or `audio` (synthetic clips).
        seed: fixes the split and any generated data. Defaults to `0`.
        profile: `"fast"` (documented subsets, see `SIZES`) or `"full"`.
            Defaults to `None` (the active profile, see `config.profile`).
        **options: generator options of the synthetic sets, e.g.
            `n_samples=500`, `noise=0.2`, `seq_len=100`.

    Returns:
        A `Splits` with `.train`, `.val`, `.test` (`(X, y)` pairs), `.classes`
        and `.source`.

    Raises:
        ValueError: an unknown name (the message lists the valid ones).
        DataNotFoundError: no source holds the IDX files (lists where it looked).
        DataFileError: a truncated, corrupt or mismatched file (names it).

    Example:
        >>> s = load("blobs", seed=1)
        >>> s.train[0].shape, s.classes
        ((600, 2), ('0', '1'))
    """
    if name not in NAMES:
        raise ValueError(f"Unknown dataset {name!r}. Expected one of: {', '.join(NAMES)}")
    seed = _validate.seed(seed)
    profile = config.profile(profile)
    if name in ("fashion_mnist", "mnist", "digits", "sample_images") and options:
        raise TypeError(f"Dataset {name!r} takes no options. Received: {sorted(options)}")
    if name in sources.IDX_DATASETS:
        return _load_idx(name, int(seed), profile)
    if name == "digits":
        return _load_digits(int(seed), profile)
    if name == "sample_images":
        return _load_sample_images(int(seed), profile)
    return _load_toy(name, int(seed), profile, options)
