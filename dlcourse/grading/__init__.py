"""Grading: the checks otter tests call, and the public checks students run.

Inside a test cell of a master notebook:

    from dlcourse import grading
    grading.close(z, 14.0, name="z")
"""

from dlcourse.grading.checks import (
    CheckFailed,
    answered,
    architecture,
    between,
    close,
    describe_layers,
    equal,
    function,
    plain,
)
from dlcourse.grading.embedded import load_checks, write_tests

__all__ = [
    "CheckFailed", "answered", "architecture", "between", "close", "describe_layers",
    "equal", "function", "load_checks", "plain", "write_tests",
]
