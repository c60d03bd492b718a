"""What a Keras model's regularizers add and are: `penalty` and `describe`.

Part of `dlcourse.regularizers`; import the names from there. Keras is
imported inside each function: importing dlcourse must not import TensorFlow.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def penalty(model: Any, X: Any = None) -> float:
    """Returns the regularization loss a model adds to its training loss.

    Keras adds the weight penalties (from the current weights) and the
    activity penalties (from the layer outputs of the last forward pass,
    divided by the batch size or not, see `activity_mean_over_batch`) to the
    loss it minimizes. Activity penalties
    exist only after a forward pass, so pass `X` to include them.

    Args:
        model: a built Keras model.
        X: a batch to run through the model (in inference mode) so activity
            penalties are computed on it. Defaults to `None` (weight
            penalties only).

    Returns:
        The total penalty as a float (0.0 when the model has none).

    Example:
        >>> import keras
        >>> dense = keras.layers.Dense(2, kernel_initializer="ones",
        ...                            kernel_regularizer=keras.regularizers.L2(0.5))
        >>> penalty(keras.Sequential([keras.Input((3,)), dense]))  # 0.5 * 6 ones
        3.0
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    if X is None:
        # model.losses may still hold graph tensors from a fit(); weights are always current
        losses = [v.regularizer(v) for v in model.trainable_weights
                  if getattr(v, "regularizer", None) is not None]
    else:
        model(X, training=False)  # clears old losses, records the activity penalties for X
        losses = model.losses
    return float(sum(float(keras.ops.convert_to_numpy(t)) for t in losses))


def describe(model: Any) -> list[dict[str, Any]]:
    """Lists the regularizers of each layer that has a kernel, as plain data.

    Args:
        model: a built Keras model.

    Returns:
        One dict per layer with a kernel: `layer` (its name) and `kernel`,
        `bias`, `activity`: `None` or a dict such as `{"type": "L2", "l2": 0.005}`.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        ...     2, kernel_regularizer=keras.regularizers.L2(0.5))])
        >>> describe(m)[0]["kernel"]
        {'type': 'L2', 'l2': 0.5}
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    rows = []
    for layer in model.layers:
        if not hasattr(layer, "kernel"):
            continue
        row: dict[str, Any] = {"layer": layer.name}
        for part in ("kernel", "bias", "activity"):
            reg = getattr(layer, f"{part}_regularizer", None)
            row[part] = None if reg is None else {
                "type": type(reg).__name__,
                **{k: float(v) for k, v in reg.get_config().items()
                   if isinstance(v, (int, float, np.floating))},
            }
        rows.append(row)
    return rows
