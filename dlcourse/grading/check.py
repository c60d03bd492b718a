"""`dlcourse check`: a student runs their notebook and its public checks, as graders would."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dlcourse.grading import protocol
from dlcourse.grading.assignment import GradingError
from dlcourse.grading.submission import read_notebook

__all__ = ["check_notebook"]


def check_notebook(path: str | Path, *, profile: str | None = None) -> list[tuple[str, bool, str]]:
    """Runs a student notebook headless, then all of its public checks.

    Args:
        path: a student notebook (from notebooks/, with its answers).
        profile: "fast" or "full" (default: `DLCOURSE_PROFILE`, else full).

    Returns:
        (question, passed, otter's message) for each question.

    Raises:
        GradingError: not a notebook, or one without the checks cell `dlcourse build` writes.

    Example:
        >>> check_notebook("notebooks/01_neurons_activations_losses.ipynb")  # doctest: +SKIP
    """
    from otter.execute import grade_notebook

    from dlcourse.grading.embedded import write_tests

    path = Path(path)
    nb, problem = read_notebook(path)
    if nb is None:
        raise GradingError(f"{path}: {problem}")
    try:
        tests = protocol.embedded_tests(nb)
    except protocol.FormatError as e:
        raise GradingError(str(e)) from e
    old = os.environ.get("DLCOURSE_PROFILE")
    if profile:
        os.environ["DLCOURSE_PROFILE"] = profile
    try:
        with tempfile.TemporaryDirectory(prefix="dlcourse-check-") as tmp:
            folder = write_tests(tests, Path(tmp) / "tests")
            results = grade_notebook(
                str(path), tests_glob=sorted(str(p) for p in folder.glob("*.py")),
                cwd=str(path.resolve().parent), test_dir=str(folder), ignore_errors=True)
    finally:
        if profile:
            if old is None:
                os.environ.pop("DLCOURSE_PROFILE", None)
            else:
                os.environ["DLCOURSE_PROFILE"] = old
    report = []
    for question in sorted(tests, key=protocol.question_key):
        result = results.results.get(question)
        if result is None:
            report.append((question, False, "not checked"))
            continue
        passed = bool(result.passed_all) if hasattr(result, "passed_all") else \
            result.score == result.possible
        report.append((question, passed, result.summary() if hasattr(result, "summary")
                       else str(result)))
    return report
