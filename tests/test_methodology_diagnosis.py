"""diagnose reads the strategy slides' verdicts off errors, a History, or a callback."""

import math

import pytest
from methodology_cases import tiny_model

from dlcourse import methodology as M

# The four "Strategy for machine learning" tables: human, train, val, test error (%).
SLIDES = [
    ((1, 9, 10, 11), "underfitting"),
    ((1, 1.1, 10, 11), "overfitting_train"),
    ((1, 1.1, 2, 11), "overfitting_val"),
    ((1, 1.1, 1.2, 1.2), "good"),
]


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    import keras

    keras.utils.set_random_seed(0)


@pytest.fixture(scope="module")
def moons():
    from dlcourse import data

    return data.load("moons", seed=0)


# -------------------------------------------------------------------- diagnose


@pytest.mark.parametrize(("errors", "verdict"), SLIDES)
def test_the_four_slide_tables_give_their_verdicts(errors, verdict):
    as_fractions = M.diagnose(*(e / 100 for e in errors))
    as_percents = M.diagnose(*errors, percent=True)
    assert as_fractions.verdict == as_percents.verdict == verdict
    assert as_fractions.next_move == M.NEXT_MOVES[verdict]


def test_gaps_are_bias_variance_and_val_overfitting():
    d = M.diagnose(0.01, 0.09, 0.10, 0.11)
    assert d.avoidable_bias == pytest.approx(0.08)
    assert d.variance == pytest.approx(0.01)
    assert d.val_overfitting == pytest.approx(0.01)
    assert "bigger model" in d.next_move
    assert "more training data" in M.diagnose(0.01, 0.011, 0.10, 0.11).next_move
    assert "bigger validation set" in M.diagnose(0.01, 0.011, 0.02, 0.11).next_move
    assert M.diagnose(0.01, 0.011, 0.012, 0.012).next_move.startswith("done")


def test_bias_is_fixed_before_variance():
    # both gaps are large: the slides' order puts the training error first
    assert M.diagnose(0.01, 0.10, 0.30, 0.30).verdict == "underfitting"


def test_a_gap_equal_to_the_tolerance_is_noise():
    assert M.diagnose(0.01, 0.03, 0.03, 0.03).verdict == "good"  # 0.03 - 0.01 == 0.02
    assert M.diagnose(0.03, 0.05, 0.05, 0.05).verdict == "good"  # 0.020000000000000004
    assert M.diagnose(0.01, 0.0301, 0.0301, 0.0301).verdict == "underfitting"
    assert M.diagnose(0.01, 0.01, 0.0301, 0.0301).verdict == "overfitting_train"
    assert M.diagnose(0.01, 0.01, 0.01, 0.0301).verdict == "overfitting_val"


def test_tolerance_is_in_the_errors_unit():
    assert M.diagnose(0.01, 0.011, 0.02, 0.11, tolerance=0.2).verdict == "good"
    assert M.diagnose(1, 1.1, 2, 11, percent=True, tolerance=20).verdict == "good"
    assert M.diagnose(1, 1.1, 2, 11, percent=True).tolerance == pytest.approx(0.02)
    assert M.diagnose(0.01, 0.011, 0.012, 0.012, tolerance=0.0).verdict == "underfitting"


def test_without_a_test_error_validation_cannot_be_overfit():
    d = M.diagnose(0.01, 0.011, 0.02)
    assert d.verdict == "good" and d.test is None and d.val_overfitting is None
    assert "test error" in d.next_move
    assert "test error" not in str(d).splitlines()[-2]


def test_negative_gaps_are_fine():
    assert M.diagnose(0.05, 0.01, 0.02, 0.02).verdict == "good"


def test_the_report_reads_like_the_slide():
    text = str(M.diagnose(1, 9, 10, 11, percent=True))
    assert "training error" in text and "9.0%" in text and "+8.0%" in text
    assert text.splitlines()[-1].startswith("verdict: underfitting -> reduce avoidable bias")


def test_percents_without_percent_true_are_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"Received: train=9\..*percent=True.*9 -> 0\.09"):
        M.diagnose(1, 9, 10, 11)
    with pytest.raises(ValueError, match=r"percents in \[0, 100\]"):
        M.diagnose(1, 9, 10, 110, percent=True)


def test_invalid_errors_are_refused():
    with pytest.raises(ValueError, match="Received: human=-0.01"):
        M.diagnose(-0.01, 0.09, 0.10, 0.11)
    with pytest.raises(TypeError, match="finite number"):
        M.diagnose(0.01, "9%", 0.10, 0.11)
    with pytest.raises(ValueError, match="finite number"):  # the right type, a wrong value
        M.diagnose(0.01, math.nan, 0.10, 0.11)
    with pytest.raises(TypeError, match="finite number"):
        M.diagnose(0.01, True, 0.10, 0.11)
    with pytest.raises(ValueError, match="tolerance"):
        M.diagnose(0.01, 0.09, 0.10, 0.11, tolerance=2)
    with pytest.raises(TypeError, match="percent"):
        M.diagnose(0.01, 0.09, 0.10, 0.11, percent="yes")


def test_fractions_passed_as_percents_warn():
    with pytest.warns(UserWarning, match="look like fractions"):
        M.diagnose(0.01, 0.09, 0.10, 0.11, percent=True)


# ------------------------------------------------------------ diagnose_history


def test_history_is_read_at_the_best_validation_epoch():
    logs = {"loss": [1.0, 0.5, 0.2], "accuracy": [0.70, 0.95, 0.99],
            "val_loss": [1.0, 0.6, 0.9], "val_accuracy": [0.70, 0.90, 0.85]}
    d = M.diagnose_history(logs, human=0.01, test=0.12)
    assert d.epoch == 2 and d.metric == "accuracy"
    assert d.train == pytest.approx(0.05) and d.val == pytest.approx(0.10)
    assert d.verdict == "underfitting"  # 5% train error vs 1% human
    by_loss = M.diagnose_history(logs, human=0.0, metric="loss")
    assert by_loss.epoch == 2 and by_loss.train == pytest.approx(0.5)
    assert by_loss.verdict == "underfitting" and "0.5" in str(by_loss)


def test_history_without_validation_is_explained():
    with pytest.raises(ValueError, match=r"val_loss.*validation_data"):
        M.diagnose_history({"loss": [1.0], "accuracy": [0.5]}, human=0.0)
    with pytest.raises(TypeError, match="History"):
        M.diagnose_history([0.1, 0.2], human=0.0)


@pytest.mark.slow
def test_diagnose_callback_prints_the_verdict_after_fit(moons, capsys):
    import keras

    model = tiny_model()
    model.compile(optimizer="adam", metrics=["accuracy"],
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    callback = M.DiagnoseCallback(human=0.0)
    assert isinstance(callback, keras.callbacks.Callback)
    history = model.fit(*moons.train, validation_data=moons.val, epochs=2, verbose=0,
                        callbacks=[callback])
    assert callback.diagnosis.verdict in M.VERDICTS and callback.diagnosis.epoch in (1, 2)
    assert callback.diagnosis == M.diagnose_history(history, human=0.0)
    assert "verdict:" in capsys.readouterr().out
    model.fit(*moons.train, epochs=1, verbose=0, callbacks=[callback])  # no validation data
    assert callback.diagnosis is None
    assert "no diagnosis" in capsys.readouterr().out
