"""Checks that otter tests call: silent when right, a clear `CheckFailed` when wrong.

Every check first turns the student's answer into plain data (`plain`): exact
built-in numbers, strings and containers, NumPy arrays, eager tensors, or a
Keras model of Keras's own layers. An object of a class the notebook defines
fails there, before any of its methods could run, and before the check
touches the reference. Then it compares with the trusted reference and says
what differs: the largest error and where, the shapes, or the first layer
that does not match.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from dlcourse.grading import answers as _plain
from dlcourse.grading.answers import class_attribute, describe_type, fresh, numbers, plain
from dlcourse.grading.errors import CheckFailed

__all__ = ["CheckFailed", "answered", "architecture", "between", "close", "describe_layers",
           "equal", "function", "plain"]


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
        dlcourse.grading.errors.CheckFailed: z is not answered yet: replace `...` with your code.
    """
    if value is Ellipsis or value is None:
        shown = "..." if value is Ellipsis else "None"
        raise CheckFailed(f"{name} is not answered yet: replace `{shown}` with your code.")
    if type(value) in (list, tuple) and any(v is Ellipsis for v in value):
        raise CheckFailed(f"{name} still contains `...`: fill in every entry.")


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
        dlcourse.grading.errors.CheckFailed: y_hat: largest error 0.5 at index (1,) ...
    """
    _compare(numbers(actual, name), expected, name, rtol, atol)


def _compare(got: np.ndarray, expected: Any, name: str, rtol: float, atol: float) -> None:
    """`got` is already plain (a float64 array); only now is the reference touched."""
    want = np.asarray(expected, dtype=np.float64)
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
    actual = plain(actual, name)
    if type(expected) is tuple and type(actual) is list:
        actual = tuple(actual)
    if type(actual) is np.ndarray or type(expected) is np.ndarray:
        same = np.shape(actual) == np.shape(expected) and bool(
            np.array_equal(np.asarray(actual), np.asarray(expected)))
    else:
        same = bool(actual == expected)
    if not same:
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
    got = numbers(value, name)
    if got.size != 1:
        raise CheckFailed(f"{name}: expected one number, received shape {got.shape}.")
    number = float(got.reshape(()))
    if not low <= number <= high:
        raise CheckFailed(
            f"{name}: expected a value in [{low:g}, {high:g}], received {number:.6g}."
        )


def function(fn: Any, reference: Callable, inputs: Iterable[Any], *, name: str = "function",
             rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Fails unless `fn(x)` matches `reference(x)` for every input.

    The student's function runs first, on its own copy of every input, and each
    result becomes plain data; only then does the reference run.

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
        raise CheckFailed(f"{name} should be a function; received {describe_type(fn)}.")
    cases = [x if type(x) is tuple else (x,) for x in inputs]
    results = []
    for k, args in enumerate(cases):
        try:
            got = fn(*fresh(args))
        except Exception as e:  # the student's bug, reported as a failed check
            raise CheckFailed(f"{name} raised {type(e).__name__}: {e}") from e
        results.append(numbers(got, f"{name} on test input #{k}"))
    for k, (args, got) in enumerate(zip(cases, results, strict=True)):
        _compare(got, np.asarray(reference(*args)), f"{name} on test input #{k}", rtol, atol)


def _activation_name(layer: Any) -> str | None:
    activation = object.__getattribute__(layer, "activation") if _has(layer, "activation") \
        else None
    if activation is None:
        return None
    if type(activation) in (types.FunctionType, types.BuiltinFunctionType):
        name = type(activation).__dict__["__name__"].__get__(activation)
        return name if type(name) is str else None
    return describe_type(activation)


def _has(obj: Any, attr: str) -> bool:
    try:
        object.__getattribute__(obj, attr)
    except AttributeError:
        return False
    return True


def _count_params(layer: Any) -> int:
    total = 0
    weights = class_attribute(layer, "weights")
    for weight in (weights if type(weights) is list else []):
        if not _plain.library_class(type(weight)):
            raise CheckFailed(f"a weight of layer {type(layer).__name__} is "
                              f"{describe_type(weight)}, not a Keras variable.")
        shape = plain(tuple(class_attribute(weight, "shape")), "weight shape")
        total += int(np.prod(shape, dtype=np.int64))
    return total


def describe_layers(model: Any) -> list[dict[str, Any]]:
    """Lists each layer's type, output shape, parameter count and activation.

    Args:
        model: a built Keras model of Keras's own layers.

    Returns:
        One dict per layer (InputLayer excluded) with keys `type`,
        `output_shape`, `params` and `activation` (None if it has none).

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, activation="relu")])
        >>> describe_layers(m)
        [{'type': 'Dense', 'output_shape': (None, 2), 'params': 8, 'activation': 'relu'}]
    """
    model = _plain.model(model)
    rows = []
    for layer in class_attribute(model, "layers"):
        kind = type(layer).__name__
        if kind == "InputLayer":  # functional models list it; Sequential do not
            continue
        output = class_attribute(layer, "output")
        rows.append({
            "type": kind,
            "output_shape": plain(tuple(class_attribute(output, "shape")), "output shape"),
            "params": _count_params(layer),
            "activation": _activation_name(layer),
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
    _plain.model(model, name)
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
