"""The lecture's `ImageDataGenerator`, set up right and fed to a plain `model.fit`.

`ImageDataGenerator` is deprecated (Keras 3 keeps it only under
`tf.keras.preprocessing.image`; `keras.preprocessing.image` no longer has it):
it transforms one image at a time in NumPy and is several times slower than the
`layers` backend. It stays here because the lecture's slide uses it. Where a
version warns about the deprecation, the warning is silenced here, once, on
purpose.

Two traps of the slide's code are handled:

- `featurewise_center` / `featurewise_std_normalization` need
  `generator.fit(X_train)` before `flow`; without it Keras only warns and
  feeds unnormalised images. `legacy_flow` fits the statistics on the data it
  is given (pass the training set) and `legacy_standardize` applies the same
  statistics to validation and test images.
- `flow` loops forever, hence the slide's hand-written double loop.
  `legacy_flow` returns a `keras.utils.PyDataset` with a length, so
  `model.fit(flow, epochs=...)` ends each epoch by itself.
"""

from __future__ import annotations

import inspect
import warnings
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from dlcourse import _validate

# The slide's generator, exactly: everything else keeps its default.
LEGACY_PRESETS: dict[str, dict[str, Any]] = {
    "lecture": {
        "featurewise_center": True,
        "featurewise_std_normalization": True,
        "rotation_range": 20,
        "width_shift_range": 0.2,
        "height_shift_range": 0.2,
        "horizontal_flip": False,
    },
    # the lecture's geometry without the statistics, so no fit() is needed
    "geometric": {"rotation_range": 20, "width_shift_range": 0.2, "height_shift_range": 0.2},
    "none": {},
}


def _generator_class() -> type:
    return tf.keras.preprocessing.image.ImageDataGenerator


def legacy_options() -> list[str]:
    """Lists the keyword arguments `ImageDataGenerator` accepts in this Keras version.

    Returns:
        The parameter names, in signature order.

    Example:
        >>> "rotation_range" in legacy_options()
        True
    """
    parameters = inspect.signature(_generator_class().__init__).parameters
    return [name for name in parameters if name != "self"]


def legacy_generator(preset: str = "lecture", **overrides: Any):
    """Builds the slide's `tf.keras.preprocessing.image.ImageDataGenerator`.

    Args:
        preset: a name in `LEGACY_PRESETS`: `"lecture"` (the slide's
            featurewise_center, featurewise_std_normalization, rotation_range=20,
            width_shift_range=0.2, height_shift_range=0.2, horizontal_flip=False),
            `"geometric"` (the same transforms without the featurewise
            statistics) or `"none"`. Defaults to `"lecture"`.
        **overrides: `ImageDataGenerator` arguments that replace the preset's,
            checked against its real signature (see `legacy_options()`).

    Returns:
        A new `ImageDataGenerator`. With featurewise options, fit it on the
        training set (`legacy_flow` does) before using it.

    Example:
        >>> gen = legacy_generator("lecture", horizontal_flip=True)
        >>> gen.rotation_range, gen.horizontal_flip
        (20, True)
    """
    options = dict(_validate.preset(preset, LEGACY_PRESETS, "legacy (ImageDataGenerator)"))
    _validate.options(overrides, sorted(legacy_options()), "ImageDataGenerator")
    options.update(overrides)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return _generator_class()(**options)


def _check_generator(generator: Any) -> None:
    if not isinstance(generator, _generator_class()):
        raise TypeError(
            f"Expected an ImageDataGenerator (from `legacy_generator()`). "
            f"Received: {type(generator).__name__}"
        )


def _needs_statistics(generator: Any) -> bool:
    return bool(generator.featurewise_center or generator.featurewise_std_normalization
                or generator.zca_whitening)


def _with_channels(X: np.ndarray) -> np.ndarray:
    # channels-last, ImageDataGenerator's default; the slide's reshape to
    # (n, 1, 28, 28) is channels-first and would be read as 28 channels.
    return X[..., None] if X.ndim == 3 else X


class LegacyFlow(keras.utils.PyDataset):
    """`ImageDataGenerator.flow` with a length and batches shaped like `X`.

    Args:
        iterator: the `NumpyArrayIterator` from `flow`.
        image_shape: the shape of one input image, e.g. `(28, 28)`.

    Returns:
        A `keras.utils.PyDataset` for `model.fit`; `.generator` is the fitted
        `ImageDataGenerator`, for `legacy_standardize` on validation data.

    Example:
        >>> import numpy as np
        >>> flow = legacy_flow(legacy_generator("none"), np.zeros((5, 8, 8), "uint8"),
        ...                    np.arange(5), batch_size=2)
        >>> len(flow), flow[0][0].shape
        (3, (2, 8, 8))
    """

    def __init__(self, iterator: Any, image_shape: tuple[int, ...]):
        super().__init__()
        self.iterator = iterator
        # for `legacy_standardize(flow.generator, X_val)` when fit_inputs built it
        self.generator = iterator.image_data_generator
        self.image_shape = tuple(image_shape)

    def __len__(self) -> int:
        return len(self.iterator)

    def __getitem__(self, idx: int):
        batch = self.iterator[idx]
        if isinstance(batch, tuple):
            return (batch[0].reshape((-1, *self.image_shape)), *batch[1:])
        return batch.reshape((-1, *self.image_shape))

    def on_epoch_end(self) -> None:
        self.iterator.on_epoch_end()


def legacy_flow(generator: Any, X: Any, y: Any = None, batch_size: int = 32, *,
                seed: int = 0, shuffle: bool = True) -> LegacyFlow:
    """Fits the generator's statistics on `X` if it needs them, and returns a flow for `fit`.

    Pass the training set: the mean and standard deviation must come from
    training images only. A generator that is already fitted keeps its
    statistics.

    Args:
        generator: an `ImageDataGenerator`, e.g. from `legacy_generator()`.
        X: images (n, height, width[, channels]), e.g. uint8.
        y: labels, one per image, or `None` for images only. Defaults to `None`.
        batch_size: images per batch. Defaults to `32`.
        seed: seeds the shuffling and the transforms (ImageDataGenerator
            reseeds NumPy's global generator with it on every batch).
            Defaults to `0`.
        shuffle: reshuffle every epoch. Defaults to `True`.

    Returns:
        A `LegacyFlow` (a `keras.utils.PyDataset`) of `(X_batch, y_batch)`
        float32 batches shaped like `X`; `len()` is the batches per epoch.

    Example:
        >>> import numpy as np
        >>> X = np.random.default_rng(0).integers(0, 255, (10, 8, 8), dtype="uint8")
        >>> flow = legacy_flow(legacy_generator("lecture"), X, np.arange(10), batch_size=4)
        >>> len(flow), flow[0][0].shape
        (3, (4, 8, 8))
    """
    _check_generator(generator)
    X = _validate.images(X)
    y = _validate.labels(y, X)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    X4 = _with_channels(X).astype(np.float32)
    if _needs_statistics(generator) and generator.mean is None and generator.std is None:
        generator.fit(X4)
    iterator = generator.flow(X4, y, batch_size=batch_size, shuffle=bool(shuffle),
                              seed=_validate.seed(seed))
    return LegacyFlow(iterator, X.shape[1:])


def legacy_standardize(generator: Any, X: Any) -> np.ndarray:
    """Applies the generator's normalisation (no random transforms): for validation and test.

    Args:
        generator: an `ImageDataGenerator`; with featurewise options it must be
            fitted first (by `legacy_flow` on the training set).
        X: images (n, height, width[, channels]).

    Returns:
        A float32 array shaped like `X`.

    Example:
        >>> import numpy as np
        >>> X = np.random.default_rng(0).integers(0, 255, (10, 8, 8), dtype="uint8")
        >>> gen = legacy_generator("lecture")
        >>> _ = legacy_flow(gen, X, np.arange(10))
        >>> abs(float(legacy_standardize(gen, X).mean())) < 1e-4
        True
    """
    _check_generator(generator)
    X = _validate.images(X)
    if _needs_statistics(generator) and generator.mean is None and generator.std is None:
        raise ValueError(
            "This ImageDataGenerator uses featurewise statistics but was not fitted. "
            "Call `legacy_flow(generator, X_train, y_train)` (or `generator.fit(X_train)`) "
            "first, on the training set."
        )
    X4 = _with_channels(X).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # it warns per call when unfitted
        out = np.stack([generator.standardize(np.copy(image)) for image in X4])
    return out.reshape(X.shape).astype(np.float32)
