"""Think before you augment: how often does a transform turn a sample into another class?

The lecture's example: a 6 rotated by 180 degrees is a 9. Train (or take) a
classifier on un-augmented data, transform the images it gets right, and
count how often it now answers a different class. A high rate for a class
means the transform breaks that class's label; do not use it there.

    >>> report = label_switch_rate(model, X_test, y_test, "rotate180")  # doctest: +SKIP
    >>> report.top_pairs[0]                                              # doctest: +SKIP
    ((6, 9), 34)
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import _validate


def rotate180(X: Any) -> np.ndarray:
    """Rotates every image by 180 degrees (exactly: no interpolation).

    Args:
        X: images (n, height, width[, channels]).

    Returns:
        A new array shaped like `X`.

    Example:
        >>> rotate180(np.array([[[1, 2], [3, 4]]])).tolist()
        [[[4, 3], [2, 1]]]
    """
    return np.ascontiguousarray(_validate.images(X)[:, ::-1, ::-1])


def flip_left_right(X: Any) -> np.ndarray:
    """Mirrors every image left-right (a 'b' becomes a 'd').

    Args:
        X: images (n, height, width[, channels]).

    Returns:
        A new array shaped like `X`.

    Example:
        >>> flip_left_right(np.array([[[1, 2], [3, 4]]])).tolist()
        [[[2, 1], [4, 3]]]
    """
    return np.ascontiguousarray(_validate.images(X)[:, :, ::-1])


def flip_top_bottom(X: Any) -> np.ndarray:
    """Mirrors every image top-bottom.

    Args:
        X: images (n, height, width[, channels]).

    Returns:
        A new array shaped like `X`.

    Example:
        >>> flip_top_bottom(np.array([[[1, 2], [3, 4]]])).tolist()
        [[[3, 4], [1, 2]]]
    """
    return np.ascontiguousarray(_validate.images(X)[:, ::-1])


TRANSFORMS: dict[str, Callable[[Any], np.ndarray]] = {
    "rotate180": rotate180,
    "flip_left_right": flip_left_right,
    "flip_top_bottom": flip_top_bottom,
}


@dataclass(frozen=True)
class SwitchReport:
    """How often a transform changed the predicted class of correctly classified samples.

    Attributes:
        rate: switched / `n_used`, in [0, 1].
        per_class: true class -> its switch rate (classes with no correctly
            classified sample are left out).
        top_pairs: `((from_class, to_class), count)`, most common first.
        n_used: samples classified correctly before the transform.
        n_total: all samples.
        accuracy: the classifier's accuracy on the untransformed samples.
        classes: class names, index = label, or empty. Defaults to `()`.

    Args:
        The attributes above; `label_switch_rate` fills them in.

    Returns:
        A frozen record; `str(report)` is a one-line summary.

    Example:
        >>> report = SwitchReport(rate=0.5, per_class={6: 1.0, 0: 0.0},
        ...                       top_pairs=[((6, 9), 3)], n_used=6, n_total=6, accuracy=1.0)
        >>> str(report).split(";")[0]
        'label switch rate 50.0% of 6 correctly classified samples (accuracy 100.0% of 6)'
    """

    rate: float
    per_class: dict[int, float]
    top_pairs: list[tuple[tuple[int, int], int]]
    n_used: int
    n_total: int
    accuracy: float
    classes: tuple[str, ...] = ()

    def _name(self, label: int) -> str:
        return self.classes[label] if 0 <= label < len(self.classes) else str(label)

    def __str__(self) -> str:
        pairs = ", ".join(f"{self._name(a)}->{self._name(b)}: {count}"
                          for (a, b), count in self.top_pairs)
        worst = sorted(self.per_class.items(), key=lambda item: -item[1])[:3]
        return (
            f"label switch rate {self.rate:.1%} of {self.n_used} correctly classified "
            f"samples (accuracy {self.accuracy:.1%} of {self.n_total}); most switched classes: "
            + ", ".join(f"{self._name(c)} {r:.0%}" for c, r in worst)
            + (f"; top pairs: {pairs}" if pairs else "")
        )


def _predict(classifier: Any, X: np.ndarray, batch_size: int) -> np.ndarray:
    """Class predictions from a Keras model, an object with `predict`, or a callable."""
    keras = sys.modules.get("keras")  # a Keras model means Keras is loaded; never import it here
    if keras is not None and isinstance(classifier, keras.Model):
        out = classifier.predict(X, batch_size=batch_size, verbose=0)
    elif hasattr(classifier, "predict"):
        out = classifier.predict(X)
    elif callable(classifier):
        out = classifier(X)
    else:
        raise TypeError(
            f"Expected `classifier` to be a Keras model, an object with `predict`, or a "
            f"callable returning class predictions. Received: {type(classifier).__name__}"
        )
    out = np.asarray(out)
    if out.ndim == 2 and out.shape[1] == 1:
        return (out[:, 0] > 0.5).astype(np.int64)  # one sigmoid column
    if out.ndim == 2:
        return out.argmax(axis=1)
    if out.ndim == 1 and len(out) == len(X):
        return out.astype(np.int64)
    raise ValueError(
        f"Expected the classifier to return labels (n,) or scores (n, num_classes) for "
        f"n={len(X)} images. Received: shape={out.shape}"
    )


def label_switch_rate(classifier: Any, X: Any, y: Any, transform: Any = "rotate180", *,
                      classes: tuple[str, ...] | list[str] = (), top: int = 5,
                      batch_size: int = 256) -> SwitchReport:
    """Measures how often `transform` makes `classifier` answer a different class.

    Only samples the classifier gets right before the transform count, so
    its own mistakes are not blamed on the transform.

    Args:
        classifier: a Keras model (its `predict`), an object with `predict`,
            or a callable; it returns labels (n,) or scores (n, num_classes).
        X: images (n, height, width[, channels]), as the classifier expects.
        y: true labels (n,), integers.
        transform: a name in `TRANSFORMS` (`"rotate180"`, `"flip_left_right"`,
            `"flip_top_bottom"`) or a callable on a batch of images.
            Defaults to `"rotate180"`.
        classes: class names for the printed report. Defaults to `()`.
        top: how many (from, to) pairs to keep. Defaults to `5`.
        batch_size: batch size for a Keras model's `predict`. Defaults to `256`.

    Returns:
        A `SwitchReport`; `print(report)` summarises it.

    Example:
        >>> X = np.zeros((4, 8, 8), "uint8"); X[:2, :4] = 255  # class 1: top half lit
        >>> y = np.array([1, 1, 0, 0])
        >>> top_lit = lambda A: (A[:, :4].mean(axis=(1, 2)) > A[:, 4:].mean(axis=(1, 2))) * 1
        >>> label_switch_rate(top_lit, X, y, "flip_top_bottom").per_class
        {0: 0.0, 1: 1.0}
    """
    X = _validate.images(X)
    y = _validate.labels(y, X)
    if y is None or not np.issubdtype(y.dtype, np.integer) or y.ndim != 1:
        raise ValueError(
            f"Expected `y` as integer class labels, shape (n,). Received: "
            f"{None if y is None else (y.dtype, y.shape)}. For one-hot labels pass "
            f"`y.argmax(axis=1)`."
        )
    if isinstance(transform, str):
        transform = _validate.preset(transform, TRANSFORMS, "transform")
    elif not callable(transform):
        raise TypeError(f"Expected `transform` as a name in {list(TRANSFORMS)} or a callable. "
                        f"Received: {type(transform).__name__}")
    top = _validate.positive_int(top, "top")
    X_t = np.asarray(transform(X))
    if X_t.shape[0] != X.shape[0]:
        raise ValueError(f"Expected `transform` to keep the number of images. "
                         f"Received: {X.shape} -> {X_t.shape}")
    before = _predict(classifier, X, batch_size)
    after = _predict(classifier, X_t, batch_size)
    correct = before == y
    switched = correct & (after != y)
    per_class = {int(c): float(switched[correct & (y == c)].mean())
                 for c in np.unique(y[correct])}
    pairs = Counter(zip(y[switched].tolist(), after[switched].tolist(), strict=True))
    return SwitchReport(
        rate=float(switched.sum() / max(correct.sum(), 1)),
        per_class=per_class,
        top_pairs=[((int(a), int(b)), int(count)) for (a, b), count in pairs.most_common(top)],
        n_used=int(correct.sum()),
        n_total=len(y),
        accuracy=float(correct.mean()),
        classes=tuple(classes),
    )
