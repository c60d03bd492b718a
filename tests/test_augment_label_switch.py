"""Think before you augment: the lecture's 6 -> 9 on scikit-learn's 8x8 digits."""

import numpy as np
import pytest

from dlcourse import augment, data


@pytest.fixture(scope="module")
def digits():
    """A linear classifier on upright digits (accuracy ~0.95), and the test split."""
    from sklearn.linear_model import LogisticRegression

    s = data.load("digits", seed=0)
    (X, y), (X_test, y_test) = s.train, s.test
    clf = LogisticRegression(max_iter=2000).fit(X.reshape(len(X), -1) / 255, y)
    return (lambda A: clf.predict(A.reshape(len(A), -1) / 255)), X_test, y_test


def test_rotating_a_6_makes_a_9(digits):
    classify, X, y = digits
    report = augment.label_switch_rate(classify, X, y, "rotate180", classes=data.load(
        "digits").classes)
    assert report.top_pairs[0][0] == (6, 9)
    assert report.per_class[6] > 0.8 and report.per_class[0] < 0.1  # a 0 survives rotation
    assert 0.3 < report.rate < 0.9 and report.n_used == round(report.accuracy * report.n_total)
    assert "6->9" in str(report)


def test_the_identity_switches_nothing(digits):
    # the check can give 0: it is the transform, not the method, that switches labels
    classify, X, y = digits
    report = augment.label_switch_rate(classify, X, y, transform=lambda A: A)
    assert report.rate == 0 and report.top_pairs == []


def test_scores_and_keras_models_are_accepted():
    import keras

    X = np.zeros((6, 4, 4), np.uint8)
    X[:3, :2] = 255  # class 1: top half lit
    y = np.array([1, 1, 1, 0, 0, 0])
    scores = lambda A: np.stack([A[:, 2:].sum((1, 2)) + 1, A[:, :2].sum((1, 2))], axis=1)  # noqa: E731
    assert augment.label_switch_rate(scores, X, y, "flip_top_bottom").per_class == {0: 0.0, 1: 1.0}

    model = keras.Sequential([keras.Input((4, 4)), keras.layers.Flatten(),
                              keras.layers.Dense(2, activation="softmax")])
    report = augment.label_switch_rate(model, X, y, "flip_left_right")
    assert 0 <= report.rate <= 1 and report.n_total == 6


def test_named_transforms_are_exact():
    X = np.arange(2 * 3 * 4).reshape(2, 3, 4)
    np.testing.assert_array_equal(augment.rotate180(X), np.rot90(X, 2, axes=(1, 2)))
    np.testing.assert_array_equal(augment.flip_left_right(X), X[:, :, ::-1])
    np.testing.assert_array_equal(augment.flip_top_bottom(X), X[:, ::-1])
    assert set(augment.TRANSFORMS) == {"rotate180", "flip_left_right", "flip_top_bottom"}


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"transform": "rotate90"}, ValueError, "rotate180, flip_left_right"),
    ({"transform": 3}, TypeError, "callable"),
    ({"y": np.eye(4)[[0, 1, 0, 1]]}, ValueError, "argmax"),
    ({"classifier": "model"}, TypeError, "Keras model"),
    ({"classifier": lambda A: np.zeros((len(A), 2, 2))}, ValueError, "num_classes"),
])
def test_bad_inputs_are_explained(kwargs, error, match):
    arguments = {"classifier": lambda A: np.zeros(len(A), int), "X": np.zeros((4, 4, 4)),
                 "y": np.array([0, 1, 0, 1]), **kwargs}
    with pytest.raises(error, match=match):
        augment.label_switch_rate(**arguments)
