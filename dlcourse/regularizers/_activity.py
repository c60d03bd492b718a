"""Activity penalties: whether this Keras divides them by the batch size, and by hand.

Part of `dlcourse.regularizers`; import the names from there. Keras 3.13
(Colab's) sums an activity penalty over the batch, Keras 3.15 divides it by
the batch size; `activity_mean_over_batch` measures which one runs.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from dlcourse.regularizers._model import penalty
from dlcourse.regularizers._penalties import _factor

_MEAN_OVER_BATCH: list[bool] = []  # measured once per process


def activity_mean_over_batch() -> bool:
    """Measures whether this Keras divides activity penalties by the batch size.

    Keras 3.13 (Colab's today) adds `λ · Σ|a|` summed over the whole batch;
    Keras 3.15 divides it by the batch size, a mean over samples. Rather than
    trust a version number, this runs a layer with `L1(1)` on a batch of 4
    ones and reads the penalty it recorded: 4 (sum) or 1 (mean).

    Returns:
        True when the penalty is divided by the batch size, False when summed.

    Example:
        >>> activity_mean_over_batch() in (True, False)
        True
    """
    if not _MEAN_OVER_BATCH:
        import keras

        layer = keras.layers.Activation(
            "linear", activity_regularizer=keras.regularizers.L1(1.0))
        model = keras.Sequential([keras.Input((1,)), layer])
        recorded = penalty(model, np.ones((4, 1), "float32"))
        if not (math.isclose(recorded, 1.0) or math.isclose(recorded, 4.0)):
            raise RuntimeError(  # pragma: no cover - a Keras with a third convention
                f"Expected the activity penalty of L1(1) on 4 ones to be 1 (mean) or 4 (sum). "
                f"Received: {recorded}. Report the Keras version ({keras.__version__}).")
        _MEAN_OVER_BATCH.append(math.isclose(recorded, 1.0))
    return _MEAN_OVER_BATCH[0]


def activity_by_hand(activations: Any, lam: float, kind: str = "l1",
                     mean_over_batch: bool | None = None) -> float:
    """Computes an activity penalty of a batch of layer outputs with NumPy.

    Args:
        activations: an array of shape `(batch, ...)`.
        lam: the strength λ of `keras.regularizers.L1(λ)` (or `L2`).
        kind: `"l1"` for `λ · Σ|a|`, `"l2"` for `λ · Σ a²`. Defaults to `"l1"`.
        mean_over_batch: divide by the batch size. Defaults to `None` (what
            this Keras does, `activity_mean_over_batch()`).

    Returns:
        The penalty as a float.

    Example:
        >>> a = np.array([[1.0, -2.0], [0.0, 3.0]])
        >>> round(activity_by_hand(a, 0.1, "l2", mean_over_batch=False), 6)  # 0.1 * 14
        1.4
        >>> round(activity_by_hand(a, 0.1, "l1", mean_over_batch=True), 6)  # 0.1 * 6 / 2
        0.3
    """
    if kind not in ("l1", "l2"):
        raise ValueError(f"Expected `kind` in ('l1', 'l2'). Received: kind={kind!r}")
    lam = _factor(lam, "keras")
    a = np.asarray(activations, dtype=np.float64)
    if a.ndim == 0:
        raise ValueError("Expected activations of shape (batch, ...). Received a scalar.")
    if mean_over_batch is None:
        mean_over_batch = activity_mean_over_batch()
    total = lam * float(np.sum(np.abs(a)) if kind == "l1" else np.sum(a**2))
    return total / len(a) if mean_over_batch else total
