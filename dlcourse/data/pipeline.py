"""NumPy arrays to an input pipeline `model.fit` can consume at full speed."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

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
            generator's draws in any order. An `augment` that can warp
            several batches at once (`augment.RandomAffine`: `draws` and
            `warp_batches`) gets the same batches from one warp per 2048
            images (`_chunked`: at batch 32 a warp's fixed cost is most of
            the work). Defaults to `False`.

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
    if stateless and hasattr(augment, "warp_batches") and hasattr(augment, "draws"):
        return _chunked(augment, X, y, batch_size, seed=seed, shuffle=shuffle)
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


# images per warp call in `_chunked`: at 28x28 each call's fixed cost (the
# py_function, the matrices, the XLA launch) kept batch 32 below 10x
# ImageDataGenerator with 512 (8.7x) and 1024 (10x); 2048 gave 11x
# (benchmarks/README.md). Batch sizes dividing 2048 give the same stream as 512.
WARP_CHUNK = 2048
_CORES = max(1, min(4, os.cpu_count() or 1))


def _chunked(layer: Any, X: Any, y: Any, batch_size: int, *, seed: int, shuffle: bool):
    """`as_dataset(X, y, augment=layer.warp, stateless=True)`'s batches, built faster.

    The same images, shuffle order and per-batch seeds as the stateless route
    (one seed pair per batch from `Dataset.random(seed)`, new each epoch), but
    shuffled as indices, gathered a chunk of batches at a time
    and warped by one `RandomAffine.warp_batches` call per chunk, then cut back
    into batches: no per-image `tf.data` work, one warp per `WARP_CHUNK` images
    instead of one per batch. The warp runs through `tf.py_function` (see
    below), so the dataset needs this Python process: it cannot be shipped to
    the tf.data service or serialised as a graph.
    """
    import tensorflow as tf

    n = len(X)
    per_call = max(1, WARP_CHUNK // batch_size)  # batches per warp call
    images = tf.constant(X)
    labels = None if y is None else tf.constant(y)
    order = tf.data.Dataset.range(n)
    if shuffle:
        # shuffling indices draws the same permutation as shuffling the images
        order = order.shuffle(n, seed=seed, reshuffle_each_iteration=True)
    seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)
    ds = tf.data.Dataset.zip(order.batch(batch_size * per_call), seeds.batch(per_call))

    # traced once, for any chunk length, as tf.data traces a map function
    @tf.function(input_signature=[tf.TensorSpec(images.shape, images.dtype),
                                  tf.TensorSpec([None], tf.int64),
                                  tf.TensorSpec([None, 2], tf.int64)])
    def augment_chunk(images, index, chunk_seeds):
        # the last chunk has fewer batches: pad its seeds (the extra draws go unused)
        chunk_seeds = tf.pad(chunk_seeds, [[0, per_call - tf.shape(chunk_seeds)[0]], [0, 0]])
        draws = tf.concat([layer.draws(batch_size, chunk_seeds[i]) for i in range(per_call)], 0)
        return layer.warp_batches(tf.gather(images, index), draws)

    # tf.data instantiates (and Grappler optimises) its map functions anew for every
    # iterator, i.e. every epoch: for the XLA warp that took half of an epoch of
    # Fashion-MNIST on two cores. Called through py_function, the warp is traced once.
    # The images go in as an argument: a py_function is never freed, so it must not
    # hold on to them.
    def warp(index, chunk_seeds):
        out = tf.py_function(augment_chunk, [images, index, chunk_seeds], tf.float32)
        out = tf.ensure_shape(out, (None, *X.shape[1:]))
        return out if labels is None else (out, tf.gather(labels, index))

    ds = ds.map(warp, num_parallel_calls=_CORES).rebatch(batch_size)
    # rebatch forgets the length; model.fit and `len` use it
    ds = ds.apply(tf.data.experimental.assert_cardinality(-(-n // batch_size)))
    # Without autotuning: its optimisation thread made about one epoch in four wait
    # some 80 ms when the iterator was deleted, longer than the epoch's own work
    # (12,000 images at 28x28, two cores). One warp call per core, two batches ahead.
    options = tf.data.Options()
    options.autotune.enabled = False
    return ds.prefetch(2).with_options(options)
