"""What `dlcourse grade` writes: the CSV gradebook and one feedback file per submission."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from dlcourse._io import atomic_write
from dlcourse.grading.assignment import Assignment

__all__ = ["feedback", "feedback_names", "gradebook_csv", "write_outputs", "written_answers"]

UNANSWERED = "_Type your answer here, replacing this text._"  # otter's placeholder


@dataclass
class Row:
    """One submission's line in the gradebook, and what its feedback file says."""

    file: str
    status: str
    reason: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    public: str = ""  # otter's report of the public tests only
    peak_mb: float = 0.0  # peak resident memory of otter and its kernel (MiB); not in the CSV
    written: dict[str, str] = field(default_factory=dict)  # manual question -> the answer

    @property
    def total(self) -> float:
        return float(sum(self.scores.values()))


def _fmt(x: float) -> str:
    return f"{x:g}"


def written_answers(nb: dict, manual: dict[str, float]) -> dict[str, str]:
    """A submission's answers to the written questions, from the cells `dlcourse build` tagged.

    Args:
        nb: the submitted notebook (a dict or nbformat node).
        manual: the assignment's manual questions and points.

    Returns:
        question -> the student's text ("" when left unanswered), for every manual question.

    Example:
        >>> cell = {"cell_type": "markdown", "source": "The loss falls slowly.",
        ...         "metadata": {"dlcourse": {"manual": "q3"}}}
        >>> written_answers({"cells": [cell]}, {"q3": 2.0})
        {'q3': 'The loss falls slowly.'}
    """
    found: dict[str, list[str]] = {q: [] for q in manual}
    for cell in nb.get("cells", []):
        tag = (cell.get("metadata") or {}).get("dlcourse") or {}
        question = tag.get("manual") if isinstance(tag, dict) else None
        if question in found and cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            text = "".join(source) if isinstance(source, list) else str(source)
            if text.strip() and text.strip() != UNANSWERED:
                found[question].append(text.strip())
    return {q: "\n\n".join(parts) for q, parts in found.items()}


def gradebook_csv(rows: Sequence[Row], assignment: Assignment) -> str:
    """The gradebook as CSV text: file, one column per autograded question, one empty column
    per written question (`q3 (manual, 2)`, for the instructor to fill), the autograded
    total, status, reason.

    Args:
        rows: one per submission.
        assignment: its questions name the columns.

    Returns:
        The CSV text, a header line first.

    Example:
        >>> gradebook_csv([Row("a.ipynb", "graded", "", {"q1": 2})], assignment)  # doctest: +SKIP
        'file,q1,q2,total,status,reason\\na.ipynb,2,0,2,graded,\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    manual = [f"{q} (manual, {_fmt(p)})" for q, p in assignment.manual.items()]
    writer.writerow(["file", *assignment.points, *manual, "total", "status", "reason"])
    for row in rows:
        writer.writerow([row.file, *(_fmt(row.scores.get(q, 0.0)) for q in assignment.points),
                         *([""] * len(manual)), _fmt(row.total), row.status, row.reason])
    return buffer.getvalue()


def feedback_names(files: Sequence[str]) -> list[str]:
    """One feedback file name per submission: `alice.md`, or `alice__01.md` for
    `alice/01.ipynb` when another submission is also called `01.ipynb`.

    Args:
        files: the submitted files.

    Returns:
        A distinct file name for each, in the same order.

    Example:
        >>> feedback_names(["x/alice.ipynb", "bob.ipynb"])
        ['alice.md', 'bob.md']
    """
    stems = [Path(f).stem for f in files]
    if len(set(stems)) == len(stems):
        return [re.sub(r"[^A-Za-z0-9._-]+", "_", s) + ".md" for s in stems]
    names = []
    for f in files:
        path = Path(f).with_suffix("")
        try:
            path = path.resolve().relative_to(Path.cwd())
        except ValueError:
            pass
        names.append(re.sub(r"[^A-Za-z0-9._-]+", "__", str(path).strip("/.")) + ".md")
    return names


def feedback(row: Row, assignment: Assignment) -> str:
    """What a student receives: points per question, status, reason, public checks only.

    Args:
        row: the submission's gradebook row.
        assignment: its questions and points.

    Returns:
        The feedback file's Markdown text.

    Example:
        >>> print(feedback(row, assignment).splitlines()[0])  # doctest: +SKIP
        # 01_neurons_activations_losses: feedback for alice.ipynb
    """
    lines = [f"# {assignment.name}: feedback for {Path(row.file).name}", "",
             f"**Total: {_fmt(row.total)} / {_fmt(assignment.max_points)}** ({row.status})", ""]
    if row.reason:
        lines += [f"Note: {row.reason}", ""]
    lines += ["| question | points | out of |", "|---|---|---|"]
    lines += [f"| {q} | {_fmt(row.scores.get(q, 0.0))} | {_fmt(p)} |"
              for q, p in assignment.points.items()]
    lines += [f"| {q} | graded by hand | {_fmt(p)} |" for q, p in assignment.manual.items()]
    lines += ["", "Hidden tests count towards the points above; only public checks are "
              "shown below."]
    if assignment.manual:
        lines += ["", "## Written answers (graded by hand)"]
        for q in assignment.manual:
            answer = row.written.get(q, "")
            lines += ["", f"### {q}", "", answer or "_(no answer)_"]
    if row.public:
        lines += ["", "## Public checks", "", "```", row.public.strip(), "```"]
    return "\n".join(lines) + "\n"


def write_outputs(rows: Sequence[Row], assignment: Assignment, out: Path,
                  feedback_dir: Path) -> None:
    """Feedback files first, then the gradebook, each written atomically.

    Args:
        rows: one per submission.
        assignment: what they were graded against.
        out: the gradebook CSV.
        feedback_dir: the folder of feedback files (created if missing).

    Returns:
        None.

    Example:
        >>> write_outputs(rows, assignment, Path("g.csv"), Path("g-feedback"))  # doctest: +SKIP
    """
    for row, name in zip(rows, feedback_names([r.file for r in rows]), strict=True):
        atomic_write(Path(feedback_dir) / name, feedback(row, assignment))
    atomic_write(Path(out), gradebook_csv(rows, assignment))
