"""The toolkit issue's "done when" points, on the real builders and the real data."""

import time

import numpy as np
import pytest

from dlcourse import augment, data, methodology, models, sanity


@pytest.fixture(scope="module")
def fashion(fashion_dir):
    return data.load("fashion_mnist", profile="fast", seed=0)


@pytest.mark.slow
def test_initial_loss_of_a_fresh_lenet_is_ln_10(fashion):
    X, y = fashion.train
    result = sanity.initial_loss(models.lenet5(seed=0), X[:1000], y[:1000])
    assert result.ok, result.message
    assert result.values["observed"] == pytest.approx(np.log(10), abs=0.15)


@pytest.mark.slow
def test_initial_loss_catches_a_last_kernel_times_100(fashion):
    X, y = fashion.train
    model = models.lenet5(seed=0)
    kernel = model.get_layer("output").kernel
    kernel.assign(kernel * 100)
    result = sanity.initial_loss(model, X[:1000], y[:1000])
    assert not result.ok
    assert result.values["observed"] > 2 * np.log(10)
    assert "initialization" in result.message  # the one-line hint says what to look at


@pytest.mark.slow
def test_lenet_overfits_50_fashion_mnist_samples_within_a_minute(fashion):
    X, y = fashion.train
    start = time.perf_counter()
    result = sanity.overfit_small(models.lenet5, X, y, n=50)
    seconds = time.perf_counter() - start
    assert result.ok, result.message
    assert result.values["accuracy"] >= 0.99
    assert seconds < 60, f"took {seconds:.1f} s"


@pytest.mark.parametrize("errors, verdict", [
    ((0.01, 0.09, 0.10, 0.11), "underfitting"),
    ((0.01, 0.011, 0.10, 0.11), "overfitting_train"),
    ((0.01, 0.011, 0.02, 0.11), "overfitting_val"),
    ((0.01, 0.011, 0.012, 0.012), "good"),
])
def test_the_four_strategy_slides(errors, verdict):
    result = methodology.diagnose(*errors)
    assert result.verdict == verdict
    assert result.next_move


def test_a_wrong_table_gets_a_different_verdict():
    # the underfitting slide with its training error fixed is no longer underfitting
    assert methodology.diagnose(0.01, 0.011, 0.10, 0.11).verdict != "underfitting"


def test_legacy_generator_has_exactly_the_slides_parameters():
    import tensorflow as tf

    generator = augment.legacy_generator()
    default = tf.keras.preprocessing.image.ImageDataGenerator()
    changed = {
        key: getattr(generator, key) for key in vars(default)
        if str(getattr(generator, key)) != str(getattr(default, key))
    }
    assert changed == {
        "featurewise_center": True, "featurewise_std_normalization": True,
        "rotation_range": 20, "width_shift_range": 0.2, "height_shift_range": 0.2,
    }
    assert generator.horizontal_flip is False


def test_an_override_changes_the_generator():
    assert augment.legacy_generator(rotation_range=45).rotation_range == 45
