import dataclasses

import keras
import numpy as np
import pytest

from dlcourse import regularizers as R
from dlcourse.regularizers import Preset


def _dense_model(kernel_l2=0.0, activity_l1=0.0, seed=0):
    """3 -> 4 -> 2 Dense model with known weights: kernel1 = 0.1 * (1..12), kernel2 = -0.5."""
    inputs = keras.Input((3,))
    hidden = keras.layers.Dense(
        4, activation="relu", name="hidden",
        kernel_regularizer=keras.regularizers.L2(kernel_l2) if kernel_l2 else None,
        activity_regularizer=keras.regularizers.L1(activity_l1) if activity_l1 else None,
    )(inputs)
    outputs = keras.layers.Dense(
        2, name="out", kernel_regularizer=keras.regularizers.L2(kernel_l2) if kernel_l2 else None
    )(hidden)
    model = keras.Model(inputs, outputs)
    k1 = 0.1 * np.arange(1, 13, dtype="float32").reshape(3, 4)
    model.get_layer("hidden").set_weights([k1, np.full(4, 0.2, "float32")])
    model.get_layer("out").set_weights([np.full((4, 2), -0.5, "float32"), np.ones(2, "float32")])
    return model


# --- names and presets --------------------------------------------------------


def test_names_lists_every_preset_and_each_resolves():
    assert R.names() == R.PRESETS
    assert len(R.PRESETS) == 9
    for name in R.names():
        preset = R.get(name)
        assert isinstance(preset, Preset)
        assert preset.name == name


@pytest.mark.parametrize("name, field, value", [
    ("l1", "l1", 1e-4), ("l2", "l2", 1e-4), ("activity_l1", "activity_l1", 1e-4),
    ("activity_l2", "activity_l2", 1e-4), ("dropout", "dropout", 0.5),
    ("early_stopping", "patience", 3), ("batchnorm", "batch_norm", True),
])
def test_defaults_set_only_their_own_field(name, field, value):
    preset = R.get(name)
    assert getattr(preset, field) == value
    blank = Preset()
    others = [f.name for f in dataclasses.fields(Preset) if f.name not in ("name", field)]
    assert {f: getattr(preset, f) for f in others} == {f: getattr(blank, f) for f in others}


def test_none_and_none_name_regularize_nothing():
    for preset in (R.get(None), R.get("none")):
        assert preset.kernel_regularizer is None
        assert preset.activity_regularizer is None
        assert preset.callbacks() == []
        assert (preset.dropout, preset.batch_norm, preset.patience) == (0.0, False, None)


def test_strength_reaches_the_keras_regularizer():
    reg = R.get("l2", strength=1e-3).kernel_regularizer
    assert isinstance(reg, keras.regularizers.L2)
    assert float(reg.l2) == pytest.approx(1e-3)
    reg = R.get("l1", strength=2e-3).kernel_regularizer
    assert isinstance(reg, keras.regularizers.L1) and float(reg.l1) == pytest.approx(2e-3)
    reg = R.get("l1_l2", strength=3e-3).kernel_regularizer
    assert isinstance(reg, keras.regularizers.L1L2)
    assert float(reg.l1) == pytest.approx(3e-3) and float(reg.l2) == pytest.approx(3e-3)
    act = R.get("activity_l1", strength=5e-3)
    assert act.kernel_regularizer is None
    assert isinstance(act.activity_regularizer, keras.regularizers.L1)
    assert float(act.activity_regularizer.l1) == pytest.approx(5e-3)


def test_keras_objects_are_fresh_per_access():
    preset = R.get("l2")
    assert preset.kernel_regularizer is not preset.kernel_regularizer


def test_combination_with_dict_strength():
    preset = R.get("l2+dropout+early_stopping",
                   strength={"l2": 1e-3, "dropout": 0.3, "early_stopping": 5})
    assert (preset.l2, preset.dropout, preset.patience) == (1e-3, 0.3, 5)
    assert preset.name == "l2+dropout+early_stopping"
    partial = R.get("l2+dropout", strength={"dropout": 0.2})
    assert (partial.l2, partial.dropout) == (R.DEFAULT_STRENGTH["l2"], 0.2)


def test_combination_name_is_normalized():
    assert R.get(" L2 + Dropout ").name == "l2+dropout"


def test_single_number_goes_to_the_only_tunable_part():
    preset = R.get("batchnorm+dropout", strength=0.3)
    assert preset.batch_norm is True and preset.dropout == 0.3


def test_single_number_for_several_strengths_is_refused():
    with pytest.raises(ValueError, match="ambiguous.*Pass a dict"):
        R.get("l2+dropout", strength=0.1)


def test_unknown_name_lists_every_valid_name():
    with pytest.raises(ValueError, match="Unknown regularizer preset 'l3'") as info:
        R.get("l2+l3")
    for name in R.PRESETS:
        assert name in str(info.value)


@pytest.mark.parametrize("name, fragment", [
    ("l1+l2", "use 'l1_l2'"),
    ("l2+l2", "at most once"),
    ("none+dropout", "'none' cannot be combined"),
    ("activity_l1+activity_l2", "at most one of"),
])
def test_invalid_combinations(name, fragment):
    with pytest.raises(ValueError, match=fragment):
        R.get(name)


@pytest.mark.parametrize("name, strength, error, fragment", [
    ("dropout", 1.5, ValueError, r"in \[0, 1\)\. Received: strength=1\.5"),
    ("dropout", 1, ValueError, r"\[0, 1\)"),
    ("l2", -1e-3, ValueError, "finite number >= 0"),
    ("l2", float("nan"), ValueError, "finite number >= 0"),
    ("l2", "1e-3", TypeError, "to be a number"),
    ("l2", True, TypeError, "to be a number"),
    ("early_stopping", 2.5, ValueError, "whole number"),
    ("early_stopping", -1, ValueError, "non-negative"),
    ("batchnorm", 0.1, ValueError, "takes no strength"),
    ("none", 0.1, ValueError, "takes no strength"),
    ("l2+dropout", {"l1": 0.1}, ValueError, "Received keys: \\['l1'\\]"),
    ("l2+dropout", {"dropout": 2.0}, ValueError, r"\[0, 1\)"),
])
def test_bad_strength(name, strength, error, fragment):
    with pytest.raises(error, match=fragment):
        R.get(name, strength=strength)


def test_zero_strength_is_allowed_and_means_off():
    preset = R.get("l2", strength=0)
    assert preset.l2 == 0.0 and preset.kernel_regularizer is None


def test_get_returns_a_preset_as_is_and_refuses_a_strength_for_it():
    preset = R.get("l2+dropout")
    assert R.get(preset) is preset
    with pytest.raises(ValueError, match="not to an existing Preset"):
        R.get(preset, strength=0.1)


def test_get_rejects_other_types():
    with pytest.raises(TypeError, match="Expected a preset name.*Received: 3"):
        R.get(3)


def test_preset_is_frozen_and_validated():
    preset = R.get("l2")
    with pytest.raises(dataclasses.FrozenInstanceError):
        preset.l2 = 1.0
    with pytest.raises(ValueError, match=r"\[0, 1\)"):
        Preset(dropout=1.0)
    with pytest.raises(ValueError, match=">= 0"):
        Preset(l2=-1.0)


def test_callbacks_are_new_early_stopping_objects():
    preset = R.get("l2+early_stopping", strength={"early_stopping": 4})
    first, second = preset.callbacks(), preset.callbacks()
    assert len(first) == 1 and first[0] is not second[0]
    stop = first[0]
    assert isinstance(stop, keras.callbacks.EarlyStopping)
    assert (stop.patience, stop.monitor, stop.restore_best_weights) == (4, "val_loss", True)
    assert preset.callbacks(monitor="val_accuracy")[0].monitor == "val_accuracy"
    assert R.get("l2").callbacks() == []


@pytest.mark.slow
def test_early_stopping_stops_when_val_loss_stalls():
    model = _dense_model()
    # lr 0: the val loss never improves, so training ends after 1 + patience epochs
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.0), loss="mse")
    X, y = np.ones((8, 3), "float32"), np.zeros((8, 2), "float32")
    history = model.fit(X, y, validation_data=(X, y), epochs=10, verbose=0,
                        callbacks=R.get("early_stopping", strength=2).callbacks())
    assert len(history.history["loss"]) == 3


# --- penalty --------------------------------------------------------------------


def test_penalty_is_the_weight_penalty_of_the_kernels_only():
    lam = 0.01
    model = _dense_model(kernel_l2=lam)
    k1 = model.get_layer("hidden").get_weights()[0]
    k2 = model.get_layer("out").get_weights()[0]
    expected = lam * (np.sum(k1**2) + np.sum(k2**2))
    assert R.penalty(model) == pytest.approx(expected, rel=1e-6)
    # the lecture's λ/2 convention gives half: a mismatch the check must see
    assert R.penalty(model) != pytest.approx(expected / 2, rel=1e-3)
    b = model.get_layer("hidden").get_weights()
    model.get_layer("hidden").set_weights([b[0], b[1] + 10])  # biases are not penalized
    assert R.penalty(model) == pytest.approx(expected, rel=1e-6)


def test_penalty_of_an_unregularized_model_is_zero():
    assert R.penalty(_dense_model()) == 0.0


def test_activity_penalty_needs_a_forward_pass():
    lam = 0.1
    model = _dense_model(activity_l1=lam)
    X = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 0.5]], "float32")
    k1, b1 = model.get_layer("hidden").get_weights()
    hidden = np.maximum(X @ k1 + b1, 0)
    # Keras 3.15 divides an activity penalty by the batch size, Keras 3.13 sums it
    expected = lam * np.sum(np.abs(hidden)) / (len(X) if R.activity_mean_over_batch() else 1)
    assert expected > 0
    assert R.penalty(model) == 0.0
    assert R.penalty(model, X) == pytest.approx(expected, rel=1e-5)


@pytest.mark.slow
def test_penalty_is_what_keras_adds_to_the_loss():
    model = _dense_model(kernel_l2=0.01, activity_l1=0.1)
    X = np.random.default_rng(0).normal(size=(16, 3)).astype("float32")
    y_hat = model.predict(X, verbose=0)
    model.compile(optimizer="sgd", loss="mse")
    # targets equal to the predictions: the whole evaluated loss is the penalty
    loss = model.evaluate(X, y_hat, batch_size=len(X), verbose=0)
    assert loss > 0.01
    assert R.penalty(model, X) == pytest.approx(loss, rel=1e-4)
    assert R.penalty(model) < loss  # without X the activity part is missing


def test_penalty_rejects_a_non_model():
    with pytest.raises(TypeError, match="Expected a keras.Model"):
        R.penalty([np.ones(3)])


# --- the lecture's convention by hand ---------------------------------------------

WEIGHTS = [np.array([[0.5, -1.0], [2.0, 0.25]], "float32"), np.array([-3.0, 0.1], "float32")]


def _keras_value(regularizer, weights):
    return sum(float(regularizer(keras.ops.convert_to_tensor(w))) for w in weights)


@pytest.mark.parametrize("lam", [0.0, 1e-3, 0.5])
def test_l2_by_hand_matches_keras_in_keras_convention(lam):
    expected = _keras_value(keras.regularizers.L2(lam), WEIGHTS)
    assert R.l2_by_hand(WEIGHTS, lam, convention="keras") == pytest.approx(expected, rel=1e-6)


@pytest.mark.parametrize("lam", [1e-3, 0.5])
def test_l2_lecture_convention_is_half_and_keras_strength_bridges_it(lam):
    keras_full = _keras_value(keras.regularizers.L2(lam), WEIGHTS)
    lecture = R.l2_by_hand(WEIGHTS, lam)  # the default convention is the lecture's
    assert lecture != pytest.approx(keras_full, rel=1e-3)  # the wrong convention mismatches
    assert lecture == pytest.approx(keras_full / 2, rel=1e-6)
    bridged = _keras_value(keras.regularizers.L2(R.keras_strength(lam)), WEIGHTS)
    assert lecture == pytest.approx(bridged, rel=1e-6)


@pytest.mark.parametrize("lam", [1e-3, 0.5])
def test_l1_by_hand_in_every_convention(lam):
    keras_full = _keras_value(keras.regularizers.L1(lam), WEIGHTS)
    assert R.l1_by_hand(WEIGHTS, lam, convention="keras") == pytest.approx(keras_full, rel=1e-6)
    # the course's L1 is λ‖w‖₁, Keras's L1(λ) as it is; only seed 000's slide halves it
    lecture = R.l1_by_hand(WEIGHTS, lam, convention="lecture")
    assert lecture == pytest.approx(keras_full, rel=1e-6)
    assert R.l1_by_hand(WEIGHTS, lam, convention="slide") == pytest.approx(keras_full / 2, rel=1e-6)
    bridged = _keras_value(keras.regularizers.L1(R.keras_strength(lam, kind="l1")), WEIGHTS)
    assert lecture == pytest.approx(bridged, rel=1e-6)


def test_l2_slide_convention_is_the_lecture_one():
    assert R.l2_by_hand(WEIGHTS, 0.3, convention="slide") == pytest.approx(
        R.l2_by_hand(WEIGHTS, 0.3), rel=1e-12)


def test_by_hand_accepts_one_array_and_numbers_by_formula():
    w = np.array([3.0, -4.0])
    assert R.l2_by_hand(w, 2.0, convention="lecture") == pytest.approx(25.0)  # 2/2 * (9+16)
    assert R.l1_by_hand(w, 2.0, convention="keras") == pytest.approx(14.0)  # 2 * (3+4)


def test_by_hand_matches_a_models_penalty():
    lam = 0.01
    model = _dense_model(kernel_l2=lam)
    kernels = [model.get_layer(n).get_weights()[0] for n in ("hidden", "out")]
    assert R.l2_by_hand(kernels, lam, convention="keras") == pytest.approx(
        R.penalty(model), rel=1e-6
    )


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: R.l2_by_hand(WEIGHTS, 0.1, convention="paper"), ValueError,
     r"\('lecture', 'keras', 'slide'\)\. Received: convention='paper'"),
    (lambda: R.l1_by_hand(WEIGHTS, -0.1), ValueError, "Received: lam=-0.1"),
    (lambda: R.l2_by_hand(WEIGHTS, "0.1"), TypeError, "Expected `lam` to be a number"),
    (lambda: R.keras_strength(0.1, kind="l3"), ValueError, "Received: kind='l3'"),
    (lambda: R.keras_strength(float("inf")), ValueError, "finite"),
])
def test_by_hand_bad_inputs(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


# --- activity penalties: the convention of the Keras that runs --------------------


def test_activity_mean_over_batch_matches_the_keras_source_it_runs():
    import inspect

    from keras.src.layers import layer as keras_layer

    # Keras 3.15 divides in Layer.__call__ ("Normalize by batch size"); 3.13 has no such line
    divides = "divide_no_nan(loss, batch_size)" in inspect.getsource(keras_layer.Layer)
    assert R.activity_mean_over_batch() is divides


@pytest.mark.parametrize("kind, regularizer", [("l1", keras.regularizers.L1),
                                                ("l2", keras.regularizers.L2)])
@pytest.mark.parametrize("batch", [1, 3, 8])
def test_activity_by_hand_is_what_this_keras_records(kind, regularizer, batch):
    lam = 0.2
    model = keras.Sequential([keras.Input((3,)), keras.layers.Activation(
        "linear", activity_regularizer=regularizer(lam))])
    X = np.random.default_rng(batch).normal(size=(batch, 3)).astype("float32")
    assert R.activity_by_hand(X, lam, kind) == pytest.approx(R.penalty(model, X), rel=1e-5)
    total = lam * (np.sum(np.abs(X)) if kind == "l1" else np.sum(X.astype("float64") ** 2))
    assert R.activity_by_hand(X, lam, kind, mean_over_batch=False) == pytest.approx(total)
    assert R.activity_by_hand(X, lam, kind, mean_over_batch=True) == pytest.approx(total / batch)


@pytest.mark.parametrize("call, error, fragment", [
    (lambda: R.activity_by_hand(np.ones((2, 2)), 0.1, "l3"), ValueError, "Received: kind='l3'"),
    (lambda: R.activity_by_hand(np.ones((2, 2)), -1.0), ValueError, "Received: lam=-1.0"),
    (lambda: R.activity_by_hand(np.float64(1.0), 0.1), ValueError, "a scalar"),
])
def test_activity_by_hand_bad_inputs(call, error, fragment):
    with pytest.raises(error, match=fragment):
        call()


def test_describe_lists_each_kernel_layers_regularizers():
    model = keras.Sequential([
        keras.Input((3,)), keras.layers.Flatten(),
        keras.layers.Dense(4, kernel_regularizer=keras.regularizers.L2(0.5),
                           activity_regularizer=keras.regularizers.L1(0.1), name="a"),
        keras.layers.Dense(2, bias_regularizer=keras.regularizers.L1L2(0.1, 0.2), name="b"),
    ])
    rows = R.describe(model)
    assert [r["layer"] for r in rows] == ["a", "b"]  # Flatten has no kernel
    assert rows[0]["kernel"] == {"type": "L2", "l2": 0.5}
    assert rows[0]["bias"] is None
    assert rows[0]["activity"]["type"] == "L1"
    assert rows[0]["activity"]["l1"] == pytest.approx(0.1)
    assert rows[1]["kernel"] is None
    assert rows[1]["bias"]["type"] == "L1L2"
    assert rows[1]["bias"]["l2"] == pytest.approx(0.2)
    with pytest.raises(TypeError, match="Expected a keras.Model"):
        R.describe([1])
