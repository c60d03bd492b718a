"""dlcourse.grading.references: the reference results hidden tests compare answers with."""

import keras
import numpy as np
import pytest

from dlcourse import grading
from dlcourse.grading import CheckFailed, references

# f(theta) = 1/2 theta^T A theta - c^T theta, so the gradient is A theta - c
A = np.array([[3.0, 0.5], [0.5, 1.0]])
C = np.array([1.0, -2.0])
START = [2.0, -1.0]


def quadratic(theta):
    return A @ theta - C


def sgd(theta, state, g, t, lr=0.1):
    return theta - lr * g, state


def momentum(theta, v, g, t, lr=0.1, alpha=0.9):
    v = alpha * v - lr * g
    return theta + v, v


def adam(theta, state, g, t, lr=0.1, beta1=0.9, beta2=0.999, eps=1e-7, corrected=True):
    m, v = state
    m, v = beta1 * m + (1 - beta1) * g, beta2 * v + (1 - beta2) * g**2
    m_hat, v_hat = (m / (1 - beta1**t), v / (1 - beta2**t)) if corrected else (m, v)
    return theta - lr * m_hat / (np.sqrt(v_hat) + eps), (m, v)


def by_hand(step, state, num_steps, **kwargs):
    theta = np.array(START)
    for t in range(1, num_steps + 1):
        theta, state = step(theta, state, quadratic(theta), t, **kwargs)
    return theta


def test_sgd_matches_the_update_rule():
    expected = by_hand(sgd, None, 5)
    got = references.keras_steps(keras.optimizers.SGD(0.1), START, quadratic, 5)
    # Keras keeps the learning rate in float32: 0.1 becomes 0.100000001
    np.testing.assert_allclose(got, expected, rtol=1e-7)
    assert got.dtype == np.float64 and got.shape == (2,)


def test_momentum_and_adam_match_their_update_rules():
    got = references.keras_steps(keras.optimizers.SGD(0.1, momentum=0.9), START, quadratic, 7)
    grading.close(by_hand(momentum, np.zeros(2), 7), got, name="momentum")
    got = references.keras_steps(keras.optimizers.Adam(0.1), START, quadratic, 7)
    # Keras puts eps next to sqrt(v) before the bias correction: differences of ~1e-7
    grading.close(by_hand(adam, (np.zeros(2), np.zeros(2)), 7), got, rtol=1e-4, atol=1e-5,
                  name="Adam")


@pytest.mark.parametrize("wrong, optimizer", [
    # the sign of the velocity update flipped: momentum climbs the bowl
    (lambda: by_hand(momentum, np.zeros(2), 5, lr=-0.1), keras.optimizers.SGD(0.1, momentum=0.9)),
    # Adam without its bias corrections: the first steps are far too small
    (lambda: by_hand(adam, (np.zeros(2), np.zeros(2)), 5, corrected=False),
     keras.optimizers.Adam(0.1)),
    # the friction forgotten: plain SGD is not momentum
    (lambda: by_hand(sgd, None, 5), keras.optimizers.SGD(0.1, momentum=0.9)),
])
def test_a_wrong_optimizer_fails_the_comparison(wrong, optimizer):
    with pytest.raises(CheckFailed, match="largest error"):
        grading.close(wrong(), references.keras_steps(optimizer, START, quadratic, 5),
                      rtol=1e-4, atol=1e-5, name="theta")


def test_each_call_needs_a_fresh_optimizer():
    # Keras refuses an optimizer built for another variable, so no state leaks between calls
    optimizer = keras.optimizers.SGD(0.1, momentum=0.9)
    references.keras_steps(optimizer, START, quadratic, 3)
    with pytest.raises(ValueError, match="recreate a new optimizer"):
        references.keras_steps(optimizer, START, quadratic, 3)


def test_zero_steps_returns_the_start():
    got = references.keras_steps(keras.optimizers.Adam(0.1), START, quadratic, 0)
    np.testing.assert_array_equal(got, START)


@pytest.mark.parametrize("theta0, num_steps, gradient, match", [
    (START, -1, quadratic, "num_steps"),
    (START, 2.0, quadratic, "num_steps"),
    ([[1.0, 2.0]], 1, quadratic, "theta0"),
    ([1.0, np.nan], 1, quadratic, "theta0"),
    (START, 1, lambda theta: np.ones(3), r"gradient.*shape \(2,\)"),
])
def test_bad_arguments_say_what_was_expected(theta0, num_steps, gradient, match):
    with pytest.raises(ValueError, match=match):
        references.keras_steps(keras.optimizers.SGD(0.1), theta0, gradient, num_steps)


def test_public_functions_are_documented():
    for name in references.__all__:
        doc = getattr(references, name).__doc__
        assert all(part in doc for part in ("Args:", "Returns:", "Example:")), name


# --- notebook 03: check_layers, accuracy_of, hidden_output, smallest_width ---------------

def _ring(n=200, seed=0):
    """A disc (label 1) inside a ring (label 0), as data.load("ring") draws it."""
    rng = np.random.default_rng(seed)
    radius = np.r_[rng.uniform(0, 0.5, n // 2), rng.uniform(0.7, 1.0, n - n // 2)]
    angle = rng.uniform(0, 2 * np.pi, n)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)].astype("float32")
    return X, (radius < 0.6).astype(int)


def test_check_layers_accepts_the_reference_built_again():
    from dlcourse import models

    references.check_layers(models.binary_classifier(2, (3,), "tanh", seed=5),
                            models.binary_classifier(hidden_units=(3,), activation="tanh"))
    # a Sequential with an Input compares like the functional reference
    sequential = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    references.check_layers(sequential, models.binary_classifier(), name="neuron")


@pytest.mark.parametrize("wrong, hidden_units, match", [
    # the wrong activation on the lecture's single neuron
    (lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="relu")]),
     (), "activation 'relu', expected 'sigmoid'"),
    # two hidden layers where one was asked for
    (lambda: __import__("dlcourse").models.binary_classifier(2, (3, 3), "tanh"),
     (3,), "layer 1 .*output_shape"),
    # the hidden layer's activation ignored
    (lambda: __import__("dlcourse").models.binary_classifier(2, (3,), "relu"),
     (3,), "activation 'relu', expected 'tanh'"),
    # two softmax outputs instead of one sigmoid unit
    (lambda: keras.Sequential([keras.Input((2,)), keras.layers.Dense(3, activation="tanh"),
                               keras.layers.Dense(2, activation="softmax")]),
     (3,), "output_shape"),
])
def test_check_layers_fails_wrong_models(wrong, hidden_units, match):
    from dlcourse import models

    reference = models.binary_classifier(hidden_units=hidden_units, activation="tanh")
    with pytest.raises(CheckFailed, match=match):
        references.check_layers(wrong(), reference, name="model")


def test_check_layers_refuses_a_missing_model():
    from dlcourse import models

    with pytest.raises(CheckFailed, match="not answered"):
        references.check_layers(None, models.binary_classifier(), name="neuron")


def test_accuracy_of_thresholds_the_probability_at_one_half():
    X = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0], [-2.0, 0.0]], "float32")
    neuron = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    neuron.layers[-1].set_weights([np.array([[1.0], [0.0]]), np.zeros(1)])  # P = sigmoid(x1)
    assert references.accuracy_of(neuron, X, np.array([1, 0, 1, 0])) == 1.0
    assert references.accuracy_of(neuron, X, np.array([1, 1, 0, 0])) == 0.5
    # a wrong reading of the output (threshold at 0, the logit's) would call everything class 1
    assert references.accuracy_of(neuron, X, np.ones(4)) == 0.5


def test_accuracy_of_refuses_what_is_not_a_binary_classifier():
    two_outputs = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="softmax")])
    with pytest.raises(CheckFailed, match="one probability per sample"):
        references.accuracy_of(two_outputs, np.zeros((3, 2)), np.zeros(3))
    with pytest.raises(CheckFailed, match="should be a Keras model"):
        references.accuracy_of(lambda X: np.ones(len(X)), np.zeros((3, 2)), np.zeros(3))


def test_hidden_output_is_the_hidden_layers_activations():
    from dlcourse import models

    model = models.binary_classifier(2, (3,), "tanh", seed=2)
    X, _ = _ring(20)
    W, b = model.get_layer("hidden1").get_weights()
    got = references.hidden_output(model, X)
    np.testing.assert_allclose(got, np.tanh(X @ W + b), rtol=1e-5, atol=1e-6)
    # the pre-activation (tanh forgotten) is not the hidden layer's output
    with pytest.raises(CheckFailed, match="largest error"):
        grading.close(X @ W + b, got, name="hidden features", atol=1e-4)
    with pytest.raises(CheckFailed, match="expected a layer named 'hidden9'"):
        references.hidden_output(model, X, layer="hidden9")


def test_smallest_width_reads_the_records():
    records = {1: 0.62, 2: 0.81, 3: 0.99, 4: 1.0, 8: 1.0}
    assert references.smallest_width(records, 0.95) == 3
    assert references.smallest_width(records, 1.0) == 4
    assert references.smallest_width({1: 0.5}, 0.95) is None
    # the wrong decisions a student might record fail the comparison
    for wrong in (max(w for w in records if records[w] >= 0.95),  # the largest
                  max(records, key=records.get),                  # the most accurate
                  min(w for w in records if records[w] > 0.5)):   # better than chance
        with pytest.raises(CheckFailed, match="expected 3"):
            grading.equal(wrong, references.smallest_width(records, 0.95), name="smallest_width")


@pytest.mark.parametrize("records", [{}, [0.6, 0.8, 1.0], {"3": 1.0}, {3: "high"}])
def test_smallest_width_refuses_records_that_are_not_plain_data(records):
    with pytest.raises(CheckFailed, match="expected"):
        references.smallest_width(records, 0.95, name="sweep_train_acc")



# --- rule_out and rule_out_value: misconceptions named in the message ---------------------

def slide_sigmoid(z):
    return 1 - 1 / (1 + np.exp(-z))  # seed 004's misprint: sigmoid(-z)


def right_sigmoid(z):
    return 1 / (1 + np.exp(-z))


Z = [np.linspace(-3, 3, 7)]


def test_rule_out_names_the_misconception():
    with pytest.raises(CheckFailed, match="sigmoid: the slide's misprint"):
        references.rule_out(slide_sigmoid, lambda z: right_sigmoid(-z), Z,
                            "the slide's misprint", name="sigmoid")


def test_rule_out_leaves_other_answers_to_the_reference_check():
    references.rule_out(right_sigmoid, lambda z: right_sigmoid(-z), Z, "misprint")
    # a function that raises is no misconception either: the reference check reports it
    references.rule_out(lambda z: 1 / 0, lambda z: z, Z, "identity")


def test_rule_out_value():
    with pytest.raises(CheckFailed, match="lr_limit: the fastest rate"):
        references.rule_out_value(1 / 24, 1 / 24, "the fastest rate", name="lr_limit")
    references.rule_out_value(1 / 12, 1 / 24, "the fastest rate", name="lr_limit")
    references.rule_out_value([1.0, 2.0], 1 / 24, "a scalar was expected")
    with pytest.raises(CheckFailed, match="not answered"):
        references.rule_out_value(..., 1 / 24, "the fastest rate")
