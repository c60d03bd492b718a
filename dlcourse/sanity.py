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
"""

from __future__ import annotations

import hashlib
import inspect
import math
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "CheckResult", "DEAD_RELU_THRESHOLD", "INITIAL_LOSS_TOLERANCE", "dead_relus",
    "gradient_check", "initial_loss", "input_independent_baseline", "leakage", "overfit_small",
    "regularization_raises_loss", "run_all", "summarize", "weights_change",
]


@dataclass
class CheckResult:
    """The outcome of one sanity check.

    Attributes:
        name: the check's name, e.g. `"initial_loss"`.
        ok: `True` passed, `False` failed, `None` skipped (only in `run_all`).
        message: one line: what was measured or, on failure, what is wrong
            and what to try.
        values: the measured numbers, e.g. `{"observed": 2.31, "expected": 2.303}`.
        curve: the training loss per epoch (training checks), else `None`.

    Example:
        >>> print(CheckResult("leakage", True, "no test sample appears in train"))
        [PASS] leakage: no test sample appears in train
    """

    name: str
    ok: bool | None
    message: str
    values: dict[str, Any] = field(default_factory=dict)
    curve: list[float] | None = None

    @property
    def status(self) -> str:
        """`"PASS"`, `"FAIL"` or `"SKIP"`."""
        return {True: "PASS", False: "FAIL", None: "SKIP"}[self.ok]

    def __str__(self) -> str:
        return f"[{self.status}] {self.name}: {self.message}"

    def __repr__(self) -> str:
        return f"CheckResult({self.name!r}, ok={self.ok}, message={self.message!r})"


# ---------------------------------------------------------------- shared steps


def _check_model(model: Any, check: str) -> Any:
    import keras

    if isinstance(model, keras.Model):
        return model
    if callable(model):
        raise TypeError(
            f"`{check}` expects a built keras.Model. Received the callable {model!r}: "
            f"call it first, e.g. `sanity.{check}(model_fn(), X, y)`."
        )
    raise TypeError(f"`{check}` expects a keras.Model. Received: {type(model).__name__}.")


def _check_builder(model_fn: Any, check: str) -> None:
    import keras

    if isinstance(model_fn, keras.Model):
        raise TypeError(
            f"`{check}` expects a function that builds a new model (it trains fresh copies). "
            f"Received a built model {model_fn.name!r}: pass the builder, e.g. "
            f"`models.lenet5` rather than `models.lenet5()`."
        )
    if not callable(model_fn):
        raise TypeError(
            f"`{check}` expects a function returning a keras.Model. "
            f"Received: {type(model_fn).__name__}."
        )


def _build(model_fn: Callable[..., Any], seed: int, *args: Any) -> Any:
    """Seeds, then calls `model_fn(*args)`, passing `seed=` when it accepts one."""
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


def _check_xy(X: Any, y: Any, check: str) -> tuple[np.ndarray, np.ndarray]:
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"`{check}` needs at least one sample. Received: X.shape={X.shape}.")
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(
            f"Expected one label per sample. Received: X.shape={X.shape}, y.shape={y.shape}. "
            f"Pass matching (X, y), e.g. `*splits.train`."
        )
    return X, y


def _input_shape(model: Any) -> tuple | None:
    try:
        shape = model.input_shape
    except (AttributeError, ValueError):  # an unbuilt model has no input shape yet
        return None
    return tuple(shape) if isinstance(shape, tuple) else None


def _match_input(model: Any, X: np.ndarray) -> np.ndarray:
    """Adds the channel axis a model built for `(28, 28, 1)` expects to `(n, 28, 28)` images."""
    shape = _input_shape(model)
    if (shape is not None and len(shape) == X.ndim + 1 and shape[-1] == 1
            and all(s in (None, d) for s, d in zip(shape[1:-1], X.shape[1:], strict=True))):
        return X[..., None]
    return X


def _outputs(model: Any, X: np.ndarray, *, batch_size: int = 256, training: bool = False):
    """Yields `(start, y_hat)` per chunk; explains a shape mismatch instead of TF's traceback."""
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


def _loss_fn(kind: str, logits: bool) -> Callable[[Any, Any], Any]:
    import keras

    return {
        "sparse": keras.losses.SparseCategoricalCrossentropy,
        "one_hot": keras.losses.CategoricalCrossentropy,
        "binary": keras.losses.BinaryCrossentropy,
    }[kind](from_logits=logits)


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
class _Scored:
    loss: float
    accuracy: float
    kind: str  # "sparse", "one_hot" or "binary"
    logits: bool
    y: np.ndarray  # the labels, in the form the loss takes
    num_outputs: int


def _evaluate(model: Any, X: np.ndarray, y: np.ndarray, *, from_logits: bool | None = None,
              batch_size: int = 256) -> _Scored:
    """Mean data loss (no penalty) and accuracy in inference mode."""
    import keras

    X = _match_input(model, X)
    losses, correct, kind, logits, labels, num_outputs = [], [], "", False, y, 0
    for start, y_hat in _outputs(model, X, batch_size=batch_size):
        if start == 0:
            num_outputs = int(y_hat.shape[-1])
            labels, kind = _labels(y, num_outputs)
            logits = _is_logits(model, keras.ops.convert_to_numpy(y_hat), from_logits)
        y_batch = labels[start:start + batch_size]
        losses.append(keras.ops.convert_to_numpy(_loss_tensor(y_batch, y_hat, kind, logits)))
        correct.append(_correct(y_batch, keras.ops.convert_to_numpy(y_hat), kind, logits))
    return _Scored(float(np.mean(np.concatenate(losses))), float(np.mean(np.concatenate(correct))),
                   kind, logits, labels, num_outputs)


def _compile_if_needed(model: Any, X: np.ndarray, y: np.ndarray, *, lr: float,
                       from_logits: bool | None = None) -> _Scored:
    """Compiles with Adam(lr), the matching cross-entropy and accuracy unless compiled.

    Returns the model's score before training, which also validates X and y.
    """
    import keras

    before = _evaluate(model, X, y, from_logits=from_logits)
    if not model.compiled:
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr),
                      loss=_loss_fn(before.kind, before.logits), metrics=["accuracy"])
    return before


def _all_layers(model: Any) -> list[Any]:
    layers = []
    for layer in getattr(model, "layers", []):
        layers.append(layer)
        layers.extend(_all_layers(layer))
    return layers


def _frozen_layers(model: Any) -> list[str]:
    """The outermost layers (or nested models) with weights and `trainable=False`."""
    frozen = []
    for layer in getattr(model, "layers", []):
        if not layer.trainable and layer.weights:
            frozen.append(layer.name)
        else:
            frozen.extend(_frozen_layers(layer))
    return frozen


def _regularization(model: Any) -> list[str]:
    """Names the layers that regularize: dropout and noise layers, weight or activity penalties."""
    import keras

    noisy = (keras.layers.Dropout, keras.layers.SpatialDropout1D, keras.layers.SpatialDropout2D,
             keras.layers.SpatialDropout3D, keras.layers.GaussianDropout,
             keras.layers.GaussianNoise, keras.layers.AlphaDropout)
    found = []
    for layer in _all_layers(model):
        penalties = [attr for attr in ("kernel_regularizer", "bias_regularizer",
                                       "depthwise_regularizer", "pointwise_regularizer",
                                       "recurrent_regularizer", "activity_regularizer")
                     if getattr(layer, attr, None) is not None]
        if isinstance(layer, noisy):
            found.append(f"{layer.name} ({type(layer).__name__})")
        elif penalties:
            found.append(f"{layer.name} ({', '.join(penalties)})")
    return found


def _fit(model: Any, X: np.ndarray, y: np.ndarray, *, num_epochs: int, batch_size: int,
         seed: int, callbacks: Sequence[Any] = (), verbose: int = 0) -> list[float]:
    """Fits with a seeded reshuffle each epoch; returns the loss per epoch."""
    import tensorflow as tf

    X = _match_input(model, X)
    # a cached tf.data pipeline: a tiny set's epoch costs its steps, not NumPy-adapter overhead
    ds = (tf.data.Dataset.from_tensor_slices((X, y)).cache()
          .shuffle(len(X), seed=seed, reshuffle_each_iteration=True).batch(batch_size))
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*does not have any trainable weights.*")
        history = model.fit(ds, epochs=num_epochs, callbacks=list(callbacks), shuffle=False,
                            verbose=verbose)
    return [float(v) for v in history.history.get("loss", [])]


def _check_positive(**values: Any) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.number)) \
                or not value > 0:
            raise ValueError(f"Expected `{name}` > 0. Received: {name}={value!r}.")


def _check_int(**values: Any) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"Expected `{name}` to be an int >= 1. Received: {name}={value!r}.")


# ---------------------------------------------------------------------- checks

# Logits with a spread s raise the loss by about s^2/2 * (1 - 1/C) nats over
# ln(C), whatever C: a Glorot-initialized output layer (s up to ~1) adds up to
# ~0.45. Measured here on fresh models: +0.0 to +0.11 for 10-class LeNets and
# MLPs, up to +0.33 for 3-class MLPs on standardized inputs, +-0.1 for 2-class
# moons MLPs. 0.5 nats passes all of those and the slide's 2.3875, and fails a
# saturated softmax or 0-255 inputs (tens of nats) and a leak (loss near 0).
INITIAL_LOSS_TOLERANCE = 0.5


def initial_loss(model: Any, X: Any, y: Any, *, tolerance: float = INITIAL_LOSS_TOLERANCE,
                 from_logits: bool | None = None) -> CheckResult:
    """Compares an untrained model's cross-entropy with -ln(1/num_classes).

    A fresh classifier should spread its probability evenly, so its loss is
    about ln(num_classes): 2.303 for 10 classes, ln(2) = 0.693 for one sigmoid
    output. Much more means over-confident wrong outputs (weights too large,
    unscaled inputs); much less means the untrained model already knows the
    labels (a leak).

    Args:
        model: a built, untrained classifier (softmax, sigmoid or logits output).
        X: inputs, e.g. a few hundred training samples.
        y: integer labels `(n,)`, or one-hot `(n, num_classes)`.
        tolerance: allowed deviation from the expected loss, in nats.
            Defaults to `0.5` (see `INITIAL_LOSS_TOLERANCE` for the reason).
        from_logits: whether the model outputs logits. Defaults to `None`:
            read from the last layer's activation (softmax/sigmoid mean
            probabilities), else from whether the outputs look like
            probabilities.

    Returns:
        A `CheckResult` with `values` `observed`, `expected`, `num_classes`,
        `from_logits` and `tolerance`.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(10)])
        >>> X, y = np.ones((8, 4), "float32") * 0.1, np.arange(8)
        >>> initial_loss(model, X, y).ok
        True
    """
    model = _check_model(model, "initial_loss")
    X, y = _check_xy(X, y, "initial_loss")
    _check_positive(tolerance=tolerance)
    scored = _evaluate(model, X, y, from_logits=from_logits)
    num_classes = 2 if scored.kind == "binary" else scored.num_outputs
    expected = math.log(num_classes)
    observed = scored.loss
    values = {"observed": observed, "expected": expected, "num_classes": num_classes,
              "from_logits": scored.logits, "tolerance": tolerance}
    what = f"initial loss {observed:.4g}"
    ref = f"{expected:.3f} = ln({num_classes})"
    if abs(observed - expected) <= tolerance:
        return CheckResult("initial_loss", True,
                           f"{what} ~ expected {ref} (within +-{tolerance:g})", values)
    if observed > expected:
        hint = ("the output layer's weights are too large or the last activation is wrong "
                "(logits vs probabilities); check initialization")
        if np.issubdtype(X.dtype, np.integer) or float(np.max(np.abs(X))) > 10:
            hint += f"; X reaches {float(np.max(np.abs(X))):.4g}: scale inputs (Rescaling(1/255))"
        message = f"{what} >> {ref}: {hint}"
    else:
        message = (f"{what} << {ref}: the untrained model already predicts the labels; look for "
                   f"labels leaking into X, or a from_logits mix-up")
    return CheckResult("initial_loss", False, message, values)


def overfit_small(model_fn: Callable[..., Any], X: Any, y: Any, n: int = 50, *,
                  num_epochs: int = 300, lr: float = 3e-3, batch_size: int = 16,
                  target_loss: float = 0.05, seed: int = 0, from_logits: bool | None = None,
                  verbose: int = 0) -> CheckResult:
    """Trains a fresh model on the first `n` samples until it has memorized them.

    The slide's check: a model that cannot drive the loss on 50 samples to
    about zero has a bug (or no capacity), and more data will not fix it.
    Training stops as soon as accuracy is 100% and the loss is at most
    `target_loss`. Dropout and weight penalties work against this check: they
    are reported (and warned about), not removed.

    Args:
        model_fn: a function returning a new keras.Model, called with no
            arguments, or with `seed=seed` when it accepts `seed`. An
            uncompiled model is compiled with `Adam(lr)`, the matching
            cross-entropy and accuracy; a compiled one is trained as compiled.
        X: inputs; only `X[:n]` is used.
        y: integer or one-hot labels; only `y[:n]` is used.
        n: how many samples to memorize. Defaults to `50`.
        num_epochs: the most epochs to train. Defaults to `300` (a LeNet-5
            memorizes 50 Fashion-MNIST images in 15-40, about 2 s on a CPU).
        lr: Adam's learning rate when the model is compiled here; higher than
            the usual 1e-3 because 50 samples give steady gradients.
            Defaults to `3e-3`.
        batch_size: samples per step. Defaults to `16` (4 steps an epoch).
        target_loss: the training loss that counts as "about zero".
            Defaults to `0.05`: with 100% accuracy it means the right class
            gets about 95% probability on average, which is memorized;
            pushing on to the slide's 1e-5 only costs time.
        seed: seeds Keras before building and training. Defaults to `0`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).
        verbose: Keras `fit` verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `loss`, `accuracy`, `epochs`, `seconds`,
        `n`, `regularization` (layers that regularize) and the loss `curve`.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((8,)), keras.layers.Dense(32, "relu"),
        ...                              keras.layers.Dense(3)])
        >>> X = np.random.default_rng(0).normal(size=(50, 8)).astype("float32")
        >>> overfit_small(model_fn, X, np.arange(50) % 3).ok
        True
    """
    import keras

    _check_builder(model_fn, "overfit_small")
    X, y = _check_xy(X, y, "overfit_small")
    _check_int(n=n, num_epochs=num_epochs, batch_size=batch_size)
    _check_positive(lr=lr, target_loss=target_loss)
    X, y = X[:n], y[:n]
    model = _build(model_fn, seed)
    scored = _compile_if_needed(model, X, y, lr=lr, from_logits=from_logits)
    regularization = _regularization(model)
    if regularization:
        warnings.warn(f"overfit_small: the model regularizes ({', '.join(regularization)}); "
                      f"the slide's check runs without regularization.", stacklevel=2)
    X_fit = _match_input(model, X)

    def stop_when_memorized(epoch: int, logs: dict | None) -> None:
        logs = logs or {}
        if logs.get("loss", math.inf) <= target_loss and logs.get("accuracy", 1.0) >= 1.0:
            # the logs average over an epoch of changing weights; confirm at the end of it
            now = _evaluate(model, X_fit, y, from_logits=scored.logits)
            model.stop_training = now.accuracy >= 1.0 and now.loss <= target_loss

    start = time.perf_counter()
    curve: list[float] = []
    if model.trainable_weights:
        curve = _fit(model, X_fit, scored.y, num_epochs=num_epochs, batch_size=batch_size,
                     seed=seed, verbose=verbose,
                     callbacks=[keras.callbacks.LambdaCallback(on_epoch_end=stop_when_memorized)])
    seconds = time.perf_counter() - start
    final = _evaluate(model, X_fit, y, from_logits=scored.logits)
    values = {"loss": final.loss, "accuracy": final.accuracy, "epochs": len(curve),
              "seconds": seconds, "n": len(X), "regularization": regularization}
    what = f"loss {final.loss:.3g}, accuracy {final.accuracy:.0%} on {len(X)} samples"
    ok = final.accuracy >= 1.0 and final.loss <= target_loss
    if ok:
        message = f"memorized: {what} after {len(curve)} epochs ({seconds:.1f} s)"
    elif not model.trainable_weights:
        message = (f"{what}: the model has no trainable weights (frozen?); set "
                   f"`model.trainable = True` or unfreeze the layers you train")
    elif np.all(X == X[:1]):
        message = f"{what}: all {len(X)} inputs are identical (all zeros?); check X"
    elif final.accuracy >= 1.0:
        message = (f"{what} after {len(curve)} epochs: right but not yet confident (loss > "
                   f"{target_loss}); raise num_epochs or lr")
    else:
        message = (f"{what} after {len(curve)} epochs, not memorized: check that X reaches "
                   f"the model scaled, labels match outputs, lr ({lr:g}) and capacity")
    if regularization and not ok:
        message += f"; remove regularization ({', '.join(regularization)})"
    return CheckResult("overfit_small", ok, message, values, curve)


def regularization_raises_loss(model_fn: Callable[..., Any], X: Any, y: Any,
                               strengths: Sequence[float] = (0, 1e-3, 1e-2, 1e-1), *,
                               num_epochs: int = 3, lr: float = 1e-3, batch_size: int = 32,
                               seed: int = 0, verbose: int = 0) -> CheckResult:
    """Trains one model per L2 strength; the training loss must rise with the strength.

    The slide's regularization check: the training loss includes the penalty,
    so a stronger penalty must give a higher training loss. Equal losses mean
    the strength never reaches the model.

    Args:
        model_fn: `model_fn(strength)` returns a new keras.Model with that L2
            strength, e.g. `kernel_regularizer=keras.regularizers.L2(strength)`;
            it also gets `seed=seed` when it accepts `seed`. Uncompiled models
            are compiled as in `overfit_small`.
        X: training inputs (a few hundred samples are enough).
        y: integer or one-hot labels.
        strengths: increasing, non-negative strengths.
            Defaults to `(0, 1e-3, 1e-2, 1e-1)`.
        num_epochs: epochs per strength ("train briefly"). Defaults to `3`.
        lr: Adam's learning rate for uncompiled models. Defaults to `1e-3`.
        batch_size: samples per step. Defaults to `32`.
        seed: every model starts from the same seed. Defaults to `0`.
        verbose: Keras verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `strengths`, `losses` (training loss
        with penalty, per strength) and `penalties` (the penalty part).

    Example:
        >>> import keras, numpy as np
        >>> def model_fn(strength):
        ...     l2 = keras.regularizers.L2(strength)
        ...     return keras.Sequential([keras.Input((4,)),
        ...                              keras.layers.Dense(2, kernel_regularizer=l2)])
        >>> X = np.random.default_rng(0).normal(size=(64, 4)).astype("float32")
        >>> regularization_raises_loss(model_fn, X, np.arange(64) % 2, num_epochs=1).ok
        True
    """
    _check_builder(model_fn, "regularization_raises_loss")
    X, y = _check_xy(X, y, "regularization_raises_loss")
    _check_int(num_epochs=num_epochs, batch_size=batch_size)
    _check_positive(lr=lr)
    strengths = [float(s) for s in strengths]
    if len(strengths) < 2 or min(strengths) < 0 or any(
            b <= a for a, b in zip(strengths, strengths[1:], strict=False)):
        raise ValueError(f"Expected at least two increasing strengths >= 0. "
                         f"Received: strengths={strengths}.")
    losses, penalties = [], []
    for strength in strengths:
        model = _build(model_fn, seed, strength)
        scored = _compile_if_needed(model, X, y, lr=lr)
        _fit(model, X, scored.y, num_epochs=num_epochs, batch_size=batch_size, seed=seed,
             verbose=verbose)
        # evaluating by hand saves tracing an evaluate function per model
        data_loss = _evaluate(model, X, y, from_logits=scored.logits).loss
        penalties.append(float(sum(float(np.asarray(p)) for p in model.losses)))
        losses.append(data_loss + penalties[-1])
    values = {"strengths": strengths, "losses": losses, "penalties": penalties}
    pairs = ", ".join(f"{s:g}: {v:.4g}" for s, v in zip(strengths, losses, strict=True))
    falls = [(strengths[i], strengths[i + 1]) for i in range(len(losses) - 1)
             if losses[i + 1] <= losses[i]]
    if not falls:
        return CheckResult("regularization_raises_loss", True,
                           f"training loss rises with L2 strength ({pairs})", values, losses)
    if len(set(penalties)) == 1:
        hint = ("the penalty does not change with strength: pass it to the layers, e.g. "
                "kernel_regularizer=keras.regularizers.L2(strength)")
    else:
        a, b = falls[0]
        hint = (f"the loss did not rise from {a:g} to {b:g}; check the penalty's sign, or "
                f"train longer (num_epochs) so the noise settles")
    return CheckResult("regularization_raises_loss", False, f"{pairs}: {hint}", values, losses)


def input_independent_baseline(model_fn: Callable[..., Any], X: Any, y: Any, *,
                               num_epochs: int = 5, lr: float = 1e-3, batch_size: int = 32,
                               margin: float = 0.1, seed: int = 0,
                               verbose: int = 0) -> CheckResult:
    """Trains on real inputs and on all-zero inputs; real inputs must give a clearly lower loss.

    With zeroed inputs a model can only learn the label frequencies. If the
    real inputs do no better, the model is not using them (inputs disconnected,
    masked, or unscaled so that training stalls).

    Args:
        model_fn: a function returning a new keras.Model (see `overfit_small`).
        X: training inputs (a few hundred samples are enough).
        y: integer or one-hot labels.
        num_epochs: epochs for each of the two runs. Defaults to `5`.
        lr: Adam's learning rate for uncompiled models. Defaults to `1e-3`.
        batch_size: samples per step. Defaults to `32`.
        margin: the real-input loss must be below `(1 - margin)` times the
            zero-input loss. Defaults to `0.1`: two runs from one seed on the
            same data differ by far less, and a model that uses its input
            beats the label-frequency loss by far more within a few epochs.
        seed: both runs start from this seed. Defaults to `0`.
        verbose: Keras verbosity. Defaults to `0`.

    Returns:
        A `CheckResult` with `values` `real_loss`, `zero_loss` (training
        loss after training, without penalty) and `ratio`.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(256, 2)).astype("float32")
        >>> input_independent_baseline(model_fn, X, (X[:, 0] > 0).astype(int), lr=0.05).ok
        True
    """
    _check_builder(model_fn, "input_independent_baseline")
    X, y = _check_xy(X, y, "input_independent_baseline")
    _check_int(num_epochs=num_epochs, batch_size=batch_size)
    _check_positive(lr=lr, margin=margin)
    results, curves = {}, {}
    for name, inputs in (("real", X), ("zero", np.zeros_like(X))):
        model = _build(model_fn, seed)
        scored = _compile_if_needed(model, inputs, y, lr=lr)
        curves[name] = _fit(model, inputs, scored.y, num_epochs=num_epochs,
                            batch_size=batch_size, seed=seed, verbose=verbose)
        results[name] = _evaluate(model, inputs, y, from_logits=scored.logits).loss
    real, zero = results["real"], results["zero"]
    ratio = real / zero if zero > 0 else math.inf
    values = {"real_loss": real, "zero_loss": zero, "ratio": ratio}
    what = f"loss {real:.4g} with real inputs vs {zero:.4g} with zeros"
    if real < (1 - margin) * zero:
        return CheckResult("input_independent_baseline", True,
                           f"{what}: the model uses its input", values, curves["real"])
    return CheckResult(
        "input_independent_baseline", False,
        f"{what} (need < {1 - margin:.0%} of it): the model ignores its input; check that X "
        f"reaches the first layer unmasked and scaled, or train longer (num_epochs)",
        values, curves["real"])


def _float64_copy(model: Any) -> Any | None:
    """A float64 clone with the same weights, or `None` when Keras cannot clone the model."""
    import keras

    def to_float64(layer: Any) -> Any:
        return layer.__class__.from_config({**layer.get_config(), "dtype": "float64"})

    try:
        clone = keras.models.clone_model(model, clone_function=to_float64)
        if len(clone.weights) != len(model.weights):
            return None
        for target, source in zip(clone.weights, model.weights, strict=True):
            target.assign(np.asarray(source).astype(target.dtype))
    except Exception:  # subclassed or unserializable models: fall back to float32
        return None
    return clone


def gradient_check(model: Any, X: Any, y: Any, *, num_params: int = 5, epsilon: float = 1e-5,
                   tolerance: float = 1e-4, max_samples: int = 16, seed: int = 0,
                   from_logits: bool | None = None) -> CheckResult:
    """Compares `tf.GradientTape` gradients with central finite differences.

    The loss (cross-entropy plus penalties, in inference mode) is evaluated
    on a float64 copy of the model, so the finite difference
    `(L(w + eps) - L(w - eps)) / (2 eps)` is accurate to about 1e-10; a model
    Keras cannot clone is checked in float32 with `epsilon=1e-3` and
    `tolerance=1e-2`. The error per parameter is `|a - n| / max(|a|, |n|, 1e-6)`.

    Args:
        model: a built keras.Model; its weights are left unchanged.
        X: inputs; the first `max_samples` are used.
        y: integer or one-hot labels.
        num_params: parameters sampled per trainable variable. Defaults to `5`.
        epsilon: the finite-difference step. Defaults to `1e-5` (the float64
            optimum, about the cube root of machine epsilon).
        tolerance: the largest accepted relative error. Defaults to `1e-4`
            (cs231n: below 1e-4 is fine for nets with ReLU kinks; a wrong
            gradient is off by 1e-2 or far more).
        max_samples: samples in the loss. Defaults to `16`.
        seed: picks the sampled parameters. Defaults to `0`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).

    Returns:
        A `CheckResult` with `values` `max_error`, `where` (variable and
        index), `analytic`, `numeric` (at the worst parameter), `dtype`,
        `num_checked` and `errors` (largest error per variable).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2, "tanh"),
        ...                           keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(8, 3))
        >>> gradient_check(model, X, np.arange(8) % 2).ok
        True
    """
    model = _check_model(model, "gradient_check")
    X, y = _check_xy(X, y, "gradient_check")
    _check_int(num_params=num_params, max_samples=max_samples)
    _check_positive(epsilon=epsilon, tolerance=tolerance)
    X, y = X[:max_samples], y[:max_samples]
    scored = _evaluate(model, X, y, from_logits=from_logits)
    # below `floor` a gradient counts as zero: float64 finite differences carry ~1e-11 of
    # rounding noise (float32: ~1e-6), which must stay under tolerance * floor
    twin, dtype, floor = _float64_copy(model), "float64", 1e-6
    if twin is None:
        twin, dtype, floor = model, "float32", 1e-3
        epsilon, tolerance = max(epsilon, 1e-3), max(tolerance, 1e-2)
        warnings.warn("gradient_check: Keras could not clone the model in float64; checking in "
                      "float32 with epsilon=1e-3, tolerance=1e-2.", stacklevel=2)
    X = _match_input(model, X)
    inputs = X.astype(dtype) if np.issubdtype(X.dtype, np.floating) else X
    labels = scored.y.astype(dtype) if scored.kind != "sparse" else scored.y
    rng = np.random.default_rng(seed)
    saved = [np.array(v.numpy()) for v in twin.weights]
    try:
        for var in twin.trainable_variables:
            if not np.any(var.numpy()):
                # Zero biases put ReLUs fed by all-zero regions (image backgrounds) exactly
                # on their kink, where no finite difference matches the tape's subgradient.
                # A gradient must be right at any point, so check it a little off zero.
                var.assign(rng.normal(0.0, 0.05, size=var.shape).astype(dtype))
        worst, errors = _compare_gradients(
            twin, lambda y_hat: _mean_loss(labels, y_hat, scored, dtype), inputs,
            [v.path for v in model.trainable_variables], num_params, epsilon, tolerance, floor,
            rng)
    finally:
        for var, value in zip(twin.weights, saved, strict=True):
            var.assign(value)
    kinks = worst.pop("kinks")
    num_checked = sum(min(num_params, int(np.prod(v.shape)))
                      for v in twin.trainable_variables) - kinks
    values = {**worst, "dtype": dtype, "num_checked": num_checked, "kinks": kinks,
              "errors": errors}
    what = (f"max relative error {worst['max_error']:.2g} at {worst['where']} "
            f"(tape {worst['analytic']:.4g} vs finite difference {worst['numeric']:.4g})")
    if not errors:
        hint = (f"all {kinks} sampled parameters sit next to a ReLU kink; pass fewer "
                f"max_samples or more num_params" if kinks
                else "the model has no trainable variables; unfreeze it")
        return CheckResult("gradient_check", False, f"nothing checked: {hint}", values)
    skipped = f", {kinks} next to a ReLU kink skipped" if kinks else ""
    if worst["max_error"] <= tolerance:
        return CheckResult("gradient_check", True,
                           f"{what}, {num_checked} parameters in {dtype}{skipped}", values)
    return CheckResult("gradient_check", False,
                       f"{what} > {tolerance:g}: the gradient is wrong there; check custom "
                       f"layers, custom_gradient and stop_gradient on the way to it", values)


def _mean_loss(labels: Any, y_hat: Any, scored: _Scored, dtype: str) -> Any:
    import keras

    return keras.ops.cast(keras.ops.mean(_loss_tensor(labels, y_hat, scored.kind,
                                                      scored.logits)), dtype)


def _compare_gradients(twin: Any, data_loss: Callable[[Any], Any], inputs: np.ndarray,
                       names: list[str], num_params: int, epsilon: float, tolerance: float,
                       floor: float, rng: np.random.Generator,
                       ) -> tuple[dict[str, Any], dict[str, float]]:
    """Tape gradient vs central difference on `num_params` sampled entries per variable."""
    import keras
    import tensorflow as tf

    def loss() -> Any:
        total = data_loss(twin(inputs, training=False))
        return total + sum((keras.ops.cast(p, total.dtype) for p in twin.losses), 0.0)

    with tf.GradientTape() as tape:
        value = loss()
    grads = tape.gradient(value, twin.trainable_variables)
    worst: dict[str, Any] = {"max_error": 0.0, "where": None, "analytic": 0.0, "numeric": 0.0}
    errors: dict[str, float] = {}
    kinks = 0
    for name, var, grad in zip(names, twin.trainable_variables, grads, strict=True):
        w = np.array(var.numpy())
        g = np.zeros_like(w) if grad is None else np.asarray(grad)
        for flat in rng.choice(w.size, size=min(num_params, w.size), replace=False):
            index = np.unravel_index(flat, w.shape)
            sides = []
            for step in (epsilon, -epsilon, epsilon / 2, -epsilon / 2):
                nudged = w.copy()
                nudged[index] += step
                var.assign(nudged)
                sides.append(float(loss()))
            var.assign(w)
            numeric, analytic = (sides[0] - sides[1]) / (2 * epsilon), float(g[index])
            half = (sides[2] - sides[3]) / epsilon
            scale = max(abs(analytic), abs(numeric), floor)
            if abs(numeric - half) > tolerance / 2 * scale:
                # Smooth losses give the same difference for both steps (to ~eps^2); a
                # mismatch means a ReLU kink lies within eps, where neither is a derivative.
                kinks += 1
                continue
            error = abs(analytic - numeric) / scale
            errors[name] = max(errors.get(name, 0.0), error)
            if error >= worst["max_error"]:
                worst = {"max_error": error, "where": f"{name}{list(map(int, index))}",
                         "analytic": analytic, "numeric": numeric}
    worst["kinks"] = kinks
    return worst, errors


def weights_change(model: Any, X: Any, y: Any, *, lr: float = 1e-3, allow_frozen: bool = False,
                   max_samples: int = 32, from_logits: bool | None = None) -> CheckResult:
    """Takes one Adam step and names every variable that did not move.

    A trainable variable that stays put gets no gradient: it is disconnected
    from the loss, behind a dead layer or a `stop_gradient`. A layer with
    weights and `trainable=False` is reported as frozen. The model's weights
    are restored afterwards.

    Args:
        model: a built keras.Model.
        X: inputs; the first `max_samples` are used.
        y: integer or one-hot labels.
        lr: the step's learning rate. Defaults to `1e-3` (Adam moves every
            variable with a non-zero gradient by about `lr`).
        allow_frozen: accept frozen layers (transfer learning freezes on
            purpose). Defaults to `False`.
        max_samples: samples in the step. Defaults to `32`.
        from_logits: whether the model outputs logits. Defaults to `None`
            (detected, see `initial_loss`).

    Returns:
        A `CheckResult` with `values` `changed`, `unchanged` (variable paths)
        and `frozen` (layer names).

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> weights_change(model, np.ones((4, 3)), np.array([0, 1, 0, 1])).ok
        True
    """
    import keras
    import tensorflow as tf

    model = _check_model(model, "weights_change")
    X, y = _check_xy(X, y, "weights_change")
    _check_positive(lr=lr)
    _check_int(max_samples=max_samples)
    X, y = X[:max_samples], y[:max_samples]
    scored = _evaluate(model, X, y, from_logits=from_logits)
    X = _match_input(model, X)
    frozen = _frozen_layers(model)
    variables = model.trainable_variables
    saved = [np.array(v.numpy()) for v in model.weights]
    try:
        with tf.GradientTape() as tape:
            y_hat = model(X, training=True)
            loss = keras.ops.mean(_loss_tensor(scored.y, y_hat, scored.kind, scored.logits))
            loss = loss + sum(model.losses, 0.0)
        grads = tape.gradient(loss, variables)
        grads = [tf.zeros_like(v) if g is None else g for v, g in zip(variables, grads,
                                                                       strict=True)]
        before = [np.array(v.numpy()) for v in variables]
        if variables:
            keras.optimizers.Adam(learning_rate=lr).apply_gradients(
                zip(grads, variables, strict=True))
        moved = [not np.array_equal(b, v.numpy()) for b, v in zip(before, variables, strict=True)]
    finally:
        for var, value in zip(model.weights, saved, strict=True):
            var.assign(value)
    changed = [v.path for v, m in zip(variables, moved, strict=True) if m]
    unchanged = [v.path for v, m in zip(variables, moved, strict=True) if not m]
    values = {"changed": changed, "unchanged": unchanged, "frozen": frozen}
    problems = []
    if unchanged:
        problems.append(f"{len(unchanged)} of {len(variables)} trainable variables did not "
                        f"change ({', '.join(unchanged[:4])}): no gradient reaches them "
                        f"(disconnected, dead ReLUs or stop_gradient)")
    if frozen and not allow_frozen:
        problems.append(f"frozen layers {frozen}: set `layer.trainable = True`, or pass "
                        f"allow_frozen=True if freezing is intended")
    if not variables and not frozen:
        problems.append("the model has no trainable variables")
    if problems:
        return CheckResult("weights_change", False, "; ".join(problems), values)
    note = f" (frozen layers allowed: {frozen})" if frozen else ""
    return CheckResult("weights_change", True,
                       f"all {len(variables)} trainable variables changed after one step{note}",
                       values)


def _is_relu(layer: Any) -> bool:
    import keras

    if isinstance(layer, keras.layers.ReLU):
        return not layer.negative_slope
    name = getattr(getattr(layer, "activation", None), "__name__", None)
    return name in ("relu", "relu6")


# With zero biases a fresh unit is active for about half its inputs, so on a few
# dozen samples almost none is never active; trained nets often carry 10-20%
# dead units (cs231n warns of up to 40% after a too-high lr). Past half a layer,
# the layer has lost most of its capacity.
DEAD_RELU_THRESHOLD = 0.5


def dead_relus(model: Any, X: Any, *, threshold: float = DEAD_RELU_THRESHOLD,
               batch_size: int = 256) -> CheckResult:
    """Measures, per ReLU layer, the fraction of units that are never active on `X`.

    A unit (a Dense unit or a conv channel, the last axis) is dead when its
    output is 0 for every sample and position in `X`: it passes no gradient
    and never recovers.

    Args:
        model: a built Sequential or Functional keras.Model; its top-level
            layers with a `relu` activation and `ReLU` layers are checked.
        X: inputs, e.g. a few hundred training samples.
        threshold: the largest accepted dead fraction per layer.
            Defaults to `0.5` (see `DEAD_RELU_THRESHOLD` for the reason).
        batch_size: samples per forward pass. Defaults to `256`.

    Returns:
        A `CheckResult` with `values` `dead` (layer name -> dead fraction),
        `units` (layer name -> number of units) and `threshold`.

    Raises:
        TypeError: a subclassed model, whose layer outputs cannot be read.

    Example:
        >>> import keras, numpy as np
        >>> model = keras.Sequential([keras.Input((3,)), keras.layers.Dense(4, "relu")])
        >>> dead_relus(model, np.random.default_rng(0).normal(size=(32, 3))).ok
        True
    """
    import keras

    model = _check_model(model, "dead_relus")
    X = np.asarray(X)
    if X.ndim == 0 or len(X) == 0:
        raise ValueError(f"`dead_relus` needs at least one sample. Received: X.shape={X.shape}.")
    _check_positive(threshold=threshold)
    X = _match_input(model, X)
    next(_outputs(model, X[:1]), None)  # builds an unbuilt model, explains shape errors
    layers = [layer for layer in model.layers if _is_relu(layer)]
    if not layers:
        return CheckResult("dead_relus", True, "no ReLU layers to check",
                           {"dead": {}, "units": {}, "threshold": threshold})
    try:
        probe = keras.Model(model.inputs[0] if len(model.inputs) == 1 else model.inputs,
                            [layer.output for layer in layers])
    except (AttributeError, ValueError) as err:
        raise TypeError(
            f"`dead_relus` reads layer outputs, which needs a Sequential or Functional model. "
            f"Received a {type(model).__name__}; rebuild it with keras.Sequential or "
            f"keras.Model(inputs, outputs)."
        ) from err
    active: list[np.ndarray | None] = [None] * len(layers)
    for start in range(0, len(X), batch_size):
        outs = probe(X[start:start + batch_size], training=False)
        for i, out in enumerate(outs if isinstance(outs, (list, tuple)) else [outs]):
            out = keras.ops.convert_to_numpy(out)
            seen = (out > 0).reshape(-1, out.shape[-1]).any(axis=0)
            active[i] = seen if active[i] is None else active[i] | seen
    dead = {layer.name: float(1 - a.mean()) for layer, a in zip(layers, active, strict=True)}
    units = {layer.name: int(a.size) for layer, a in zip(layers, active, strict=True)}
    values = {"dead": dead, "units": units, "threshold": threshold}
    bad = {name: frac for name, frac in dead.items() if frac > threshold}
    if not bad:
        worst = max(dead, key=dead.get)
        return CheckResult("dead_relus", True,
                           f"at most {dead[worst]:.0%} dead ({worst}) over {len(layers)} ReLU "
                           f"layers on {len(X)} samples", values)
    name = max(bad, key=bad.get)
    return CheckResult(
        "dead_relus", False,
        f"{name}: {bad[name]:.0%} of {units[name]} units never active on {len(X)} samples "
        f"(> {threshold:.0%}): a large negative bias or a too-high lr killed them; lower lr, "
        f"re-initialize, or try LeakyReLU", values)


def _rows(data: Any, name: str) -> np.ndarray:
    X = np.asarray(data[0] if isinstance(data, tuple) else data)
    if X.ndim == 0:
        raise ValueError(f"Expected `{name}` as (X, y) or X with one row per sample. "
                         f"Received a scalar.")
    return X.reshape(len(X), -1)


def leakage(train: Any, test: Any, *, max_report: int = 10) -> CheckResult:
    """Finds test samples that also appear, byte for byte, in train.

    Each row of X is hashed (BLAKE2b) after casting both sets to one dtype;
    hash matches are confirmed element-wise.

    Args:
        train: the training split, as `(X, y)` (e.g. `splits.train`) or `X`.
        test: the split to check (test or validation), as `(X, y)` or `X`.
        max_report: how many index pairs to keep in `values`. Defaults to `10`.

    Returns:
        A `CheckResult` with `values` `count`, `test_indices`, `train_indices`
        (the first `max_report` pairs), `n_train` and `n_test`.

    Example:
        >>> import numpy as np
        >>> X = np.arange(12).reshape(6, 2)
        >>> leakage(X[:4], X[3:]).values["count"]
        1
    """
    A, B = _rows(train, "train"), _rows(test, "test")
    if A.shape[1:] != B.shape[1:]:
        raise ValueError(f"Train and test samples differ in size: {A.shape[1]} vs {B.shape[1]} "
                         f"values per sample. Pass two splits of the same dataset.")
    dtype = np.result_type(A, B)
    A, B = (np.ascontiguousarray(a, dtype=dtype) for a in (A, B))
    if np.issubdtype(dtype, np.floating):
        A, B = A + 0.0, B + 0.0  # -0.0 and 0.0 are the same value but not the same bytes

    def digest(row: np.ndarray) -> bytes:
        return hashlib.blake2b(row.tobytes(), digest_size=16).digest()

    seen: dict[bytes, int] = {}
    for i, row in enumerate(A):
        seen.setdefault(digest(row), i)
    pairs = [(j, seen[h]) for j, row in enumerate(B)
             if (h := digest(row)) in seen and np.array_equal(row, A[seen[h]])]
    values = {"count": len(pairs), "test_indices": [j for j, _ in pairs[:max_report]],
              "train_indices": [i for _, i in pairs[:max_report]],
              "n_train": len(A), "n_test": len(B)}
    if not pairs:
        return CheckResult("leakage", True,
                           f"no test sample appears in train ({len(B)} vs {len(A)} rows)", values)
    j, i = pairs[0]
    return CheckResult(
        "leakage", False,
        f"{len(pairs)} of {len(B)} test samples ({len(pairs) / len(B):.1%}) also appear in "
        f"train (e.g. test[{j}] == train[{i}]): drop them from test, or de-duplicate before "
        f"splitting", values)


def summarize(results: Sequence[CheckResult]) -> str:
    """Formats check results as a table, one line per check.

    Args:
        results: `CheckResult`s, e.g. from `run_all`.

    Returns:
        The table as a string.

    Example:
        >>> print(summarize([CheckResult("leakage", True, "no test sample appears in train")]))
        PASS  leakage                     no test sample appears in train
    """
    return "\n".join(f"{r.status:<5} {r.name:<27} {r.message}" for r in results)


def run_all(model_fn: Callable[..., Any], X: Any, y: Any, *, test: Any = None,
            regularized_fn: Callable[..., Any] | None = None, n: int = 50, seed: int = 0,
            verbose: bool = True) -> list[CheckResult]:
    """Runs every check that applies and prints a summary table.

    Order: `leakage` (when `test` is given), then on one fresh model
    `initial_loss`, `weights_change`, `gradient_check`, `dead_relus`, then
    the training checks `overfit_small`, `input_independent_baseline` and
    `regularization_raises_loss` (when `regularized_fn` is given). A check
    that cannot run on this model (e.g. `dead_relus` on a subclassed model)
    is listed as SKIP.

    Args:
        model_fn: a function returning a new keras.Model (see `overfit_small`).
        X: training inputs; the first 512 samples are used.
        y: integer or one-hot labels.
        test: `(X_test, y_test)` or `X_test` to check for leakage.
            Defaults to `None` (skipped).
        regularized_fn: `regularized_fn(strength)` for
            `regularization_raises_loss`. Defaults to `None` (skipped).
        n: samples for `overfit_small`. Defaults to `50`.
        seed: seeds every model. Defaults to `0`.
        verbose: print the table. Defaults to `True`.

    Returns:
        The list of `CheckResult`s.

    Example:
        >>> import keras, numpy as np
        >>> def model_fn():
        ...     return keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, "relu"),
        ...                              keras.layers.Dense(2)])
        >>> X = np.random.default_rng(0).normal(size=(64, 2)).astype("float32")
        >>> results = run_all(model_fn, X, (X[:, 0] > 0).astype(int))  # doctest: +SKIP
        PASS  initial_loss                initial loss 0.71 ~ expected 0.693 = ln(2) ...
    """
    _check_builder(model_fn, "run_all")
    X, y = _check_xy(X, y, "run_all")
    X, y = X[:512], y[:512]  # enough to see each check fail; small enough for a CPU
    results = []
    if test is not None:
        results.append(leakage((X, y), test))
    model = _build(model_fn, seed)
    checks: list[tuple[str, Callable[[], CheckResult]]] = [
        ("initial_loss", lambda: initial_loss(model, X, y)),
        ("weights_change", lambda: weights_change(model, X, y)),
        ("gradient_check", lambda: gradient_check(model, X, y, seed=seed)),
        ("dead_relus", lambda: dead_relus(model, X)),
        ("overfit_small", lambda: overfit_small(model_fn, X, y, n, seed=seed)),
        ("input_independent_baseline", lambda: input_independent_baseline(model_fn, X, y,
                                                                          seed=seed)),
    ]
    if regularized_fn is not None:
        checks.append(("regularization_raises_loss",
                       lambda: regularization_raises_loss(regularized_fn, X, y, seed=seed)))
    for name, check in checks:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # the table reports the same
                results.append(check())
        except TypeError as err:  # the check does not apply to this kind of model
            results.append(CheckResult(name, None, f"skipped: {str(err).splitlines()[0]}"))
    if verbose:
        print(summarize(results))
    return results
