"""The lecture's training-recipe sanity checks, for Keras models.

Before a long run, check the recipe on something small (cs231n, "babysitting
the learning process"): the initial loss is -ln(1/num_classes), stronger L2
raises the training loss, the model can memorize 50 samples, it uses its
input, its gradients match finite differences, one step moves every weight,
its ReLUs are alive and no test sample hides in train.

    >>> from dlcourse import sanity
    >>> sanity.initial_loss(model, X, y)  # doctest: +SKIP
    [PASS] initial_loss: initial loss 2.31 ~ expected 2.303 = ln(10) ...

Every check returns a `CheckResult` and never raises because the model is
wrong (only because the input is): `.ok`, a one-line `.message` that says what
to try when it fails, the measured `.values` and, for training checks, the
loss `.curve`. `run_all` runs them all and prints a table.

Inputs are passed to the model as they are: scale images in the model
(`keras.layers.Rescaling(1 / 255)`). When the model expects a trailing channel
axis that `X` lacks (`(28, 28, 1)` vs `(n, 28, 28)`), it is added.

The checks live in one module per concern: `result` (CheckResult,
summarize), `loss` (initial_loss, regularization_raises_loss,
input_independent_baseline), `fitting` (overfit_small), `gradients`
(gradient_check, weights_change), `relus` (dead_relus), `leaks` (leakage) and `suite`
(run_all). They build, compile, fit and score models with `dlcourse.training`.
"""

from __future__ import annotations

from .fitting import overfit_small
from .gradients import gradient_check, weights_change
from .leaks import leakage
from .loss import (
    INITIAL_LOSS_TOLERANCE,
    initial_loss,
    input_independent_baseline,
    regularization_raises_loss,
)
from .relus import DEAD_RELU_THRESHOLD, dead_relus
from .result import CheckResult, summarize
from .suite import run_all

__all__ = [
    "CheckResult", "DEAD_RELU_THRESHOLD", "INITIAL_LOSS_TOLERANCE", "dead_relus",
    "gradient_check", "initial_loss", "input_independent_baseline", "leakage", "overfit_small",
    "regularization_raises_loss", "run_all", "summarize", "weights_change",
]
