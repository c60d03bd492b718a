import keras
import numpy as np
import pytest

from dlcourse import grading
from dlcourse.grading import CheckFailed


@pytest.mark.parametrize("placeholder", [..., None, [1, ...]])
def test_placeholders_are_not_answers(placeholder):
    with pytest.raises(CheckFailed, match="not answered yet|still contains"):
        grading.answered(placeholder, "z")


def test_close_accepts_right_answers_within_tolerance():
    grading.close(np.float32(14.0000001), 14.0, name="z")
    grading.close([[1.0, 2.0]], np.array([[1.0, 2.0 + 1e-7]]))


def test_close_reports_largest_error_and_where():
    with pytest.raises(CheckFailed) as err:
        grading.close([[1.0, 2.0], [3.0, 9.0]], [[1.0, 2.0], [3.0, 4.0]], name="y_hat")
    message = str(err.value)
    assert "largest error 5 at index (1, 1)" in message
    assert "got 9, expected 4" in message and "shapes (2, 2) and (2, 2)" in message


def test_close_reports_shape_mismatch():
    with pytest.raises(CheckFailed, match=r"expected shape \(\), received shape \(3,\).*reduce"):
        grading.close([1.0, 2.0, 3.0], 2.0, name="loss")


def test_close_rejects_nan_and_non_numbers():
    with pytest.raises(CheckFailed, match="NaN or inf"):
        grading.close([1.0, np.nan], [1.0, 2.0])
    with pytest.raises(CheckFailed, match="received str"):
        grading.close("fourteen", 14.0)
    with pytest.raises(CheckFailed, match="not answered"):
        grading.close(..., 14.0)


def test_equal_and_between():
    grading.equal([None, 14], (None, 14), name="shape")
    with pytest.raises(CheckFailed, match=r"expected 'good', received 'overfitting_val'"):
        grading.equal("overfitting_val", "good", name="verdict")
    grading.between(0.9, 0.85, 1.0)
    with pytest.raises(CheckFailed, match=r"expected a value in \[0.85, 1\], received 0.5"):
        grading.between(0.5, 0.85, 1.0, name="accuracy")


def test_function_compares_with_reference():
    x = np.linspace(-3, 3, 7)
    grading.function(lambda v: np.maximum(v, 0), keras.activations.relu, [x], name="relu")
    with pytest.raises(CheckFailed, match="relu on test input #0: largest error 3"):
        grading.function(np.abs, keras.activations.relu, [x], name="relu")
    with pytest.raises(CheckFailed, match="relu raised ZeroDivisionError"):
        grading.function(lambda v: 1 / 0, keras.activations.relu, [x], name="relu")
    with pytest.raises(CheckFailed, match="should be a function"):
        grading.function(3, keras.activations.relu, [x], name="relu")


def test_unanswered_function_body_fails():
    def sigmoid(z):
        ...

    with pytest.raises(CheckFailed, match="not answered"):
        grading.function(sigmoid, keras.activations.sigmoid, [np.zeros(3)], name="sigmoid")


def _model(units=6, activation="relu"):
    return keras.Sequential([keras.Input((28, 28, 1)),
                             keras.layers.Conv2D(units, 5, padding="same", activation=activation),
                             keras.layers.MaxPooling2D(2)])


def test_architecture_matches_reference():
    grading.architecture(_model(), grading.describe_layers(_model()))
    rows = grading.describe_layers(_model())
    assert rows[0] == {"type": "Conv2D", "output_shape": (None, 28, 28, 6), "params": 156,
                       "activation": "relu"}


@pytest.mark.parametrize("student, message", [
    (lambda: _model(units=8), r"layer 0 \(Conv2D\) has output_shape \(None, 28, 28, 8\)"),
    (lambda: _model(activation="tanh"), "has activation 'tanh', expected 'relu'"),
    (lambda: keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(6, 5, padding="same",
                               activation="relu")]), "expected 2 layers, received 1"),
])
def test_architecture_names_the_first_difference(student, message):
    with pytest.raises(CheckFailed, match=message):
        grading.architecture(student(), grading.describe_layers(_model()))


def test_architecture_needs_a_model():
    with pytest.raises(CheckFailed, match="should be a Keras model"):
        grading.architecture("lenet", [])


def test_functional_and_sequential_models_describe_alike():
    inputs = keras.Input((28, 28, 1))
    x = keras.layers.Conv2D(6, 5, padding="same", activation="relu")(inputs)
    functional = keras.Model(inputs, keras.layers.MaxPooling2D(2)(x))
    assert grading.describe_layers(functional) == grading.describe_layers(_model())
    grading.architecture(_model(), grading.describe_layers(functional))
