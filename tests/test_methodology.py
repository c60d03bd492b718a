"""The strategy slides' verdicts, capacity sweeps, random vs grid search and the lr range test."""

import math
import subprocess
import sys

import numpy as np
import pytest

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


def tiny_model(units=8, seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation="relu"),
                             keras.layers.Dense(2)])


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
    with pytest.raises(TypeError, match="finite number"):
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


def test_importing_methodology_does_not_import_tensorflow():
    code = ("import sys; from dlcourse import methodology as M; M.diagnose(0.01, 0.09, 0.1); "
            "M.random_search({'lr': M.LogUniform(-6, 1)}, 3); print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


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


# -------------------------------------------------------------- capacity_sweep


@pytest.mark.slow
def test_capacity_sweep_tabulates_each_capacity(moons):
    sweep = M.capacity_sweep(tiny_model, [1, 32], moons.train, moons.val, num_epochs=5,
                             lr=1e-2, human=0.1)
    assert [row["capacity"] for row in sweep.rows] == [1, 32]
    small, big = sweep.rows
    assert small["num_params"] < big["num_params"]
    assert big["train_error"] < small["train_error"]  # one unit cannot bend around moons
    assert small["verdict"] == "underfitting"
    assert all(row["verdict"] in M.VERDICTS for row in sweep.rows)
    assert sweep.best is big
    assert "val_err" in str(sweep) and "underfitting" in str(sweep)


def test_capacity_sweep_validates_its_input(moons):
    with pytest.raises(ValueError, match="non-empty list of capacities"):
        M.capacity_sweep(tiny_model, [], moons.train, moons.val, num_epochs=1)
    with pytest.raises(TypeError, match=r"\(X, y\) pair"):
        M.capacity_sweep(tiny_model, [1], moons.train[0], moons.val, num_epochs=1)
    with pytest.raises(TypeError, match="builds a new model"):
        M.capacity_sweep(tiny_model(), [1], moons.train, moons.val, num_epochs=1)


# --------------------------------------------------------------- random search

SPACE = {"lr": M.LogUniform(-6, 1), "dropout": M.Uniform(0, 10, scale=0.1),
         "activation": M.Choice("relu", "tanh"), "batch_size": 32}


def test_random_search_samples_the_slides_distributions():
    trials = M.random_search(SPACE, 500, seed=0)
    lrs = np.array([t.config["lr"] for t in trials])
    dropouts = np.array([t.config["dropout"] for t in trials])
    assert lrs.min() >= 1e-6 and lrs.max() <= 10
    # log-uniform: each decade is equally likely (7 decades, ~71 samples each)
    counts = np.histogram(np.log10(lrs), bins=7, range=(-6, 1))[0]
    assert counts.min() > 40
    assert dropouts.min() >= 0 and dropouts.max() <= 1 and 0.4 < dropouts.mean() < 0.6
    assert {t.config["activation"] for t in trials} == {"relu", "tanh"}
    assert {t.config["batch_size"] for t in trials} == {32}
    assert [t.index for t in trials] == list(range(500)) and trials[0].score is None


def test_random_search_is_seeded():
    def configs(seed):
        return [t.config for t in M.random_search(SPACE, 5, seed=seed)]
    assert configs(3) == configs(3)
    assert configs(3) != configs(4)


def test_random_search_ranks_trials_best_first():
    def objective(config):
        return abs(math.log10(config["lr"]) + 3)  # best near lr = 1e-3

    trials = M.random_search(SPACE, 30, objective, seed=1)
    scores = [t.score for t in trials]
    assert scores == sorted(scores)
    assert 1e-4 < trials[0].config["lr"] < 1e-2
    best_max = M.random_search(SPACE, 30, objective, seed=1, mode="max")[0]
    assert best_max.score == max(scores)
    assert "score=" in str(trials[0]) and "lr=" in str(trials[0])


def test_diverged_trials_sort_last():
    trials = M.random_search({"x": M.Uniform(0, 1)}, 5,
                             lambda c: math.nan if c["x"] > 0.5 else c["x"], seed=0)
    finite = [t for t in trials if not math.isnan(t.score)]
    assert trials[:len(finite)] == finite


def test_random_trials_explore_more_values_than_a_grid():
    # the slide's point: with 9 trials, random search tries 9 values of each
    # hyperparameter, a 3 x 3 grid only 3
    space = {"lr": M.LogUniform(-6, 1), "dropout": M.Uniform(0, 10, scale=0.1)}
    grid = M.grid_search(space, 3)
    assert len(grid) == 9
    assert M.distinct_values(grid) == {"lr": 3, "dropout": 3}
    assert M.distinct_values(M.random_search(space, 9)) == {"lr": 9, "dropout": 9}


def test_grid_search_spans_each_range():
    trials = M.grid_search(SPACE, 3)
    assert len(trials) == 3 * 3 * 2
    lrs = sorted({t.config["lr"] for t in trials})
    assert lrs == pytest.approx([1e-6, 10 ** -2.5, 10.0])
    assert sorted({t.config["dropout"] for t in trials}) == pytest.approx([0.0, 0.5, 1.0])
    assert M.grid_search({"lr": M.LogUniform(-3, -1)}, 3, lambda c: c["lr"])[0].config["lr"] \
        == pytest.approx(1e-3)


def test_invalid_spaces_are_refused():
    with pytest.raises(ValueError, match="low < high"):
        M.LogUniform(1, -6)
    with pytest.raises(ValueError, match="scale"):
        M.Uniform(0, 1, scale=0)
    with pytest.raises(ValueError, match="at least one value"):
        M.Choice()
    with pytest.raises(TypeError, match="non-empty dict"):
        M.random_search([M.LogUniform(-6, 1)], 3)
    with pytest.raises(ValueError, match="n_trials"):
        M.random_search(SPACE, 0)
    with pytest.raises(TypeError, match="return a number"):
        M.random_search(SPACE, 2, lambda c: "good")
    with pytest.raises(ValueError, match="mode"):
        M.random_search(SPACE, 2, lambda c: 0.0, mode="best")


# ----------------------------------------------------------------- KerasTuner


def test_space_maps_onto_keras_tuner_hyperparameters():
    import keras_tuner

    hp = keras_tuner.HyperParameters()
    values = M.to_keras_tuner(SPACE, hp)
    assert set(values) == set(SPACE)
    lr = hp.get_config()["space"][0]["config"]
    assert lr["sampling"] == "log" and lr["min_value"] == pytest.approx(1e-6)
    assert lr["max_value"] == pytest.approx(10.0)
    dropout = hp.get_config()["space"][1]["config"]
    assert dropout["sampling"] == "linear" and dropout["max_value"] == pytest.approx(1.0)
    assert values["batch_size"] == 32 and values["activation"] in ("relu", "tanh")
    with pytest.raises(TypeError, match="one type"):
        M.to_keras_tuner({"act": M.Choice("relu", 3)}, keras_tuner.HyperParameters())


@pytest.mark.slow
def test_keras_tuner_random_search_runs_two_trials(moons, tmp_path):
    import keras_tuner

    seen = []

    def build_fn(config):
        seen.append(config)
        return tiny_model(units=config["units"])

    space = {"lr": M.LogUniform(-3, -1), "units": M.Choice(4, 8)}
    tuner = M.keras_tuner_search(build_fn, space, max_trials=2, directory=str(tmp_path))
    assert isinstance(tuner, keras_tuner.RandomSearch)
    tuner.search(*moons.train, validation_data=moons.val, epochs=1, verbose=0)
    trials = tuner.oracle.get_best_trials(2)
    assert len(trials) == 2 and all(t.status == "COMPLETED" for t in trials)
    best = tuner.get_best_hyperparameters()[0].values
    assert 1e-3 <= best["lr"] <= 1e-1 and best["units"] in (4, 8)
    assert all(1e-3 <= c["lr"] <= 1e-1 for c in seen)


# --------------------------------------------------------------- lr range test


@pytest.mark.slow
def test_lr_range_test_sweeps_exponentially_and_suggests_an_lr(moons):
    result = M.lr_range_test(tiny_model, *moons.train, num_steps=40)
    assert len(result.lrs) == len(result.losses) == len(result.smoothed) <= 40
    ratios = np.array(result.lrs[1:]) / np.array(result.lrs[:-1])
    assert np.allclose(ratios, ratios[0])  # exponential steps
    assert result.lrs[0] == pytest.approx(1e-6)
    assert 1e-6 <= result.suggested_lr <= 1
    assert result.suggested_lr == pytest.approx(max(result.min_loss_lr / 10, 1e-6))
    assert result.steepest_lr <= result.min_loss_lr
    assert "suggested lr" in str(result)


@pytest.mark.slow
def test_lr_range_test_stops_when_the_loss_explodes(moons):
    import keras

    def sgd_model():
        model = tiny_model()
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1),
                      loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
        return model

    result = M.lr_range_test(sgd_model, *moons.train, max_lr=1e4, num_steps=60)
    assert result.stopped_early and len(result.lrs) < 60
    assert result.suggested_lr < 1e3
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    ax = result.plot()
    assert ax.get_xscale() == "log"


def test_lr_range_test_validates_its_input(moons):
    with pytest.raises(ValueError, match="min_lr < max_lr"):
        M.lr_range_test(tiny_model, *moons.train, min_lr=1.0, max_lr=1e-3)
    with pytest.raises(ValueError, match="beta"):
        M.lr_range_test(tiny_model, *moons.train, beta=1.0)
