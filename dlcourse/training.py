"""Training a fresh classifier quietly: build, compile if needed, fit, evaluate.

The sanity checks and the methodology sweeps train many small models the same
way: build a new one from a builder (seeded, given `seed=` when it accepts
one), compile it with Adam and the cross-entropy its outputs call for unless
it is compiled already, fit it without output on a cached, seeded `tf.data`
pipeline, and measure loss and accuracy in inference mode.

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
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = [
    "Score", "build", "check_builder", "check_int", "check_positive", "check_xy",
    "compile_if_needed", "evaluate", "fit", "match_input", "predict_batches",
]


# ------------------------------------------------------------------ arguments


def check_positive(**values: Any) -> None:
    """Refuses any value that is not a number > 0.

    Args:
        **values: name -> value, e.g. `lr=lr`.

    Raises:
        ValueError: naming the first offending value.

    Example:
        >>> check_positive(lr=0)
        Traceback (most recent call last):
        ValueError: Expected `lr` > 0. Received: lr=0.
    """
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
                or not value > 0:
            raise ValueError(f"Expected `{name}` > 0. Received: {name}={value!r}.")


def check_int(**values: Any) -> None:
    """Refuses any value that is not an int >= 1.

    Args:
        **values: name -> value, e.g. `num_epochs=num_epochs`.

    Raises:
        ValueError: naming the first offending value.

    Example:
        >>> check_int(num_epochs=2.5)
        Traceback (most recent call last):
        ValueError: Expected `num_epochs` to be an int >= 1. Received: num_epochs=2.5.
    """
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"Expected `{name}` to be an int >= 1. Received: {name}={value!r}.")


def check_builder(model_fn: Any, caller: str) -> None:
    """Refuses a built model, or anything not callable, where a builder is expected.

    Args:
        model_fn: should be a function returning a new keras.Model.
        caller: the function's name, for the message.

    Raises:
        TypeError: `model_fn` is a built model or not callable.

    Example:
        >>> check_builder("lenet5", "overfit_small")
        Traceback (most recent call last):
        TypeError: `overfit_small` expects a function returning a keras.Model. Received: str.
    """
    import keras

    if isinstance(model_fn, keras.Model):
        raise TypeError(
            f"`{caller}` expects a function that builds a new model (it trains fresh copies). "
            f"Received a built model {model_fn.name!r}: pass the builder, e.g. "
            f"`models.lenet5` rather than `models.lenet5()`."
        )
    if not callable(model_fn):
        raise TypeError(
            f"`{caller}` expects a function returning a keras.Model. "
            f"Received: {type(model_fn).__name__}."
        )


def check_xy(X: Any, y: Any, caller: str) -> tuple[np.ndarray, np.ndarray]:
    """Checks that `X` has samples and `y` one label per sample.

    Args:
        X: inputs, one row per sample.
        y: labels.
        caller: the function's name, for the message.

    Returns:
        `(X, y)` as NumPy arrays.

    Example:
        >>> check_xy([[0.0], [1.0]], [0], "fit")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ValueError: Expected one label per sample. Received: X.shape=(2, 1), y.shape=(1,). ...
    """
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"`{caller}` needs at least one sample. Received: X.shape={X.shape}.")
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(
            f"Expected one label per sample. Received: X.shape={X.shape}, y.shape={y.shape}. "
            f"Pass matching (X, y), e.g. `*splits.train`."
        )
    return X, y


# ---------------------------------------------------------------- the model


def build(model_fn: Callable[..., Any], *args: Any, seed: int = 0) -> Any:
    """Seeds Keras, then calls `model_fn(*args)`, adding `seed=seed` when it accepts one.

    Args:
        model_fn: a function returning a new keras.Model, e.g. `models.lenet5`.
        *args: passed on, e.g. a capacity or a regularization strength.
        seed: seeds Keras (and the builder). Defaults to `0`.

    Returns:
        The new model.

    Raises:
        TypeError: `model_fn` returned something else.

    Example:
        >>> import keras
        >>> def model_fn(units, seed=None):
        ...     init = keras.initializers.GlorotUniform(seed)
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(units,
        ...                                                      kernel_initializer=init)])
        >>> a, b = build(model_fn, 3, seed=1), build(model_fn, 3, seed=1)
        >>> bool((a.get_weights()[0] == b.get_weights()[0]).all())
        True
    """
    import keras

    keras.utils.set_random_seed(seed)
    try:
        params = inspect.signature(model_fn).parameters
    except (TypeError, ValueError):  # some builtins and C callables have no signature
        params = {}
    takes_seed = "seed" in params or any(p.kind is p.VAR_KEYWORD for p in params.values())
    model = model_fn(*args, seed=seed) if takes_seed else model_fn(*args)
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"Expected `model_fn` to return a keras.Model. Received: {type(model).__name__} "
            f"from {getattr(model_fn, '__name__', model_fn)!r}. Make it `return model`."
        )
    return model


def _input_shape(model: Any) -> tuple | None:
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):  # an unbuilt model has no input shape yet
        return None
    return tuple(shape) if isinstance(shape, tuple) else None


def match_input(model: Any, X: np.ndarray) -> np.ndarray:
    """Adds the channel axis a model built for `(28, 28, 1)` expects to `(n, 28, 28)` images.

    Args:
        model: a keras.Model.
        X: inputs.

    Returns:
        `X[..., None]` when the model wants one more trailing axis of size 1,
        else `X` unchanged.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((4, 4, 1)), keras.layers.Flatten()])
        >>> match_input(model, np.zeros((2, 4, 4))).shape
        (2, 4, 4, 1)
    """
    shape = _input_shape(model)
    if (shape is not None and len(shape) == X.ndim + 1 and shape[-1] == 1
            and all(s in (None, d) for s, d in zip(shape[1:-1], X.shape[1:], strict=True))):
        return X[..., None]
    return X


def predict_batches(model: Any, X: np.ndarray, *, batch_size: int = 256,
                    training: bool = False) -> Iterator[tuple[int, Any]]:
    """Runs a classifier on `X` in chunks, explaining a shape mismatch instead of TF's traceback.

    Args:
        model: a classifier with output shape `(batch, num_classes)`.
        X: inputs, already shaped for the model (see `match_input`).
        batch_size: samples per call. Defaults to `256`.
        training: run in training mode (dropout on). Defaults to `False`.

    Returns:
        An iterator of `(start, y_hat)`: the first sample's index and the
        chunk's outputs.

    Raises:
        ValueError: the model cannot run on `X`, or is not a classifier.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> [(start, tuple(y_hat.shape)) for start, y_hat in
        ...  predict_batches(model, np.zeros((5, 3)), batch_size=4)]
        [(0, (4, 2)), (4, (1, 2))]
    """
    for start in range(0, len(X), batch_size):
        try:
            y_hat = model(X[start:start + batch_size], training=training)
        except Exception as err:  # TF raises many types for a shape mismatch; all mean the same
            if start:
                raise
            raise ValueError(
                f"The model cannot run on X: X has shape {X.shape}, the model expects inputs "
                f"of shape {_input_shape(model)}. Reshape X (e.g. `X[..., None]` adds a "
                f"channel axis) or build the model for input_shape={X.shape[1:]}. "
                f"Keras said: {str(err).splitlines()[0][:200]}"
            ) from err
        if len(y_hat.shape) != 2:
            raise ValueError(
                f"Expected a classifier whose output has shape (batch, num_classes). "
                f"Received output shape {tuple(y_hat.shape)}: end the model with "
                f"`Flatten()` and `Dense(num_classes)`."
            )
        yield start, y_hat


# ------------------------------------------------------------ loss and score


def _labels(y: np.ndarray, num_outputs: int) -> tuple[np.ndarray, str]:
    """Returns `(y, kind)` with kind `sparse`, `one_hot` or `binary`, or explains the mismatch."""
    if num_outputs == 1:
        flat = y.reshape(len(y), -1)
        if flat.shape[1] != 1 or not np.all((flat >= 0) & (flat <= 1)):
            raise ValueError(
                f"The model has 1 output (binary), so labels must be 0/1 with shape (n,). "
                f"Received: y.shape={y.shape}, range [{y.min()}, {y.max()}]. Use "
                f"`Dense(num_classes)` for more classes."
            )
        return flat.astype("float32"), "binary"
    if y.ndim == 2 and y.shape[1] > 1:
        if y.shape[1] != num_outputs:
            raise ValueError(
                f"One-hot labels have {y.shape[1]} columns but the model outputs {num_outputs} "
                f"classes. Build the model with num_classes={y.shape[1]}, or check y."
            )
        return y.astype("float32"), "one_hot"
    flat = y.reshape(-1)
    if y.ndim > 2 or (y.ndim == 2 and y.shape[1] != 1) or not np.all(flat == np.round(flat)):
        raise ValueError(
            f"Expected integer class labels with shape (n,) or one-hot labels (n, "
            f"{num_outputs}). Received: y.shape={y.shape}, dtype={y.dtype}."
        )
    if flat.min() < 0 or flat.max() >= num_outputs:
        raise ValueError(
            f"Labels range over [{flat.min()}, {flat.max()}] but the model outputs "
            f"{num_outputs} classes, so labels must lie in [0, {num_outputs - 1}]. Build the "
            f"model with num_classes={int(flat.max()) + 1}, or check y."
        )
    return flat.astype("int64"), "sparse"


def _is_logits(model: Any, y_hat: np.ndarray, from_logits: bool | None) -> bool:
    """Trusts `from_logits`, then the last layer's activation, then the numbers themselves."""
    import keras

    if from_logits is not None:
        return bool(from_logits)
    last = model.layers[-1] if getattr(model, "layers", None) else None
    if isinstance(last, keras.layers.Softmax):
        return False
    name = getattr(getattr(last, "activation", None), "__name__", None)
    if name in ("softmax", "sigmoid", "log_softmax"):
        return name == "log_softmax"  # log-probabilities are valid logits
    if name == "linear":
        return True
    # unknown last layer: probabilities lie in [0, 1] and (for several classes) sum to 1
    in_unit = bool(np.all((y_hat >= 0) & (y_hat <= 1)))
    sums_to_one = y_hat.shape[-1] == 1 or bool(np.allclose(y_hat.sum(axis=-1), 1, atol=1e-3))
    return not (in_unit and sums_to_one)


def _loss_tensor(y: Any, y_hat: Any, kind: str, logits: bool) -> Any:
    """Keras's own per-sample cross-entropy (the trusted reference, and what `fit` prints).

    The functional forms keep float64 inputs in float64; `keras.losses.Loss`
    objects would cast them to float32.
    """
    import keras

    fn = {
        "sparse": keras.losses.sparse_categorical_crossentropy,
        "one_hot": keras.losses.categorical_crossentropy,
        "binary": keras.losses.binary_crossentropy,
    }[kind]
    return keras.ops.reshape(fn(y, y_hat, from_logits=logits), (-1,))


def _correct(y: np.ndarray, y_hat: np.ndarray, kind: str, logits: bool) -> np.ndarray:
    if kind == "binary":
        return (y_hat.reshape(-1) > (0.0 if logits else 0.5)) == (y.reshape(-1) > 0.5)
    truth = y if kind == "sparse" else y.argmax(axis=-1)
    return y_hat.argmax(axis=-1) == truth


@dataclass
class Score:
    """A classifier's mean cross-entropy and accuracy, and how its labels were read.

    Attributes:
        loss: the mean data loss (no penalty), in nats.
        accuracy: the fraction of samples classified right.
        kind: `"sparse"`, `"one_hot"` or `"binary"`: the labels' form.
        logits: whether the outputs were read as logits.
        y: the labels, in the form the loss takes (`fit` trains on these).
        num_outputs: the model's output units.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4)])
        >>> score = evaluate(model, np.zeros((2, 3)), np.array([0, 3]))
        >>> round(score.loss, 3), score.kind, score.logits
        (1.386, 'sparse', True)
    """

    loss: float
    accuracy: float
    kind: str
    logits: bool
    y: np.ndarray
    num_outputs: int

    def per_sample_loss(self, y_hat: Any, y: Any = None) -> Any:
        """The cross-entropy per sample of outputs `y_hat`, read as this score read them.

        Args:
            y_hat: model outputs (a tensor, so gradients can flow).
            y: labels in the form of `self.y`. Defaults to `None` (`self.y`).

        Returns:
            A 1-D tensor of losses.
        """
        return _loss_tensor(self.y if y is None else y, y_hat, self.kind, self.logits)


def evaluate(model: Any, X: Any, y: Any, *, from_logits: bool | None = None,
             batch_size: int = 256) -> Score:
    """Measures a classifier's mean data loss (no penalty) and accuracy in inference mode.

    Args:
        model: a classifier: softmax, sigmoid or logits outputs.
        X: inputs.
        y: integer labels `(n,)`, one-hot `(n, num_classes)`, or 0/1 for one output.
        from_logits: whether the model outputs logits. Defaults to `None`:
            read from the last layer's activation, else from whether the
            outputs look like probabilities.
        batch_size: samples per forward pass. Defaults to `256`.

    Returns:
        A `Score`.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, "softmax")])
        >>> model.layers[0].set_weights([np.array([[5.0, -5.0], [0.0, 0.0]]), np.zeros(2)])
        >>> evaluate(model, np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0, 1])).accuracy
        1.0
    """
    import keras

    X, y = check_xy(X, y, "evaluate")
    X = match_input(model, X)
    losses, correct, kind, logits, labels, num_outputs = [], [], "", False, y, 0
    for start, y_hat in predict_batches(model, X, batch_size=batch_size):
        if start == 0:
            num_outputs = int(y_hat.shape[-1])
            labels, kind = _labels(y, num_outputs)
            logits = _is_logits(model, keras.ops.convert_to_numpy(y_hat), from_logits)
        y_batch = labels[start:start + batch_size]
        losses.append(keras.ops.convert_to_numpy(_loss_tensor(y_batch, y_hat, kind, logits)))
        correct.append(_correct(y_batch, keras.ops.convert_to_numpy(y_hat), kind, logits))
    return Score(float(np.mean(np.concatenate(losses))), float(np.mean(np.concatenate(correct))),
                 kind, logits, labels, num_outputs)


# ------------------------------------------------------------------ training


def compile_if_needed(model: Any, X: Any, y: Any, *, lr: float = 1e-3,
                      from_logits: bool | None = None) -> Score:
    """Compiles with `Adam(lr)`, the matching cross-entropy and accuracy, unless compiled.

    Unlike `models.compile_for`, the loss follows the labels (integer,
    one-hot or binary) and whether the outputs are logits, so any classifier
    can be trained.

    Args:
        model: a classifier.
        X: inputs.
        y: integer, one-hot or 0/1 labels.
        lr: Adam's learning rate. Defaults to `1e-3`.
        from_logits: see `evaluate`. Defaults to `None` (detected).

    Returns:
        The model's `Score` before training, which also validates `X` and `y`;
        fit on its `.y`.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
        >>> before = compile_if_needed(model, np.zeros((4, 2)), np.eye(3)[[0, 1, 2, 0]])
        >>> type(model.loss).__name__, before.logits
        ('CategoricalCrossentropy', True)
    """
    import keras

    before = evaluate(model, X, y, from_logits=from_logits)
    if not model.compiled:
        loss = {
            "sparse": keras.losses.SparseCategoricalCrossentropy,
            "one_hot": keras.losses.CategoricalCrossentropy,
            "binary": keras.losses.BinaryCrossentropy,
        }[before.kind](from_logits=before.logits)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss=loss,
                      metrics=["accuracy"])
    return before


def fit(model: Any, X: Any, y: Any, *, num_epochs: int, batch_size: int = 32, seed: int = 0,
        callbacks: Sequence[Any] = (), verbose: int = 0) -> list[float]:
    """Fits a compiled model, reshuffling with a seed each epoch; quiet by default.

    Args:
        model: a compiled keras.Model.
        X: inputs.
        y: labels in the form the loss takes, e.g. `compile_if_needed(...).y`.
        num_epochs: epochs to train.
        batch_size: samples per step. Defaults to `32`.
        seed: seeds the shuffling. Defaults to `0`.
        callbacks: Keras callbacks. Defaults to `()`.
        verbose: Keras `fit` verbosity. Defaults to `0`.

    Returns:
        The training loss per epoch.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> X, y = np.array([[1.0, 0.0], [-1.0, 0.0]]), np.array([0, 1])
        >>> curve = fit(model, X, compile_if_needed(model, X, y, lr=0.1).y, num_epochs=20)
        >>> len(curve), curve[-1] < curve[0]
        (20, True)
    """
    import tensorflow as tf

    X, y = check_xy(X, y, "fit")
    check_int(num_epochs=num_epochs, batch_size=batch_size)
    X = match_input(model, X)
    # a cached tf.data pipeline: a tiny set's epoch costs its steps, not NumPy-adapter overhead
    ds = (tf.data.Dataset.from_tensor_slices((X, y)).cache()
          .shuffle(len(X), seed=seed, reshuffle_each_iteration=True).batch(batch_size))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not have any trainable weights.*")
        history = model.fit(ds, epochs=num_epochs, callbacks=list(callbacks), shuffle=False,
                            verbose=verbose)
    return [float(v) for v in history.history.get("loss", [])]
