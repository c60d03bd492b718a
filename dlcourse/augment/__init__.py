"""Data augmentation for the course: images on three backends, plus audio and text.

One API over three image backends:

- `layers` (default, fastest): `layers_pipeline()` gives a `RandomAffine`
  Keras layer (rotation, shift, zoom, flips fused into one warp per image),
  for `tf.data` on the CPU or inside the model on the GPU.
- `augmentor`: `augmentor_pipeline()` gives the slide's `Augmentor.Pipeline`.
- `legacy`: `legacy_generator()` gives the slide's (deprecated)
  `ImageDataGenerator`.

Any of them trains with a plain `model.fit`, no hand-written loop:

    >>> from dlcourse import augment
    >>> train = augment.fit_inputs("layers", X_train, y_train, batch_size=32)  # doctest: +SKIP
    >>> model.fit(train, epochs=5, validation_data=(X_val, y_val))            # doctest: +SKIP

`grid()` shows augmented samples; `label_switch_rate()` measures how often a
transform turns a sample into another class (a 6 rotated by 180 degrees is a
9). `augment.audio` and `augment.text` hold the lecture's audio and text
augmentations.

Importing this package is cheap: TensorFlow, Keras and Augmentor load when a
function that needs them runs.
"""

from __future__ import annotations

from dlcourse import _lazy

# public name -> the submodule that defines it
_WHERE = {
    "BACKENDS": "backends", "pipeline": "backends", "fit_inputs": "backends",
    "RandomAffine": "layers", "LAYER_PRESETS": "layers", "layers_pipeline": "layers",
    "MatchInputSize": "augmentor", "AUGMENTOR_PRESETS": "augmentor",
    "augmentor_pipeline": "augmentor", "augmentor_flow": "augmentor",
    "LEGACY_PRESETS": "legacy", "legacy_generator": "legacy", "legacy_flow": "legacy",
    "legacy_options": "legacy", "legacy_standardize": "legacy",
    "samples": "preview", "grid": "preview",
    "TRANSFORMS": "label_switch", "SwitchReport": "label_switch",
    "label_switch_rate": "label_switch", "rotate180": "label_switch",
    "flip_left_right": "label_switch", "flip_top_bottom": "label_switch",
}

__getattr__, __dir__, __all__ = _lazy.attach(__name__, submodules=("audio", "text"),
                                             names=_WHERE)
