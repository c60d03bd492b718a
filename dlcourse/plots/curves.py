"""Training curves from a keras History: `learning_curves` and `lr_sweep`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dlcourse import _validate

from ._common import _WRONG, _check_ax, _new_figure, _root, _same_length, _series

# Keras's own EarlyStopping(mode="auto") maximises metrics with these in the name.
_MAXIMISED = ("acc", "auc", "precision", "recall", "f1", "iou")


def _history_dict(history: Any) -> dict[str, np.ndarray]:
    data = getattr(history, "history", history)
    if not isinstance(data, Mapping) or not data:
        raise TypeError(
            "Expected `history` to be a keras History (what `model.fit` returns) or a dict "
            "of lists like History.history, e.g. {'loss': [...], 'val_loss': [...]}. "
            f"Received: {type(history).__name__}"
        )
    return {str(key): _series(values, f"history[{key!r}]") for key, values in data.items()}


def _history_series(data: Mapping[str, np.ndarray], key: str) -> np.ndarray:
    if key not in data:
        raise ValueError(
            f"Expected `history` to contain {key!r}. Received keys: {sorted(data)}. "
            "Compile the model with that metric, or pick one of the keys."
        )
    return data[key]


def _best_epoch(values: np.ndarray, monitor: str) -> int | None:
    """1-based epoch of the best value; the first one on ties, like EarlyStopping."""
    if not np.any(np.isfinite(values)):
        return None
    finite = np.where(np.isfinite(values), values, np.nan)
    maximise = any(word in monitor for word in _MAXIMISED)
    return int(np.nanargmax(finite) if maximise else np.nanargmin(finite)) + 1


def _stop_epoch(early_stopping: Any, data: Mapping[str, np.ndarray], monitor: str,
                num_epochs: int) -> int | None:
    if early_stopping is None or early_stopping is False:
        return None
    if hasattr(early_stopping, "best_epoch"):  # a keras.callbacks.EarlyStopping after fit
        epoch = int(early_stopping.best_epoch) + 1
    elif early_stopping is True or early_stopping == "auto":
        if monitor not in data:
            if early_stopping == "auto":
                return None  # nothing to mark: the documented fallback
            raise ValueError(
                f"Expected `history` to contain {monitor!r} to mark the early-stopping epoch. "
                f"Received keys: {sorted(data)}. Fit with `validation_data=` or "
                "`validation_split=`, pass `early_stopping=False`, or pass the epoch."
            )
        epoch = _best_epoch(data[monitor], monitor)
        if epoch is None:
            return None
    elif _validate.is_int(early_stopping):
        epoch = int(early_stopping)
    else:
        raise TypeError(
            "Expected `early_stopping` to be 'auto', True, False, an epoch (int, 1-based) or "
            f"a keras EarlyStopping callback. Received: {early_stopping!r}"
        )
    if not 1 <= epoch <= num_epochs:
        raise ValueError(
            f"Expected the early-stopping epoch in [1, {num_epochs}] (epochs count from 1). "
            f"Received: {epoch}"
        )
    return epoch


def learning_curves(
    history: Any,
    metric: str | Sequence[str] = "loss",
    *,
    metrics: Sequence[str] | None = None,
    early_stopping: Any = "auto",
    monitor: str = "val_loss",
    logy: bool = False,
    ax: Axes | Sequence[Axes] | None = None,
    title: str | None = None,
) -> Figure:
    """Plots train vs val curves per epoch and marks the early-stopping epoch.

    Args:
        history: a keras `History` (what `model.fit` returns) or a dict of
            per-epoch lists like `History.history`.
        metric: the metric to plot (`"loss"`, `"accuracy"`, ...), or several
            names for side-by-side panels. `"val_"` keys are paired
            automatically. Defaults to `"loss"`.
        metrics: same as `metric`, for readability with a tuple such as
            `("loss", "accuracy")`. Defaults to `None` (use `metric`).
        early_stopping: `"auto"` marks the best epoch of `monitor` when the
            history has it and marks nothing otherwise; `True` does the same but
            raises when `monitor` is missing; an `int` marks that epoch
            (1-based, as Keras prints them); a fitted
            `keras.callbacks.EarlyStopping` marks its `best_epoch`; `False`
            marks nothing. Defaults to `"auto"`.
        monitor: the history key whose best epoch is the early-stopping point;
            minimised, or maximised when its name has "acc", "auc", ... (like
            Keras's `mode="auto"`). Defaults to `"val_loss"`.
        logy: log-scale y axis. Defaults to `False`.
        ax: an Axes to draw into (one per metric). Defaults to `None` (a new
            figure).
        title: figure title. Defaults to `None`.

    Returns:
        The matplotlib Figure: one panel per metric, lines labelled "train" and
        "val", and a dashed vertical line "early stop (epoch k)" with a marker
        on the val curve.

    Example:
        >>> h = {"loss": [1.0, 0.6, 0.4, 0.3], "val_loss": [1.1, 0.7, 0.6, 0.65],
        ...      "accuracy": [0.5, 0.7, 0.8, 0.9], "val_accuracy": [0.5, 0.6, 0.7, 0.7]}
        >>> fig = learning_curves(h, metrics=("loss", "accuracy"))
        >>> len(fig.axes)
        2
    """
    if metrics is not None:
        if metric != "loss":
            raise ValueError(
                f"Expected `metric` or `metrics`, not both. Received: metric={metric!r}, "
                f"metrics={metrics!r}"
            )
        metric = metrics
    names = [metric] if isinstance(metric, str) else list(metric)
    if not names or not all(isinstance(m, str) for m in names):
        raise TypeError(f"Expected metric names (str). Received: {metric!r}")
    names = [m.removeprefix("val_") for m in names]
    data = _history_dict(history)
    num_epochs = _same_length(data)
    stop = _stop_epoch(early_stopping, data, monitor, num_epochs)

    if ax is None:
        fig = _new_figure(4.5 * len(names), 3.5)
        axes = list(fig.subplots(1, len(names), squeeze=False)[0])
    else:
        axes = [ax] if isinstance(ax, Axes) else list(ax)
        if len(axes) != len(names):
            raise ValueError(
                f"Expected one Axes per metric ({len(names)}). Received: {len(axes)} axes"
            )
        axes = [_check_ax(a) for a in axes]
        fig = _root(axes[0])
    epochs = np.arange(1, num_epochs + 1)
    for name, panel in zip(names, axes, strict=True):
        panel.plot(epochs, _history_series(data, name), marker=".", label="train")
        val = data.get(f"val_{name}")
        if val is not None:
            panel.plot(epochs, val, marker=".", label="val")
        if stop is not None:
            panel.axvline(stop, color="0.3", linestyle="--", label=f"early stop (epoch {stop})")
            if val is not None:
                panel.plot([stop], [val[stop - 1]], marker="o", markersize=9, color="0.3",
                           linestyle="none")
        panel.set(xlabel="epoch", ylabel=name, title=name)
        panel.xaxis.set_major_locator(MaxNLocator(integer=True))
        if logy:
            panel.set_yscale("log")
        panel.grid(alpha=0.3)
        panel.legend()
    if title is not None:
        fig.suptitle(title)
    return fig


def _run_losses(item: Any, metric: str, name: str) -> np.ndarray:
    if hasattr(item, "history") or isinstance(item, Mapping):
        return _history_series(_history_dict(item), metric)
    return _series(item, name)


def _logy_auto(values: list[np.ndarray]) -> bool:
    finite = np.concatenate([v[np.isfinite(v)] for v in values])
    return finite.size > 0 and finite.min() > 0 and finite.max() / finite.min() > 100


def lr_sweep(
    lrs: Sequence[float],
    losses_or_histories: Sequence[Any],
    *,
    labels: Sequence[str] | None = None,
    metric: str = "loss",
    xlabel: str = "epoch",
    logy: bool | str = "auto",
    summary: bool = True,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots one loss curve per learning rate, and the final loss against lr (log scale).

    A run whose loss becomes inf/NaN or ends above where it started is
    labelled "diverging" (unless `labels` are given); its last finite value
    is marked with an x.

    Args:
        lrs: the learning rates, all > 0.
        losses_or_histories: one per lr: a sequence of losses, a keras
            `History` or a History.history dict (its `metric` is used).
        labels: a verdict per lr, e.g. ("too low", "good", "too high",
            "diverging"), appended to the legend. Defaults to `None`.
        metric: the history key to plot. Defaults to `"loss"`.
        xlabel: x label of the curves. Defaults to `"epoch"`.
        logy: log y axis: `True`, `False` or `"auto"` (when the finite losses
            span more than a factor of 100). Defaults to `"auto"`.
        summary: add a panel "final loss vs lr" on a log x axis; diverged
            runs are red x's at its top. Defaults to `True`.
        ax: an Axes for the curves only (no summary panel). Defaults to `None`.
        title: figure title. Defaults to `None`.

    Returns:
        The matplotlib Figure.

    Example:
        >>> fig = lr_sweep([1e-4, 1e-2, 1.0], [[1.0, 0.99, 0.98], [1.0, 0.5, 0.2],
        ...                                    [1.0, 10.0, float("nan")]])
        >>> fig.axes[0].get_legend_handles_labels()[1]
        ['lr = 0.0001', 'lr = 0.01', 'lr = 1 (diverging)']
    """
    rates = _series(lrs, "lrs")
    if np.any(rates <= 0):
        raise ValueError(f"Expected every lr > 0 (plotted on a log scale). Received: {rates}")
    runs = [_run_losses(item, metric, f"losses_or_histories[{i}]")
            for i, item in enumerate(losses_or_histories)]
    _same_length({"lrs": rates, "losses_or_histories": runs})
    if labels is not None:
        _same_length({"lrs": rates, "labels": list(labels)})
    if logy == "auto":
        logy = _logy_auto(runs)
    colors = colormaps["viridis"](np.linspace(0, 0.9, len(rates)))
    order = np.argsort(rates)

    if ax is None:
        fig = _new_figure(9.5 if summary else 5, 3.8)
        axes = list(fig.subplots(1, 2 if summary else 1, squeeze=False)[0])
    else:
        fig, axes = _root(_check_ax(ax)), [ax]
    curves, final = axes[0], np.full(len(rates), np.nan)
    for color, i in zip(colors, order, strict=True):
        run = runs[i]
        finite = np.isfinite(run)
        diverged = not finite.all() or run[-1] > run[0]
        verdict = labels[i] if labels is not None else ("diverging" if diverged else "")
        label = f"lr = {rates[i]:g}" + (f" ({verdict})" if verdict else "")
        steps = np.arange(1, len(run) + 1)
        curves.plot(steps, np.where(finite, run, np.nan), marker=".", color=color, label=label)
        if not finite.all() and finite.any():
            last = np.flatnonzero(finite)[-1]
            curves.plot([steps[last]], [run[last]], marker="x", markersize=10, color=_WRONG)
        final[i] = run[-1] if finite[-1] else np.nan
    curves.set(xlabel=xlabel, ylabel=metric, title=f"{metric} per learning rate")
    curves.xaxis.set_major_locator(MaxNLocator(integer=True))
    if logy:
        curves.set_yscale("log")
    curves.grid(alpha=0.3)
    curves.legend(fontsize=8)
    if ax is None and summary:
        axes[1].plot(rates[order], final[order], marker="o", color="0.3")
        gone = ~np.isfinite(final)
        if gone.any():
            axes[1].plot(rates[gone], np.full(gone.sum(), 0.95), "x", color=_WRONG,
                         markersize=10, transform=axes[1].get_xaxis_transform(),
                         label="diverged (inf/NaN)")
            axes[1].legend(fontsize=8)
        axes[1].set_xscale("log")
        if logy and np.any(np.isfinite(final)):
            axes[1].set_yscale("log")
        axes[1].set(xlabel="learning rate", ylabel=f"final {metric}",
                    title=f"final {metric} vs learning rate")
        axes[1].grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    return fig
