"""overfit_small memorizes 50 samples with a sound model and explains why a broken one cannot."""

import keras
import numpy as np
import pytest
from sanity_cases import X2, Y2, X, Y, frozen_small, mlp

from dlcourse import sanity


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


# --------------------------------------------------------------- overfit_small


@pytest.mark.slow
def test_overfit_small_memorizes_50_samples():
    result = sanity.overfit_small(lambda: mlp(units=64), X, Y, lr=1e-2)
    assert result.ok, result.message
    assert result.values["accuracy"] == 1.0 and result.values["loss"] <= 0.05
    assert result.values["n"] == 50
    assert result.values["epochs"] < 300  # stopped early, once memorized
    assert len(result.curve) == result.values["epochs"] and result.curve[-1] < result.curve[0]


@pytest.mark.slow
def test_overfit_small_fails_on_all_zero_inputs():
    result = sanity.overfit_small(lambda: mlp(units=64), np.zeros_like(X), Y, lr=1e-2,
                                  num_epochs=20)
    assert not result.ok
    assert result.values["accuracy"] < 0.5
    assert "identical" in result.message


@pytest.mark.slow
def test_overfit_small_fails_when_a_tiny_model_meets_shuffled_labels():
    def bottleneck():
        return keras.Sequential([keras.Input((8,)), keras.layers.Dense(1),
                                 keras.layers.Dense(10)])
    shuffled = np.random.default_rng(1).permutation(np.arange(64) % 10)
    result = sanity.overfit_small(bottleneck, X, shuffled, lr=1e-2, num_epochs=30)
    assert not result.ok
    assert "not memorized" in result.message


def test_overfit_small_fails_on_a_frozen_model():
    result = sanity.overfit_small(frozen_small, X2, Y2)
    assert not result.ok
    assert "no trainable weights" in result.message and result.values["epochs"] == 0


@pytest.mark.slow
def test_overfit_small_reports_regularization():
    def with_dropout():
        return keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                                 keras.layers.Dropout(0.5), keras.layers.Dense(3)])
    with pytest.warns(UserWarning, match="regularizes"):
        result = sanity.overfit_small(with_dropout, X, Y, num_epochs=2)
    assert any("Dropout" in layer for layer in result.values["regularization"])
    assert not result.ok and "remove regularization" in result.message


def test_overfit_small_wants_a_builder_and_passes_it_the_seed():
    with pytest.raises(TypeError, match="builds a new model"):
        sanity.overfit_small(mlp(), X, Y)
    seeds = []

    def builder(seed):
        seeds.append(seed)
        return frozen_small()

    sanity.overfit_small(builder, X2, Y2, seed=7)
    assert seeds == [7]
    with pytest.raises(TypeError, match="return a keras.Model"):
        sanity.overfit_small(lambda: "not a model", X, Y)


@pytest.mark.slow
def test_lenet_memorizes_50_fashion_mnist_images_within_a_minute(fashion_dir):
    from dlcourse import data, models

    X_train, y_train = data.load("fashion_mnist", profile="fast").train
    # data gives (n, 28, 28), lenet5 expects (28, 28, 1): the check adds the axis
    result = sanity.overfit_small(models.lenet5, X_train, y_train)
    assert result.ok, result.message
    assert result.values["accuracy"] >= 0.99
    assert result.values["seconds"] < 60
