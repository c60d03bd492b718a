"""random and grid search sample the slides' distributions and rank trials."""

import math

import numpy as np
import pytest
from methodology_cases import SPACE

from dlcourse import methodology as M


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    import keras

    keras.utils.set_random_seed(0)


# --------------------------------------------------------------- random search


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
