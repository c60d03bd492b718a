"""Tests for dlcourse/plots/series.py: `capacity_curves`, `metric_vs`, `gradient_norms`."""

from __future__ import annotations

import numpy as np
import pytest

from dlcourse import plots


def legend_labels(ax) -> list[str]:
    return ax.get_legend_handles_labels()[1]

def lines_labelled(ax, prefix: str) -> list:
    return [line for line in ax.lines if line.get_label().startswith(prefix)]


# --- capacity_curves -------------------------------------------------------------------------


def test_capacity_curves_marks_best_capacity_and_zones():
    fig = plots.capacity_curves([1, 4, 16, 64, 256], [0.4, 0.2, 0.1, 0.05, 0.01],
                                [0.45, 0.3, 0.2, 0.25, 0.35], human_error=0.02)
    ax = fig.axes[0]
    assert legend_labels(ax) == ["train", "val", "best capacity (16)", "human level"]
    assert list(lines_labelled(ax, "best")[0].get_xdata()) == [16, 16]
    assert [t.get_text() for t in ax.texts] == ["underfitting", "overfitting"]
    assert ax.get_xscale() == "log" and ax.get_ylabel() == "error"


def test_capacity_curves_named_capacities_and_accuracy_mode():
    fig = plots.capacity_curves(["tiny", "small", "large"], [0.6, 0.8, 0.99], [0.55, 0.7, 0.75],
                                mode="max", ylabel="accuracy")
    ax = fig.axes[0]
    assert legend_labels(ax)[2] == "best capacity (large)"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["tiny", "small", "large"]
    assert [t.get_text() for t in ax.texts] == ["underfitting"]  # best is the largest


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (([1, 2, 3], [0.1, 0.2], [0.1, 0.2, 0.3]), {}, "equal lengths"),
    (([1, 2], [0.1, 0.2], [0.1, 0.2]), {"mode": "best"}, "mode"),
    (([1, 2], [0.1, 0.2], [np.nan, np.nan]), {}, "finite value"),
])
def test_capacity_curves_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.capacity_curves(*args, **kwargs)


# --- metric_vs, gradient_norms ---------------------------------------------------------------


def test_metric_vs_accuracy_against_epsilon_with_zero_on_a_log_axis():
    eps = [0.0, 0.01, 0.1]
    fig = plots.metric_vs(eps, {"standard": [0.9, 0.5, 0.1], "adversarial": [0.88, 0.8, 0.5]},
                          "epsilon", "accuracy", logx=True, title="FGSM")
    ax = fig.axes[0]
    assert legend_labels(ax) == ["standard", "adversarial"]
    assert ax.get_xscale() == "symlog"  # log, but eps = 0 must stay visible
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("epsilon", "accuracy", "FGSM")
    assert list(ax.lines[1].get_ydata()) == [0.88, 0.8, 0.5]
    single = plots.metric_vs([1e-3, 1e-1], [0.5, 0.9], "lr", "accuracy", logx=True)
    assert single.axes[0].get_xscale() == "log" and single.axes[0].get_legend() is None


@pytest.mark.parametrize(("x", "ys", "kwargs", "message"), [
    ([1, 2, 3], {"a": [1, 2]}, {}, "equal lengths"),
    ([1, 2], {}, {}, "at least one series"),
    ([0, -1], [1, 2], {"logx": True}, "some x > 0"),
])
def test_metric_vs_rejects_bad_input(x, ys, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.metric_vs(x, ys, "x", "y", **kwargs)


def test_gradient_norms_series_on_log_axis_without_zeros():
    t = np.arange(10)
    fig = plots.gradient_norms({"SimpleRNN": np.r_[0.0, 0.5 ** t[1:]], "LSTM": 0.9 ** t})
    ax = fig.axes[0]
    assert ax.get_yscale() == "log" and legend_labels(ax) == ["SimpleRNN", "LSTM"]
    rnn = ax.lines[0]
    assert list(rnn.get_xdata()) == list(range(1, 11))
    assert np.isnan(rnn.get_ydata()[0])  # an underflowed zero has no place on a log axis
    array = plots.gradient_norms(np.ones((2, 5)), labels=["rnn", "lstm"], logy=False)
    assert legend_labels(array.axes[0]) == ["rnn", "lstm"]
    assert plots.gradient_norms([1.0, 0.1]).axes[0].get_legend() is None


@pytest.mark.parametrize(("norms", "kwargs", "message"), [
    ([1.0, -0.5], {}, "norms >= 0"),
    (np.ones((2, 3, 4)), {}, "2-D array"),
    (np.ones((2, 3)), {"labels": ["one"]}, "equal lengths"),
])
def test_gradient_norms_rejects_bad_input(norms, kwargs, message):
    with pytest.raises(ValueError, match=message):
        plots.gradient_norms(norms, **kwargs)
