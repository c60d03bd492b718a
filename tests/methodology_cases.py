"""The model and search space the methodology tests share (tests/test_methodology_*.py)."""

from dlcourse import methodology as M


def tiny_model(units=8, seed=0):
    import keras

    keras.utils.set_random_seed(seed)
    return keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation="relu"),
                             keras.layers.Dense(2)])


SPACE = {"lr": M.LogUniform(-6, 1), "dropout": M.Uniform(0, 10, scale=0.1),
         "activation": M.Choice("relu", "tanh"), "batch_size": 32}
