"""`leakage`: test samples that also appear, byte for byte, in train."""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np

from .result import CheckResult


def _rows(data: Any, name: str) -> np.ndarray:
    X = np.asarray(data[0] if isinstance(data, tuple) else data)
    if X.ndim == 0:
        raise ValueError(f"Expected `{name}` as (X, y) or X with one row per sample. "
                         f"Received a scalar.")
    return X.reshape(len(X), -1)


def leakage(train: Any, test: Any, *, max_report: int = 10) -> CheckResult:
    """Finds test samples that also appear, byte for byte, in train.

    Each row of X is hashed (BLAKE2b) after casting both sets to one dtype;
    hash matches are confirmed element-wise.

    Args:
        train: the training split, as `(X, y)` (e.g. `splits.train`) or `X`.
        test: the split to check (test or validation), as `(X, y)` or `X`.
        max_report: how many index pairs to keep in `values`. Defaults to `10`.

    Returns:
        A `CheckResult` with `values` `count`, `test_indices`, `train_indices`
        (the first `max_report` pairs), `n_train` and `n_test`.

    Example:
        >>> import numpy as np
        >>> X = np.arange(12).reshape(6, 2)
        >>> leakage(X[:4], X[3:]).values["count"]
        1
    """
    A, B = _rows(train, "train"), _rows(test, "test")
    if A.shape[1:] != B.shape[1:]:
        raise ValueError(f"Train and test samples differ in size: {A.shape[1]} vs {B.shape[1]} "
                         f"values per sample. Pass two splits of the same dataset.")
    dtype = np.result_type(A, B)
    A, B = (np.ascontiguousarray(a, dtype=dtype) for a in (A, B))
    if np.issubdtype(dtype, np.floating):
        A, B = A + 0.0, B + 0.0  # -0.0 and 0.0 are the same value but not the same bytes

    def digest(row: np.ndarray) -> bytes:
        return hashlib.blake2b(row.tobytes(), digest_size=16).digest()

    seen: dict[bytes, int] = {}
    for i, row in enumerate(A):
        seen.setdefault(digest(row), i)
    pairs = [(j, seen[h]) for j, row in enumerate(B)
             if (h := digest(row)) in seen and np.array_equal(row, A[seen[h]])]
    values = {"count": len(pairs), "test_indices": [j for j, _ in pairs[:max_report]],
              "train_indices": [i for _, i in pairs[:max_report]],
              "n_train": len(A), "n_test": len(B)}
    if not pairs:
        return CheckResult("leakage", True,
                           f"no test sample appears in train ({len(B)} vs {len(A)} rows)", values)
    j, i = pairs[0]
    return CheckResult(
        "leakage", False,
        f"{len(pairs)} of {len(B)} test samples ({len(pairs) / len(B):.1%}) also appear in "
        f"train (e.g. test[{j}] == train[{i}]): drop them from test, or de-duplicate before "
        f"splitting", values)

