"""The strategy slides' verdict: `diagnose` from error rates, from a History, or after `fit`.

`diagnose` implements the "Strategy for machine learning" slides (after Andrew
Ng, "Nuts and Bolts of Applying Deep Learning"): human-level error stands in
for the best achievable error, and the first gap that is too large decides the
next move.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import _validate

VERDICTS = ("underfitting", "overfitting_train", "overfitting_val", "good")

NEXT_MOVES = {
    "underfitting": "reduce avoidable bias: a bigger model, train longer (or a better "
                    "optimizer), or a better architecture",
    "overfitting_train": "reduce variance: more training data, regularization (L2, dropout, "
                         "early stopping), data augmentation, or a better architecture",
    "overfitting_val": "the validation set has been tuned on too much: get a bigger "
                       "validation set and stop tuning on it",
    "good": "done: every gap is within tolerance; report the test error",
}

# Gaps under 2 points are within what a 2,000-sample split (the `fast` profile's
# validation and test sets) can resolve: an error rate near 10% has a standard
# error of sqrt(0.1 * 0.9 / 2000) = 0.7 points, a difference of two of them 0.95,
# so 2 points is about two standard errors. On the slides it separates the 0.1-
# and 0.9-point gaps (noise) from the 8-9 point ones (the verdicts).
DIAGNOSE_TOLERANCE = 0.02

# differences of decimal fractions carry rounding (0.05 - 0.03 = 0.020000000000000004);
# a gap equal to the tolerance is not significant
_ROUNDING = 1e-9


@dataclass(frozen=True)
class Diagnosis:
    """The verdict of the strategy slides, with the gaps that led to it.

    All errors and gaps are fractions (0.09 = 9%), or losses when the
    diagnosis was made from a loss (`metric="loss"`).

    Attributes:
        human, train, val, test: the error rates (`test` may be `None`).
        avoidable_bias: `train - human`.
        variance: `val - train`.
        val_overfitting: `test - val`, or `None` without a test error.
        verdict: one of `VERDICTS`.
        next_move: the recommended next step.
        tolerance: the largest gap that counts as noise.
        metric: `"error"`, or the History key it was computed from.
        epoch: the epoch (1-based) it was read at, for `diagnose_history`.

    Example:
        >>> d = diagnose(0.01, 0.09, 0.10, 0.11)
        >>> d.verdict, round(d.avoidable_bias, 2)
        ('underfitting', 0.08)
    """

    human: float
    train: float
    val: float
    test: float | None
    avoidable_bias: float
    variance: float
    val_overfitting: float | None
    verdict: str
    next_move: str
    tolerance: float
    metric: str = "error"
    epoch: int | None = None

    def _fmt(self, value: float, sign: bool = False) -> str:
        if self.metric != "error" and "acc" not in self.metric:
            return f"{value:+.4g}" if sign else f"{value:.4g}"
        return f"{value:+.1%}" if sign else f"{value:.1%}"

    def __str__(self) -> str:
        at = f" (epoch {self.epoch}, from {self.metric})" if self.epoch else ""
        rows = [
            ("human-level error", self.human, "", None),
            ("training error", self.train, "avoidable bias", self.avoidable_bias),
            ("validation error", self.val, "variance", self.variance),
        ]
        if self.test is not None:
            rows.append(("test error", self.test, "val overfitting", self.val_overfitting))
        lines = [f"{name:<18} {self._fmt(v):>8}" + (f"   {gap:<16} {self._fmt(g, True):>8}"
                                                      if g is not None else "")
                 for name, v, gap, g in rows]
        lines.append(f"verdict: {self.verdict}{at} -> {self.next_move}")
        return "\n".join(lines)


def _check_rate(name: str, value: Any, *, percent: bool, unit: str) -> float:
    value = _validate.number(value, name)
    if unit == "loss":
        if value < 0:
            raise ValueError(f"Expected `{name}` >= 0 (a loss). Received: {name}={value}.")
        return value
    top = 100.0 if percent else 1.0
    if not 0 <= value <= top:
        hint = (f" If these are percents, pass percent=True (or divide by 100: {value:g} -> "
                f"{value / 100:g})." if not percent and value <= 100 else "")
        unit_name = "percents in [0, 100]" if percent else "fractions in [0, 1]"
        raise ValueError(f"Expected error rates as {unit_name}. Received: {name}={value:g}."
                         f"{hint}")
    return value / top


def _diagnose(rates: dict[str, float | None], tolerance: float, metric: str = "error",
              epoch: int | None = None) -> Diagnosis:
    human, train, val, test = (rates[k] for k in ("human", "train", "val", "test"))
    bias, variance = train - human, val - train
    val_overfitting = None if test is None else test - val
    if bias > tolerance + _ROUNDING:
        verdict = "underfitting"
    elif variance > tolerance + _ROUNDING:
        verdict = "overfitting_train"
    elif val_overfitting is not None and val_overfitting > tolerance + _ROUNDING:
        verdict = "overfitting_val"
    else:
        verdict = "good"
    next_move = NEXT_MOVES[verdict]
    if verdict == "good" and test is None:
        next_move = "train and val agree within tolerance; measure the test error once, at the end"
    return Diagnosis(human, train, val, test, bias, variance, val_overfitting, verdict,
                     next_move, tolerance, metric, epoch)


def diagnose(human: float, train: float, val: float, test: float | None = None, *,
             tolerance: float | None = None, percent: bool = False) -> Diagnosis:
    """Reads the next move off human, training, validation and test error.

    The rule, in the slides' order: the first gap larger than `tolerance`
    decides.

    1. `train - human` (avoidable bias) -> `"underfitting"`: bigger model,
       train longer, better architecture.
    2. `val - train` (variance) -> `"overfitting_train"`: more data,
       regularization, augmentation.
    3. `test - val` -> `"overfitting_val"`: bigger validation set, stop tuning
       on it.
    4. none -> `"good"`: done.

    Fixing bias comes first because a model that cannot fit the training set
    tells nothing about variance. A gap equal to the tolerance is noise;
    negative gaps (e.g. training error below human level) are fine.

    Args:
        human: human-level error, the proxy for the best achievable error.
        train: training error.
        val: validation error.
        test: test error. Defaults to `None` (step 3 is skipped).
        tolerance: the largest gap that counts as noise, in the unit of the
            errors. Defaults to `None`: 0.02 (2 points; see
            `DIAGNOSE_TOLERANCE` for the reason).
        percent: the errors (and `tolerance`) are percents, 9.0 for 9%, as on
            the slides. Defaults to `False`: fractions, 0.09 for 9%, like
            `1 - accuracy` in Keras.

    Returns:
        A `Diagnosis` (in fractions) with `.verdict`, `.next_move` and the gaps.

    Example:
        >>> d = diagnose(human=0.01, train=0.011, val=0.10, test=0.11)
        >>> d.verdict, round(d.variance, 3)
        ('overfitting_train', 0.089)
        >>> diagnose(1, 1.1, 2, 11, percent=True).verdict
        'overfitting_val'
    """
    _validate.boolean(percent, "percent")
    values = {"human": human, "train": train, "val": val, "test": test}
    rates = {name: None if value is None and name == "test"
             else _check_rate(name, value, percent=percent, unit="rate")
             for name, value in values.items()}
    given = [v for v in values.values() if v is not None]
    if percent and max(given) <= 1 and max(given) > 0:
        warnings.warn(f"With percent=True, {max(given):g} means {max(given):g}%. These errors "
                      f"look like fractions; if so, drop percent=True.", stacklevel=2)
    if tolerance is None:
        tol = DIAGNOSE_TOLERANCE
    else:
        tol = _check_rate("tolerance", tolerance, percent=percent, unit="rate")
    return _diagnose(rates, tol)


_ACCURACY_KEYS = ("accuracy", "acc", "sparse_categorical_accuracy", "categorical_accuracy",
                  "binary_accuracy")


def _pick_metric(logs: Mapping[str, Sequence[float]], metric: str | None) -> str:
    if metric is None:
        metric = next((k for k in _ACCURACY_KEYS if k in logs and f"val_{k}" in logs), "loss")
    if metric not in logs or f"val_{metric}" not in logs or not len(logs[f"val_{metric}"]):
        raise ValueError(
            f"Expected `{metric}` and `val_{metric}` in the history. Received keys: "
            f"{sorted(logs)}. Fit with validation_data=(X_val, y_val) (and "
            f"metrics=['accuracy'] in compile), or pass metric= one of those keys."
        )
    return metric


def diagnose_history(history: Any, human: float, test: float | None = None, *,
                     metric: str | None = None, tolerance: float | None = None) -> Diagnosis:
    """Diagnoses a Keras `fit` at its best validation epoch.

    With an accuracy metric, errors are `1 - accuracy`; with a loss (or any
    other lower-is-better key) the values are used as they are, and `human`
    and `test` must be in the same unit (use `human=0.0` when unknown). The
    training numbers are Keras's averages over each epoch with dropout on, so
    they overstate the training error a little; evaluate on the training set
    for exact numbers.

    Args:
        history: the `History` returned by `model.fit(..., validation_data=...)`,
            or its `.history` dict.
        human: human-level error, as a fraction (or in loss units).
        test: test error. Defaults to `None`.
        metric: the History key, e.g. `"accuracy"` or `"loss"`. Defaults to
            `None`: the first accuracy key logged for train and val, else
            `"loss"`.
        tolerance: see `diagnose`. Defaults to `None` (0.02).

    Returns:
        A `Diagnosis` with `.epoch` (1-based) and `.metric` set.

    Example:
        >>> logs = {"accuracy": [0.80, 0.90], "val_accuracy": [0.79, 0.89]}
        >>> d = diagnose_history(logs, human=0.01)
        >>> d.verdict, d.epoch
        ('underfitting', 2)
    """
    logs = getattr(history, "history", history)
    if not isinstance(logs, Mapping):
        raise TypeError(f"Expected a keras History or its `.history` dict. "
                        f"Received: {type(history).__name__}.")
    metric = _pick_metric(logs, metric)
    is_accuracy = "acc" in metric
    train = np.asarray(logs[metric], dtype=float)
    val = np.asarray(logs[f"val_{metric}"], dtype=float)
    if is_accuracy:
        train, val = 1 - train, 1 - val
    epoch = int(np.nanargmin(val))
    unit = "rate" if is_accuracy else "loss"
    rates = {"human": _check_rate("human", human, percent=False, unit=unit),
             "train": float(train[min(epoch, len(train) - 1)]), "val": float(val[epoch]),
             "test": None if test is None else _check_rate("test", test, percent=False,
                                                            unit=unit)}
    tol = DIAGNOSE_TOLERANCE if tolerance is None else _check_rate(
        "tolerance", tolerance, percent=False, unit=unit)
    return _diagnose(rates, tol, metric=metric, epoch=epoch + 1)
