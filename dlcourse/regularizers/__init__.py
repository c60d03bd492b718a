"""Regularization presets by name, and the norm penalties written out by hand.

    >>> from dlcourse import models, regularizers
    >>> preset = regularizers.get("l2+dropout", strength={"l2": 1e-3, "dropout": 0.3})
    >>> model = models.mlp((28, 28), regularizer=preset)  # doctest: +SKIP
    >>> model.fit(X, y, callbacks=preset.callbacks())  # doctest: +SKIP

What `strength` means depends on the preset:

| preset                     | strength                                   | default |
|----------------------------|--------------------------------------------|---------|
| `l1`, `l2`, `l1_l2`        | λ on the kernels (`l1_l2`: both get it)    | `1e-4`  |
| `activity_l1/_l2`          | λ on hidden layer outputs (*)              | `1e-4`  |
| `dropout`                  | the rate of units dropped while training   | `0.5`   |
| `early_stopping`           | patience: epochs without a better val_loss | `3`     |
| `none`, `batchnorm`        | nothing (leave it `None`)                  | -       |

λ is in Keras's convention: `keras.regularizers.L2(l2)` adds `l2 * Σ w²` and
`L1(l1)` adds `l1 * Σ |w|`. The lecture writes the L2 penalty as `λ/2 · ‖w‖²`,
so a lecture λ is a Keras strength of `λ/2`: use `keras_strength(λ)`. The L1
penalty is `λ · ‖w‖₁` (Goodfellow et al. §7.1.2, and Keras): seed 000's slide
prints a ½ on L1 too, a slip (there is no square whose derivative it cancels);
`convention="slide"` reproduces it.
(*) Activity penalties apply the same formula to a layer's outputs. Whether
Keras then divides by the batch size depends on its version (Keras 3.13, on
Colab, sums over the batch; Keras 3.15 divides): `activity_mean_over_batch()`
measures it.

One module per concern: `_presets` (PRESETS, DEFAULT_STRENGTH, Preset, names,
get), `_penalties` (CONVENTIONS, l1_by_hand, l2_by_hand, keras_strength),
`_activity` (activity_mean_over_batch, activity_by_hand) and `_model`
(penalty, describe: what a built model's regularizers add and are). Import
them from here: `regularizers.get`.
"""

from __future__ import annotations

from dlcourse.regularizers._activity import activity_by_hand, activity_mean_over_batch
from dlcourse.regularizers._model import describe, penalty
from dlcourse.regularizers._penalties import CONVENTIONS, keras_strength, l1_by_hand, l2_by_hand
from dlcourse.regularizers._presets import DEFAULT_STRENGTH, PRESETS, Preset, get, names

__all__ = [
    "CONVENTIONS", "DEFAULT_STRENGTH", "PRESETS", "Preset", "activity_by_hand",
    "activity_mean_over_batch", "describe", "get", "keras_strength", "l1_by_hand", "l2_by_hand",
    "names", "penalty",
]
