"""`overfit_small`: a model that cannot memorize 50 samples has a bug."""

from __future__ import annotations

import math
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from dlcourse.training import (
    build,
    check_builder,
    check_int,
    check_positive,
    check_xy,
    compile_if_needed,
    evaluate,
    fit,
    match_input,
)

from ._layers import _regularization
from .result import CheckResult


def overfit_small(model_fn: Callable[..., Any], X: Any, y: Any, n: int = 50, *,
                  num_epochs: int = 300, lr: float = 3e-3, batch_size: int = 16,
                  target_loss: float = 0.05, seed: int = 0, from_logits: bool | None = None,
                  verbose: int = 0) -> CheckResult:
    """Trains a fresh model on the first `n` samples until it has memorized them.

    The slide's check: a model that cannot drive the loss on 50 samples to
    about zero has a bug (or no capacity), and more data will not fix it.
    Training stops as soon as accuracy is 100% and the loss is at most
    `target_loss`. Dropout and weight penalties work against this check: they
    are reported (and warned about), not removed.

    Args:
        model_fn: a function returning a new keras.Model, called with no
            arguments, or with `seed=seed` when it accepts `seed`. An
            uncompiled model is compiled with `Adam(lr)`, the matching
            cross-entropy and accuracy; a compiled one is trained as compiled.
        X: inputs; only `X[:n]` is used.
        y: integer or one-hot labels; only `y[:n]` is used.
        n: how many samples to memorize. Defaults to `50`.
        num_epochs: the most epochs to train. Defaults to `300` (a LeNet-5
            memorizes 50 Fashion-MNIST images in 15-40, about 2 s on a CPU).
        lr: Adam's learning rate when the model is compiled here; higher than
            the usual 1e-3 because 50 samples give steady gradients.
            Defaults to `3e-3`.
        batch_size: samples per step. Defaults to `16` (4 steps an epoch).
        target_loss: the training loss that counts as "about zero".
            Defaults to `0.05`: with 100% accuracy it means the right class
            gets about 95% probability on average, which is memorized;
            pushing on to the slide's 1e-5 only costs time.
        seed: seeds Keras before building and training. Defaults to `0`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).
        verbose: Keras `fit` verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `loss`, `accuracy`, `epochs`, `seconds`,
        `n`, `regularization` (layers that regularize) and the loss `curve`.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((8,)), keras.layers.Dense(32, "relu"),
        ...                              keras.layers.Dense(3)])
        >>> X = np.random.default_rng(0).normal(size=(50, 8)).astype("float32")
        >>> overfit_small(model_fn, X, np.arange(50) % 3).ok
        True
    """
    import keras

    check_builder(model_fn, "overfit_small")
    X, y = check_xy(X, y, "overfit_small")
    check_int(n=n, num_epochs=num_epochs, batch_size=batch_size)
    check_positive(lr=lr, target_loss=target_loss)
    X, y = X[:n], y[:n]
    model = build(model_fn, seed=seed)
    scored = compile_if_needed(model, X, y, lr=lr, from_logits=from_logits)
    regularization = _regularization(model)
    if regularization:
        warnings.warn(f"overfit_small: the model regularizes ({', '.join(regularization)}); "
                      f"the slide's check runs without regularization.", stacklevel=2)
    X_fit = match_input(model, X)

    def stop_when_memorized(epoch: int, logs: dict | None) -> None:
        logs = logs or {}
        if logs.get("loss", math.inf) <= target_loss and logs.get("accuracy", 1.0) >= 1.0:
            # the logs average over an epoch of changing weights; confirm at the end of it
            now = evaluate(model, X_fit, y, from_logits=scored.logits)
            model.stop_training = now.accuracy >= 1.0 and now.loss <= target_loss

    start = time.perf_counter()
    curve: list[float] = []
    if model.trainable_weights:
        curve = fit(model, X_fit, scored.y, num_epochs=num_epochs, batch_size=batch_size,
                     seed=seed, verbose=verbose,
                     callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=stop_when_memorized)])
    seconds = time.perf_counter() - start
    final = evaluate(model, X_fit, y, from_logits=scored.logits)
    values = {"loss": final.loss, "accuracy": final.accuracy, "epochs": len(curve),
              "seconds": seconds, "n": len(X), "regularization": regularization}
    what = f"loss {final.loss:.3g}, accuracy {final.accuracy:.0%} on {len(X)} samples"
    ok = final.accuracy >= 1.0 and final.loss <= target_loss
    if ok:
        message = f"memorized: {what} after {len(curve)} epochs ({seconds:.1f} s)"
    elif not model.trainable_weights:
        message = (f"{what}: the model has no trainable weights (frozen?); set "
                   f"`model.trainable = True` or unfreeze the layers you train")
    elif np.all(X == X[:1]):
        message = f"{what}: all {len(X)} inputs are identical (all zeros?); check X"
    elif final.accuracy >= 1.0:
        message = (f"{what} after {len(curve)} epochs: right but not yet confident (loss > "
                   f"{target_loss}); raise num_epochs or lr")
    else:
        message = (f"{what} after {len(curve)} epochs, not memorized: check that X reaches "
                   f"the model scaled, labels match outputs, lr ({lr:g}) and capacity")
    if regularization and not ok:
        message += f"; remove regularization ({', '.join(regularization)})"
    return CheckResult("overfit_small", ok, message, values, curve)

