"""Every sanity check passes a sound model and fails a broken one with a useful hint."""

import math
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from dlcourse import sanity

RNG = np.random.default_rng(0)
X = RNG.normal(size=(64, 8)).astype("float32")
Y = np.arange(64) % 3  # random with respect to X: only memorization fits it
X2 = RNG.normal(size=(256, 2)).astype("float32")
Y2 = (X2[:, 0] + X2[:, 1] > 0).astype("int64")  # linearly separable


@pytest.fixture(autouse=True)
def _seeded():
    """Each test builds its models from seed 0, whatever ran before it."""
    keras.utils.set_random_seed(0)


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


class DoubledReluGradient(keras.layers.Layer):
    """ReLU whose backward pass is deliberately twice the true gradient."""

    def call(self, x):
        @tf.custom_gradient
        def relu(x):
            def grad(dy):
                return dy * 2.0 * tf.cast(x > 0, dy.dtype)
            return tf.nn.relu(x), grad
        return relu(x)


class UnusedWeight(keras.layers.Layer):
    """Identity with a weight that never reaches the output: a disconnected variable."""

    def build(self, input_shape):
        self.unused = self.add_weight(shape=(3,), initializer="ones", name="unused")

    def call(self, x):
        return x


# ------------------------------------------------------------------ CheckResult


def test_check_result_prints_status_name_and_message():
    result = sanity.CheckResult("leakage", False, "3 of 10 test samples also appear in train")
    assert str(result) == "[FAIL] leakage: 3 of 10 test samples also appear in train"
    assert "ok=False" in repr(result) and "leakage" in repr(result)
    assert sanity.CheckResult("x", None, "skipped").status == "SKIP"


def test_importing_sanity_does_not_import_tensorflow():
    code = "import sys; from dlcourse import sanity; print('tensorflow' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120)
    assert out.stdout.strip() == "False"


# ---------------------------------------------------------------- initial_loss


def test_fresh_10_class_model_starts_at_ln_10():
    Xi = RNG.normal(size=(500, 8)).astype("float32")
    yi = np.arange(500) % 10
    result = sanity.initial_loss(mlp(num_classes=10), Xi, yi)
    assert result.ok, result.message
    assert result.values["expected"] == pytest.approx(2.303, abs=1e-3)
    assert result.values["observed"] == pytest.approx(2.303, abs=0.3)
    assert result.values["num_classes"] == 10 and result.values["from_logits"] is False


def test_output_kernel_times_100_fails_with_a_hint():
    Xi = RNG.normal(size=(500, 8)).astype("float32")
    model = mlp(num_classes=10)
    kernel = model.layers[-1].kernel
    kernel.assign(kernel * 100)
    result = sanity.initial_loss(model, Xi, np.arange(500) % 10)
    assert not result.ok
    assert result.values["observed"] > 5
    assert ">> 2.303" in result.message and "initialization" in result.message


def test_logits_and_one_hot_labels_are_understood():
    model = mlp(activation=None)
    result = sanity.initial_loss(model, X, keras.utils.to_categorical(Y, 3))
    assert result.ok, result.message
    assert result.values["from_logits"] is True
    # the same logits read as probabilities give a different (wrong) loss
    assert sanity.initial_loss(model, X, Y, from_logits=False).values["observed"] != \
        pytest.approx(result.values["observed"])


def test_single_sigmoid_output_expects_ln_2():
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1, activation="sigmoid")])
    result = sanity.initial_loss(model, X2, Y2)
    assert result.values["expected"] == pytest.approx(math.log(2))
    assert result.values["num_classes"] == 2


def test_a_model_that_already_knows_the_labels_is_flagged():
    # the label is copied into the input, and the weights read it out: a leak
    X_leak = keras.utils.to_categorical(Y, 3).astype("float32")
    model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(3, activation="softmax")])
    model.layers[0].kernel.assign(np.eye(3, dtype="float32") * 20)
    result = sanity.initial_loss(model, X_leak, Y)
    assert not result.ok
    assert "<<" in result.message and "leak" in result.message


def test_unscaled_uint8_images_get_a_rescaling_hint():
    images = RNG.integers(0, 256, size=(100, 6, 6), dtype=np.uint8)
    model = keras.Sequential([keras.Input((6, 6)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    result = sanity.initial_loss(model, images, np.arange(100) % 10)
    assert not result.ok
    assert "Rescaling" in result.message


def test_missing_channel_axis_is_added():
    model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Conv2D(2, 3),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    images = RNG.uniform(size=(12, 4, 4)).astype("float32") * 0.1
    assert sanity.initial_loss(model, images, np.arange(12) % 3).ok


def test_labels_beyond_the_outputs_raise_a_clear_error():
    with pytest.raises(ValueError, match=r"outputs 3 classes.*num_classes=12"):
        sanity.initial_loss(mlp(), X, np.arange(64) % 12)
    with pytest.raises(ValueError, match="One-hot labels have 5 columns"):
        sanity.initial_loss(mlp(), X, np.eye(5)[np.arange(64) % 5])


def test_inputs_of_the_wrong_shape_raise_a_clear_error():
    with pytest.raises(ValueError, match=r"cannot run on X: X has shape \(64, 5\)"):
        sanity.initial_loss(mlp(), X[:, :5], Y)
    with pytest.raises(ValueError, match="one label per sample"):
        sanity.initial_loss(mlp(), X, Y[:10])


def test_a_builder_instead_of_a_model_is_refused():
    with pytest.raises(TypeError, match="call it first"):
        sanity.initial_loss(mlp, X, Y)
    with pytest.raises(ValueError, match="tolerance"):
        sanity.initial_loss(mlp(), X, Y, tolerance=0)


# --------------------------------------------------------------- overfit_small


@pytest.mark.slow
def test_overfit_small_memorizes_50_samples():
    result = sanity.overfit_small(lambda: mlp(units=64), X, Y, lr=1e-2)
    assert result.ok, result.message
    assert result.values["accuracy"] == 1.0 and result.values["loss"] <= 0.05
    assert result.values["n"] == 50
    assert result.values["epochs"] < 300  # stopped early, once memorized
    assert len(result.curve) == result.values["epochs"] and result.curve[-1] < result.curve[0]


@pytest.mark.slow
def test_overfit_small_fails_on_all_zero_inputs():
    result = sanity.overfit_small(lambda: mlp(units=64), np.zeros_like(X), Y, lr=1e-2,
                                  num_epochs=20)
    assert not result.ok
    assert result.values["accuracy"] < 0.5
    assert "identical" in result.message


@pytest.mark.slow
def test_overfit_small_fails_when_a_tiny_model_meets_shuffled_labels():
    def bottleneck():
        return keras.Sequential([keras.Input((8,)), keras.layers.Dense(1),
                                 keras.layers.Dense(10)])
    shuffled = np.random.default_rng(1).permutation(np.arange(64) % 10)
    result = sanity.overfit_small(bottleneck, X, shuffled, lr=1e-2, num_epochs=30)
    assert not result.ok
    assert "not memorized" in result.message


def test_overfit_small_fails_on_a_frozen_model():
    result = sanity.overfit_small(frozen_small, X2, Y2)
    assert not result.ok
    assert "no trainable weights" in result.message and result.values["epochs"] == 0


@pytest.mark.slow
def test_overfit_small_reports_regularization():
    def with_dropout():
        return keras.Sequential([keras.Input((8,)), keras.layers.Dense(16, activation="relu"),
                                 keras.layers.Dropout(0.5), keras.layers.Dense(3)])
    with pytest.warns(UserWarning, match="regularizes"):
        result = sanity.overfit_small(with_dropout, X, Y, num_epochs=2)
    assert any("Dropout" in layer for layer in result.values["regularization"])
    assert not result.ok and "remove regularization" in result.message


def test_overfit_small_wants_a_builder_and_passes_it_the_seed():
    with pytest.raises(TypeError, match="builds a new model"):
        sanity.overfit_small(mlp(), X, Y)
    seeds = []

    def builder(seed):
        seeds.append(seed)
        return frozen_small()

    sanity.overfit_small(builder, X2, Y2, seed=7)
    assert seeds == [7]
    with pytest.raises(TypeError, match="return a keras.Model"):
        sanity.overfit_small(lambda: "not a model", X, Y)


@pytest.mark.slow
def test_lenet_memorizes_50_fashion_mnist_images_within_a_minute(fashion_dir):
    from dlcourse import data

    X_train, y_train = data.load("fashion_mnist", profile="fast").train

    def lenet(seed=0):
        return keras.Sequential([
            keras.Input((28, 28, 1)),  # data gives (n, 28, 28): the check adds the axis
            keras.layers.Rescaling(1 / 255),
            keras.layers.Conv2D(6, 5, padding="same", activation="relu"),
            keras.layers.AveragePooling2D(2),
            keras.layers.Conv2D(16, 5, activation="relu"),
            keras.layers.AveragePooling2D(2),
            keras.layers.Flatten(),
            keras.layers.Dense(120, activation="relu"),
            keras.layers.Dense(84, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ])

    result = sanity.overfit_small(lenet, X_train, y_train)
    assert result.ok, result.message
    assert result.values["accuracy"] >= 0.99
    assert result.values["seconds"] < 60


# -------------------------------------------------- regularization_raises_loss


def l2_model(strength, seed=0):
    l2 = keras.regularizers.L2(strength)
    return keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(16, activation="relu", kernel_regularizer=l2),
        keras.layers.Dense(3, kernel_regularizer=l2),
    ])


@pytest.mark.slow
def test_stronger_l2_raises_the_training_loss():
    result = sanity.regularization_raises_loss(l2_model, X, Y, num_epochs=1)
    assert result.ok, result.message
    losses = result.values["losses"]
    assert all(b > a for a, b in zip(losses, losses[1:], strict=False))
    assert result.values["penalties"][0] == 0 and result.values["penalties"][-1] > 0


@pytest.mark.slow
def test_a_model_fn_that_ignores_the_strength_fails():
    result = sanity.regularization_raises_loss(lambda strength: mlp(), X, Y,
                                               strengths=(0, 0.1), num_epochs=1)
    assert not result.ok
    assert "does not change with strength" in result.message
    assert "kernel_regularizer" in result.message


def test_strengths_must_increase():
    with pytest.raises(ValueError, match="increasing strengths"):
        sanity.regularization_raises_loss(l2_model, X, Y, strengths=(0.1, 0.01))


# -------------------------------------------------- input_independent_baseline


@pytest.mark.slow
def test_a_model_that_uses_its_input_beats_zeros():
    result = sanity.input_independent_baseline(small, X2, Y2)
    assert result.ok, result.message
    assert result.values["real_loss"] < 0.9 * result.values["zero_loss"]


@pytest.mark.slow
def test_a_model_that_ignores_its_input_fails():
    def blind():
        return keras.Sequential([keras.Input((2,)), keras.layers.Lambda(lambda x: x * 0.0),
                                 keras.layers.Dense(16, activation="relu"), keras.layers.Dense(2)])
    result = sanity.input_independent_baseline(blind, X2, Y2)
    assert not result.ok
    assert result.values["ratio"] == pytest.approx(1.0, abs=0.01)
    assert "ignores its input" in result.message


# -------------------------------------------------------------- gradient_check


def test_gradient_check_passes_keras_gradients():
    model = keras.Sequential([
        keras.Input((8,)),
        keras.layers.Dense(16, activation="tanh", kernel_regularizer=keras.regularizers.L2(0.1)),
        keras.layers.Dense(3),
    ])
    before = [w.copy() for w in model.get_weights()]
    result = sanity.gradient_check(model, X, Y)
    assert result.ok, result.message
    assert result.values["max_error"] < 1e-6 and result.values["dtype"] == "float64"
    assert result.values["num_checked"] == 5 + 5 + 5 + 3  # 5 per variable, 3 biases at the end
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_gradient_check_copes_with_relu_kinks_on_image_backgrounds():
    images = np.zeros((8, 8, 8, 1), "float32")
    images[:, 2:6, 2:6, 0] = RNG.uniform(size=(8, 4, 4))  # zero border, as in Fashion-MNIST
    model = keras.Sequential([keras.Input((8, 8, 1)),
                              keras.layers.Conv2D(4, 3, padding="same", activation="relu"),
                              keras.layers.Flatten(), keras.layers.Dense(3)])
    result = sanity.gradient_check(model, images, np.arange(8) % 3)
    assert result.ok, result.message


def test_gradient_check_catches_a_wrong_custom_gradient():
    model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(16), DoubledReluGradient(),
                              keras.layers.Dense(3)])
    result = sanity.gradient_check(model, X, Y)
    assert not result.ok
    assert result.values["max_error"] > 0.1
    assert "dense" in result.values["where"]
    assert result.values["analytic"] == pytest.approx(2 * result.values["numeric"], rel=1e-3)
    assert "the gradient is wrong there" in result.message


# -------------------------------------------------------------- weights_change


def test_one_step_moves_every_variable_and_weights_are_restored():
    model = mlp()
    before = [w.copy() for w in model.get_weights()]
    result = sanity.weights_change(model, X, Y)
    assert result.ok, result.message
    assert len(result.values["changed"]) == 4
    for a, b in zip(before, model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_a_frozen_layer_is_named_unless_allowed():
    model = mlp()
    model.layers[0].trainable = False
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert result.values["frozen"] == [model.layers[0].name]
    assert "allow_frozen=True" in result.message
    assert sanity.weights_change(model, X, Y, allow_frozen=True).ok


def test_a_frozen_layer_inside_a_nested_model_is_named():
    inner = keras.Sequential([keras.Input((8,)), keras.layers.Dense(4, name="inner_dense")])
    inner.layers[0].trainable = False
    model = keras.Sequential([keras.Input((8,)), inner, keras.layers.Dense(3)])
    assert sanity.weights_change(model, X, Y).values["frozen"] == ["inner_dense"]


def test_a_disconnected_variable_is_named():
    model = keras.Sequential([keras.Input((8,)), UnusedWeight(), keras.layers.Dense(3)])
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert len(result.values["unchanged"]) == 1 and "unused" in result.values["unchanged"][0]
    assert "unused" in result.message


def test_variables_behind_dead_relus_do_not_change():
    model = mlp()
    model.layers[0].bias.assign(np.full(32, -100.0, "float32"))
    result = sanity.weights_change(model, X, Y)
    assert not result.ok
    assert any(model.layers[0].name in path for path in result.values["unchanged"])


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


# --------------------------------------------------------------------- leakage


def test_disjoint_splits_do_not_leak():
    result = sanity.leakage((X[:40], Y[:40]), (X[40:], Y[40:]))
    assert result.ok and result.values["count"] == 0


def test_a_leaky_split_is_caught_with_indices():
    X_test = np.concatenate([X[40:], X[[3, 7]]])
    result = sanity.leakage((X[:40], Y[:40]), X_test)
    assert not result.ok
    assert result.values["count"] == 2
    assert result.values["test_indices"] == [24, 25] and result.values["train_indices"] == [3, 7]
    assert "test[24] == train[3]" in result.message


def test_leakage_compares_values_across_dtypes_and_signed_zeros():
    images = RNG.integers(0, 256, size=(10, 4, 4), dtype=np.uint8)
    assert sanity.leakage(images, images[:2].astype("float32")).values["count"] == 2
    assert sanity.leakage(np.array([[0.0, 1.0]]), np.array([[-0.0, 1.0]])).values["count"] == 1
    with pytest.raises(ValueError, match="differ in size"):
        sanity.leakage(X, X2)


# --------------------------------------------------------------------- run_all


@pytest.mark.slow
def test_run_all_passes_a_sound_model(capsys):
    results = sanity.run_all(small, X2, Y2, test=(X2[:5] + 10, Y2[:5]))
    names = [r.name for r in results]
    assert names == ["leakage", "initial_loss", "weights_change", "gradient_check", "dead_relus",
                     "overfit_small", "input_independent_baseline"]
    assert all(r.ok for r in results), sanity.summarize(results)
    assert "PASS  overfit_small" in capsys.readouterr().out


@pytest.mark.slow
def test_run_all_flags_a_frozen_model():
    results = {r.name: r for r in sanity.run_all(frozen_small, X2, Y2, verbose=False)}
    assert not results["weights_change"].ok
    assert not results["overfit_small"].ok
    assert not results["gradient_check"].ok and "no trainable" in results["gradient_check"].message
    assert results["initial_loss"].ok
