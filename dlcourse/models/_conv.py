"""Convolutional models: LeNet-5 as the lecture draws it, and the course's small VGG-style CNN."""

from __future__ import annotations

import functools

from dlcourse import _validate
from dlcourse.models._blocks import (
    check_num_classes,
    check_units,
    head,
    hidden,
    image_input,
    options,
)


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

    inputs, x, (height, width, _) = image_input(input_shape, rescale)
    num_classes = check_num_classes(num_classes)
    opt = options(regularizer, dropout, batch_norm, activation, seed)
    padding = "valid" if min(height, width) >= 32 else "same"
    c1 = (height - 4, width - 4) if padding == "valid" else (height, width)
    if min(c1) // 2 - 4 < 2:  # S4 needs a C3 output of at least 2x2
        raise ValueError(
            f"Expected images of at least 12x12 pixels for LeNet-5. "
            f"Received: input_shape={input_shape!r}. Use `mlp` or `small_cnn` for smaller ones."
        )

    conv = functools.partial(keras.layers.Conv2D, kernel_size=5)
    x = hidden(x, functools.partial(conv, 6, padding=padding), "c1", opt, dropout=False)
    x = keras.layers.MaxPooling2D(2, name="s2")(x)
    x = hidden(x, functools.partial(conv, 16, padding="valid"), "c3", opt, dropout=False)
    x = keras.layers.MaxPooling2D(2, name="s4")(x)
    x = keras.layers.Flatten(name="flatten")(x)
    x = hidden(x, functools.partial(keras.layers.Dense, 120), "f5", opt)
    x = hidden(x, functools.partial(keras.layers.Dense, 84), "f6", opt)
    return keras.Model(inputs, head(x, num_classes, opt), name="lenet5")


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

    inputs, x, (height, width, _) = image_input(input_shape, rescale)
    num_classes = check_num_classes(num_classes)
    filters = check_units(filters, "filters", allow_empty=False)
    convs = _validate.positive_int(convs_per_block, "convs_per_block")
    dense_units = _validate.integer(dense_units, "dense_units", low=0)
    if min(height, width) < 2 ** (len(filters) - 1):
        raise ValueError(
            f"Expected images of at least {2 ** (len(filters) - 1)} pixels per side for "
            f"{len(filters)} blocks. Received: input_shape={input_shape!r}. Use fewer `filters`."
        )
    # 0.25 after every block (not the lecture's 0.5): batch norm already regularizes
    opt = options(regularizer, dropout, batch_norm, activation, seed,
                  default_dropout=0.25, default_batch_norm=True)
    for b, n in enumerate(filters, start=1):
        for c in range(1, convs + 1):
            conv = functools.partial(keras.layers.Conv2D, n, 3, padding="same")
            x = hidden(x, conv, f"block{b}_conv{c}", opt, dropout=False)
        if b < len(filters):
            x = keras.layers.MaxPooling2D(2, name=f"block{b}_pool")(x)
        else:  # averaging the last maps keeps the head small at any input size
            x = keras.layers.GlobalAveragePooling2D(name="gap")(x)
        if opt.dropout:
            x = keras.layers.Dropout(opt.dropout, seed=opt.seed(), name=f"block{b}_dropout")(x)
    if dense_units:
        x = hidden(x, functools.partial(keras.layers.Dense, int(dense_units)), "dense", opt)
    return keras.Model(inputs, head(x, num_classes, opt), name="small_cnn")
