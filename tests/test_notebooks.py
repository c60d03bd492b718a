"""Every master: built student notebook up to date and leak-free, graded by otter."""

import json
import subprocess
import sys
from pathlib import Path

import master_run
import nbformat
import pytest

from dlcourse import build
from dlcourse.grading import protocol

ROOT = Path(__file__).resolve().parents[1]
MASTERS = build.masters(ROOT / "solutions")
IDS = [m.stem for m in MASTERS]
WRONG_DIR = Path(__file__).parent / "wrong_answers"


def _cases(zip_path):
    for name, spec in protocol.bundle_tests(zip_path).items():
        yield name, spec["points"], [case for suite in spec["suites"] for case in suite["cases"]]


def grade(zip_path, submission, tmp_path):
    """Scores per question from `otter run` (no Docker)."""
    out = tmp_path / f"graded-{submission.stem}"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(zip_path), "-o", str(out),
         str(submission)], capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    results = json.loads((out / "results.json").read_text())
    scores = {t["name"]: (t["score"], t["max_score"]) for t in results["tests"] if "score" in t}
    public = "".join(t.get("output", "") for t in results["tests"] if t["name"] == "Public Tests")
    return Scores(scores, public, results.get("output") or "")


class Scores(dict):
    """Question -> (score, max score), with otter's public-check report and dlcourse's output."""

    def __init__(self, scores, public, output):
        super().__init__(scores)
        self.public, self.output = public, output


def test_there_are_masters():
    assert MASTERS, "no solutions/NN_*.ipynb found"


def test_no_stray_student_notebooks():
    assert sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")) == \
        sorted(m.name for m in MASTERS)


class NotebookTests:
    """The checks of one master; one subclass per master (below), so pytest-xdist's
    `--dist loadscope` hands each notebook's tests to one worker as a unit."""

    master: Path

    @pytest.fixture(scope="class")
    @classmethod
    def built(cls, tmp_path_factory):
        """The master built into a temporary folder (otter's own test run skipped: the
        `executed` fixture runs the master)."""
        out = tmp_path_factory.mktemp("fresh")
        return build.build_one(cls.master, out / "notebooks", out / "autograder",
                               run_tests=False)

    @pytest.mark.slow
    def test_committed_student_notebook_is_up_to_date(self, built):
        committed = ROOT / "notebooks" / self.master.name
        assert committed.is_file(), f"run `dlcourse build` to create {committed}"
        assert committed.read_bytes() == built.student.read_bytes(), (
            f"{committed} differs from what {self.master} generates: run `dlcourse build`")

    @pytest.mark.slow
    def test_no_solution_or_hidden_test_in_committed_notebook(self, built):
        text = (ROOT / "notebooks" / self.master.name).read_text()
        hidden = protocol.hidden_codes(protocol.bundle_tests(built.autograder))
        assert hidden, "expected hidden tests in the autograder bundle"
        build.check_no_leaks(text, hidden, self.master.name)

    def test_checks_cell_runs_where_students_are(self, tmp_path, monkeypatch):
        """The embedded checks cell is Python a student runs (no tests/ folder, no repo): it
        must define `grader`, and `grader.check` must fail an unanswered question."""
        monkeypatch.chdir(tmp_path)
        nb = nbformat.read(ROOT / "notebooks" / self.master.name, as_version=4)
        cell = next(c for c in nb.cells
                    if c.cell_type == "code" and protocol.is_checks_cell(c.source))
        namespace = {}
        exec(compile(cell.source, "<checks cell>", "exec"), namespace)
        question = sorted(protocol.embedded_tests(nb))[0]
        result = namespace["grader"].check(question, global_env={})
        assert not result.passed_all, f"{question} passed with nothing answered"

    @pytest.mark.slow
    def test_every_question_has_public_and_hidden_tests(self, built):
        questions = list(_cases(built.autograder))
        assert questions
        for name, points, cases in questions:
            assert points > 0, name
            assert any(not c["hidden"] for c in cases), f"{name} has no public test"
            assert any(c["hidden"] for c in cases), f"{name} has no hidden test"

    @pytest.mark.slow
    def test_master_earns_full_marks(self, built, tmp_path):
        submission = tmp_path / "submitted" / self.master.name
        submission.parent.mkdir()
        nbformat.write(build.as_submitted(nbformat.read(self.master, as_version=4)), submission)
        scores = grade(built.autograder, submission, tmp_path)
        assert scores and all(score == top for score, top in scores.values()), scores
        # every public check passes too, the forbid checks (worth no points) included
        assert "❌" not in scores.public and "failed" not in scores.public, scores.public[-3000:]
        assert not scores.output, f"dlcourse's plugin says: {scores.output}"

    @pytest.fixture(scope="class")
    @classmethod
    def executed(cls):
        """The master's one in-kernel execution, with its PUBLIC and WRONG cases."""
        public, wrong = master_run.wrong_cases(cls.master.stem)
        return master_run.run_master(cls.master, public, wrong), public, wrong

    @pytest.mark.slow
    def test_master_runs_clean_with_its_committed_outputs(self, executed):
        """What nbval's lax mode checked, from the same execution as the cases below."""
        run = executed[0]
        assert not run.errors, f"cells raised: {run.errors}"
        assert not run.mismatches, (
            "cells marked NBVAL_CHECK_OUTPUT printed something else than the committed "
            f"outputs (python tests/master_run.py {self.master} --save updates them): "
            f"{run.mismatches}")

    @pytest.mark.slow
    def test_public_checks_fail_wrong_answers(self, executed):
        """Every PUBLIC case: the question's public checks alone (what a student's
        `grader.check` runs) fail it, with a check's error."""
        run, public, _ = executed
        assert public, f"add PUBLIC cases to {WRONG_DIR / self.master.stem}.py"
        self._caught(run.public, public)

    @pytest.mark.slow
    def test_checks_fail_wrong_answers(self, executed):
        """Every WRONG case, each on its own: some test of its question, public or hidden,
        fails it."""
        run, _, wrong = executed
        assert wrong, f"add WRONG cases to {WRONG_DIR / self.master.stem}.py"
        self._caught(run.wrong, wrong)

    @staticmethod
    def _caught(outcome, cases):
        passed = [(cases[n][0], cases[n][2]) for n, error in outcome.items() if error is None]
        assert not passed, f"the checks passed these wrong answers: {passed}"
        off = {cases[n][0]: error for n, error in outcome.items()
               if error.startswith(master_run.BROKEN)}
        assert not off, f"these cases failed for the wrong reason: {off}"

    @pytest.mark.slow
    def test_unanswered_questions_fail_every_check(self, executed):
        """Each question run as the student notebook has it (otter's stubs): every one of its
        test cells, public and hidden, fails, so an unanswered question earns 0 points.
        (Graded by otter, a question's points are split over its test cells.)"""
        run = executed[0]
        questions = master_run.questions(nbformat.read(self.master, as_version=4))
        assert set(run.unanswered) == {q for q, spec in questions.items() if spec.solution}
        passed = {q: cells for q, cells in run.unanswered.items() if cells}
        assert not passed, f"test cells that pass with the question unanswered: {passed}"


for _master in MASTERS:
    _name = f"TestNotebook{_master.stem.split('_')[0]}"
    globals()[_name] = type(_name, (NotebookTests,), {"master": _master})
