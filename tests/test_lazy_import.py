"""Importing dlcourse, or any module a notebook imports, does not import TensorFlow until used."""

import subprocess
import sys

import pytest

import dlcourse


def _imported_modules(code: str) -> str:
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                            capture_output=True, text=True, timeout=120, check=True)
    return result.stderr


def _imports_tensorflow(code: str) -> bool:
    log = _imported_modules(code)
    assert "dlcourse" in log  # the log is real: it lists what was imported
    return any(name in log for name in (" tensorflow", " keras"))


def test_import_dlcourse_does_not_import_tensorflow():
    log = _imported_modules(
        "import dlcourse; from dlcourse import config, data; data.load('moons'); "
        "config.profile(); dlcourse.data.split"
    )
    assert "dlcourse.data" in log  # the log is real: it lists what was imported
    assert "tensorflow" not in log and "keras" not in log


# every student module, and the instructor layer and the CLI: importing them is free
@pytest.mark.parametrize("module", [*dlcourse.STUDENT_MODULES, "instructor", "cli", "training"])
def test_importing_a_module_does_not_import_tensorflow(module):
    assert not _imports_tensorflow(f"from dlcourse import {module}; dir({module})")


@pytest.mark.parametrize("code", [
    "from dlcourse import augment; augment.RandomAffine",  # a lazy name from a TF module
    "from dlcourse import methodology; methodology.DiagnoseCallback",
    "from dlcourse import models; models.mlp((2,))",
    "from dlcourse import data; data.as_dataset([1, 2], batch_size=1)",
])
def test_the_check_sees_tensorflow_when_it_is_used(code):
    assert _imports_tensorflow(code)


def test_public_api_lists_what_notebooks_import():
    assert {"config", "data", "grading", "models"} <= set(dlcourse.__all__)
    assert not {"build", "run", "training", "cli", "instructor"} & set(dlcourse.__all__)
    for name in dlcourse.__all__:
        assert getattr(dlcourse, name).__name__ == f"dlcourse.{name}"
    # the instructor's modules stay reachable as attributes, just not offered
    assert dlcourse.instructor.__name__ == "dlcourse.instructor"


def test_a_missing_name_says_what_is_available():
    with pytest.raises(AttributeError, match=r"no attribute 'modles'. Available: \['augment'"):
        dlcourse.modles  # noqa: B018


def test_the_instructor_layer_resolves_every_name():
    from dlcourse import instructor

    for name in instructor.__all__:
        assert getattr(instructor, name) is not None, name
