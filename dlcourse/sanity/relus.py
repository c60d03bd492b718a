"""`dead_relus`: the fraction of ReLU units that never fire, per layer."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse.training import check_positive, match_input, predict_batches

from ._layers import _check_model, _is_relu
from .result import CheckResult

# With zero biases a fresh unit is active for about half its inputs, so on a few
# dozen samples almost none is never active; trained nets often carry 10-20%
# dead units (cs231n warns of up to 40% after a too-high lr). Past half a layer,
# the layer has lost most of its capacity.
DEAD_RELU_THRESHOLD = 0.5


def dead_relus(model: Any, X: Any, *, threshold: float = DEAD_RELU_THRESHOLD,
               batch_size: int = 256) -> CheckResult:
    """Measures, per ReLU layer, the fraction of units that are never active on `X`.

    A unit (a Dense unit or a conv channel, the last axis) is dead when its
    output is 0 for every sample and position in `X`: it passes no gradient
    and never recovers.

    Args:
        model: a built Sequential or Functional keras.Model; its top-level
            layers with a `relu` activation and `ReLU` layers are checked.
        X: inputs, e.g. a few hundred training samples.
        threshold: the largest accepted dead fraction per layer.
            Defaults to `0.5` (see `DEAD_RELU_THRESHOLD` for the reason).
        batch_size: samples per forward pass. Defaults to `256`.

    Returns:
        A `CheckResult` with `values` `dead` (layer name -> dead fraction),
        `units` (layer name -> number of units) and `threshold`.

    Raises:
        TypeError: a subclassed model, whose layer outputs cannot be read.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, "relu")])
        >>> dead_relus(model, np.random.default_rng(0).normal(size=(32, 3))).ok
        True
    """
    import keras

    model = _check_model(model, "dead_relus")
    X = np.asarray(X)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"`dead_relus` needs at least one sample. Received: X.shape={X.shape}.")
    check_positive(threshold=threshold)
    X = match_input(model, X)
    next(predict_batches(model, X[:1]), None)  # builds an unbuilt model, explains shape errors
    layers = [layer for layer in model.layers if _is_relu(layer)]
    if not layers:
        return CheckResult("dead_relus", True, "no ReLU layers to check",
                           {"dead": {}, "units": {}, "threshold": threshold})
    try:
        probe = keras.Model(model.inputs[0] if len(model.inputs) == 1 else model.inputs,
                            [layer.output for layer in layers])
    except (AttributeError, ValueError) as err:
        raise TypeError(
            f"`dead_relus` reads layer outputs, which needs a Sequential or Functional model. "
            f"Received a {type(model).__name__}; rebuild it with keras.Sequential or "
            f"keras.Model(inputs, outputs)."
        ) from err
    active: list[np.ndarray | None] = [None] * len(layers)
    for start in range(0, len(X), batch_size):
        outs = probe(X[start:start + batch_size], training=False)
        for i, out in enumerate(outs if isinstance(outs, (list, tuple)) else [outs]):
            out = keras.ops.convert_to_numpy(out)
            seen = (out > 0).reshape(-1, out.shape[-1]).any(axis=0)
            active[i] = seen if active[i] is None else active[i] | seen
    dead = {layer.name: float(1 - a.mean()) for layer, a in zip(layers, active, strict=True)}
    units = {layer.name: int(a.size) for layer, a in zip(layers, active, strict=True)}
    values = {"dead": dead, "units": units, "threshold": threshold}
    bad = {name: frac for name, frac in dead.items() if frac > threshold}
    if not bad:
        worst = max(dead, key=dead.get)
        return CheckResult("dead_relus", True,
                           f"at most {dead[worst]:.0%} dead ({worst}) over {len(layers)} ReLU "
                           f"layers on {len(X)} samples", values)
    name = max(bad, key=bad.get)
    return CheckResult(
        "dead_relus", False,
        f"{name}: {bad[name]:.0%} of {units[name]} units never active on {len(X)} samples "
        f"(> {threshold:.0%}): a large negative bias or a too-high lr killed them; lower lr, "
        f"re-initialize, or try LeakyReLU", values)

