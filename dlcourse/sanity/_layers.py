"""What the checks read off a built model: is it one, and which layers regularize or are frozen."""

from __future__ import annotations

from typing import Any


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


def _is_relu(layer: Any) -> bool:
    import keras

    if isinstance(layer, keras.layers.ReLU):
        return not layer.negative_slope
    name = getattr(getattr(layer, "activation", None), "__name__", None)
    return name in ("relu", "relu6")

