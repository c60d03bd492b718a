"""dead_relus finds layers whose ReLUs never fire."""

import keras
import numpy as np
import pytest
from sanity_cases import X2, X, mlp

from dlcourse import sanity


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


# ------------------------------------------------------------------ dead_relus


def test_fresh_relus_are_alive():
    result = sanity.dead_relus(mlp(), X)
    assert result.ok, result.message
    assert list(result.values["dead"].values()) == [0.0]


def test_a_large_negative_bias_kills_the_layer():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                              keras.layers.Dense(8), keras.layers.ReLU(), keras.layers.Dense(3)])
    model.layers[0].bias.assign(np.full(16, -100.0, "float32"))
    result = sanity.dead_relus(model, X)
    assert not result.ok
    assert result.values["dead"][model.layers[0].name] == 1.0
    assert len(result.values["dead"]) == 2  # the Dense activation and the ReLU layer
    assert model.layers[0].name in result.message and "LeakyReLU" in result.message


def test_dead_relus_without_relus_and_on_subclassed_models():
    tanh = keras.Sequential([keras.Input((2,)), keras.layers.Dense(4, activation="tanh")])
    assert "no ReLU" in sanity.dead_relus(tanh, X2).message

    class Sub(keras.Model):
        def __init__(self):
            super().__init__()
            self.hidden = keras.layers.Dense(4, activation="relu")

        def call(self, x):
            return self.hidden(x)

    with pytest.raises(TypeError, match="Sequential or Functional"):
        sanity.dead_relus(Sub(), X2)
