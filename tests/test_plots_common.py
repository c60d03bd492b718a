"""Tests for dlcourse/plots as a whole and its shared helpers (dlcourse/plots/_common.py).

The figures are plain `matplotlib.figure.Figure` objects, never registered with
pyplot, so there is nothing to close between tests: they are freed with their
last reference.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from dlcourse import plots

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HISTORY = {
    "loss": [1.0, 0.6, 0.4, 0.3, 0.25],
    "val_loss": [1.1, 0.7, 0.55, 0.6, 0.65],  # best at epoch 3
    "accuracy": [0.5, 0.7, 0.8, 0.85, 0.9],
    "val_accuracy": [0.5, 0.6, 0.7, 0.75, 0.72],  # best at epoch 4
}


# --- the package as a whole ------------------------------------------------------------------


def test_import_needs_neither_tensorflow_nor_pyplot():
    code = ("import sys, dlcourse.plots; "
            "print([m for m in ('tensorflow', 'keras', 'matplotlib.pyplot') if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip() == "[]"


def test_figures_render_headless_to_png_and_in_notebooks(tmp_path):
    fig = plots.learning_curves(HISTORY, metrics=("loss", "accuracy"))
    path = tmp_path / "curves.png"
    fig.savefig(path)
    assert path.read_bytes().startswith(PNG_SIGNATURE) and path.stat().st_size > 5000
    # What Jupyter calls when the figure is a cell's value and no backend registered Figure.
    assert fig._repr_png_().startswith(PNG_SIGNATURE)


def test_ax_must_be_an_axes():
    with pytest.raises(TypeError, match="Expected `ax` to be a matplotlib Axes"):
        plots.metric_vs([1, 2], [3, 4], "x", "y", ax="left")
