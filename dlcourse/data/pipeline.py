"""NumPy arrays to an input pipeline `model.fit` can consume at full speed."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse import _validate


def as_dataset(
    X: np.ndarray,
    y: np.ndarray | None = None,
    batch_size: int = 32,
    *,
    shuffle: bool = False,
    augment: Callable | None = None,
    seed: int = 0,
    cache: bool = True,
    stateless: bool = False,
):
    """Builds a `tf.data` pipeline: cache, shuffle, batch, augment, prefetch.

    The course's one input pipeline: `training.fit` and `augment.fit_inputs`
    build theirs with it. Augmentation runs on whole batches after batching
    (one vectorised call per batch, not one per image), in parallel, on the
    CPU while the model trains on the previous batch.

    Args:
        X: samples, first axis is the sample axis.
        y: labels or targets with the same length, or `None` for inputs only.
            Defaults to `None`.
        batch_size: a positive int. Defaults to `32`.
        shuffle: reshuffle every epoch (use for training). Defaults to `False`.
        augment: a callable applied to each batch of `X`, e.g. a
            `keras.Sequential` of preprocessing layers (called with
            `training=True`). Defaults to `None`.
        seed: the shuffle seed, and the seed of `stateless` augmentation.
            Defaults to `0`.
        cache: keep the decoded arrays in memory after the first epoch.
            Defaults to `True`.
        stateless: call `augment(X_batch, seeds)` with a fresh stateless
            seed pair (a `(2,)` int64 tensor) per batch, new each epoch and
            the same on every run: parallel calls would take a stateful
            generator's draws in any order. Defaults to `False`.

    Returns:
        A `tf.data.Dataset` of `(X_batch, y_batch)` (or `X_batch` when `y` is None).

    Example:
        >>> ds = as_dataset(np.zeros((10, 4)), np.zeros(10), batch_size=4)
        >>> [int(xb.shape[0]) for xb, yb in ds]
        [4, 4, 2]
        >>> import tensorflow as tf
        >>> def noise(xb, seeds):  # a seeded transform of a batch
        ...     return xb + tf.random.stateless_uniform(tf.shape(xb), seeds)
        >>> def run():
        ...     ds = as_dataset(np.zeros((4, 1), "float32"), batch_size=2, augment=noise,
        ...                     stateless=True, seed=3)
        ...     return np.concatenate([b.numpy() for b in ds])
        >>> bool(np.array_equal(run(), run()))  # same seed, same batches, in parallel too
        True
    """
    X, y = _validate.samples(X, y)
    batch_size = _validate.positive_int(batch_size, "batch_size")
    seed = _validate.seed(seed)
    stateless = _validate.boolean(stateless, "stateless")
    if augment is not None and not callable(augment):
        raise TypeError(
            f"Expected `augment` to be a callable (e.g. keras.Sequential of preprocessing "
            f"layers) or None. Received: {type(augment).__name__}"
        )
    if stateless and augment is None:
        raise ValueError("Expected an `augment(X_batch, seeds)` with stateless=True. "
                         "Received: augment=None")
    import keras
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices(X if y is None else (X, y))
    if cache:
        ds = ds.cache()
    if shuffle:
        ds = ds.shuffle(len(X), seed=seed, reshuffle_each_iteration=True)
    ds = ds.batch(batch_size)
    if augment is None:
        return ds.prefetch(tf.data.AUTOTUNE)
    if stateless:
        seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)
        ds = tf.data.Dataset.zip(ds, seeds)
        if y is None:
            ds = ds.map(augment, num_parallel_calls=tf.data.AUTOTUNE)
        else:
            ds = ds.map(lambda batch, s: (augment(batch[0], s), batch[1]),
                        num_parallel_calls=tf.data.AUTOTUNE)
        return ds.prefetch(tf.data.AUTOTUNE)

    def apply(xb):
        if isinstance(augment, keras.Layer):
            return augment(xb, training=True)
        return augment(xb)

    if y is None:
        ds = ds.map(apply, num_parallel_calls=tf.data.AUTOTUNE)
    else:
        ds = ds.map(lambda xb, yb: (apply(xb), yb), num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)
