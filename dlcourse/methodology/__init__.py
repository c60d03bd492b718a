"""What to do next: the lecture's strategy tables, capacity sweeps, random search, lr range test.

    >>> from dlcourse import methodology
    >>> methodology.diagnose(human=0.01, train=0.09, val=0.10, test=0.11).verdict
    'underfitting'

`diagnose` implements the "Strategy for machine learning" slides (after Andrew
Ng, "Nuts and Bolts of Applying Deep Learning"): human-level error stands in
for the best achievable error, and the first gap that is too large decides the
next move. `random_search` samples hyperparameters the way the slides do
(`lr = 10**uniform(-6, 1)`, `dropout = 0.1 * uniform(0, 10)`), and
`keras_tuner_search` hands the same space to KerasTuner.

One module per concern: `diagnosis` (diagnose, Diagnosis, diagnose_history,
DiagnoseCallback), `search` (LogUniform, Uniform, Choice, random_search,
grid_search, distinct_values), `tuner` (to_keras_tuner, keras_tuner_search)
and `sweeps` (capacity_sweep, lr_range_test), which trains with
`dlcourse.training`.
"""

from __future__ import annotations

from dlcourse import _lazy

from .diagnosis import (
    DIAGNOSE_TOLERANCE,
    NEXT_MOVES,
    VERDICTS,
    Diagnosis,
    diagnose,
    diagnose_history,
)
from .search import Choice, LogUniform, Trial, Uniform, distinct_values, grid_search, random_search
from .sweeps import CapacitySweep, LRRangeTest, capacity_sweep, lr_range_test
from .tuner import keras_tuner_search, to_keras_tuner

__all__ = [
    "CapacitySweep", "Choice", "DIAGNOSE_TOLERANCE", "Diagnosis", "LRRangeTest", "LogUniform",
    "DiagnoseCallback",  # noqa: F822 - imported on first access (needs Keras), see below
    "NEXT_MOVES", "Trial", "Uniform", "VERDICTS", "capacity_sweep", "diagnose",
    "diagnose_history", "distinct_values", "grid_search", "keras_tuner_search", "lr_range_test",
    "random_search", "to_keras_tuner",
]

# DiagnoseCallback subclasses a Keras class: imported on first use, which keeps
# `from dlcourse import methodology` free of TensorFlow
__getattr__, __dir__, _ = _lazy.attach(__name__, names={"DiagnoseCallback": "_callback"},
                                       extra=__all__)
