"""Dense models: the MLP, the single neuron (binary classifier) and the two-headed multitask net."""

from __future__ import annotations

import functools

from dlcourse import _validate
from dlcourse.models._blocks import (
    check_num_classes,
    check_units,
    flat_input,
    head,
    hidden,
    options,
)


def mlp(input_shape, hidden_units=(128,), num_classes=10, activation="relu", *,
        rescale=None, regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a multilayer perceptron with a softmax output.

    Args:
        input_shape: one sample's shape without the batch axis, e.g. `(2,)`
            or `(28, 28)`; inputs of rank > 1 are flattened.
        hidden_units: sizes of the hidden Dense layers, e.g. `(256, 128)`;
            `()` is multinomial logistic regression. Defaults to `(128,)`.
        num_classes: output classes (>= 2). Defaults to `10`.
        activation: the hidden layers' activation. Defaults to `"relu"`.
        rescale: a factor applied first, e.g. `1 / 255` for uint8 images.
            Defaults to `None` (no rescaling).
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"mlp"`; layers `hidden1`, ..., `output`.

    Example:
        >>> mlp((28, 28), hidden_units=(64,)).count_params()  # 784*64+64 + 64*10+10
        50890
    """
    import keras

    inputs, x = flat_input(input_shape, rescale)
    units = check_units(hidden_units, "hidden_units")
    num_classes = check_num_classes(num_classes)
    opt = options(regularizer, dropout, batch_norm, activation, seed)
    for i, n in enumerate(units, start=1):
        x = hidden(x, functools.partial(keras.layers.Dense, n), f"hidden{i}", opt)
    return keras.Model(inputs, head(x, num_classes, opt), name="mlp")


def binary_classifier(input_dim=2, hidden_units=(), activation="relu", *,
                      regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a binary classifier with one sigmoid output unit.

    With `hidden_units=()` it is the lecture's single neuron, a straight
    decision boundary: it cannot separate a disc from a ring around it. One
    hidden layer of 3 or more units can: three lines make a triangle around
    the disc (`hidden_units=(3,), activation="tanh"` reaches 100% on `ring`;
    three ReLU units sometimes lose one unit for good, so prefer tanh or more
    units there).

    Args:
        input_dim: number of input features. Defaults to `2`.
        hidden_units: sizes of the hidden Dense layers. Defaults to `()`.
        activation: the hidden layers' activation. Defaults to `"relu"`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"binary_classifier"`, output `(batch, 1)`.

    Example:
        >>> binary_classifier().count_params()  # w1, w2 and a bias
        3
    """
    import keras

    input_dim = _validate.positive_int(input_dim, "input_dim")
    units = check_units(hidden_units, "hidden_units")
    opt = options(regularizer, dropout, batch_norm, activation, seed)
    inputs = keras.Input((input_dim,), name="input")
    x = inputs
    for i, n in enumerate(units, start=1):
        x = hidden(x, functools.partial(keras.layers.Dense, n), f"hidden{i}", opt)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="output", **opt.kernel())(x)
    return keras.Model(inputs, outputs, name="binary_classifier")


def multitask(input_shape, trunk_units=(64, 64), num_classes_a=10, num_classes_b=2, *,
              head_units=(), output_names=("task_a", "task_b"), activation="relu",
              rescale=None, regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a shared Dense trunk with two heads (functional API, named outputs).

    Compile with one loss per output name, weighted if one task matters more:

        model.compile(optimizer="adam",
                      loss={"task_a": "sparse_categorical_crossentropy",
                            "task_b": "sparse_categorical_crossentropy"},
                      loss_weights={"task_a": 1.0, "task_b": 0.5},
                      metrics={"task_a": ["accuracy"], "task_b": ["accuracy"]})
        model.fit(X, {"task_a": y_a, "task_b": y_b})

    or simply `compile_for(model, loss_weights={"task_a": 1.0, "task_b": 0.5})`.

    Args:
        input_shape: one sample's shape; rank > 1 is flattened.
        trunk_units: sizes of the shared Dense layers. Defaults to `(64, 64)`.
        num_classes_a: classes of the first head, `None` for regression.
            Defaults to `10`.
        num_classes_b: classes of the second head, `None` for regression.
            Defaults to `2`.
        head_units: sizes of each head's own hidden layers. Defaults to `()`.
        output_names: the two outputs' names. Defaults to `("task_a", "task_b")`.
        activation: of the hidden layers. Defaults to `"relu"`.
        rescale: a factor applied first, e.g. `1 / 255`. Defaults to `None`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"multitask"` whose outputs are a
        dict keyed by `output_names`.

    Example:
        >>> multitask((28, 28)).output_names
        ['task_a', 'task_b']
    """
    import keras

    inputs, x = flat_input(input_shape, rescale)
    trunk = check_units(trunk_units, "trunk_units", allow_empty=False)
    heads = check_units(head_units, "head_units")
    classes = (check_num_classes(num_classes_a, "num_classes_a", allow_none=True),
               check_num_classes(num_classes_b, "num_classes_b", allow_none=True))
    names = tuple(output_names) if isinstance(output_names, (tuple, list)) else ()
    if len(names) != 2 or len(set(names)) != 2 or not all(
        isinstance(n, str) and n.isidentifier() for n in names
    ):
        raise ValueError(
            f"Expected `output_names` to be two different identifiers. "
            f"Received: output_names={output_names!r}"
        )
    opt = options(regularizer, dropout, batch_norm, activation, seed)
    for i, n in enumerate(trunk, start=1):
        x = hidden(x, functools.partial(keras.layers.Dense, n), f"trunk{i}", opt)
    outputs = {}
    for name, num_classes in zip(names, classes, strict=True):
        h = x
        for i, n in enumerate(heads, start=1):
            h = hidden(h, functools.partial(keras.layers.Dense, n), f"{name}_hidden{i}", opt)
        outputs[name] = head(h, num_classes, opt, name=name)
    return keras.Model(inputs, outputs, name="multitask")
