"""Sequence models: SimpleRNN and LSTM, with a regression or a classification head."""

from __future__ import annotations

from dlcourse.models._blocks import (
    check_input_shape,
    check_num_classes,
    check_units,
    head,
    options,
)


def _recurrent(kind: str, input_shape, units, num_classes, activation, regularizer,
               dropout, batch_norm, seed):
    import keras

    shape = check_input_shape(input_shape, (2,), "(50, 1): (timesteps, features)", time_axis=True)
    sizes = check_units(units, "units", allow_empty=False)
    num_classes = check_num_classes(num_classes, allow_none=True)
    opt = options(regularizer, dropout, batch_norm, activation, seed)
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
    return keras.Model(inputs, head(x, num_classes, opt), name=kind)


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
