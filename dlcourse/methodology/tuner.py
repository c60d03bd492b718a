"""The bridge to KerasTuner: the same search space, run as a `keras_tuner.RandomSearch`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Mapping
from typing import Any

from dlcourse import _validate

from .search import _DISTRIBUTIONS, _check_space


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
        >>> from dlcourse.methodology import LogUniform
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
            an uncompiled one is compiled by `models.compile_for` with
            `lr=config.get("lr", 1e-3)` and `optimizer=config.get("optimizer",
            "adam")`: the loss and metrics its output layers call for
            (softmax: sparse categorical cross-entropy and accuracy).
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
        >>> from dlcourse.methodology import LogUniform
        >>> def build_fn(config):
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, "softmax")])
        >>> tuner = keras_tuner_search(build_fn, {"lr": LogUniform(-4, -1)}, max_trials=2)
        >>> isinstance(tuner, keras_tuner.RandomSearch)
        True
        >>> tuner.search(X, y, validation_data=(X_val, y_val), epochs=2)  # doctest: +SKIP
    """
    import keras
    import keras_tuner

    from dlcourse.models import compile_for

    space = _check_space(space)
    _validate.positive_int(max_trials, "max_trials")
    if not callable(build_fn):
        raise TypeError(f"Expected `build_fn(config)` returning a keras.Model. "
                        f"Received: {build_fn!r}.")

    def hypermodel(hp: Any) -> Any:
        config = to_keras_tuner(space, hp)
        model = build_fn(config)
        if not isinstance(model, keras.Model):
            raise TypeError(f"Expected `build_fn` to return a keras.Model. "
                            f"Received: {type(model).__name__}.")
        if not model.compiled:  # the course's one compile policy, as for every other model
            compile_for(model, lr=config.get("lr", 1e-3), optimizer=config.get("optimizer", "adam"))
        return model

    direction = "max" if "acc" in objective else "min"
    return keras_tuner.RandomSearch(
        hypermodel, objective=keras_tuner.Objective(objective, direction=direction),
        max_trials=max_trials, seed=seed, overwrite=True, project_name=project_name,
        directory=directory or tempfile.mkdtemp(prefix="dlcourse-tuner-"), **kwargs)

