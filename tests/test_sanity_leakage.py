"""leakage finds test samples that also appear in train."""

import numpy as np
import pytest
from sanity_cases import RNG, X2, X, Y

from dlcourse import sanity

# --------------------------------------------------------------------- leakage


def test_disjoint_splits_do_not_leak():
    result = sanity.leakage((X[:40], Y[:40]), (X[40:], Y[40:]))
    assert result.ok and result.values["count"] == 0


def test_a_leaky_split_is_caught_with_indices():
    X_test = np.concatenate([X[40:], X[[3, 7]]])
    result = sanity.leakage((X[:40], Y[:40]), X_test)
    assert not result.ok
    assert result.values["count"] == 2
    assert result.values["test_indices"] == [24, 25] and result.values["train_indices"] == [3, 7]
    assert "test[24] == train[3]" in result.message


def test_leakage_compares_values_across_dtypes_and_signed_zeros():
    images = RNG.integers(0, 256, size=(10, 4, 4), dtype=np.uint8)
    assert sanity.leakage(images, images[:2].astype("float32")).values["count"] == 2
    assert sanity.leakage(np.array([[0.0, 1.0]]), np.array([[-0.0, 1.0]])).values["count"] == 1
    with pytest.raises(ValueError, match="differ in size"):
        sanity.leakage(X, X2)
