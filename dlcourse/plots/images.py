"""Grids of images: `image_grid`, `augmentation_grid` and `feature_maps`."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from matplotlib.figure import Figure

from dlcourse import _validate

from ._common import _WRONG, _array, _class_names, _labels, _same_length
from ._pixels import _display_range, _grid, _images, _imshow, _mark


def image_grid(
    X: Any,
    y: Any = None,
    classes: Sequence[str] | None = None,
    y_hat: Any = None,
    n: int = 25,
    cols: int = 5,
    title: str | None = None,
    *,
    cmap: str = "gray",
) -> Figure:
    """Shows the first `n` images with their class names; wrong predictions in red.

    Args:
        X: images (num_images, H, W) or (num_images, H, W, 1|3), uint8 or
            float; flattened rows (num_images, H*W) with square images are
            reshaped.
        y: true labels (indices or one-hot). Defaults to `None`.
        classes: class names, index = label. Defaults to `None` (indices).
        y_hat: predicted labels or probabilities (argmax). A wrong prediction
            gets a red title "pred X (true Y)" and a red frame. Defaults to
            `None`.
        n: how many images to show (at most `len(X)`). Defaults to `25`.
        cols: images per row. Defaults to `5`.
        title: figure title; with `y` and `y_hat` the count of wrong
            predictions is appended. Defaults to `None`.
        cmap: colormap for grey-scale images. Defaults to `"gray"`.

    Returns:
        The matplotlib Figure, one axes per image.

    Example:
        >>> X = np.zeros((4, 8, 8), dtype="uint8")
        >>> fig = image_grid(X, y=[0, 1, 1, 0], classes=["cat", "dog"], y_hat=[0, 1, 0, 0])
        >>> [ax.get_title() for ax in fig.axes]
        ['cat', 'dog', 'pred cat (true dog)', 'cat']
    """
    array = _array(X, "X")
    if array.ndim == 2 and math.isqrt(array.shape[1]) ** 2 == array.shape[1] > 1:
        side = math.isqrt(array.shape[1])
        array = array.reshape(len(array), side, side)
    images = _images(array, "X", 1, "(num_images, H, W) or (num_images, H, W, C)")
    n, cols = _validate.positive_int(n, "n"), _validate.positive_int(cols, "cols")
    true = None if y is None else _labels(y, "y")
    pred = None if y_hat is None else _labels(y_hat, "y_hat")
    for name, labels in (("y", true), ("y_hat", pred)):
        if labels is not None:
            _same_length({"X": images, name: labels})
    num = min(int(n), len(images))
    used = [labels[:num] for labels in (true, pred) if labels is not None]
    num_classes = max([int(u.max()) + 1 for u in used] + [len(classes or ())])
    names = _class_names(classes, num_classes)

    value_range = _display_range(images[:num])
    fig, axes = _grid(num, int(cols))
    wrong = 0
    for i, ax in enumerate(axes):
        _imshow(ax, images[i], value_range, cmap)
        color = "black"
        if pred is not None and true is not None and pred[i] != true[i]:
            label, color = f"pred {names[pred[i]]} (true {names[true[i]]})", _WRONG
            _mark(ax, _WRONG)
            wrong += 1
        elif pred is not None:
            label = names[pred[i]] if true is not None else f"pred {names[pred[i]]}"
        elif true is not None:
            label = names[true[i]]
        else:
            label = ""
        ax.set_title(label, color=color, fontsize=8)
    if true is not None and pred is not None:
        title = f"{title + ': ' if title else ''}{wrong} of {num} wrong"
    if title:
        fig.suptitle(title)
    return fig


def augmentation_grid(
    originals: Any,
    augmented: Any,
    titles: Sequence[str] | None = None,
    *,
    title: str | None = None,
) -> Figure:
    """Shows each original image followed by its augmented versions, one row per image.

    Args:
        originals: images (n, H, W) or (n, H, W, C).
        augmented: k versions of each, (n, k, H', W') or (n, k, H', W', C');
            an array shaped like `originals` means k = 1. The size may differ
            from the originals (crops, resizes).
        titles: column titles: k names for the augmented columns, or k + 1
            including the first column. Defaults to `None` ("original",
            "augmented 1", ...).
        title: figure title. Defaults to `None`.

    Returns:
        The matplotlib Figure, an n x (k + 1) grid of images.

    Example:
        >>> X = np.random.default_rng(0).random((2, 8, 8))
        >>> fig = augmentation_grid(X, np.stack([X[:, ::-1], X[:, :, ::-1]], axis=1),
        ...                         titles=["flip up-down", "flip left-right"])
        >>> len(fig.axes)
        6
    """
    raw_originals, raw_augmented = _array(originals, "originals"), _array(augmented, "augmented")
    if raw_augmented.ndim == raw_originals.ndim:
        raw_augmented = raw_augmented[:, None]  # one augmented version per image
    originals = _images(raw_originals, "originals", 1, "(n, H, W) or (n, H, W, C)")
    augmented = _images(raw_augmented, "augmented", 2, "(n, k, H, W) or (n, k, H, W, C)")
    if len(augmented) != len(originals):
        raise ValueError(
            f"Expected one row of augmented images per original. Received: "
            f"{len(originals)} originals, {len(augmented)} rows in `augmented`"
        )
    num, k = augmented.shape[:2]
    if titles is None:
        titles = ["original", *(f"augmented {j + 1}" for j in range(k))]
    elif len(titles) == k:
        titles = ["original", *titles]
    if len(titles) != k + 1:
        raise ValueError(
            f"Expected {k} or {k + 1} `titles` (one per column). Received: {len(titles)}"
        )

    fig, axes = _grid(num * (k + 1), k + 1)
    original_range, augmented_range = _display_range(originals), _display_range(augmented)
    for i in range(num):
        _imshow(axes[i * (k + 1)], originals[i], original_range)
        for j in range(k):
            _imshow(axes[i * (k + 1) + j + 1], augmented[i, j], augmented_range)
    for j, text in enumerate(titles):
        axes[j].set_title(str(text), fontsize=9)
    if title:
        fig.suptitle(title)
    return fig


def feature_maps(
    maps: Any,
    n: int = 16,
    *,
    cols: int = 8,
    kind: str = "auto",
    in_channel: int = 0,
    cmap: str | None = None,
    title: str | None = None,
) -> Figure:
    """Shows conv activations (H, W, C) or conv kernels (kh, kw, in, out), one panel each.

    Args:
        maps: activations of one image, (H, W, C) or (1, H, W, C), or a
            Conv2D kernel (kh, kw, in, out), e.g. `layer.kernel` or
            `layer.get_weights()[0]`. Each panel is scaled to its own range.
        n: how many channels or filters to show (the first n). Defaults to
            `16`.
        cols: panels per row. Defaults to `8`.
        kind: `"activations"`, `"kernel"`, or `"auto"`: 3-D and (1, H, W, C)
            arrays are activations, other 4-D arrays kernels. Defaults to
            `"auto"`.
        in_channel: for kernels with neither 1 nor 3 input channels, the input
            channel shown. 3 input channels are shown as colour. Defaults to `0`.
        cmap: colormap. Defaults to `None` ("viridis" for activations,
            "gray" for kernels).
        title: figure title. Defaults to `None`.

    Returns:
        The matplotlib Figure, one image axes per channel or filter.

    Example:
        >>> kernel = np.random.default_rng(0).normal(size=(5, 5, 1, 6))  # LeNet-5's C1
        >>> fig = feature_maps(kernel, title="C1 filters")
        >>> len([ax for ax in fig.axes if ax.images])
        6
    """
    array = _array(maps, "maps").astype(float)
    if kind not in ("auto", "activations", "kernel"):
        raise ValueError(
            f"Expected `kind` in ('auto', 'activations', 'kernel'). Received: {kind!r}"
        )
    if kind == "auto":
        kind = "kernel" if array.ndim == 4 and array.shape[0] != 1 else "activations"
    if kind == "activations" and array.ndim == 4 and array.shape[0] == 1:
        array = array[0]
    if (kind == "activations" and array.ndim != 3) or (kind == "kernel" and array.ndim != 4):
        raise ValueError(
            "Expected `maps` of shape (H, W, C) or (1, H, W, C) for activations, or "
            f"(kh, kw, in, out) for a kernel. Received: shape {array.shape} (kind={kind!r}). "
            "For a batch of activations pass one image: maps[0]."
        )
    n = _validate.positive_int(n, "n")
    if kind == "kernel":
        num_in = array.shape[2]
        if num_in == 3:
            panels = [array[:, :, :, j] for j in range(array.shape[3])]
        else:
            if not 0 <= in_channel < num_in:
                raise ValueError(
                    f"Expected `in_channel` in [0, {num_in}). Received: {in_channel}"
                )
            panels = [array[:, :, in_channel, j] for j in range(array.shape[3])]
        head, cmap = "filter", cmap or "gray"
    else:
        panels = [array[:, :, c] for c in range(array.shape[2])]
        head, cmap = "channel", cmap or "viridis"
    num = min(int(n), len(panels))
    fig, axes = _grid(num, cols, cell=1.3)
    for j, ax in enumerate(axes):
        _imshow(ax, panels[j], None, cmap)
        ax.set_title(f"{head} {j}", fontsize=7)
    if kind == "kernel" and array.shape[2] not in (1, 3):
        title = f"{title + ' ' if title else ''}(input channel {in_channel})"
    if title:
        fig.suptitle(title)
    return fig
