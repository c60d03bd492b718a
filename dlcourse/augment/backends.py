"""One API over the three backends: build a pipeline, then train with plain `model.fit`.

    >>> from dlcourse import augment
    >>> train = augment.fit_inputs("layers", X_train, y_train, batch_size=32)  # doctest: +SKIP
    >>> model.fit(train, epochs=5, validation_data=(X_val, y_val))            # doctest: +SKIP

No hand-written epoch loop: every backend returns something with a length
(a `tf.data.Dataset` or a `keras.utils.PyDataset`), so epochs end by
themselves.
"""

from __future__ import annotations

from typing import Any

from dlcourse import _validate

# `layers` first: it is the default and the fastest.
BACKENDS = ("layers", "augmentor", "legacy")


def pipeline(backend: str = "layers", preset: str = "lecture", **options: Any):
    """Builds an augmentation pipeline of the chosen backend from a preset.

    Args:
        backend: `"layers"` (a `RandomAffine` Keras layer, see
            `layers_pipeline`), `"augmentor"` (an `Augmentor.Pipeline`, see
            `augmentor_pipeline`) or `"legacy"` (an `ImageDataGenerator`, see
            `legacy_generator`). Defaults to `"layers"`.
        preset: a preset name of that backend; each has `"lecture"` (the
            slide's settings) and `"none"`. Defaults to `"lecture"`.
        **options: passed on to the backend's builder (e.g. `seed=` and
            `horizontal_flip=` for layers, `size=` for augmentor,
            ImageDataGenerator arguments for legacy).

    Returns:
        The backend's pipeline object, ready for `fit_inputs`, `samples` and
        `grid`.

    Example:
        >>> type(pipeline("augmentor")).__name__
        'Pipeline'
    """
    if backend == "layers":
        from dlcourse.augment.layers import layers_pipeline

        return layers_pipeline(preset, **options)
    if backend == "augmentor":
        from dlcourse.augment.augmentor import augmentor_pipeline

        return augmentor_pipeline(preset, **options)
    if backend == "legacy":
        from dlcourse.augment.legacy import legacy_generator

        return legacy_generator(preset, **options)
    raise ValueError(f"Unknown backend {backend!r}. Expected one of: {', '.join(BACKENDS)}")


def resolve(augmenter: Any) -> tuple[str, Any]:
    """Names the backend of a pipeline object (a backend name builds its `lecture` preset).

    Args:
        augmenter: a name in `BACKENDS`, a `RandomAffine` or other Keras
            layer, an `Augmentor.Pipeline` or an `ImageDataGenerator`.

    Returns:
        `(kind, pipeline)` where kind is `"layers"`, `"keras"` (any other
        Keras layer), `"augmentor"` or `"legacy"`.

    Example:
        >>> resolve("legacy")[0]
        'legacy'
    """
    if isinstance(augmenter, str):
        if augmenter not in BACKENDS:
            raise ValueError(
                f"Unknown backend {augmenter!r}. Expected one of: {', '.join(BACKENDS)}, "
                f"or a pipeline object built by `augment.pipeline(...)`."
            )
        return augmenter, pipeline(augmenter)
    import Augmentor
    import keras
    import tensorflow as tf

    from dlcourse.augment.layers import RandomAffine

    if isinstance(augmenter, RandomAffine):
        return "layers", augmenter
    if isinstance(augmenter, keras.Layer):
        return "keras", augmenter
    if isinstance(augmenter, Augmentor.Pipeline):
        return "augmentor", augmenter
    if isinstance(augmenter, tf.keras.preprocessing.image.ImageDataGenerator):
        return "legacy", augmenter
    raise TypeError(
        f"Expected a backend name in {BACKENDS}, a Keras layer, an Augmentor.Pipeline or an "
        f"ImageDataGenerator. Received: {type(augmenter).__name__}"
    )


def fit_inputs(augmenter: Any, X: Any, y: Any = None, batch_size: int = 32, *,
               seed: int = 0, shuffle: bool = True):
    """Returns what to pass to `model.fit` to train on augmented batches, for any backend.

    Each epoch ends by itself (no hand-written loop). Batches are float32,
    shaped like `X`, in `X`'s value range (0..255 for uint8 images), except
    that the legacy `lecture` preset standardises them; validation data then
    needs `legacy_standardize(train.generator, X_val)`.

    Args:
        augmenter: a backend name (`"layers"`, `"augmentor"`, `"legacy"`:
            its `lecture` preset) or a pipeline object: a `RandomAffine` (a
            seeded `tf.data` pipeline), any other Keras layer (via
            `data.as_dataset`; its own seed, not reproducible under parallel
            calls), an `Augmentor.Pipeline` or an `ImageDataGenerator`.
        X: training images (n, height, width[, channels]); uint8 for Augmentor.
        y: labels, one per image, or `None`. Defaults to `None`.
        batch_size: images per batch. Defaults to `32`.
        seed: same seed, same batches (shuffling and transforms).
            Defaults to `0`.
        shuffle: reshuffle every epoch; Augmentor samples with replacement
            and ignores it. Defaults to `True`.

    Returns:
        A `tf.data.Dataset` (layers) or a `keras.utils.PyDataset` with a
        length (augmentor, legacy) of `(X_batch, y_batch)`, or `X_batch` when
        `y` is None.

    Example:
        >>> import numpy as np
        >>> X = np.zeros((10, 8, 8), "uint8")
        >>> train = fit_inputs("layers", X, np.arange(10), batch_size=4)
        >>> [tuple(xb.shape) for xb, yb in train]
        [(4, 8, 8), (4, 8, 8), (2, 8, 8)]
    """
    kind, augmenter = resolve(augmenter)
    X = _validate.images(X, uint8=kind == "augmentor")
    y = _validate.labels(y, X)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    seed = _validate.seed(seed)
    from dlcourse.data import as_dataset

    if kind == "layers":  # seeded: one stateless seed pair per batch (as_dataset's chunked warp)
        return as_dataset(X, y, batch_size, shuffle=bool(shuffle), seed=seed, augment=augmenter,
                          stateless=True)
    if kind == "keras":
        return as_dataset(X, y, batch_size, shuffle=bool(shuffle), seed=seed, augment=augmenter)
    if kind == "augmentor":
        from dlcourse.augment.augmentor import augmentor_flow

        return augmentor_flow(augmenter, X, y, batch_size, seed=seed)
    from dlcourse.augment.legacy import legacy_flow

    return legacy_flow(augmenter, X, y, batch_size, seed=seed, shuffle=bool(shuffle))

