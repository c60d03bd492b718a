"""What an augmentation does to a few images: k augmented versions of each, and a grid of them."""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse import _validate
from dlcourse.augment.backends import resolve


def samples(augmenter: Any, X: Any, k: int = 5, *, seed: int = 0) -> np.ndarray:
    """Draws `k` augmented versions of every image in `X`.

    Args:
        augmenter: a backend name or a pipeline object, as for `fit_inputs`.
            For an `ImageDataGenerator` only the random transforms are applied
            (no featurewise standardisation), so the images stay viewable.
        X: images (n, height, width[, channels]); uint8 for Augmentor.
        k: versions per image. Defaults to `5`.
        seed: same seed, same samples (a Keras layer other than `RandomAffine`
            uses its own seed). Defaults to `0`.

    Returns:
        A float32 array (n, k, height, width[, channels]) in `X`'s value range.

    Example:
        >>> import numpy as np
        >>> X = np.random.default_rng(0).integers(0, 255, (2, 28, 28), dtype="uint8")
        >>> samples("layers", X, k=3).shape
        (2, 3, 28, 28)
    """
    kind, augmenter = resolve(augmenter)
    X = _validate.images(X, uint8=kind == "augmentor")
    k = _validate.positive_int(k, "k")
    seed = _validate.seed(seed)
    n, shape = len(X), X.shape[1:]
    if kind in ("layers", "keras"):
        repeated = np.repeat(X, k, axis=0)
        if kind == "layers":
            out = augmenter.warp(repeated, seed)
        else:
            out = augmenter(repeated, training=True)
        return np.asarray(out, np.float32).reshape((n, k, *shape))
    from dlcourse.augment._seeding import seeded

    if kind == "augmentor":
        from dlcourse.augment.augmentor import for_input, one_batch

        fitted = for_input(augmenter, shape)
        out = np.empty((n, k, *shape), np.float32)
        for i in range(n):
            with seeded(seed, i):
                X_i, _ = one_batch(fitted, X[i:i + 1], [0], k)  # one image: k draws of it
            out[i] = X_i.reshape((k, *shape))
        return out
    images = X[..., None] if X.ndim == 3 else X
    with seeded(seed):  # random_transform draws from NumPy's global generator
        out = np.stack([[augmenter.random_transform(image.astype(np.float32)) for _ in range(k)]
                        for image in images])
    return out.reshape((n, k, *shape)).astype(np.float32)


def grid(augmenter: Any, X: Any, n: int = 4, k: int = 5, *, seed: int = 0,
         titles: list[str] | None = None):
    """Plots the first `n` images of `X`, each followed by `k` augmented versions.

    Args:
        augmenter: a backend name or a pipeline object, as for `fit_inputs`.
        X: images (num_images, height, width[, channels]).
        n: how many images (rows). Defaults to `4`.
        k: augmented versions per image (columns after the original).
            Defaults to `5`.
        seed: same seed, same picture. Defaults to `0`.
        titles: `k` column titles. Defaults to `None` ("augmented 1", ...).

    Returns:
        The matplotlib Figure from `dlcourse.plots.augmentation_grid`.

    Example:
        >>> import numpy as np
        >>> X = np.random.default_rng(0).integers(0, 255, (3, 28, 28), dtype="uint8")
        >>> fig = grid("layers", X, n=2, k=3)
        >>> len(fig.axes)
        8
    """
    from dlcourse import plots

    X = _validate.images(X)
    n = min(_validate.positive_int(n, "n"), len(X))
    augmented = samples(augmenter, X[:n], k, seed=seed)
    if X.dtype == np.uint8:
        # same dtype as the originals so both columns share one grey scale
        augmented = np.clip(np.round(augmented), 0, 255).astype(np.uint8)
    return plots.augmentation_grid(X[:n], augmented, titles=titles)
