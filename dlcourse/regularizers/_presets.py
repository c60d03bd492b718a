"""The named presets and `get`: a preset name (and a strength) to a frozen `Preset`.

Part of `dlcourse.regularizers`; import the names from there. The strengths
are in Keras's convention, see the table in the package docstring.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
            in the `dlcourse.regularizers` docstring: λ, dropout rate or patience); for a
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
