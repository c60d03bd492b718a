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
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import _validate

PRESETS = (
    "none", "l1", "l2", "l1_l2", "activity_l1", "activity_l2",
    "dropout", "batchnorm", "early_stopping",
)
# 1e-4: strong enough to shrink weights over a few epochs on a 100k-weight
# model, weak enough not to dominate a cross-entropy of ~0.3. Dropout 0.5 and
# patience 3 are the lecture's values (it shows patience 0 and 1; 3 tolerates
# the noise of a small validation set).
DEFAULT_STRENGTH: dict[str, float | int | None] = {
    "none": None, "l1": 1e-4, "l2": 1e-4, "l1_l2": 1e-4,
    "activity_l1": 1e-4, "activity_l2": 1e-4,
    "dropout": 0.5, "batchnorm": None, "early_stopping": 3,
}
_WEIGHT = ("l1", "l2", "l1_l2")
_ACTIVITY = ("activity_l1", "activity_l2")
CONVENTIONS = ("lecture", "keras", "slide")


@dataclass(frozen=True)
class Preset:
    """What a model builder needs to regularize a model, as plain numbers.

    Build one with `get`; the Keras objects are made fresh on each access, so
    one preset can serve many models.

    Attributes:
        name: the canonical name, e.g. `"l2+dropout"`.
        l1, l2: kernel penalty strengths (Keras convention); 0 is off.
        activity_l1, activity_l2: penalty strengths on hidden outputs.
        dropout: the dropout rate; 0 is off.
        batch_norm: whether builders add batch normalization.
        patience: early-stopping patience in epochs, `None` for no early stopping.

    Example:
        >>> get("l2").l2, get("l2").dropout
        (0.0001, 0.0)
    """

    name: str = "none"
    l1: float = 0.0
    l2: float = 0.0
    activity_l1: float = 0.0
    activity_l2: float = 0.0
    dropout: float = 0.0
    batch_norm: bool = False
    patience: int | None = None

    def __post_init__(self):
        # a hand-made Preset gets the same checks as one from `get`
        for part, value in (("l1", self.l1), ("l2", self.l2), ("activity_l1", self.activity_l1),
                            ("activity_l2", self.activity_l2), ("dropout", self.dropout)):
            _check_strength(part, value)
        if self.patience is not None:
            _check_strength("early_stopping", self.patience)

    @property
    def kernel_regularizer(self) -> Any:
        """A new Keras regularizer for Dense/Conv/recurrent kernels.

        Returns:
            `keras.regularizers.L1`, `L2` or `L1L2` with this preset's
            strengths, or `None` when both are 0.

        Example:
            >>> float(get("l2", strength=0.01).kernel_regularizer.l2)
            0.01
        """
        return _keras_regularizer(self.l1, self.l2)

    @property
    def activity_regularizer(self) -> Any:
        """A new Keras regularizer for hidden layer outputs.

        Recent Keras divides an activity penalty by the batch size (a mean
        over the samples of a batch); older Keras sums it over the batch. See
        `activity_mean_over_batch`.

        Returns:
            `keras.regularizers.L1`, `L2` or `L1L2`, or `None` when both
            activity strengths are 0.

        Example:
            >>> get("l2").activity_regularizer is None
            True
        """
        return _keras_regularizer(self.activity_l1, self.activity_l2)

    def callbacks(self, monitor: str = "val_loss") -> list[Any]:
        """Returns new callback objects for `model.fit` (empty without early stopping).

        Fresh objects each call: an `EarlyStopping` remembers its best epoch,
        so reusing one across two fits would carry state from the first.

        Args:
            monitor: the quantity early stopping watches. Defaults to `"val_loss"`.

        Returns:
            A list with one `keras.callbacks.EarlyStopping(restore_best_weights=True)`,
            or an empty list.

        Example:
            >>> get("early_stopping", strength=5).callbacks()[0].patience
            5
        """
        if self.patience is None:
            return []
        import keras  # deferred: importing dlcourse must not import TensorFlow

        return [keras.callbacks.EarlyStopping(
            monitor=monitor, patience=self.patience, restore_best_weights=True
        )]


def _keras_regularizer(l1: float, l2: float) -> Any:
    if not l1 and not l2:
        return None
    import keras

    if l1 and l2:
        return keras.regularizers.L1L2(l1=l1, l2=l2)
    return keras.regularizers.L1(l1) if l1 else keras.regularizers.L2(l2)


def names() -> tuple[str, ...]:
    """Returns the preset names `get` accepts (combine them with `+`).

    Returns:
        The tuple `PRESETS`.

    Example:
        >>> names()[:3]
        ('none', 'l1', 'l2')
    """
    return PRESETS


def _valid_names() -> str:
    return (f"{', '.join(PRESETS)}, or several joined with '+' "
            "(e.g. 'l2+dropout', 'l2+dropout+early_stopping')")


def _check_strength(part: str, value: Any) -> float | int:
    if not _validate.is_number(value):
        raise TypeError(
            f"Expected `strength` for {part!r} to be a number. Received: strength={value!r}"
        )
    if part == "dropout":
        if not 0 <= value < 1:
            raise ValueError(
                f"Expected the dropout rate (strength for 'dropout') in [0, 1). "
                f"Received: strength={value!r}. A rate of 0.5 is the lecture's default."
            )
        return float(value)
    if part == "early_stopping":
        if not math.isfinite(value) or value < 0 or int(value) != value:
            raise ValueError(
                f"Expected the patience (strength for 'early_stopping') to be a non-negative "
                f"whole number of epochs. Received: strength={value!r}"
            )
        return int(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(
            f"Expected the penalty λ (strength for {part!r}) to be a finite number >= 0. "
            f"Received: strength={value!r}. Typical values are 1e-5 to 1e-2."
        )
    return float(value)


def _parse(name: str) -> list[str]:
    parts = [p.strip().lower() for p in name.split("+")]
    unknown = [p for p in parts if p not in PRESETS]
    if unknown:
        raise ValueError(
            f"Unknown regularizer preset {unknown[0]!r} in {name!r}. Valid names: {_valid_names()}"
        )
    if len(set(parts)) != len(parts):
        raise ValueError(f"Expected each preset at most once. Received: {name!r}")
    if "none" in parts and len(parts) > 1:
        raise ValueError(f"'none' cannot be combined with other presets. Received: {name!r}")
    for group, hint in ((_WEIGHT, "use 'l1_l2' for both"), (_ACTIVITY, "pick one")):
        chosen = [p for p in parts if p in group]
        if len(chosen) > 1:
            raise ValueError(
                f"Expected at most one of {group}. Received: {name!r}; {hint}."
            )
    return parts


def _strengths(name: str, parts: list[str], strength: Any) -> dict[str, float | int]:
    tunable = [p for p in parts if DEFAULT_STRENGTH[p] is not None]
    values = {p: DEFAULT_STRENGTH[p] for p in tunable}
    if strength is None:
        return values
    if isinstance(strength, Mapping):
        extra = sorted(set(strength) - set(tunable))
        if extra:
            raise ValueError(
                f"Expected `strength` keys among {tunable} for preset {name!r}. "
                f"Received keys: {extra}"
            )
        values.update(strength)
    elif len(tunable) == 1:
        values[tunable[0]] = strength
    elif not tunable:
        raise ValueError(
            f"Preset {name!r} takes no strength. Received: strength={strength!r}. "
            "Leave it as None."
        )
    else:
        raise ValueError(
            f"A single number is ambiguous for {name!r}, which has {len(tunable)} strengths. "
            f"Received: strength={strength!r}. Pass a dict, e.g. "
            f"strength={ {p: DEFAULT_STRENGTH[p] for p in tunable} }"
        )
    return {p: _check_strength(p, v) for p, v in values.items()}


def get(identifier: str | Preset | None, strength: Any = None) -> Preset:
    """Looks up a regularization preset by name.

    Args:
        identifier: a name from `PRESETS`, several joined with `+` (e.g.
            `"l2+dropout+early_stopping"`), an existing `Preset` (returned as
            is) or `None` (same as `"none"`).
        strength: for a preset with one tunable part, a number (see the table
            in the module docstring: λ, dropout rate or patience); for a
            combination, a dict from part to number, e.g.
            `{"l2": 1e-3, "dropout": 0.3}`; parts left out keep their defaults.
            Defaults to `None` (every part at its default).

    Returns:
        A frozen `Preset`.

    Raises:
        ValueError: an unknown name (the message lists the valid ones), an
            invalid combination, or a strength out of range.
        TypeError: an identifier or strength of the wrong type.

    Example:
        >>> get("l2", strength=1e-3).l2
        0.001
        >>> get("batchnorm+dropout").dropout
        0.5
    """
    if isinstance(identifier, Preset):
        if strength is not None:
            raise ValueError(
                f"`strength` applies to preset names, not to an existing Preset. "
                f"Received: strength={strength!r}. Call get({identifier.name!r}, strength=...)."
            )
        return identifier
    if identifier is None:
        identifier = "none"
    if not isinstance(identifier, str):
        raise TypeError(
            f"Expected a preset name (str), a Preset or None. Received: {identifier!r} "
            f"of type {type(identifier).__name__}. Valid names: {_valid_names()}"
        )
    parts = _parse(identifier)
    values = _strengths(identifier, parts, strength)
    weight = next((p for p in parts if p in _WEIGHT), None)
    activity = next((p for p in parts if p in _ACTIVITY), None)
    lam = values.get(weight, 0.0) if weight else 0.0
    act = values.get(activity, 0.0) if activity else 0.0
    return Preset(
        name="+".join(parts),
        l1=lam if weight in ("l1", "l1_l2") else 0.0,
        l2=lam if weight in ("l2", "l1_l2") else 0.0,
        activity_l1=act if activity == "activity_l1" else 0.0,
        activity_l2=act if activity == "activity_l2" else 0.0,
        dropout=values.get("dropout", 0.0),
        batch_norm="batchnorm" in parts,
        patience=values.get("early_stopping"),
    )


def penalty(model: Any, X: Any = None) -> float:
    """Returns the regularization loss a model adds to its training loss.

    Keras adds the weight penalties (from the current weights) and the
    activity penalties (from the layer outputs of the last forward pass,
    divided by the batch size or not, see `activity_mean_over_batch`) to the
    loss it minimizes. Activity penalties
    exist only after a forward pass, so pass `X` to include them.

    Args:
        model: a built Keras model.
        X: a batch to run through the model (in inference mode) so activity
            penalties are computed on it. Defaults to `None` (weight
            penalties only).

    Returns:
        The total penalty as a float (0.0 when the model has none).

    Example:
        >>> import keras
        >>> dense = keras.layers.Dense(2, kernel_initializer="ones",
        ...                            kernel_regularizer=keras.regularizers.L2(0.5))
        >>> penalty(keras.Sequential([keras.Input((3,)), dense]))  # 0.5 * 6 ones
        3.0
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    if X is None:
        # model.losses may still hold graph tensors from a fit(); weights are always current
        losses = [v.regularizer(v) for v in model.trainable_weights
                  if getattr(v, "regularizer", None) is not None]
    else:
        model(X, training=False)  # clears old losses, records the activity penalties for X
        losses = model.losses
    return float(sum(float(keras.ops.convert_to_numpy(t)) for t in losses))


def _flat(weights: Any) -> list[np.ndarray]:
    if isinstance(weights, np.ndarray) or np.isscalar(weights):
        return [np.asarray(weights, dtype=np.float64)]
    if isinstance(weights, Iterable):
        return [np.asarray(w, dtype=np.float64) for w in weights]
    return [np.asarray(weights, dtype=np.float64)]  # e.g. a tensor


def _factor(lam: Any, convention: str, kind: str = "l2") -> float:
    if convention not in CONVENTIONS:
        raise ValueError(
            f"Expected `convention` in {CONVENTIONS}. Received: convention={convention!r}"
        )
    if not _validate.is_number(lam):
        raise TypeError(f"Expected `lam` to be a number. Received: lam={lam!r}")
    if not math.isfinite(lam) or lam < 0:
        raise ValueError(f"Expected `lam` to be a finite number >= 0. Received: lam={lam!r}")
    if convention == "keras" or (kind == "l1" and convention == "lecture"):
        return float(lam)
    # the lecture's Ω = ½‖w‖² carries a ½ that Keras folds into its strength; on L1 only
    # the slide has it
    return lam / 2


def l2_by_hand(weights: Any, lam: float, convention: str = "lecture") -> float:
    """Computes the L2 penalty of some weights with NumPy.

    Args:
        weights: one array or a list of arrays (e.g. `model.get_weights()`).
        lam: the penalty strength λ.
        convention: `"lecture"` (or `"slide"`) for `λ/2 · Σ w²`, `"keras"` for
            `λ · Σ w²` (what `keras.regularizers.L2(λ)` computes). Defaults to
            `"lecture"`.

    Returns:
        The penalty as a float.

    Example:
        >>> l2_by_hand([np.array([3.0, 4.0])], lam=0.5)  # 0.5 / 2 * 25
        6.25
    """
    factor = _factor(lam, convention)
    return factor * float(sum(np.sum(w**2) for w in _flat(weights)))


def l1_by_hand(weights: Any, lam: float, convention: str = "lecture") -> float:
    """Computes the L1 penalty of some weights with NumPy.

    Args:
        weights: one array or a list of arrays.
        lam: the penalty strength λ.
        convention: `"lecture"` or `"keras"` for `λ · Σ |w|` (what
            `keras.regularizers.L1(λ)` computes), `"slide"` for seed 000's
            `λ/2 · Σ |w|`. Defaults to `"lecture"`.

    Returns:
        The penalty as a float.

    Example:
        >>> l1_by_hand(np.array([3.0, -4.0]), lam=0.5)
        3.5
        >>> l1_by_hand(np.array([3.0, -4.0]), lam=0.5, convention="slide")
        1.75
    """
    factor = _factor(lam, convention, "l1")
    return factor * float(sum(np.sum(np.abs(w)) for w in _flat(weights)))


def keras_strength(lam_lecture: float, kind: str = "l2") -> float:
    """Converts the lecture's λ to the argument Keras's regularizer needs.

    The lecture adds `α·Ω(θ)` with `Ω = ½‖w‖²`, i.e. `λ/2 · ‖w‖²`; Keras's
    `L2(l2)` computes `l2 · Σ w²`, so the same penalty needs `l2 = λ/2`. The
    L1 penalty `λ · ‖w‖₁` is Keras's `L1(λ)` as it is.

    Args:
        lam_lecture: λ as written in the lecture.
        kind: `"l1"` or `"l2"`. Defaults to `"l2"`.

    Returns:
        The strength to pass to `keras.regularizers.L2` (or `L1`), or to `get`.

    Example:
        >>> keras_strength(0.5)
        0.25
        >>> keras_strength(0.5, kind="l1")
        0.5
    """
    if kind not in ("l1", "l2"):
        raise ValueError(f"Expected `kind` in ('l1', 'l2'). Received: kind={kind!r}")
    return _factor(lam_lecture, "lecture", kind)


_MEAN_OVER_BATCH: list[bool] = []  # measured once per process


def activity_mean_over_batch() -> bool:
    """Measures whether this Keras divides activity penalties by the batch size.

    Keras 3.13 (Colab's today) adds `λ · Σ|a|` summed over the whole batch;
    Keras 3.15 divides it by the batch size, a mean over samples. Rather than
    trust a version number, this runs a layer with `L1(1)` on a batch of 4
    ones and reads the penalty it recorded: 4 (sum) or 1 (mean).

    Returns:
        True when the penalty is divided by the batch size, False when summed.

    Example:
        >>> activity_mean_over_batch() in (True, False)
        True
    """
    if not _MEAN_OVER_BATCH:
        import keras

        layer = keras.layers.Activation(
            "linear", activity_regularizer=keras.regularizers.L1(1.0))
        model = keras.Sequential([keras.Input((1,)), layer])
        recorded = penalty(model, np.ones((4, 1), "float32"))
        if not (math.isclose(recorded, 1.0) or math.isclose(recorded, 4.0)):
            raise RuntimeError(  # pragma: no cover - a Keras with a third convention
                f"Expected the activity penalty of L1(1) on 4 ones to be 1 (mean) or 4 (sum). "
                f"Received: {recorded}. Report the Keras version ({keras.__version__}).")
        _MEAN_OVER_BATCH.append(math.isclose(recorded, 1.0))
    return _MEAN_OVER_BATCH[0]


def activity_by_hand(activations: Any, lam: float, kind: str = "l1",
                     mean_over_batch: bool | None = None) -> float:
    """Computes an activity penalty of a batch of layer outputs with NumPy.

    Args:
        activations: an array of shape `(batch, ...)`.
        lam: the strength λ of `keras.regularizers.L1(λ)` (or `L2`).
        kind: `"l1"` for `λ · Σ|a|`, `"l2"` for `λ · Σ a²`. Defaults to `"l1"`.
        mean_over_batch: divide by the batch size. Defaults to `None` (what
            this Keras does, `activity_mean_over_batch()`).

    Returns:
        The penalty as a float.

    Example:
        >>> a = np.array([[1.0, -2.0], [0.0, 3.0]])
        >>> round(activity_by_hand(a, 0.1, "l2", mean_over_batch=False), 6)  # 0.1 * 14
        1.4
        >>> round(activity_by_hand(a, 0.1, "l1", mean_over_batch=True), 6)  # 0.1 * 6 / 2
        0.3
    """
    if kind not in ("l1", "l2"):
        raise ValueError(f"Expected `kind` in ('l1', 'l2'). Received: kind={kind!r}")
    lam = _factor(lam, "keras")
    a = np.asarray(activations, dtype=np.float64)
    if a.ndim == 0:
        raise ValueError("Expected activations of shape (batch, ...). Received a scalar.")
    if mean_over_batch is None:
        mean_over_batch = activity_mean_over_batch()
    total = lam * float(np.sum(np.abs(a)) if kind == "l1" else np.sum(a**2))
    return total / len(a) if mean_over_batch else total


def describe(model: Any) -> list[dict[str, Any]]:
    """Lists the regularizers of each layer that has a kernel, as plain data.

    Args:
        model: a built Keras model.

    Returns:
        One dict per layer with a kernel: `layer` (its name) and `kernel`,
        `bias`, `activity`: `None` or a dict such as `{"type": "L2", "l2": 0.005}`.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(
        ...     2, kernel_regularizer=keras.regularizers.L2(0.5))])
        >>> describe(m)[0]["kernel"]
        {'type': 'L2', 'l2': 0.5}
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    rows = []
    for layer in model.layers:
        if not hasattr(layer, "kernel"):
            continue
        row: dict[str, Any] = {"layer": layer.name}
        for part in ("kernel", "bias", "activity"):
            reg = getattr(layer, f"{part}_regularizer", None)
            row[part] = None if reg is None else {
                "type": type(reg).__name__,
                **{k: float(v) for k, v in reg.get_config().items()
                   if isinstance(v, (int, float, np.floating))},
            }
        rows.append(row)
    return rows
