"""`dlcourse.sanity` keeps its public names and imports no TensorFlow."""

import subprocess
import sys

from dlcourse import sanity


def test_importing_sanity_does_not_import_tensorflow():
    code = "import sys; from dlcourse import sanity; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


def test_the_package_exports_the_same_public_names():
    assert sorted(sanity.__all__) == sorted([
        "CheckResult", "DEAD_RELU_THRESHOLD", "INITIAL_LOSS_TOLERANCE", "dead_relus",
        "gradient_check", "initial_loss", "input_independent_baseline", "leakage",
        "overfit_small", "regularization_raises_loss", "run_all", "summarize", "weights_change",
    ])
    for name in sanity.__all__:
        assert not isinstance(getattr(sanity, name), type(sys)), name  # not a submodule
    assert sanity.INITIAL_LOSS_TOLERANCE == 0.5 and sanity.DEAD_RELU_THRESHOLD == 0.5
