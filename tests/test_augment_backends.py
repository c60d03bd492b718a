"""One API over three backends: pipeline(), fit_inputs() for model.fit, samples() and grid()."""

import subprocess
import sys

import numpy as np
import pytest

from dlcourse import augment

RNG = np.random.default_rng(0)
X = RNG.integers(0, 256, (10, 12, 12), dtype=np.uint8)
y = np.arange(10) % 2


def test_importing_augment_does_not_import_tensorflow():
    code = ("from dlcourse import augment; from dlcourse.augment import audio, text; "
            "augment.text.ocr_errors('o'); augment.audio.time_shift([0.0, 1.0], 1); "
            "augment.rotate180([[[1, 2], [3, 4]]]); import sys; print(*(name in sys.modules "
            "for name in ('tensorflow', 'keras', 'Augmentor')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.split() == ["False", "False", "False"]


def test_public_api_is_listed_and_resolves():
    for name in augment.__all__:
        assert getattr(augment, name) is not None
    with pytest.raises(AttributeError, match="Available"):
        augment.no_such_thing  # noqa: B018


@pytest.mark.parametrize(("backend", "kind"), [
    ("layers", "RandomAffine"), ("augmentor", "Pipeline"), ("legacy", "ImageDataGenerator")])
def test_pipeline_builds_each_backend(backend, kind):
    assert type(augment.pipeline(backend)).__name__ == kind


def test_unknown_backend_lists_the_valid_ones():
    with pytest.raises(ValueError, match="layers, augmentor, legacy"):
        augment.pipeline("albumentations")
    with pytest.raises(ValueError, match="layers, augmentor, legacy"):
        augment.fit_inputs("keras", X, y)
    with pytest.raises(TypeError, match="Augmentor.Pipeline"):
        augment.fit_inputs(42, X, y)


def _batches(train):
    if hasattr(train, "__len__") and hasattr(train, "__getitem__"):
        return [train[i] for i in range(len(train))]
    return [(np.asarray(xb), np.asarray(yb)) for xb, yb in train]


@pytest.mark.parametrize("backend", augment.BACKENDS)
def test_fit_inputs_gives_finite_epochs_of_x_shaped_batches(backend):
    batches = _batches(augment.fit_inputs(backend, X, y, batch_size=4))
    assert [len(yb) for _, yb in batches] == [4, 4, 2]
    assert all(xb.shape[1:] == (12, 12) and xb.dtype == np.float32 for xb, _ in batches)


@pytest.mark.parametrize("backend", augment.BACKENDS)
def test_fit_inputs_same_seed_same_batches(backend):
    def first(seed):
        return _batches(augment.fit_inputs(backend, X, y, batch_size=4, seed=seed))[0][0]

    np.testing.assert_array_equal(first(3), first(3))
    assert not np.array_equal(first(3), first(4))


def test_layers_dataset_changes_between_epochs_but_replays_per_seed():
    def two_epochs(seed):
        train = augment.fit_inputs("layers", X, y, batch_size=10, seed=seed, shuffle=False)
        return [np.asarray(next(iter(train))[0]) for _ in range(2)]

    first, second = two_epochs(0)
    assert not np.array_equal(first, second)
    np.testing.assert_array_equal(two_epochs(0)[1], second)


def test_fit_inputs_accepts_any_keras_layer():
    import keras

    layer = keras.layers.RandomFlip("horizontal", seed=0)
    batches = _batches(augment.fit_inputs(layer, X[..., None], y, batch_size=5))
    assert [xb.shape for xb, _ in batches] == [(5, 12, 12, 1)] * 2


def test_fit_inputs_without_labels():
    (xb,) = list(augment.fit_inputs("layers", X, batch_size=10))
    assert tuple(xb.shape) == (10, 12, 12)


@pytest.mark.parametrize("backend", augment.BACKENDS)
def test_samples_shape_seed_and_change(backend):
    out = augment.samples(backend, X[:2], k=3, seed=1)
    assert out.shape == (2, 3, 12, 12) and out.dtype == np.float32
    np.testing.assert_array_equal(out, augment.samples(backend, X[:2], k=3, seed=1))
    assert not np.array_equal(out, augment.samples(backend, X[:2], k=3, seed=2))
    assert not np.array_equal(out[:, 0], X[:2])  # the lecture presets change the images
    assert 0 <= out.min() and out.max() <= 255  # viewable: no standardisation


def test_samples_of_one_image_are_its_augmentations():
    # Augmentor's lecture preset flips and rotates by multiples of 90 degrees and crops:
    # every sample of a constant image stays that constant
    constant = np.full((1, 12, 12), 77, np.uint8)
    np.testing.assert_allclose(augment.samples("augmentor", constant, k=4), 77, atol=1)


def test_grid_draws_originals_and_augmentations():
    pytest.importorskip("dlcourse.plots")  # written alongside; the sampling is tested above
    fig = augment.grid("layers", X, n=2, k=3, titles=["a", "b", "c"])
    assert len(fig.axes) == 2 * (3 + 1)
    assert [ax.get_title() for ax in fig.axes[:4]] == ["original", "a", "b", "c"]
    import matplotlib.pyplot as plt

    plt.close(fig)


def test_grid_rejects_a_bad_n():
    with pytest.raises(ValueError, match="positive int"):
        augment.grid("layers", X, n=0)


@pytest.mark.slow
@pytest.mark.parametrize("backend", augment.BACKENDS)
def test_plain_model_fit_trains_on_every_backend(backend):
    import keras

    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((12, 12)), keras.layers.Rescaling(1 / 255),
                              keras.layers.Flatten(), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    train = augment.fit_inputs(backend, X, y, batch_size=4)
    history = model.fit(train, epochs=2, shuffle=False, verbose=0)  # fit_inputs shuffles
    assert len(history.history["loss"]) == 2  # both epochs ended by themselves
    assert np.isfinite(history.history["loss"]).all()


@pytest.mark.parametrize(("n", "batch_size", "labels"), [
    (10, 4, True), (37, 3, True), (23, 8, False), (5, 10, True)])
@pytest.mark.parametrize("shuffle", [True, False])
def test_layers_fit_inputs_replays_as_dataset_stateless_stream(n, batch_size, labels, shuffle,
                                                               monkeypatch):
    # fit_inputs warps several batches per call; the batches must stay those of
    # as_dataset(augment=layer.warp, stateless=True): same images, order, seeds, epochs
    # (a transform drawn from another seed moves pixels by far more than atol)
    from dlcourse import data
    from dlcourse.data import pipeline

    monkeypatch.setattr(pipeline, "WARP_CHUNK", 2 * batch_size + 1)  # chunks of 2 batches
    images = RNG.integers(0, 256, (n, 6, 6), dtype=np.uint8)
    targets = np.arange(n) if labels else None
    layer = augment.layers_pipeline("lecture", seed=0)
    ours = augment.fit_inputs(layer, images, targets, batch_size, seed=5, shuffle=shuffle)
    reference = data.as_dataset(images, targets, batch_size, shuffle=shuffle, seed=5,
                                augment=layer.warp, stateless=True)
    assert int(ours.cardinality()) == int(reference.cardinality()) == -(-n // batch_size)
    assert ours.element_spec == reference.element_spec
    for _ in range(2):  # the second epoch reshuffles and draws new transforms in both
        got, want = list(ours), list(reference)
        assert len(got) == len(want)
        for a, b in zip(got, want, strict=True):
            if labels:
                np.testing.assert_array_equal(a[1], b[1])
                a, b = a[0], b[0]
            # the same transforms; XLA may round a float differently for another batch shape
            np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=0, atol=1e-3)
