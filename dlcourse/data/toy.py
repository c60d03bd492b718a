"""Small datasets made on the spot: 2-D classification sets, sequences, audio.

Every maker takes `n_samples` and a NumPy `rng` and returns `(X, y)`; the
2-D sets return float32 `X` of shape (n, 2) and int64 labels, balanced.
"""

from __future__ import annotations

import numpy as np

SAMPLE_RATE = 8000  # Hz for the synthetic audio clips: enough for tones up to 4 kHz


def _halves(n: int) -> tuple[int, int]:
    return n - n // 2, n // 2


def moons(n_samples: int, rng: np.random.Generator, noise: float = 0.1):
    """Two interleaving half circles (scikit-learn's `make_moons`)."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples, noise=noise, random_state=int(rng.integers(2**31)))
    return X.astype(np.float32), y.astype(np.int64)


def circles(n_samples: int, rng: np.random.Generator, noise: float = 0.05, factor: float = 0.5):
    """Two concentric circles (scikit-learn's `make_circles`)."""
    from sklearn.datasets import make_circles

    X, y = make_circles(
        n_samples, noise=noise, factor=factor, random_state=int(rng.integers(2**31))
    )
    return X.astype(np.float32), y.astype(np.int64)


def ring(n_samples: int, rng: np.random.Generator, noise: float = 0.0):
    """A disc (class 1) inside a ring (class 0), as in the TensorFlow playground.

    Radii: disc up to 0.5, ring from 0.7 to 1.0. The gap makes it separable
    by a hidden layer of three ReLU or tanh units (a triangle around the
    disc), but not by a single neuron on (x1, x2).
    """
    n_in, n_out = _halves(n_samples)
    r = np.concatenate([rng.uniform(0, 0.5, n_in), rng.uniform(0.7, 1.0, n_out)])
    theta = rng.uniform(0, 2 * np.pi, n_samples)
    X = np.stack([r * np.cos(theta), r * np.sin(theta)], axis=1)
    X += rng.normal(0, noise, X.shape)
    y = np.concatenate([np.ones(n_in), np.zeros(n_out)])
    return X.astype(np.float32), y.astype(np.int64)


def spirals(n_samples: int, rng: np.random.Generator, noise: float = 0.05, turns: float = 1.5):
    """Two interleaved spirals, one per class."""
    counts = _halves(n_samples)
    Xs, ys = [], []
    for label, count in enumerate(counts):
        t = np.sqrt(rng.uniform(0, 1, count)) * turns * 2 * np.pi  # sqrt: even density
        angle = t + label * np.pi
        radius = t / (turns * 2 * np.pi)
        Xs.append(np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1))
        ys.append(np.full(count, label))
    X = np.concatenate(Xs) + rng.normal(0, noise, (n_samples, 2))
    return X.astype(np.float32), np.concatenate(ys).astype(np.int64)


def xor(n_samples: int, rng: np.random.Generator, noise: float = 0.0, margin: float = 0.1):
    """Points in [-1, 1]^2, label 1 where x1 and x2 have the same sign.

    Points closer than `margin` to an axis are pushed out, so the four
    quadrants are clearly apart.
    """
    quadrant = rng.permutation(np.arange(n_samples) % 4)  # balanced quadrants and classes
    signs = np.stack([np.where(quadrant % 2, 1, -1), np.where(quadrant // 2, 1, -1)], axis=1)
    X = rng.uniform(margin, 1, (n_samples, 2)) * signs
    y = (X[:, 0] * X[:, 1] > 0).astype(np.int64)
    X = X + rng.normal(0, noise, X.shape)
    return X.astype(np.float32), y


def blobs(n_samples: int, rng: np.random.Generator, noise: float = 0.5):
    """Two Gaussian blobs centred at (-1.5, -1.5) and (1.5, 1.5): linearly separable."""
    n0, n1 = _halves(n_samples)
    X = np.concatenate([rng.normal(-1.5, noise, (n0, 2)), rng.normal(1.5, noise, (n1, 2))])
    y = np.concatenate([np.zeros(n0), np.ones(n1)])
    return X.astype(np.float32), y.astype(np.int64)


def sine(n_samples: int, rng: np.random.Generator, seq_len: int = 50, noise: float = 0.05):
    """Windows of noisy sine waves; the target is the next value (regression).

    Returns X of shape (n, seq_len, 1) and y of shape (n,), both float32.
    """
    freq = rng.uniform(0.02, 0.1, (n_samples, 1))  # cycles per step
    phase = rng.uniform(0, 2 * np.pi, (n_samples, 1))
    t = np.arange(seq_len + 1)[None, :]
    wave = np.sin(2 * np.pi * freq * t + phase) + rng.normal(0, noise, (n_samples, seq_len + 1))
    return wave[:, :seq_len, None].astype(np.float32), wave[:, seq_len].astype(np.float32)


def long_gap(n_samples: int, rng: np.random.Generator, seq_len: int = 50, noise: float = 0.2):
    """Remember the first step: the label is 1 if x[0] is +1, 0 if it is -1.

    Every later step is Gaussian noise that carries no information, so a
    model must keep one bit across `seq_len - 1` steps: the long dependency
    that a SimpleRNN loses to vanishing gradients and an LSTM keeps.
    Returns X of shape (n, seq_len, 1) float32 and y of shape (n,) int64.
    """
    if seq_len < 2:
        raise ValueError(f"Expected `seq_len` >= 2. Received: seq_len={seq_len}")
    y = rng.permutation(np.arange(n_samples) % 2).astype(np.int64)
    X = rng.normal(0, noise, (n_samples, seq_len, 1))
    X[:, 0, 0] = 2 * y - 1
    return X.astype(np.float32), y


AUDIO_CLASSES = ("low_tone", "high_tone", "chirp_up", "chirp_down")


def audio(n_samples: int, rng: np.random.Generator, duration: float = 0.5, noise: float = 0.02):
    """Synthetic clips at 8 kHz: low tone, high tone, rising chirp, falling chirp.

    Frequencies, amplitude and phase vary per clip; light Gaussian noise is
    added. Returns X of shape (n, duration * 8000) float32 in [-1, 1] and y int64.
    """
    length = int(round(duration * SAMPLE_RATE))
    t = np.arange(length) / SAMPLE_RATE
    y = rng.permutation(np.arange(n_samples) % len(AUDIO_CLASSES)).astype(np.int64)
    X = np.empty((n_samples, length), np.float32)
    for i, label in enumerate(y):
        f0 = {0: rng.uniform(200, 400), 1: rng.uniform(1200, 1600),
              2: rng.uniform(300, 500), 3: rng.uniform(1300, 1500)}[int(label)]
        f1 = {0: f0, 1: f0, 2: rng.uniform(1300, 1500), 3: rng.uniform(300, 500)}[int(label)]
        # phase is the integral of a linearly swept frequency
        phase = 2 * np.pi * (f0 * t + (f1 - f0) * t**2 / (2 * duration)) + rng.uniform(0, 2 * np.pi)
        clip = rng.uniform(0.3, 0.8) * np.sin(phase) + rng.normal(0, noise, length)
        X[i] = np.clip(clip, -1, 1)
    return X, y


TWO_D = {"moons": moons, "circles": circles, "ring": ring, "spirals": spirals,
         "xor": xor, "blobs": blobs}
SEQUENCES = {"sine": sine, "long_gap": long_gap}
