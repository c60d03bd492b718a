"""Checks on the loss: its initial value, its rise with L2, and its dependence on the input."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
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
)

from ._layers import _check_model
from .result import CheckResult

# Logits with a spread s raise the loss by about s^2/2 * (1 - 1/C) nats over
# ln(C), whatever C: a Glorot-initialized output layer (s up to ~1) adds up to
# ~0.45. Measured here on fresh models: +0.0 to +0.11 for 10-class LeNets and
# MLPs, up to +0.33 for 3-class MLPs on standardized inputs, +-0.1 for 2-class
# moons MLPs. 0.5 nats passes all of those and the slide's 2.3875, and fails a
# saturated softmax or 0-255 inputs (tens of nats) and a leak (loss near 0).
INITIAL_LOSS_TOLERANCE = 0.5


def initial_loss(model: Any, X: Any, y: Any, *, tolerance: float = INITIAL_LOSS_TOLERANCE,
                 from_logits: bool | None = None) -> CheckResult:
    """Compares an untrained model's cross-entropy with -ln(1/num_classes).

    A fresh classifier should spread its probability evenly, so its loss is
    about ln(num_classes): 2.303 for 10 classes, ln(2) = 0.693 for one sigmoid
    output. Much more means over-confident wrong outputs (weights too large,
    unscaled inputs); much less means the untrained model already knows the
    labels (a leak).

    Args:
        model: a built, untrained classifier (softmax, sigmoid or logits output).
        X: inputs, e.g. a few hundred training samples.
        y: integer labels `(n,)`, or one-hot `(n, num_classes)`.
        tolerance: allowed deviation from the expected loss, in nats.
            Defaults to `0.5` (see `INITIAL_LOSS_TOLERANCE` for the reason).
        from_logits: whether the model outputs logits. Defaults to `None`:
            read from the last layer's activation (softmax/sigmoid mean
            probabilities), else from whether the outputs look like
            probabilities.

    Returns:
        A `CheckResult` with `values` `observed`, `expected`, `num_classes`,
        `from_logits` and `tolerance`.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(10)])
        >>> X, y = np.ones((8, 4), "float32") * 0.1, np.arange(8)
        >>> initial_loss(model, X, y).ok
        True
    """
    model = _check_model(model, "initial_loss")
    X, y = check_xy(X, y, "initial_loss")
    check_positive(tolerance=tolerance)
    scored = evaluate(model, X, y, from_logits=from_logits)
    num_classes = 2 if scored.kind == "binary" else scored.num_outputs
    expected = math.log(num_classes)
    observed = scored.loss
    values = {"observed": observed, "expected": expected, "num_classes": num_classes,
              "from_logits": scored.logits, "tolerance": tolerance}
    what = f"initial loss {observed:.4g}"
    ref = f"{expected:.3f} = ln({num_classes})"
    if abs(observed - expected) <= tolerance:
        return CheckResult("initial_loss", True,
                           f"{what} ~ expected {ref} (within +-{tolerance:g})", values)
    if observed > expected:
        hint = ("the output layer's weights are too large or the last activation is wrong "
                "(logits vs probabilities); check initialization")
        if np.issubdtype(X.dtype, np.integer) or float(np.max(np.abs(X))) > 10:
            hint += f"; X reaches {float(np.max(np.abs(X))):.4g}: scale inputs (Rescaling(1/255))"
        message = f"{what} >> {ref}: {hint}"
    else:
        message = (f"{what} << {ref}: the untrained model already predicts the labels; look for "
                   f"labels leaking into X, or a from_logits mix-up")
    return CheckResult("initial_loss", False, message, values)


def regularization_raises_loss(model_fn: Callable[..., Any], X: Any, y: Any,
                               strengths: Sequence[float] = (0, 1e-3, 1e-2, 1e-1), *,
                               num_epochs: int = 3, lr: float = 1e-3, batch_size: int = 32,
                               seed: int = 0, verbose: int = 0) -> CheckResult:
    """Trains one model per L2 strength; the training loss must rise with the strength.

    The slide's regularization check: the training loss includes the penalty,
    so a stronger penalty must give a higher training loss. Equal losses mean
    the strength never reaches the model.

    Args:
        model_fn: `model_fn(strength)` returns a new keras.Model with that L2
            strength, e.g. `kernel_regularizer=keras.regularizers.L2(strength)`;
            it also gets `seed=seed` when it accepts `seed`. Uncompiled models
            are compiled as in `overfit_small`.
        X: training inputs (a few hundred samples are enough).
        y: integer or one-hot labels.
        strengths: increasing, non-negative strengths.
            Defaults to `(0, 1e-3, 1e-2, 1e-1)`.
        num_epochs: epochs per strength ("train briefly"). Defaults to `3`.
        lr: Adam's learning rate for uncompiled models. Defaults to `1e-3`.
        batch_size: samples per step. Defaults to `32`.
        seed: every model starts from the same seed. Defaults to `0`.
        verbose: Keras verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `strengths`, `losses` (training loss
        with penalty, per strength) and `penalties` (the penalty part).

    Example:
        >>> import keras, numpy as np
        >>> def model_fn(strength):
        ...     l2 = keras.regularizers.L2(strength)
        ...     return keras.Sequential([keras.Input((4,)),
        ...                              keras.layers.Dense(2, kernel_regularizer=l2)])
        >>> X = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
        >>> regularization_raises_loss(model_fn, X, np.arange(64) % 2, num_epochs=1).ok
        True
    """
    check_builder(model_fn, "regularization_raises_loss")
    X, y = check_xy(X, y, "regularization_raises_loss")
    check_int(num_epochs=num_epochs, batch_size=batch_size)
    check_positive(lr=lr)
    strengths = [float(s) for s in strengths]
    if len(strengths) < 2 or min(strengths) < 0 or any(
            b <= a for a, b in zip(strengths, strengths[1:], strict=False)):
        raise ValueError(f"Expected at least two increasing strengths >= 0. "
                         f"Received: strengths={strengths}.")
    losses, penalties = [], []
    for strength in strengths:
        model = build(model_fn, strength, seed=seed)
        scored = compile_if_needed(model, X, y, lr=lr)
        fit(model, X, scored.y, num_epochs=num_epochs, batch_size=batch_size, seed=seed,
             verbose=verbose)
        # evaluating by hand saves tracing an evaluate function per model
        data_loss = evaluate(model, X, y, from_logits=scored.logits).loss
        penalties.append(float(sum(float(np.asarray(p)) for p in model.losses)))
        losses.append(data_loss + penalties[-1])
    values = {"strengths": strengths, "losses": losses, "penalties": penalties}
    pairs = ", ".join(f"{s:g}: {v:.4g}" for s, v in zip(strengths, losses, strict=True))
    falls = [(strengths[i], strengths[i + 1]) for i in range(len(losses) - 1)
             if losses[i + 1] <= losses[i]]
    if not falls:
        return CheckResult("regularization_raises_loss", True,
                           f"training loss rises with L2 strength ({pairs})", values, losses)
    if len(set(penalties)) == 1:
        hint = ("the penalty does not change with strength: pass it to the layers, e.g. "
                "kernel_regularizer=keras.regularizers.L2(strength)")
    else:
        a, b = falls[0]
        hint = (f"the loss did not rise from {a:g} to {b:g}; check the penalty's sign, or "
                f"train longer (num_epochs) so the noise settles")
    return CheckResult("regularization_raises_loss", False, f"{pairs}: {hint}", values, losses)


def input_independent_baseline(model_fn: Callable[..., Any], X: Any, y: Any, *,
                               num_epochs: int = 5, lr: float = 1e-3, batch_size: int = 32,
                               margin: float = 0.1, seed: int = 0,
                               verbose: int = 0) -> CheckResult:
    """Trains on real inputs and on all-zero inputs; real inputs must give a clearly lower loss.

    With zeroed inputs a model can only learn the label frequencies. If the
    real inputs do no better, the model is not using them (inputs disconnected,
    masked, or unscaled so that training stalls).

    Args:
        model_fn: a function returning a new keras.Model (see `overfit_small`).
        X: training inputs (a few hundred samples are enough).
        y: integer or one-hot labels.
        num_epochs: epochs for each of the two runs. Defaults to `5`.
        lr: Adam's learning rate for uncompiled models. Defaults to `1e-3`.
        batch_size: samples per step. Defaults to `32`.
        margin: the real-input loss must be below `(1 - margin)` times the
            zero-input loss. Defaults to `0.1`: two runs from one seed on the
            same data differ by far less, and a model that uses its input
            beats the label-frequency loss by far more within a few epochs.
        seed: both runs start from this seed. Defaults to `0`.
        verbose: Keras verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `real_loss`, `zero_loss` (training
        loss after training, without penalty) and `ratio`.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(256, 2)).astype("float32")
        >>> input_independent_baseline(model_fn, X, (X[:, 0] > 0).astype(int), lr=0.05).ok
        True
    """
    check_builder(model_fn, "input_independent_baseline")
    X, y = check_xy(X, y, "input_independent_baseline")
    check_int(num_epochs=num_epochs, batch_size=batch_size)
    check_positive(lr=lr, margin=margin)
    results, curves = {}, {}
    for name, inputs in (("real", X), ("zero", np.zeros_like(X))):
        model = build(model_fn, seed=seed)
        scored = compile_if_needed(model, inputs, y, lr=lr)
        curves[name] = fit(model, inputs, scored.y, num_epochs=num_epochs,
                            batch_size=batch_size, seed=seed, verbose=verbose)
        results[name] = evaluate(model, inputs, y, from_logits=scored.logits).loss
    real, zero = results["real"], results["zero"]
    ratio = real / zero if zero > 0 else math.inf
    values = {"real_loss": real, "zero_loss": zero, "ratio": ratio}
    what = f"loss {real:.4g} with real inputs vs {zero:.4g} with zeros"
    if real < (1 - margin) * zero:
        return CheckResult("input_independent_baseline", True,
                           f"{what}: the model uses its input", values, curves["real"])
    return CheckResult(
        "input_independent_baseline", False,
        f"{what} (need < {1 - margin:.0%} of it): the model ignores its input; check that X "
        f"reaches the first layer unmasked and scaled, or train longer (num_epochs)",
        values, curves["real"])

