"""Every master: built student notebook up to date and leak-free, graded by otter."""

import json
import runpy
import subprocess
import sys
from pathlib import Path

import nbformat
import public_cases
import pytest

from dlcourse import build
from dlcourse.grading import protocol

ROOT = Path(__file__).resolve().parents[1]
MASTERS = build.masters(ROOT / "solutions")
IDS = [m.stem for m in MASTERS]
WRONG_DIR = Path(__file__).parent / "wrong_answers"


def wrong_answers(stem):
    """(question, right text in the master, wrong text) triples from wrong_answers/<stem>.py."""
    path = WRONG_DIR / f"{stem}.py"
    assert path.is_file(), f"add a deliberately wrong submission: {path}"
    return runpy.run_path(str(path))["WRONG"]


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
        """The master built into a temporary folder (otter's own test run skipped: nbval
        runs it)."""
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

    @pytest.mark.slow
    def test_unmodified_student_notebook_earns_zero(self, built, tmp_path):
        student = built.student
        scores = grade(built.autograder, student, tmp_path)
        assert scores and all(score == 0 for score, _ in scores.values()), scores

    @pytest.mark.slow
    def test_wrong_submission_loses_points(self, built, tmp_path):
        wrong_list = wrong_answers(self.master.stem)
        nb = nbformat.read(self.master, as_version=4)
        for question, right, wrong in wrong_list:
            found = sum(cell.source.count(right) for cell in nb.cells)
            assert found == 1, f"{question}: {right!r} found {found} times, expected once"
            for cell in nb.cells:
                cell.source = cell.source.replace(right, wrong)
        submission = tmp_path / self.master.name
        nbformat.write(build.as_submitted(nb), submission)
        scores = grade(built.autograder, submission, tmp_path)
        for question, _, _ in wrong_list:
            score, top = scores[question]
            assert score < top, f"{question} kept {score}/{top} with a wrong answer"

    @pytest.mark.slow
    def test_public_checks_fail_wrong_answers(self):
        """Every PUBLIC case in wrong_answers/<stem>.py: the question's public checks alone
        (what a student's `grader.check` runs) fail it, with a check's error."""
        cases = public_cases.public_cases(WRONG_DIR / f"{self.master.stem}.py")
        if not cases:
            pytest.skip("no PUBLIC cases")
        outcome = public_cases.run_public_cases(self.master, cases)
        passed = [(cases[n][0], cases[n][2]) for n, error in outcome.items() if error is None]
        assert not passed, f"public checks passed these wrong answers: {passed}"
        off = {cases[n][0]: error for n, error in outcome.items()
               if error.startswith(("NameError", "SyntaxError", "IndentationError"))}
        assert not off, f"these cases failed for the wrong reason: {off}"


for _master in MASTERS:
    _name = f"TestNotebook{_master.stem.split('_')[0]}"
    globals()[_name] = type(_name, (NotebookTests,), {"master": _master})
