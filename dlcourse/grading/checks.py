"""Checks that otter tests call: silent when right, a clear `CheckFailed` when wrong.

Every check first refuses an unanswered placeholder (`...` or `None`), then
compares with a trusted reference and says what differs: the largest error
and where, the shapes, or the first layer that does not match.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np


class CheckFailed(AssertionError):
    """A student's answer is wrong or missing; the message says how and what to try."""


def answered(value: Any, name: str = "answer") -> None:
    """Fails when `value` is still the placeholder `...` or `None`.

    Args:
        value: the student's answer.
        name: what to call it in the message. Defaults to `"answer"`.

    Returns:
        None.

    Example:
        >>> answered(14, "z")
        >>> answered(..., "z")
        Traceback (most recent call last):
        ...
        dlcourse.grading.checks.CheckFailed: z is not answered yet: replace `...` with your code.
    """
    if value is Ellipsis or value is None:
        shown = "..." if value is Ellipsis else "None"
        raise CheckFailed(f"{name} is not answered yet: replace `{shown}` with your code.")
    if isinstance(value, (list, tuple)) and any(v is Ellipsis for v in value):
        raise CheckFailed(f"{name} still contains `...`: fill in every entry.")


def _array(value: Any, name: str) -> np.ndarray:
    answered(value, name)
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise CheckFailed(
            f"{name} should be a number or an array of numbers; received {type(value).__name__}"
        ) from e


def close(actual: Any, expected: Any, *, name: str = "answer", rtol: float = 1e-5,
          atol: float = 1e-6) -> None:
    """Fails unless `actual` matches `expected` elementwise within a tolerance.

    The message gives the largest absolute error, where it is, and both shapes.

    Args:
        actual: the student's number, array or tensor.
        expected: the trusted reference (NumPy, Keras or TensorFlow result).
        name: what to call the answer in messages. Defaults to `"answer"`.
        rtol: relative tolerance. Defaults to `1e-5`.
        atol: absolute tolerance (float32 arithmetic differs from float64 by
            about 1e-7 per operation). Defaults to `1e-6`.

    Returns:
        None.

    Example:
        >>> close(14.0, 14)
        >>> close([1.0, 2.5], [1.0, 2.0], name="y_hat")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        dlcourse.grading.checks.CheckFailed: y_hat: largest error 0.5 at index (1,) ...
    """
    got, want = _array(actual, name), np.asarray(expected, dtype=np.float64)
    if got.shape != want.shape:
        raise CheckFailed(
            f"{name}: expected shape {want.shape}, received shape {got.shape}."
            + (" Did you forget to reduce (sum or mean)?" if got.size > want.size else "")
        )
    if not np.all(np.isfinite(got)):
        bad = tuple(int(i) for i in np.argwhere(~np.isfinite(got))[0])
        raise CheckFailed(f"{name}: contains NaN or inf (first at index {bad}).")
    error = np.abs(got - want)
    if np.all(error <= atol + rtol * np.abs(want)):
        return
    where = np.unravel_index(int(np.argmax(error)), error.shape) if error.ndim else ()
    where = tuple(int(i) for i in where)
    raise CheckFailed(
        f"{name}: largest error {float(error[where]):.4g} at index {where} "
        f"(got {float(got[where]):.6g}, expected {float(want[where]):.6g}); "
        f"shapes {got.shape} and {want.shape}; tolerance atol={atol:g}, rtol={rtol:g}."
    )


def equal(actual: Any, expected: Any, *, name: str = "answer") -> None:
    """Fails unless `actual == expected` exactly (ints, strings, tuples, verdicts).

    Args:
        actual: the student's answer.
        expected: the reference.
        name: what to call the answer. Defaults to `"answer"`.

    Returns:
        None.

    Example:
        >>> equal((None, 14, 14, 6), (None, 14, 14, 6), name="shape")
    """
    answered(actual, name)
    if isinstance(expected, tuple) and isinstance(actual, list):
        actual = tuple(actual)
    if actual != expected:
        raise CheckFailed(f"{name}: expected {expected!r}, received {actual!r}.")


def between(value: Any, low: float, high: float, *, name: str = "answer") -> None:
    """Fails unless `low <= value <= high` (for measured numbers like accuracies).

    Args:
        value: a number.
        low: smallest accepted value.
        high: largest accepted value.
        name: what to call it. Defaults to `"answer"`.

    Returns:
        None.

    Example:
        >>> between(0.87, 0.8, 1.0, name="test accuracy")
    """
    number = float(_array(value, name))
    if not low <= number <= high:
        raise CheckFailed(
            f"{name}: expected a value in [{low:g}, {high:g}], received {number:.6g}."
        )


def function(fn: Any, reference: Callable, inputs: Iterable[Any], *, name: str = "function",
             rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Fails unless `fn(x)` matches `reference(x)` for every input.

    Args:
        fn: the student's function.
        reference: the trusted function (e.g. `keras.activations.relu`).
        inputs: arguments to try; a tuple is unpacked as several arguments.
        name: what to call the function. Defaults to `"function"`.
        rtol: relative tolerance. Defaults to `1e-5`.
        atol: absolute tolerance. Defaults to `1e-6`.

    Returns:
        None.

    Example:
        >>> function(lambda x: np.maximum(x, 0), lambda x: np.clip(x, 0, None), [np.arange(-2, 3)])
    """
    answered(fn, name)
    if not callable(fn):
        raise CheckFailed(f"{name} should be a function; received {type(fn).__name__}.")
    for k, x in enumerate(inputs):
        args = x if isinstance(x, tuple) else (x,)
        try:
            got = fn(*args)
        except Exception as e:  # the student's bug, reported as a failed check
            raise CheckFailed(f"{name} raised {type(e).__name__}: {e}") from e
        close(got, np.asarray(reference(*args)), name=f"{name} on test input #{k}",
              rtol=rtol, atol=atol)


def describe_layers(model: Any) -> list[dict[str, Any]]:
    """Lists each layer's type, output shape, parameter count and activation.

    Args:
        model: a built Keras model.

    Returns:
        One dict per layer (InputLayer excluded) with keys `type`,
        `output_shape`, `params` and `activation` (None if it has none).

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
        >>> describe_layers(m)
        [{'type': 'Dense', 'output_shape': (None, 2), 'params': 8, 'activation': 'relu'}]
    """
    rows = []
    for layer in model.layers:
        if type(layer).__name__ == "InputLayer":  # functional models list it; Sequential do not
            continue
        activation = getattr(layer, "activation", None)
        rows.append({
            "type": type(layer).__name__,
            "output_shape": tuple(layer.output.shape),
            "params": int(layer.count_params()),
            "activation": getattr(activation, "__name__", None),
        })
    return rows


def architecture(model: Any, expected: Sequence[Mapping[str, Any]], *,
                 name: str = "model") -> None:
    """Fails unless `model`'s layers match `expected` one by one.

    Compares layer types, output shapes, parameter counts and activations
    (only the keys each expected row gives), then the total parameter count.

    Args:
        model: the student's Keras model.
        expected: rows like `describe_layers(reference_model)` returns.
        name: what to call the model. Defaults to `"model"`.

    Returns:
        None.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
        >>> architecture(m, [{"type": "Dense", "params": 8, "activation": "relu"}])
    """
    answered(model, name)
    if not hasattr(model, "layers") or not hasattr(model, "count_params"):
        raise CheckFailed(f"{name} should be a Keras model; received {type(model).__name__}.")
    got = describe_layers(model)
    for i, (row, want) in enumerate(zip(got, expected, strict=False)):
        for key, value in want.items():
            have = row.get(key)
            if key == "output_shape":
                have, value = tuple(have), tuple(value)
            if have != value:
                raise CheckFailed(
                    f"{name}: layer {i} ({row['type']}) has {key} {have!r}, expected {value!r}."
                )
    if len(got) != len(expected):
        raise CheckFailed(
            f"{name}: expected {len(expected)} layers, received {len(got)} "
            f"({', '.join(r['type'] for r in got)})."
        )
