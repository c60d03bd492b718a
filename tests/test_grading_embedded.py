import os

import pytest

from dlcourse import grading

TESTS = {
    "q1": {
        "name": "q1", "points": 2,
        "suites": [{"cases": [{"code": ">>> from dlcourse import grading\n"
                                       ">>> grading.close(z, 14.0, name='z')\n",
                               "hidden": False, "locked": False}],
                    "scored": True, "setup": "", "teardown": "", "type": "doctest"}],
    },
}


@pytest.fixture
def colab_like(tmp_path, monkeypatch):
    """A working directory with no tests/ folder and no notebook file, as on Colab."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_write_tests_round_trips(tmp_path):
    folder = grading.write_tests(TESTS, tmp_path / "t")
    text = (folder / "q1.py").read_text()
    assert text.startswith("OK_FORMAT = True")
    scope = {}
    exec(text, scope)
    assert scope["test"] == TESTS["q1"]


def test_write_tests_rejects_bad_names(tmp_path):
    with pytest.raises(ValueError, match="question names like 'q1'"):
        grading.write_tests({"../evil": {}}, tmp_path)


def test_check_passes_a_right_answer_without_a_tests_folder(colab_like):
    grader = grading.load_checks(TESTS)
    assert not (colab_like / "tests").exists()
    result = grader.check("q1", global_env={"z": 14.0})
    assert result.grade == 1.0, repr(result)
    assert os.listdir(colab_like) in ([], [".OTTER_LOG"])


def test_check_fails_a_wrong_answer_with_the_reason(colab_like):
    result = grading.load_checks(TESTS).check("q1", global_env={"z": 13.0})
    assert result.grade == 0.0
    assert "largest error 1" in repr(result)


def test_check_fails_the_placeholder(colab_like):
    result = grading.load_checks(TESTS).check("q1", global_env={"z": ...})
    assert result.grade == 0.0 and "not answered yet" in repr(result)


def test_load_checks_needs_the_embedded_dict():
    with pytest.raises(TypeError, match="Re-download the notebook"):
        grading.load_checks([])
