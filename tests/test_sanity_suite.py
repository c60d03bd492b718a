"""run_all runs every check that applies and prints a table."""

import keras
import pytest
from sanity_cases import X2, Y2, frozen_small, small

from dlcourse import sanity


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


# --------------------------------------------------------------------- run_all


@pytest.mark.slow
def test_run_all_passes_a_sound_model(capsys):
    results = sanity.run_all(small, X2, Y2, test=(X2[:5] + 10, Y2[:5]))
    names = [r.name for r in results]
    assert names == ["leakage", "initial_loss", "weights_change", "gradient_check", "dead_relus",
                     "overfit_small", "input_independent_baseline"]
    assert all(r.ok for r in results), sanity.summarize(results)
    assert "PASS  overfit_small" in capsys.readouterr().out


@pytest.mark.slow
def test_run_all_flags_a_frozen_model():
    results = {r.name: r for r in sanity.run_all(frozen_small, X2, Y2, verbose=False)}
    assert not results["weights_change"].ok
    assert not results["overfit_small"].ok
    assert not results["gradient_check"].ok and "no trainable" in results["gradient_check"].message
    assert results["initial_loss"].ok
