"""The PUBLIC-case runner (tests/public_cases.py) on a tiny master: it must report a wrong
answer the public check passes, and the error of one it fails."""

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_raw_cell
from public_cases import questions, run_public_cases


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
                      "assert abs(area(2) - 4 * math.pi) < 1e-9"),
        new_raw_cell("# END TESTS"),
        new_raw_cell("# END QUESTION"),
        new_code_cell("print(area(1))"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


def test_questions_split_solution_public_and_hidden(tmp_path):
    nb = nbformat.read(tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0"), as_version=4)
    q = questions(nb)["q1"]
    assert (q.solution, q.public) == ([3], [6])


@pytest.mark.slow
def test_weak_public_check_is_reported_and_strong_one_fails_the_case(tmp_path):
    case = [("q1", "math.pi * r ** 2", "2 * math.pi * r")]  # the circumference
    weak = tiny_master(tmp_path / "weak.ipynb", "assert area(1) > 0")
    assert run_public_cases(weak, case) == {0: None}
    strong = tiny_master(tmp_path / "strong.ipynb",
                         "assert abs(area(3) - 28.274) < 1e-3, 'area(3) should be 28.274'")
    assert run_public_cases(strong, case)[0].startswith("AssertionError: area(3)")


def test_a_case_must_name_text_in_the_solution(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    with pytest.raises(ValueError, match="found 0 times"):
        run_public_cases(master, [("q1", "not in the master", "x")])
    with pytest.raises(ValueError, match="no question 'q9'"):
        run_public_cases(master, [("q9", "r ** 2", "r")])


@pytest.mark.slow
def test_a_case_that_raises_by_itself_is_refused(tmp_path):
    master = tiny_master(tmp_path / "m.ipynb", "assert area(1) > 0")
    with pytest.raises(ValueError, match="itself raised"):
        run_public_cases(master, [("q1", "return math.pi * r ** 2", "return 1 / 0\nx = 1 / 0")])
