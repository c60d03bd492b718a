"""The slide's Augmentor pipeline on in-memory arrays, seeded, fed to `model.fit`.

Augmentor works image by image in Pillow and draws from Python's global
`random` (and, for some operations, NumPy's global generator). Every batch
here runs under its own seed derived from `(seed, epoch, batch index)`, with
the global states saved and restored around it, so the same seed gives the
same batches, in any order, and the caller's random streams are untouched.

`keras_generator_from_array` samples images *with replacement*: an epoch of
`len(flow)` batches sees about 63% of the distinct images, some twice.

Augmentor draws `round(uniform(0, 1), 1)` and runs an operation when that is
`<= probability`, so `probability=0.5` runs 55% of the time (0.8: 85%).
"""

from __future__ import annotations

import copy
from typing import Any

import Augmentor
import keras
import numpy as np
from Augmentor.Operations import Operation

from dlcourse import _validate
from dlcourse.augment._seeding import seeded

# The slide's operations, in the slide's order. The final resize goes back to
# the input's size (the slide's 120x120 would not fit a 28x28 model).
AUGMENTOR_PRESETS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "lecture": [
        ("rotate90", {"probability": 0.5}),
        ("rotate270", {"probability": 0.5}),
        ("flip_left_right", {"probability": 0.8}),
        ("flip_top_bottom", {"probability": 0.3}),
        ("crop_random", {"probability": 1, "percentage_area": 0.5}),
    ],
    "flips": [
        ("flip_left_right", {"probability": 0.5}),
        ("flip_top_bottom", {"probability": 0.5}),
    ],
    "none": [],
}

class MatchInputSize(Operation):
    """Resizes each image back to the input's size (set by `augmentor_flow` and `samples`).

    Args:
        size: `(height, width)`, or `None` to have the flow set it from `X`.
            Defaults to `None`.
        resample_filter: a Pillow filter name. Defaults to `"BICUBIC"`
            (Augmentor's `resize` default).

    Returns:
        An Augmentor operation, probability 1.

    Example:
        >>> op = MatchInputSize(size=(28, 28))
        >>> op.size
        (28, 28)
    """

    def __init__(self, size: tuple[int, int] | None = None, resample_filter: str = "BICUBIC"):
        super().__init__(probability=1.0)
        self.size = size
        self.resample_filter = resample_filter

    def perform_operation(self, images):
        from PIL import Image

        if self.size is None:
            raise ValueError(
                "MatchInputSize does not know the input size yet. Use "
                "`augment.augmentor_flow(pipeline, X, y)` or `augment.samples(pipeline, X)`, "
                "which set it from X, or build the pipeline with `size=(height, width)`."
            )
        height, width = self.size
        resample = getattr(Image.Resampling, self.resample_filter)
        return [image.resize((width, height), resample) for image in images]

    def __str__(self) -> str:
        return f"MatchInputSize(size={self.size})"


def _size(size: Any) -> tuple[int, int] | None:
    if size is None:
        return None
    if not isinstance(size, (tuple, list)) or len(size) != 2 or any(
            not _validate.is_int(v) or v < 2 for v in size):
        raise ValueError(
            f"Expected `size` as (height, width), two ints >= 2, or None for the "
            f"input's size. Received: size={size!r}"
        )
    return int(size[0]), int(size[1])


def augmentor_pipeline(preset: str = "lecture", *, size: tuple[int, int] | None = None):
    """Builds the slide's `Augmentor.Pipeline` for in-memory images.

    The `lecture` preset: rotate90 (p=0.5), rotate270 (p=0.5), flip_left_right
    (p=0.8), flip_top_bottom (p=0.3), crop_random (p=1, percentage_area=0.5),
    then a resize (p=1) to `size`, by default the input's own size so that
    shapes stay compatible with the model.

    Args:
        preset: a name in `AUGMENTOR_PRESETS`: `"lecture"`, `"flips"` or
            `"none"`. Defaults to `"lecture"`.
        size: `(height, width)` of the output, or `None` for the input's size
            (filled in by `augmentor_flow` and `samples`). Augmentor's
            `keras_generator_from_array` only returns images of the input's
            size, so a fixed size is for `pipeline.sample()` on folders.
            Defaults to `None`.

    Returns:
        A new `Augmentor.Pipeline` with no source directory; feed it arrays
        with `augmentor_flow` (or `fit_inputs`).

    Example:
        >>> p = augmentor_pipeline("lecture")
        >>> [type(op).__name__ for op in p.operations]
        ['Rotate', 'Rotate', 'Flip', 'Flip', 'CropPercentage', 'MatchInputSize']
    """
    steps = _validate.preset(preset, AUGMENTOR_PRESETS, "Augmentor")
    size = _size(size)
    pipeline = Augmentor.Pipeline()
    for method, arguments in steps:
        getattr(pipeline, method)(**arguments)
    if size is None:
        pipeline.add_operation(MatchInputSize())
    else:
        pipeline.resize(probability=1.0, width=size[1], height=size[0])
    return pipeline


def _check_pipeline(pipeline: Any) -> None:
    if not isinstance(pipeline, Augmentor.Pipeline):
        raise TypeError(
            f"Expected an Augmentor.Pipeline (from `augmentor_pipeline()`). "
            f"Received: {type(pipeline).__name__}"
        )


def for_input(pipeline: Any, image_shape: tuple[int, ...]):
    """Returns a copy of the pipeline whose `MatchInputSize` steps resize to `image_shape`.

    The original pipeline is not changed, so one pipeline serves inputs of
    any size.

    Args:
        pipeline: an `Augmentor.Pipeline`.
        image_shape: the shape of one input image, `(height, width[, channels])`.

    Returns:
        A shallow copy of `pipeline` with its own list of operations.

    Example:
        >>> for_input(augmentor_pipeline(), (28, 28)).operations[-1].size
        (28, 28)
    """
    _check_pipeline(pipeline)
    fitted = copy.copy(pipeline)
    fitted.operations = [
        MatchInputSize(tuple(image_shape[:2]), op.resample_filter)
        if isinstance(op, MatchInputSize) else op
        for op in pipeline.operations
    ]
    return fitted


def one_batch(pipeline: Any, X: np.ndarray, labels: Any, batch_size: int):
    """Draws one batch with `keras_generator_from_array`, explaining a size change.

    Args:
        pipeline: an `Augmentor.Pipeline` whose output size is the input's.
        X: uint8 images (n, height, width[, channels]).
        labels: one label per image.
        batch_size: images to draw (with replacement).

    Returns:
        `(X_batch, y_batch)`: uint8 images (batch_size, height, width,
        channels) and their labels.

    Example:
        >>> X = np.zeros((3, 8, 8), "uint8")
        >>> one_batch(for_input(augmentor_pipeline(), (8, 8)), X, [0, 1, 2], 2)[0].shape
        (2, 8, 8, 1)
    """
    try:
        return next(pipeline.keras_generator_from_array(X, labels, batch_size, scaled=False))
    except ValueError as error:
        if "reshape" not in str(error):
            raise
        raise ValueError(
            f"The Augmentor pipeline changed the image size; keras_generator_from_array "
            f"needs the input's size {X.shape[1:3]} back. End the pipeline with "
            f"`MatchInputSize()` (what `augmentor_pipeline(size=None)` adds) or a resize to "
            f"that size. ({error})"
        ) from error


class AugmentorFlow(keras.utils.PyDataset):
    """Batches from an Augmentor pipeline with a length, for `model.fit`.

    Batch `idx` of epoch `e` is drawn under the seed `(seed, e, idx)`; the last
    batch is smaller, so an epoch yields exactly `len(X)` images (sampled with
    replacement, as Augmentor does).

    Args:
        pipeline: an `Augmentor.Pipeline`.
        X: uint8 images (n, height, width[, channels]).
        y: labels or `None`.
        batch_size: images per batch.
        seed: a non-negative int.

    Returns:
        A `keras.utils.PyDataset` of float32 batches shaped like `X`
        (values 0..255), with their labels when `y` is given.

    Example:
        >>> import numpy as np
        >>> flow = augmentor_flow(augmentor_pipeline(), np.zeros((5, 8, 8), "uint8"),
        ...                       np.arange(5), batch_size=2)
        >>> len(flow), flow[2][0].shape
        (3, (1, 8, 8))
    """

    def __init__(self, pipeline: Any, X: np.ndarray, y: np.ndarray | None,
                 batch_size: int, seed: int):
        super().__init__()
        self.pipeline = for_input(pipeline, X.shape[1:])
        self.X, self.y = X, y
        self.batch_size, self.seed, self.epoch = batch_size, seed, 0

    def __len__(self) -> int:
        return -(-len(self.X) // self.batch_size)

    def __getitem__(self, idx: int):
        if not 0 <= idx < len(self):
            raise IndexError(f"Expected a batch index in [0, {len(self)}). Received: {idx}")
        size = min(self.batch_size, len(self.X) - idx * self.batch_size)
        labels = self.y if self.y is not None else np.zeros(len(self.X), np.int64)
        with seeded(self.seed, self.epoch, idx):
            X_batch, y_batch = one_batch(self.pipeline, self.X, labels, size)
        X_batch = X_batch.reshape((size, *self.X.shape[1:])).astype(np.float32)
        return X_batch if self.y is None else (X_batch, y_batch)

    def on_epoch_end(self) -> None:
        self.epoch += 1


def augmentor_flow(pipeline: Any, X: Any, y: Any = None, batch_size: int = 32, *,
                   seed: int = 0) -> AugmentorFlow:
    """Feeds in-memory images through an Augmentor pipeline, batch by batch, for `model.fit`.

    Uses `pipeline.keras_generator_from_array`, which samples with
    replacement; `MatchInputSize` steps resize back to `X`'s size.

    Args:
        pipeline: an `Augmentor.Pipeline`, e.g. from `augmentor_pipeline()`.
        X: uint8 images, grayscale (n, height, width[, 1]) or RGB(A)
            (n, height, width, 3 or 4).
        y: labels, one per image, or `None`. Defaults to `None`.
        batch_size: images per batch. Defaults to `32`.
        seed: same seed, same batches. Defaults to `0`.

    Returns:
        An `AugmentorFlow` (a `keras.utils.PyDataset`); `len()` is the batches
        per epoch, so `model.fit(flow, epochs=...)` needs no hand-written loop.

    Example:
        >>> import numpy as np
        >>> X = np.random.default_rng(0).integers(0, 255, (6, 28, 28), dtype="uint8")
        >>> flow = augmentor_flow(augmentor_pipeline(), X, np.arange(6), batch_size=4)
        >>> X_batch, y_batch = flow[0]
        >>> X_batch.shape, X_batch.dtype.name
        ((4, 28, 28), 'float32')
    """
    _check_pipeline(pipeline)
    X = _validate.images(X, uint8=True)
    y = _validate.labels(y, X)
    return AugmentorFlow(pipeline, X, y, _validate.positive_int(batch_size, "batch_size"),
                         _validate.seed(seed))
