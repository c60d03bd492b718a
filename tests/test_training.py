"""training builds, compiles, fits and scores classifiers, and refuses wrong inputs clearly."""

import math
import subprocess
import sys

import keras
import numpy as np
import pytest

from dlcourse import training

RNG = np.random.default_rng(0)
X = RNG.normal(size=(40, 3)).astype("float32")
Y = (X[:, 0] > 0).astype("int64")  # separable along the first input


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


def dense(num_outputs=2, activation=None, inputs=3):
    return keras.Sequential([keras.Input((inputs,)),
                             keras.layers.Dense(num_outputs, activation=activation)])


def log_softmax(logits):
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def test_importing_training_does_not_import_tensorflow():
    code = "import sys; from dlcourse import training; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ arguments


@pytest.mark.parametrize("value", [0, -1e-3, True, "0.1", None, math.nan, math.inf])
def test_check_positive_refuses_what_is_not_a_positive_number(value):
    with pytest.raises(ValueError, match=r"`lr` to be a finite number > 0\. Received: lr="):
        training.check_positive(lr=value)


@pytest.mark.parametrize("value", [0, -2, 2.0, True, "3"])
def test_check_int_refuses_what_is_not_an_int_of_at_least_one(value):
    with pytest.raises(ValueError, match=r"`num_epochs` to be a positive int"):
        training.check_int(batch_size=32, num_epochs=value)


def test_valid_arguments_pass():
    training.check_positive(lr=1e-3, margin=np.float32(0.1), strength=2)
    training.check_int(num_epochs=1, batch_size=np.int64(16))


def test_check_builder_refuses_a_built_model_and_a_non_callable():
    with pytest.raises(TypeError, match=r"`overfit_small` expects a function that builds"):
        training.check_builder(dense(), "overfit_small")
    with pytest.raises(TypeError, match="Received: int"):
        training.check_builder(3, "capacity_sweep")
    training.check_builder(dense, "overfit_small")


def test_check_xy_wants_samples_and_one_label_each():
    with pytest.raises(ValueError, match=r"`fit` needs at least one sample"):
        training.check_xy(np.zeros((0, 3)), np.zeros(0), "fit")
    with pytest.raises(ValueError, match="needs at least one sample"):
        training.check_xy(np.float32(1.0), [0], "fit")
    with pytest.raises(ValueError, match=r"one label per sample.*y\.shape=\(39,\)"):
        training.check_xy(X, Y[:-1], "fit")
    with pytest.raises(ValueError, match="one label per sample"):
        training.check_xy(X, 1, "fit")
    X_out, y_out = training.check_xy(X.tolist(), list(Y), "fit")
    assert isinstance(X_out, np.ndarray) and X_out.shape == (40, 3) and y_out.shape == (40,)


# ---------------------------------------------------------------------- build


def test_build_passes_the_seed_only_to_builders_that_accept_it():
    seen = []

    def with_seed(units, seed):
        seen.append((units, seed))
        return dense(units)

    def with_kwargs(**kwargs):
        seen.append(kwargs)
        return dense()

    def without_seed(units):
        seen.append(units)
        return dense(units)

    assert training.build(with_seed, 4, seed=7).layers[-1].units == 4
    training.build(with_kwargs, seed=3)
    training.build(without_seed, 5, seed=9)
    assert seen == [(4, 7), {"seed": 3}, 5]


def test_build_seeds_keras_so_the_same_seed_gives_the_same_weights():
    a, b, c = (training.build(dense, seed=s) for s in (1, 1, 2))
    np.testing.assert_array_equal(a.get_weights()[0], b.get_weights()[0])
    assert not np.array_equal(a.get_weights()[0], c.get_weights()[0])


def test_build_refuses_a_builder_that_returns_no_model():
    with pytest.raises(TypeError, match=r"return a keras.Model\. Received: str from 'bad'"):
        def bad():
            return "model"
        training.build(bad)


# ------------------------------------------------------- inputs and outputs


def test_match_input_adds_only_the_missing_channel_axis():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten(),
                              keras.layers.Dense(2)])
    assert training.match_input(model, np.zeros((3, 4, 4))).shape == (3, 4, 4, 1)
    assert training.match_input(model, np.zeros((3, 4, 4, 1))).shape == (3, 4, 4, 1)
    assert training.match_input(model, np.zeros((3, 5, 4))).shape == (3, 5, 4)  # not its size
    rgb = keras.Sequential([keras.Input((4, 4, 3)), keras.layers.Flatten()])
    assert training.match_input(rgb, np.zeros((3, 4, 4))).shape == (3, 4, 4)


def test_predict_batches_chunks_and_explains_wrong_shapes():
    starts = [(s, tuple(y_hat.shape)) for s, y_hat in
              training.predict_batches(dense(), X, batch_size=16)]
    assert starts == [(0, (16, 2)), (16, (16, 2)), (32, (8, 2))]
    with pytest.raises(ValueError, match=r"cannot run on X: X has shape \(40, 2\)"):
        list(training.predict_batches(dense(), X[:, :2]))
    conv = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3)])
    with pytest.raises(ValueError, match=r"Expected a classifier.*\(2, 2, 2, 2\)"):
        list(training.predict_batches(conv, np.zeros((2, 4, 4, 1))))


# ------------------------------------------------------------------- evaluate


def test_evaluate_matches_numpy_cross_entropy_and_accuracy_on_logits():
    model = dense(3)
    y = np.arange(40) % 3
    score = training.evaluate(model, X, y, batch_size=7)  # uneven chunks
    log_p = log_softmax(model.predict(X, verbose=0).astype("float64"))
    assert score.kind == "sparse" and score.logits is True and score.num_outputs == 3
    assert score.loss == pytest.approx(-log_p[np.arange(40), y].mean(), rel=1e-5)
    assert score.accuracy == pytest.approx(np.mean(log_p.argmax(axis=1) == y))
    per_sample = np.asarray(score.per_sample_loss(model(X)))
    np.testing.assert_allclose(per_sample, -log_p[np.arange(40), y], rtol=1e-5)


def test_softmax_one_hot_and_sigmoid_outputs_are_read_right():
    softmax = dense(3, "softmax")
    one_hot = np.eye(3)[np.arange(40) % 3]
    score = training.evaluate(softmax, X, one_hot)
    p = softmax.predict(X, verbose=0).astype("float64")
    assert score.kind == "one_hot" and score.logits is False
    assert score.loss == pytest.approx(-(one_hot * np.log(p)).sum(axis=1).mean(), rel=1e-5)

    sigmoid = dense(1, "sigmoid")
    score = training.evaluate(sigmoid, X, Y)
    p = sigmoid.predict(X, verbose=0).astype("float64")[:, 0]
    assert score.kind == "binary" and score.logits is False and score.y.shape == (40, 1)
    assert score.loss == pytest.approx(-np.mean(Y * np.log(p) + (1 - Y) * np.log(1 - p)),
                                       rel=1e-4)
    assert score.accuracy == pytest.approx(np.mean((p > 0.5) == Y))


def test_a_right_and_a_wrong_model_score_1_and_0():
    right = dense(2)
    right.layers[0].set_weights([np.array([[-9.0, 9.0], [0, 0], [0, 0]]), np.zeros(2)])
    assert training.evaluate(right, X, Y).accuracy == 1.0
    assert training.evaluate(right, X, 1 - Y).accuracy == 0.0
    assert training.evaluate(right, X, 1 - Y).loss > 10 * training.evaluate(right, X, Y).loss


def test_evaluate_refuses_labels_that_do_not_fit_the_outputs():
    with pytest.raises(ValueError, match=r"outputs 2 classes.*num_classes=5"):
        training.evaluate(dense(2), X, np.arange(40) % 5)
    with pytest.raises(ValueError, match="One-hot labels have 4 columns"):
        training.evaluate(dense(2), X, np.eye(4)[np.arange(40) % 4])
    with pytest.raises(ValueError, match=r"1 output \(binary\)"):
        training.evaluate(dense(1, "sigmoid"), X, np.arange(40) % 3)
    with pytest.raises(ValueError, match="integer class labels"):
        training.evaluate(dense(2), X, Y + 0.5)
    with pytest.raises(ValueError, match="one label per sample"):
        training.evaluate(dense(2), X, Y[:5])


# ---------------------------------------------------------- compile and fit


def test_compile_if_needed_picks_adam_and_the_matching_cross_entropy():
    model = dense(2)
    before = training.compile_if_needed(model, X, Y, lr=0.05)
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert model.loss.get_config()["from_logits"] is True
    assert isinstance(model.optimizer, keras.optimizers.Adam)
    assert float(model.optimizer.learning_rate) == pytest.approx(0.05)
    assert before.loss == pytest.approx(training.evaluate(model, X, Y).loss)

    probabilities = dense(1, "sigmoid")
    training.compile_if_needed(probabilities, X, Y)
    assert isinstance(probabilities.loss, keras.losses.BinaryCrossentropy)
    assert probabilities.loss.get_config()["from_logits"] is False


def test_a_compiled_model_keeps_its_optimizer_and_loss():
    model = dense(2)
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    training.compile_if_needed(model, X, Y, lr=0.05)
    assert isinstance(model.optimizer, keras.optimizers.SGD) and model.loss == "mse"


def test_fit_learns_and_is_reproducible_from_the_seed():
    curves = []
    for _ in range(2):
        model = training.build(dense, seed=0)
        y = training.compile_if_needed(model, X, Y, lr=0.05).y
        curves.append(training.fit(model, X, y, num_epochs=5, batch_size=8, seed=3))
    assert len(curves[0]) == 5 and curves[0][-1] < curves[0][0]
    assert curves[0] == pytest.approx(curves[1])
    assert training.evaluate(model, X, Y).accuracy > 0.9


def test_fit_adds_the_channel_axis_and_refuses_bad_arguments():
    model = keras.Sequential([keras.Input((3, 3, 1)), keras.layers.Conv2D(2, 3),
                              keras.layers.Flatten()])
    images = RNG.normal(size=(8, 3, 3)).astype("float32")  # no channel axis
    y = training.compile_if_needed(model, images, np.arange(8) % 2).y
    assert len(training.fit(model, images, y, num_epochs=2)) == 2
    with pytest.raises(ValueError, match="num_epochs"):
        training.fit(model, images, y, num_epochs=0)
    with pytest.raises(ValueError, match="one label per sample"):
        training.fit(model, images, y[:3], num_epochs=1)
