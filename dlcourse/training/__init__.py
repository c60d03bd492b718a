"""Training a fresh classifier quietly: build, compile if needed, fit, evaluate.

The sanity checks and the methodology sweeps train many small models the same
way: build a new one from a builder (seeded, given `seed=` when it accepts
one), compile it with Adam and the cross-entropy its labels and outputs call
for unless it is compiled already (through `models.compile_for`, the one
compile policy), fit it without output on the cached, seeded `tf.data`
pipeline of `data.as_dataset`, and measure loss and accuracy in inference mode.

    >>> from dlcourse import training
    >>> model = training.build(model_fn, seed=0)  # doctest: +SKIP
    >>> before = training.compile_if_needed(model, X, y, lr=1e-3)  # doctest: +SKIP
    >>> curve = training.fit(model, X, before.y, num_epochs=5)  # doctest: +SKIP
    >>> training.evaluate(model, X, y).accuracy  # doctest: +SKIP
    1.0

Labels may be integer classes `(n,)`, one-hot rows `(n, num_classes)`, or
0/1 for a single sigmoid or logit output; whether outputs are logits is read
from the last layer, else from the numbers. Inputs are passed as they are
(scale images in the model), except that a channel axis the model expects and
`X` lacks (`(28, 28, 1)` vs `(n, 28, 28)`) is added. Mistakes in the inputs
raise `ValueError`/`TypeError` saying what was expected.

One module per concern: `_checks` (check_positive, check_int,
check_builder, check_xy), `_model` (build, match_input, predict_batches),
`_score` (Score, evaluate) and `_fit` (compile_if_needed, fit). Import them
from here: `training.evaluate`.
"""

from __future__ import annotations

from dlcourse.training._checks import check_builder, check_int, check_positive, check_xy
from dlcourse.training._fit import compile_if_needed, fit
from dlcourse.training._model import build, match_input, predict_batches
from dlcourse.training._score import Score, evaluate

__all__ = [
    "Score", "build", "check_builder", "check_int", "check_positive", "check_xy",
    "compile_if_needed", "evaluate", "fit", "match_input", "predict_batches",
]
