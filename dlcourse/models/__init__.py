"""The course's models: MLP, single neuron, LeNet-5, a small CNN, RNN/LSTM, multitask.

    >>> from dlcourse import models
    >>> model = models.compile_for(models.lenet5(seed=0), lr=1e-3)  # doctest: +SKIP
    >>> model.fit(X_train, y_train, validation_data=(X_val, y_val))  # doctest: +SKIP

Every builder is pure: it returns a new, *uncompiled* functional Keras model,
so a notebook can inspect it (`summary()`, `get_layer("c1")`) before choosing
an optimizer; `compile_for` then picks the loss and metrics from the output
layers. Same `seed`, same initial weights.

Regularization options, shared by all builders:

- `regularizer`: a preset name or `Preset` (see `dlcourse.regularizers`).
  Weight penalties go on every Dense/Conv/recurrent kernel, activity
  penalties on the outputs of hidden layers.
- `dropout`: a rate in [0, 1), 0 is off. `None` takes the preset's rate.
- `batch_norm`: hidden layers become layer -> BatchNormalization ->
  activation (the layer then has no bias: batch norm's β replaces it).
  `None` takes the preset's choice.

The builders live in one module per family: `_dense` (mlp,
binary_classifier, multitask), `_conv` (lenet5, small_cnn), `_recurrent`
(rnn, lstm); `_blocks` holds what they share and `_compile` the compile
policy (compile_for). Import them from here: `models.lenet5`.
"""

from __future__ import annotations

from dlcourse.models._blocks import ACTIVATIONS
from dlcourse.models._compile import OPTIMIZERS, compile_for
from dlcourse.models._conv import lenet5, small_cnn
from dlcourse.models._dense import binary_classifier, mlp, multitask
from dlcourse.models._recurrent import lstm, rnn

__all__ = [
    "ACTIVATIONS", "OPTIMIZERS", "binary_classifier", "compile_for", "lenet5", "lstm", "mlp",
    "multitask", "rnn", "small_cnn",
]
