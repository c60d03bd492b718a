"""Sweeps that train fresh models: capacity against train/val error, and the lr range test."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

from .diagnosis import DIAGNOSE_TOLERANCE, _check_rate, _diagnose


@dataclass
class CapacitySweep:
    """Training and validation loss and error per model capacity.

    Attributes:
        rows: one dict per capacity: `capacity`, `num_params`, `train_loss`,
            `val_loss`, `train_error`, `val_error` and `verdict` (from
            `diagnose(human, train_error, val_error)`).
        human: the human-level error used for the verdicts.
        tolerance: the tolerance used for the verdicts.

    Example:
        >>> rows = [{"capacity": c, "val_error": e} for c, e in [(2, 0.3), (8, 0.1), (32, 0.2)]]
        >>> CapacitySweep(rows, human=0.0, tolerance=0.02).best["capacity"]
        8
    """

    rows: list[dict[str, Any]]
    human: float
    tolerance: float

    @property
    def best(self) -> dict[str, Any]:
        """The row with the lowest validation error."""
        return min(self.rows, key=lambda row: row["val_error"])

    def __str__(self) -> str:
        head = (f"{'capacity':>10} {'params':>8} {'train_loss':>10} {'val_loss':>9} "
                f"{'train_err':>9} {'val_err':>8}  verdict")
        lines = [head] + [
            f"{row['capacity']!s:>10} {row['num_params']:>8} {row['train_loss']:>10.4f} "
            f"{row['val_loss']:>9.4f} {row['train_error']:>9.1%} {row['val_error']:>8.1%}  "
            f"{row['verdict']}" for row in self.rows]
        return "\n".join(lines)


def _split(data: Any, name: str) -> tuple[np.ndarray, np.ndarray]:
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise TypeError(f"Expected `{name}` as an (X, y) pair, e.g. splits.{name}. "
                        f"Received: {type(data).__name__}.")
    return check_xy(data[0], data[1], "capacity_sweep")


def capacity_sweep(model_fn: Callable[..., Any], capacities: Sequence[Any], train: Any,
                   val: Any, num_epochs: int, *, human: float = 0.0, lr: float = 1e-3,
                   batch_size: int = 32, seed: int = 0, tolerance: float | None = None,
                   verbose: int = 0) -> CapacitySweep:
    """Trains `model_fn(capacity)` for each capacity and tabulates train/val loss and error.

    Small capacities underfit (high training error); past the best one the
    validation error rises while the training error keeps falling.
    Each model starts from the same seed; losses and errors are measured
    after training, in inference mode.

    Args:
        model_fn: `model_fn(capacity)` returns a new classifier (also given
            `seed=seed` when it accepts `seed`). Uncompiled models are compiled
            with `Adam(lr)`, the matching cross-entropy and accuracy.
        capacities: e.g. hidden units `[2, 8, 32, 128]`.
        train: `(X_train, y_train)`.
        val: `(X_val, y_val)`.
        num_epochs: epochs per model.
        human: human-level error for the verdicts. Defaults to `0.0`.
        lr: Adam's learning rate for uncompiled models. Defaults to `1e-3`.
        batch_size: samples per step. Defaults to `32`.
        seed: seeds every model. Defaults to `0`.
        tolerance: see `diagnose`. Defaults to `None` (0.02).
        verbose: Keras verbosity. Defaults to `0`.

    Returns:
        A `CapacitySweep`; `print` it for a table, `.best` is the row with
        the lowest validation error.

    Example:
        >>> import keras
        >>> from dlcourse import data
        >>> s = data.load("moons")
        >>> def model_fn(units):
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, "relu"),
        ...                              keras.layers.Dense(2)])
        >>> sweep = capacity_sweep(model_fn, [1, 16], s.train, s.val, num_epochs=2)
        >>> [row["capacity"] for row in sweep.rows]
        [1, 16]
    """
    check_builder(model_fn, "capacity_sweep")
    X_train, y_train = _split(train, "train")
    X_val, y_val = _split(val, "val")
    check_int(num_epochs=num_epochs, batch_size=batch_size)
    check_positive(lr=lr)
    if isinstance(capacities, (str, bytes)) or not len(capacities):
        raise ValueError(f"Expected a non-empty list of capacities, e.g. [2, 8, 32]. "
                         f"Received: capacities={capacities!r}.")
    human_rate = _check_rate("human", human, percent=False, unit="rate")
    tol = DIAGNOSE_TOLERANCE if tolerance is None else _check_rate(
        "tolerance", tolerance, percent=False, unit="rate")
    rows = []
    for capacity in capacities:
        model = build(model_fn, capacity, seed=seed)
        scored = compile_if_needed(model, X_train, y_train, lr=lr)
        fit(model, X_train, scored.y, num_epochs=num_epochs, batch_size=batch_size, seed=seed,
            verbose=verbose)
        on_train = evaluate(model, X_train, y_train, from_logits=scored.logits)
        on_val = evaluate(model, X_val, y_val, from_logits=scored.logits)
        train_error, val_error = 1 - on_train.accuracy, 1 - on_val.accuracy
        verdict = _diagnose({"human": human_rate, "train": train_error, "val": val_error,
                             "test": None}, tol).verdict
        rows.append({"capacity": capacity, "num_params": int(model.count_params()),
                     "train_loss": on_train.loss, "val_loss": on_val.loss,
                     "train_error": train_error, "val_error": val_error, "verdict": verdict})
    return CapacitySweep(rows, human_rate, tol)


@dataclass
class LRRangeTest:
    """The losses of an lr range test and the learning rate it suggests.

    Attributes:
        lrs: the learning rate of each step.
        losses: each step's training loss (its batch, before the update).
        smoothed: the losses' bias-corrected exponential moving average.
        suggested_lr: `min_loss_lr / 10`: the largest lr that is still
            safely below where the loss stops falling.
        min_loss_lr: the lr at the lowest smoothed loss.
        steepest_lr: the lr where the smoothed loss falls fastest per decade.
        stopped_early: the loss exploded before `max_lr`.

    Example:
        >>> result = LRRangeTest([1e-3, 1e-2, 1e-1], [2.3, 1.9, 9.0], [2.3, 2.1, 4.4],
        ...                      suggested_lr=1e-3, min_loss_lr=1e-2, steepest_lr=1e-2,
        ...                      stopped_early=True)
        >>> result.suggested_lr, result.stopped_early
        (0.001, True)
    """

    lrs: list[float]
    losses: list[float]
    smoothed: list[float]
    suggested_lr: float
    min_loss_lr: float
    steepest_lr: float
    stopped_early: bool

    def __str__(self) -> str:
        end = "loss exploded" if self.stopped_early else "reached max_lr"
        return (f"lr range test: {len(self.lrs)} steps, {end}; min loss at lr="
                f"{self.min_loss_lr:.2g}, steepest at {self.steepest_lr:.2g}, suggested lr="
                f"{self.suggested_lr:.2g}")

    def plot(self, ax: Any = None) -> Any:
        """Plots loss against lr (log axis) and marks the suggestion.

        Args:
            ax: a Matplotlib axes. Defaults to `None` (the current axes).

        Returns:
            The axes.

        Example:
            >>> result.plot()  # doctest: +SKIP
        """
        import matplotlib.pyplot as plt

        ax = ax or plt.gca()
        ax.plot(self.lrs, self.losses, alpha=0.3, label="loss")
        ax.plot(self.lrs, self.smoothed, label="smoothed")
        ax.axvline(self.suggested_lr, color="k", linestyle="--",
                   label=f"suggested lr {self.suggested_lr:.2g}")
        ax.set(xscale="log", xlabel="learning rate", ylabel="training loss")
        ax.legend()
        return ax


def lr_range_test(model_fn: Callable[..., Any], X: Any, y: Any, *, min_lr: float = 1e-6,
                  max_lr: float = 1.0, num_steps: int = 100, batch_size: int = 32,
                  diverge_factor: float = 4.0, beta: float = 0.9, seed: int = 0) -> LRRangeTest:
    """Raises the lr exponentially, one batch at a time, and records the loss (Smith, 2017).

    The loss first barely moves (lr too small), then falls, then blows up
    (lr too large). The test stops once the smoothed loss exceeds
    `diverge_factor` times its minimum, or is not finite. Suggested lr: the
    one at the smoothed minimum divided by 10 (fastai's "lr_min"), a robust
    choice; the steepest-descent lr is reported too.

    Args:
        model_fn: a function returning a new keras.Model (also given
            `seed=seed` when it accepts `seed`). An uncompiled model gets Adam,
            the matching cross-entropy and accuracy; a compiled one keeps its
            optimizer, whose (float) learning rate is overwritten per step.
        X: training inputs; batches are drawn in a seeded random order.
        y: integer or one-hot labels.
        min_lr: the first step's lr. Defaults to `1e-6`.
        max_lr: the last step's lr. Defaults to `1.0`.
        num_steps: steps (batches) from `min_lr` to `max_lr`. Defaults to `100`.
        batch_size: samples per step. Defaults to `32`.
        diverge_factor: stop once the smoothed loss exceeds this times its
            minimum. Defaults to `4.0`.
        beta: the smoothing of the loss curve, in [0, 1). Defaults to `0.9`
            (averages about the last 10 steps).
        seed: seeds the model and the batch order. Defaults to `0`.

    Returns:
        An `LRRangeTest`; `.plot()` draws the curve.

    Example:
        >>> import keras
        >>> from dlcourse import data
        >>> X, y = data.load("moons").train
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, "relu"),
        ...                              keras.layers.Dense(2)])
        >>> result = lr_range_test(model_fn, X, y, num_steps=30)
        >>> 1e-6 <= result.suggested_lr <= 1.0
        True
    """
    check_builder(model_fn, "lr_range_test")
    X, y = check_xy(X, y, "lr_range_test")
    check_int(num_steps=num_steps, batch_size=batch_size)
    check_positive(min_lr=min_lr, max_lr=max_lr, diverge_factor=diverge_factor)
    if not min_lr < max_lr or num_steps < 2:
        raise ValueError(f"Expected min_lr < max_lr and num_steps >= 2. Received: "
                         f"min_lr={min_lr}, max_lr={max_lr}, num_steps={num_steps}.")
    if not 0 <= beta < 1:
        raise ValueError(f"Expected `beta` in [0, 1). Received: beta={beta!r}.")
    model = build(model_fn, seed=seed)
    scored = compile_if_needed(model, X, y, lr=min_lr)
    X = match_input(model, X)
    rng = np.random.default_rng(seed)
    order = np.concatenate([rng.permutation(len(X))
                            for _ in range(-(-num_steps * batch_size // len(X)))])
    lrs = [float(v) for v in np.geomspace(min_lr, max_lr, num_steps)]
    losses: list[float] = []
    smoothed: list[float] = []
    average, best, stopped = 0.0, math.inf, False
    for step, lr in enumerate(lrs):
        try:
            model.optimizer.learning_rate = lr
        except TypeError as err:
            raise TypeError("lr_range_test sets the optimizer's learning rate per step; compile "
                            "with a float learning_rate, not a schedule.") from err
        batch = order[step * batch_size:(step + 1) * batch_size]
        # Keras before 3.14 (Colab's 3.13) does not reset the loss tracker in train_on_batch,
        # so its "loss" would be the mean over every step so far (keras-team/keras#22617)
        model.reset_metrics()
        logs = model.train_on_batch(X[batch], scored.y[batch], return_dict=True)
        loss = float(logs["loss"])
        losses.append(loss)
        average = beta * average + (1 - beta) * loss
        smoothed.append(average / (1 - beta ** (step + 1)))
        best = min(best, smoothed[-1])
        if not math.isfinite(smoothed[-1]) or smoothed[-1] > diverge_factor * best:
            stopped = True
            break
    lrs = lrs[:len(losses)]
    curve = np.asarray(smoothed)
    finite = np.where(np.isfinite(curve), curve, np.inf)
    low = int(np.argmin(finite))
    slopes = np.gradient(curve, np.log10(lrs)) if len(curve) > 1 else np.zeros(1)
    slopes = np.where(np.isfinite(slopes), slopes, np.inf)
    steep = int(np.argmin(slopes[:low + 1]))  # only where the loss still falls
    return LRRangeTest(lrs, losses, smoothed, suggested_lr=max(lrs[low] / 10, min_lr),
                       min_loss_lr=lrs[low], steepest_lr=lrs[steep], stopped_early=stopped)
