"""dlcourse grade and check: assignment, submission, protocol, sandbox, orchestration,
gradebook and feedback, CLI errors.

The hostile corpus, graded end to end, is in test_grading_hostile.py.
"""

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dlcourse import cli
from dlcourse._io import atomic_write
from dlcourse.grading import grade, gradebook, protocol, sandbox, submission
from dlcourse.grading.assignment import GradingError, find_assignment

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = Path(__file__).parent / "hostile"


@pytest.fixture(scope="module")
def assignment(bundle_01):
    return find_assignment("01", ROOT, bundle=bundle_01)


def _write(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


# reading a submission ------------------------------------------------------------

def test_read_accepts_a_notebook():
    nb, problem = submission.read_notebook(HOSTILE / "correct.ipynb")
    assert nb is not None and problem == ""


@pytest.mark.parametrize("content, words", [
    ('{"cells": [', "not valid JSON"),
    ("[1, 2]", "no list of cells"),
    ({"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}, "no code cells"),
    ({"cells": [{"cell_type": "code", "source": "x"}], "nbformat": 3}, "format 4"),
    ({"cells": [{"cell_type": "code", "source": "x"}], "nbformat": 4, "nbformat_minor": 5,
      "metadata": {}}, "not a valid notebook"),  # a code cell without outputs/metadata
])
def test_read_refuses_what_is_not_a_notebook(tmp_path, content, words):
    nb, problem = submission.read_notebook(_write(tmp_path, "s.ipynb", content))
    assert nb is None and words in problem, problem


def test_read_reports_a_missing_file(tmp_path):
    nb, problem = submission.read_notebook(tmp_path / "absent.ipynb")
    assert nb is None and "cannot read" in problem


def test_notebook_number_comes_from_the_title():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 03 · CNNs\ntext")])
    assert submission.notebook_number(nb) == "03"
    nb.cells[0].source = "Some intro, no title"
    assert submission.notebook_number(nb) is None


# the assignment ------------------------------------------------------------

def test_find_assignment_reads_the_bundle(assignment, bundle_01):
    assert assignment.name == "01_neurons_activations_losses"
    assert assignment.points == {"q1": 2, "q2": 4, "q3": 4, "q4": 3, "q5": 3, "q6": 3, "q7": 3}
    assert assignment.max_points == 22
    assert find_assignment("1", ROOT, bundle=bundle_01).name == assignment.name


@pytest.mark.parametrize("notebook, words", [("abc", "expects a number"),
                                             ("99", "No notebook 99")])
def test_find_assignment_says_what_it_expected(notebook, words):
    with pytest.raises(GradingError, match=words):
        find_assignment(notebook, ROOT)


def test_a_bundle_that_is_not_a_zip_is_refused(tmp_path):
    not_a_zip = _write(tmp_path, "x-autograder.zip", "not a zip")
    with pytest.raises(protocol.FormatError, match="not an otter autograder zip"):
        protocol.bundle_points(not_a_zip)
    with pytest.raises(GradingError, match="not an otter autograder zip"):
        find_assignment("01", ROOT, bundle=not_a_zip)


# otter's test files and the guard's protocol ------------------------------------------

def test_test_files_round_trip_and_bundles_are_read_in_question_order(bundle_01, tmp_path):
    spec = {"name": "q1", "points": 2, "suites": [{"cases": [
        {"code": ">>> z", "hidden": False}, {"code": ">>> assert z == 14", "hidden": True}]}]}
    text = protocol.write_test_file(spec)
    assert text.startswith("OK_FORMAT = True") and protocol.read_test_file(text) == spec
    assert protocol.hidden_codes({"q1": spec}) == [">>> assert z == 14"]
    assert protocol.public_tests({"q1": spec})["q1"]["suites"][0]["cases"] == \
        [{"code": ">>> z", "hidden": False}]
    assert sorted(["q10", "q2", "q1"], key=protocol.question_key) == ["q1", "q2", "q10"]
    tests = protocol.bundle_tests(bundle_01)
    assert list(tests) == ["q1", "q2", "q3", "q4", "q5", "q6", "q7"]
    assert protocol.bundle_points(bundle_01) == {"q1": 2, "q2": 4, "q3": 4, "q4": 3, "q5": 3,
                                                 "q6": 3, "q7": 3}
    assert protocol.hidden_codes(tests), "expected hidden tests in the bundle"
    with pytest.raises(protocol.FormatError, match="test = "):
        protocol.read_test_file("OK_FORMAT = True\n")


def test_the_checks_cell_round_trips(assignment):
    released = nbformat.read(assignment.released, as_version=4)
    tests = protocol.embedded_tests(released)
    assert list(tests) == list(assignment.points)
    assert not protocol.hidden_codes(tests), "a student notebook holds public tests only"
    cell = next(c for c in released.cells if protocol.is_checks_cell(c.source))
    assert cell.source == protocol.checks_cell_source(tests)


def test_events_are_read_once_each_in_order(tmp_path):
    events = tmp_path / "events.log"
    events.write_text("read\ttests/q1.py\nwrite\t/etc/x\nread\ttests/q1.py\nexit\t\n")
    assert protocol.read_events(events) == [("read", "tests/q1.py"), ("write", "/etc/x"),
                                            ("exit", "")]
    assert protocol.read_events(tmp_path / "absent.log") == []


def test_run_otter_reports_the_peak_memory_of_the_process_tree(tmp_path, monkeypatch):
    """A stand-in for `python -m otter run` that holds 200 MiB for a second."""
    fake = tmp_path / "fake-python"
    fake.write_text(f"#!/bin/sh\nexec {sys.executable} -c "
                    "'import time; x = b\"1\" * (200 << 20); time.sleep(1)'\n")
    fake.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(fake))
    run = sandbox.run_otter(tmp_path, tmp_path / "s.ipynb", tmp_path / "b.zip", tmp_path,
                            dict(os.environ), sandbox.Limits(timeout=60))
    assert run.outcome == "ok", run.tail
    assert 200 << 20 < run.peak_rss < 2 << 30, run.peak_rss
    capped = sandbox.run_otter(tmp_path, tmp_path / "s.ipynb", tmp_path / "b.zip", tmp_path,
                               dict(os.environ), sandbox.Limits(timeout=60, memory_gb=0.1))
    assert capped.outcome == "memory" and capped.peak_rss > 0.1 * 1024 ** 3


# grading without running ------------------------------------------------------------

def test_wrong_assignment_and_tampering_are_decided_before_running(assignment, tmp_path):
    other = grade.grade_one(HOSTILE / "other_assignment.ipynb", assignment)
    assert (other.status, other.total) == ("invalid", 0) and "notebook 03" in other.reason
    nb = nbformat.read(HOSTILE / "wrong_q1.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("import numpy\nnumpy.allclose = print"))
    path = tmp_path / "cheat.ipynb"
    nbformat.write(nb, path)
    row = grade.grade_one(path, assignment)
    assert (row.status, row.scores) == ("tampered", {}), row
    assert f"cell {len(nb.cells)}, line 2" in row.reason and "numpy.allclose" in row.reason


def test_released_cells_are_trusted_edited_ones_are_scanned(assignment):
    released = nbformat.read(assignment.released, as_version=4)
    assert submission.scan_findings(released, assignment) == []
    setup = next(c for c in released.cells if c.cell_type == "code")
    setup.source += "\nimport ctypes"
    findings = submission.scan_findings(released, assignment)
    assert [f.message for f in findings] == ["imports ctypes"]


def test_prepare_adds_the_guard_and_drops_outputs_and_ignore_tags():
    nb = nbformat.read(HOSTILE / "correct.ipynb", as_version=4)
    nb.cells[2].outputs = [nbformat.v4.new_output("stream", text="old")]
    nb.cells[2].metadata["tags"] = ["otter_ignore", "keep"]
    ready = submission.prepare(nb)
    assert "guard.install()" in ready.cells[0].source
    assert "guard.finish(globals())" in ready.cells[-1].source
    assert len(ready.cells) == len(nb.cells) + 2
    assert ready.cells[3].outputs == [] and ready.cells[3].metadata["tags"] == ["keep"]


# concluding a run ------------------------------------------------------------

def _conclude(assignment, tmp_path, outcome="ok", tail="", events=(), scores=None):
    results = tmp_path / "results.json"
    if scores is not None:
        tests = [{"name": q, "score": s, "max_score": assignment.points[q],
                  "visibility": "hidden", "output": "HIDDEN DETAILS"} for q, s in scores.items()]
        tests.append({"name": "Public Tests", "visibility": "visible", "output": "q1 passed"})
        results.write_text(json.dumps({"tests": tests}))
    row = gradebook.Row("s.ipynb", "graded")
    return grade._conclude(row, outcome, tail, list(events), results, assignment,
                           sandbox.Limits(timeout=7, memory_gb=1.5))


def test_conclude_scores_a_clean_run(assignment, tmp_path):
    row = _conclude(assignment, tmp_path, scores={"q1": 2, "q2": 1})
    assert (row.status, row.total, row.reason) == ("graded", 3, "")
    assert row.scores["q5"] == 0 and row.public == "q1 passed"


@pytest.mark.parametrize("outcome, tail, status, words", [
    ("timeout", "", "timeout", "after 7 s"),
    ("memory", "", "memory", "more than 1.5 GB"),
    ("failed", "nbclient.exceptions.DeadKernelError: Kernel died", "crashed", "kernel died"),
    ("failed", "Traceback\nValueError: bad zip", "error", "ValueError: bad zip"),
])
def test_conclude_gives_no_points_to_unfinished_runs(assignment, tmp_path, outcome, tail,
                                                     status, words):
    row = _conclude(assignment, tmp_path, outcome, tail, scores={"q1": 2})
    assert (row.status, row.total) == (status, 0) and words in row.reason, row


def test_conclude_flags_refusals_and_rejects_tampering(assignment, tmp_path):
    flagged = _conclude(assignment, tmp_path, events=[("read", "tests/q1.py"),
                                                      ("write", "/etc/x")], scores={"q1": 2})
    assert (flagged.status, flagged.total) == ("flagged", 2)
    assert "hidden tests" in flagged.reason and "outside its folder (/etc/x)" in flagged.reason
    tampered = _conclude(assignment, tmp_path, events=[("repaired", "numpy.allclose")],
                         scores={"q1": 2})
    assert (tampered.status, tampered.total) == ("tampered", 0)
    assert "numpy.allclose" in tampered.reason


def test_the_kernel_sees_no_secrets_from_the_graders_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "s3cr3t")
    monkeypatch.setenv("DLCOURSE_GRADE_ROOT", "/elsewhere")
    monkeypatch.setenv("DLCOURSE_DATA_DIR", "/data")
    env = sandbox.sandbox_env(tmp_path, tmp_path / "events", sandbox.Limits())
    assert "AWS_SECRET_ACCESS_KEY" not in env
    assert env["DLCOURSE_GRADE_ROOT"] == str(tmp_path) and env["DLCOURSE_DATA_DIR"] == "/data"
    assert env["HOME"] == str(tmp_path / "home") and "PATH" in env


# gradebook and feedback ------------------------------------------------------------

def test_gradebook_has_one_column_per_question_and_quotes_reasons(assignment):
    rows = [gradebook.Row("a.ipynb", "graded", "", {"q1": 2, "q2": 1.5}),
            gradebook.Row("b.ipynb", "invalid", 'not JSON, "truncated"\nline 2')]
    text = gradebook.gradebook_csv(rows, assignment)
    parsed = list(csv.reader(io.StringIO(text)))
    assert parsed[0] == ["file", "q1", "q2", "q3", "q4", "q5", "q6", "q7", "total", "status",
                         "reason"]
    assert parsed[1] == ["a.ipynb", "2", "1.5", "0", "0", "0", "0", "0", "3.5", "graded", ""]
    assert parsed[2][-1] == 'not JSON, "truncated"\nline 2'
    assert text == gradebook.gradebook_csv(rows, assignment)
    rows[0].peak_mb = 812.5  # measured, not reported
    assert gradebook.gradebook_csv(rows, assignment) == text


def test_feedback_shows_points_and_public_checks_only(assignment):
    row = gradebook.Row("alice/01.ipynb", "graded", "", {"q1": 1}, public="q1 results: passed")
    text = gradebook.feedback(row, assignment)
    assert "**Total: 1 / 22**" in text and "| q1 | 1 | 2 |" in text and "q1 results" in text
    assert gradebook.feedback_names(["x/alice.ipynb", "bob.ipynb"]) == ["alice.md", "bob.md"]
    same = gradebook.feedback_names(["alice/01.ipynb", "bob/01.ipynb"])
    assert same[0] != same[1] and all(n.endswith("01.md") for n in same), same


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path):
    out = tmp_path / "gradebook.csv"
    out.write_text("old")
    with pytest.raises(TypeError):
        atomic_write(out, None)
    assert out.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["gradebook.csv"]


def test_write_outputs_writes_feedback_and_gradebook(assignment, tmp_path):
    rows = [gradebook.Row("x/a.ipynb", "graded", "", {"q1": 2})]
    gradebook.write_outputs(rows, assignment, tmp_path / "g.csv", tmp_path / "fb")
    assert (tmp_path / "g.csv").read_text().splitlines()[1].startswith("x/a.ipynb,2,")
    assert (tmp_path / "fb" / "a.md").is_file()


# command line ------------------------------------------------------------

@pytest.mark.parametrize("command, words", [
    ("grade", ["--workers", "--timeout", "--memory-gb", "--notebook", "--out"]),
    ("check", ["public checks", "--profile"]),
    ("build", ["--no-run-tests"]), ("run", ["--profile"]), ("doctor", ["--data-only"]),
])
def test_every_command_has_help(command, words, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main([command, "--help"])
    out = capsys.readouterr().out
    assert exit_.value.code == 0 and all(w in out for w in words), out


@pytest.mark.parametrize("args, words", [
    (["grade", "s.ipynb", "--notebook", "42", "--out", "g.csv"], "No notebook 42"),
    (["grade", "s.ipynb", "--notebook", "01", "--out", "g.csv", "--workers", "0"],
     "--workers must be at least 1"),
    (["check", "missing.ipynb"], "expected a .ipynb file"),
])
def test_cli_errors_say_what_was_expected(args, words):
    with pytest.raises(SystemExit) as exit_:
        cli.main(args)
    assert words in str(exit_.value)


def test_check_refuses_a_notebook_without_embedded_checks(tmp_path):
    from dlcourse.grading.check import check_notebook

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    with pytest.raises(protocol.FormatError, match="No public checks"):
        protocol.embedded_tests(nb)
    path = tmp_path / "s.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(GradingError, match="No public checks"):
        check_notebook(path)


@pytest.mark.slow
def test_check_runs_every_public_check(tmp_path):
    """`dlcourse check` passes the answered questions and fails the unanswered ones (the
    corpus's correct notebook answers q1..q5 of 01's seven)."""
    def check(path):
        return subprocess.run([sys.executable, "-m", "dlcourse.cli", "check", str(path),
                               "--profile", "fast"], capture_output=True, text=True,
                              timeout=600, cwd=tmp_path)

    good = check(HOSTILE / "correct.ipynb")
    assert good.returncode == 1 and "5/7 questions pass" in good.stdout, good.stdout[-2000:]
    assert "FAILED  q6" in good.stdout and "FAILED  q1" not in good.stdout, good.stdout[-2000:]
    blank = check(ROOT / "notebooks" / "01_neurons_activations_losses.ipynb")
    assert blank.returncode == 1 and "FAILED  q1" in blank.stdout, blank.stdout[-2000:]
    assert "0/7 questions pass" in blank.stdout


def test_written_questions_get_an_empty_column_and_the_answer_in_feedback(assignment):
    import dataclasses

    manual = dataclasses.replace(assignment, manual={"q9": 2.0})
    nb = {"cells": [
        {"cell_type": "markdown", "source": "Loss falls slowly at lr = 1e-4.",
         "metadata": {"dlcourse": {"manual": "q9"}}},
        {"cell_type": "markdown", "source": "not an answer", "metadata": {}},
        {"cell_type": "code", "source": "x = 1", "metadata": {"dlcourse": {"manual": "q9"}}}]}
    written = gradebook.written_answers(nb, manual.manual)
    assert written == {"q9": "Loss falls slowly at lr = 1e-4."}
    blank = {"cells": [{"cell_type": "markdown", "source": gradebook.UNANSWERED,
                        "metadata": {"dlcourse": {"manual": "q9"}}}]}
    assert gradebook.written_answers(blank, manual.manual) == {"q9": ""}
    row = gradebook.Row("a.ipynb", "graded", "", {"q1": 2}, written=written)
    parsed = list(csv.reader(io.StringIO(gradebook.gradebook_csv([row], manual))))
    assert parsed[0][-5:] == ["q7", "q9 (manual, 2)", "total", "status", "reason"]
    assert parsed[1][-4:] == ["", "2", "graded", ""]
    text = gradebook.feedback(row, manual)
    assert "| q9 | graded by hand | 2 |" in text and "Loss falls slowly at lr = 1e-4." in text
    assert "_(no answer)_" in gradebook.feedback(gradebook.Row("b.ipynb", "graded"), manual)
