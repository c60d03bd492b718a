"""initial_loss, regularization_raises_loss and input_independent_baseline pass sound
models and fail broken ones with a useful hint."""

import math

import keras
import numpy as np
import pytest
from sanity_cases import RNG, X2, Y2, X, Y, mlp, small

from dlcourse import sanity


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


# ---------------------------------------------------------------- initial_loss


def test_fresh_10_class_model_starts_at_ln_10():
    Xi = RNG.normal(size=(500, 8)).astype("float32")
    yi = np.arange(500) % 10
    result = sanity.initial_loss(mlp(num_classes=10), Xi, yi)
    assert result.ok, result.message
    assert result.values["expected"] == pytest.approx(2.303, abs=1e-3)
    assert result.values["observed"] == pytest.approx(2.303, abs=0.3)
    assert result.values["num_classes"] == 10 and result.values["from_logits"] is False


def test_output_kernel_times_100_fails_with_a_hint():
    Xi = RNG.normal(size=(500, 8)).astype("float32")
    model = mlp(num_classes=10)
    kernel = model.layers[-1].kernel
    kernel.assign(kernel * 100)
    result = sanity.initial_loss(model, Xi, np.arange(500) % 10)
    assert not result.ok
    assert result.values["observed"] > 5
    assert ">> 2.303" in result.message and "initialization" in result.message


def test_logits_and_one_hot_labels_are_understood():
    model = mlp(activation=None)
    result = sanity.initial_loss(model, X, keras.utils.to_categorical(Y, 3))
    assert result.ok, result.message
    assert result.values["from_logits"] is True
    # the same logits read as probabilities give a different (wrong) loss
    assert sanity.initial_loss(model, X, Y, from_logits=False).values["observed"] != \
        pytest.approx(result.values["observed"])


def test_single_sigmoid_output_expects_ln_2():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    result = sanity.initial_loss(model, X2, Y2)
    assert result.values["expected"] == pytest.approx(math.log(2))
    assert result.values["num_classes"] == 2


def test_a_model_that_already_knows_the_labels_is_flagged():
    # the label is copied into the input, and the weights read it out: a leak
    X_leak = keras.utils.to_categorical(Y, 3).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].kernel.assign(np.eye(3, dtype="float32") * 20)
    result = sanity.initial_loss(model, X_leak, Y)
    assert not result.ok
    assert "<<" in result.message and "leak" in result.message


def test_unscaled_uint8_images_get_a_rescaling_hint():
    images = RNG.integers(0, 256, size=(100, 6, 6), dtype=np.uint8)
    model = keras.Sequential([keras.Input((6, 6)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    result = sanity.initial_loss(model, images, np.arange(100) % 10)
    assert not result.ok
    assert "Rescaling" in result.message


def test_missing_channel_axis_is_added():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    images = RNG.uniform(size=(12, 4, 4)).astype("float32") * 0.1
    assert sanity.initial_loss(model, images, np.arange(12) % 3).ok


def test_labels_beyond_the_outputs_raise_a_clear_error():
    with pytest.raises(ValueError, match=r"outputs 3 classes.*num_classes=12"):
        sanity.initial_loss(mlp(), X, np.arange(64) % 12)
    with pytest.raises(ValueError, match="One-hot labels have 5 columns"):
        sanity.initial_loss(mlp(), X, np.eye(5)[np.arange(64) % 5])


def test_inputs_of_the_wrong_shape_raise_a_clear_error():
    with pytest.raises(ValueError, match=r"cannot run on X: X has shape \(64, 5\)"):
        sanity.initial_loss(mlp(), X[:, :5], Y)
    with pytest.raises(ValueError, match="one label per sample"):
        sanity.initial_loss(mlp(), X, Y[:10])


def test_a_builder_instead_of_a_model_is_refused():
    with pytest.raises(TypeError, match="call it first"):
        sanity.initial_loss(mlp, X, Y)
    with pytest.raises(ValueError, match="tolerance"):
        sanity.initial_loss(mlp(), X, Y, tolerance=0)


# -------------------------------------------------- regularization_raises_loss


def l2_model(strength, seed=0):
    l2 = keras.regularizers.L2(strength)
    return keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu", kernel_regularizer=l2),
        keras.layers.Dense(3, kernel_regularizer=l2),
    ])


@pytest.mark.slow
def test_stronger_l2_raises_the_training_loss():
    result = sanity.regularization_raises_loss(l2_model, X, Y, num_epochs=1)
    assert result.ok, result.message
    losses = result.values["losses"]
    assert all(b > a for a, b in zip(losses, losses[1:], strict=False))
    assert result.values["penalties"][0] == 0 and result.values["penalties"][-1] > 0


@pytest.mark.slow
def test_a_model_fn_that_ignores_the_strength_fails():
    result = sanity.regularization_raises_loss(lambda strength: mlp(), X, Y,
                                               strengths=(0, 0.1), num_epochs=1)
    assert not result.ok
    assert "does not change with strength" in result.message
    assert "kernel_regularizer" in result.message


def test_strengths_must_increase():
    with pytest.raises(ValueError, match="increasing strengths"):
        sanity.regularization_raises_loss(l2_model, X, Y, strengths=(0.1, 0.01))


# -------------------------------------------------- input_independent_baseline


@pytest.mark.slow
def test_a_model_that_uses_its_input_beats_zeros():
    result = sanity.input_independent_baseline(small, X2, Y2)
    assert result.ok, result.message
    assert result.values["real_loss"] < 0.9 * result.values["zero_loss"]


@pytest.mark.slow
def test_a_model_that_ignores_its_input_fails():
    def blind():
        return keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda x: x * 0.0),
                                 keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2)])
    result = sanity.input_independent_baseline(blind, X2, Y2)
    assert not result.ok
    assert result.values["ratio"] == pytest.approx(1.0, abs=0.01)
    assert "ignores its input" in result.message
