"""capacity_sweep tabulates train/val error per capacity; lr_range_test suggests an lr."""

import numpy as np
import pytest
from methodology_cases import tiny_model

from dlcourse import methodology as M


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    import keras

    keras.utils.set_random_seed(0)


@pytest.fixture(scope="module")
def moons():
    from dlcourse import data

    return data.load("moons", seed=0)


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


@pytest.mark.slow
def test_lr_range_test_records_each_steps_own_loss_not_a_running_mean(moons):
    """Keras 3.13 (Colab's) keeps train_on_batch's loss tracker across calls: without a reset,
    step k's "loss" is the mean of steps 0..k. At a learning rate too small to move the
    weights, step k's loss must be the fresh model's loss on batch k alone."""
    import keras

    X, y = moons.train
    result = M.lr_range_test(tiny_model, X, y, min_lr=1e-12, max_lr=2e-12, num_steps=6,
                             batch_size=16, seed=3)
    fresh = tiny_model(seed=3)
    fresh.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    order = np.random.default_rng(3).permutation(len(X))
    own = [float(fresh.evaluate(X[order[k * 16:(k + 1) * 16]], y[order[k * 16:(k + 1) * 16]],
                                verbose=0)) for k in range(6)]
    np.testing.assert_allclose(result.losses, own, rtol=1e-4)
    running = np.cumsum(own) / np.arange(1, 7)
    assert not np.allclose(running, own, rtol=1e-4)  # the two readings differ here
