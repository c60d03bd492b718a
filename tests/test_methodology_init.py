"""`dlcourse.methodology` keeps its public names and imports no TensorFlow."""

import subprocess
import sys

import pytest

from dlcourse import methodology as M


def test_importing_methodology_does_not_import_tensorflow():
    code = ("import sys; from dlcourse import methodology as M; M.diagnose(0.01, 0.09, 0.1); "
            "M.random_search({'lr': M.LogUniform(-6, 1)}, 3); print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


def test_the_package_exports_the_same_public_names():
    assert sorted(M.__all__) == sorted([
        "CapacitySweep", "Choice", "DIAGNOSE_TOLERANCE", "Diagnosis", "DiagnoseCallback",
        "LRRangeTest", "LogUniform", "NEXT_MOVES", "Trial", "Uniform", "VERDICTS",
        "capacity_sweep", "diagnose", "diagnose_history", "distinct_values", "grid_search",
        "keras_tuner_search", "lr_range_test", "random_search", "to_keras_tuner",
    ])
    for name in M.__all__:
        assert not isinstance(getattr(M, name), type(sys)), name  # not a submodule
    assert M.DiagnoseCallback is M.DiagnoseCallback  # built once, then cached
    assert M.DiagnoseCallback.__name__ == "DiagnoseCallback"
    with pytest.raises(AttributeError, match="no attribute 'DiagnoseCallbak'"):
        M.DiagnoseCallbak  # noqa: B018 - the typo must fail
