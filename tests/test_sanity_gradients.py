"""gradient_check and weights_change pass Keras's gradients and name what is wrong."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from sanity_cases import RNG, X, Y, mlp

from dlcourse import sanity


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


class DoubledReluGradient(keras.layers.Layer):
    """ReLU whose backward pass is deliberately twice the true gradient."""

    def call(self, x):
        @tf.custom_gradient
        def relu(x):
            def grad(dy):
                return dy * 2.0 * tf.cast(x > 0, dy.dtype)
            return tf.nn.relu(x), grad
        return relu(x)


class UnusedWeight(keras.layers.Layer):
    """Identity with a weight that never reaches the output: a disconnected variable."""

    def build(self, input_shape):
        self.unused = self.add_weight(shape=(3,), initializer="ones", name="unused")

    def call(self, x):
        return x


# -------------------------------------------------------------- gradient_check


def test_gradient_check_passes_keras_gradients():
    model = keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(16, activation="tanh", kernel_regularizer=keras.regularizers.L2(0.1)),
        keras.layers.Dense(3),
    ])
    before = [w.copy() for w in model.get_weights()]
    result = sanity.gradient_check(model, X, Y)
    assert result.ok, result.message
    assert result.values["max_error"] < 1e-6 and result.values["dtype"] == "float64"
    assert result.values["num_checked"] == 5 + 5 + 5 + 3  # 5 per variable, 3 biases at the end
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_gradient_check_copes_with_relu_kinks_on_image_backgrounds():
    images = np.zeros((8, 8, 8, 1), "float32")
    images[:, 2:6, 2:6, 0] = RNG.uniform(size=(8, 4, 4))  # zero border, as in Fashion-MNIST
    model = keras.Sequential([keras.Input((8, 8, 1)),
                              keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    result = sanity.gradient_check(model, images, np.arange(8) % 3)
    assert result.ok, result.message


def test_gradient_check_catches_a_wrong_custom_gradient():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16), DoubledReluGradient(),
                              keras.layers.Dense(3)])
    result = sanity.gradient_check(model, X, Y)
    assert not result.ok
    assert result.values["max_error"] > 0.1
    assert "dense" in result.values["where"]
    assert result.values["analytic"] == pytest.approx(2 * result.values["numeric"], rel=1e-3)
    assert "the gradient is wrong there" in result.message


# -------------------------------------------------------------- weights_change


def test_one_step_moves_every_variable_and_weights_are_restored():
    model = mlp()
    before = [w.copy() for w in model.get_weights()]
    result = sanity.weights_change(model, X, Y)
    assert result.ok, result.message
    assert len(result.values["changed"]) == 4
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_frozen_layer_is_named_unless_allowed():
    model = mlp()
    model.layers[0].trainable = False
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert result.values["frozen"] == [model.layers[0].name]
    assert "allow_frozen=True" in result.message
    assert sanity.weights_change(model, X, Y, allow_frozen=True).ok


def test_a_frozen_layer_inside_a_nested_model_is_named():
    inner = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, name="inner_dense")])
    inner.layers[0].trainable = False
    model = keras.Sequential([keras.Input((8,)), inner, keras.layers.Dense(3)])
    assert sanity.weights_change(model, X, Y).values["frozen"] == ["inner_dense"]


def test_a_disconnected_variable_is_named():
    model = keras.Sequential([keras.Input((8,)), UnusedWeight(), keras.layers.Dense(3)])
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert len(result.values["unchanged"]) == 1 and "unused" in result.values["unchanged"][0]
    assert "unused" in result.message


def test_variables_behind_dead_relus_do_not_change():
    model = mlp()
    model.layers[0].bias.assign(np.full(32, -100.0, "float32"))
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert any(model.layers[0].name in path for path in result.values["unchanged"])
