"""The adversarial-example figure: x + ε·sign(∇ₓJ) = x_adv (`adversarial_triplet`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from ._common import _array, _class_names, _new_figure
from ._pixels import _display_range, _images, _imshow


def adversarial_triplet(
    original: Any,
    perturbation: Any,
    adversarial: Any,
    labels: Sequence[Any] | None = None,
    probs: Sequence[float] | None = None,
    epsilon: float | None = None,
    *,
    classes: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """Draws the lecture's panda figure: x + ε·sign(∇ₓJ(θ, x, y)) = x_adv.

    Args:
        original: the image x, (H, W), (H, W, 1|3) or a batch of one.
        perturbation: sign(∇ₓJ) or ε·sign(∇ₓJ), same shape; it is stretched
            to the full grey/colour range for display (ε is tiny).
        adversarial: x + ε·sign(∇ₓJ), same shape.
        labels: the predicted class under each panel: 3 entries (original,
            perturbation, adversarial; use `None` to leave one out) or 2
            (original, adversarial). Names, or indices mapped via `classes`.
            Defaults to `None`.
        probs: the confidence of each label, in [0, 1], same length as
            `labels`. Defaults to `None`.
        epsilon: ε, written between the panels as "+ ε ×". Defaults to
            `None` (written as "+").
        classes: class names for integer labels. Defaults to `None`.
        title: figure title. Defaults to `None`.

    Returns:
        The matplotlib Figure: three image axes and two operator axes
        ("+ ε ×" and "="); captions like '"panda"\\n57.7% confidence'.

    Example:
        >>> x = np.full((8, 8), 0.5)
        >>> sign = np.sign(np.random.default_rng(0).normal(size=(8, 8)))
        >>> fig = adversarial_triplet(x, sign, np.clip(x + 0.007 * sign, 0, 1),
        ...                           labels=["panda", "nematode", "gibbon"],
        ...                           probs=[0.577, 0.082, 0.993], epsilon=0.007)
        >>> fig.axes[4].get_xlabel()
        '"gibbon"\\n99.3% confidence'
    """
    panels = []
    for name, value in (("original", original), ("perturbation", perturbation),
                        ("adversarial", adversarial)):
        array = _array(value, name)
        if array.ndim == 4 or (array.ndim == 3 and array.shape[-1] not in (1, 3)):
            array = array[0] if array.shape[0] == 1 else array  # a batch of one
        panels.append(_images(array, name, 0, "(H, W) or (H, W, C)"))
    shapes = {name: p.shape for name, p in zip(("original", "perturbation", "adversarial"),
                                                  panels, strict=True)}
    if len(set(shapes.values())) > 1:
        raise ValueError(f"Expected three images of the same shape. Received: {shapes}")
    captions = _triplet_captions(labels, probs, classes)

    fig = _new_figure(9, 3.6)
    axes = fig.subplots(1, 5, gridspec_kw={"width_ratios": [1, 0.28, 1, 0.18, 1]})
    shared = _display_range(np.stack([panels[0], panels[2]]))  # x and x_adv on one scale
    signed = panels[1].astype(float)
    peak = float(np.max(np.abs(signed))) or 1.0
    _imshow(axes[0], panels[0], shared)
    _imshow(axes[2], signed, (-peak, peak))
    _imshow(axes[4], panels[2], shared)
    heads = ["$x$", r"sign($\nabla_x J(\theta, x, y)$)", r"$x + \epsilon\,$sign($\nabla_x J$)"]
    for ax, head, caption in zip(axes[::2], heads, captions, strict=True):
        ax.set_title(head, fontsize=10)
        ax.set_xlabel(caption, fontsize=10)
    for ax, text in ((axes[1], "+" if epsilon is None else f"+ {epsilon:g} ×"), (axes[3], "=")):
        ax.set_axis_off()
        ax.text(0.5, 0.5, text, ha="center", va="center", fontsize=14, transform=ax.transAxes)
    if title:
        fig.suptitle(title)
    return fig


def _triplet_captions(labels: Any, probs: Any, classes: Any) -> list[str]:
    if labels is None:
        if probs is not None:
            raise ValueError("Expected `labels` with `probs`. Received: probs without labels")
        return ["", "", ""]
    labels = list(labels)
    if len(labels) not in (2, 3):
        raise ValueError(
            "Expected 3 `labels` (original, perturbation, adversarial) or 2 (original, "
            f"adversarial). Received: {len(labels)}"
        )
    probs = [None] * len(labels) if probs is None else list(probs)
    if len(probs) != len(labels):
        raise ValueError(
            f"Expected one prob per label. Received: {len(labels)} labels, {len(probs)} probs"
        )
    if len(labels) == 2:
        labels, probs = [labels[0], None, labels[1]], [probs[0], None, probs[1]]
    captions = []
    for label, prob in zip(labels, probs, strict=True):
        if label is None:
            captions.append("")
            continue
        if isinstance(label, (int, np.integer)) and classes is not None:
            label = _class_names(classes, int(label) + 1)[int(label)]
        text = f'"{label}"'
        if prob is not None:
            if not 0 <= float(prob) <= 1:
                raise ValueError(f"Expected `probs` in [0, 1]. Received: {prob!r}")
            text += f"\n{100 * float(prob):.1f}% confidence"
        captions.append(text)
    return captions
