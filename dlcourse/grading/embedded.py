"""Public checks that travel inside a student notebook.

otter-grader keeps a notebook's public tests in the notebook's metadata and
reads them from the notebook file, which does not exist on Colab (otter then
says "Test q1 does not exist"). `dlcourse build` therefore copies the public
tests into the notebook's setup cell, and `load_checks` writes them to a
private temporary folder that otter reads like a local `tests/` folder.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from dlcourse.grading.protocol import write_test_file


def write_tests(tests: dict[str, Any], folder: str | Path) -> Path:
    """Writes otter OK-format test files, one `<question>.py` per question.

    Args:
        tests: question name -> otter test dict (`name`, `points`, `suites`),
            as otter assign stores it in `metadata["otter"]["tests"]`.
        folder: where to write them.

    Returns:
        The folder.

    Example:
        >>> t = {"q1": {"name": "q1", "points": 1, "suites": []}}
        >>> sorted(p.name for p in write_tests(t, tempfile.mkdtemp()).iterdir())
        ['q1.py']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for question, spec in tests.items():
        if not str(question).isidentifier():
            raise ValueError(f"Expected question names like 'q1'. Received: {question!r}")
        (folder / f"{question}.py").write_text(write_test_file(spec))
    return folder


def load_checks(tests: dict[str, Any]):
    """Returns an otter grader whose `check("q1")` runs the embedded public tests.

    Works in Jupyter, in VS Code and on Colab, with no `tests/` folder and no
    clone of the course repository.

    Args:
        tests: question name -> otter test dict, as embedded by `dlcourse build`.

    Returns:
        An `otter.Notebook`; use `grader.check("q1")` and `grader.check_all()`.

    Example:
        >>> grader = load_checks({"q1": {"name": "q1", "points": 1, "suites": []}})
    """
    import otter

    if not isinstance(tests, dict) or not tests:
        raise TypeError(
            "Expected the dict of public tests that `dlcourse build` embeds in the setup cell. "
            f"Received: {type(tests).__name__}. Re-download the notebook if the cell was edited."
        )
    folder = write_tests(tests, tempfile.mkdtemp(prefix="dlcourse-checks-"))
    return otter.Notebook(tests_dir=str(folder))
