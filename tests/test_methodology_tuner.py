"""The search space maps onto KerasTuner, and keras_tuner_search runs trials."""

import pytest
from methodology_cases import SPACE, tiny_model

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


def test_keras_tuner_search_is_a_plain_random_search(tmp_path):
    # tensorboard is a dependency now, so nothing in KerasTuner needs overriding
    import keras_tuner

    tuner = M.keras_tuner_search(lambda config: tiny_model(), {"lr": M.LogUniform(-3, -1)},
                                 max_trials=1, objective="val_accuracy",
                                 directory=str(tmp_path))
    assert type(tuner) is keras_tuner.RandomSearch
    assert tuner.oracle.objective.direction == "max"
    with pytest.raises(TypeError, match="build_fn"):
        M.keras_tuner_search("not callable", {"lr": 1e-3})
