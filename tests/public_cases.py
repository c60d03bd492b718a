"""Wrong answers that a question's *public* check alone must fail.

`tests/wrong_answers/NN.py` may hold `PUBLIC = [(question, right, wrong), ...]`: answers a
student holding the section's misconception would plausibly write. `run_public_cases`
executes the master once in a kernel, in order. Just before a question's solution cells run
for real, it runs each of that question's cases: the solution cells with `right` replaced by
`wrong`, then the question's public test cells (what `grader.check` runs on the student's
side), and records whether any of those cells raised. The real solution cells then run, so
the cases leave nothing behind for the rest of the notebook.
"""

from __future__ import annotations

import copy
import runpy
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HIDDEN = "hidden: true"


@dataclass
class Question:
    """A question's cells in the master: indices of solution and public-test code cells."""

    name: str
    solution: list[int] = field(default_factory=list)
    public: list[int] = field(default_factory=list)


def questions(nb) -> dict[str, Question]:
    """question name -> Question, from the master's BEGIN/END markers."""
    import yaml

    found, current, block = {}, None, None
    for index, cell in enumerate(nb.cells):
        text = cell.source.lstrip()
        if cell.cell_type == "raw":
            if text.startswith("# BEGIN QUESTION"):
                config = yaml.safe_load(text.split("\n", 1)[1]) or {}
                current = found.setdefault(str(config["name"]), Question(str(config["name"])))
            elif text.startswith("# END QUESTION"):
                current = None
            elif text.startswith("# BEGIN SOLUTION"):
                block = "solution"
            elif text.startswith("# BEGIN TESTS"):
                block = "tests"
            elif text.startswith("# END"):
                block = None
            continue
        if current is None or cell.cell_type != "code":
            continue
        if block == "solution":
            current.solution.append(index)
        elif block == "tests" and HIDDEN not in text.split("# END TEST CONFIG")[0]:
            current.public.append(index)
    return found


def public_cases(path: Path) -> list[tuple[str, str, str]]:
    """The PUBLIC list of a wrong-answers file (empty when it has none)."""
    return list(runpy.run_path(str(path)).get("PUBLIC", []))


def _raised(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
    return None


def run_public_cases(master: Path, cases: list[tuple[str, str, str]],
                     timeout: int = 600) -> dict[int, str | None]:
    """Case index -> the error the public checks raised (None: they passed the wrong answer).

    Raises:
        ValueError: a case names an unknown question, or its `right` text is not found
            exactly once in that question's solution cells.
    """
    from nbclient import NotebookClient

    nb = nbformat.read(master, as_version=4)
    found = questions(nb)
    by_first_cell: dict[int, list[int]] = {}
    for number, (question, right, _) in enumerate(cases):
        if question not in found:
            raise ValueError(f"PUBLIC case {number}: no question {question!r} in {master.name}; "
                             f"expected one of {sorted(found)}")
        spec = found[question]
        count = sum(nb.cells[i].source.count(right) for i in spec.solution)
        if count != 1:
            raise ValueError(f"PUBLIC case {number} ({question}): {right!r} found {count} times "
                             "in its solution cells, expected once")
        if not spec.public:
            raise ValueError(f"{question} has no public test cell")
        by_first_cell.setdefault(spec.solution[0], []).append(number)

    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(master.parent)}})
    outcome: dict[int, str | None] = {}
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for number in by_first_cell.get(index, []):
                question, right, wrong = cases[number]
                spec = found[question]
                outcome[number] = None
                for i in spec.solution + spec.public:
                    trial = copy.deepcopy(nb.cells[i])
                    trial.source = trial.source.replace(right, wrong)
                    client.execute_cell(trial, i)
                    error = _raised(trial)
                    if error and i in spec.solution:
                        raise ValueError(f"PUBLIC case {number} ({question}): the wrong answer "
                                         f"itself raised ({error}); a case must run and be "
                                         "caught by the public check")
                    if error:
                        outcome[number] = error
                        break
            client.execute_cell(cell, index)
    return outcome
