"""Private helpers shared by the plot modules: figures, input checks, class names and colours.

Figures are made without pyplot (`_new_figure`); `_array`, `_series` and
`_labels` turn user input into NumPy arrays or raise a `TypeError` /
`ValueError` that says what was expected and what was received.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.figure import Figure

_WRONG = "tab:red"  # wrong predictions, diverged runs


class _NotebookFigure(Figure):
    """A Figure that Jupyter renders as PNG even when no pyplot backend was set up."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()


def _new_figure(width: float, height: float) -> Figure:
    return _NotebookFigure(figsize=(width, height), layout="constrained")


def _root(ax: Axes) -> Figure:
    fig = ax.figure
    while not isinstance(fig, Figure):  # an axes inside a SubFigure
        fig = fig.figure
    return fig


def _check_ax(ax: Any) -> Axes:
    if not isinstance(ax, Axes):
        raise TypeError(
            f"Expected `ax` to be a matplotlib Axes (e.g. from `fig.subplots()`) or None. "
            f"Received: {type(ax).__name__}"
        )
    return ax


def _array(value: Any, name: str) -> np.ndarray:
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # ragged lists
        raise TypeError(
            f"Expected `{name}` to be array-like (a list, NumPy array or tensor). "
            f"Received: {type(value).__name__} ({error})"
        ) from None
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"Expected `{name}` to hold numbers. Received: dtype {array.dtype} "
            f"from {type(value).__name__}"
        )
    return array


def _series(value: Any, name: str) -> np.ndarray:
    array = _array(value, name).astype(float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(
            f"Expected `{name}` to be a non-empty 1-D sequence of numbers. "
            f"Received: shape {array.shape}"
        )
    return array


def _same_length(named: Mapping[str, Sequence[Any] | np.ndarray]) -> int:
    lengths = {name: len(values) for name, values in named.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"Expected equal lengths. Received: {lengths}")
    return next(iter(lengths.values()))


def _labels(value: Any, name: str) -> np.ndarray:
    """Class indices from indices, one-hot rows, softmax rows or a sigmoid column."""
    array = _array(value, name)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim == 2:
        return np.argmax(array, axis=1)
    if array.ndim != 1:
        raise ValueError(
            f"Expected `{name}` of shape (num_samples,) or (num_samples, num_classes). "
            f"Received: shape {array.shape}"
        )
    if array.dtype.kind in "biu":
        labels = array.astype(int)
    elif np.all(np.isfinite(array)) and np.all(array == np.round(array)):
        labels = array.astype(int)
    elif np.all((array >= 0) & (array <= 1)):
        labels = (array >= 0.5).astype(int)  # sigmoid probabilities of class 1
    else:
        raise ValueError(
            f"Expected `{name}` to hold class indices or probabilities in [0, 1]. "
            f"Received: values from {np.nanmin(array):g} to {np.nanmax(array):g}"
        )
    if labels.size and labels.min() < 0:
        raise ValueError(f"Expected `{name}` >= 0. Received: min {labels.min()}")
    return labels


def _class_names(classes: Any, num_classes: int, name: str = "classes") -> list[str]:
    if classes is None:
        return [str(k) for k in range(num_classes)]
    if isinstance(classes, str) or not isinstance(classes, (Sequence, np.ndarray)):
        raise TypeError(
            f"Expected `{name}` to be a sequence of class names (index = label). "
            f"Received: {type(classes).__name__}"
        )
    if len(classes) < num_classes:
        raise ValueError(
            f"Expected at least {num_classes} class names (labels go up to "
            f"{num_classes - 1}). Received: {len(classes)} names in `{name}`"
        )
    return [str(c) for c in classes]


def _class_colors(num_classes: int) -> list[Any]:
    cmap = colormaps["tab10" if num_classes <= 10 else "tab20"]
    return [cmap(k % cmap.N) for k in range(num_classes)]
