"""A classifier's results: `decision_boundary` and `confusion_matrix`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure

from dlcourse import _validate

from ._common import (
    _array,
    _check_ax,
    _class_colors,
    _class_names,
    _labels,
    _new_figure,
    _root,
    _same_length,
)

_MODEL_PACKAGES = {"keras", "tf_keras", "tensorflow"}


def _is_keras_model(obj: Any) -> bool:
    # Checked through the class hierarchy, so a student's `class Net(keras.Model)` defined
    # in `__main__` counts, and Keras is never imported just to ask.
    return hasattr(obj, "predict") and any(
        cls.__module__.split(".")[0] in _MODEL_PACKAGES for cls in type(obj).__mro__
    )


def _predict(predict: Any, X: np.ndarray) -> np.ndarray:
    if _is_keras_model(predict):
        # One big batch: a 2-D grid is tiny per row, and the default 32 makes thousands of steps.
        out = predict.predict(X, verbose=0, batch_size=4096)
    elif hasattr(predict, "predict_proba"):  # scikit-learn classifiers
        out = predict.predict_proba(X)
    elif callable(predict):
        out = predict(X)
    elif hasattr(predict, "predict"):
        out = predict.predict(X)
    else:
        raise TypeError(
            "Expected `predict` to be a Keras model or a callable mapping (m, 2) inputs to "
            f"probabilities, scores or labels. Received: {type(predict).__name__}"
        )
    out = _array(out, "predict(X)")
    if out.ndim == 2 and out.shape[1] == 1:
        out = out[:, 0]
    if out.ndim not in (1, 2) or out.shape[0] != len(X):
        raise ValueError(
            f"Expected `predict` to return shape ({len(X)},), ({len(X)}, 1) or "
            f"({len(X)}, num_classes) for {len(X)} inputs. Received: shape {out.shape}"
        )
    return out


def _surface(out: np.ndarray) -> tuple[str, np.ndarray]:
    """('proba', P(class 1)) for a single output, else ('labels', class indices)."""
    if out.ndim == 2:
        return "labels", np.argmax(out, axis=1)
    if out.dtype.kind in "biu":
        return "labels", out.astype(int)
    if np.all((out >= 0) & (out <= 1)):
        return "proba", out.astype(float)
    return "proba", 0.5 * (1 + np.tanh(out / 2))  # logits -> sigmoid, overflow-free


def decision_boundary(
    predict: Any,
    X: Any,
    y: Any = None,
    *,
    resolution: int = 200,
    classes: Sequence[str] | None = None,
    threshold: float = 0.5,
    padding: float = 0.1,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots a classifier's 2-D decision regions with the data coloured by class.

    Args:
        predict: a Keras model (its `predict` is called), a scikit-learn
            classifier (`predict_proba`), or a callable mapping an (m, 2)
            array to sigmoid probabilities or logits (m,) / (m, 1), softmax
            probabilities or scores (m, num_classes), or integer labels (m,).
        X: inputs of shape (num_samples, 2).
        y: labels of shape (num_samples,) or one-hot. Defaults to `None`
            (points drawn in grey).
        resolution: grid points per axis. Defaults to `200`.
        classes: class names for the legend. Defaults to `None` (indices).
        threshold: the probability drawn as the boundary for a single
            (sigmoid) output. Defaults to `0.5`.
        padding: margin around the data, as a fraction of its range.
            Defaults to `0.1`.
        ax: an Axes to draw into. Defaults to `None` (a new figure).
        title: axes title. Defaults to `None`.

    Returns:
        The matplotlib Figure: filled regions (P(class 1) for a single
        output, the argmax class otherwise), black boundary lines, and one
        scatter per class.

    Example:
        >>> X = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
        >>> fig = decision_boundary(lambda G: G[:, 0] > G[:, 1], X, [0, 0, 1, 0])
        >>> len(fig.axes[0].collections) >= 2
        True
    """
    X = _array(X, "X").astype(float)
    if X.ndim != 2 or X.shape[1] != 2 or len(X) == 0:
        raise ValueError(
            f"Expected `X` of shape (num_samples, 2). Received: shape {X.shape}. "
            "For more features, plot two of them (X[:, [i, j]]) with a model trained on those."
        )
    resolution = _validate.integer(resolution, "resolution", low=2, high=2000)
    labels = None if y is None else _labels(y, "y")
    if labels is not None:
        _same_length({"X": X, "y": labels})

    lo, hi = X.min(axis=0), X.max(axis=0)
    margin = padding * np.where(hi > lo, hi - lo, 1.0)
    xx, yy = np.meshgrid(np.linspace(lo[0] - margin[0], hi[0] + margin[0], resolution),
                         np.linspace(lo[1] - margin[1], hi[1] + margin[1], resolution))
    out = _predict(predict, np.c_[xx.ravel(), yy.ravel()].astype("float32"))
    kind, Z = _surface(out)
    Z = Z.reshape(xx.shape)
    seen = [out.shape[1] if out.ndim == 2 else 2, len(classes or ())]
    seen += [int(Z.max()) + 1 if kind == "labels" else 2]
    seen += [] if labels is None else [int(labels.max()) + 1]
    num_classes = max(seen)
    names, colors = _class_names(classes, num_classes), _class_colors(num_classes)

    fig = _new_figure(5, 4.5) if ax is None else _root(_check_ax(ax))
    ax = fig.subplots() if ax is None else ax
    if kind == "proba":
        cmap = LinearSegmentedColormap.from_list("boundary", [colors[0], "white", colors[1]])
        filled = ax.contourf(xx, yy, Z, levels=np.linspace(0, 1, 11), cmap=cmap, alpha=0.7)
        fig.colorbar(filled, ax=ax, label=f"P({names[1]})")
        levels = [threshold]
    else:
        ax.contourf(xx, yy, Z, levels=np.arange(num_classes + 1) - 0.5,
                    cmap=ListedColormap(colors), alpha=0.3)
        levels = list(np.arange(num_classes - 1) + 0.5)
    levels = [v for v in levels if Z.min() < v < Z.max()]  # contour warns on empty levels
    if levels:
        ax.contour(xx, yy, Z, levels=levels, colors="k", linewidths=1.2)
    if labels is None:
        ax.scatter(X[:, 0], X[:, 1], color="0.4", edgecolor="k", s=20)
    else:
        for k in np.unique(labels):
            mask = labels == k
            ax.scatter(X[mask, 0], X[mask, 1], color=colors[k], edgecolor="k", s=20,
                       label=names[k])
        ax.legend(loc="best")
    ax.set(xlabel="$x_1$", ylabel="$x_2$")
    if title is not None:
        ax.set_title(title)
    return fig


def confusion_matrix(
    y: Any,
    y_hat: Any,
    classes: Sequence[str] | None = None,
    normalize: bool = False,
    *,
    cmap: str = "Blues",
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Plots the confusion matrix (rows: true class, columns: predicted) with numbers in cells.

    Args:
        y: true labels (indices or one-hot).
        y_hat: predicted labels or probabilities (argmax; a single sigmoid
            column is thresholded at 0.5).
        classes: class names, index = label. Defaults to `None` (indices).
        normalize: divide each row by its count, so a cell is the fraction of
            that true class (the diagonal is per-class recall). Defaults to
            `False` (counts).
        cmap: colormap. Defaults to `"Blues"`.
        ax: an Axes to draw into. Defaults to `None` (a new figure).
        title: axes title. Defaults to `None` ("accuracy 0.xxx").

    Returns:
        The matplotlib Figure.

    Example:
        >>> fig = confusion_matrix([0, 1, 1, 2], [0, 1, 2, 2], classes=["a", "b", "c"])
        >>> [t.get_text() for t in fig.axes[0].texts][:3]
        ['1', '0', '0']
    """
    true, pred = _labels(y, "y"), _labels(y_hat, "y_hat")
    _same_length({"y": true, "y_hat": pred})
    if len(true) == 0:
        raise ValueError("Expected at least one sample. Received: empty `y`")
    widths = [np.shape(y_hat)[1] if np.ndim(y_hat) == 2 and np.shape(y_hat)[1] > 1 else 0]
    num_classes = max([int(true.max()) + 1, int(pred.max()) + 1, len(classes or ()), *widths])
    names = _class_names(classes, num_classes)
    counts = np.zeros((num_classes, num_classes), dtype=int)
    np.add.at(counts, (true, pred), 1)
    rows = counts.sum(axis=1, keepdims=True)
    values = counts / np.maximum(rows, 1) if normalize else counts

    size = 1.5 + 0.55 * num_classes
    fig = _new_figure(size + 1, size) if ax is None else _root(_check_ax(ax))
    ax = fig.subplots() if ax is None else ax
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=1 if normalize else max(counts.max(), 1))
    fig.colorbar(image, ax=ax, label="fraction of true class" if normalize else "count")
    dark = 0.5 * (1 if normalize else max(counts.max(), 1))
    fontsize = 10 if num_classes <= 10 else 7
    for i in range(num_classes):
        for j in range(num_classes):
            text = f"{values[i, j]:.2f}" if normalize else str(counts[i, j])
            ax.text(j, i, text, ha="center", va="center", fontsize=fontsize,
                    color="white" if values[i, j] > dark else "black")
    ticks = np.arange(num_classes)
    rotate = 45 if max(len(s) for s in names[:num_classes]) > 3 else 0
    ax.set_xticks(ticks, names[:num_classes], rotation=rotate,
                  ha="right" if rotate else "center")
    ax.set_yticks(ticks, names[:num_classes])
    ax.set(xlabel="predicted", ylabel="true")
    ax.set_title(title if title is not None else f"accuracy {np.mean(true == pred):.3f}")
    return fig
