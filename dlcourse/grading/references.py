"""Reference code that the masters' test cells share, instead of pasting it into each cell.

otter runs a question's tests in the student's kernel; a helper that several
test cells need (a layer-by-layer comparison with the course's reference model,
an accuracy measured with the grader's own code, an optimizer stepped the way Keras
steps it, a known misconception named in the failure message) lives here, with tests in
`tests/test_grading_references.py`. Each function reads the student's answer only
through `dlcourse.grading`'s checks and plain conversions, and computes its
reference with Keras's and NumPy's own code.

Inside a test cell:

    from dlcourse.grading import references
    references.check_layers(neuron, models.binary_classifier(), name="neuron")
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse.grading import answers as _answers
from dlcourse.grading.checks import architecture, describe_layers
from dlcourse.grading.errors import CheckFailed

__all__ = ["accuracy_of", "check_layers", "hidden_output", "keras_steps", "rule_out",
           "rule_out_value", "smallest_width"]


# --- notebook 03: representation learning, binary classification -------------------------

def check_layers(model: Any, reference: Any, name: str = "model") -> None:
    """Fails unless `model` has `reference`'s layers: types, shapes, parameters, activations.

    Args:
        model: the student's Keras model.
        reference: a model built by the course's own builder (e.g.
            `models.binary_classifier(hidden_units=(3,), activation="tanh")`).
        name: what to call the student's model. Defaults to `"model"`.

    Returns:
        None.

    Raises:
        CheckFailed: the first layer that differs, or a different number of layers.

    Example:
        >>> from dlcourse import models
        >>> check_layers(models.binary_classifier(seed=1), models.binary_classifier())
    """
    # describe_layers leaves out InputLayer, so Sequential and functional models compare alike
    architecture(model, describe_layers(reference), name=name)


def accuracy_of(model: Any, X: Any, y: Any, name: str = "model") -> float:
    """Fraction of samples where the model's P(class 1) > 0.5 agrees with the 0/1 label.

    Args:
        model: a Keras binary classifier with one sigmoid output unit.
        X: inputs, shape `(n, d)`.
        y: labels 0/1, shape `(n,)`.
        name: what to call the model in messages. Defaults to `"model"`.

    Returns:
        The accuracy, a float in [0, 1].

    Raises:
        CheckFailed: `model` is not a Keras model of Keras's own layers, or its output
            does not have one probability per sample.

    Example:
        >>> from dlcourse import models
        >>> accuracy_of(models.binary_classifier(), np.zeros((4, 2)), np.ones(4))
        0.0
    """
    _answers.model(model, name)
    X = np.asarray(X, dtype="float32")
    y = np.asarray(y).ravel()
    probabilities = _answers.numbers(model(X), f"{name}(X)")
    if probabilities.size != len(y):
        raise CheckFailed(f"{name}: expected one probability per sample ({len(y)}), received "
                          f"output of shape {probabilities.shape}; a binary classifier ends "
                          f"in one sigmoid unit.")
    return float(np.mean((probabilities.ravel() > 0.5) == y))


def hidden_output(model: Any, X: Any, layer: str = "hidden1", name: str = "model") -> np.ndarray:
    """The output of `model`'s layer named `layer` for inputs `X`, computed by Keras.

    Args:
        model: a Keras functional model (e.g. `models.binary_classifier`).
        X: inputs, shape `(n, d)`.
        layer: the layer's name. Defaults to `"hidden1"`.
        name: what to call the model in messages. Defaults to `"model"`.

    Returns:
        A float64 array of shape `(n, units)`.

    Raises:
        CheckFailed: not a Keras model, or no layer of that name.

    Example:
        >>> from dlcourse import models
        >>> hidden_output(models.binary_classifier(2, (3,)), np.zeros((4, 2))).shape
        (4, 3)
    """
    import keras

    _answers.model(model, name)
    names = [lay.name for lay in model.layers]
    if layer not in names:
        raise CheckFailed(f"{name}: expected a layer named {layer!r}, received layers "
                          f"{names}; build the model with models.binary_classifier.")
    probe = keras.Model(model.inputs[0], model.get_layer(layer).output)
    return np.asarray(keras.ops.convert_to_numpy(probe(np.asarray(X, "float32"))),
                      dtype=np.float64)


def smallest_width(records: Any, threshold: float, name: str = "records") -> int | None:
    """The smallest width whose recorded accuracy reaches `threshold` (None when none does).

    The records are the student's own runs, as plain data: `{width: accuracy}`.

    Args:
        records: dict of width (int) -> accuracy (float).
        threshold: the accuracy that counts as "separated".
        name: what to call the records in messages. Defaults to `"records"`.

    Returns:
        The smallest such width, or None.

    Raises:
        CheckFailed: the records are not a dict of int widths to numbers.

    Example:
        >>> smallest_width({1: 0.7, 2: 0.8, 3: 1.0, 8: 1.0}, 0.95)
        3
    """
    records = _answers.plain(records, name)
    if type(records) is not dict or not records:
        raise CheckFailed(f"{name}: expected a non-empty dict width -> accuracy, received "
                          f"{_answers.describe_type(records)}.")
    reached = []
    for width, accuracy in records.items():
        if type(width) is not int or type(accuracy) not in (int, float):
            raise CheckFailed(f"{name}: expected int widths and float accuracies, received "
                              f"{width!r}: {accuracy!r}.")
        if accuracy >= threshold:
            reached.append(width)
    return min(reached) if reached else None


# --- notebook 02: optimization ---------------------------------------------------------

def keras_steps(optimizer: Any, theta0: Any, gradient: Any, num_steps: int) -> np.ndarray:
    """The parameters after `num_steps` steps of a Keras optimizer, stepped the way Keras does.

    The parameters live in a float64 `keras.Variable`; at every step `gradient` is
    evaluated at the current parameters and passed to `optimizer.apply_gradients`, as
    `model.fit` does. Use a fresh optimizer per call: Keras refuses one already built
    for another variable.

    Args:
        optimizer: a `keras.optimizers.Optimizer`, e.g. `keras.optimizers.SGD(0.1, momentum=0.9)`.
        theta0: the starting parameters (a list or 1-D array of numbers).
        gradient: a function from the current parameters (a float64 NumPy array) to the
            gradient of the loss there, e.g. `lambda theta: A @ theta - c` for
            `f(theta) = theta^T A theta / 2 - c^T theta`.
        num_steps: how many steps to take (0 returns `theta0`).

    Returns:
        The parameters after the last step, a float64 NumPy array shaped like `theta0`.

    Raises:
        ValueError: `num_steps` is not an integer >= 0, `theta0` is not a 1-D array of
            finite numbers, or `gradient` returns another shape.

    Example:
        >>> import keras
        >>> A, c = np.diag([1.0, 2.0]), np.array([1.0, 0.0])
        >>> keras_steps(keras.optimizers.SGD(0.5), [0.0, 1.0], lambda t: A @ t - c, 1)
        array([0.5, 0. ])
    """
    import keras  # only a test that asks for this reference pays for importing Keras

    if type(num_steps) is not int or num_steps < 0:
        raise ValueError(f"Expected `num_steps` to be an integer >= 0. "
                         f"Received: num_steps={num_steps!r}")
    start = np.array(theta0, dtype=np.float64)
    if start.ndim != 1 or not np.all(np.isfinite(start)):
        raise ValueError(f"Expected `theta0` to be a 1-D array of finite numbers. "
                         f"Received: shape {start.shape}, values {start!r}")
    var = keras.Variable(start, dtype="float64")
    for _ in range(num_steps):
        g = np.asarray(gradient(np.asarray(var.numpy(), dtype=np.float64)), dtype=np.float64)
        if g.shape != start.shape:
            raise ValueError(f"Expected `gradient` to return shape {start.shape}. "
                             f"Received: shape {g.shape}")
        optimizer.apply_gradients([(g, var)])
    return np.asarray(var.numpy(), dtype=np.float64)


# --- notebooks 01, 02: misconceptions named in the message ------------------------------

def rule_out(fn: Any, wrong: Any, inputs: Any, why: str, *, name: str = "function",
             rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Fails with `why` when `fn` computes what a known wrong answer computes.

    Call it before the check against the right reference, so that a student holding a
    misconception reads what it is ("the slide's misprint", "the 1/2 is missing")
    instead of only a largest error. A function that matches neither is left to that check.

    Args:
        fn: the student's function.
        wrong: the wrong answer written as a function (e.g. `lambda z: 1 - sigmoid(z)`).
        inputs: arguments to try, as for `grading.function`.
        why: what the wrong answer does and what to do instead.
        name: what to call the function. Defaults to `"function"`.
        rtol: relative tolerance of "computes the same". Defaults to `1e-5`.
        atol: absolute tolerance of "computes the same". Defaults to `1e-6`.

    Returns:
        None.

    Raises:
        CheckFailed: `fn` matches `wrong` on every input.

    Example:
        >>> rule_out(np.abs, lambda z: np.maximum(z, 0), [np.array([-1.0, 2.0])],
        ...          "this is ReLU, not abs", name="absolute")
    """
    from dlcourse.grading.checks import function

    try:
        function(fn, wrong, inputs, name=name, rtol=rtol, atol=atol)
    except CheckFailed:
        return  # not this misconception; the check against the reference decides
    raise CheckFailed(f"{name}: {why}")


def rule_out_value(value: Any, wrong: Any, why: str, *, name: str = "answer",
                   rtol: float = 1e-5, atol: float = 1e-6) -> None:
    """Fails with `why` when `value` equals a known wrong answer within a tolerance.

    Args:
        value: the student's number or array.
        wrong: the wrong answer a misconception gives (e.g. `1 / 24` for a limit).
        why: what the wrong answer means and what to do instead.
        name: what to call the answer. Defaults to `"answer"`.
        rtol: relative tolerance. Defaults to `1e-5`.
        atol: absolute tolerance. Defaults to `1e-6`.

    Returns:
        None.

    Raises:
        CheckFailed: `value` is the wrong answer (or is not a number).

    Example:
        >>> rule_out_value(14.0, 10.0, "the bias is missing", name="z")
    """
    from dlcourse.grading.checks import close

    try:
        close(value, wrong, name=name, rtol=rtol, atol=atol)
    except CheckFailed as e:
        if "largest error" in str(e) or "expected shape" in str(e):
            return  # a different answer: the check against the reference decides
        raise
    raise CheckFailed(f"{name}: {why}")
