"""Private image helpers shared by `images` and `adversarial`: shape checks, scaling, grids."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ._common import _array, _new_figure


def _images(value: Any, name: str, batch_dims: int, expected: str) -> np.ndarray:
    """Channels-last images after `batch_dims` leading axes; a single channel is squeezed."""
    array = _array(value, name)
    image_dims = array.ndim - batch_dims
    ok = image_dims == 2 or (image_dims == 3 and array.shape[-1] in (1, 3))
    if not ok or 0 in array.shape:
        raise ValueError(
            f"Expected `{name}` of shape {expected} (channels last, 1 or 3 channels). "
            f"Received: shape {array.shape}. For channels-first data use "
            "np.moveaxis(x, -3, -1)."
        )
    if image_dims == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    return array


def _display_range(images: np.ndarray) -> tuple[float, float] | None:
    """The value range shared by all images, or None for per-image min-max scaling."""
    if images.dtype == np.uint8:
        return 0.0, 255.0
    lo, hi = float(np.nanmin(images)), float(np.nanmax(images))
    if lo >= 0 and hi <= 1:
        return 0.0, 1.0
    if lo >= 0 and hi <= 255:
        return 0.0, 255.0  # float pixels not yet divided by 255
    return None  # standardised or signed: each image is stretched to its own range


def _imshow(ax: Axes, image: np.ndarray, value_range: tuple[float, float] | None,
            cmap: str | None = "gray") -> None:
    image = image.astype(float)
    lo, hi = value_range or (float(np.nanmin(image)), float(np.nanmax(image)))
    if image.ndim == 3:  # colour: imshow wants [0, 1] floats
        image = np.clip((image - lo) / (hi - lo if hi > lo else 1.0), 0, 1)
        ax.imshow(image)
    else:
        ax.imshow(image, cmap=cmap, vmin=lo, vmax=hi if hi > lo else lo + 1)
    ax.set_xticks([])
    ax.set_yticks([])


def _grid(num: int, cols: int, cell: float = 1.8) -> tuple[Figure, list[Axes]]:
    cols = max(1, min(cols, num))
    rows = math.ceil(num / cols)
    fig = _new_figure(cell * cols, (cell + 0.3) * rows)
    axes = list(fig.subplots(rows, cols, squeeze=False).ravel())
    for extra in axes[num:]:
        extra.set_axis_off()
    return fig, axes[:num]


def _mark(ax: Axes, color: str) -> None:
    for spine in ax.spines.values():
        spine.set(color=color, linewidth=2.5)
