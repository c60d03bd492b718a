"""Compiling (through `models.compile_for`) and fitting (through `data.as_dataset`)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

from dlcourse.training._checks import check_int, check_xy
from dlcourse.training._model import match_input
from dlcourse.training._score import Score, evaluate


def compile_if_needed(model: Any, X: Any, y: Any, *, lr: float = 1e-3,
                      from_logits: bool | None = None) -> Score:
    """Compiles with `Adam(lr)`, the matching cross-entropy and accuracy, unless compiled.

    Unlike `models.compile_for`, the loss follows the labels (integer,
    one-hot or binary) and whether the outputs are logits, so any classifier
    can be trained.

    Args:
        model: a classifier.
        X: inputs.
        y: integer, one-hot or 0/1 labels.
        lr: Adam's learning rate. Defaults to `1e-3`.
        from_logits: see `evaluate`. Defaults to `None` (detected).

    Returns:
        The model's `Score` before training, which also validates `X` and `y`;
        fit on its `.y`.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
        >>> before = compile_if_needed(model, np.zeros((4, 2)), np.eye(3)[[0, 1, 2, 0]])
        >>> type(model.loss).__name__, before.logits
        ('CategoricalCrossentropy', True)
    """
    import keras

    from dlcourse.models import compile_for  # the one compile policy

    before = evaluate(model, X, y, from_logits=from_logits)
    if not model.compiled:
        loss = {
            "sparse": keras.losses.SparseCategoricalCrossentropy,
            "one_hot": keras.losses.CategoricalCrossentropy,
            "binary": keras.losses.BinaryCrossentropy,
        }[before.kind](from_logits=before.logits)
        compile_for(model, lr, optimizer="adam", loss=loss, metrics=["accuracy"])
    return before


def fit(model: Any, X: Any, y: Any, *, num_epochs: int, batch_size: int = 32, seed: int = 0,
        callbacks: Sequence[Any] = (), verbose: int = 0) -> list[float]:
    """Fits a compiled model, reshuffling with a seed each epoch; quiet by default.

    Args:
        model: a compiled keras.Model.
        X: inputs.
        y: labels in the form the loss takes, e.g. `compile_if_needed(...).y`.
        num_epochs: epochs to train.
        batch_size: samples per step. Defaults to `32`.
        seed: seeds the shuffling. Defaults to `0`.
        callbacks: Keras callbacks. Defaults to `()`.
        verbose: Keras `fit` verbosity. Defaults to `0`.

    Returns:
        The training loss per epoch.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> X, y = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0, 1])
        >>> curve = fit(model, X, compile_if_needed(model, X, y, lr=0.1).y, num_epochs=20)
        >>> len(curve), curve[-1] < curve[0]
        (20, True)
    """
    from dlcourse.data import as_dataset

    X, y = check_xy(X, y, "fit")
    check_int(num_epochs=num_epochs, batch_size=batch_size)
    X = match_input(model, X)
    # the cached tf.data pipeline: a tiny set's epoch costs its steps, not NumPy-adapter overhead
    ds = as_dataset(X, y, batch_size, shuffle=True, seed=seed)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not have any trainable weights.*")
        history = model.fit(ds, epochs=num_epochs, callbacks=list(callbacks), shuffle=False,
                            verbose=verbose)
    return [float(v) for v in history.history.get("loss", [])]
