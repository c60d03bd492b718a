"""What to do next: the lecture's strategy tables, capacity sweeps, random search, lr range test.

    >>> from dlcourse import methodology
    >>> methodology.diagnose(human=0.01, train=0.09, val=0.10, test=0.11).verdict
    'underfitting'

`diagnose` implements the "Strategy for machine learning" slides (after Andrew
Ng, "Nuts and Bolts of Applying Deep Learning"): human-level error stands in
for the best achievable error, and the first gap that is too large decides the
next move. `random_search` samples hyperparameters the way the slides do
(`lr = 10**uniform(-6, 1)`, `dropout = 0.1 * uniform(0, 10)`), and
`keras_tuner_search` hands the same space to KerasTuner.
"""

from __future__ import annotations

import itertools
import math
import tempfile
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import sanity

__all__ = [
    "CapacitySweep", "Choice", "DIAGNOSE_TOLERANCE", "Diagnosis", "LRRangeTest", "LogUniform",
    "DiagnoseCallback",  # noqa: F822 - built on first access by __getattr__ (needs Keras)
    "NEXT_MOVES", "Trial", "Uniform", "VERDICTS", "capacity_sweep", "diagnose",
    "diagnose_history", "distinct_values", "grid_search", "keras_tuner_search", "lr_range_test",
    "random_search", "to_keras_tuner",
]

# ------------------------------------------------------------------- diagnose

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
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
            or not math.isfinite(value):
        raise TypeError(f"Expected `{name}` to be a finite number. Received: {name}={value!r}.")
    value = float(value)
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
    if not isinstance(percent, bool):
        raise TypeError(f"Expected `percent` to be True or False. Received: percent={percent!r}.")
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


def _make_diagnose_callback() -> type:
    import keras

    class DiagnoseCallback(keras.callbacks.Callback):
        """Prints the strategy slides' diagnosis when `fit` ends.

        Args:
            human: human-level error, as a fraction.
            test: test error, if known. Defaults to `None`.
            metric: see `diagnose_history`. Defaults to `None` (accuracy if logged).
            tolerance: see `diagnose`. Defaults to `None` (0.02).
            print_fn: where the report goes. Defaults to `print`.

        Returns:
            A Keras callback; after `fit`, `.diagnosis` holds the `Diagnosis`
            (or `None` when the run logged no validation metric).

        Example:
            >>> cb = DiagnoseCallback(human=0.01)
            >>> model.fit(X, y, validation_data=(X_val, y_val), callbacks=[cb])  # doctest: +SKIP
            human-level error     1.0%
            ...
        """

        def __init__(self, human: float, test: float | None = None, *,
                     metric: str | None = None, tolerance: float | None = None,
                     print_fn: Callable[[str], Any] = print) -> None:
            super().__init__()
            _check_rate("human", human, percent=False, unit="loss")  # fail before training
            self.human, self.test, self.metric = human, test, metric
            self.tolerance, self.print_fn = tolerance, print_fn
            self.logs: dict[str, list[float]] = {}
            self.diagnosis: Diagnosis | None = None

        def on_train_begin(self, logs: dict | None = None) -> None:
            self.logs, self.diagnosis = {}, None

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            for key, value in (logs or {}).items():
                self.logs.setdefault(key, []).append(float(value))

        def on_train_end(self, logs: dict | None = None) -> None:
            try:
                self.diagnosis = diagnose_history(self.logs, self.human, self.test,
                                                  metric=self.metric, tolerance=self.tolerance)
            except ValueError as err:  # raising here would hide the finished fit's result
                self.print_fn(f"DiagnoseCallback: no diagnosis. {err}")
                return
            self.print_fn(str(self.diagnosis))

    DiagnoseCallback.__module__ = __name__
    DiagnoseCallback.__qualname__ = "DiagnoseCallback"
    return DiagnoseCallback


def __getattr__(name: str) -> Any:
    # DiagnoseCallback subclasses a Keras class; building it on first use keeps
    # `from dlcourse import methodology` free of TensorFlow.
    if name == "DiagnoseCallback":
        cls = _make_diagnose_callback()
        globals()[name] = cls
        return cls
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# ------------------------------------------------------------- capacity sweep


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
    return sanity._check_xy(data[0], data[1], "capacity_sweep")


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
    sanity._check_builder(model_fn, "capacity_sweep")
    X_train, y_train = _split(train, "train")
    X_val, y_val = _split(val, "val")
    sanity._check_int(num_epochs=num_epochs, batch_size=batch_size)
    sanity._check_positive(lr=lr)
    if isinstance(capacities, (str, bytes)) or not len(capacities):
        raise ValueError(f"Expected a non-empty list of capacities, e.g. [2, 8, 32]. "
                         f"Received: capacities={capacities!r}.")
    human_rate = _check_rate("human", human, percent=False, unit="rate")
    tol = DIAGNOSE_TOLERANCE if tolerance is None else _check_rate(
        "tolerance", tolerance, percent=False, unit="rate")
    rows = []
    for capacity in capacities:
        model = sanity._build(model_fn, seed, capacity)
        scored = sanity._compile_if_needed(model, X_train, y_train, lr=lr)
        sanity._fit(model, X_train, scored.y, num_epochs=num_epochs, batch_size=batch_size,
                    seed=seed, verbose=verbose)
        on_train = sanity._evaluate(model, X_train, y_train, from_logits=scored.logits)
        on_val = sanity._evaluate(model, X_val, y_val, from_logits=scored.logits)
        train_error, val_error = 1 - on_train.accuracy, 1 - on_val.accuracy
        verdict = _diagnose({"human": human_rate, "train": train_error, "val": val_error,
                             "test": None}, tol).verdict
        rows.append({"capacity": capacity, "num_params": int(model.count_params()),
                     "train_loss": on_train.loss, "val_loss": on_val.loss,
                     "train_error": train_error, "val_error": val_error, "verdict": verdict})
    return CapacitySweep(rows, human_rate, tol)


# -------------------------------------------------------------- random search


def _check_range(low: Any, high: Any, what: str) -> tuple[float, float]:
    for name, value in (("low", low), ("high", high)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
                or not math.isfinite(value):
            raise TypeError(f"Expected `{name}` of {what} to be a finite number. "
                            f"Received: {name}={value!r}.")
    if not low < high:
        raise ValueError(f"Expected low < high for {what}. Received: low={low}, high={high}.")
    return float(low), float(high)


@dataclass(frozen=True)
class LogUniform:
    """`10 ** uniform(low_exp, high_exp)`: for ranges over orders of magnitude, like lr.

    Args:
        low_exp: the smallest exponent, e.g. `-6` for 1e-6.
        high_exp: the largest exponent, e.g. `1` for 10.

    Returns:
        A distribution for `random_search` and `grid_search`.

    Example:
        >>> LogUniform(-6, 1).grid(3)
        [1e-06, 0.0031622776601683794, 10.0]
    """

    low_exp: float
    high_exp: float

    def __post_init__(self) -> None:
        _check_range(self.low_exp, self.high_exp, "LogUniform")

    def sample(self, rng: np.random.Generator) -> float:
        """Draws one value with `rng`."""
        return float(10 ** rng.uniform(self.low_exp, self.high_exp))

    def grid(self, num: int) -> list[float]:
        """`num` values evenly spaced in the exponent, both ends included."""
        return [float(10 ** e) for e in np.linspace(self.low_exp, self.high_exp, num)]

    def to_keras_tuner(self, name: str, hp: Any) -> Any:
        """Declares `hp.Float(name, ..., sampling="log")` and returns its value."""
        return hp.Float(name, min_value=10.0 ** self.low_exp, max_value=10.0 ** self.high_exp,
                        sampling="log")


@dataclass(frozen=True)
class Uniform:
    """`scale * uniform(low, high)`: for ranges within one order of magnitude, like dropout.

    Args:
        low: the lower bound before scaling.
        high: the upper bound before scaling.
        scale: the factor applied to the sample, as in the slide's
            `0.1 * uniform(0, 10)`. Defaults to `1.0`.

    Returns:
        A distribution for `random_search` and `grid_search`.

    Example:
        >>> Uniform(0, 10, scale=0.1).grid(3)
        [0.0, 0.5, 1.0]
    """

    low: float
    high: float
    scale: float = 1.0

    def __post_init__(self) -> None:
        _check_range(self.low, self.high, "Uniform")
        if isinstance(self.scale, bool) or not isinstance(self.scale, (int, float, np.number)) \
                or not self.scale > 0:
            raise ValueError(f"Expected `scale` > 0. Received: scale={self.scale!r}.")

    def sample(self, rng: np.random.Generator) -> float:
        """Draws one value with `rng`."""
        return float(self.scale * rng.uniform(self.low, self.high))

    def grid(self, num: int) -> list[float]:
        """`num` evenly spaced values, both ends included."""
        return [float(self.scale * v) for v in np.linspace(self.low, self.high, num)]

    def to_keras_tuner(self, name: str, hp: Any) -> Any:
        """Declares `hp.Float(name, ...)` (linear sampling) and returns its value."""
        return hp.Float(name, min_value=self.scale * self.low, max_value=self.scale * self.high)


@dataclass(frozen=True)
class Choice:
    """One of a few values, drawn with equal probability.

    Args:
        *values: the options, e.g. `Choice("relu", "tanh")`.

    Returns:
        A distribution for `random_search` and `grid_search`.

    Example:
        >>> Choice(16, 32, 64).grid(2)
        [16, 32, 64]
    """

    values: tuple[Any, ...]

    def __init__(self, *values: Any) -> None:
        if not values:
            raise ValueError("Expected at least one value, e.g. Choice(16, 32, 64). Received none.")
        object.__setattr__(self, "values", tuple(values))

    def sample(self, rng: np.random.Generator) -> Any:
        """Draws one of the values with `rng`."""
        return self.values[int(rng.integers(len(self.values)))]

    def grid(self, num: int) -> list[Any]:
        """Every value, whatever `num`."""
        return list(self.values)  # every option: a grid cannot interpolate between choices

    def to_keras_tuner(self, name: str, hp: Any) -> Any:
        """Declares `hp.Choice(name, values)` and returns its value."""
        kinds = {type(v) for v in self.values}
        if len(kinds) != 1 or not kinds <= {int, float, str, bool}:
            raise TypeError(f"KerasTuner's hp.Choice takes values of one type among int, float, "
                            f"str, bool. Received for {name!r}: {self.values!r}; use names "
                            f"(strings) and map them to objects in build_fn.")
        return hp.Choice(name, list(self.values))


_DISTRIBUTIONS = (LogUniform, Uniform, Choice)


def _check_space(space: Any) -> dict[str, Any]:
    if not isinstance(space, Mapping) or not space:
        raise TypeError(f"Expected `space` as a non-empty dict of name -> LogUniform, Uniform, "
                        f"Choice or a fixed value. Received: {space!r}.")
    for name in space:
        if not isinstance(name, str):
            raise TypeError(f"Expected hyperparameter names as strings. Received: {name!r}.")
    return dict(space)


@dataclass
class Trial:
    """One sampled configuration and, when evaluated, its score.

    Attributes:
        config: hyperparameter name -> value.
        score: the objective's value, or `None` when not evaluated.
        index: the order in which it was sampled (0-based).

    Example:
        >>> print(Trial({"lr": 0.001, "activation": "relu"}, score=0.25, index=3))
        #3: score=0.25  lr=0.001, activation='relu'
    """

    config: dict[str, Any]
    score: float | None = None
    index: int = 0

    def __str__(self) -> str:
        items = ", ".join(f"{k}={v:.3g}" if isinstance(v, float) else f"{k}={v!r}"
                          for k, v in self.config.items())
        score = "" if self.score is None else f"score={self.score:.4g}  "
        return f"#{self.index}: {score}{items}"


def _run_trials(configs: list[dict[str, Any]], objective: Callable[[dict], float] | None,
                mode: str) -> list[Trial]:
    if mode not in ("min", "max"):
        raise ValueError(f"Expected mode 'min' or 'max'. Received: mode={mode!r}.")
    trials = [Trial(config, None, i) for i, config in enumerate(configs)]
    if objective is None:
        return trials
    if not callable(objective):
        raise TypeError(f"Expected `objective(config) -> float`. Received: {objective!r}.")
    for trial in trials:
        score = objective(dict(trial.config))
        try:
            trial.score = float(score)
        except (TypeError, ValueError) as err:
            raise TypeError(f"Expected `objective` to return a number. Received: {score!r} "
                            f"for {trial.config}.") from err
    sign = 1 if mode == "min" else -1
    # NaN scores (a diverged run) sort last
    return sorted(trials, key=lambda t: (math.isnan(t.score), sign * t.score
                                         if not math.isnan(t.score) else 0.0))


def random_search(space: Mapping[str, Any], n_trials: int,
                  objective: Callable[[dict[str, Any]], float] | None = None, *, seed: int = 0,
                  mode: str = "min") -> list[Trial]:
    """Samples `n_trials` configurations at random, and ranks them when given an objective.

    Random trials try a new value of every hyperparameter in each trial, so
    the few that matter get `n_trials` distinct values; a grid of the same
    size gives each only `n_trials ** (1 / d)` (Bergstra & Bengio, 2012).

    Args:
        space: name -> `LogUniform`, `Uniform`, `Choice`, or a fixed value.
        n_trials: how many configurations.
        objective: `objective(config) -> float`, e.g. the validation loss of
            a model trained with `config`. Defaults to `None` (only sample).
        seed: seeds the sampler. Defaults to `0`.
        mode: `"min"` (a loss) or `"max"` (an accuracy). Defaults to `"min"`.

    Returns:
        `Trial`s, best first when `objective` is given, else in sampling order.

    Example:
        >>> space = {"lr": LogUniform(-6, 1), "dropout": Uniform(0, 10, scale=0.1)}
        >>> best = random_search(space, 20, lambda c: abs(c["lr"] - 1e-3))[0]
        >>> 1e-4 < best.config["lr"] < 1e-2
        True
    """
    space = _check_space(space)
    sanity._check_int(n_trials=n_trials)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"Expected `seed` to be a non-negative int. Received: seed={seed!r}")
    rng = np.random.default_rng(seed)
    configs = [{name: dist.sample(rng) if isinstance(dist, _DISTRIBUTIONS) else dist
                for name, dist in space.items()} for _ in range(n_trials)]
    return _run_trials(configs, objective, mode)


def grid_search(space: Mapping[str, Any], num_values: int = 3,
                objective: Callable[[dict[str, Any]], float] | None = None, *,
                mode: str = "min") -> list[Trial]:
    """Every combination of `num_values` evenly spaced values per hyperparameter.

    The counterpart of `random_search`: `LogUniform` is spaced evenly in the
    exponent, `Uniform` linearly, `Choice` contributes all its values.

    Args:
        space: as for `random_search`.
        num_values: values per continuous hyperparameter. Defaults to `3`.
        objective: as for `random_search`. Defaults to `None`.
        mode: `"min"` or `"max"`. Defaults to `"min"`.

    Returns:
        `Trial`s, best first when `objective` is given, else in grid order.

    Example:
        >>> trials = grid_search({"lr": LogUniform(-6, 1), "dropout": Uniform(0, 1)}, 3)
        >>> len(trials), distinct_values(trials)
        (9, {'lr': 3, 'dropout': 3})
    """
    space = _check_space(space)
    sanity._check_int(num_values=num_values)
    axes = [dist.grid(num_values) if isinstance(dist, _DISTRIBUTIONS) else [dist]
            for dist in space.values()]
    configs = [dict(zip(space, combo, strict=True)) for combo in itertools.product(*axes)]
    return _run_trials(configs, objective, mode)


def distinct_values(trials: Sequence[Trial]) -> dict[str, int]:
    """Counts the distinct values each hyperparameter took over some trials.

    Args:
        trials: from `random_search` or `grid_search`.

    Returns:
        Hyperparameter name -> number of distinct values.

    Example:
        >>> space = {"lr": LogUniform(-6, 1), "dropout": Uniform(0, 1)}
        >>> distinct_values(random_search(space, 9))
        {'lr': 9, 'dropout': 9}
    """
    names = list(trials[0].config) if trials else []
    return {name: len({repr(t.config[name]) for t in trials}) for name in names}


def to_keras_tuner(space: Mapping[str, Any], hp: Any) -> dict[str, Any]:
    """Declares `space` on a KerasTuner `hp` and returns this trial's values.

    `LogUniform(a, b)` becomes `hp.Float(name, 10**a, 10**b, sampling="log")`,
    `Uniform(a, b, scale)` becomes `hp.Float(name, scale*a, scale*b)`,
    `Choice(...)` becomes `hp.Choice`, and a fixed value `hp.Fixed`.

    Args:
        space: as for `random_search`.
        hp: the `keras_tuner.HyperParameters` a hypermodel receives.

    Returns:
        Hyperparameter name -> value for this trial.

    Example:
        >>> import keras_tuner
        >>> to_keras_tuner({"lr": LogUniform(-4, -2), "units": 32},
        ...                keras_tuner.HyperParameters())
        {'lr': 0.0001, 'units': 32}
    """
    space = _check_space(space)
    return {name: dist.to_keras_tuner(name, hp) if isinstance(dist, _DISTRIBUTIONS)
            else hp.Fixed(name, dist) for name, dist in space.items()}


def keras_tuner_search(build_fn: Callable[[dict[str, Any]], Any], space: Mapping[str, Any], *,
                       max_trials: int = 10, objective: str = "val_loss", seed: int = 0,
                       directory: str | None = None, project_name: str = "random_search",
                       **kwargs: Any) -> Any:
    """A `keras_tuner.RandomSearch` over `space`, for when the search should run in KerasTuner.

    Args:
        build_fn: `build_fn(config)` returns a model for one configuration;
            an uncompiled one is compiled with `Adam(config.get("lr", 1e-3))`,
            sparse categorical cross-entropy and accuracy.
        space: as for `random_search`.
        max_trials: configurations to try. Defaults to `10`.
        objective: the logged metric to minimize, e.g. `"val_loss"`, or
            `"val_accuracy"` (maximized). Defaults to `"val_loss"`.
        seed: seeds the tuner's sampler. Defaults to `0`.
        directory: where KerasTuner keeps its trials. Defaults to `None`: a
            new temporary directory (trials are overwritten, never resumed).
        project_name: KerasTuner's project folder. Defaults to `"random_search"`.
        **kwargs: passed to `keras_tuner.RandomSearch`.

    Returns:
        The tuner (a `keras_tuner.RandomSearch`); run `tuner.search(X, y,
        validation_data=..., epochs=...)`, then
        `tuner.get_best_hyperparameters()[0].values`.

    Example:
        >>> import keras, keras_tuner
        >>> def build_fn(config):
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> tuner = keras_tuner_search(build_fn, {"lr": LogUniform(-4, -1)}, max_trials=2)
        >>> isinstance(tuner, keras_tuner.RandomSearch)
        True
        >>> tuner.search(X, y, validation_data=(X_val, y_val), epochs=2)  # doctest: +SKIP
    """
    import keras
    import keras_tuner

    space = _check_space(space)
    sanity._check_int(max_trials=max_trials)
    if not callable(build_fn):
        raise TypeError(f"Expected `build_fn(config)` returning a keras.Model. "
                        f"Received: {build_fn!r}.")

    def hypermodel(hp: Any) -> Any:
        config = to_keras_tuner(space, hp)
        model = build_fn(config)
        if not isinstance(model, keras.Model):
            raise TypeError(f"Expected `build_fn` to return a keras.Model. "
                            f"Received: {type(model).__name__}.")
        if not model.compiled:
            model.compile(optimizer=keras.optimizers.Adam(learning_rate=config.get("lr", 1e-3)),
                          loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        return model

    class RandomSearch(keras_tuner.RandomSearch):
        # keras-tuner 1.4 imports tensorboard before every trial, even without a
        # TensorBoard callback, and TensorFlow >= 2.20 no longer installs it: every
        # trial would fail. Only a TensorBoard callback needs that import.
        def _configure_tensorboard_dir(self, callbacks: list, trial: Any,
                                       execution: int = 0) -> None:
            if any(type(c).__name__ == "TensorBoard" for c in callbacks):
                super()._configure_tensorboard_dir(callbacks, trial, execution)

    direction = "max" if "acc" in objective else "min"
    return RandomSearch(
        hypermodel, objective=keras_tuner.Objective(objective, direction=direction),
        max_trials=max_trials, seed=seed, overwrite=True, project_name=project_name,
        directory=directory or tempfile.mkdtemp(prefix="dlcourse-tuner-"), **kwargs)


# -------------------------------------------------------------- lr range test


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
    sanity._check_builder(model_fn, "lr_range_test")
    X, y = sanity._check_xy(X, y, "lr_range_test")
    sanity._check_int(num_steps=num_steps, batch_size=batch_size)
    sanity._check_positive(min_lr=min_lr, max_lr=max_lr, diverge_factor=diverge_factor)
    if not min_lr < max_lr or num_steps < 2:
        raise ValueError(f"Expected min_lr < max_lr and num_steps >= 2. Received: "
                         f"min_lr={min_lr}, max_lr={max_lr}, num_steps={num_steps}.")
    if not 0 <= beta < 1:
        raise ValueError(f"Expected `beta` in [0, 1). Received: beta={beta!r}.")
    model = sanity._build(model_fn, seed)
    scored = sanity._compile_if_needed(model, X, y, lr=min_lr)
    X = sanity._match_input(model, X)
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
