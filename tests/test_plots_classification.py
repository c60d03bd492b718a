"""Tests for dlcourse/plots/classification.py: `decision_boundary`, `confusion_matrix`."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlcourse import plots


def legend_labels(ax) -> list[str]:
    return ax.get_legend_handles_labels()[1]

@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(0)


# --- decision_boundary -----------------------------------------------------------------------


@pytest.fixture
def blobs(rng):
    X = np.r_[rng.normal(-1, 0.4, (15, 2)), rng.normal(1, 0.4, (15, 2))]
    return X, np.repeat([0, 1], 15)


def boundary_vertices(ax) -> np.ndarray:
    """The vertices of the black boundary contour (the last contour set drawn)."""
    contour = [c for c in ax.collections if hasattr(c, "levels")][-1]
    return np.concatenate([p.vertices for p in contour.get_paths() if len(p.vertices)])


@pytest.mark.parametrize("predict", [
    lambda G: 1 / (1 + np.exp(-(G[:, :1] + G[:, 1:]))),  # sigmoid, shape (m, 1)
    lambda G: G[:, 0] + G[:, 1],  # a logit, shape (m,)
    lambda G: np.c_[-(G[:, 0] + G[:, 1]), G[:, 0] + G[:, 1]],  # 2 scores -> argmax
    lambda G: (G[:, 0] + G[:, 1] > 0).astype(int),  # labels
])
def test_decision_boundary_is_drawn_where_the_classifier_switches(blobs, predict):
    X, y = blobs
    fig = plots.decision_boundary(predict, X, y, resolution=41, classes=["neg", "pos"])
    ax = fig.axes[0]
    assert legend_labels(ax) == ["neg", "pos"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("$x_1$", "$x_2$")
    scatters = [c for c in ax.collections if not hasattr(c, "levels")]
    assert [len(s.get_offsets()) for s in scatters] == [15, 15]
    vertices = boundary_vertices(ax)
    step = np.ptp(X, axis=0).max() * 1.2 / 40  # one grid cell
    assert np.abs(vertices[:, 0] + vertices[:, 1]).max() < 2 * step  # the line x1 + x2 = 0


def test_decision_boundary_softmax_three_classes_with_one_hot_y(rng):
    X = rng.uniform(-1, 1, (30, 2))
    y = np.digitize(X[:, 0], [-1 / 3, 1 / 3])

    def softmax(G):
        scores = np.c_[-3 * G[:, 0], np.zeros(len(G)), 3 * G[:, 0]]
        e = np.exp(scores - scores.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    fig = plots.decision_boundary(softmax, X, np.eye(3)[y], resolution=30, title="3 classes")
    ax = fig.axes[0]
    assert legend_labels(ax) == ["0", "1", "2"] and ax.get_title() == "3 classes"
    assert len(fig.axes) == 1  # class regions need no colorbar


def test_decision_boundary_uses_predict_proba_and_draws_into_ax(blobs):
    class Classifier:  # scikit-learn's interface
        def predict_proba(self, G):
            p = 1 / (1 + np.exp(-G.sum(axis=1)))
            return np.c_[1 - p, p]

    fig = Figure()
    ax = fig.subplots()
    assert plots.decision_boundary(Classifier(), *blobs, resolution=20, ax=ax) is fig


@pytest.mark.parametrize(("args", "error", "message"), [
    ((lambda G: G[:, 0], np.zeros((5, 3))), ValueError, r"\(num_samples, 2\)"),
    ((lambda G: G[:, 0], np.zeros((5, 2)), [0, 1]), ValueError, "equal lengths"),
    ((lambda G: G[:10, 0], np.zeros((5, 2))), ValueError, "Expected `predict` to return"),
    ((lambda G: G[:, :, None], np.zeros((5, 2))), ValueError, "Expected `predict` to return"),
    (("model", np.zeros((5, 2))), TypeError, "Keras model or a callable"),
    ((lambda G: G[:, 0], [["a", "b"]]), TypeError, "hold numbers"),
])
def test_decision_boundary_rejects_bad_input(args, error, message):
    with pytest.raises(error, match=message):
        plots.decision_boundary(*args, resolution=5)


def test_decision_boundary_rejects_bad_resolution(blobs):
    with pytest.raises(ValueError, match="resolution"):
        plots.decision_boundary(lambda G: G[:, 0], *blobs, resolution=1)


# --- confusion_matrix ------------------------------------------------------------------------


def cell_texts(ax, num_classes: int) -> np.ndarray:
    return np.array([t.get_text() for t in ax.texts]).reshape(num_classes, num_classes)


def test_confusion_matrix_writes_the_counts():
    y = [0, 0, 1, 1, 1, 2, 2, 2, 2]
    y_hat = [0, 1, 1, 1, 2, 2, 2, 2, 0]
    fig = plots.confusion_matrix(y, y_hat, classes=["cat", "dog", "bird"])
    ax = fig.axes[0]
    expected = np.array([[1, 1, 0], [0, 2, 1], [1, 0, 3]])
    np.testing.assert_array_equal(cell_texts(ax, 3).astype(int), expected)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["cat", "dog", "bird"]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("predicted", "true")
    assert ax.get_title() == "accuracy 0.667"


def test_confusion_matrix_from_probabilities_normalised_by_row():
    y = np.array([0, 0, 1, 1])
    y_hat = np.array([[0.9, 0.1, 0.0], [0.2, 0.7, 0.1], [0.1, 0.8, 0.1], [0.3, 0.6, 0.1]])
    fig = plots.confusion_matrix(y, y_hat, normalize=True, title="val")
    texts = cell_texts(fig.axes[0], 3)  # 3 classes: the width of the probabilities
    assert texts[0].tolist() == ["0.50", "0.50", "0.00"]
    assert texts[1].tolist() == ["0.00", "1.00", "0.00"]
    assert texts[2].tolist() == ["0.00", "0.00", "0.00"]  # a class never seen: no NaN
    assert fig.axes[0].get_title() == "val"


def test_confusion_matrix_sigmoid_column_and_given_axes():
    fig = Figure()
    ax = fig.subplots()
    plots.confusion_matrix([0, 1, 1], [[0.2], [0.7], [0.4]], ax=ax)
    np.testing.assert_array_equal(cell_texts(ax, 2), [["1", "0"], ["1", "1"]])


@pytest.mark.parametrize(("y", "y_hat", "classes", "message"), [
    ([0, 1, 1], [0, 1], None, "equal lengths"),
    ([0, 3], [0, 1], ["a", "b"], "at least 4 class names"),
    ([], [], None, "at least one sample"),
    ([[[0]]], [0], None, r"\(num_samples,\)"),
])
def test_confusion_matrix_rejects_bad_input(y, y_hat, classes, message):
    with pytest.raises(ValueError, match=message):
        plots.confusion_matrix(y, y_hat, classes)


# --- against Keras (imports TensorFlow: seconds) ---------------------------------------------


@pytest.mark.slow
def test_decision_boundary_calls_keras_models(blobs):
    import keras

    for units, activation in ((1, "sigmoid"), (3, "softmax")):
        model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(units, activation)])
        fig = plots.decision_boundary(model, *blobs, resolution=20)
        assert legend_labels(fig.axes[0])[:2] == ["0", "1"]
