"""Tests for dlcourse/plots/images.py: `image_grid`, `augmentation_grid`, `feature_maps`."""

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


# --- image_grid ------------------------------------------------------------------------------


def test_image_grid_titles_and_marks_wrong_predictions(rng):
    X = rng.integers(0, 256, (6, 8, 8), dtype=np.uint8)
    y = np.array([0, 1, 2, 3, 4, 5])
    y_hat = np.eye(10)[[0, 1, 9, 3, 4, 6]]  # probabilities: two wrong
    fig = plots.image_grid(X, y, FASHION, y_hat, n=6, cols=3, title="val")
    axes = image_axes(fig)
    assert len(axes) == 6
    titles = [ax.get_title() for ax in axes]
    assert titles[:2] == ["T-shirt/top", "Trouser"]
    assert titles[2] == "pred Ankle boot (true Pullover)"
    assert titles[5] == "pred Shirt (true Sandal)"
    red = [i for i, ax in enumerate(axes) if ax.title.get_color() == "tab:red"]
    assert red == [2, 5]
    assert axes[2].spines["top"].get_edgecolor() != axes[0].spines["top"].get_edgecolor()
    assert fig.get_suptitle() == "val: 2 of 6 wrong"
    assert axes[0].images[0].get_clim() == (0, 255)


def test_image_grid_shows_at_most_n_and_hides_spare_cells(rng):
    fig = plots.image_grid(rng.random((10, 4, 4)), n=7, cols=3)
    assert len(fig.axes) == 9 and len(image_axes(fig)) == 7
    assert all(ax.get_title() == "" for ax in image_axes(fig))
    assert not any(ax.axison for ax in fig.axes[7:])


@pytest.mark.parametrize(("X", "image_shape"), [
    (np.zeros((3, 5, 5, 1), dtype=np.uint8), (5, 5)),  # single channel squeezed
    (np.ones((3, 5, 5, 3)) * 0.5, (5, 5, 3)),  # colour
    (np.linspace(-2, 2, 3 * 16).reshape(3, 16), (4, 4)),  # flattened, standardised
])
def test_image_grid_accepts_image_layouts(X, image_shape):
    fig = plots.image_grid(X, y=[0, 1, 0], classes=["a", "b"])
    assert image_axes(fig)[0].images[0].get_array().shape == image_shape
    assert [ax.get_title() for ax in image_axes(fig)] == ["a", "b", "a"]


def test_image_grid_prediction_only_titles(rng):
    fig = plots.image_grid(rng.random((2, 4, 4)), y_hat=[[0.2, 0.8], [0.9, 0.1]],
                           classes=["cat", "dog"])
    assert [ax.get_title() for ax in image_axes(fig)] == ["pred dog", "pred cat"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"X": np.zeros((2, 1, 8, 8))}, "channels last.*moveaxis"),
    ({"X": np.zeros((8, 8))}, r"\(num_images, H, W\)"),
    ({"X": np.zeros((2, 4, 4)), "y": [0, 1, 1]}, "equal lengths"),
    ({"X": np.zeros((2, 4, 4)), "y": [0, 5], "classes": ["a", "b"]}, "at least 6 class names"),
    ({"X": np.zeros((2, 4, 4)), "y": [0, -1]}, ">= 0"),
    ({"X": np.zeros((2, 4, 4)), "y": [0.3, 2.5]}, "class indices or probabilities"),
    ({"X": np.zeros((2, 4, 4)), "n": 0}, "positive int"),
])
def test_image_grid_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.image_grid(**kwargs)


# --- augmentation_grid -----------------------------------------------------------------------


def test_augmentation_grid_layout_and_titles(rng):
    originals = rng.random((2, 6, 6, 3))
    augmented = np.stack([originals[:, ::-1], originals[:, :, ::-1], originals * 0.5], axis=1)
    fig = plots.augmentation_grid(originals, augmented, titles=["flip", "mirror", "dark"])
    axes = image_axes(fig)
    assert len(axes) == 8
    assert [ax.get_title() for ax in axes[:4]] == ["original", "flip", "mirror", "dark"]
    np.testing.assert_allclose(axes[4].images[0].get_array(), originals[1])  # row 2 starts
    np.testing.assert_allclose(axes[5].images[0].get_array(), originals[1, ::-1])


def test_augmentation_grid_one_version_per_image_and_resized_crops(rng):
    fig = plots.augmentation_grid(rng.random((3, 8, 8)), rng.random((3, 6, 6)),
                                  titles=["original", "crop"], title="crops")
    assert len(image_axes(fig)) == 6
    assert image_axes(fig)[1].images[0].get_array().shape == (6, 6)
    assert fig.get_suptitle() == "crops"
    default = plots.augmentation_grid(rng.random((1, 4, 4)), rng.random((1, 2, 4, 4)))
    assert [ax.get_title() for ax in default.axes] == ["original", "augmented 1", "augmented 2"]


@pytest.mark.parametrize(("originals", "augmented", "titles", "message"), [
    (np.zeros((2, 4, 4)), np.zeros((3, 2, 4, 4)), None, "2 originals, 3 rows"),
    (np.zeros((2, 4, 4)), np.zeros((2, 2, 4, 4)), ["a"], "Expected 2 or 3 `titles`"),
    (np.zeros((2, 4)), np.zeros((2, 1, 4, 4)), None, "originals"),
    (np.zeros((2, 4, 4)), np.zeros((2, 2, 2, 4, 4)), None, "augmented"),
])
def test_augmentation_grid_rejects_bad_input(originals, augmented, titles, message):
    with pytest.raises(ValueError, match=message):
        plots.augmentation_grid(originals, augmented, titles)


# --- feature_maps ----------------------------------------------------------------------------


def test_feature_maps_kernel_one_panel_per_filter(rng):
    kernel = rng.normal(size=(5, 5, 1, 6))  # LeNet-5's C1
    fig = plots.feature_maps(kernel, title="C1")
    axes = image_axes(fig)
    assert [ax.get_title() for ax in axes] == [f"filter {j}" for j in range(6)]
    np.testing.assert_allclose(axes[2].images[0].get_array(), kernel[:, :, 0, 2])
    assert fig.get_suptitle() == "C1"


def test_feature_maps_activations_first_n_channels(rng):
    fig = plots.feature_maps(rng.random((1, 6, 6, 20)), n=12)
    assert len(image_axes(fig)) == 12 and image_axes(fig)[11].get_title() == "channel 11"


def test_feature_maps_colour_and_deep_kernels(rng):
    rgb = plots.feature_maps(rng.normal(size=(3, 3, 3, 4)))
    assert image_axes(rgb)[0].images[0].get_array().shape == (3, 3, 3)
    deep = plots.feature_maps(rng.normal(size=(3, 3, 8, 4)), in_channel=2, title="conv2")
    assert deep.get_suptitle() == "conv2 (input channel 2)"
    pointwise = plots.feature_maps(np.ones((1, 1, 4, 8)), kind="kernel")
    assert len(image_axes(pointwise)) == 8


@pytest.mark.parametrize(("maps", "kwargs", "message"), [
    (np.ones((6, 6)), {}, r"\(H, W, C\)"),
    (np.ones((2, 6, 6, 3)), {"kind": "activations"}, "pass one image"),
    (np.ones((3, 3, 8, 4)), {"in_channel": 8}, r"in_channel` in \[0, 8\)"),
    (np.ones((6, 6, 3)), {"kind": "filters"}, "kind"),
    (np.ones((6, 6, 3)), {"n": 0}, "positive int"),
])
def test_feature_maps_rejects_bad_input(maps, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.feature_maps(maps, **kwargs)
