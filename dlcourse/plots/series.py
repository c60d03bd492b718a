"""A metric against a swept quantity: `capacity_curves`, `metric_vs`, `gradient_norms`."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ._common import _array, _check_ax, _new_figure, _root, _same_length, _series


def _x_positions(values: Any, name: str) -> tuple[np.ndarray, list[str] | None]:
    """Numbers as they are; names (e.g. "small", "large") become 0, 1, 2, ... with tick labels."""
    items = list(values)
    if items and all(isinstance(v, str) for v in items):
        return np.arange(len(items), dtype=float), items
    return _series(items, name), None


def capacity_curves(
    capacities: Sequence[Any],
    train_error: Sequence[float],
    val_error: Sequence[float],
    *,
    human_error: float | None = None,
    mode: str = "min",
    xlabel: str = "capacity",
    ylabel: str = "error",
    logx: bool | str = "auto",
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots train and val error against model capacity and marks the best capacity.

    Left of the best capacity is shaded "underfitting", right of it
    "overfitting", as in the lecture's U-shaped figure.

    Args:
        capacities: numbers (hidden units, parameters, degree) or names.
        train_error: train error per capacity.
        val_error: val error per capacity.
        human_error: a human-level (or Bayes) error drawn as a dashed line.
            Defaults to `None`.
        mode: `"min"` for errors and losses, `"max"` when passing accuracies.
            Defaults to `"min"`.
        xlabel: x label. Defaults to `"capacity"`.
        ylabel: y label. Defaults to `"error"`.
        logx: log x axis: `True`, `False` or `"auto"` (numeric capacities > 0
            spanning a factor of 100 or more). Defaults to `"auto"`.
        ax: an Axes to draw into. Defaults to `None` (a new figure).
        title: axes title. Defaults to `None`.

    Returns:
        The matplotlib Figure: lines "train" and "val", a dashed vertical line
        "best capacity (x)".

    Example:
        >>> fig = capacity_curves([1, 4, 16, 64], [0.4, 0.2, 0.1, 0.01], [0.45, 0.25, 0.2, 0.3])
        >>> fig.axes[0].lines[2].get_label()
        'best capacity (16)'
    """
    x, names = _x_positions(capacities, "capacities")
    train, val = _series(train_error, "train_error"), _series(val_error, "val_error")
    _same_length({"capacities": x, "train_error": train, "val_error": val})
    if mode not in ("min", "max"):
        raise ValueError(f"Expected `mode` in ('min', 'max'). Received: {mode!r}")
    if not np.any(np.isfinite(val)):
        raise ValueError("Expected at least one finite value in `val_error`. Received: none")
    best = int(np.nanargmin(val) if mode == "min" else np.nanargmax(val))
    if logx == "auto":
        logx = names is None and x.min() > 0 and x.max() / x.min() >= 100

    fig = _new_figure(5.5, 4.6) if ax is None else _root(_check_ax(ax))
    ax = fig.subplots() if ax is None else ax
    ax.plot(x, train, marker="o", label="train")
    ax.plot(x, val, marker="s", label="val")
    shown = names[best] if names else f"{x[best]:g}"
    ax.axvline(x[best], color="0.3", linestyle="--", label=f"best capacity ({shown})")
    band = ax.get_xaxis_transform()
    if best > 0:
        ax.axvspan(x[0], x[best], color="tab:blue", alpha=0.06)
        ax.text((x[0] + x[best]) / 2 if not logx else math.sqrt(x[0] * x[best]), 0.97,
                "underfitting", transform=band, ha="center", va="top", fontsize=9)
    if best < len(x) - 1:
        ax.axvspan(x[best], x[-1], color="tab:red", alpha=0.06)
        ax.text((x[best] + x[-1]) / 2 if not logx else math.sqrt(x[best] * x[-1]), 0.97,
                "overfitting", transform=band, ha="center", va="top", fontsize=9)
    if human_error is not None:
        ax.axhline(float(human_error), color="tab:green", linestyle=":", label="human level")
    if logx:
        ax.set_xscale("log")
    if names:
        ax.set_xticks(x, names)
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    # Below the axes: inside, it would cover the "overfitting" label or the curves.
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2)
    return fig


def _named_series(ys: Any, default: str, name: str) -> dict[str, np.ndarray]:
    if isinstance(ys, Mapping):
        if not ys:
            raise ValueError(f"Expected at least one series in `{name}`. Received: {{}}")
        return {str(k): _series(v, f"{name}[{k!r}]") for k, v in ys.items()}
    return {default: _series(ys, name)}


def metric_vs(
    x: Sequence[float],
    ys: Mapping[str, Sequence[float]] | Sequence[float],
    xlabel: str,
    ylabel: str,
    logx: bool = False,
    *,
    logy: bool = False,
    marker: str = "o",
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots one or several named series against a shared x (e.g. accuracy vs FGSM ε).

    Args:
        x: the x values, e.g. epsilons or learning rates.
        ys: {name: values} (one line each, e.g. "standard" and
            "adversarially trained"), or a single sequence.
        xlabel: x label.
        ylabel: y label (also the name of a single series).
        logx: log x axis; with zeros or negatives in `x` (ε = 0) a symmetric
            log scale, linear below the smallest positive x. Defaults to
            `False`.
        logy: log y axis. Defaults to `False`.
        marker: marker of the points. Defaults to `"o"`.
        ax: an Axes to draw into. Defaults to `None` (a new figure).
        title: axes title. Defaults to `None`.

    Returns:
        The matplotlib Figure, one line per series.

    Example:
        >>> eps = [0.0, 0.01, 0.05, 0.1]
        >>> fig = metric_vs(eps, {"standard": [0.9, 0.6, 0.2, 0.05],
        ...                       "adversarial": [0.88, 0.8, 0.6, 0.4]}, "ε", "accuracy")
        >>> [line.get_label() for line in fig.axes[0].lines]
        ['standard', 'adversarial']
    """
    xs = _series(x, "x")
    series = _named_series(ys, ylabel, "ys")
    for key, values in series.items():
        _same_length({"x": xs, f"ys[{key!r}]": values})
    fig = _new_figure(5.5, 4) if ax is None else _root(_check_ax(ax))
    ax = fig.subplots() if ax is None else ax
    for key, values in series.items():
        ax.plot(xs, values, marker=marker, label=key)
    if logx:
        positive = xs[xs > 0]
        if positive.size == 0:
            raise ValueError(f"Expected some x > 0 for `logx=True`. Received: {xs}")
        if np.any(xs <= 0):
            ax.set_xscale("symlog", linthresh=float(positive.min()))
        else:
            ax.set_xscale("log")
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    if len(series) > 1:
        ax.legend()
    return fig


def gradient_norms(
    norms: Any,
    *,
    labels: Sequence[str] | None = None,
    logy: bool = True,
    xlabel: str = "time step t",
    ylabel: str = r"$\|\partial L / \partial h_t\|$",
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots gradient norms per time step (BPTT), one line per model, on a log y axis.

    Args:
        norms: {name: norms per step} (e.g. "SimpleRNN" and "LSTM"), one 1-D
            sequence, or a 2-D array (num_series, num_steps) with `labels`.
            Steps are numbered from 1. Zeros (underflow) are left out of a
            log plot.
        labels: names for the rows of a 2-D array. Defaults to `None`
            ("series 0", ...).
        logy: log y axis. Defaults to `True`.
        xlabel: x label. Defaults to `"time step t"`.
        ylabel: y label. Defaults to ‖∂L/∂h_t‖.
        ax: an Axes to draw into. Defaults to `None` (a new figure).
        title: axes title. Defaults to `None`.

    Returns:
        The matplotlib Figure, one line per series.

    Example:
        >>> t = np.arange(20)
        >>> fig = gradient_norms({"SimpleRNN": 0.5 ** t, "LSTM": 0.97 ** t})
        >>> fig.axes[0].get_yscale()
        'log'
    """
    if isinstance(norms, Mapping):
        series = _named_series(norms, "", "norms")
    else:
        array = _array(norms, "norms").astype(float)
        if array.ndim == 1:
            series = {"": _series(array, "norms")}
        elif array.ndim == 2:
            names = list(labels) if labels is not None else [f"series {i}" for i in
                                                              range(len(array))]
            _same_length({"norms rows": array, "labels": names})
            series = {str(k): row for k, row in zip(names, array, strict=True)}
        else:
            raise ValueError(
                "Expected `norms` as a dict, a 1-D sequence or a 2-D array (num_series, "
                f"num_steps). Received: shape {array.shape}"
            )
    for key, values in series.items():
        if np.any(values < 0):
            raise ValueError(
                f"Expected norms >= 0. Received: a negative value in series {key!r}; pass "
                "np.linalg.norm(grads, axis=...) rather than the gradients."
            )
    fig = _new_figure(5.5, 4) if ax is None else _root(_check_ax(ax))
    ax = fig.subplots() if ax is None else ax
    for key, values in series.items():
        shown = np.where(values > 0, values, np.nan) if logy else values
        ax.plot(np.arange(1, len(values) + 1), shown, marker=".", label=key or None)
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if title is not None:
        ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    if any(series):
        ax.legend()
    return fig
