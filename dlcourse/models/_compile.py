"""The course's one compile policy: the loss and metrics a model's output layers call for.

`training.compile_if_needed` and `methodology.keras_tuner_search` compile
through `compile_for` too, so the optimizer names, the learning-rate check
and the loss inference live only here.
"""

from __future__ import annotations

from typing import Any

from dlcourse import _validate

OPTIMIZERS = ("adam", "adamw", "sgd", "rmsprop")


def _loss_for(layer) -> tuple[Any, list[str]]:
    import keras

    activation = getattr(layer, "activation", None)
    units = getattr(layer, "units", None)
    if activation is keras.activations.softmax:
        return "sparse_categorical_crossentropy", ["accuracy"]
    if activation is keras.activations.sigmoid and units == 1:
        return "binary_crossentropy", ["accuracy"]
    if activation is keras.activations.linear and units == 1:
        return "mse", ["mae"]
    if activation is keras.activations.linear and isinstance(units, int) and units > 1:
        # several linear units: logits over classes (labels are class indices, as data.load
        # gives them); mse against (n,) labels would not even run
        return keras.losses.SparseCategoricalCrossentropy(from_logits=True), ["accuracy"]
    raise ValueError(
        f"Cannot infer a loss for output layer {layer.name!r} ({type(layer).__name__}, "
        f"activation={getattr(activation, '__name__', activation)}). Pass `loss=` and `metrics=`."
    )


def compile_for(model, lr=1e-3, *, optimizer="adam", loss=None, metrics=None,
                loss_weights=None):
    """Compiles a model with the loss and metrics its output layers call for.

    Softmax outputs get sparse categorical cross-entropy and accuracy (labels
    are class indices, as `data.load` returns them), a single sigmoid unit
    binary cross-entropy and accuracy, a single linear unit mean squared
    error and mean absolute error, and several linear units (logits) sparse
    categorical cross-entropy from logits and accuracy; for regression on
    several targets pass `loss="mse"`. Models with several outputs get one of
    each per output name.

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
        >>> from dlcourse.models import binary_classifier
        >>> model = compile_for(binary_classifier(hidden_units=(3,)), lr=0.01)
        >>> model.loss
        'binary_crossentropy'
    """
    import keras

    if not isinstance(model, keras.Model):
        raise TypeError(f"Expected a keras.Model. Received: {type(model).__name__}")
    lr = _validate.positive(lr, "lr")
    classes = {"adam": keras.optimizers.Adam, "adamw": keras.optimizers.AdamW,
               "sgd": keras.optimizers.SGD, "rmsprop": keras.optimizers.RMSprop}
    if not isinstance(optimizer, str) or optimizer not in classes:
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
