"""The slide's Augmentor pipeline on in-memory arrays: operations, sizes, seeding, errors."""

import random

import numpy as np
import pytest

from dlcourse import augment

RNG = np.random.default_rng(0)
X = RNG.integers(0, 256, (10, 12, 12), dtype=np.uint8)
y = np.arange(10)


def test_lecture_preset_has_the_slide_operations():
    from Augmentor.Operations import CropPercentage, Flip, Rotate

    ops = augment.augmentor_pipeline("lecture").operations
    assert [(type(op), op.probability) for op in ops[:5]] == [
        (Rotate, 0.5), (Rotate, 0.5), (Flip, 0.8), (Flip, 0.3), (CropPercentage, 1)]
    assert [ops[0].rotation, ops[1].rotation] == [90, 270]
    assert [ops[2].top_bottom_left_right, ops[3].top_bottom_left_right] == [
        "LEFT_RIGHT", "TOP_BOTTOM"]
    assert ops[4].percentage_area == 0.5
    assert isinstance(ops[5], augment.MatchInputSize) and ops[5].size is None


def test_fixed_size_uses_augmentors_resize():
    from Augmentor.Operations import Resize

    last = augment.augmentor_pipeline(size=(120, 100)).operations[-1]
    assert isinstance(last, Resize) and (last.height, last.width) == (120, 100)


def test_flow_keeps_the_input_shape_for_grayscale_and_rgb():
    flow = augment.augmentor_flow(augment.augmentor_pipeline(), X, y, batch_size=4)
    assert len(flow) == 3
    X_batch, y_batch = flow[0]
    assert X_batch.shape == (4, 12, 12) and X_batch.dtype == np.float32
    assert flow[2][0].shape == (2, 12, 12)  # an epoch is exactly len(X) images
    rgb = RNG.integers(0, 256, (5, 10, 14, 3), dtype=np.uint8)  # not square: rotate90 swaps
    assert augment.augmentor_flow(augment.augmentor_pipeline(), rgb, batch_size=5)[0].shape == (
        5, 10, 14, 3)


def test_labels_follow_their_images():
    # image i is constant i, so the label says which image was drawn
    X_const = np.repeat(np.arange(10, dtype=np.uint8)[:, None, None] * 20, 12, 1)
    X_const = np.repeat(X_const, 12, 2)
    X_batch, y_batch = augment.augmentor_flow(augment.augmentor_pipeline("flips"), X_const, y,
                                              batch_size=8)[0]
    np.testing.assert_array_equal(X_batch[:, 0, 0], y_batch * 20)


def test_same_seed_same_batches_and_the_global_random_state_is_untouched():
    flow = augment.augmentor_flow(augment.augmentor_pipeline(), X, y, batch_size=4, seed=1)
    random.seed(123)
    expected_next = random.random()
    random.seed(123)
    first = flow[0][0]
    assert random.random() == expected_next
    np.testing.assert_array_equal(first, flow[0][0])
    assert not np.array_equal(first, flow[1][0][:4])
    other = augment.augmentor_flow(augment.augmentor_pipeline(), X, y, batch_size=4, seed=2)
    assert not np.array_equal(first, other[0][0])


def test_a_new_epoch_draws_new_batches():
    flow = augment.augmentor_flow(augment.augmentor_pipeline(), X, y, batch_size=4)
    first = flow[0][0]
    flow.on_epoch_end()
    assert not np.array_equal(first, flow[0][0])


def test_the_pipeline_is_not_changed_by_a_flow():
    pipeline = augment.augmentor_pipeline()
    augment.augmentor_flow(pipeline, X, y)[0]
    assert pipeline.operations[-1].size is None


def test_match_input_size_explains_itself_when_used_directly():
    pipeline = augment.augmentor_pipeline()
    with pytest.raises(ValueError, match="augmentor_flow"):
        next(pipeline.keras_generator_from_array(X, y, 2))


def test_a_size_change_is_explained():
    flow = augment.augmentor_flow(augment.augmentor_pipeline(size=(20, 20)), X, y)
    with pytest.raises(ValueError, match="MatchInputSize"):
        flow[0]


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: augment.augmentor_pipeline("slides"), ValueError, "lecture, flips, none"),
    (lambda: augment.augmentor_pipeline(size=28), ValueError, "height, width"),
    (lambda: augment.augmentor_flow(augment.augmentor_pipeline(), X / 255, y), TypeError,
     "uint8"),
    (lambda: augment.augmentor_flow(augment.augmentor_pipeline(), X[0], y), ValueError,
     "batch of images"),
    (lambda: augment.augmentor_flow(augment.augmentor_pipeline(), X, y[:2]), ValueError,
     "one label"),
    (lambda: augment.augmentor_flow(object(), X, y), TypeError, "Augmentor.Pipeline"),
])
def test_bad_inputs_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()
