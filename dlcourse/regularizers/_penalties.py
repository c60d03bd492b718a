"""The norm penalties by hand with NumPy, and the lecture's λ in Keras's convention.

Part of `dlcourse.regularizers`; import the names from there. The lecture
writes L2 as `λ/2 · ‖w‖²`, Keras as `l2 · Σ w²`; L1 is `λ · ‖w‖₁` in both
(seed 000's slide prints a ½ on it, `convention="slide"`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from dlcourse import _validate

CONVENTIONS = ("lecture", "keras", "slide")


def _flat(weights: Any) -> list[np.ndarray]:
    if isinstance(weights, np.ndarray) or np.isscalar(weights):
        return [np.asarray(weights, dtype=np.float64)]
    if isinstance(weights, Iterable):
        return [np.asarray(w, dtype=np.float64) for w in weights]
    return [np.asarray(weights, dtype=np.float64)]  # e.g. a tensor


def _factor(lam: Any, convention: str, kind: str = "l2") -> float:
    if convention not in CONVENTIONS:
        raise ValueError(
            f"Expected `convention` in {CONVENTIONS}. Received: convention={convention!r}"
        )
    if not _validate.is_number(lam):
        raise TypeError(f"Expected `lam` to be a number. Received: lam={lam!r}")
    if not math.isfinite(lam) or lam < 0:
        raise ValueError(f"Expected `lam` to be a finite number >= 0. Received: lam={lam!r}")
    if convention == "keras" or (kind == "l1" and convention == "lecture"):
        return float(lam)
    # the lecture's Ω = ½‖w‖² carries a ½ that Keras folds into its strength; on L1 only
    # the slide has it
    return lam / 2


def l2_by_hand(weights: Any, lam: float, convention: str = "lecture") -> float:
    """Computes the L2 penalty of some weights with NumPy.

    Args:
        weights: one array or a list of arrays (e.g. `model.get_weights()`).
        lam: the penalty strength λ.
        convention: `"lecture"` (or `"slide"`) for `λ/2 · Σ w²`, `"keras"` for
            `λ · Σ w²` (what `keras.regularizers.L2(λ)` computes). Defaults to
            `"lecture"`.

    Returns:
        The penalty as a float.

    Example:
        >>> l2_by_hand([np.array([3.0, 4.0])], lam=0.5)  # 0.5 / 2 * 25
        6.25
    """
    factor = _factor(lam, convention)
    return factor * float(sum(np.sum(w**2) for w in _flat(weights)))


def l1_by_hand(weights: Any, lam: float, convention: str = "lecture") -> float:
    """Computes the L1 penalty of some weights with NumPy.

    Args:
        weights: one array or a list of arrays.
        lam: the penalty strength λ.
        convention: `"lecture"` or `"keras"` for `λ · Σ |w|` (what
            `keras.regularizers.L1(λ)` computes), `"slide"` for seed 000's
            `λ/2 · Σ |w|`. Defaults to `"lecture"`.

    Returns:
        The penalty as a float.

    Example:
        >>> l1_by_hand(np.array([3.0, -4.0]), lam=0.5)
        3.5
        >>> l1_by_hand(np.array([3.0, -4.0]), lam=0.5, convention="slide")
        1.75
    """
    factor = _factor(lam, convention, "l1")
    return factor * float(sum(np.sum(np.abs(w)) for w in _flat(weights)))


def keras_strength(lam_lecture: float, kind: str = "l2") -> float:
    """Converts the lecture's λ to the argument Keras's regularizer needs.

    The lecture adds `α·Ω(θ)` with `Ω = ½‖w‖²`, i.e. `λ/2 · ‖w‖²`; Keras's
    `L2(l2)` computes `l2 · Σ w²`, so the same penalty needs `l2 = λ/2`. The
    L1 penalty `λ · ‖w‖₁` is Keras's `L1(λ)` as it is.

    Args:
        lam_lecture: λ as written in the lecture.
        kind: `"l1"` or `"l2"`. Defaults to `"l2"`.

    Returns:
        The strength to pass to `keras.regularizers.L2` (or `L1`), or to `get`.

    Example:
        >>> keras_strength(0.5)
        0.25
        >>> keras_strength(0.5, kind="l1")
        0.5
    """
    if kind not in ("l1", "l2"):
        raise ValueError(f"Expected `kind` in ('l1', 'l2'). Received: kind={kind!r}")
    return _factor(lam_lecture, "lecture", kind)
