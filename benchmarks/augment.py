"""Augmentation throughput on Fashion-MNIST 28x28: every image backend in one run.

The lecture's transforms (rotation up to 20 degrees, width and height shift
0.2, "nearest" fill) through each way `dlcourse.augment` offers, on the fast
profile's 12,000 training images (uint8, shuffled every epoch):

- `layers`: the default, `augment.layers_pipeline("lecture")` (rotation and
  shift fused into one affine warp) fed by `augment.fit_inputs` as a `tf.data`
  pipeline (shuffled indices, one gather and one warp per 512 images, cut back
  into batches): what `model.fit` consumes on the CPU.
- `layers_in_model`: the same layer called with `training=True` inside a
  `tf.function`, on batches already in memory: what runs on the training
  device when the layer is the model's first layer (on a GPU, the GPU's
  throughput).
- `keras_layers`: Keras's own `RandomRotation` + `RandomTranslation` in
  `data.as_dataset`: two resampling passes, the reference the issue measured.
- `legacy`: `augment.legacy_generator("geometric")` (ImageDataGenerator with
  the lecture's rotation and shifts) through `augment.legacy_flow`.
- `augmentor`: `augment.augmentor_pipeline("none")` plus Augmentor's
  `rotate(20, 20)`, through `augment.augmentor_flow`; Augmentor has no shift
  operation, so this is rotation only (less work than the others).
- `augmentor_slide`: the slide's Augmentor preset
  (`augment.augmentor_pipeline("lecture")`: rotate90/270, flips, random crop).

Every backend runs one untimed warm-up epoch (it fills the `tf.data` cache
and compiles the XLA warp for both batch shapes), then `--repeats` timed
epochs, round-robin over the backends so that a load change on a shared
machine hits them all alike. Reported per backend: the median images per
second of wall time, the median images per CPU second (process time, all
threads: the figure a busy machine disturbs least) and every repeat; then
both ratios to ImageDataGenerator (`legacy`). Target (issue 6): `layers` at
least 10x `legacy`.

Prints one JSON object on stdout; progress goes to stderr.

    .venv/bin/python benchmarks/augment.py
    .venv/bin/python benchmarks/augment.py --batch-sizes 32 --repeats 3 --backends layers legacy
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import time
from collections.abc import Callable

import numpy as np
from _common import log, machine

from dlcourse import augment, config, data

BACKENDS = ("layers", "layers_in_model", "keras_layers", "legacy", "augmentor",
            "augmentor_slide")
TARGET_RATIO = 10.0  # issue 6: the default at least 10x ImageDataGenerator
ROTATION, SHIFT = 20, 0.2  # the lecture's transforms


def _tf_epoch(dataset) -> Callable[[], int]:
    """One pass over a `tf.data` pipeline; returns the images seen."""

    def epoch() -> int:
        return sum(int(images.shape[0]) for images, _ in dataset)

    return epoch


def _pydataset_epoch(flow) -> Callable[[], int]:
    """One pass over a `keras.utils.PyDataset` by index, as `model.fit` reads it."""

    def epoch() -> int:
        seen = sum(len(flow[i][0]) for i in range(len(flow)))
        flow.on_epoch_end()
        return seen

    return epoch


def _in_model_epoch(X: np.ndarray, batch_size: int, seed: int) -> Callable[[], int]:
    """The default layer as a model's first layer: called in a compiled step, training=True."""
    import tensorflow as tf

    layer = augment.layers_pipeline("lecture", seed=seed)
    step = tf.function(lambda images: layer(images, training=True))
    order = np.random.default_rng(seed)
    batches = [tf.constant(X[i:i + batch_size]) for i in range(0, len(X), batch_size)]

    def epoch() -> int:
        out = None
        for i in order.permutation(len(batches)):
            out = step(batches[i])
        out.numpy()  # waits for the device (asynchronous on a GPU)
        return len(X)

    return epoch


def _keras_layers(seed: int):
    """Keras's own layers for the same transforms: two resampling passes per image."""
    import keras

    return keras.Sequential([
        keras.layers.RandomRotation(ROTATION / 360, fill_mode="nearest", seed=seed),
        keras.layers.RandomTranslation(SHIFT, SHIFT, fill_mode="nearest", seed=seed + 1),
    ])


def build(name: str, X: np.ndarray, y: np.ndarray, batch_size: int,
          seed: int) -> Callable[[], int]:
    """Returns a function that runs one epoch of backend `name` and returns the images seen."""
    if name == "layers":
        layer = augment.layers_pipeline("lecture", seed=seed)
        return _tf_epoch(augment.fit_inputs(layer, X, y, batch_size, seed=seed))
    if name == "layers_in_model":
        return _in_model_epoch(X, batch_size, seed)
    if name == "keras_layers":
        return _tf_epoch(data.as_dataset(X[..., None], y, batch_size, shuffle=True,
                                         augment=_keras_layers(seed), seed=seed))
    if name == "legacy":
        generator = augment.legacy_generator("geometric")
        return _pydataset_epoch(augment.legacy_flow(generator, X, y, batch_size, seed=seed))
    if name == "augmentor":
        pipeline = augment.augmentor_pipeline("none")
        pipeline.rotate(probability=1.0, max_left_rotation=ROTATION,
                        max_right_rotation=ROTATION)
        return _pydataset_epoch(augment.augmentor_flow(pipeline, X, y, batch_size, seed=seed))
    if name == "augmentor_slide":
        pipeline = augment.augmentor_pipeline("lecture")
        return _pydataset_epoch(augment.augmentor_flow(pipeline, X, y, batch_size, seed=seed))
    raise ValueError(f"Unknown backend {name!r}. Expected one of: {', '.join(BACKENDS)}")


def timed(epoch: Callable[[], int]) -> tuple[float, float]:
    """Runs one epoch; returns (images per wall second, images per CPU second)."""
    wall, cpu = time.perf_counter(), time.process_time()
    seen = epoch()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return seen / wall, seen / cpu


def measure(names: list[str], X: np.ndarray, y: np.ndarray, batch_size: int, repeats: int,
            seed: int) -> dict:
    """Warm-up epoch per backend, then `repeats` timed epochs round-robin; medians."""
    epochs = {name: build(name, X, y, batch_size, seed) for name in names}
    for name, epoch in epochs.items():
        start = time.perf_counter()
        epoch()
        log(f"  batch {batch_size} {name}: warm-up epoch {time.perf_counter() - start:.1f} s")
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in names}
    for r in range(repeats):
        for name, epoch in epochs.items():
            runs[name].append(timed(epoch))
        log(f"  batch {batch_size} repeat {r + 1}/{repeats}: "
            + ", ".join(f"{n} {runs[n][-1][0]:,.0f}/s" for n in names))
    results = {
        name: {
            "images_per_s": round(statistics.median(w for w, _ in values)),
            "images_per_cpu_s": round(statistics.median(c for _, c in values)),
            "repeats_images_per_s": [round(w) for w, _ in values],
            "repeats_images_per_cpu_s": [round(c) for _, c in values],
        }
        for name, values in runs.items()
    }
    if "legacy" in results:
        base = results["legacy"]
        for result in results.values():
            result["ratio_to_legacy"] = round(result["images_per_s"] / base["images_per_s"], 2)
            result["cpu_ratio_to_legacy"] = round(
                result["images_per_cpu_s"] / base["images_per_cpu_s"], 2)
    return results


def inference_is_identity(X: np.ndarray, seed: int) -> bool:
    """Whether the default layer leaves images unchanged (but for the float cast) at inference."""
    layer = augment.layers_pipeline("lecture", seed=seed)
    out = layer(X[:64], training=False)
    return bool(np.array_equal(np.asarray(out), X[:64].astype(np.float32)))


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Prints one JSON object on stdout; progress on stderr.",
    )
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[32, 128],
                        help="batch sizes to measure (default: 32 128)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed epochs per backend and batch size (default: 5)")
    parser.add_argument("--images", type=int, default=None,
                        help="images per epoch, a prefix of the fast profile's training set "
                             "(default: all 12,000)")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS),
                        help="backends to time (default: all)")
    parser.add_argument("--seed", type=int, default=0, help="seed (default: 0)")
    args = parser.parse_args(argv)
    if args.repeats < 1 or min(args.batch_sizes) < 1 or (
            args.images is not None and args.images < 1):
        parser.error("--repeats, --batch-sizes and --images must be positive")

    config.seed_everything(args.seed)
    X, y = data.load("fashion_mnist", seed=args.seed, profile="fast").train
    X, y = X[:args.images], y[:args.images]
    host = machine()
    log(f"augment benchmark: {len(X)} images {X.shape[1:]} per epoch, "
        f"backends {args.backends}, {args.repeats} repeats")
    results = {}
    for batch_size in args.batch_sizes:
        results[str(batch_size)] = measure(args.backends, X, y, batch_size, args.repeats,
                                           args.seed)
    # the machine may be shared: the load at the end shows whether it changed during the run
    host["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    report = {
        "benchmark": "augment",
        "date": datetime.date.today().isoformat(),
        "machine": host,
        "settings": {
            "dataset": "fashion_mnist (fast profile train split)",
            "images_per_epoch": len(X),
            "transforms": {"rotation_degrees": ROTATION, "width_shift": SHIFT,
                           "height_shift": SHIFT, "fill_mode": "nearest"},
            "batch_sizes": args.batch_sizes,
            "repeats": args.repeats,
            "warm_up": "one untimed epoch per backend",
            "statistic": "median over repeats",
            "seed": args.seed,
        },
        "results": results,
    }
    if "layers" in args.backends:
        report["layers_inference_is_identity"] = inference_is_identity(X, args.seed)
    if {"layers", "legacy"} <= set(args.backends):
        report["target"] = {
            "what": f"layers >= {TARGET_RATIO:g}x legacy (ImageDataGenerator) images/s",
            "ratio_by_batch_size": {b: r["layers"]["ratio_to_legacy"]
                                    for b, r in results.items()},
            "met": all(r["layers"]["ratio_to_legacy"] >= TARGET_RATIO
                       for r in results.values()),
        }
    return report


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
