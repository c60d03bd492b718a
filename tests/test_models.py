import subprocess
import sys

import keras
import numpy as np
import pytest

from dlcourse import data, models
from dlcourse import regularizers as R

L = keras.layers


def dense_params(n_in, n_out, bias=True):
    return n_in * n_out + (n_out if bias else 0)


def conv_params(k, c_in, c_out, bias=True):
    return k * k * c_in * c_out + (c_out if bias else 0)


def bn_params(channels):
    return 4 * channels  # γ, β trainable; moving mean and variance not


def lstm_params(n_in, units):
    return 4 * (units * (n_in + units) + units)


def rnn_params(n_in, units):
    return units * (n_in + units) + units


# Small configurations of every builder, used wherever a test runs them all.
BUILDERS = {
    "mlp": (lambda **kw: models.mlp((6, 6), hidden_units=(8, 8), num_classes=3, **kw),
            (6, 6)),
    "binary_classifier": (lambda **kw: models.binary_classifier(hidden_units=(4,), **kw), (2,)),
    "lenet5": (lambda **kw: models.lenet5((28, 28), num_classes=3, **kw), (28, 28)),
    "small_cnn": (lambda **kw: models.small_cnn((12, 12), num_classes=3, filters=(4, 8),
                                                dense_units=8, **kw), (12, 12)),
    "rnn": (lambda **kw: models.rnn((5, 2), units=4, **kw), (5, 2)),
    "lstm": (lambda **kw: models.lstm((5, 2), units=4, num_classes=3, **kw), (5, 2)),
    "multitask": (lambda **kw: models.multitask((6,), trunk_units=(8,), num_classes_a=3,
                                                num_classes_b=None, **kw), (6,)),
}


def _X(shape, n=4, seed=0):
    return np.random.default_rng(seed).uniform(0, 1, (n, *shape)).astype("float32")


def _same_weights(a, b):
    wa, wb = a.get_weights(), b.get_weights()
    return len(wa) == len(wb) and all(np.array_equal(x, y) for x, y in zip(wa, wb, strict=True))


# --- LeNet-5 --------------------------------------------------------------------


def test_lenet5_layers_shapes_and_parameter_count():
    model = models.lenet5()
    layers = model.layers
    assert [type(layer) for layer in layers] == [
        L.InputLayer, L.Rescaling, L.Conv2D, L.MaxPooling2D, L.Conv2D, L.MaxPooling2D,
        L.Flatten, L.Dense, L.Dense, L.Dense,
    ]
    assert [layer.name for layer in layers[2:]] == [
        "c1", "s2", "c3", "s4", "flatten", "f5", "f6", "output"
    ]
    shapes = {layer.name: layer.output.shape for layer in layers}
    assert shapes["c1"] == (None, 28, 28, 6)
    assert shapes["s2"] == (None, 14, 14, 6)
    assert shapes["c3"] == (None, 10, 10, 16)
    assert shapes["s4"] == (None, 5, 5, 16)
    assert shapes["flatten"] == (None, 400)
    assert (shapes["f5"], shapes["f6"], shapes["output"]) == ((None, 120), (None, 84), (None, 10))
    expected = (conv_params(5, 1, 6) + conv_params(5, 6, 16) + dense_params(400, 120)
                + dense_params(120, 84) + dense_params(84, 10))
    assert expected == 61_706
    assert model.count_params() == expected
    assert model.get_layer("c1").kernel_size == (5, 5) and model.get_layer("s2").pool_size == (2, 2)
    assert model.get_layer("output").activation is keras.activations.softmax
    assert model.get_layer("rescale").scale == pytest.approx(1 / 255)


def test_lenet5_two_d_input_and_classic_32x32():
    flat = models.lenet5((28, 28), rescale=None)
    assert flat.get_layer("add_channel").output.shape == (None, 28, 28, 1)
    assert not any(isinstance(layer, L.Rescaling) for layer in flat.layers)
    assert flat.count_params() == 61_706
    classic = models.lenet5((32, 32, 1))
    assert classic.get_layer("c1").output.shape == (None, 28, 28, 6)  # valid padding, as in 1998
    assert classic.get_layer("flatten").output.shape == (None, 400)
    assert classic.count_params() == 61_706


def test_lenet5_activation_and_output_on_uint8_images():
    model = models.lenet5(activation="tanh", num_classes=4)
    for name in ("c1", "c3", "f5", "f6"):
        assert model.get_layer(name).activation is keras.activations.tanh
    X = np.random.default_rng(0).integers(0, 256, (3, 28, 28, 1)).astype("uint8")
    y_hat = keras.ops.convert_to_numpy(model(X))
    assert y_hat.shape == (3, 4)
    np.testing.assert_allclose(y_hat.sum(axis=1), 1.0, rtol=1e-5)


def test_lenet5_refuses_images_too_small():
    with pytest.raises(ValueError, match="at least 12x12.*Received: input_shape=\\(8, 8\\)"):
        models.lenet5((8, 8))


# --- MLP and binary classifier ---------------------------------------------------------


def test_mlp_parameter_count_by_formula_and_output():
    model = models.mlp((28, 28), hidden_units=(32, 16), num_classes=10)
    expected = dense_params(784, 32) + dense_params(32, 16) + dense_params(16, 10)
    assert model.count_params() == expected
    assert isinstance(model.get_layer("flatten"), L.Flatten)
    y_hat = keras.ops.convert_to_numpy(model(_X((28, 28), n=5)))
    assert y_hat.shape == (5, 10)
    np.testing.assert_allclose(y_hat.sum(axis=1), 1.0, rtol=1e-5)


def test_mlp_with_batch_norm_drops_the_hidden_biases():
    model = models.mlp((6,), hidden_units=(8,), num_classes=3, batch_norm=True)
    expected = dense_params(6, 8, bias=False) + bn_params(8) + dense_params(8, 3)
    assert model.count_params() == expected
    assert [layer.name for layer in model.layers[1:]] == [
        "hidden1", "hidden1_bn", "hidden1_act", "output"
    ]


def test_mlp_without_hidden_layers_is_softmax_regression():
    assert models.mlp((4,), hidden_units=(), num_classes=3).count_params() == dense_params(4, 3)


def test_single_neuron_and_hidden_layer():
    neuron = models.binary_classifier()
    assert neuron.count_params() == 3  # w1, w2, b: one straight boundary
    assert [type(layer) for layer in neuron.layers] == [L.InputLayer, L.Dense]
    hidden = models.binary_classifier(hidden_units=(3,), activation="tanh")
    assert hidden.count_params() == dense_params(2, 3) + dense_params(3, 1)
    y_hat = keras.ops.convert_to_numpy(hidden(_X((2,), n=6)))
    assert y_hat.shape == (6, 1) and np.all((y_hat > 0) & (y_hat < 1))


@pytest.mark.slow
def test_a_single_neuron_fails_on_the_ring_and_three_hidden_units_separate_it():
    s = data.load("ring", seed=0, n_samples=400)
    (X, y), (X_val, y_val) = s.train, s.val
    # 600 full-batch steps in one epoch: far fewer Python round trips than 600 epochs
    X_rep, y_rep = np.tile(X, (600, 1)), np.tile(y, 600)
    accuracy = {}
    for units in ((), (3,)):
        model = models.compile_for(
            models.binary_classifier(hidden_units=units, activation="tanh", seed=0), lr=0.05
        )
        model.fit(X_rep, y_rep, epochs=1, batch_size=len(X), verbose=0)
        accuracy[units] = model.evaluate(X_val, y_val, verbose=0)[1]
    # a half-plane gets at most about 2/3 of a disc-inside-a-ring right
    assert accuracy[()] < 0.75
    assert accuracy[(3,)] > 0.95


# --- small CNN ------------------------------------------------------------------------


def test_small_cnn_default_is_under_budget_and_matches_its_formula():
    model = models.small_cnn()
    f = (32, 64, 128)
    convs = (conv_params(3, 1, f[0], False) + conv_params(3, f[0], f[0], False)
             + conv_params(3, f[0], f[1], False) + conv_params(3, f[1], f[1], False)
             + conv_params(3, f[1], f[2], False) + conv_params(3, f[2], f[2], False))
    norms = bn_params(2 * sum(f)) + bn_params(128)
    head = dense_params(f[2], 128, bias=False) + dense_params(128, 10)
    assert model.count_params() == convs + norms + head
    assert model.count_params() < 500_000
    kinds = {type(layer) for layer in model.layers}
    assert {L.BatchNormalization, L.Dropout, L.GlobalAveragePooling2D} <= kinds
    assert model.get_layer("block2_pool").output.shape == (None, 7, 7, 64)
    assert model.get_layer("gap").output.shape == (None, 128)
    assert model.get_layer("block1_dropout").rate == 0.25
    assert model.output.shape == (None, 10)


def test_small_cnn_options():
    plain = models.small_cnn((28, 28), filters=(4, 8), dense_units=0, batch_norm=False, dropout=0)
    kinds = {type(layer) for layer in plain.layers}
    assert L.BatchNormalization not in kinds and L.Dropout not in kinds
    expected = (conv_params(3, 1, 4) + conv_params(3, 4, 4) + conv_params(3, 4, 8)
                + conv_params(3, 8, 8) + dense_params(8, 10))
    assert plain.count_params() == expected
    deep = models.small_cnn((28, 28, 1), filters=(4, 4, 4, 4), convs_per_block=1)
    assert deep.get_layer("block3_pool").output.shape == (None, 3, 3, 4)
    with pytest.raises(ValueError, match="at least 8 pixels per side for 4 blocks"):
        models.small_cnn((6, 6), filters=(4, 4, 4, 4))


# --- RNN / LSTM -----------------------------------------------------------------------


@pytest.mark.parametrize("builder, cell, per_layer", [
    (models.rnn, L.SimpleRNN, rnn_params), (models.lstm, L.LSTM, lstm_params),
])
def test_recurrent_regression_and_classification_heads(builder, cell, per_layer):
    reg = builder((50, 1), units=8)
    assert isinstance(reg.layers[1], cell)
    assert reg.get_layer("output").activation is keras.activations.linear
    assert reg.output.shape == (None, 1)
    assert reg.count_params() == per_layer(1, 8) + dense_params(8, 1)
    clf = builder((50, 1), units=8, num_classes=2)
    assert clf.get_layer("output").activation is keras.activations.softmax
    assert clf.count_params() == per_layer(1, 8) + dense_params(8, 2)
    y_hat = keras.ops.convert_to_numpy(clf(_X((50, 1), n=3)))
    np.testing.assert_allclose(y_hat.sum(axis=1), 1.0, rtol=1e-5)


def test_stacked_recurrent_layers_and_any_sequence_length():
    model = models.lstm((None, 2), units=(6, 4), num_classes=3)
    first, second = model.get_layer("lstm1"), model.get_layer("lstm2")
    assert first.return_sequences and not second.return_sequences
    assert model.count_params() == lstm_params(2, 6) + lstm_params(6, 4) + dense_params(4, 3)
    for steps in (3, 11):
        assert model(_X((steps, 2), n=2)).shape == (2, 3)


# --- multitask ------------------------------------------------------------------------


def test_multitask_has_two_named_outputs_and_shares_its_trunk():
    model = models.multitask((28, 28), trunk_units=(32, 16), num_classes_a=10, num_classes_b=2)
    assert model.output_names == ["task_a", "task_b"]
    y_hat = model(_X((28, 28), n=3))
    assert set(y_hat) == {"task_a", "task_b"}
    assert y_hat["task_a"].shape == (3, 10) and y_hat["task_b"].shape == (3, 2)
    separate = (models.mlp((28, 28), hidden_units=(32, 16), num_classes=10).count_params()
                + models.mlp((28, 28), hidden_units=(32, 16), num_classes=2).count_params())
    trunk = dense_params(784, 32) + dense_params(32, 16)
    assert model.count_params() == separate - trunk
    assert model.count_params() < separate


def test_multitask_regression_head_custom_names_and_head_layers():
    model = models.multitask((4,), trunk_units=(8,), num_classes_a=3, num_classes_b=None,
                             head_units=(5,), output_names=("kind", "size"))
    assert model.output_names == ["kind", "size"]
    assert model.get_layer("size").activation is keras.activations.linear
    assert model.get_layer("kind_hidden1").units == 5
    expected = dense_params(4, 8) + 2 * dense_params(8, 5) + dense_params(5, 3) + dense_params(5, 1)
    assert model.count_params() == expected


# --- seeds ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_same_seed_same_weights_different_seed_different(name):
    build, _ = BUILDERS[name]
    assert _same_weights(build(seed=3), build(seed=3))
    assert not _same_weights(build(seed=3), build(seed=4))


def test_same_shaped_layers_start_different():
    model = models.mlp((8,), hidden_units=(8, 8, 8), num_classes=3)
    k2, k3 = model.get_layer("hidden2").kernel, model.get_layer("hidden3").kernel
    assert not np.array_equal(keras.ops.convert_to_numpy(k2), keras.ops.convert_to_numpy(k3))


def test_same_seed_same_dropout_masks():
    def build(seed):
        return models.mlp((16,), hidden_units=(64,), num_classes=3, dropout=0.5, seed=seed)

    X = _X((16,), n=8)
    a, b = build(1)(X, training=True), build(1)(X, training=True)
    np.testing.assert_array_equal(keras.ops.convert_to_numpy(a), keras.ops.convert_to_numpy(b))
    # dropout really is active in training, so the comparison above could fail
    assert not np.allclose(keras.ops.convert_to_numpy(a),
                           keras.ops.convert_to_numpy(build(1)(X, training=False)))


# --- regularizer options ------------------------------------------------------------------


def _kernel_layers(model):
    return [layer for layer in model.layers
            if isinstance(layer, (L.Dense, L.Conv2D, L.SimpleRNN, L.LSTM))]


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_no_regularizer_adds_nothing(name):
    build, shape = BUILDERS[name]
    model = build()
    model(_X(shape))
    assert model.losses == []
    kinds = {type(layer) for layer in model.layers}
    if name != "small_cnn":  # its defaults include batch norm and dropout
        assert L.Dropout not in kinds and L.BatchNormalization not in kinds


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_weight_penalty_on_every_kernel(name):
    build, _ = BUILDERS[name]
    model = build(regularizer="l2")
    kernels = _kernel_layers(model)
    assert kernels and all(layer.kernel_regularizer is not None for layer in kernels)
    recurrent = [layer for layer in kernels if isinstance(layer, (L.SimpleRNN, L.LSTM))]
    # an RNN layer's kernel and recurrent kernel are both penalized
    assert len(model.losses) == len(kernels) + len(recurrent)
    assert R.penalty(model) > 0


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_activity_penalty_on_hidden_outputs_only(name):
    build, shape = BUILDERS[name]
    model = build(regularizer="activity_l2")
    with_activity = [layer for layer in model.layers if layer.activity_regularizer is not None]
    assert with_activity
    assert all(layer.name not in ("output", "task_a", "task_b") for layer in with_activity)
    assert R.penalty(model) == 0.0 and R.penalty(model, _X(shape)) > 0


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_dropout_and_batch_norm_options_add_their_layers(name):
    build, _ = BUILDERS[name]
    model = build(dropout=0.2, batch_norm=True)
    rates = {layer.rate for layer in model.layers if isinstance(layer, L.Dropout)}
    assert rates == {0.2}
    assert any(isinstance(layer, L.BatchNormalization) for layer in model.layers)
    preset = build(regularizer="batchnorm+dropout")
    assert {layer.rate for layer in preset.layers if isinstance(layer, L.Dropout)} == {0.5}
    assert any(isinstance(layer, L.BatchNormalization) for layer in preset.layers)


def test_preset_objects_and_strengths_reach_the_layers():
    preset = R.get("l1_l2+dropout", strength={"l1_l2": 1e-3, "dropout": 0.3})
    model = models.mlp((4,), hidden_units=(8,), num_classes=3, regularizer=preset)
    reg = model.get_layer("hidden1").kernel_regularizer
    assert isinstance(reg, keras.regularizers.L1L2) and float(reg.l2) == pytest.approx(1e-3)
    assert model.get_layer("hidden1_dropout").rate == 0.3


def test_dropout_set_twice_or_batch_norm_contradicted_is_refused():
    with pytest.raises(ValueError, match="Dropout is set twice"):
        models.mlp((4,), dropout=0.2, regularizer="dropout")
    with pytest.raises(ValueError, match="batch_norm=False contradicts"):
        models.lenet5(batch_norm=False, regularizer="batchnorm")
    same = models.mlp((4,), dropout=0.5, regularizer="dropout")  # agreeing values are fine
    assert same.get_layer("hidden1_dropout").rate == 0.5


# --- bad inputs -------------------------------------------------------------------------


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: models.mlp((4,), dropout=1.5), ValueError,
     r"Expected `dropout` to be a finite number in \[0, 1\)\. Received: dropout=1\.5"),
    (lambda: models.mlp((4,), dropout="0.5"), TypeError, "`dropout` to be a finite number"),
    (lambda: models.mlp((4,), hidden_units=(8, 0)), ValueError,
     r"positive int\. Received: hidden_units=\(8, 0\)"),
    (lambda: models.mlp((4,), hidden_units="64"), TypeError, "an int or a tuple of ints"),
    (lambda: models.mlp((4,), num_classes=1), ValueError,
     "Expected `num_classes` to be an int >= 2"),
    (lambda: models.mlp((4,), num_classes=True), ValueError, "Received: num_classes=True"),
    (lambda: models.mlp((4,), activation="relux"), ValueError,
     "Unknown activation 'relux'.*relu, tanh, sigmoid"),
    (lambda: models.mlp((4,), seed=-1), ValueError, "non-negative int. Received: seed=-1"),
    (lambda: models.mlp((0, 4)), ValueError, r"Received: input_shape=\(0, 4\)"),
    (lambda: models.mlp((None, 4)), ValueError, "no batch axis"),
    (lambda: models.mlp((4,), regularizer="l3"), ValueError, "Valid names: none, l1, l2"),
    (lambda: models.mlp((4,), batch_norm="yes"), TypeError, "Expected `batch_norm` to be a bool"),
    (lambda: models.mlp((4,), rescale=0), ValueError, "Received: rescale=0"),
    (lambda: models.binary_classifier(input_dim=0), ValueError, "Received: input_dim=0"),
    (lambda: models.lenet5((28, 28, 1, 1)), ValueError, "rank 2 or 3"),
    (lambda: models.small_cnn(filters=()), ValueError, "at least one size"),
    (lambda: models.small_cnn(dense_units=-1), ValueError, "Received: dense_units=-1"),
    (lambda: models.small_cnn(convs_per_block=0), ValueError, "Received: convs_per_block=0"),
    (lambda: models.rnn((50,)), ValueError, r"\(timesteps, features\)"),
    (lambda: models.lstm((50, 1), num_classes=1), ValueError, "Use None for one regression"),
    (lambda: models.lstm((50, 1), units=0), ValueError, "Received: units=0"),
    (lambda: models.multitask((4,), output_names=("a", "a")), ValueError,
     "two different identifiers"),
    (lambda: models.multitask((4,), trunk_units=()), ValueError, "at least one size"),
    (lambda: models.multitask((4,), num_classes_b=0), ValueError, "Received: num_classes_b=0"),
])
def test_bad_inputs_raise_clear_errors(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# --- compile_for --------------------------------------------------------------------------


def test_compile_for_infers_the_loss_from_the_outputs():
    assert models.compile_for(models.lenet5()).loss == "sparse_categorical_crossentropy"
    assert models.compile_for(models.binary_classifier()).loss == "binary_crossentropy"
    assert models.compile_for(models.rnn((5, 1), units=2)).loss == "mse"
    multi = models.compile_for(models.multitask((4,), num_classes_b=None), lr=0.01)
    assert multi.loss == {"task_a": "sparse_categorical_crossentropy", "task_b": "mse"}
    assert float(multi.optimizer.learning_rate) == pytest.approx(0.01)
    assert isinstance(multi.optimizer, keras.optimizers.Adam)
    sgd = models.compile_for(models.mlp((4,)), lr=0.1, optimizer="sgd", loss="hinge")
    assert isinstance(sgd.optimizer, keras.optimizers.SGD) and sgd.loss == "hinge"


def test_compile_for_reads_several_linear_units_as_logits():
    # the tuner compiles through compile_for: a logits model must train on class indices
    logits = keras.Sequential([keras.Input((2,)), L.Dense(3)])
    model = models.compile_for(logits, lr=0.1)
    assert isinstance(model.loss, keras.losses.SparseCategoricalCrossentropy)
    assert model.loss.get_config()["from_logits"] is True
    X = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, -1.0]] * 4)
    history = model.fit(X, np.array([0, 1, 2] * 4), epochs=30, verbose=0)
    assert history.history["accuracy"][-1] == 1.0


def test_compile_for_bad_inputs():
    inputs = keras.Input((3,))
    odd = keras.Model(inputs, L.Dense(2, activation="relu", name="out")(inputs))
    with pytest.raises(ValueError, match="Cannot infer a loss for output layer 'out'"):
        models.compile_for(odd)
    with pytest.raises(ValueError, match="Unknown optimizer 'adagrad'.*adam, adamw, sgd"):
        models.compile_for(models.mlp((4,)), optimizer="adagrad")
    with pytest.raises(ValueError, match="Received: lr=0"):
        models.compile_for(models.mlp((4,)), lr=0)
    with pytest.raises(ValueError, match="finite number > 0. Received: lr=inf"):
        models.compile_for(models.mlp((4,)), lr=float("inf"))
    with pytest.raises(TypeError, match="Expected a keras.Model"):
        models.compile_for("lenet5")


# --- training ------------------------------------------------------------------------------


def _targets(model, n, rng):
    def one(layer):
        if layer.activation is keras.activations.linear:
            return rng.normal(size=n).astype("float32")
        return rng.integers(0, max(layer.units, 2), n)

    if len(model.output_names) > 1:
        return {name: one(model.get_layer(name)) for name in model.output_names}
    return one(model.get_layer(model.output_names[0]))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_tiny_fit_with_regularization_and_early_stopping(name):
    build, shape = BUILDERS[name]
    preset = R.get("l2+dropout+early_stopping")
    model = models.compile_for(build(regularizer=preset, seed=0), lr=1e-3)
    rng = np.random.default_rng(0)
    X, y = _X(shape, n=16), _targets(model, 16, rng)
    before = [w.copy() for w in model.get_weights()]
    history = model.fit(X, y, validation_data=(X, y), epochs=2, batch_size=8, verbose=0,
                        callbacks=preset.callbacks())
    assert np.all(np.isfinite(history.history["loss"]))
    assert not _same_weights_list(before, model.get_weights())


def _same_weights_list(a, b):
    return all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


@pytest.mark.slow
def test_lenet5_fits_uint8_fashion_mnist_shaped_data():
    X = np.random.default_rng(0).integers(0, 256, (16, 28, 28)).astype("uint8")
    y = np.arange(16) % 10
    model = models.compile_for(models.lenet5((28, 28)))
    history = model.fit(X, y, epochs=1, batch_size=8, verbose=0)
    assert np.isfinite(history.history["loss"][0])
    assert model.predict(X, verbose=0).shape == (16, 10)


def test_importing_the_modules_does_not_import_tensorflow():
    code = "import dlcourse.models, dlcourse.regularizers, sys; print('keras' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120, check=True)
    assert out.stdout.strip() == "False"


def test_compile_for_a_subclassed_model_without_layers_asks_for_a_loss():
    import keras

    class Scratch(keras.Model):
        def call(self, x):
            return x

    with pytest.raises(ValueError, match="Pass `loss=` and `metrics=`"):
        models.compile_for(Scratch())
    model = models.compile_for(Scratch(), loss="mse", metrics=["mae"])
    assert model.compiled
