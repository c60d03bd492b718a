"""One execution of a master notebook, and everything the test suite checks on it.

`run_master` executes the master once, in order, in one kernel (the fast profile comes from
the environment), and reports:

- cells that raised (a master must run clean);
- cells marked `# NBVAL_CHECK_OUTPUT` whose printed output differs from the committed one
  (stdout and `text/plain`, after `tests/nbval_sanitize.cfg`; what nbval's lax mode
  compared, without a second execution);
- wrong-answer cases from `tests/wrong_answers/NN.py`, each run on its own just before the
  question's solution cells run for real: the solution cells with `right` replaced by
  `wrong`, then the question's test cells. A `PUBLIC` case must be failed by the public test
  cells alone (what `grader.check` runs on the student's side); a `WRONG` case by some test
  cell, public or hidden (what grading runs). The real solution cells then run, so no case
  leaves anything behind for the rest of the notebook.
- unanswered questions, each just before its wrong-answer cases: the solution cells as the
  student notebook has them (otter's stubs), then every test cell of the question on its own;
  each must fail, or the question would earn points with nothing written.

    python tests/master_run.py solutions/06_regularization.ipynb [--save]

runs one master and prints the report; `--save` writes the executed notebook back (its
outputs become the committed ones that `# NBVAL_CHECK_OUTPUT` cells are compared with).
"""

from __future__ import annotations

import configparser
import copy
import re
import runpy
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
HIDDEN = "hidden: true"
MARK = "NBVAL_CHECK_OUTPUT"
# an error a case may not count as "caught": the case itself is broken
BROKEN = ("NameError", "SyntaxError", "IndentationError")


@dataclass
class Question:
    """A question's code cells in the master: solution, public-test and hidden-test indices."""

    name: str
    solution: list[int] = field(default_factory=list)
    public: list[int] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)


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
        elif block == "tests":
            hidden = HIDDEN in text.split("# END TEST CONFIG")[0]
            (current.hidden if hidden else current.public).append(index)
    return found


def wrong_cases(stem: str) -> tuple[list, list]:
    """(PUBLIC, WRONG) lists of tests/wrong_answers/<stem>.py."""
    path = HERE / "wrong_answers" / f"{stem}.py"
    found = runpy.run_path(str(path)) if path.is_file() else {}
    return list(found.get("PUBLIC", [])), list(found.get("WRONG", []))


def sanitizers() -> list[tuple[re.Pattern, str]]:
    parser = configparser.ConfigParser()
    parser.read(HERE / "nbval_sanitize.cfg")
    return [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]


def printed(outputs, rules) -> dict[str, list[str]]:
    """What nbval's lax mode compares: stdout and text/plain (images, stderr and widget ids
    are run-to-run noise), sanitized."""
    found: dict[str, list[str]] = {}
    for out in outputs:
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            texts = [("stdout", out.get("text", ""))]
        else:
            texts = [(k, v) for k, v in (out.get("data") or {}).items() if k == "text/plain"]
        for key, text in texts:
            text = "".join(text) if isinstance(text, list) else text
            for pattern, replace in rules:
                text = pattern.sub(replace, text)
            found.setdefault(key, []).append(text)
    if "stdout" in found:  # how the stream was split into outputs is not part of it
        found["stdout"] = ["".join(found["stdout"])]
    return found


def _raised(cell) -> str | None:
    for output in cell.get("outputs", []):
        if output.get("output_type") == "error":
            return f"{output.get('ename')}: {output.get('evalue')}"
    return None


@dataclass
class MasterRun:
    """What one execution of a master found."""

    errors: list[tuple[int, str]] = field(default_factory=list)  # (cell index, error)
    mismatches: list[tuple[int, dict, dict]] = field(default_factory=list)  # (index, want, got)
    public: dict[int, str | None] = field(default_factory=dict)  # case -> error (None: passed)
    wrong: dict[int, str | None] = field(default_factory=dict)
    # question -> indices of its test cells that passed with the question unanswered
    unanswered: dict[str, list[int]] = field(default_factory=dict)
    seconds: float = 0.0
    executed: object = None  # the executed notebook


def _validate(cases, found, nb, kind, name):
    by_first: dict[int, list[int]] = {}
    for number, (question, right, _) in enumerate(cases):
        if question not in found:
            raise ValueError(f"{kind} case {number}: no question {question!r} in {name}; "
                             f"expected one of {sorted(found)}")
        spec = found[question]
        count = sum(nb.cells[i].source.count(right) for i in spec.solution)
        if count != 1:
            raise ValueError(f"{kind} case {number} ({question}): {right!r} found {count} times "
                             "in its solution cells, expected once")
        if not spec.public:
            raise ValueError(f"{question} has no public test cell")
        by_first.setdefault(spec.solution[0], []).append(number)
    return by_first


def _trial(client, nb, i, source: str) -> str | None:
    """Runs `source` as cell i, leaving the notebook's cell i as it was; the error it raised."""
    original = nb.cells[i]
    trial = copy.deepcopy(original)
    trial.source = source
    try:
        client.execute_cell(trial, i)
    finally:
        nb.cells[i] = original  # nbclient stores the cell it ran in nb.cells[i]
    return _raised(trial)


def _run_case(client, nb, spec, right, wrong, tests, kind, number):
    """The error one of `tests` raised on the wrong answer, or None if they all passed it."""
    for i in spec.solution + tests:
        error = _trial(client, nb, i, nb.cells[i].source.replace(right, wrong))
        if error and i in spec.solution:
            raise ValueError(f"{kind} case {number} ({spec.name}): the wrong answer itself "
                             f"raised ({error}); a case must run and be caught by a check")
        if error:
            return error
    return None


def stubbed(source: str) -> str:
    """A solution cell as the student notebook has it: otter assign's stubs."""
    from otter.assign.solutions import replace_solutions

    return "\n".join(replace_solutions(source.split("\n"), "python"))


def _run_unanswered(client, nb, spec) -> list[int]:
    """The question's test cells that pass with its solution cells stubbed, each run alone."""
    for i in spec.solution:  # a stub may raise (e.g. `...` used as a number)
        _trial(client, nb, i, stubbed(nb.cells[i].source))
    return [i for i in spec.public + spec.hidden
            if _trial(client, nb, i, nb.cells[i].source) is None]


def run_master(master: Path, public=(), wrong=(), timeout: int = 600,
               unanswered: bool = True) -> MasterRun:
    """Executes `master` once; see the module docstring.

    With `unanswered`, every question is also run unanswered (`MasterRun.unanswered`).

    Raises:
        ValueError: a case names an unknown question, its `right` text is not found exactly
            once in that question's solution cells, or the wrong answer raises by itself.
    """
    from nbclient import NotebookClient

    master = Path(master)
    nb = nbformat.read(master, as_version=4)
    committed = copy.deepcopy(nb)
    found = questions(nb)
    public, wrong = list(public), list(wrong)
    public_at = _validate(public, found, nb, "PUBLIC", master.name)
    wrong_at = _validate(wrong, found, nb, "WRONG", master.name)
    rules = sanitizers()
    stub_at = {spec.solution[0]: spec for spec in found.values() if spec.solution} \
        if unanswered else {}
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(master.parent)}})
    run = MasterRun()
    start = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if index in stub_at:
                run.unanswered[stub_at[index].name] = _run_unanswered(client, nb, stub_at[index])
            for number in public_at.get(index, []):
                q, right, text = public[number]
                run.public[number] = _run_case(client, nb, found[q], right, text,
                                               found[q].public, "PUBLIC", number)
            for number in wrong_at.get(index, []):
                q, right, text = wrong[number]
                run.wrong[number] = _run_case(client, nb, found[q], right, text,
                                              found[q].public + found[q].hidden, "WRONG", number)
            client.execute_cell(cell, index)
            error = _raised(cell)
            if error:
                run.errors.append((index, error))
            elif MARK in cell.source.split("\n", 1)[0]:
                want = printed(committed.cells[index].get("outputs", []), rules)
                got = printed(cell.outputs, rules)
                if want != got:
                    run.mismatches.append((index, want, got))
    run.seconds = time.perf_counter() - start
    run.executed = nb
    return run


def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("master", type=Path)
    parser.add_argument("--save", action="store_true",
                        help="write the executed notebook back to MASTER")
    args = parser.parse_args(argv)
    public, wrong = wrong_cases(args.master.stem)
    run = run_master(args.master, public, wrong)
    print(f"{args.master.name}: {run.seconds:.1f} s")
    for index, error in run.errors:
        print(f"  cell {index} raised {error}")
    for index, want, got in run.mismatches:
        print(f"  cell {index} printed {got} instead of the committed {want}")
    for kind, cases, outcome in (("PUBLIC", public, run.public), ("WRONG", wrong, run.wrong)):
        for number, error in sorted(outcome.items()):
            verdict = "PASSED the checks" if error is None else f"caught: {error[:90]}"
            print(f"  {kind} {number} {cases[number][0]}: {verdict}")
    if args.save:
        if run.errors:
            print("not saved: the master raised")
            return 1
        for cell in run.executed.cells:
            cell.metadata.pop("execution", None)
        nbformat.write(run.executed, args.master)
        print(f"saved {args.master}")
    for question, passed in run.unanswered.items():
        if passed:
            print(f"  {question} unanswered: test cells {passed} PASSED")
    bad = run.errors or run.mismatches or None in run.public.values() \
        or None in run.wrong.values() or any(run.unanswered.values())
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
