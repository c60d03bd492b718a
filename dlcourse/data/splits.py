"""Random, optionally stratified partitions: the methodology lecture's 60/20/20."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from dlcourse import _validate


def _check_fractions(fractions: Sequence[float]) -> tuple[float, ...]:
    try:
        fr = tuple(float(f) for f in fractions)
    except (TypeError, ValueError) as e:
        raise TypeError(
            f"Expected `fractions` to be 2 or 3 numbers. Received: fractions={fractions!r}"
        ) from e
    if len(fr) not in (2, 3):
        raise ValueError(
            f"Expected 2 fractions (train, test) or 3 (train, val, test). "
            f"Received: fractions={fractions!r}"
        )
    if any(not 0 < f < 1 for f in fr):
        raise ValueError(f"Expected every fraction in (0, 1). Received: fractions={fractions!r}")
    if abs(sum(fr) - 1) > 1e-6:
        raise ValueError(
            f"Expected fractions that sum to 1. Received: fractions={fractions!r} "
            f"(sum {sum(fr):.6g})"
        )
    return fr


def _is_class_labels(y: np.ndarray) -> bool:
    if y.ndim != 1:
        return False
    if np.issubdtype(y.dtype, np.integer) or y.dtype.kind in "bUSO":
        return True
    return np.issubdtype(y.dtype, np.floating) and bool(np.all(np.mod(y, 1) == 0))


def stratified_order(y: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A permutation of `range(len(y))` in which every prefix and every slice is stratified.

    Each class is shuffled, then its members are spread evenly over (0, 1)
    with a random offset; sorting by that position interleaves the classes,
    so cutting the order anywhere keeps each class's share within one sample.

    Args:
        y: class labels, 1-D.
        rng: the random generator.

    Returns:
        An int64 index array.

    Example:
        >>> order = stratified_order(np.array([0, 0, 1, 1]), np.random.default_rng(0))
        >>> sorted(np.array([0, 0, 1, 1])[order[:2]].tolist())
        [0, 1]
    """
    keys = np.empty(len(y))
    for c in np.unique(y):
        members = rng.permutation(np.flatnonzero(y == c))
        keys[members] = (np.arange(len(members)) + rng.random()) / len(members)
    return np.argsort(keys, kind="stable")


def split(
    X: np.ndarray,
    y: np.ndarray,
    fractions: Sequence[float] = (0.6, 0.2, 0.2),
    stratify: bool = True,
    seed: int = 0,
) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Randomly partitions `(X, y)` into disjoint parts, e.g. train/val/test 60/20/20.

    Args:
        X: samples, first axis is the sample axis.
        y: labels (or regression targets with `stratify=False`), same length as `X`.
        fractions: 2 or 3 fractions in (0, 1) that sum to 1. Defaults to
            `(0.6, 0.2, 0.2)`.
        stratify: keep each class's share equal in every part (within one
            sample per class). Needs class labels. Defaults to `True`.
        seed: the same seed gives the same partition. Defaults to `0`.

    Returns:
        One `(X_part, y_part)` pair per fraction, in order; sizes are
        `round(cumulative fraction * n)` differences, so they sum to `n`.

    Example:
        >>> X, y = np.arange(10).reshape(10, 1), np.array([0, 1] * 5)
        >>> train, val, test = split(X, y, seed=0)
        >>> [len(part[0]) for part in (train, val, test)]
        [6, 2, 2]
    """
    fr = _check_fractions(fractions)
    X, y = _validate.samples(X, y)
    seed = _validate.seed(seed)
    n = len(y)
    if n < len(fr):
        raise ValueError(f"Expected at least {len(fr)} samples to split. Received: {n}")
    rng = np.random.default_rng(seed)
    if stratify:
        if not _is_class_labels(y):
            raise ValueError(
                f"stratify=True needs 1-D class labels. Received: y with dtype={y.dtype}, "
                f"shape={y.shape}. Pass stratify=False for regression targets."
            )
        order = stratified_order(y, rng)
    else:
        order = rng.permutation(n)
    bounds = np.round(np.cumsum((0.0,) + fr) * n).astype(int)
    bounds[-1] = n
    parts = []
    for start, stop in zip(bounds[:-1], bounds[1:], strict=True):
        idx = rng.permutation(order[start:stop])  # no class-interleaved pattern inside a part
        parts.append((X[idx], y[idx]))
    return tuple(parts)
