"""Activation functions and their derivatives, from NumPy formulas (`activations`)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._common import _check_ax, _new_figure, _root

_SELU_ALPHA, _SELU_SCALE = 1.6732632423543772, 1.0507009873554805  # keras.activations.selu


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.tanh(x / 2))  # = 1 / (1 + e^-x) without overflow


def _elu(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))  # min(): no overflow warning


def _elu_grad(x: np.ndarray, alpha: float) -> np.ndarray:
    return np.where(x > 0, 1.0, alpha * np.exp(np.minimum(x, 0)))


_ACTIVATIONS: dict[str, tuple[Callable[..., np.ndarray], Callable[..., np.ndarray]]] = {
    "linear": (lambda x, a: x, lambda x, a: np.ones_like(x)),
    "sigmoid": (lambda x, a: _sigmoid(x), lambda x, a: _sigmoid(x) * (1 - _sigmoid(x))),
    "tanh": (lambda x, a: np.tanh(x), lambda x, a: 1 - np.tanh(x) ** 2),
    # At x = 0 the derivative is taken as 0 (ReLU) or the slope (leaky), as TF's gradients do.
    "relu": (lambda x, a: np.maximum(x, 0), lambda x, a: (x > 0).astype(float)),
    "leaky_relu": (lambda x, a: np.where(x > 0, x, a * x), lambda x, a: np.where(x > 0, 1.0, a)),
    "elu": (lambda x, a: _elu(x, 1.0), lambda x, a: _elu_grad(x, 1.0)),
    "selu": (lambda x, a: _SELU_SCALE * _elu(x, _SELU_ALPHA),
             lambda x, a: _SELU_SCALE * _elu_grad(x, _SELU_ALPHA)),
    "softplus": (lambda x, a: np.logaddexp(0, x), lambda x, a: _sigmoid(x)),
    "silu": (lambda x, a: x * _sigmoid(x),
             lambda x, a: _sigmoid(x) * (1 + x * (1 - _sigmoid(x)))),
}
_ACTIVATIONS["swish"] = _ACTIVATIONS["silu"]


def activations(
    names: str | Sequence[str] = ("sigmoid", "tanh", "relu", "leaky_relu"),
    derivatives: bool = True,
    x_range: tuple[float, float] = (-5, 5),
    *,
    negative_slope: float = 0.2,
    num_points: int = 401,
    ax: Axes | None = None,
) -> Figure:
    """Plots activation functions and their derivatives (NumPy formulas, no TensorFlow).

    Args:
        names: activation names: "linear", "sigmoid", "tanh", "relu",
            "leaky_relu", "elu", "selu", "softplus", "silu" (or "swish").
            Defaults to `("sigmoid", "tanh", "relu", "leaky_relu")`.
        derivatives: also draw each derivative, dashed. Defaults to `True`.
        x_range: the interval of x. Defaults to `(-5, 5)`.
        negative_slope: leaky ReLU's slope for x < 0, as in
            `keras.activations.leaky_relu` (`keras.layers.LeakyReLU` uses
            0.3). Defaults to `0.2`.
        num_points: samples of x. Defaults to `401`.
        ax: an Axes to overlay all curves on. Defaults to `None` (a new figure,
            one panel per activation).

    Returns:
        The matplotlib Figure; lines are labelled "f(x)" and "f'(x)" (or
        "name" and "name'" when overlaid on `ax`).

    Example:
        >>> fig = activations(["relu", "tanh"])
        >>> fig.axes[0].get_legend_handles_labels()[1]
        ['f(x)', "f'(x)"]
    """
    names = [names] if isinstance(names, str) else list(names)
    unknown = [n for n in names if n not in _ACTIVATIONS]
    if not names or unknown:
        raise ValueError(
            f"Expected activation names from {sorted(_ACTIVATIONS)}. Received: {names!r}"
        )
    try:
        lo, hi = (float(v) for v in x_range)
    except (TypeError, ValueError):
        lo = hi = math.nan
    if not lo < hi:
        raise ValueError(f"Expected `x_range` = (low, high) with low < high. Received: {x_range!r}")
    x = np.linspace(lo, hi, int(num_points))

    if ax is None:
        cols = min(4, len(names))
        fig = _new_figure(3.2 * cols, 2.8 * math.ceil(len(names) / cols))
        axes = list(fig.subplots(math.ceil(len(names) / cols), cols, squeeze=False).ravel())
        for extra in axes[len(names):]:
            extra.set_axis_off()
    else:
        fig, axes = _root(_check_ax(ax)), [ax] * len(names)
    overlay = ax is not None
    for i, (name, panel) in enumerate(zip(names, axes, strict=False)):
        f, df = _ACTIVATIONS[name]
        color = f"C{i}" if overlay else "C0"
        panel.plot(x, f(x, negative_slope), color=color, label=name if overlay else "f(x)")
        if derivatives:
            panel.plot(x, df(x, negative_slope) * np.ones_like(x), linestyle="--",
                       color=color if overlay else "C1", label=f"{name}'" if overlay else "f'(x)")
        if not overlay:
            panel.set_title(name if name != "leaky_relu" else f"leaky_relu ({negative_slope:g})")
        panel.axhline(0, color="0.7", linewidth=0.8, zorder=0)
        panel.axvline(0, color="0.7", linewidth=0.8, zorder=0)
        panel.set_xlabel("x")
        panel.legend(fontsize=8)
    return fig
