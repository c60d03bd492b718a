import json

import nbformat
import pytest

from dlcourse import build

CONFIG = "# ASSIGNMENT CONFIG\ninit_cell: true\nexport_cell: false\nsolutions_pdf: false\n" \
         "tests:\n  files: false\n  ok_format: true\n"
SETUP = ('import sys\nif "google.colab" in sys.modules:\n'
         f'    %pip install -q "{build.INSTALL_SPEC}"\n'
         "from dlcourse import config\nconfig.describe()")


def write_master(path, setup=SETUP, hidden="assert z == 14, 'hidden-check-marker'"):
    raw, md, code = nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell, \
        nbformat.v4.new_code_cell
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        raw(CONFIG), md("# Tiny"), code(setup),
        raw("# BEGIN QUESTION\nname: q1\npoints: 2"), md("Compute z."),
        raw("# BEGIN SOLUTION"), code("z = 2 * 7  # SOLUTION"), raw("# END SOLUTION"),
        raw("# BEGIN TESTS"), code("assert z is not None"),
        code('""" # BEGIN TEST CONFIG\nhidden: true\n""" # END TEST CONFIG\n' + hidden),
        raw("# END TESTS"), raw("# END QUESTION"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("build")
    master = write_master(root / "01_tiny.ipynb")
    first = build.build_one(master, root / "nb", root / "ag", run_tests=False)
    first_bytes = first.student.read_bytes()
    second = build.build_one(master, root / "nb", root / "ag", run_tests=False)
    return first, first_bytes, second


@pytest.mark.slow
def test_student_notebook_layout(built):
    first, _, _ = built
    nb = nbformat.read(first.student, as_version=4)
    sources = [c.source for c in nb.cells]
    assert sources[0].endswith("\n\n# Tiny") and "config.describe()" in sources[1]
    assert sources[0].startswith("[![Open In Colab]") and "/notebooks/01_tiny.ipynb)" in sources[0]
    assert "grading.load_checks(" in sources[2]  # checks right after the setup cell
    assert "z = ..." in "\n".join(sources)
    assert first.questions == ("q1",) and first.autograder.name == "01_tiny-autograder.zip"
    assert "otter" not in nb.metadata  # tests have one copy: the checks cell
    assert all(c.get("outputs", []) == [] for c in nb.cells)


@pytest.mark.slow
def test_no_solution_or_hidden_test_reaches_students(built):
    text = built[0].student.read_text()
    for leak in ("2 * 7", "SOLUTION", "hidden-check-marker", "BEGIN TESTS", "ASSIGNMENT CONFIG"):
        assert leak not in text, leak
    embedded = json.loads(text)["cells"][2]["source"]
    assert "assert z is not None" in "".join(embedded)


@pytest.mark.slow
def test_hidden_test_is_in_the_autograder_bundle(built):
    import zipfile

    with zipfile.ZipFile(built[0].autograder) as z:
        assert "hidden-check-marker" in z.read("tests/q1.py").decode()


@pytest.mark.slow
def test_rebuild_is_byte_identical(built):
    first, first_bytes, second = built
    assert second.student.read_bytes() == first_bytes


def test_leak_check_catches_markers_and_hidden_code():
    with pytest.raises(build.BuildError, match="BEGIN SOLUTION"):
        build.check_no_leaks('{"source": "# BEGIN SOLUTION"}', [], "nb")
    with pytest.raises(build.BuildError, match="hidden test"):
        build.check_no_leaks("x = 1\nassert secret() == 3\n", [">>> assert secret() == 3\n"], "nb")
    build.check_no_leaks("z = ...\n", [">>> assert secret() == 3\n"], "nb")


@pytest.mark.slow
def test_master_without_setup_cell_is_refused(tmp_path):
    master = write_master(tmp_path / "02_bad.ipynb", setup="import numpy as np")
    with pytest.raises(build.BuildError, match="install dlcourse on Colab"):
        build.build_one(master, tmp_path / "nb", tmp_path / "ag", run_tests=False)
    assert not (tmp_path / "nb").exists()  # nothing half-written


@pytest.mark.slow
def test_otter_failure_is_reported(tmp_path):
    master = tmp_path / "03_broken.ipynb"
    master.write_text("{not json")
    with pytest.raises(build.BuildError, match="03_broken.ipynb is not a readable notebook"):
        build.build_one(master, tmp_path / "nb", tmp_path / "ag", run_tests=False)


@pytest.mark.slow
def test_saved_test_output_does_not_become_expected_output(tmp_path):
    master = write_master(tmp_path / "04_out.ipynb")
    nb = nbformat.read(master, as_version=4)
    test_cell = next(c for c in nb.cells if c.cell_type == "code" and "is not None" in c.source)
    test_cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text="I0000 tf log\n")]
    nbformat.write(nb, master)
    built = build.build_one(master, tmp_path / "nb", tmp_path / "ag", run_tests=False)
    assert "tf log" not in built.student.read_text()
    import zipfile

    with zipfile.ZipFile(built.autograder) as z:
        assert "tf log" not in z.read("tests/q1.py").decode()


@pytest.mark.slow
def test_otter_assign_failure_is_reported(tmp_path):
    master = write_master(tmp_path / "05_nokernel.ipynb")
    nb = nbformat.read(master, as_version=4)
    del nb.metadata["kernelspec"]  # otter assign needs it to know the language
    nbformat.write(nb, master)
    with pytest.raises(build.BuildError, match="otter assign failed on 05_nokernel.ipynb"):
        build.build_one(master, tmp_path / "nb", tmp_path / "ag", run_tests=False)


def write_manual_master(path):
    raw, md = nbformat.v4.new_raw_cell, nbformat.v4.new_markdown_cell
    write_master(path)
    nb = nbformat.read(path, as_version=4)
    nb.cells += [raw("# BEGIN QUESTION\nname: q2\nmanual: true\npoints: 2"),
                 md("What do we observe?"), raw("# BEGIN SOLUTION"),
                 md("model-answer-marker: the loss falls slowly."), raw("# END SOLUTION"),
                 raw("# END QUESTION")]
    nbformat.write(nb, path)
    return path


@pytest.mark.slow
def test_manual_question_gets_a_tagged_answer_cell_and_no_model_answer(tmp_path):
    master = write_manual_master(tmp_path / "01_tiny.ipynb")
    out = build.build_one(master, tmp_path / "nb", tmp_path / "ag", run_tests=False)
    nb = nbformat.read(out.student, as_version=4)
    text = out.student.read_text()
    assert "model-answer-marker" not in text and "<!--" not in text
    answers = [c for c in nb.cells if c.metadata.get("dlcourse", {}).get("manual") == "q2"]
    assert len(answers) == 1 and answers[0].cell_type == "markdown"
    import zipfile
    with zipfile.ZipFile(out.autograder) as z:
        config = json.loads(z.read("otter_config.json"))
    assert config["plugins"][0]["dlcourse.grading.plugin.GradingPlugin"]["manual"] == {"q2": 2.0}
    assert out.questions == ("q1",)  # autograded questions only


@pytest.mark.slow
def test_checks_cell_is_collapsed(built):
    nb = nbformat.read(built[0].student, as_version=4)
    checks = nb.cells[2]
    assert checks.metadata["jupyter"] == {"source_hidden": True}
    assert checks.metadata["cellView"] == "form" and checks.source.startswith("# @title ")


@pytest.mark.parametrize("points", [0, -1, "two", True, None, ".inf"])
def test_manual_question_needs_points(points):
    cell = nbformat.v4.new_raw_cell(f"# BEGIN QUESTION\nname: q2\nmanual: true\npoints: {points}")
    with pytest.raises(build.BuildError, match="points > 0"):
        build.manual_questions(nbformat.v4.new_notebook(cells=[cell]))
