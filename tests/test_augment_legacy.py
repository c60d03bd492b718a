"""The slide's ImageDataGenerator: exact preset, real parameters, statistics fitted right."""

import numpy as np
import pytest

from dlcourse import augment

RNG = np.random.default_rng(0)
X = RNG.integers(0, 256, (12, 8, 8), dtype=np.uint8)
y = np.arange(12) % 3


def _differences(generator) -> dict:
    """Attributes where `generator` differs from a default ImageDataGenerator."""
    import tensorflow as tf

    default = vars(tf.keras.preprocessing.image.ImageDataGenerator())
    same = lambda a, b: np.array_equal(np.asarray(a, dtype=object), np.asarray(b, dtype=object))  # noqa: E731
    return {k: v for k, v in vars(generator).items() if not same(v, default[k])}


def test_lecture_preset_is_exactly_the_slide():
    assert _differences(augment.legacy_generator("lecture")) == {
        "featurewise_center": True,
        "featurewise_std_normalization": True,
        "rotation_range": 20,
        "width_shift_range": 0.2,
        "height_shift_range": 0.2,
    }  # horizontal_flip=False is the default, so it does not differ


def test_the_preset_comparison_sees_an_override():
    differences = _differences(augment.legacy_generator("lecture", horizontal_flip=True))
    assert differences["horizontal_flip"] is True


def test_none_preset_is_the_default_generator():
    assert _differences(augment.legacy_generator("none")) == {}


def test_it_is_the_tf_keras_class():
    import tensorflow as tf

    assert isinstance(augment.legacy_generator(), tf.keras.preprocessing.image.ImageDataGenerator)


def test_overrides_are_checked_against_the_real_signature():
    assert "zca_whitening" in augment.legacy_options()
    with pytest.raises(TypeError, match="Valid options: .*rotation_range"):
        augment.legacy_generator(rotation=20)


def test_unknown_preset_lists_the_valid_ones():
    with pytest.raises(ValueError, match="lecture, geometric, none"):
        augment.legacy_generator("slide")


def test_flow_fits_statistics_on_the_training_set_and_has_a_length():
    generator = augment.legacy_generator("lecture")
    assert generator.mean is None
    flow = augment.legacy_flow(generator, X, y, batch_size=5)
    np.testing.assert_allclose(generator.mean.ravel(), [X.mean()], rtol=1e-5)
    assert len(flow) == 3  # 5 + 5 + 2: epochs end by themselves
    X_batch, y_batch = flow[2]
    assert X_batch.shape == (2, 8, 8) and X_batch.dtype == np.float32 and len(y_batch) == 2
    assert flow.generator is generator


def test_standardize_uses_the_training_statistics():
    generator = augment.legacy_generator("lecture")
    augment.legacy_flow(generator, X, y)
    X_val = X[:4] + np.uint8(10)
    expected = (X_val.astype(np.float32) - X.mean()) / (X.std() + 1e-6)
    np.testing.assert_allclose(augment.legacy_standardize(generator, X_val), expected,
                               rtol=1e-4, atol=1e-4)


def test_standardize_refuses_an_unfitted_featurewise_generator():
    with pytest.raises(ValueError, match="on the training set"):
        augment.legacy_standardize(augment.legacy_generator("lecture"), X)


def test_flow_is_seeded():
    def first_batch(seed):
        return augment.legacy_flow(augment.legacy_generator("geometric"), X, y, 4, seed=seed)[0][0]

    np.testing.assert_array_equal(first_batch(1), first_batch(1))
    assert not np.array_equal(first_batch(1), first_batch(2))


def test_rgb_and_images_only():
    rgb = RNG.integers(0, 256, (5, 8, 8, 3), dtype=np.uint8)
    flow = augment.legacy_flow(augment.legacy_generator("geometric"), rgb, batch_size=4)
    assert flow[0].shape == (4, 8, 8, 3)


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"X": X[0]}, ValueError, "batch of images"),
    ({"X": X, "y": y[:3]}, ValueError, "one label per image"),
    ({"X": X, "batch_size": 0}, ValueError, "batch_size"),
    ({"X": X.astype(str)}, TypeError, "numeric"),
])
def test_bad_inputs_are_explained(kwargs, error, match):
    with pytest.raises(error, match=match):
        augment.legacy_flow(augment.legacy_generator(), **kwargs)


def test_flow_needs_a_generator():
    with pytest.raises(TypeError, match="ImageDataGenerator"):
        augment.legacy_flow("lecture", X, y)
