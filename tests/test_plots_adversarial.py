"""Tests for dlcourse/plots/adversarial.py: `adversarial_triplet`, the panda figure."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlcourse import plots

FASHION = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")

def image_axes(fig: Figure) -> list:
    return [ax for ax in fig.axes if ax.images]

@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


# --- adversarial_triplet ---------------------------------------------------------------------


def test_adversarial_triplet_is_the_panda_figure(rng):
    x = rng.random((8, 8, 3))
    sign = np.sign(rng.normal(size=x.shape))
    fig = plots.adversarial_triplet(x, sign, np.clip(x + 0.007 * sign, 0, 1),
                                    labels=["panda", "nematode", "gibbon"],
                                    probs=[0.577, 0.082, 0.993], epsilon=0.007)
    assert len(fig.axes) == 5 and len(image_axes(fig)) == 3
    captions = [ax.get_xlabel() for ax in image_axes(fig)]
    assert captions == ['"panda"\n57.7% confidence', '"nematode"\n8.2% confidence',
                        '"gibbon"\n99.3% confidence']
    operators = [t.get_text() for ax in fig.axes for t in ax.texts]
    assert operators == ["+ 0.007 ×", "="]
    assert image_axes(fig)[0].get_title() == "$x$"
    assert "nabla" in image_axes(fig)[1].get_title()


def test_adversarial_triplet_two_labels_class_indices_and_batch_of_one():
    x = np.zeros((1, 6, 6, 1))
    fig = plots.adversarial_triplet(x, np.ones_like(x), x + 0.1, labels=[3, 5],
                                    probs=[0.9, 0.6], classes=FASHION)
    captions = [ax.get_xlabel() for ax in image_axes(fig)]
    assert captions == ['"Dress"\n90.0% confidence', "", '"Sandal"\n60.0% confidence']
    assert [t.get_text() for ax in fig.axes for t in ax.texts] == ["+", "="]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"adversarial": np.zeros((5, 5))}, "same shape"),
    ({"labels": ["a"]}, "Expected 3 `labels`"),
    ({"labels": ["a", "b"], "probs": [0.5]}, "one prob per label"),
    ({"labels": ["a", "b"], "probs": [57.7, 99.3]}, r"probs` in \[0, 1\]"),
    ({"probs": [0.5, 0.5]}, "`labels` with `probs`"),
])
def test_adversarial_triplet_rejects_bad_input(kwargs, message):
    images = {"original": np.zeros((4, 4)), "perturbation": np.ones((4, 4)),
              "adversarial": np.zeros((4, 4))}
    with pytest.raises(ValueError, match=message):
        plots.adversarial_triplet(**{**images, **kwargs})
