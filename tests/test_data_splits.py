import numpy as np
import pytest

from dlcourse.data import split


def _imbalanced(n=1003, seed=1):
    rng = np.random.default_rng(seed)
    return rng.choice(4, size=n, p=[0.5, 0.3, 0.15, 0.05])


def max_share_gap(y, parts) -> float:
    """Largest difference, in percentage points, between a class's share in a part and overall."""
    classes = np.unique(y)
    overall = np.array([np.mean(y == c) for c in classes])
    return max(
        float(np.max(np.abs(np.array([np.mean(yp == c) for c in classes]) - overall))) * 100
        for _, yp in parts
    )


def test_sizes_disjoint_and_complete():
    y = _imbalanced()
    ids = np.arange(len(y))
    parts = split(ids, y, seed=3)
    assert [len(p[0]) for p in parts] == [602, 200, 201]
    seen = np.concatenate([p[0] for p in parts])
    assert len(np.unique(seen)) == len(y) == len(seen)
    for X_part, y_part in parts:
        np.testing.assert_array_equal(y[X_part], y_part)  # pairs stay together


def test_stratified_within_one_point():
    y = _imbalanced()
    for seed in range(5):
        assert max_share_gap(y, split(y, y, seed=seed)) < 1.0


def test_share_gap_catches_an_ordered_split():
    # The wrong answer the stratification check must reject: cutting sorted labels.
    y = np.sort(_imbalanced())
    cuts = [(y[:602], y[:602]), (y[602:802], y[602:802]), (y[802:], y[802:])]
    assert max_share_gap(y, cuts) > 1.0


def test_deterministic_per_seed():
    y = _imbalanced()
    a, b, c = split(np.arange(len(y)), y, seed=7), split(np.arange(len(y)), y, seed=7), \
        split(np.arange(len(y)), y, seed=8)
    for pa, pb in zip(a, b, strict=True):
        np.testing.assert_array_equal(pa[0], pb[0])
    assert not np.array_equal(a[1][0], c[1][0])


def test_parts_are_shuffled_not_interleaved():
    y = np.arange(1000) % 2
    (_, y_train), _, _ = split(y, y, seed=0)
    # a class-interleaved part would alternate 0,1,0,1 exactly
    assert np.mean(y_train[1:] != y_train[:-1]) < 0.9


def test_two_fractions_and_unstratified_regression():
    X = np.linspace(0, 1, 50)
    train, test = split(X, X ** 2, fractions=(0.8, 0.2), stratify=False, seed=0)
    assert len(train[0]) == 40 and len(test[0]) == 10
    np.testing.assert_allclose(train[0] ** 2, train[1])


@pytest.mark.parametrize("fractions, message", [
    ((0.5, 0.5, 0.5), "sum to 1"),
    ((0.6, 0.4, 0.0), r"in \(0, 1\)"),
    ((0.7, -0.1, 0.4), r"in \(0, 1\)"),
    ((1.0,), "2 fractions"),
    ((0.25, 0.25, 0.25, 0.25), "2 fractions"),
])
def test_fractions_validated(fractions, message):
    with pytest.raises(ValueError, match=message):
        split(np.zeros(10), np.zeros(10, int), fractions=fractions)


def test_fractions_type_checked():
    with pytest.raises(TypeError, match="2 or 3 numbers"):
        split(np.zeros(10), np.zeros(10, int), fractions="abc")


def test_length_mismatch():
    with pytest.raises(ValueError, match=r"X.shape=\(10,\), y.shape=\(9,\)"):
        split(np.zeros(10), np.zeros(9, int))


def test_stratify_needs_labels():
    with pytest.raises(ValueError, match="stratify=False for regression"):
        split(np.zeros(10), np.linspace(0, 1, 10))


def test_seed_type_checked():
    with pytest.raises(TypeError, match="seed"):
        split(np.zeros(10), np.zeros(10, int), seed=0.5)


def test_negative_seed_refused_as_everywhere_else():
    # split once took seed=-1 while data.load refused it; both go through _validate.seed now
    with pytest.raises(ValueError, match="non-negative int. Received: seed=-1"):
        split(np.zeros(10), np.zeros(10, int), seed=-1)
