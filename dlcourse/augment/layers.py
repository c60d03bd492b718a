"""The default backend: one random affine warp per batch, as a Keras layer.

`RandomAffine` draws a rotation, shift, zoom and flips for every image,
multiplies them into one 3x3 matrix per image and warps the whole batch in one
call: one resampling pass per image (two stacked Keras layers resample twice
and blur twice) and no Python per image. It runs inside `tf.data` on the CPU
or inside the model on the GPU.

The warp is TensorFlow's `ImageProjectiveTransformV3` kernel, or, for the
`"nearest"` and `"constant"` fill modes, the same bilinear sampling written as
gathers and compiled by XLA (`jit_compile="auto"`): on two CPU cores and 28x28
images the XLA warp itself is about twice as fast, and a whole `tf.data`
pipeline spends 15-30% less CPU per image. The two agree to float rounding.
"""

from __future__ import annotations

import math
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from dlcourse import _validate

FILL_MODES = ("nearest", "constant", "reflect", "wrap")
JIT_FILL_MODES = ("nearest", "constant")  # the gather version implements these two
INTERPOLATIONS = ("bilinear", "nearest")

# rotation in degrees, shifts as fractions of the width/height (the units of
# the lecture's ImageDataGenerator), zoom as a fraction around 1.
LAYER_PRESETS: dict[str, dict[str, Any]] = {
    "lecture": {"rotation": 20.0, "width_shift": 0.2, "height_shift": 0.2},
    "lecture_zoom": {"rotation": 20.0, "width_shift": 0.2, "height_shift": 0.2, "zoom": 0.1},
    "flips": {"horizontal_flip": True, "vertical_flip": True},
    "none": {},
}


def _symmetric(value: Any, name: str, limit: float | None = None) -> tuple[float, float]:
    """A number v means the range (-v, v); a pair (low, high) is taken as it is."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = (float(v) for v in value)
    elif _validate.is_number(value) and value >= 0:
        low, high = -float(value), float(value)
    else:
        raise ValueError(
            f"Expected `{name}` as a non-negative number v (range -v..v) or a pair "
            f"(low, high). Received: {name}={value!r}"
        )
    if not low <= high or (limit is not None and max(abs(low), abs(high)) > limit):
        bound = f" within [-{limit}, {limit}]" if limit is not None else ""
        raise ValueError(f"Expected `{name}` with low <= high{bound}. Received: {name}={value!r}")
    return low, high


def _zoom_range(value: Any) -> tuple[float, float]:
    """A fraction z in [0, 1) means factors (1 - z, 1 + z); a pair is taken as factors."""
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = (float(v) for v in value)
    elif _validate.is_number(value) and 0 <= value < 1:
        low, high = 1 - float(value), 1 + float(value)
    else:
        raise ValueError(
            f"Expected `zoom` as a fraction z in [0, 1) (factors 1-z..1+z) or a pair of "
            f"factors (low, high). Received: zoom={value!r}"
        )
    if not 0 < low <= high:
        raise ValueError(f"Expected zoom factors with 0 < low <= high. Received: zoom={value!r}")
    return low, high


def _choice(value: Any, valid: tuple[str, ...], name: str) -> str:
    if value not in valid:
        raise ValueError(f"Expected `{name}` in {valid}. Received: {name}={value!r}")
    return value


def _round(v: tf.Tensor) -> tf.Tensor:
    """Rounds half away from zero, as the C++ kernel's std::round (tf.round rounds to even)."""
    return tf.sign(v) * tf.floor(tf.abs(v) + 0.5)


def _gather_warp(x: tf.Tensor, matrices: tf.Tensor, interpolation: str, fill_mode: str,
                 fill_value: tf.Tensor) -> tf.Tensor:
    """ImageProjectiveTransformV3's sampling for affine rows, in ops XLA can fuse.

    x: float32 (n, height, width, channels); matrices: (n, 8) output-to-input.
    Like the kernel: "nearest" fill clamps the input coordinate into the
    image, then each neighbour outside the image reads `fill_value`.
    """
    shape = tf.shape(x)
    n, height, width, channels = shape[0], shape[1], shape[2], shape[3]
    h, w = tf.cast(height, tf.float32), tf.cast(width, tf.float32)
    m = matrices[:, :, None, None]
    xs = tf.range(w)[None, None, :]
    ys = tf.range(h)[None, :, None]
    x_in = m[:, 0] * xs + m[:, 1] * ys + m[:, 2]
    y_in = m[:, 3] * xs + m[:, 4] * ys + m[:, 5]
    if fill_mode == "nearest":
        x_in, y_in = tf.clip_by_value(x_in, 0.0, w - 1), tf.clip_by_value(y_in, 0.0, h - 1)
    if interpolation == "nearest":
        taps = [(_round(y_in), _round(x_in), None)]
    else:
        x0, y0 = tf.floor(x_in), tf.floor(y_in)
        fx, fy = x_in - x0, y_in - y0
        taps = [(y0, x0, (1 - fx) * (1 - fy)), (y0, x0 + 1, fx * (1 - fy)),
                (y0 + 1, x0, (1 - fx) * fy), (y0 + 1, x0 + 1, fx * fy)]
    flat = tf.reshape(x, [n, height * width, channels])
    out = None
    for ty, tx, weight in taps:
        inside = (tx >= 0) & (tx <= w - 1) & (ty >= 0) & (ty <= h - 1)
        index = tf.cast(tf.clip_by_value(ty, 0.0, h - 1), tf.int32) * width \
            + tf.cast(tf.clip_by_value(tx, 0.0, w - 1), tf.int32)
        values = tf.gather(flat, tf.reshape(index, [n, -1]), batch_dims=1)
        values = tf.where(inside[..., None], tf.reshape(values, shape), fill_value)
        term = values if weight is None else weight[..., None] * values
        out = term if out is None else out + term
    return out


# compiled once per batch shape and option set (about half a second on two cores)
_xla_warp = tf.function(_gather_warp, jit_compile=True, reduce_retracing=True)


def _jit_choice(value: Any, fill_mode: str) -> bool:
    if value == "auto":
        return fill_mode in JIT_FILL_MODES
    if value is True and fill_mode not in JIT_FILL_MODES:
        raise ValueError(
            f"Expected fill_mode in {JIT_FILL_MODES} with jit_compile=True (the XLA version "
            f"implements those). Received: fill_mode={fill_mode!r}. Use jit_compile=False."
        )
    if not isinstance(value, bool):
        raise ValueError(f"Expected `jit_compile` in ('auto', True, False). "
                         f"Received: jit_compile={value!r}")
    return value


class RandomAffine(keras.layers.Layer):
    """Randomly rotates, shifts, zooms and flips images with one warp per image.

    The transforms of one image are fused into one projective matrix, and the
    batch is warped by one `ImageProjectiveTransformV3` call. A fixed rotation
    and shift give the same image as `keras.layers.RandomRotation` followed by
    `keras.layers.RandomTranslation` with the same fixed factors. A no-op
    (apart from the cast to float) when `training=False`, so it can sit inside a
    model. Works on (n, height, width) and (n, height, width, channels) input
    and returns the same shape in `float32`, values in the input's range.

    Args:
        rotation: degrees; a number r draws angles in [-r, r], a pair
            `(low, high)` in [low, high]. Defaults to `0.0`.
        width_shift: horizontal shift as a fraction of the width; a number or
            a pair, as for `rotation`. Defaults to `0.0`.
        height_shift: vertical shift as a fraction of the height. Defaults to
            `0.0`.
        zoom: a fraction z draws scale factors in [1 - z, 1 + z] (above 1 the
            content grows); a pair gives the factors. Defaults to `0.0`.
        horizontal_flip: mirror left-right with probability 0.5. Defaults to
            `False`.
        vertical_flip: mirror top-bottom with probability 0.5. Defaults to
            `False`.
        fill_mode: how pixels from outside the image are filled: `"nearest"`
            (as ImageDataGenerator), `"constant"`, `"reflect"` or `"wrap"`.
            Defaults to `"nearest"`.
        fill_value: the value for `fill_mode="constant"`. Defaults to `0.0`.
        interpolation: `"bilinear"` or `"nearest"`. Defaults to `"bilinear"`.
        seed: seeds the layer's `keras.random.SeedGenerator`. Defaults to
            `None` (unseeded).
        jit_compile: warp with the XLA-compiled gathers (`True`, for the
            `"nearest"` and `"constant"` fill modes) or with the
            `ImageProjectiveTransformV3` kernel (`False`); `"auto"` uses XLA
            where the fill mode allows. Each new batch shape compiles once.
            Defaults to `"auto"`.
        **kwargs: `keras.layers.Layer` arguments such as `name`.

    Returns:
        A Keras layer.

    Example:
        >>> import numpy as np
        >>> layer = RandomAffine(rotation=20, width_shift=0.2, height_shift=0.2, seed=0)
        >>> layer(np.zeros((2, 28, 28), "uint8")).shape
        TensorShape([2, 28, 28])
    """

    def __init__(
        self,
        rotation: float | tuple[float, float] = 0.0,
        width_shift: float | tuple[float, float] = 0.0,
        height_shift: float | tuple[float, float] = 0.0,
        zoom: float | tuple[float, float] = 0.0,
        horizontal_flip: bool = False,
        vertical_flip: bool = False,
        fill_mode: str = "nearest",
        fill_value: float = 0.0,
        interpolation: str = "bilinear",
        seed: int | None = None,
        jit_compile: bool | str = "auto",
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.rotation = _symmetric(rotation, "rotation", limit=360)
        self.width_shift = _symmetric(width_shift, "width_shift", limit=1)
        self.height_shift = _symmetric(height_shift, "height_shift", limit=1)
        self.zoom = _zoom_range(zoom)
        self.horizontal_flip = bool(horizontal_flip)
        self.vertical_flip = bool(vertical_flip)
        self.fill_mode = _choice(fill_mode, FILL_MODES, "fill_mode")
        self.fill_value = float(fill_value)
        self.interpolation = _choice(interpolation, INTERPOLATIONS, "interpolation")
        self.seed = None if seed is None else _validate.seed(seed)
        self.seed_generator = keras.random.SeedGenerator(seed)
        self.jit_compile = jit_compile
        self.use_xla = _jit_choice(jit_compile, self.fill_mode)
        self.supports_jit = self.use_xla  # ImageProjectiveTransformV3 has no XLA kernel

    def _matrices(self, u: tf.Tensor, height: tf.Tensor, width: tf.Tensor) -> tf.Tensor:
        """(n, 8) output-to-input matrices from uniform draws u of shape (n, 6)."""

        def between(low_high, column):
            low, high = low_high
            return low + (high - low) * u[:, column]

        theta = between(self.rotation, 0) * (math.pi / 180)
        tx = between(self.width_shift, 1) * width
        ty = between(self.height_shift, 2) * height
        scale = between(self.zoom, 3)
        one = tf.ones_like(theta)
        fx = tf.where(u[:, 4] < 0.5, -one, one) if self.horizontal_flip else one
        fy = tf.where(u[:, 5] < 0.5, -one, one) if self.vertical_flip else one
        # Output pixel p reads input pixel c + M (p - t - c): undo the shift,
        # then the rotation (Keras's RandomRotation matrix), zoom and flips.
        cos, sin = tf.cos(theta), tf.sin(theta)
        a0, a1 = fx * cos / scale, -fx * sin / scale
        b0, b1 = fy * sin / scale, fy * cos / scale
        cx, cy = (width - 1) / 2, (height - 1) / 2
        a2 = cx - (a0 * (cx + tx) + a1 * (cy + ty))
        b2 = cy - (b0 * (cx + tx) + b1 * (cy + ty))
        zero = tf.zeros_like(theta)
        return tf.stack([a0, a1, a2, b0, b1, b2, zero, zero], axis=1)

    def _warp(self, images: tf.Tensor, u: tf.Tensor) -> tf.Tensor:
        x = tf.cast(images, tf.float32)
        rank3 = x.shape.rank == 3
        if rank3:
            x = x[..., None]
        size = tf.shape(x)[1:3]
        matrices = self._matrices(u, tf.cast(size[0], tf.float32), tf.cast(size[1], tf.float32))
        if self.use_xla:
            out = _xla_warp(x, matrices, self.interpolation, self.fill_mode,
                            tf.constant(self.fill_value))
        else:
            out = tf.raw_ops.ImageProjectiveTransformV3(
                images=x, transforms=matrices, output_shape=size, fill_value=self.fill_value,
                interpolation=self.interpolation.upper(), fill_mode=self.fill_mode.upper(),
            )
        return out[..., 0] if rank3 else out

    def _check_rank(self, images: tf.Tensor) -> None:
        rank = images.shape.rank
        if rank not in (3, 4):
            raise ValueError(
                f"Expected a batch of images (n, height, width[, channels]). "
                f"Received: shape={images.shape}. For one image use `image[None]`."
            )
        if rank == 4 and images.shape[-1] is not None and images.shape[-1] not in (1, 3, 4):
            # e.g. the slide's reshape to (n, 1, 28, 28): channels first
            raise ValueError(
                f"Expected channels last, (n, height, width, 1, 3 or 4). Received: "
                f"shape={images.shape}. For (n, 1, 28, 28) pass `X.reshape(-1, 28, 28)`."
            )

    def call(self, inputs, training=True):
        images = tf.convert_to_tensor(inputs)
        self._check_rank(images)
        if not training:
            return tf.cast(images, self.compute_dtype)
        u = keras.random.uniform((tf.shape(images)[0], 6), seed=self.seed_generator)
        return tf.cast(self._warp(images, tf.cast(u, tf.float32)), self.compute_dtype)

    def warp(self, images, seed) -> tf.Tensor:
        """Augments a batch with a stateless seed: same seed, same output, in any order.

        `fit_inputs` uses it inside `tf.data`, where parallel calls would draw
        from the layer's seed generator in a different order on every run.

        Args:
            images: (n, height, width[, channels]) array or tensor.
            seed: an int or a shape-(2,) integer tensor.

        Returns:
            A float32 tensor of the input's shape.

        Example:
            >>> import numpy as np
            >>> layer = RandomAffine(rotation=20)
            >>> X = np.arange(2 * 8 * 8, dtype="uint8").reshape(2, 8, 8)
            >>> bool(np.array_equal(layer.warp(X, 3), layer.warp(X, 3)))
            True
        """
        images = tf.convert_to_tensor(images)
        self._check_rank(images)
        if isinstance(seed, (int, np.integer)):
            seed = [_validate.seed(seed), 0]
        return self._warp(images, self.draws(tf.shape(images)[0], seed))

    @staticmethod
    def draws(n, seed) -> tf.Tensor:
        """The uniform draws behind `warp(images, seed)` for a batch of `n` images: (n, 6).

        Philox fills its output in order, so the draws for fewer images with
        the same seed are the first rows of these.
        """
        return tf.random.stateless_uniform((n, 6), seed=seed)

    def warp_batches(self, images, draws) -> tf.Tensor:
        """Augments consecutive batches in one warp: the same as `warp` on each batch.

        `fit_inputs` warps several batches per call because at batch 32 the
        fixed cost of one call (the matrices, the launch of the XLA warp) is
        most of the work. It draws each batch's transforms from that batch's
        seed with `draws`, as `warp` does, and stacks them.

        Args:
            images: (m, height, width[, channels]) array or tensor: the
                batches one after the other.
            draws: (m', 6) float32 with m' >= m: `draws(batch_size, seed_i)`
                of every batch i, concatenated; rows past `m` are unused.

        Returns:
            A float32 tensor of the input's shape.

        Example:
            >>> import numpy as np
            >>> layer = RandomAffine(rotation=20)
            >>> X = np.arange(5 * 8 * 8, dtype="uint8").reshape(5, 8, 8)
            >>> seeds = [[1, 0], [2, 0], [3, 0]]  # batches of 2, 2 and 1 images
            >>> u = np.concatenate([layer.draws(2, s) for s in seeds])
            >>> together = layer.warp_batches(X, u)
            >>> one_by_one = np.concatenate([layer.warp(X[i:i + 2], s)
            ...                              for i, s in zip((0, 2, 4), seeds)])
            >>> bool(np.array_equal(together, one_by_one))
            True
        """
        images = tf.convert_to_tensor(images)
        self._check_rank(images)
        draws = tf.convert_to_tensor(draws, tf.float32)
        if draws.shape.rank != 2 or draws.shape[1] != 6:
            raise ValueError(f"Expected `draws` of shape (n, 6), from `RandomAffine.draws`. "
                             f"Received: shape={draws.shape}")
        return self._warp(images, draws[:tf.shape(images)[0]])

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict[str, Any]:
        return {
            **super().get_config(),
            "rotation": self.rotation, "width_shift": self.width_shift,
            "height_shift": self.height_shift, "zoom": self.zoom,
            "horizontal_flip": self.horizontal_flip, "vertical_flip": self.vertical_flip,
            "fill_mode": self.fill_mode, "fill_value": self.fill_value,
            "interpolation": self.interpolation, "seed": self.seed,
            "jit_compile": self.jit_compile,
        }


OPTIONS = ["rotation", "width_shift", "height_shift", "zoom", "horizontal_flip",
           "vertical_flip", "fill_mode", "fill_value", "interpolation", "jit_compile", "name"]


def layers_pipeline(preset: str = "lecture", *, seed: int = 0, **overrides: Any) -> RandomAffine:
    """Builds the default augmentation backend: a `RandomAffine` layer from a preset.

    Use it in `tf.data` on the CPU (`fit_inputs(layer, X, y)` or
    `data.as_dataset(X, y, augment=layer)`) or as the first layer of the model,
    where it runs on the GPU and is skipped by `evaluate` and `predict`.

    Args:
        preset: a name in `LAYER_PRESETS`: `"lecture"` (rotation up to 20
            degrees, width and height shift 0.2, as the slide's
            ImageDataGenerator), `"lecture_zoom"` (plus zoom 0.1), `"flips"`
            or `"none"`. Defaults to `"lecture"`.
        seed: seeds the layer's random draws. Defaults to `0`.
        **overrides: `RandomAffine` arguments that replace the preset's, e.g.
            `horizontal_flip=True`.

    Returns:
        A new `RandomAffine` layer.

    Example:
        >>> import keras
        >>> augment = layers_pipeline("lecture", seed=0)
        >>> model = keras.Sequential([keras.Input((28, 28)), augment,
        ...                           keras.layers.Rescaling(1 / 255)])
        >>> model.output_shape
        (None, 28, 28)
    """
    options = dict(_validate.preset(preset, LAYER_PRESETS, "layers"))
    _validate.options(overrides, sorted(OPTIONS), "layers_pipeline (RandomAffine)")
    options.update(overrides)
    return RandomAffine(seed=_validate.seed(seed), **options)
