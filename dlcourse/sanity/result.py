"""What a sanity check returns: `CheckResult`, and `summarize` for a table of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class CheckResult:
    """The outcome of one sanity check.

    Attributes:
        name: the check's name, e.g. `"initial_loss"`.
        ok: `True` passed, `False` failed, `None` skipped (only in `run_all`).
        message: one line: what was measured or, on failure, what is wrong
            and what to try.
        values: the measured numbers, e.g. `{"observed": 2.31, "expected": 2.303}`.
        curve: the training loss per epoch (training checks), else `None`.

    Example:
        >>> print(CheckResult("leakage", True, "no test sample appears in train"))
        [PASS] leakage: no test sample appears in train
    """

    name: str
    ok: bool | None
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    curve: list[float] | None = None

    @property
    def status(self) -> str:
        """`"PASS"`, `"FAIL"` or `"SKIP"`."""
        return {True: "PASS", False: "FAIL", None: "SKIP"}[self.ok]

    def __str__(self) -> str:
        return f"[{self.status}] {self.name}: {self.message}"

    def __repr__(self) -> str:
        return f"CheckResult({self.name!r}, ok={self.ok}, message={self.message!r})"


def summarize(results: Sequence[CheckResult]) -> str:
    """Formats check results as a table, one line per check.

    Args:
        results: `CheckResult`s, e.g. from `run_all`.

    Returns:
        The table as a string.

    Example:
        >>> print(summarize([CheckResult("leakage", True, "no test sample appears in train")]))
        PASS  leakage                     no test sample appears in train
    """
    return "\n".join(f"{r.status:<5} {r.name:<27} {r.message}" for r in results)
