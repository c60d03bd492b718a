"""The data and models the sanity tests share (imported by tests/test_sanity_*.py)."""

import keras
import numpy as np

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 8)).astype("float32")
Y = np.arange(64) % 3  # random with respect to X: only memorization fits it
X2 = RNG.normal(size=(256, 2)).astype("float32")
Y2 = (X2[:, 0] + X2[:, 1] > 0).astype("int64")  # linearly separable


def mlp(seed=0, units=32, num_classes=3, inputs=8, activation="softmax"):
    keras.utils.set_random_seed(seed)  # tests must not depend on the order they run in
    return keras.Sequential([
        keras.Input((inputs,)),
        keras.layers.Dense(units, activation="relu"),
        keras.layers.Dense(num_classes, activation=activation),
    ])


def small(seed=0):
    return mlp(seed, units=16, num_classes=2, inputs=2, activation=None)


def frozen_small(seed=0):
    model = small(seed)
    model.trainable = False
    return model
