"""Checks on the gradients: they match finite differences, and one step moves every weight."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from dlcourse.training import Score, check_int, check_positive, check_xy, evaluate, match_input

from ._layers import _check_model, _frozen_layers
from .result import CheckResult


def _float64_copy(model: Any) -> Any | None:
    """A float64 clone with the same weights, or `None` when Keras cannot clone the model."""
    import keras

    def to_float64(layer: Any) -> Any:
        return layer.__class__.from_config({**layer.get_config(), "dtype": "float64"})

    try:
        clone = keras.models.clone_model(model, clone_function=to_float64)
        if len(clone.weights) != len(model.weights):
            return None
        for target, source in zip(clone.weights, model.weights, strict=True):
            target.assign(np.asarray(source).astype(target.dtype))
    except Exception:  # subclassed or unserializable models: fall back to float32
        return None
    return clone


def gradient_check(model: Any, X: Any, y: Any, *, num_params: int = 5, epsilon: float = 1e-5,
                   tolerance: float = 1e-4, max_samples: int = 16, seed: int = 0,
                   from_logits: bool | None = None) -> CheckResult:
    """Compares `tf.GradientTape` gradients with central finite differences.

    The loss (cross-entropy plus penalties, in inference mode) is evaluated
    on a float64 copy of the model, so the finite difference
    `(L(w + eps) - L(w - eps)) / (2 eps)` is accurate to about 1e-10; a model
    Keras cannot clone is checked in float32 with `epsilon=1e-3` and
    `tolerance=1e-2`. The error per parameter is `|a - n| / max(|a|, |n|, 1e-6)`.

    Args:
        model: a built keras.Model; its weights are left unchanged.
        X: inputs; the first `max_samples` are used.
        y: integer or one-hot labels.
        num_params: parameters sampled per trainable variable. Defaults to `5`.
        epsilon: the finite-difference step. Defaults to `1e-5` (the float64
            optimum, about the cube root of machine epsilon).
        tolerance: the largest accepted relative error. Defaults to `1e-4`
            (cs231n: below 1e-4 is fine for nets with ReLU kinks; a wrong
            gradient is off by 1e-2 or far more).
        max_samples: samples in the loss. Defaults to `16`.
        seed: picks the sampled parameters. Defaults to `0`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).

    Returns:
        A `CheckResult` with `values` `max_error`, `where` (variable and
        index), `analytic`, `numeric` (at the worst parameter), `dtype`,
        `num_checked` and `errors` (largest error per variable).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, "tanh"),
        ...                           keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(8, 3))
        >>> gradient_check(model, X, np.arange(8) % 2).ok
        True
    """
    model = _check_model(model, "gradient_check")
    X, y = check_xy(X, y, "gradient_check")
    check_int(num_params=num_params, max_samples=max_samples)
    check_positive(epsilon=epsilon, tolerance=tolerance)
    X, y = X[:max_samples], y[:max_samples]
    scored = evaluate(model, X, y, from_logits=from_logits)
    # below `floor` a gradient counts as zero: float64 finite differences carry ~1e-11 of
    # rounding noise (float32: ~1e-6), which must stay under tolerance * floor
    twin, dtype, floor = _float64_copy(model), "float64", 1e-6
    if twin is None:
        twin, dtype, floor = model, "float32", 1e-3
        epsilon, tolerance = max(epsilon, 1e-3), max(tolerance, 1e-2)
        warnings.warn("gradient_check: Keras could not clone the model in float64; checking in "
                      "float32 with epsilon=1e-3, tolerance=1e-2.", stacklevel=2)
    X = match_input(model, X)
    inputs = X.astype(dtype) if np.issubdtype(X.dtype, np.floating) else X
    labels = scored.y.astype(dtype) if scored.kind != "sparse" else scored.y
    rng = np.random.default_rng(seed)
    saved = [np.array(v.numpy()) for v in twin.weights]
    try:
        for var in twin.trainable_variables:
            if not np.any(var.numpy()):
                # Zero biases put ReLUs fed by all-zero regions (image backgrounds) exactly
                # on their kink, where no finite difference matches the tape's subgradient.
                # A gradient must be right at any point, so check it a little off zero.
                var.assign(rng.normal(0.0, 0.05, size=var.shape).astype(dtype))
        worst, errors = _compare_gradients(
            twin, lambda y_hat: _mean_loss(labels, y_hat, scored, dtype), inputs,
            [v.path for v in model.trainable_variables], num_params, epsilon, tolerance, floor,
            rng)
    finally:
        for var, value in zip(twin.weights, saved, strict=True):
            var.assign(value)
    kinks = worst.pop("kinks")
    num_checked = sum(min(num_params, int(np.prod(v.shape)))
                      for v in twin.trainable_variables) - kinks
    values = {**worst, "dtype": dtype, "num_checked": num_checked, "kinks": kinks,
              "errors": errors}
    what = (f"max relative error {worst['max_error']:.2g} at {worst['where']} "
            f"(tape {worst['analytic']:.4g} vs finite difference {worst['numeric']:.4g})")
    if not errors:
        hint = (f"all {kinks} sampled parameters sit next to a ReLU kink; pass fewer "
                f"max_samples or more num_params" if kinks
                else "the model has no trainable variables; unfreeze it")
        return CheckResult("gradient_check", False, f"nothing checked: {hint}", values)
    skipped = f", {kinks} next to a ReLU kink skipped" if kinks else ""
    if worst["max_error"] <= tolerance:
        return CheckResult("gradient_check", True,
                           f"{what}, {num_checked} parameters in {dtype}{skipped}", values)
    return CheckResult("gradient_check", False,
                       f"{what} > {tolerance:g}: the gradient is wrong there; check custom "
                       f"layers, custom_gradient and stop_gradient on the way to it", values)


def _mean_loss(labels: Any, y_hat: Any, scored: Score, dtype: str) -> Any:
    import keras

    return keras.ops.cast(keras.ops.mean(scored.per_sample_loss(y_hat, labels)), dtype)


def _compare_gradients(twin: Any, data_loss: Callable[[Any], Any], inputs: np.ndarray,
                       names: list[str], num_params: int, epsilon: float, tolerance: float,
                       floor: float, rng: np.random.Generator,
                       ) -> tuple[dict[str, Any], dict[str, float]]:
    """Tape gradient vs central difference on `num_params` sampled entries per variable."""
    import keras
    import tensorflow as tf

    def loss() -> Any:
        total = data_loss(twin(inputs, training=False))
        return total + sum((keras.ops.cast(p, total.dtype) for p in twin.losses), 0.0)

    with tf.GradientTape() as tape:
        value = loss()
    grads = tape.gradient(value, twin.trainable_variables)
    worst: dict[str, Any] = {"max_error": 0.0, "where": None, "analytic": 0.0, "numeric": 0.0}
    errors: dict[str, float] = {}
    kinks = 0
    for name, var, grad in zip(names, twin.trainable_variables, grads, strict=True):
        w = np.array(var.numpy())
        g = np.zeros_like(w) if grad is None else np.asarray(grad)
        for flat in rng.choice(w.size, size=min(num_params, w.size), replace=False):
            index = np.unravel_index(flat, w.shape)
            sides = []
            for step in (epsilon, -epsilon, epsilon / 2, -epsilon / 2):
                nudged = w.copy()
                nudged[index] += step
                var.assign(nudged)
                sides.append(float(loss()))
            var.assign(w)
            numeric, analytic = (sides[0] - sides[1]) / (2 * epsilon), float(g[index])
            half = (sides[2] - sides[3]) / epsilon
            scale = max(abs(analytic), abs(numeric), floor)
            if abs(numeric - half) > tolerance / 2 * scale:
                # Smooth losses give the same difference for both steps (to ~eps^2); a
                # mismatch means a ReLU kink lies within eps, where neither is a derivative.
                kinks += 1
                continue
            error = abs(analytic - numeric) / scale
            errors[name] = max(errors.get(name, 0.0), error)
            if error >= worst["max_error"]:
                worst = {"max_error": error, "where": f"{name}{list(map(int, index))}",
                         "analytic": analytic, "numeric": numeric}
    worst["kinks"] = kinks
    return worst, errors


def weights_change(model: Any, X: Any, y: Any, *, lr: float = 1e-3, allow_frozen: bool = False,
                   max_samples: int = 32, from_logits: bool | None = None) -> CheckResult:
    """Takes one Adam step and names every variable that did not move.

    A trainable variable that stays put gets no gradient: it is disconnected
    from the loss, behind a dead layer or a `stop_gradient`. A layer with
    weights and `trainable=False` is reported as frozen. The model's weights
    are restored afterwards.

    Args:
        model: a built keras.Model.
        X: inputs; the first `max_samples` are used.
        y: integer or one-hot labels.
        lr: the step's learning rate. Defaults to `1e-3` (Adam moves every
            variable with a non-zero gradient by about `lr`).
        allow_frozen: accept frozen layers (transfer learning freezes on
            purpose). Defaults to `False`.
        max_samples: samples in the step. Defaults to `32`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).

    Returns:
        A `CheckResult` with `values` `changed`, `unchanged` (variable paths)
        and `frozen` (layer names).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> weights_change(model, np.ones((4, 3)), np.array([0, 1, 0, 1])).ok
        True
    """
    import keras
    import tensorflow as tf

    model = _check_model(model, "weights_change")
    X, y = check_xy(X, y, "weights_change")
    check_positive(lr=lr)
    check_int(max_samples=max_samples)
    X, y = X[:max_samples], y[:max_samples]
    scored = evaluate(model, X, y, from_logits=from_logits)
    X = match_input(model, X)
    frozen = _frozen_layers(model)
    variables = model.trainable_variables
    saved = [np.array(v.numpy()) for v in model.weights]
    try:
        with tf.GradientTape() as tape:
            y_hat = model(X, training=True)
            loss = keras.ops.mean(scored.per_sample_loss(y_hat))
            loss = loss + sum(model.losses, 0.0)
        grads = tape.gradient(loss, variables)
        grads = [tf.zeros_like(v) if g is None else g for v, g in zip(variables, grads,
                                                                       strict=True)]
        before = [np.array(v.numpy()) for v in variables]
        if variables:
            keras.optimizers.Adam(learning_rate=lr).apply_gradients(
                zip(grads, variables, strict=True))
        moved = [not np.array_equal(b, v.numpy()) for b, v in zip(before, variables, strict=True)]
    finally:
        for var, value in zip(model.weights, saved, strict=True):
            var.assign(value)
    changed = [v.path for v, m in zip(variables, moved, strict=True) if m]
    unchanged = [v.path for v, m in zip(variables, moved, strict=True) if not m]
    values = {"changed": changed, "unchanged": unchanged, "frozen": frozen}
    problems = []
    if unchanged:
        problems.append(f"{len(unchanged)} of {len(variables)} trainable variables did not "
                        f"change ({', '.join(unchanged[:4])}): no gradient reaches them "
                        f"(disconnected, dead ReLUs or stop_gradient)")
    if frozen and not allow_frozen:
        problems.append(f"frozen layers {frozen}: set `layer.trainable = True`, or pass "
                        f"allow_frozen=True if freezing is intended")
    if not variables and not frozen:
        problems.append("the model has no trainable variables")
    if problems:
        return CheckResult("weights_change", False, "; ".join(problems), values)
    note = f" (frozen layers allowed: {frozen})" if frozen else ""
    return CheckResult("weights_change", True,
                       f"all {len(variables)} trainable variables changed after one step{note}",
                       values)

