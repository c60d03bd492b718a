"""Checks of what callers pass to the augmentation functions, with messages that say what to do."""

from __future__ import annotations

from typing import Any

import numpy as np

CHANNELS = (1, 3, 4)  # grayscale, RGB, RGBA: what Pillow, Keras and ImageDataGenerator all accept


def images(X: Any, name: str = "X", *, uint8: bool = False) -> np.ndarray:
    """Returns `X` as an array of shape (n, height, width[, channels]) or raises."""
    X = np.asarray(X)
    if X.ndim not in (3, 4) or (X.ndim == 4 and X.shape[-1] not in CHANNELS):
        raise ValueError(
            f"Expected `{name}` as a batch of images, shape (n, height, width) or "
            f"(n, height, width, channels) with channels in {CHANNELS}. "
            f"Received: {name}.shape={X.shape}. For a single image pass `{name}[None]`."
        )
    if len(X) == 0 or X.shape[1] < 2 or X.shape[2] < 2:
        raise ValueError(
            f"Expected `{name}` with at least one image of at least 2x2 pixels. "
            f"Received: {name}.shape={X.shape}"
        )
    if X.dtype == bool or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"Expected `{name}` with a numeric dtype. Received: dtype={X.dtype}")
    if uint8 and X.dtype != np.uint8:
        raise TypeError(
            f"Expected `{name}` as uint8 in [0, 255] (Pillow images). Received: dtype={X.dtype}. "
            f"If the values are in [0, 1], pass `np.round({name} * 255).astype('uint8')`."
        )
    return X


def labels(y: Any, X: np.ndarray) -> np.ndarray | None:
    """Returns `y` as an array with one entry per image, or None."""
    if y is None:
        return None
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(
            f"Expected `y` with one label per image. Received: X.shape={X.shape}, "
            f"y.shape={y.shape}"
        )
    return y


def probability(p: Any, name: str = "p") -> float:
    """Returns `p` as a float in [0, 1] or raises."""
    if isinstance(p, bool) or not isinstance(p, (int, float, np.integer, np.floating)) \
            or not 0 <= p <= 1:
        raise ValueError(f"Expected `{name}` in [0, 1]. Received: {name}={p!r}")
    return float(p)


def positive_int(value: Any, name: str) -> int:
    """Returns `value` as a positive int or raises."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"Expected `{name}` to be a positive int. Received: {name}={value!r}")
    return int(value)


def seed(value: Any, name: str = "seed") -> int:
    """Returns `value` as a non-negative int or raises."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"Expected `{name}` to be a non-negative int. Received: {name}={value!r}")
    return int(value)


def rng(value: Any) -> np.random.Generator:
    """An int seed makes a fresh generator; a `np.random.Generator` is used as it is."""
    if isinstance(value, np.random.Generator):
        return value
    return np.random.default_rng(seed(value))


def options(given: dict[str, Any], valid: list[str], what: str) -> None:
    """Raises a TypeError naming the unknown keyword arguments and the valid ones."""
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise TypeError(
            f"Unknown option(s) {unknown} for {what}. Valid options: {sorted(valid)}"
        )


def preset(name: Any, presets: dict[str, Any], what: str) -> Any:
    """Looks up a preset by name; an unknown name lists the valid ones."""
    if not isinstance(name, str) or name not in presets:
        raise ValueError(
            f"Unknown {what} preset {name!r}. Expected one of: {', '.join(presets)}"
        )
    return presets[name]
