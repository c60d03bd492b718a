"""The master runner (tests/master_run.py) on a tiny master: it must report a wrong answer the
checks pass, the error of one they fail, a check an unanswered question passes, a cell that
raises and a changed marked output."""

import nbformat
import pytest
from master_run import questions, run_master
from nbformat.v4 import new_code_cell, new_notebook, new_raw_cell


def tiny_master(path, public_check):
    nb = new_notebook(cells=[
        new_code_cell("import math"),
        new_raw_cell("# BEGIN QUESTION\nname: q1\npoints: 1"),
        new_raw_cell("# BEGIN SOLUTION"),
        new_code_cell("def area(r):\n    return math.pi * r ** 2  # SOLUTION"),
        new_raw_cell("# END SOLUTION"),
        new_raw_cell("# BEGIN TESTS"),
        new_code_cell(public_check),
        new_code_cell('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\n'
                      "assert abs(area(3) - 9 * math.pi) < 1e-9"),
        new_raw_cell("# END TESTS"),
        new_raw_cell("# END QUESTION"),
        new_code_cell("# NBVAL_CHECK_OUTPUT\nprint(round(area(1), 2))",
                      outputs=[nbformat.v4.new_output("stream", name="stdout", text="3.14\n")]),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_questions_split_solution_public_and_hidden(tmp_path):
    nb = nbformat.read(tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0"), as_version=4)
    q = questions(nb)["q1"]
    assert (q.solution, q.public, q.hidden) == ([3], [6], [7])


@pytest.mark.slow
def test_weak_public_check_is_reported_and_strong_one_fails_the_case(tmp_path):
    case = [("q1", "math.pi * r ** 2", "2 * math.pi * r")]  # the circumference
    weak = tiny_master(tmp_path / "weak.ipynb", "assert area(1) > 0")
    run = run_master(weak, public=case, wrong=case)
    assert run.public == {0: None}  # the public check passes the circumference
    assert run.wrong[0].startswith("AssertionError")  # the hidden test does not
    assert not run.errors and not run.mismatches  # the cases left nothing behind
    strong = tiny_master(tmp_path / "strong.ipynb",
                         "assert abs(area(3) - 28.274) < 1e-3, 'area(3) should be 28.274'")
    assert run_master(strong, public=case).public[0].startswith("AssertionError: area(3)")


@pytest.mark.slow
def test_each_case_runs_its_own_wrong_answer_and_the_real_one_runs_after(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    cases = [("q1", "math.pi * r ** 2", "2 * math.pi * r"),  # passes area(1) > 0
             ("q1", "math.pi * r ** 2", "-math.pi * r ** 2")]  # fails it
    run = run_master(master, public=cases)
    assert run.public[0] is None and run.public[1].startswith("AssertionError")
    assert not run.errors and not run.mismatches  # area(1) printed 3.14: the real answer


@pytest.mark.slow
def test_a_raising_cell_and_a_changed_marked_output_are_reported(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    nb = nbformat.read(master, as_version=4)
    nb.cells[-1].outputs[0].text = "3.15\n"
    nb.cells.append(new_code_cell("1 / 0"))
    nbformat.write(nb, master)
    run = run_master(master)
    assert [m[0] for m in run.mismatches] == [10]
    assert run.errors == [(11, "ZeroDivisionError: division by zero")]


def test_a_case_must_name_text_in_the_solution(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    with pytest.raises(ValueError, match="found 0 times"):
        run_master(master, public=[("q1", "not in the master", "x")])
    with pytest.raises(ValueError, match="no question 'q9'"):
        run_master(master, wrong=[("q9", "r ** 2", "r")])


@pytest.mark.slow
def test_a_case_that_raises_by_itself_is_refused(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    with pytest.raises(ValueError, match="itself raised"):
        run_master(master, public=[("q1", "return math.pi * r ** 2", "return 1\nx = 1 / 0")])


@pytest.mark.slow
def test_a_check_that_passes_an_unanswered_question_is_reported(tmp_path):
    # `area` stubbed by otter is `def area(r):\n    ...`: it returns None
    lenient = tiny_master(tmp_path / "lenient.ipynb", "assert area(1) is None or area(1) > 0")
    run = run_master(lenient)
    assert run.unanswered == {"q1": [6]}  # the public cell passes the stub; the hidden one not
    assert not run.errors and not run.mismatches  # the real answer ran after the stub
    strict = tiny_master(tmp_path / "strict.ipynb", "assert area(1) > 0")
    assert run_master(strict).unanswered == {"q1": []}
    assert run_master(strict, unanswered=False).unanswered == {}
