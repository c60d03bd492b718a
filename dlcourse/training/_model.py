"""A fresh model from a builder, and running it on inputs shaped the way it expects."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np


def build(model_fn: Callable[..., Any], *args: Any, seed: int = 0) -> Any:
    """Seeds Keras, then calls `model_fn(*args)`, adding `seed=seed` when it accepts one.

    Args:
        model_fn: a function returning a new keras.Model, e.g. `models.lenet5`.
        *args: passed on, e.g. a capacity or a regularization strength.
        seed: seeds Keras (and the builder). Defaults to `0`.

    Returns:
        The new model.

    Raises:
        TypeError: `model_fn` returned something else.

    Example:
        >>> import keras
        >>> def model_fn(units, seed=None):
        ...     init = keras.initializers.GlorotUniform(seed)
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(units,
        ...                                                      kernel_initializer=init)])
        >>> a, b = build(model_fn, 3, seed=1), build(model_fn, 3, seed=1)
        >>> bool((a.get_weights()[0] == b.get_weights()[0]).all())
        True
    """
    import keras

    keras.utils.set_random_seed(seed)
    try:
        params = inspect.signature(model_fn).parameters
    except (TypeError, ValueError):  # some builtins and C callables have no signature
        params = {}
    takes_seed = "seed" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
    model = model_fn(*args, seed=seed) if takes_seed else model_fn(*args)
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"Expected `model_fn` to return a keras.Model. Received: {type(model).__name__} "
            f"from {getattr(model_fn, '__name__', model_fn)!r}. Make it `return model`."
        )
    return model


def _input_shape(model: Any) -> tuple | None:
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):  # an unbuilt model has no input shape yet
        return None
    return tuple(shape) if isinstance(shape, tuple) else None


def match_input(model: Any, X: np.ndarray) -> np.ndarray:
    """Adds the channel axis a model built for `(28, 28, 1)` expects to `(n, 28, 28)` images.

    Args:
        model: a keras.Model.
        X: inputs.

    Returns:
        `X[..., None]` when the model wants one more trailing axis of size 1,
        else `X` unchanged.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten()])
        >>> match_input(model, np.zeros((2, 4, 4))).shape
        (2, 4, 4, 1)
    """
    shape = _input_shape(model)
    if (shape is not None and len(shape) == X.ndim + 1 and shape[-1] == 1
            and all(s in (None, d) for s, d in zip(shape[1:-1], X.shape[1:], strict=True))):
        return X[..., None]
    return X


def predict_batches(model: Any, X: np.ndarray, *, batch_size: int = 256,
                    training: bool = False) -> Iterator[tuple[int, Any]]:
    """Runs a classifier on `X` in chunks, explaining a shape mismatch instead of TF's traceback.

    Args:
        model: a classifier with output shape `(batch, num_classes)`.
        X: inputs, already shaped for the model (see `match_input`).
        batch_size: samples per call. Defaults to `256`.
        training: run in training mode (dropout on). Defaults to `False`.

    Returns:
        An iterator of `(start, y_hat)`: the first sample's index and the
        chunk's outputs.

    Raises:
        ValueError: the model cannot run on `X`, or is not a classifier.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> [(start, tuple(y_hat.shape)) for start, y_hat in
        ...  predict_batches(model, np.zeros((5, 3)), batch_size=4)]
        [(0, (4, 2)), (4, (1, 2))]
    """
    for start in range(0, len(X), batch_size):
        try:
            y_hat = model(X[start:start + batch_size], training=training)
        except Exception as err:  # TF raises many types for a shape mismatch; all mean the same
            if start:
                raise
            raise ValueError(
                f"The model cannot run on X: X has shape {X.shape}, the model expects inputs "
                f"of shape {_input_shape(model)}. Reshape X (e.g. `X[..., None]` adds a "
                f"channel axis) or build the model for input_shape={X.shape[1:]}. "
                f"Keras said: {str(err).splitlines()[0][:200]}"
            ) from err
        if len(y_hat.shape) != 2:
            raise ValueError(
                f"Expected a classifier whose output has shape (batch, num_classes). "
                f"Received output shape {tuple(y_hat.shape)}: end the model with "
                f"`Flatten()` and `Dense(num_classes)`."
            )
        yield start, y_hat
