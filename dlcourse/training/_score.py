"""A classifier's loss and accuracy, whatever form its labels and outputs take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from dlcourse.training._checks import check_xy
from dlcourse.training._model import match_input, predict_batches


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
