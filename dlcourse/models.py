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
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse import regularizers

# Names shown when an activation is unknown; any name Keras knows also works.
ACTIVATIONS = (
    "relu", "tanh", "sigmoid", "elu", "selu", "gelu", "silu", "swish",
    "leaky_relu", "softplus", "softsign", "mish", "relu6", "linear",
)
OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop")


# --- argument checks --------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)


def _positive_int(value: Any, name: str) -> int:
    if not _is_int(value) or value < 1:
        raise ValueError(f"Expected `{name}` to be a positive int. Received: {name}={value!r}")
    return int(value)


def _units(value: Any, name: str, *, allow_empty: bool = True) -> tuple[int, ...]:
    values = (value,) if _is_int(value) else value
    if not isinstance(values, Sequence) or isinstance(values, str):
        raise TypeError(
            f"Expected `{name}` to be an int or a tuple of ints. Received: {name}={value!r}"
        )
    if not values and not allow_empty:
        raise ValueError(f"Expected `{name}` to hold at least one size. Received: {name}={value!r}")
    if not all(_is_int(u) and u >= 1 for u in values):
        raise ValueError(
            f"Expected every entry of `{name}` to be a positive int. Received: {name}={value!r}"
        )
    return tuple(int(u) for u in values)


def _input_shape(value: Any, ranks: Sequence[int], example: str, *, time_axis: bool = False):
    shape = (value,) if _is_int(value) else value
    ok = isinstance(shape, (tuple, list)) and len(shape) in ranks and all(
        (_is_int(d) and d >= 1) or (time_axis and i == 0 and d is None)
        for i, d in enumerate(shape)
    )
    if not ok:
        raise ValueError(
            f"Expected `input_shape` of rank {' or '.join(map(str, ranks))} with positive "
            f"sizes and no batch axis, e.g. {example}. Received: input_shape={value!r}"
        )
    return tuple(None if d is None else int(d) for d in shape)


def _num_classes(value: Any, name: str = "num_classes", *, allow_none: bool = False):
    if value is None and allow_none:
        return None
    if not _is_int(value) or value < 2:
        hint = " Use None for one regression output." if allow_none else ""
        raise ValueError(f"Expected `{name}` to be an int >= 2. Received: {name}={value!r}.{hint}")
    return int(value)


def _activation(value: Any) -> Any:
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


def _rate(value: Any, name: str = "dropout") -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"Expected `{name}` to be a number in [0, 1). Received: {name}={value!r}")
    if not 0 <= value < 1:
        raise ValueError(f"Expected `{name}` in [0, 1). Received: {name}={value!r}")
    return float(value)


def _seed(value: Any) -> int:
    if not _is_int(value) or value < 0:
        raise ValueError(f"Expected `seed` to be a non-negative int. Received: seed={value!r}")
    return int(value)


def _rescale(value: Any) -> float | None:
    if value is None:
        return None
    number = (int, float, np.integer, np.floating)
    if isinstance(value, bool) or not isinstance(value, number) or not (
        math.isfinite(value) and value > 0
    ):
        raise ValueError(
            f"Expected `rescale` to be a positive number (1/255 for uint8 images) or None. "
            f"Received: rescale={value!r}"
        )
    return float(value)


# --- shared building blocks ---------------------------------------------------


@dataclass
class _Options:
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


def _options(regularizer, dropout, batch_norm, activation, seed, *,
             default_dropout: float = 0.0, default_batch_norm: bool = False) -> _Options:
    preset = regularizers.get(regularizer)
    if dropout is None:
        rate = preset.dropout or default_dropout
    else:
        rate = _rate(dropout)
        if preset.dropout and rate != preset.dropout:
            raise ValueError(
                f"Dropout is set twice: dropout={dropout!r} and regularizer={preset.name!r} "
                f"(rate {preset.dropout}). Set it in one place, e.g. leave dropout=None."
            )
    if batch_norm is None:
        norm = preset.batch_norm or default_batch_norm
    elif not isinstance(batch_norm, bool):
        raise TypeError(f"Expected `batch_norm` to be a bool. Received: batch_norm={batch_norm!r}")
    elif preset.batch_norm and not batch_norm:
        raise ValueError(
            f"batch_norm=False contradicts regularizer={preset.name!r}. "
            "Drop 'batchnorm' from the preset or leave batch_norm=None."
        )
    else:
        norm = batch_norm
    return _Options(preset, _activation(activation), rate, norm,
                    np.random.default_rng(_seed(seed)))


def _hidden(x, layer: Callable[..., Any], name: str, opt: _Options, *, dropout: bool = True):
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


def _head(x, num_classes: int | None, opt: _Options, name: str = "output"):
    """Softmax over `num_classes`, or one linear unit when it is None (regression)."""
    import keras

    units, activation = (1, "linear") if num_classes is None else (num_classes, "softmax")
    return keras.layers.Dense(units, activation=activation, name=name, **opt.kernel())(x)


def _image_input(input_shape, rescale):
    """Input, a channel axis for (height, width) shapes, then the rescaling."""
    import keras

    shape = _input_shape(input_shape, (2, 3), "(28, 28) or (28, 28, 1)")
    inputs = keras.Input(shape, name="input")
    x = inputs
    if len(shape) == 2:
        x = keras.layers.Reshape((*shape, 1), name="add_channel")(x)
        shape = (*shape, 1)
    scale = _rescale(rescale)
    if scale is not None:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    return inputs, x, shape


# --- builders -----------------------------------------------------------------


def mlp(input_shape, hidden_units=(128,), num_classes=10, activation="relu", *,
        rescale=None, regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a multilayer perceptron with a softmax output.

    Args:
        input_shape: one sample's shape without the batch axis, e.g. `(2,)`
            or `(28, 28)`; inputs of rank > 1 are flattened.
        hidden_units: sizes of the hidden Dense layers, e.g. `(256, 128)`;
            `()` is multinomial logistic regression. Defaults to `(128,)`.
        num_classes: output classes (>= 2). Defaults to `10`.
        activation: the hidden layers' activation. Defaults to `"relu"`.
        rescale: a factor applied first, e.g. `1 / 255` for uint8 images.
            Defaults to `None` (no rescaling).
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"mlp"`; layers `hidden1`, ..., `output`.

    Example:
        >>> mlp((28, 28), hidden_units=(64,)).count_params()  # 784*64+64 + 64*10+10
        50890
    """
    import keras

    shape = _input_shape(input_shape, (1, 2, 3), "(2,) or (28, 28)")
    units = _units(hidden_units, "hidden_units")
    num_classes = _num_classes(num_classes)
    opt = _options(regularizer, dropout, batch_norm, activation, seed)
    inputs = keras.Input(shape, name="input")
    x = inputs
    scale = _rescale(rescale)
    if scale is not None:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    if len(shape) > 1:
        x = keras.layers.Flatten(name="flatten")(x)
    for i, n in enumerate(units, start=1):
        x = _hidden(x, functools.partial(keras.layers.Dense, n), f"hidden{i}", opt)
    return keras.Model(inputs, _head(x, num_classes, opt), name="mlp")


def binary_classifier(input_dim=2, hidden_units=(), activation="relu", *,
                      regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a binary classifier with one sigmoid output unit.

    With `hidden_units=()` it is the lecture's single neuron, a straight
    decision boundary: it cannot separate a disc from a ring around it. One
    hidden layer of 3 or more units can: three lines make a triangle around
    the disc (`hidden_units=(3,), activation="tanh"` reaches 100% on `ring`;
    three ReLU units sometimes lose one unit for good, so prefer tanh or more
    units there).

    Args:
        input_dim: number of input features. Defaults to `2`.
        hidden_units: sizes of the hidden Dense layers. Defaults to `()`.
        activation: the hidden layers' activation. Defaults to `"relu"`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"binary_classifier"`, output `(batch, 1)`.

    Example:
        >>> binary_classifier().count_params()  # w1, w2 and a bias
        3
    """
    import keras

    input_dim = _positive_int(input_dim, "input_dim")
    units = _units(hidden_units, "hidden_units")
    opt = _options(regularizer, dropout, batch_norm, activation, seed)
    inputs = keras.Input((input_dim,), name="input")
    x = inputs
    for i, n in enumerate(units, start=1):
        x = _hidden(x, functools.partial(keras.layers.Dense, n), f"hidden{i}", opt)
    outputs = keras.layers.Dense(1, activation="sigmoid", name="output", **opt.kernel())(x)
    return keras.Model(inputs, outputs, name="binary_classifier")


def lenet5(input_shape=(28, 28, 1), num_classes=10, activation="relu", *, rescale=1 / 255,
           regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds LeNet-5 as the lecture draws it.

    C1: 6 convolutions 5x5, S2: 2x2 max-pooling, C3: 16 convolutions 5x5, S4:
    2x2 max-pooling, F5: dense 120, F6: dense 84, then softmax. LeNet-5 was
    made for 32x32 images; smaller inputs get `padding="same"` on C1 so the
    classic shapes hold for 28x28: 28 -> 14 -> 10 -> 5, flatten 5*5*16 = 400,
    61,706 parameters with no extras. Dropout, when on, follows F5 and F6.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`, at
            least 12x12. Defaults to `(28, 28, 1)`.
        num_classes: output classes. Defaults to `10`.
        activation: of C1, C3, F5, F6 (the 1998 paper used a scaled tanh).
            Defaults to `"relu"`.
        rescale: a factor applied first; `None` to skip. Defaults to `1 / 255`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after F5 and F6. Defaults to `None` (the preset's).
        batch_norm: batch norm after C1, C3, F5, F6. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"lenet5"` with layers `c1`, `s2`,
        `c3`, `s4`, `flatten`, `f5`, `f6`, `output`.

    Example:
        >>> lenet5().count_params()
        61706
        >>> lenet5((32, 32, 1), rescale=None).get_layer("s4").output.shape
        (None, 5, 5, 16)
    """
    import keras

    inputs, x, (height, width, _) = _image_input(input_shape, rescale)
    num_classes = _num_classes(num_classes)
    opt = _options(regularizer, dropout, batch_norm, activation, seed)
    padding = "valid" if min(height, width) >= 32 else "same"
    c1 = (height - 4, width - 4) if padding == "valid" else (height, width)
    if min(c1) // 2 - 4 < 2:  # S4 needs a C3 output of at least 2x2
        raise ValueError(
            f"Expected images of at least 12x12 pixels for LeNet-5. "
            f"Received: input_shape={input_shape!r}. Use `mlp` or `small_cnn` for smaller ones."
        )

    conv = functools.partial(keras.layers.Conv2D, kernel_size=5)
    x = _hidden(x, functools.partial(conv, 6, padding=padding), "c1", opt, dropout=False)
    x = keras.layers.MaxPooling2D(2, name="s2")(x)
    x = _hidden(x, functools.partial(conv, 16, padding="valid"), "c3", opt, dropout=False)
    x = keras.layers.MaxPooling2D(2, name="s4")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = _hidden(x, functools.partial(keras.layers.Dense, 120), "f5", opt)
    x = _hidden(x, functools.partial(keras.layers.Dense, 84), "f6", opt)
    return keras.Model(inputs, _head(x, num_classes, opt), name="lenet5")


def small_cnn(input_shape=(28, 28, 1), num_classes=10, filters=(32, 64, 128), *,
              convs_per_block=2, dense_units=128, activation="relu", rescale=1 / 255,
              regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds the course's best small CNN: VGG-style blocks with batch norm.

    Each block is `convs_per_block` 3x3 convolutions (conv -> batch norm ->
    activation), then 2x2 max-pooling (global average pooling after the last
    block) and dropout; then a dense layer and the softmax. The defaults have
    305,962 parameters and are meant to reach about 0.935 or more Fashion-MNIST
    test accuracy with Adam (lr 1e-3), batch size 128 and ~30 epochs on
    the full training set, with early stopping on the validation loss.

    Args:
        input_shape: `(height, width)` or `(height, width, channels)`.
            Defaults to `(28, 28, 1)`.
        num_classes: output classes. Defaults to `10`.
        filters: filters per block; each block but the last halves the
            image. Defaults to `(32, 64, 128)`.
        convs_per_block: convolutions per block. Defaults to `2`.
        dense_units: size of the dense layer before the softmax, 0 for none.
            Defaults to `128`.
        activation: of every hidden layer. Defaults to `"relu"`.
        rescale: a factor applied first; `None` to skip. Defaults to `1 / 255`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each block and the dense layer. Defaults to
            `None` (the preset's rate, else 0.25).
        batch_norm: batch norm after every convolution and the dense layer.
            Defaults to `None` (on; `False` turns it off).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"small_cnn"`; layers `block1_conv1`,
        ..., `block1_pool`, ..., `gap`, `dense`, `output`.

    Example:
        >>> small_cnn().count_params()
        305962
    """
    import keras

    inputs, x, (height, width, _) = _image_input(input_shape, rescale)
    num_classes = _num_classes(num_classes)
    filters = _units(filters, "filters", allow_empty=False)
    convs = _positive_int(convs_per_block, "convs_per_block")
    if not _is_int(dense_units) or dense_units < 0:
        raise ValueError(
            f"Expected `dense_units` to be an int >= 0. Received: dense_units={dense_units!r}"
        )
    if min(height, width) < 2 ** (len(filters) - 1):
        raise ValueError(
            f"Expected images of at least {2 ** (len(filters) - 1)} pixels per side for "
            f"{len(filters)} blocks. Received: input_shape={input_shape!r}. Use fewer `filters`."
        )
    # 0.25 after every block (not the lecture's 0.5): batch norm already regularizes
    opt = _options(regularizer, dropout, batch_norm, activation, seed,
                   default_dropout=0.25, default_batch_norm=True)
    for b, n in enumerate(filters, start=1):
        for c in range(1, convs + 1):
            conv = functools.partial(keras.layers.Conv2D, n, 3, padding="same")
            x = _hidden(x, conv, f"block{b}_conv{c}", opt, dropout=False)
        if b < len(filters):
            x = keras.layers.MaxPooling2D(2, name=f"block{b}_pool")(x)
        else:  # averaging the last maps keeps the head small at any input size
            x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
        if opt.dropout:
            x = keras.layers.Dropout(opt.dropout, seed=opt.seed(), name=f"block{b}_dropout")(x)
    if dense_units:
        x = _hidden(x, functools.partial(keras.layers.Dense, int(dense_units)), "dense", opt)
    return keras.Model(inputs, _head(x, num_classes, opt), name="small_cnn")


def _recurrent(kind: str, input_shape, units, num_classes, activation, regularizer,
               dropout, batch_norm, seed):
    import keras

    shape = _input_shape(input_shape, (2,), "(50, 1): (timesteps, features)", time_axis=True)
    sizes = _units(units, "units", allow_empty=False)
    num_classes = _num_classes(num_classes, allow_none=True)
    opt = _options(regularizer, dropout, batch_norm, activation, seed)
    layer_cls = {"rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM}[kind]
    inputs = keras.Input(shape, name="input")
    x = inputs
    for i, n in enumerate(sizes, start=1):
        layer = layer_cls(
            n, activation=opt.activation, return_sequences=i < len(sizes),
            recurrent_initializer=keras.initializers.Orthogonal(seed=opt.seed()),
            recurrent_regularizer=opt.preset.kernel_regularizer,
            activity_regularizer=opt.preset.activity_regularizer, name=f"{kind}{i}",
            **opt.kernel(),
        )
        # Keras 3's SimpleRNN accepts activity_regularizer but never passes it on
        layer.activity_regularizer = opt.preset.activity_regularizer
        x = layer(x)
        if opt.dropout:
            x = keras.layers.Dropout(opt.dropout, seed=opt.seed(), name=f"{kind}{i}_dropout")(x)
    if opt.batch_norm:
        x = keras.layers.BatchNormalization(name=f"{kind}_bn")(x)
    return keras.Model(inputs, _head(x, num_classes, opt), name=kind)


def rnn(input_shape, units=32, num_classes=None, activation="tanh", *,
        regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a SimpleRNN sequence model: regression or classification head.

    Args:
        input_shape: `(timesteps, features)`; timesteps may be `None`.
        units: the state size, or a tuple for stacked layers, e.g. `(32, 16)`.
            Defaults to `32`.
        num_classes: `None` for one linear output (e.g. `sine`: the next
            value), or >= 2 for a softmax (e.g. `long_gap`). Defaults to `None`.
        activation: of the recurrent layers. Defaults to `"tanh"`.
        regularizer: a preset name or `Preset`; weight penalties go on the
            input and recurrent kernels. Defaults to `None`.
        dropout: rate after each recurrent layer. Defaults to `None` (the preset's).
        batch_norm: batch norm on the last state. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"rnn"`; layers `rnn1`, ..., `output`.

    Example:
        >>> rnn((50, 1), units=8).count_params()  # 8*(1+8+1) + 8+1
        89
    """
    return _recurrent("rnn", input_shape, units, num_classes, activation, regularizer,
                      dropout, batch_norm, seed)


def lstm(input_shape, units=32, num_classes=None, activation="tanh", *,
         regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds an LSTM sequence model: regression or classification head.

    The gates keep information across long gaps where a SimpleRNN's
    gradient vanishes (compare both on `long_gap`).

    Args:
        input_shape: `(timesteps, features)`; timesteps may be `None`.
        units: the state size, or a tuple for stacked layers. Defaults to `32`.
        num_classes: `None` for one linear output, or >= 2 for a softmax.
            Defaults to `None`.
        activation: the cell's candidate/output activation (gates stay
            sigmoid). Defaults to `"tanh"`.
        regularizer: a preset name or `Preset`; weight penalties go on the
            input and recurrent kernels. Defaults to `None`.
        dropout: rate after each LSTM layer. Defaults to `None` (the preset's).
        batch_norm: batch norm on the last state. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"lstm"`; layers `lstm1`, ..., `output`.

    Example:
        >>> lstm((50, 1), units=8, num_classes=2).count_params()  # 4*8*(1+8+1) + 8*2+2
        338
    """
    return _recurrent("lstm", input_shape, units, num_classes, activation, regularizer,
                      dropout, batch_norm, seed)


def multitask(input_shape, trunk_units=(64, 64), num_classes_a=10, num_classes_b=2, *,
              head_units=(), output_names=("task_a", "task_b"), activation="relu",
              rescale=None, regularizer=None, dropout=None, batch_norm=None, seed=0):
    """Builds a shared Dense trunk with two heads (functional API, named outputs).

    Compile with one loss per output name, weighted if one task matters more:

        model.compile(optimizer="adam",
                      loss={"task_a": "sparse_categorical_crossentropy",
                            "task_b": "sparse_categorical_crossentropy"},
                      loss_weights={"task_a": 1.0, "task_b": 0.5},
                      metrics={"task_a": ["accuracy"], "task_b": ["accuracy"]})
        model.fit(X, {"task_a": y_a, "task_b": y_b})

    or simply `compile_for(model, loss_weights={"task_a": 1.0, "task_b": 0.5})`.

    Args:
        input_shape: one sample's shape; rank > 1 is flattened.
        trunk_units: sizes of the shared Dense layers. Defaults to `(64, 64)`.
        num_classes_a: classes of the first head, `None` for regression.
            Defaults to `10`.
        num_classes_b: classes of the second head, `None` for regression.
            Defaults to `2`.
        head_units: sizes of each head's own hidden layers. Defaults to `()`.
        output_names: the two outputs' names. Defaults to `("task_a", "task_b")`.
        activation: of the hidden layers. Defaults to `"relu"`.
        rescale: a factor applied first, e.g. `1 / 255`. Defaults to `None`.
        regularizer: a preset name or `Preset`. Defaults to `None`.
        dropout: rate after each hidden layer. Defaults to `None` (the preset's).
        batch_norm: batch norm in each hidden layer. Defaults to `None` (the preset's).
        seed: fixes the initial weights and dropout masks. Defaults to `0`.

    Returns:
        An uncompiled `keras.Model` named `"multitask"` whose outputs are a
        dict keyed by `output_names`.

    Example:
        >>> multitask((28, 28)).output_names
        ['task_a', 'task_b']
    """
    import keras

    shape = _input_shape(input_shape, (1, 2, 3), "(2,) or (28, 28)")
    trunk = _units(trunk_units, "trunk_units", allow_empty=False)
    heads = _units(head_units, "head_units")
    classes = (_num_classes(num_classes_a, "num_classes_a", allow_none=True),
               _num_classes(num_classes_b, "num_classes_b", allow_none=True))
    names = tuple(output_names) if isinstance(output_names, (tuple, list)) else ()
    if len(names) != 2 or len(set(names)) != 2 or not all(
        isinstance(n, str) and n.isidentifier() for n in names
    ):
        raise ValueError(
            f"Expected `output_names` to be two different identifiers. "
            f"Received: output_names={output_names!r}"
        )
    opt = _options(regularizer, dropout, batch_norm, activation, seed)
    inputs = keras.Input(shape, name="input")
    x = inputs
    scale = _rescale(rescale)
    if scale is not None:
        x = keras.layers.Rescaling(scale, name="rescale")(x)
    if len(shape) > 1:
        x = keras.layers.Flatten(name="flatten")(x)
    for i, n in enumerate(trunk, start=1):
        x = _hidden(x, functools.partial(keras.layers.Dense, n), f"trunk{i}", opt)
    outputs = {}
    for name, num_classes in zip(names, classes, strict=True):
        h = x
        for i, n in enumerate(heads, start=1):
            h = _hidden(h, functools.partial(keras.layers.Dense, n), f"{name}_hidden{i}", opt)
        outputs[name] = _head(h, num_classes, opt, name=name)
    return keras.Model(inputs, outputs, name="multitask")


# --- compiling ------------------------------------------------------------------


def _loss_for(layer) -> tuple[str, list[str]]:
    import keras

    activation = getattr(layer, "activation", None)
    units = getattr(layer, "units", None)
    if activation is keras.activations.softmax:
        return "sparse_categorical_crossentropy", ["accuracy"]
    if activation is keras.activations.sigmoid and units == 1:
        return "binary_crossentropy", ["accuracy"]
    if activation is keras.activations.linear:
        return "mse", ["mae"]
    raise ValueError(
        f"Cannot infer a loss for output layer {layer.name!r} ({type(layer).__name__}, "
        f"activation={getattr(activation, '__name__', activation)}). Pass `loss=` and `metrics=`."
    )


def compile_for(model, lr=1e-3, *, optimizer="adam", loss=None, metrics=None,
                loss_weights=None):
    """Compiles a model with the loss and metrics its output layers call for.

    Softmax outputs get sparse categorical cross-entropy and accuracy (labels
    are class indices, as `data.load` returns them), a single sigmoid unit
    binary cross-entropy and accuracy, a linear unit mean squared error and
    mean absolute error. Models with several outputs get one of each per
    output name.

    Args:
        model: a model from this module (or any functional model).
        lr: the learning rate. Defaults to `1e-3`.
        optimizer: one of `OPTIMIZERS`. Defaults to `"adam"`.
        loss: overrides the inferred loss (a name, a function or a dict
            keyed by output name). Defaults to `None` (inferred).
        metrics: overrides the inferred metrics. Defaults to `None` (inferred).
        loss_weights: per-output weights of a multi-output model, e.g.
            `{"task_a": 1.0, "task_b": 0.5}`. Defaults to `None` (all 1).

    Returns:
        The same model, compiled, so calls can be chained.

    Example:
        >>> model = compile_for(binary_classifier(hidden_units=(3,)), lr=0.01)
        >>> model.loss
        'binary_crossentropy'
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not (
        math.isfinite(lr) and lr > 0
    ):
        raise ValueError(f"Expected `lr` to be a positive number. Received: lr={lr!r}")
    classes = {"adam": keras.optimizers.Adam, "adamw": keras.optimizers.AdamW,
               "sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop}
    if optimizer not in classes:
        raise ValueError(
            f"Unknown optimizer {optimizer!r}. Expected one of: {', '.join(OPTIMIZERS)}. "
            "For anything else call model.compile yourself."
        )
    names = list(getattr(model, "output_names", None) or [])
    if not names and getattr(model, "layers", None):
        names = [model.layers[-1].name]
    if (loss is None or metrics is None) and not names:
        raise ValueError(
            f"Cannot infer a loss for {type(model).__name__}: it has no layers to read the "
            "output activation from (a subclassed model?). Pass `loss=` and `metrics=`."
        )
    if loss is None or metrics is None:
        inferred = {name: _loss_for(model.get_layer(name)) for name in names}
        one = len(names) == 1  # a single output takes a bare loss, not a one-key dict
        if loss is None:
            loss = inferred[names[0]][0] if one else {n: v[0] for n, v in inferred.items()}
        if metrics is None:
            metrics = inferred[names[0]][1] if one else {n: v[1] for n, v in inferred.items()}
    model.compile(optimizer=classes[optimizer](learning_rate=float(lr)), loss=loss,
                  metrics=metrics, loss_weights=loss_weights)
    return model
