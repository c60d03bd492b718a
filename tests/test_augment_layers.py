"""RandomAffine: one fused warp, checked against Keras's layers, SciPy and exact pixel moves."""

import numpy as np
import pytest

from dlcourse import augment

RNG = np.random.default_rng(0)
X = RNG.integers(0, 256, (3, 16, 16), dtype=np.uint8)  # noise: any misplaced pixel shows


def fixed(**ranges):
    """A layer whose random draws are all one value: (v, v) ranges, constant fill."""
    options = {k: (v, v) for k, v in ranges.items()}
    return augment.RandomAffine(fill_mode="constant", **options)


def test_zero_transform_is_the_identity():
    out = augment.RandomAffine(seed=0)(X).numpy()
    np.testing.assert_array_equal(out, X.astype(np.float32))


def test_known_shift_moves_a_pixel_where_expected():
    image = np.zeros((1, 10, 10), np.uint8)
    image[0, 4, 3] = 200
    # 0.2 * 10 = 2 px right, 0.1 * 10 = 1 px down
    out = fixed(width_shift=0.2, height_shift=0.1)(image).numpy()
    assert np.argwhere(out[0] > 0).tolist() == [[5, 5]]
    assert out[0, 5, 5] == pytest.approx(200)


def test_rotation_by_90_degrees_is_numpy_rot90():
    out = fixed(rotation=90)(X).numpy()
    np.testing.assert_allclose(out, np.rot90(X, 1, axes=(1, 2)), atol=1e-3)


def test_rotation_matches_keras_random_rotation():
    import keras

    angle = 17.0
    ours = fixed(rotation=angle)(X).numpy()
    keras_layer = keras.layers.RandomRotation((angle / 360, angle / 360), fill_mode="constant")
    ref = np.asarray(keras_layer(X[..., None].astype(np.float32)))[..., 0]
    np.testing.assert_allclose(ours, ref, atol=1e-2)


def test_rotation_matches_scipy_inside_the_border():
    from scipy import ndimage

    ours = fixed(rotation=15.0)(X).numpy()
    ref = ndimage.rotate(X.astype(np.float32), 15.0, axes=(1, 2), reshape=False, order=1,
                         mode="constant", cval=0)
    # SciPy and TensorFlow treat the last pixel row differently: compare 3 px in
    np.testing.assert_allclose(ours[:, 3:-3, 3:-3], ref[:, 3:-3, 3:-3], atol=1e-2)


def test_fused_rotation_and_shift_match_keras_two_layers_inside_the_border():
    import keras

    # integer pixel shifts (4 px, -2 px), so Keras's second warp adds no blur
    ours = fixed(rotation=-12.0, width_shift=4 / 16, height_shift=-2 / 16)(X).numpy()
    ref = X[..., None].astype(np.float32)
    ref = keras.layers.RandomRotation((-12 / 360, -12 / 360), fill_mode="constant")(ref)
    ref = keras.layers.RandomTranslation((-2 / 16, -2 / 16), (4 / 16, 4 / 16),
                                         fill_mode="constant")(ref)
    ref = np.asarray(ref)[..., 0]
    # the borders differ on purpose: Keras's first warp drops pixels the shift brings back
    np.testing.assert_allclose(ours[:, 5:-5, 5:-5], ref[:, 5:-5, 5:-5], atol=1e-2)
    assert np.abs(ours - ref).max() > 1  # ... and the comparison can see a difference


@pytest.mark.parametrize("interpolation", ["bilinear", "nearest"])
@pytest.mark.parametrize("fill_mode", ["nearest", "constant"])
def test_xla_gathers_match_the_tensorflow_kernel(interpolation, fill_mode):
    options = dict(rotation=30, width_shift=0.3, height_shift=0.3, zoom=0.3, horizontal_flip=True,
                   vertical_flip=True, fill_mode=fill_mode, fill_value=7.0,
                   interpolation=interpolation)
    for images in (X, RNG.integers(0, 256, (2, 12, 20, 3), dtype=np.uint8)):
        xla = augment.RandomAffine(jit_compile=True, **options).warp(images, 3).numpy()
        kernel = augment.RandomAffine(jit_compile=False, **options).warp(images, 3).numpy()
        np.testing.assert_allclose(xla, kernel, atol=1e-2)
        assert not np.array_equal(xla, images)


def test_jit_compile_choice():
    assert augment.RandomAffine().use_xla
    assert not augment.RandomAffine(fill_mode="reflect").use_xla  # only the kernel has it
    assert not augment.RandomAffine(jit_compile=False).use_xla
    with pytest.raises(ValueError, match="jit_compile=False"):
        augment.RandomAffine(fill_mode="wrap", jit_compile=True)
    with pytest.raises(ValueError, match="jit_compile"):
        augment.RandomAffine(jit_compile="yes")


def test_zoom_scales_distances_from_the_centre():
    image = np.zeros((1, 11, 11), np.uint8)
    image[0, 5, 7] = 100  # 2 px right of the centre (5, 5)
    out = fixed(zoom=2.0)(image).numpy()
    assert out[0, 5, 9] == pytest.approx(100)  # now 4 px right


def test_flips_give_the_image_or_its_mirror():
    layer = augment.RandomAffine(horizontal_flip=True)
    out = layer.warp(np.repeat(X[:1], 16, axis=0), 0).numpy()
    mirrored = [np.array_equal(o, X[0, :, ::-1]) for o in out]
    same = [np.array_equal(o, X[0]) for o in out]
    assert all(m or s for m, s in zip(mirrored, same, strict=True))
    assert any(mirrored) and any(same)


def test_not_training_only_casts():
    layer = augment.layers_pipeline("lecture")
    out = layer(X, training=False)
    assert out.dtype.name == "float32"
    np.testing.assert_array_equal(out.numpy(), X)


def test_shapes_and_dtype_are_kept_for_grayscale_and_rgb():
    layer = augment.layers_pipeline("lecture", seed=1)
    rgb = RNG.integers(0, 256, (2, 12, 20, 3), dtype=np.uint8)
    assert tuple(layer(rgb).shape) == (2, 12, 20, 3)
    assert tuple(layer(X[..., None]).shape) == (3, 16, 16, 1)
    assert layer(X).dtype.name == "float32"


def test_warp_same_seed_same_output_other_seed_other_output():
    layer = augment.layers_pipeline("lecture")
    first, again, other = (layer.warp(X, s).numpy() for s in (3, 3, 4))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)
    assert not np.array_equal(first, X)  # the lecture preset does change images


def test_seeded_layers_draw_the_same_transforms():
    a = augment.layers_pipeline("lecture", seed=5)(X).numpy()
    b = augment.layers_pipeline("lecture", seed=5)(X).numpy()
    c = augment.layers_pipeline("lecture", seed=6)(X).numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_inside_a_model_it_is_skipped_by_predict():
    import keras

    def build(with_augmentation):
        keras.utils.set_random_seed(0)
        layers = [augment.layers_pipeline()] if with_augmentation else []
        return keras.Sequential([keras.Input((16, 16)), *layers, keras.layers.Flatten(),
                                 keras.layers.Dense(2)])

    with_aug, without = build(True), build(False)
    np.testing.assert_allclose(with_aug.predict(X, verbose=0), without.predict(X, verbose=0),
                               rtol=1e-5)


def test_in_tf_data_through_as_dataset():
    from dlcourse import data

    ds = data.as_dataset(X, np.arange(3), batch_size=2, augment=augment.layers_pipeline())
    assert [tuple(xb.shape) for xb, _ in ds] == [(2, 16, 16), (1, 16, 16)]


def test_config_round_trip():
    layer = augment.layers_pipeline("lecture_zoom", horizontal_flip=True)
    clone = augment.RandomAffine.from_config(layer.get_config())
    assert clone.get_config() == layer.get_config()
    assert clone.rotation == (-20.0, 20.0) and clone.zoom == (0.9, 1.1)


def test_presets_and_overrides():
    layer = augment.layers_pipeline("lecture")
    assert (layer.rotation, layer.width_shift, layer.height_shift) == (
        (-20.0, 20.0), (-0.2, 0.2), (-0.2, 0.2))
    assert not layer.horizontal_flip and layer.zoom == (1.0, 1.0)
    assert augment.layers_pipeline("lecture", horizontal_flip=True).horizontal_flip


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: augment.layers_pipeline("lectures"), ValueError, "lecture, lecture_zoom"),
    (lambda: augment.layers_pipeline(rotaton=10), TypeError, "Valid options"),
    (lambda: augment.RandomAffine(rotation=-5), ValueError, "non-negative"),
    (lambda: augment.RandomAffine(width_shift=(0.3, 0.1)), ValueError, "low <= high"),
    (lambda: augment.RandomAffine(width_shift=2.0), ValueError, r"\[-1, 1\]"),
    (lambda: augment.RandomAffine(zoom=1.5), ValueError, "zoom"),
    (lambda: augment.RandomAffine(fill_mode="mirror"), ValueError, "fill_mode"),
    (lambda: augment.layers_pipeline(seed=-1), ValueError, "seed"),
])
def test_bad_arguments_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_wrong_shapes_are_explained():
    layer = augment.layers_pipeline()
    with pytest.raises(ValueError, match="image\\[None\\]"):
        layer(X[0])  # one image, no batch axis
    with pytest.raises(ValueError, match="channels last"):
        layer(X.reshape(3, 1, 16, 16))  # the slide's channels-first reshape


@pytest.mark.slow
def test_a_model_with_the_layer_inside_trains():
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((16, 16)), augment.layers_pipeline(),
                              keras.layers.Rescaling(1 / 255), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    history = model.fit(X, np.array([0, 1, 0]), epochs=2, batch_size=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all()


def test_warp_batches_is_warp_on_each_batch_in_one_call():
    layer = augment.layers_pipeline("lecture_zoom", horizontal_flip=True)
    images = RNG.integers(0, 256, (7, 16, 16), dtype=np.uint8)
    seeds = [[1, 2], [3, 4], [5, 6], [7, 8]]  # the fourth batch is unused
    draws = np.concatenate([layer.draws(3, s) for s in seeds])
    together = layer.warp_batches(images, draws).numpy()
    # batches of 3, 3 and 1 images: the short last one draws a prefix of its seed's stream
    one_by_one = np.concatenate([layer.warp(images[i:i + 3], seeds[i // 3]).numpy()
                                 for i in (0, 3, 6)])
    np.testing.assert_array_equal(together, one_by_one)
    assert not np.array_equal(together[:3], layer.warp(images[:3], seeds[1]).numpy())


def test_warp_batches_explains_draws_of_the_wrong_shape():
    layer = augment.layers_pipeline("lecture")
    with pytest.raises(ValueError, match=r"\(n, 6\)"):
        layer.warp_batches(X, np.zeros((3, 5), np.float32))
