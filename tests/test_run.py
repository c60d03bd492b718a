import nbformat
import pytest

from dlcourse import run


def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


raw, code = nbformat.v4.new_raw_cell, nbformat.v4.new_code_cell


def test_check_cells_in_a_master_and_a_student_notebook():
    master = _nb(code("x = 1"), raw("# BEGIN TESTS"), code("assert x == 1"), code("assert x"),
                 raw("# END TESTS"), code("y = 2"))
    assert run.check_cells(master) == [2, 3]
    student = _nb(code("x = ..."), code('grader.check("q1")'))
    assert run.check_cells(student) == [1]


def test_summary_counts_and_closing_line():
    results = [run.RunResult("01_a.ipynb", 3.2, 4, 4, None),
               run.RunResult("02_b.ipynb", 5.0, 1, 3, "check 7: CheckFailed: z: largest error 1")]
    text = run.summary(results)
    lines = text.splitlines()
    assert lines[1].startswith("01_a.ipynb") and "4/4" in lines[1] and lines[1].endswith("ok")
    assert "1/3" in lines[2] and "largest error 1" in lines[2]
    assert lines[-1] == "1 passed, 1 failed"


def test_a_notebook_with_all_checks_passing_but_an_error_is_not_ok():
    assert not run.RunResult("x", 1.0, 2, 2, "cell 3: NameError").ok
    assert not run.RunResult("x", 1.0, 1, 2, None).ok
    assert run.RunResult("x", 1.0, 2, 2, None).ok


@pytest.mark.slow
def test_run_counts_failing_checks_and_keeps_going(tmp_path):
    path = tmp_path / "01_m.ipynb"
    nbformat.write(_nb(code("z = 13"), raw("# BEGIN TESTS"), code("assert z == 14, 'z wrong'"),
                       code("assert z > 0"), raw("# END TESTS"), code("w = z + 1")), path)
    result = run.run_notebook(path, profile="fast")
    assert (result.checks_passed, result.checks_total) == (1, 2)
    assert result.error == "check 2: AssertionError: z wrong"
    assert not result.ok
    assert nbformat.read(path, as_version=4).cells[0].outputs == []  # file untouched


@pytest.mark.slow
def test_kernel_output_goes_to_the_log_and_pages_to_the_folder(tmp_path, capfd):
    nb = _nb(code("import os, sys\nos.write(2, b'kernel-startup-noise\\n')\nprint('shown')"),
             code("import matplotlib\nmatplotlib.use('Agg')\nimport matplotlib.pyplot as plt\n"
                  "plt.plot([1, 2])\nplt.show()"),
             raw("# BEGIN TESTS"), code("assert 1 == 2, 'a failing check'"), raw("# END TESTS"))
    path = tmp_path / "01_t.ipynb"
    nbformat.write(nb, path)
    before = path.read_bytes()
    out = tmp_path / "build" / "run"
    result = run.run_notebook(path, out_dir=out)
    assert not result.ok and "a failing check" in result.error
    assert "kernel-startup-noise" not in capfd.readouterr().err  # not on the terminal...
    assert "kernel-startup-noise" in run.log_tail(result)  # ...but in the log
    executed = nbformat.read(out / "01_t.ipynb", as_version=4)
    assert executed.cells[0].outputs[0]["text"] == "shown\n"
    assert "data:image/png;base64" in result.page.read_text()  # the figure is in the page
    index = run.write_index([result, run.RunResult("02_x.ipynb", 1.0, 1, 1, None)], out)
    text = index.read_text()
    assert '<a href="01_t.html">01_t.ipynb</a>' in text and 'href="01_t.log"' in text
    assert "1 passed, 1 failed" in text and "a failing check" in text
    assert path.read_bytes() == before  # the notebook itself is untouched
