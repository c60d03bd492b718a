"""`dlcourse grade`: a class's submissions -> a gradebook.

Each submission is graded by otter-grader's own runner (`otter run`, no
Docker) in its own process and its own temporary folder, several at a time.
This module runs the steps in order and turns what happened into a row:

1. Before running (`submission`): the file must be a notebook of the right
   assignment (`assignment`); the static scan (`scan`) reads its code for
   tampering with the grader, which is never run.
2. Running (`sandbox`): `otter run` under a wall-clock limit and a memory cap
   on its process tree, the kernel in a clean environment, the in-kernel guard
   (`guard`) around the submission; what the guard refused comes back through
   the events file (`protocol`).
3. After running: one gradebook row per submission and a feedback file per
   submission (`gradebook`).

Statuses: `graded`; `flagged` (graded, but something was refused: see the
reason); and, all with 0 points, `invalid`, `tampered`, `timeout`, `memory`,
`crashed`, `error`.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from dlcourse.grading.assignment import Assignment, GradingError
from dlcourse.grading.gradebook import Row, written_answers
from dlcourse.grading.protocol import read_events
from dlcourse.grading.sandbox import Limits, run_otter, sandbox_env
from dlcourse.grading.submission import (
    notebook_number,
    notices,
    read_notebook,
    scan_findings,
    trusted_sources,
)

__all__ = ["grade_all", "grade_one"]

_LIMITS = Limits()  # the defaults (frozen, so one instance serves every call)


def _short(items: Sequence[str], limit: int = 3) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def grade_one(path: str | Path, assignment: Assignment, limits: Limits = _LIMITS, *,
              trusted: set[str] | None = None) -> Row:
    """Grades one submission; never raises for a bad submission (the row says why).

    Args:
        path: the submitted .ipynb.
        assignment: from `find_assignment`.
        limits: timeout, memory cap, printed-output cap, profile.
        trusted: cell sources not scanned (default: the released notebook's).

    Returns:
        The gradebook `Row`.

    Example:
        >>> grade_one("alice.ipynb", find_assignment("01", Path("."))).status  # doctest: +SKIP
        'graded'
    """
    path = Path(path)
    row = Row(str(path), "graded")
    nb, problem = read_notebook(path)
    if nb is None:
        row.status, row.reason = "invalid", problem
        return row
    number = notebook_number(nb)
    if number is not None and number != assignment.number:
        row.status = "invalid"
        row.reason = (f"this is notebook {number}, not {assignment.number} "
                      f"({assignment.name}): submitted to the wrong assignment?")
        return row
    row.written = written_answers(nb, assignment.manual)
    findings = scan_findings(nb, assignment, trusted)
    if findings:
        row.status = "tampered"
        row.reason = "tampers with grading, not run: " + _short([str(f) for f in findings])
        return row
    with tempfile.TemporaryDirectory(prefix="dlcourse-grade-") as tmp:
        tmp = Path(tmp)
        sandbox, out = tmp / "sandbox", tmp / "out"
        (sandbox / "work").mkdir(parents=True)
        out.mkdir()
        bundle = tmp / "bundle.zip"
        shutil.copyfile(assignment.bundle, bundle)
        submission = sandbox / "work" / "submission.ipynb"
        import nbformat

        # the bundle's plugin (`plugin`) scans it again, applies the forbid rule and adds the
        # guard's cells, as it does under `otter run` and on Gradescope
        nbformat.write(nbformat.from_dict(nb), submission)
        events_path = tmp / "events.log"
        env = sandbox_env(sandbox, events_path, limits)
        run = run_otter(sandbox / "work", submission, bundle, out, env, limits)
        events = [(kind, detail.replace(str(tmp), "<grading folder>").replace(
            os.path.realpath(tmp), "<grading folder>"))
            for kind, detail in read_events(events_path)]
        results = out / "results.json"
        row = _conclude(row, run.outcome, run.tail, events, results, assignment, limits)
        row.peak_mb = run.peak_rss / 1024 ** 2
        row.reason = "; ".join(filter(None, [row.reason, *notices(nb, assignment)]))
        return row


def _conclude(row: Row, outcome: str, tail: str, events: list[tuple[str, str]], results: Path,
              assignment: Assignment, limits: Limits) -> Row:
    notes = [detail for kind, detail in events if kind in ("exit", "output")]
    # one phrase per kind of refusal: what a student's code globbed for can vary from machine
    # to machine, and a re-run must give the same gradebook
    refused = []
    for kind, phrase in (("read", "reading the hidden tests or the autograder bundle"),
                         ("write", "writing outside its folder"),
                         ("process", "starting processes"), ("signal", "signalling the kernel")):
        details = [d for k, d in events if k == kind]
        if details:
            refused.append(phrase + (f" ({details[0]})" if kind == "write" else ""))
    tampering = [detail for kind, detail in events if kind in ("tamper", "repaired")]
    blocked = [(kind, detail) for kind, detail in events if kind in ("scan", "invalid")]
    forbidden = [detail for kind, detail in events if kind == "forbid"]
    if outcome == "timeout":
        row.status = "timeout"
        row.reason = (f"still running after {limits.timeout:g} s (an endless loop, or too slow: "
                      "raise --timeout)")
    elif outcome == "memory":
        row.status = "memory"
        row.reason = f"used more than {limits.memory_gb:g} GB of memory (raise --memory-gb)"
    elif blocked:  # the plugin refused to run it (dlcourse grade's own checks came first)
        kind, detail = blocked[0]
        row.status, row.reason = ("tampered" if kind == "scan" else "invalid"), detail
    elif tampering:
        row.status = "tampered"
        row.reason = "tampered with grading while running: " + _short(tampering)
    elif outcome == "failed" or not results.is_file():
        died = re.search(r"DeadKernelError|Kernel died|kernel died", tail)
        row.status = "crashed" if died else "error"
        row.reason = ("the kernel died while running the notebook (a crash or a hard exit)"
                      if died else "otter could not grade it: " + _last_error(tail))
    else:
        row.scores, row.public = _scores(results, assignment)
        for detail in forbidden:  # zeroed by the plugin already; the reason says why
            row.scores[detail.split(" ", 1)[0]] = 0.0
        notes = forbidden + notes
        if refused:
            row.status = "flagged"
            notes = ["refused " + "; ".join(refused)] + notes
    if row.status not in ("graded", "flagged"):
        row.scores = {}
    row.reason = "; ".join(filter(None, [row.reason, *notes]))
    return row


def _last_error(tail: str) -> str:
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line)]
    return (errors or lines or ["no output"])[-1][:300]


def _scores(results: Path, assignment: Assignment) -> tuple[dict[str, float], str]:
    data = json.loads(results.read_text())
    scores = {q: 0.0 for q in assignment.points}
    public = ""
    for test in data.get("tests", []):
        name = test.get("name")
        if name in scores and test.get("score") is not None:
            scores[name] = float(test["score"])
        elif test.get("visibility") == "visible" and name == "Public Tests":
            public = str(test.get("output", ""))
    return scores, public


# many submissions ------------------------------------------------------------

def grade_all(paths: Sequence[str | Path], assignment: Assignment, limits: Limits = _LIMITS,
              *, workers: int | None = None, progress: bool = True,
              on_row: Callable[[Row], None] | None = None) -> list[Row]:
    """Grades submissions in parallel (one process each); rows come back in input order.

    Args:
        paths: submitted notebooks.
        assignment: from `find_assignment`.
        limits: per-submission limits.
        workers: submissions graded at once (default: the number of CPU cores).
        progress: show a progress bar on stderr.
        on_row: called with each row as it finishes.

    Returns:
        One `Row` per path, in the order given.

    Example:
        >>> rows = grade_all(["a.ipynb", "b.ipynb"], assignment, workers=2)  # doctest: +SKIP
    """
    from tqdm import tqdm

    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise GradingError(f"--workers must be at least 1. Received: {workers}")
    trusted = trusted_sources(assignment)
    rows: dict[int, Row] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool, tqdm(
            total=len(paths), desc=f"grading {assignment.number}", unit="notebook",
            disable=not progress, file=sys.stderr) as bar:
        futures = {pool.submit(_safe_grade, p, assignment, limits, trusted): i
                   for i, p in enumerate(paths)}
        for future in as_completed(futures):
            row = future.result()
            rows[futures[future]] = row
            bar.update(1)
            bar.set_postfix_str(f"{Path(row.file).name}: {row.status}")
            if on_row:
                on_row(row)
    return [rows[i] for i in range(len(paths))]


def _safe_grade(path: str | Path, assignment: Assignment, limits: Limits,
                trusted: set[str]) -> Row:
    try:
        return grade_one(path, assignment, limits, trusted=trusted)
    except Exception as e:  # a grading run must go on whatever one submission does
        return Row(str(path), "error", f"dlcourse grade failed on this file: {e!r}"[:300])
