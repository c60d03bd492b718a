"""`run_all`: every sanity check that applies to a model, as one table."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any

from dlcourse.training import build, check_builder, check_xy

from .fitting import overfit_small
from .gradients import gradient_check, weights_change
from .leaks import leakage
from .loss import initial_loss, input_independent_baseline, regularization_raises_loss
from .relus import dead_relus
from .result import CheckResult, summarize


def run_all(model_fn: Callable[..., Any], X: Any, y: Any, *, test: Any = None,
            regularized_fn: Callable[..., Any] | None = None, n: int = 50, seed: int = 0,
            verbose: bool = True) -> list[CheckResult]:
    """Runs every check that applies and prints a summary table.

    Order: `leakage` (when `test` is given), then on one fresh model
    `initial_loss`, `weights_change`, `gradient_check`, `dead_relus`, then
    the training checks `overfit_small`, `input_independent_baseline` and
    `regularization_raises_loss` (when `regularized_fn` is given). A check
    that cannot run on this model (e.g. `dead_relus` on a subclassed model)
    is listed as SKIP.

    Args:
        model_fn: a function returning a new keras.Model (see `overfit_small`).
        X: training inputs; the first 512 samples are used.
        y: integer or one-hot labels.
        test: `(X_test, y_test)` or `X_test` to check for leakage.
            Defaults to `None` (skipped).
        regularized_fn: `regularized_fn(strength)` for
            `regularization_raises_loss`. Defaults to `None` (skipped).
        n: samples for `overfit_small`. Defaults to `50`.
        seed: seeds every model. Defaults to `0`.
        verbose: print the table. Defaults to `True`.

    Returns:
        The list of `CheckResult`s.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, "relu"),
        ...                              keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
        >>> results = run_all(model_fn, X, (X[:, 0] > 0).astype(int))  # doctest: +SKIP
        PASS  initial_loss                initial loss 0.71 ~ expected 0.693 = ln(2) ...
    """
    check_builder(model_fn, "run_all")
    X, y = check_xy(X, y, "run_all")
    X, y = X[:512], y[:512]  # enough to see each check fail; small enough for a CPU
    results = []
    if test is not None:
        results.append(leakage((X, y), test))
    model = build(model_fn, seed=seed)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("initial_loss", lambda: initial_loss(model, X, y)),
        ("weights_change", lambda: weights_change(model, X, y)),
        ("gradient_check", lambda: gradient_check(model, X, y, seed=seed)),
        ("dead_relus", lambda: dead_relus(model, X)),
        ("overfit_small", lambda: overfit_small(model_fn, X, y, n, seed=seed)),
        ("input_independent_baseline", lambda: input_independent_baseline(model_fn, X, y,
                                                                          seed=seed)),
    ]
    if regularized_fn is not None:
        checks.append(("regularization_raises_loss",
                       lambda: regularization_raises_loss(regularized_fn, X, y, seed=seed)))
    for name, check in checks:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # the table reports the same
                results.append(check())
        except TypeError as err:  # the check does not apply to this kind of model
            results.append(CheckResult(name, None, f"skipped: {str(err).splitlines()[0]}"))
    if verbose:
        print(summarize(results))
    return results
