"""The argument checks of everything that trains: positive numbers, counts, builders, (X, y)."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse import _validate


def check_positive(**values: Any) -> None:
    """Refuses any value that is not a finite number > 0 (see `dlcourse._validate.positive`).

    Args:
        **values: name -> value, e.g. `lr=lr`.

    Raises:
        ValueError: naming the first offending value.

    Example:
        >>> check_positive(lr=0)
        Traceback (most recent call last):
        ValueError: Expected `lr` to be a finite number > 0. Received: lr=0
    """
    for name, value in values.items():
        _validate.positive(value, name)


def check_int(**values: Any) -> None:
    """Refuses any value that is not an int >= 1 (see `dlcourse._validate.positive_int`).

    Args:
        **values: name -> value, e.g. `num_epochs=num_epochs`.

    Raises:
        ValueError: naming the first offending value.

    Example:
        >>> check_int(num_epochs=2.5)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        dlcourse._validate.ArgumentTypeError: Expected ... positive int. Received: num_epochs=2.5
    """
    for name, value in values.items():
        _validate.positive_int(value, name)


def check_builder(model_fn: Any, caller: str) -> None:
    """Refuses a built model, or anything not callable, where a builder is expected.

    Args:
        model_fn: should be a function returning a new keras.Model.
        caller: the function's name, for the message.

    Raises:
        TypeError: `model_fn` is a built model or not callable.

    Example:
        >>> check_builder("lenet5", "overfit_small")
        Traceback (most recent call last):
        TypeError: `overfit_small` expects a function returning a keras.Model. Received: str.
    """
    import keras

    if isinstance(model_fn, keras.Model):
        raise TypeError(
            f"`{caller}` expects a function that builds a new model (it trains fresh copies). "
            f"Received a built model {model_fn.name!r}: pass the builder, e.g. "
            f"`models.lenet5` rather than `models.lenet5()`."
        )
    if not callable(model_fn):
        raise TypeError(
            f"`{caller}` expects a function returning a keras.Model. "
            f"Received: {type(model_fn).__name__}."
        )


def check_xy(X: Any, y: Any, caller: str) -> tuple[np.ndarray, np.ndarray]:
    """Checks that `X` has samples and `y` one label per sample.

    Args:
        X: inputs, one row per sample.
        y: labels.
        caller: the function's name, for the message.

    Returns:
        `(X, y)` as NumPy arrays.

    Example:
        >>> check_xy([[0.0], [1.0]], [0], "fit")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ValueError: Expected `X` and `y` with the same number of samples (one label per ...
    """
    return _validate.samples(X, y, caller)
