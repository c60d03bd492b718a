"""Argument checks shared by every module: one definition and one message per kind of mistake.

On the model of Keras's `keras/src/utils/argument_validation.py`: each
function takes the value and its name, returns the value in a standard form
(an `int`, a `float`, a tuple, an array) or raises an error that says what
was expected and what was received:

    >>> from dlcourse import _validate
    >>> _validate.positive_int(3, "batch_size")
    3
    >>> _validate.seed(-1)
    Traceback (most recent call last):
    ValueError: Expected `seed` to be a non-negative int. Received: seed=-1

A value of the wrong type raises `ArgumentTypeError`, which is both a
`TypeError` and a `ValueError`: the modules these checks replaced raised one
or the other, and a caller catching either keeps working. A value of the
right type out of its range raises `ValueError`.

`bool` is never a number here (`True` as a batch size is a mistake, not 1),
and NumPy scalars count as Python ones.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = [
    "ArgumentTypeError", "boolean", "images", "integer", "is_int", "is_number", "labels",
    "number", "one_of", "options", "positive", "positive_int", "preset", "probability", "rate",
    "rng", "samples", "seed",
]

INTEGER = (int, np.integer)
NUMBER = (int, float, np.integer, np.floating)
CHANNELS = (1, 3, 4)  # grayscale, RGB, RGBA: what Pillow, Keras and ImageDataGenerator all accept


class ArgumentTypeError(TypeError, ValueError):
    """A value of the wrong type: a `TypeError`, and a `ValueError` for older callers."""


def is_int(value: Any) -> bool:
    """Whether `value` is an int (Python or NumPy) and not a bool.

    Args:
        value: anything.

    Returns:
        `True` for `3` or `np.int64(3)`, `False` for `True`, `3.0` or `"3"`.

    Example:
        >>> is_int(np.int64(3)), is_int(True), is_int(3.0)
        (True, False, False)
    """
    return isinstance(value, INTEGER) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    """Whether `value` is a real number (Python or NumPy) and not a bool.

    Args:
        value: anything.

    Returns:
        `True` for ints and floats, including `nan` and `inf`.

    Example:
        >>> is_number(0.5), is_number(np.float32(1)), is_number(False), is_number("1")
        (True, True, False, False)
    """
    return isinstance(value, NUMBER) and not isinstance(value, bool)


def _bounds(low: Any, high: Any, low_open: bool, high_open: bool) -> str:
    if low is not None and high is not None:
        return f"in {'(' if low_open else '['}{low}, {high}{')' if high_open else ']'}"
    if low is not None:
        return f"{'>' if low_open else '>='} {low}"
    if high is not None:
        return f"{'<' if high_open else '<='} {high}"
    return ""


def integer(value: Any, name: str, *, low: int | None = None, high: int | None = None) -> int:
    """Returns `value` as an `int` in `[low, high]` or raises.

    Args:
        value: the argument.
        name: its name, for the message.
        low: the smallest value allowed. Defaults to `None` (no bound).
        high: the largest value allowed. Defaults to `None` (no bound).

    Returns:
        `int(value)`.

    Raises:
        ArgumentTypeError: not an int (floats and bools included).
        ValueError: out of range.

    Example:
        >>> integer(np.int64(5), "resolution", low=2, high=2000)
        5
        >>> integer(1, "num_classes", low=2)
        Traceback (most recent call last):
        ValueError: Expected `num_classes` to be an int >= 2. Received: num_classes=1
    """
    if low == 1 and high is None:
        what = "a positive int"
    elif low == 0 and high is None:
        what = "a non-negative int"
    else:
        what = f"an int {_bounds(low, high, False, False)}".rstrip()
    if not is_int(value):
        raise ArgumentTypeError(f"Expected `{name}` to be {what}. Received: {name}={value!r}")
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"Expected `{name}` to be {what}. Received: {name}={value!r}")
    return int(value)


def positive_int(value: Any, name: str) -> int:
    """Returns `value` as an `int` >= 1 or raises.

    Args:
        value: the argument, e.g. a batch size.
        name: its name, for the message.

    Returns:
        `int(value)`.

    Raises:
        ValueError: not an int >= 1 (an `ArgumentTypeError` when not an int).

    Example:
        >>> positive_int(2.5, "num_epochs")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        dlcourse._validate.ArgumentTypeError: Expected ... positive int. Received: num_epochs=2.5
    """
    return integer(value, name, low=1)


def seed(value: Any, name: str = "seed") -> int:
    """Returns `value` as a non-negative `int` (NumPy's and Keras's seeds) or raises.

    Args:
        value: the seed.
        name: its name, for the message. Defaults to `"seed"`.

    Returns:
        `int(value)`.

    Raises:
        ValueError: not an int >= 0 (an `ArgumentTypeError` when not an int).

    Example:
        >>> seed(np.int32(7))
        7
    """
    return integer(value, name, low=0)


def rng(value: Any) -> np.random.Generator:
    """An int seed makes a fresh generator; a `np.random.Generator` is used as it is.

    Args:
        value: a non-negative int or a `np.random.Generator`.

    Returns:
        A `np.random.Generator`.

    Raises:
        ValueError: `value` is neither.

    Example:
        >>> int(rng(0).integers(100)) == int(np.random.default_rng(0).integers(100))
        True
    """
    if isinstance(value, np.random.Generator):
        return value
    return np.random.default_rng(seed(value))


def number(value: Any, name: str, *, low: float | None = None, high: float | None = None,
           low_open: bool = False, high_open: bool = False, finite: bool = True) -> float:
    """Returns `value` as a `float` within the bounds or raises.

    Args:
        value: the argument.
        name: its name, for the message.
        low: the lower bound. Defaults to `None` (none).
        high: the upper bound. Defaults to `None` (none).
        low_open: exclude `low` itself. Defaults to `False`.
        high_open: exclude `high` itself. Defaults to `False`.
        finite: refuse `nan` and `±inf`. Defaults to `True`.

    Returns:
        `float(value)`.

    Raises:
        ArgumentTypeError: not a number (bools and strings included).
        ValueError: `nan`, infinite (when `finite`) or out of bounds.

    Example:
        >>> number(0.5, "dropout", low=0, high=1, high_open=True)
        0.5
        >>> number(math.inf, "lr", low=0, low_open=True)
        Traceback (most recent call last):
        ValueError: Expected `lr` to be a finite number > 0. Received: lr=inf
    """
    bounds = _bounds(low, high, low_open, high_open)
    what = f"{'a finite number' if finite else 'a number'} {bounds}".rstrip()
    if not is_number(value):
        raise ArgumentTypeError(f"Expected `{name}` to be {what}. Received: {name}={value!r}")
    if math.isnan(value) or (finite and math.isinf(value)) or (
        low is not None and (value <= low if low_open else value < low)) or (
        high is not None and (value >= high if high_open else value > high)
    ):
        raise ValueError(f"Expected `{name}` to be {what}. Received: {name}={value!r}")
    return float(value)


def positive(value: Any, name: str) -> float:
    """Returns `value` as a finite `float` > 0 or raises (learning rates, tolerances).

    Args:
        value: the argument.
        name: its name, for the message.

    Returns:
        `float(value)`.

    Raises:
        ValueError: not a finite number > 0 (an `ArgumentTypeError` when not a number).

    Example:
        >>> positive(1e-3, "lr")
        0.001
    """
    return number(value, name, low=0, low_open=True)


def probability(value: Any, name: str = "p") -> float:
    """Returns `value` as a `float` in [0, 1] or raises.

    Args:
        value: the probability.
        name: its name, for the message. Defaults to `"p"`.

    Returns:
        `float(value)`.

    Raises:
        ValueError: not a number in [0, 1].

    Example:
        >>> probability(1, "p")
        1.0
    """
    return number(value, name, low=0, high=1)


def rate(value: Any, name: str = "dropout") -> float:
    """Returns `value` as a `float` in [0, 1) (a dropout rate) or raises.

    Args:
        value: the rate.
        name: its name, for the message. Defaults to `"dropout"`.

    Returns:
        `float(value)`.

    Raises:
        ValueError: not a number in [0, 1) (an `ArgumentTypeError` when not a number).

    Example:
        >>> rate(1.0)
        Traceback (most recent call last):
        ValueError: Expected `dropout` to be a finite number in [0, 1). Received: dropout=1.0
    """
    return number(value, name, low=0, high=1, high_open=True)


def boolean(value: Any, name: str) -> bool:
    """Returns `value` if it is `True` or `False`, else raises (`0`/`1`, `"yes"` are refused).

    Args:
        value: the flag.
        name: its name, for the message.

    Returns:
        `value`.

    Raises:
        ArgumentTypeError: not a bool.

    Example:
        >>> boolean(np.True_, "shuffle")
        True
    """
    if not isinstance(value, (bool, np.bool_)):
        raise ArgumentTypeError(f"Expected `{name}` to be a bool. Received: {name}={value!r}")
    return bool(value)


def one_of(value: Any, name: str, allowed: Sequence[Any]) -> Any:
    """Returns `value` if it is one of `allowed`, else raises listing them.

    Keras's `validate_string_arg`, for any kind of value.

    Args:
        value: the argument.
        name: its name, for the message.
        allowed: the valid values.

    Returns:
        `value`.

    Raises:
        ValueError: `value` is not allowed.

    Example:
        >>> one_of("sgd", "optimizer", ("adam", "sgd"))
        'sgd'
    """
    try:
        ok = value in allowed
    except TypeError:  # an unhashable value and a set of choices
        ok = False
    if not ok:
        raise ValueError(
            f"Expected `{name}` to be one of {', '.join(map(repr, allowed))}. "
            f"Received: {name}={value!r}"
        )
    return value


def options(given: Mapping[str, Any], valid: Sequence[str], what: str) -> None:
    """Raises a TypeError naming the unknown keyword arguments and the valid ones.

    Args:
        given: the keyword arguments received.
        valid: the names allowed, listed in this order.
        what: what takes them, for the message.

    Raises:
        TypeError: some names are unknown.

    Example:
        >>> options({"zoom": 0.1, "zom": 1}, ["shift", "zoom"], "layers_pipeline")
        Traceback (most recent call last):
        TypeError: Unknown option(s) ['zom'] for layers_pipeline. Valid options: ['shift', 'zoom']
    """
    unknown = sorted(set(given) - set(valid))
    if unknown:
        raise TypeError(
            f"Unknown option(s) {unknown} for {what}. Valid options: {list(valid)}"
        )


def preset(name: Any, presets: Mapping[str, Any], what: str) -> Any:
    """Looks up a preset by name; an unknown name lists the valid ones.

    Args:
        name: the preset's name.
        presets: name -> preset.
        what: the kind of preset, for the message.

    Returns:
        `presets[name]`.

    Raises:
        ValueError: unknown name.

    Example:
        >>> preset("light", {"light": 1, "strong": 2}, "augmentation")
        1
    """
    if not isinstance(name, str) or name not in presets:
        raise ValueError(
            f"Unknown {what} preset {name!r}. Expected one of: {', '.join(presets)}"
        )
    return presets[name]


def samples(X: Any, y: Any = None, caller: str | None = None) -> tuple[np.ndarray, Any]:
    """Checks that `X` has a sample axis and `y`, when given, one entry per sample.

    Args:
        X: samples, first axis is the sample axis.
        y: labels or targets, or `None`. Defaults to `None`.
        caller: a function's name; when given, `X` must also hold at least
            one sample. Defaults to `None`.

    Returns:
        `(X, y)` as NumPy arrays (`y` stays `None` when not given).

    Raises:
        ValueError: no sample axis, no samples, or lengths that differ.

    Example:
        >>> samples(np.zeros((3, 2)), [0, 1])  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ValueError: Expected `X` and `y` with the same number of samples ... y.shape=(2,). ...
    """
    X = np.asarray(X)
    if X.ndim == 0 or (caller is not None and len(X) == 0):
        where = f"`{caller}` needs" if caller else "Expected `X` with a sample axis and"
        raise ValueError(f"{where} at least one sample. Received: X.shape={X.shape}")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 0 or len(y) != len(X):
            raise ValueError(
                f"Expected `X` and `y` with the same number of samples (one label per "
                f"sample). Received: X.shape={X.shape}, y.shape={y.shape}. Pass matching "
                f"(X, y), e.g. `*splits.train`."
            )
    return X, y


def images(X: Any, name: str = "X", *, uint8: bool = False) -> np.ndarray:
    """Returns `X` as an array of shape (n, height, width[, channels]) or raises.

    Args:
        X: a batch of images.
        name: its name, for the message. Defaults to `"X"`.
        uint8: require uint8 (what Pillow takes). Defaults to `False`.

    Returns:
        `X` as a NumPy array.

    Raises:
        ValueError: wrong rank, channels, or fewer than one 2x2 image.
        TypeError: not numeric, or not uint8 when `uint8`.

    Example:
        >>> images(np.zeros((2, 8, 8, 3))).shape
        (2, 8, 8, 3)
    """
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
    """Returns `y` as an array with one entry per image of `X`, or None.

    Args:
        y: labels, or `None`.
        X: the images they label.

    Returns:
        `y` as a NumPy array, or `None`.

    Raises:
        ValueError: not one label per image.

    Example:
        >>> labels([0, 1], np.zeros((2, 4, 4)))
        array([0, 1])
    """
    if y is None:
        return None
    y = np.asarray(y)
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(
            f"Expected `y` with one label per image. Received: X.shape={X.shape}, "
            f"y.shape={y.shape}"
        )
    return y
