"""The formats dlcourse shares with otter-grader and with its own grading guard.

- otter's OK-format test files (`OK_FORMAT = True`, then `test = {...}`, a
  Python literal), as an autograder zip holds them under `tests/` and as
  `dlcourse build` embeds the public ones in a student notebook's checks cell.
- The grading guard: the cells `dlcourse grade` adds around a submission, the
  environment variables it passes to the kernel, and the events file the guard
  writes back (one `kind<TAB>detail` line per event).

Only the standard library: student notebooks import this module.
"""

from __future__ import annotations

import ast
import json
import os
import pprint
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "bundle_points", "bundle_tests", "cell_source", "checks_cell_source", "code_sources",
    "embedded_tests", "event_line", "hidden_codes", "is_checks_cell", "public_tests",
    "question_key", "read_events", "read_test_file", "write_test_file",
]

# the guard ------------------------------------------------------------------

ENV_ROOT = "DLCOURSE_GRADE_ROOT"  # the sandbox folder: the only place a submission may write
ENV_EVENTS = "DLCOURSE_GRADE_EVENTS"  # the events file the guard appends to
ENV_MAX_OUTPUT = "DLCOURSE_GRADE_MAX_OUTPUT"  # characters of printed output allowed
ENV_RESULTS_DIR = "DLCOURSE_GRADE_RESULTS_DIR"  # where otter's last cell pickles the results
ENV_ANSWERS = "DLCOURSE_GRADE_ANSWERS"  # JSON list: the names the tests read (answers)
# the otter plugin every bundle names (`dlcourse.grading.plugin`); its events: `scan`,
# `invalid` (not run), `forbid` (one question scores 0), besides the guard's
PLUGIN_NAME = "dlcourse.grading.plugin.GradingPlugin"

GUARD_FIRST = ("# Added by `dlcourse grade`: the grading guard. Not part of the submission.\n"
               "import dlcourse.grading.guard\n"
               "dlcourse.grading.guard.install()")
GUARD_LAST = ("# Added by `dlcourse grade`: restores what the tests rely on.\n"
              "import dlcourse.grading.guard\n"
              "dlcourse.grading.guard.finish(globals())")

# otter's test files and dlcourse's checks cell --------------------------------

OK_FORMAT_HEADER = "OK_FORMAT = True\n\ntest = "
CHECKS_CALL = "load_checks("  # what marks the checks cell of a student notebook
CHECKS_TEMPLATE = """\
# @title The public checks of this notebook (run this cell first; do not edit)
# The public checks of this notebook: grader.check("q1") runs them. Do not edit.
from dlcourse import grading

grader = grading.load_checks({tests})"""


class FormatError(ValueError):
    """A file or notebook that does not hold otter tests where they are expected."""


def read_test_file(text: str) -> dict[str, Any]:
    """The test of one otter OK-format test file.

    Args:
        text: the file's content: `OK_FORMAT = True`, then `test = {...}`.

    Returns:
        The test dict (`name`, `points`, `suites`, each suite with its `cases`).

    Raises:
        FormatError: no `test = ` in the text.
        ValueError, SyntaxError: what follows `test = ` is not a Python literal.

    Example:
        >>> read_test_file(write_test_file({"name": "q1", "points": 1, "suites": []}))["name"]
        'q1'
    """
    _, found, literal = text.partition("test = ")
    if not found:
        raise FormatError("expected `test = {...}` in an otter test file")
    return ast.literal_eval(literal)


def write_test_file(spec: Mapping[str, Any]) -> str:
    """The text of an otter OK-format test file that holds `spec`.

    Args:
        spec: one test dict (`name`, `points`, `suites`).

    Returns:
        The file's text; `read_test_file` reads `spec` back from it.

    Example:
        >>> write_test_file({"name": "q1"})
        "OK_FORMAT = True\\n\\ntest = {'name': 'q1'}\\n"
    """
    return f"{OK_FORMAT_HEADER}{pprint.pformat(spec, width=100)}\n"


def question_key(name: str) -> tuple[int, str]:
    """A sort key that puts q2 before q10: the name's first number, then the name.

    Args:
        name: a question name such as "q10".

    Returns:
        (first number in the name, or 0; the name).

    Example:
        >>> sorted(["q10", "q2", "q1"], key=question_key)
        ['q1', 'q2', 'q10']
    """
    digits = re.findall(r"\d+", name)
    return (int(digits[0]) if digits else 0, name)


def bundle_tests(zip_path: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """The tests of an otter autograder zip, read from its `tests/*.py`.

    Args:
        zip_path: the autograder zip (`dlcourse build` writes them to dist/autograder/).

    Returns:
        Question name -> test dict, sorted by `question_key`; empty if the zip has no tests.

    Raises:
        FormatError: not a readable zip, or a test file not in otter's OK format.

    Example:
        >>> list(bundle_tests("dist/autograder/01_x-autograder.zip"))  # doctest: +SKIP
        ['q1', 'q2']
    """
    tests = {}
    try:
        with zipfile.ZipFile(zip_path) as z:
            for name in sorted(z.namelist()):
                if name.startswith("tests/") and name.endswith(".py"):
                    spec = read_test_file(z.read(name).decode())
                    tests[spec["name"]] = spec
    except (OSError, zipfile.BadZipFile, KeyError, IndexError, ValueError, SyntaxError) as e:
        raise _not_a_bundle(zip_path, e) from e
    return dict(sorted(tests.items(), key=lambda kv: question_key(kv[0])))


def _not_a_bundle(zip_path: str | os.PathLike, e: Exception) -> FormatError:
    return FormatError(f"{zip_path} is not an otter autograder zip ({e}). Expected the zip "
                       "`dlcourse build` writes to dist/autograder/.")


def bundle_points(zip_path: str | os.PathLike) -> dict[str, float]:
    """Question -> points, read from the test files of an otter autograder zip.

    Args:
        zip_path: the autograder zip.

    Returns:
        Points per question, in question order (q1, q2, ..., q10).

    Raises:
        FormatError: not an autograder zip, or one without tests.

    Example:
        >>> bundle_points("dist/autograder/01_x-autograder.zip")  # doctest: +SKIP
        {'q1': 2.0, 'q2': 4.0}
    """
    tests = bundle_tests(zip_path)
    try:
        points = {name: float(spec.get("points") or 0) for name, spec in tests.items()}
    except ValueError as e:
        raise _not_a_bundle(zip_path, e) from e
    if not points:
        raise FormatError(f"{zip_path} holds no tests/*.py: is it an otter autograder zip?")
    return points


def hidden_codes(specs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The code of every hidden test case.

    Args:
        specs: question -> test dict, as from `bundle_tests`.

    Returns:
        Each hidden case's doctest code (`>>> ...` lines), question by question.

    Example:
        >>> case = {"code": ">>> assert z == 14", "hidden": True}
        >>> hidden_codes({"q1": {"name": "q1", "suites": [{"cases": [case]}]}})
        ['>>> assert z == 14']
    """
    return [case["code"] for spec in specs.values() for suite in spec.get("suites", [])
            for case in suite["cases"] if case.get("hidden")]


def public_tests(specs: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """The tests with their hidden cases removed: what a student may see.

    Args:
        specs: question -> test dict, as otter assign stores them in a student
            notebook's `metadata["otter"]["tests"]`.

    Returns:
        Copies of the test dicts, each suite keeping its public cases only.

    Example:
        >>> cases = [{"code": ">>> z", "hidden": False}, {"code": ">>> 1/0", "hidden": True}]
        >>> public_tests({"q1": {"suites": [{"cases": cases}]}})["q1"]["suites"][0]["cases"]
        [{'code': '>>> z', 'hidden': False}]
    """
    public = {}
    for name, spec in specs.items():
        spec = json.loads(json.dumps(spec))
        for suite in spec.get("suites", []):
            suite["cases"] = [c for c in suite.get("cases", []) if not c.get("hidden")]
        public[name] = spec
    return public


def checks_cell_source(tests: Mapping[str, Any]) -> str:
    """The student notebook's checks cell, with the public tests embedded.

    The tests are written as a Python literal (`True`, not JSON's `true`): the
    cell is Python that students run. `embedded_tests` reads them back.

    Args:
        tests: question -> public test dict.

    Returns:
        The cell's source.

    Example:
        >>> print(checks_cell_source({}).splitlines()[-1])
        grader = grading.load_checks({})
    """
    return CHECKS_TEMPLATE.format(tests=pprint.pformat(tests, width=100, sort_dicts=True))


def is_checks_cell(source: str) -> bool:
    """Whether a code cell's source is (or replaces) the checks cell.

    Args:
        source: a code cell's source.

    Returns:
        True if it calls `load_checks(`.

    Example:
        >>> is_checks_cell(checks_cell_source({}))
        True
    """
    return CHECKS_CALL in source


def embedded_tests(nb: Mapping[str, Any]) -> dict[str, Any]:
    """The public tests `dlcourse build` embeds in a student notebook's checks cell.

    Args:
        nb: a student notebook, as a dict or an nbformat node.

    Returns:
        Question -> public test dict: the argument of its `grading.load_checks(...)` call.

    Raises:
        FormatError: no checks cell.

    Example:
        >>> nb = {"cells": [{"cell_type": "code", "source": checks_cell_source({"q1": {}})}]}
        >>> embedded_tests(nb)
        {'q1': {}}
    """
    for cell in nb.get("cells", []):
        source = cell_source(cell)
        if cell.get("cell_type") == "code" and is_checks_cell(source):
            tree = ast.parse(source)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "load_checks":
                    return ast.literal_eval(node.args[0])
    raise FormatError("No public checks found: expected a student notebook made by "
                      "`dlcourse build` (its second code cell calls grading.load_checks).")


def cell_source(cell: Mapping[str, Any]) -> str:
    """A cell's source as one string (notebook files store it as a list of lines or a string).

    Args:
        cell: a notebook cell, as json or nbformat reads it.

    Returns:
        The source.

    Example:
        >>> cell_source({"source": ["a = 1\\n", "b = 2"]})
        'a = 1\\nb = 2'
    """
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def code_sources(nb: Mapping[str, Any]) -> list[str]:
    """The sources of a notebook's code cells, in order.

    Args:
        nb: the notebook, as json or nbformat reads it.

    Returns:
        One string per code cell.

    Example:
        >>> code_sources({"cells": [{"cell_type": "markdown", "source": "# 01"},
        ...                         {"cell_type": "code", "source": "z = 14"}]})
        ['z = 14']
    """
    return [cell_source(c) for c in nb.get("cells", []) if c.get("cell_type") == "code"]


def event_line(kind: str, detail: str) -> str:
    """One line of the events file: `kind<TAB>detail`, on one line, at most 500 characters.

    Args:
        kind: e.g. `"tamper"`, `"forbid"`, `"read"`.
        detail: what happened.

    Returns:
        The line, without its newline.

    Example:
        >>> event_line("tamper", "replaced numpy.allclose\\n")
        'tamper\\treplaced numpy.allclose '
    """
    return f"{kind}\t{detail}".replace("\n", " ")[:500]


def read_events(path: str | os.PathLike) -> list[tuple[str, str]]:
    """The events the guard recorded, each once, in the order first recorded.

    Args:
        path: the events file (`ENV_EVENTS`): one `kind<TAB>detail` line per event.

    Returns:
        (kind, detail) pairs; empty if the file does not exist.

    Example:
        >>> read_events("/no/such/events.log")
        []
    """
    path = Path(path)
    if not path.is_file():
        return []
    events = []
    for line in path.read_text(errors="replace").splitlines():
        kind, _, detail = line.partition("\t")
        if (kind, detail) not in events:
            events.append((kind, detail))
    return events
