"""Tests for dlcourse/plots/curves.py: `learning_curves` and `lr_sweep`."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from dlcourse import plots

HISTORY = {
    "loss": [1.0, 0.6, 0.4, 0.3, 0.25],
    "val_loss": [1.1, 0.7, 0.55, 0.6, 0.65],  # best at epoch 3
    "accuracy": [0.5, 0.7, 0.8, 0.85, 0.9],
    "val_accuracy": [0.5, 0.6, 0.7, 0.75, 0.72],  # best at epoch 4
}

def legend_labels(ax) -> list[str]:
    return ax.get_legend_handles_labels()[1]

def lines_labelled(ax, prefix: str) -> list:
    return [line for line in ax.lines if line.get_label().startswith(prefix)]


# --- learning_curves -------------------------------------------------------------------------


def test_learning_curves_marks_best_val_epoch_in_each_panel():
    fig = plots.learning_curves(HISTORY, metrics=("loss", "accuracy"), title="run")
    assert isinstance(fig, Figure) and len(fig.axes) == 2
    for ax, name in zip(fig.axes, ("loss", "accuracy"), strict=True):
        assert legend_labels(ax) == ["train", "val", "early stop (epoch 3)"]
        assert (ax.get_xlabel(), ax.get_ylabel()) == ("epoch", name)
        (vline,) = lines_labelled(ax, "early stop")
        assert list(vline.get_xdata()) == [3, 3]
    marker = fig.axes[0].lines[-1]  # the dot on the val curve at the stopping epoch
    assert (list(marker.get_xdata()), list(marker.get_ydata())) == ([3], [0.55])
    train = fig.axes[0].lines[0]
    assert list(train.get_xdata()) == [1, 2, 3, 4, 5] and list(train.get_ydata()) == HISTORY["loss"]
    assert fig.get_suptitle() == "run"


def test_learning_curves_accepts_a_history_object_and_a_single_metric():
    class History:  # what keras.callbacks.History exposes
        history = HISTORY

    fig = plots.learning_curves(History(), "accuracy", monitor="val_accuracy")
    (ax,) = fig.axes
    assert ax.get_ylabel() == "accuracy"
    assert list(lines_labelled(ax, "early stop")[0].get_xdata()) == [4, 4]  # maximised


@pytest.mark.parametrize(("early_stopping", "epoch"), [(2, 2), (5, 5)])
def test_learning_curves_marks_a_given_epoch(early_stopping, epoch):
    fig = plots.learning_curves(HISTORY, early_stopping=early_stopping)
    assert list(lines_labelled(fig.axes[0], "early stop")[0].get_xdata()) == [epoch, epoch]


def test_learning_curves_reads_a_fitted_early_stopping_callback():
    class EarlyStopping:  # keras.callbacks.EarlyStopping after fit: best_epoch counts from 0
        best_epoch = 1

    fig = plots.learning_curves(HISTORY, early_stopping=EarlyStopping())
    assert legend_labels(fig.axes[0])[-1] == "early stop (epoch 2)"


def test_learning_curves_skips_nan_when_finding_the_best_epoch():
    history = {"loss": [1.0, 0.5, np.nan], "val_loss": [1.0, 0.8, np.nan]}
    fig = plots.learning_curves(history)
    assert legend_labels(fig.axes[0])[-1] == "early stop (epoch 2)"


def test_learning_curves_without_val_auto_draws_train_only_true_raises():
    history = {"loss": [1.0, 0.5, 0.4]}
    fig = plots.learning_curves(history)
    assert legend_labels(fig.axes[0]) == ["train"]
    assert plots.learning_curves(history, early_stopping=False).axes[0].lines
    with pytest.raises(ValueError, match=r"'val_loss'.*validation_data="):
        plots.learning_curves(history, early_stopping=True)


def test_learning_curves_draws_into_given_axes():
    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert plots.learning_curves(HISTORY, ax=right) is fig
    assert not left.lines and len(right.lines) == 4
    with pytest.raises(ValueError, match="one Axes per metric"):
        plots.learning_curves(HISTORY, metrics=("loss", "accuracy"), ax=left)


@pytest.mark.parametrize(("kwargs", "error", "message"), [
    ({"history": [0.5, 0.4]}, TypeError, r"keras History .*Received: list"),
    ({"history": {}}, TypeError, "Received: dict"),
    ({"history": HISTORY, "metric": "auc"}, ValueError, r"contain 'auc'. Received keys"),
    ({"history": {"loss": [1, 2], "val_loss": [1]}}, ValueError, "equal lengths"),
    ({"history": HISTORY, "early_stopping": 0}, ValueError, r"epoch in \[1, 5\]"),
    ({"history": HISTORY, "early_stopping": "best"}, TypeError, "early_stopping"),
    ({"history": HISTORY, "metric": "accuracy", "metrics": ["loss"]}, ValueError, "not both"),
])
def test_learning_curves_rejects_bad_input(kwargs, error, message):
    with pytest.raises(error, match=message):
        plots.learning_curves(**kwargs)


# --- lr_sweep --------------------------------------------------------------------------------


def test_lr_sweep_labels_curves_and_marks_divergence():
    t = np.arange(1, 11)
    runs = [1 - 1e-3 * t, np.exp(-0.3 * t), 0.5 + 0.2 * np.cos(t) ** 2,
            np.r_[np.exp(t[:6]), [np.inf, np.nan, np.nan, np.nan]]]
    lrs = [1e-4, 1e-2, 0.5, 2.0]
    fig = plots.lr_sweep(lrs, runs, labels=["too low", "good", "too high", "diverging"])
    curves, summary = fig.axes
    assert legend_labels(curves) == ["lr = 0.0001 (too low)", "lr = 0.01 (good)",
                                     "lr = 0.5 (too high)", "lr = 2 (diverging)"]
    assert curves.get_yscale() == "log"  # losses span more than 100x
    (cross,) = [line for line in curves.lines if line.get_marker() == "x"]
    assert list(cross.get_xdata()) == [6]  # the last finite epoch
    assert summary.get_xscale() == "log" and summary.get_xlabel() == "learning rate"
    assert legend_labels(summary) == ["diverged (inf/NaN)"]


def test_lr_sweep_from_histories_auto_verdict_and_given_axes():
    histories = [{"loss": [1.0, 0.9, 0.8]}, {"loss": [1.0, 2.0, 3.0]}]
    fig = plots.lr_sweep([0.1, 0.01], histories)
    assert legend_labels(fig.axes[0]) == ["lr = 0.01 (diverging)", "lr = 0.1"]  # sorted by lr
    assert fig.axes[0].get_yscale() == "linear"
    own = Figure()
    ax = own.subplots()
    assert plots.lr_sweep([0.1, 0.01], histories, ax=ax) is own and len(own.axes) == 1


@pytest.mark.parametrize(("lrs", "runs", "kwargs", "message"), [
    ([0.1, 0.0], [[1, 2], [1, 2]], {}, "every lr > 0"),
    ([0.1], [[1, 2], [1, 2]], {}, "equal lengths"),
    ([0.1, 1.0], [[1, 2], [1, 2]], {"labels": ["good"]}, "equal lengths"),
    ([0.1], [{"loss": [1, 2]}], {"metric": "accuracy"}, "contain 'accuracy'"),
    ([0.1], [[[1, 2]]], {}, "1-D sequence"),
])
def test_lr_sweep_rejects_bad_input(lrs, runs, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.lr_sweep(lrs, runs, **kwargs)
