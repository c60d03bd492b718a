"""What every model builder shares: size and shape checks, regularization options, layers.

Plain numbers, seeds and rates are checked by `dlcourse._validate`, as
everywhere else; what only models have (layer sizes, input shapes, class
counts, activations) is checked here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import _validate, regularizers

# Names shown when an activation is unknown; any name Keras knows also works.
ACTIVATIONS = (
    "relu", "tanh", "sigmoid", "elu", "selu", "gelu", "silu", "swish",
    "leaky_relu", "softplus", "softsign", "mish", "relu6", "linear",
)


def check_units(value: Any, name: str, *, allow_empty: bool = True) -> tuple[int, ...]:
    """An int or a sequence of positive ints (layer sizes) as a tuple."""
    values = (value,) if _validate.is_int(value) else value
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise TypeError(
            f"Expected `{name}` to be an int or a tuple of ints. Received: {name}={value!r}"
        )
    if not values and not allow_empty:
        raise ValueError(f"Expected `{name}` to hold at least one size. Received: {name}={value!r}")
    if not all(_validate.is_int(u) and u >= 1 for u in values):
        raise ValueError(
            f"Expected every entry of `{name}` to be a positive int. Received: {name}={value!r}"
        )
    return tuple(int(u) for u in values)


def check_input_shape(value: Any, ranks: Sequence[int], example: str, *,
                      time_axis: bool = False) -> tuple[int | None, ...]:
    """One sample's shape, no batch axis; `time_axis` allows `None` timesteps."""
    shape = (value,) if _validate.is_int(value) else value
    ok = isinstance(shape, (tuple, list)) and len(shape) in ranks and all(
        (_validate.is_int(d) and d >= 1) or (time_axis and i == 0 and d is None)
        for i, d in enumerate(shape)
    )
    if not ok:
        raise ValueError(
            f"Expected `input_shape` of rank {' or '.join(map(str, ranks))} with positive "
            f"sizes and no batch axis, e.g. {example}. Received: input_shape={value!r}"
        )
    return tuple(None if d is None else int(d) for d in shape)


def check_num_classes(value: Any, name: str = "num_classes", *,
                      allow_none: bool = False) -> int | None:
    """An int >= 2, or `None` (one regression output) when `allow_none`."""
    if value is None and allow_none:
        return None
    if not _validate.is_int(value) or value < 2:
        hint = " Use None for one regression output." if allow_none else ""
        raise ValueError(f"Expected `{name}` to be an int >= 2. Received: {name}={value!r}.{hint}")
    return int(value)


def check_activation(value: Any) -> Any:
    """A callable, or a name Keras knows, as Keras's activation function."""
    import keras  # deferred: importing dlcourse must not import TensorFlow

    if callable(value):
        return value
    try:
        return keras.activations.get(value)
    except (ValueError, TypeError) as e:
        raise ValueError(
            f"Unknown activation {value!r}. Expected a callable or a Keras activation name, "
            f"e.g. {', '.join(ACTIVATIONS)}. Received: activation={value!r} ({e})"
        ) from None


def check_rescale(value: Any) -> float | None:
    """A finite factor > 0, or `None` for no rescaling."""
    if value is None:
        return None
    try:
        return _validate.positive(value, "rescale")
    except ValueError:
        raise ValueError(
            f"Expected `rescale` to be a positive number (1/255 for uint8 images) or None. "
            f"Received: rescale={value!r}"
        ) from None


@dataclass
class Options:
    """The resolved regularization options and seed stream of one build."""

    preset: regularizers.Preset
    activation: Any
    dropout: float
    batch_norm: bool
    rng: np.random.Generator

    def seed(self) -> int:
        # one seed per initializer/dropout layer: one shared int would give
        # every same-shaped layer the same initial weights
        return int(self.rng.integers(2**31 - 1))

    def kernel(self) -> dict[str, Any]:
        import keras

        return {
            "kernel_initializer": keras.initializers.GlorotUniform(seed=self.seed()),
            "kernel_regularizer": self.preset.kernel_regularizer,
        }


def options(regularizer, dropout, batch_norm, activation, seed, *,
             default_dropout: float = 0.0, default_batch_norm: bool = False) -> Options:
    preset = regularizers.get(regularizer)
    if dropout is None:
        rate = preset.dropout or default_dropout
    else:
        rate = _validate.rate(dropout)
        if preset.dropout and rate != preset.dropout:
            raise ValueError(
                f"Dropout is set twice: dropout={dropout!r} and regularizer={preset.name!r} "
                f"(rate {preset.dropout}). Set it in one place, e.g. leave dropout=None."
            )
    if batch_norm is None:
        norm = preset.batch_norm or default_batch_norm
    else:
        norm = _validate.boolean(batch_norm, "batch_norm")
        if preset.batch_norm and not norm:
            raise ValueError(
                f"batch_norm=False contradicts regularizer={preset.name!r}. "
                "Drop 'batchnorm' from the preset or leave batch_norm=None."
            )
    return Options(preset, check_activation(activation), rate, norm,
                   np.random.default_rng(_validate.seed(seed)))


def hidden(x, layer: Callable[..., Any], name: str, opt: Options, *, dropout: bool = True):
    """layer -> [batch norm -> activation] -> [dropout], penalties where they belong."""
    import keras

    activity = opt.preset.activity_regularizer
    if opt.batch_norm:
        x = layer(name=name, activation=None, use_bias=False, **opt.kernel())(x)
        x = keras.layers.BatchNormalization(name=f"{name}_bn")(x)
        x = keras.layers.Activation(opt.activation, activity_regularizer=activity,
                                    name=f"{name}_act")(x)
    else:
        x = layer(name=name, activation=opt.activation, activity_regularizer=activity,
                  **opt.kernel())(x)
    if dropout and opt.dropout:
        x = keras.layers.Dropout(opt.dropout, seed=opt.seed(), name=f"{name}_dropout")(x)
    return x


def head(x, num_classes: int | None, opt: Options, name: str = "output"):
    """Softmax over `num_classes`, or one linear unit when it is None (regression)."""
    import keras

    units, activation = (1, "linear") if num_classes is None else (num_classes, "softmax")
    return keras.layers.Dense(units, activation=activation, name=name, **opt.kernel())(x)


def flat_input(input_shape, rescale):
    """Input, then the rescaling, then a flattening for inputs of rank > 1 (dense models)."""
    import keras

    shape = check_input_shape(input_shape, (1, 2, 3), "(2,) or (28, 28)")
    inputs = keras.Input(shape, name="input")
    x = inputs
    scale = check_rescale(rescale)
    if scale is not None:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    if len(shape) > 1:
        x = keras.layers.Flatten(name="flatten")(x)
    return inputs, x


def image_input(input_shape, rescale):
    """Input, a channel axis for (height, width) shapes, then the rescaling."""
    import keras

    shape = check_input_shape(input_shape, (2, 3), "(28, 28) or (28, 28, 1)")
    inputs = keras.Input(shape, name="input")
    x = inputs
    if len(shape) == 2:
        x = keras.layers.Reshape((*shape, 1), name="add_channel")(x)
        shape = (*shape, 1)
    scale = check_rescale(rescale)
    if scale is not None:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    return inputs, x, shape
