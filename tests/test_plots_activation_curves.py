"""Tests for dlcourse/plots/activations.py: curves and derivatives, checked against Keras."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlcourse import plots


def legend_labels(ax) -> list[str]:
    return ax.get_legend_handles_labels()[1]


# --- activations -----------------------------------------------------------------------------

ALL_ACTIVATIONS = ["linear", "sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
                   "softplus", "silu"]


def test_activations_one_panel_per_name_with_derivative():
    fig = plots.activations()
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu", "leaky_relu (0.2)"]
    for ax in fig.axes:
        assert legend_labels(ax) == ["f(x)", "f'(x)"]
    only_f = plots.activations("relu", derivatives=False)
    assert legend_labels(only_f.axes[0]) == ["f(x)"]


@pytest.mark.parametrize("name", ALL_ACTIVATIONS)
def test_activation_derivatives_match_finite_differences(name):
    # Away from x = 0, where ReLU-like functions have a kink.
    fig = plots.activations(name, x_range=(-4, 4), num_points=801, negative_slope=0.1)
    f, df = (line for line in fig.axes[0].lines[:2])
    x, y = f.get_xdata(), f.get_ydata()
    numeric = np.gradient(y, x)
    away = np.abs(x) > 0.05
    np.testing.assert_allclose(df.get_ydata()[away][1:-1], numeric[away][1:-1], atol=1e-3)


def test_activations_overlay_on_given_axes():
    fig = Figure()
    ax = fig.subplots()
    plots.activations(["sigmoid", "tanh"], ax=ax)
    assert legend_labels(ax) == ["sigmoid", "sigmoid'", "tanh", "tanh'"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"names": ["relu", "gelu2"]}, r"Expected activation names from \['elu'"),
    ({"names": []}, "activation names"),
    ({"x_range": (5, -5)}, "low < high"),
    ({"x_range": "wide"}, "low < high"),
])
def test_activations_reject_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.activations(**kwargs)


# --- against Keras (imports TensorFlow: seconds) ---------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu",
                                  "softplus", "silu"])
def test_activation_curves_match_keras(name):
    import keras

    fig = plots.activations(name, derivatives=False)
    line = fig.axes[0].lines[0]
    x = line.get_xdata().astype("float32")
    expected = keras.ops.convert_to_numpy(getattr(keras.activations, name)(x))
    np.testing.assert_allclose(line.get_ydata(), expected, atol=1e-5)
