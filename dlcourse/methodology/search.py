"""Random and grid search over a hyperparameter space, as the slides sample it.

A space maps names to `LogUniform` (`lr = 10**uniform(-6, 1)`), `Uniform`
(`dropout = 0.1 * uniform(0, 10)`), `Choice` or a fixed value.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import _validate


def _check_range(low: Any, high: Any, what: str) -> tuple[float, float]:
    low, high = _validate.number(low, f"{what}.low"), _validate.number(high, f"{what}.high")
    if not low < high:
        raise ValueError(f"Expected low < high for {what}. Received: low={low}, high={high}.")
    return low, high


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
        _validate.positive(self.scale, "scale")

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
    _validate.positive_int(n_trials, "n_trials")
    rng = np.random.default_rng(_validate.seed(seed))
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
    _validate.positive_int(num_values, "num_values")
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
