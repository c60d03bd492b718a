"""NumPy arrays to an input pipeline `model.fit` can consume at full speed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def as_dataset(
    X: np.ndarray,
    y: np.ndarray | None = None,
    batch_size: int = 32,
    *,
    shuffle: bool = False,
    augment: Callable | None = None,
    seed: int = 0,
    cache: bool = True,
):
    """Builds a `tf.data` pipeline: cache, shuffle, batch, augment, prefetch.

    Augmentation runs on whole batches after batching (one vectorised call
    per batch, not one per image), in parallel, on the CPU while the model
    trains on the previous batch.

    Args:
        X: samples, first axis is the sample axis.
        y: labels or targets with the same length, or `None` for inputs only.
            Defaults to `None`.
        batch_size: a positive int. Defaults to `32`.
        shuffle: reshuffle every epoch (use for training). Defaults to `False`.
        augment: a callable applied to each batch of `X`, e.g. a
            `keras.Sequential` of preprocessing layers (called with
            `training=True`). Defaults to `None`.
        seed: shuffle seed. Defaults to `0`.
        cache: keep the decoded arrays in memory after the first epoch.
            Defaults to `True`.

    Returns:
        A `tf.data.Dataset` of `(X_batch, y_batch)` (or `X_batch` when `y` is None).

    Example:
        >>> ds = as_dataset(np.zeros((10, 4)), np.zeros(10), batch_size=4)
        >>> [int(xb.shape[0]) for xb, yb in ds]
        [4, 4, 2]
    """
    X = np.asarray(X)
    if X.ndim == 0:
        raise ValueError(f"Expected `X` with a sample axis. Received: X.shape={X.shape}")
    if y is not None:
        y = np.asarray(y)
        if y.ndim == 0 or len(y) != len(X):
            raise ValueError(
                f"Expected `X` and `y` with the same number of samples. "
                f"Received: X.shape={X.shape}, y.shape={y.shape}"
            )
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) \
            or batch_size < 1:
        raise ValueError(f"Expected `batch_size` to be a positive int. Received: {batch_size!r}")
    if augment is not None and not callable(augment):
        raise TypeError(
            f"Expected `augment` to be a callable (e.g. keras.Sequential of preprocessing "
            f"layers) or None. Received: {type(augment).__name__}"
        )
    import keras
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(X if y is None else (X, y))
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(len(X), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(int(batch_size))
    if augment is not None:
        def apply(xb):
            if isinstance(augment, keras.Layer):
                return augment(xb, training=True)
            return augment(xb)

        if y is None:
            ds = ds.map(apply, num_parallel_calls=tf.data.AUTOTUNE)
        else:
            ds = ds.map(lambda xb, yb: (apply(xb), yb), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
