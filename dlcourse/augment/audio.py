"""Audio augmentation from the lecture's list: noise, time shift, speed, pitch, loudness, masks.

Every function takes one float clip (samples,) or a batch (n, samples), draws
its random parameters per clip from `seed`, and returns a new array of the
same shape and dtype: the length never changes, so batches stay rectangular.
A parameter given as a number is used as it is; a pair `(low, high)` is a
range to draw from. `seed` is an int (same int, same output) or a
`np.random.Generator` (to draw fresh values on every call of a training loop).

The clips of `data.load("audio")` are 8 kHz (`splits.info["sample_rate"]`).

    >>> from dlcourse import data
    >>> s = data.load("audio", n_samples=8)
    >>> X_noisy = add_noise(s.train[0], snr_db=(10, 20), seed=0)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from dlcourse import _validate

Seed = int | np.random.Generator


def _clips(x: Any) -> tuple[np.ndarray, bool]:
    """(clips as (n, samples), whether the input was one clip)."""
    x = np.asarray(x)
    if x.ndim not in (1, 2) or x.shape[-1] < 2 or x.size == 0:
        raise ValueError(
            f"Expected a clip (samples,) or a batch of clips (n, samples). Received: "
            f"x.shape={x.shape}"
        )
    if not np.issubdtype(x.dtype, np.floating):
        raise TypeError(
            f"Expected float samples in [-1, 1]. Received: dtype={x.dtype}. "
            f"For 16-bit PCM pass `x.astype(np.float32) / 32768`."
        )
    return np.atleast_2d(x), x.ndim == 1


def _out(clips: np.ndarray, single: bool, dtype: np.dtype) -> np.ndarray:
    clips = clips.astype(dtype, copy=False)
    return clips[0] if single else clips


def _draw(value: Any, n: int, rng: np.random.Generator, name: str, *,
          integer: bool = False, low: float = -np.inf, high: float = np.inf) -> np.ndarray:
    """n values: a number repeated, or draws from a (low, high) range, within [low, high]."""
    kind_ok = _validate.is_int if integer else _validate.is_number
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(map(kind_ok, value)) \
            and value[0] <= value[1]:
        a, b = value
        values = rng.integers(a, b + 1, n) if integer else rng.uniform(a, b, n)
    elif kind_ok(value):
        values = np.full(n, value)
    else:
        kind = "an int" if integer else "a number"
        raise ValueError(
            f"Expected `{name}` as {kind} or a range (low, high) with low <= high. "
            f"Received: {name}={value!r}"
        )
    if values.min() < low or values.max() > high:
        raise ValueError(f"Expected `{name}` within [{low}, {high}]. Received: {name}={value!r}")
    return values


def add_noise(x: Any, snr_db: float | tuple[float, float] = 20.0, *, seed: Seed = 0) -> np.ndarray:
    """Adds white Gaussian noise at a given signal-to-noise ratio.

    The noise is scaled so each clip's SNR, 10 log10(signal power / noise
    power), is exactly `snr_db`. A silent clip stays silent.

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        snr_db: SNR in dB, or a range to draw from per clip. Defaults to `20.0`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The noisy clip(s), same shape and dtype.

    Example:
        >>> t = np.arange(8000) / 8000
        >>> clip = np.sin(2 * np.pi * 440 * t).astype("float32")
        >>> round(snr(clip, add_noise(clip, snr_db=10)), 1)
        10.0
    """
    clips, single = _clips(x)
    rng = _validate.rng(seed)
    target = _draw(snr_db, len(clips), rng, "snr_db")
    signal = clips.astype(np.float64)
    noise = rng.standard_normal(clips.shape)
    power = np.mean(signal**2, axis=1, keepdims=True)
    wanted = power / 10 ** (target[:, None] / 10)
    noise *= np.sqrt(wanted / np.mean(noise**2, axis=1, keepdims=True))
    return _out(signal + noise, single, clips.dtype)


def time_shift(x: Any, shift: int | tuple[int, int], *, fill: str = "zeros",
               seed: Seed = 0) -> np.ndarray:
    """Moves the signal in time by a number of samples, keeping the length.

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        shift: samples to move (positive: later), or an int range per clip,
            e.g. `(-800, 800)` for +-0.1 s at 8 kHz.
        fill: `"zeros"` (silence enters) or `"wrap"` (what leaves one end
            enters at the other). Defaults to `"zeros"`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The shifted clip(s), same shape and dtype.

    Example:
        >>> time_shift(np.array([1.0, 2, 3, 4]), 1).tolist()
        [0.0, 1.0, 2.0, 3.0]
    """
    clips, single = _clips(x)
    if fill not in ("zeros", "wrap"):
        raise ValueError(f"Expected `fill` in ('zeros', 'wrap'). Received: fill={fill!r}")
    length = clips.shape[1]
    shifts = _draw(shift, len(clips), _validate.rng(seed), "shift", integer=True,
                   low=-length, high=length)
    source = np.arange(length)[None, :] - shifts[:, None]
    out = np.take_along_axis(clips, source % length, axis=1)
    if fill == "zeros":
        out = np.where((source >= 0) & (source < length), out, 0)
    return _out(out, single, clips.dtype)


def _read_at(clips: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Linear interpolation of each clip at fractional positions; zero past the end."""
    length = clips.shape[1]
    left = np.clip(np.floor(positions).astype(np.int64), 0, length - 1)
    right = np.clip(left + 1, 0, length - 1)
    frac = positions - left
    values = (1 - frac) * np.take_along_axis(clips, left, axis=1) \
        + frac * np.take_along_axis(clips, right, axis=1)
    return np.where(positions <= length - 1, values, 0.0)


def change_speed(x: Any, factor: float | tuple[float, float] = (0.9, 1.1), *,
                 seed: Seed = 0) -> np.ndarray:
    """Plays the clip faster or slower (tape-style: pitch changes with speed), same length.

    A factor of 1.25 multiplies every frequency by 1.25 and compresses the
    content to 80% of the clip (the rest is silence); below 1 the content is
    stretched and its end is cut off.

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        factor: speed factor in (0, 4], or a range per clip. Defaults to
            `(0.9, 1.1)`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The resampled clip(s), same shape and dtype.

    Example:
        >>> change_speed(np.array([0.0, 1, 2, 3, 4, 5]), 2.0).tolist()
        [0.0, 2.0, 4.0, 0.0, 0.0, 0.0]
    """
    clips, single = _clips(x)
    factors = _draw(factor, len(clips), _validate.rng(seed), "factor", low=1e-3, high=4)
    positions = np.arange(clips.shape[1])[None, :] * factors[:, None]
    return _out(_read_at(clips.astype(np.float64), positions), single, clips.dtype)


def _stft(clip: np.ndarray, n_fft: int, hop: int, window: np.ndarray) -> np.ndarray:
    padded = np.pad(clip, n_fft // 2)
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop]
    return np.fft.rfft(frames * window, axis=1)


def _istft(spectrum: np.ndarray, n_fft: int, hop: int, window: np.ndarray,
           length: int) -> np.ndarray:
    frames = np.fft.irfft(spectrum, n=n_fft, axis=1) * window
    starts = np.arange(len(frames))[:, None] * hop + np.arange(n_fft)[None, :]
    total = starts.max() + 1
    out, weight = np.zeros(total), np.zeros(total)
    np.add.at(out, starts, frames)  # overlap-add
    np.add.at(weight, starts, np.broadcast_to(window**2, frames.shape))
    out /= np.where(weight > 1e-8, weight, 1.0)
    out = out[n_fft // 2:n_fft // 2 + length]
    return np.pad(out, (0, length - len(out)))


def _stretch(spectrum: np.ndarray, rate: float, n_fft: int, hop: int) -> np.ndarray:
    """Phase vocoder: the same spectra `rate` times faster (rate < 1: longer)."""
    steps = np.arange(0, len(spectrum) - 1, rate)
    spectrum = np.vstack([spectrum, np.zeros_like(spectrum[:1])])
    index = steps.astype(np.int64)
    frac = (steps - index)[:, None]
    magnitude = (1 - frac) * np.abs(spectrum[index]) + frac * np.abs(spectrum[index + 1])
    expected = 2 * np.pi * hop * np.arange(spectrum.shape[1]) / n_fft  # phase per hop
    delta = np.angle(spectrum[index + 1]) - np.angle(spectrum[index]) - expected
    delta -= 2 * np.pi * np.round(delta / (2 * np.pi))
    advance = expected + delta
    phase = np.angle(spectrum[0]) + np.vstack([np.zeros_like(advance[:1]),
                                               np.cumsum(advance[:-1], axis=0)])
    return magnitude * np.exp(1j * phase)


def pitch_shift(x: Any, semitones: float | tuple[float, float] = (-2.0, 2.0), *,
                seed: Seed = 0, n_fft: int = 256, hop: int = 64) -> np.ndarray:
    """Raises or lowers the pitch and keeps the duration (phase vocoder, then resampling).

    The clip is stretched in time by 2**(semitones / 12) without changing
    its pitch, then read back at that speed: frequencies are multiplied by
    2**(semitones / 12), and events stay where they were.

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        semitones: shift in semitones (12 = one octave), within [-24, 24], or
            a range per clip. Defaults to `(-2.0, 2.0)`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.
        n_fft: STFT window length in samples (256 = 32 ms at 8 kHz).
            Defaults to `256`.
        hop: STFT hop in samples (n_fft / 4 keeps the phase estimate good).
            Defaults to `64`.

    Returns:
        The shifted clip(s), same shape and dtype.

    Example:
        >>> t = np.arange(4000) / 8000
        >>> clip = np.sin(2 * np.pi * 500 * t)
        >>> higher = pitch_shift(clip, semitones=12.0)
        >>> higher.shape, round(dominant_frequency(higher, 8000) / 100) * 100
        ((4000,), 1000)
    """
    clips, single = _clips(x)
    n_fft = _validate.positive_int(n_fft, "n_fft")
    hop = _validate.positive_int(hop, "hop")
    if hop > n_fft or n_fft > clips.shape[1]:
        raise ValueError(f"Expected hop <= n_fft <= clip length ({clips.shape[1]}). "
                         f"Received: n_fft={n_fft}, hop={hop}")
    shifts = _draw(semitones, len(clips), _validate.rng(seed), "semitones", low=-24, high=24)
    window = np.hanning(n_fft + 1)[:-1]  # periodic Hann: overlap-add sums to a constant
    length = clips.shape[1]
    out = np.empty(clips.shape)
    for i, (clip, steps) in enumerate(zip(clips.astype(np.float64), shifts, strict=True)):
        ratio = 2.0 ** (steps / 12)
        stretched = _istft(_stretch(_stft(clip, n_fft, hop, window), 1 / ratio, n_fft, hop),
                           n_fft, hop, window, int(round(length * ratio)))
        positions = np.arange(length) * (len(stretched) / length)
        out[i] = _read_at(stretched[None, :], positions[None, :])[0]
    return _out(out, single, clips.dtype)


def change_gain(x: Any, db: float | tuple[float, float] = (-6.0, 6.0), *,
                seed: Seed = 0) -> np.ndarray:
    """Makes the clip louder or quieter by a gain in dB (the lecture's loudness); no clipping.

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        db: gain in dB (+6 dB doubles the amplitude), or a range per clip.
            Defaults to `(-6.0, 6.0)`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The scaled clip(s), same shape and dtype.

    Example:
        >>> change_gain(np.array([0.1, -0.2]), db=20.0).round(3).tolist()
        [1.0, -2.0]
    """
    clips, single = _clips(x)
    gains = _draw(db, len(clips), _validate.rng(seed), "db", low=-120, high=120)
    return _out(clips * 10 ** (gains[:, None] / 20), single, clips.dtype)


def time_mask(x: Any, width: int | tuple[int, int], *, start: int | None = None,
              seed: Seed = 0) -> np.ndarray:
    """Silences a span of samples (SpecAugment's time masking, on the waveform).

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        width: samples to zero, or an int range per clip.
        start: first zeroed sample, or `None` for a random start per clip
            (the span always fits inside the clip). Defaults to `None`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The masked clip(s), same shape and dtype; `x[start:start + width]` is 0.

    Example:
        >>> time_mask(np.ones(6), 2, start=3).tolist()
        [1.0, 1.0, 1.0, 0.0, 0.0, 1.0]
    """
    clips, single = _clips(x)
    rng = _validate.rng(seed)
    length = clips.shape[1]
    widths = _draw(width, len(clips), rng, "width", integer=True, low=0, high=length)
    if start is None:
        starts = (rng.random(len(clips)) * (length - widths + 1)).astype(np.int64)
    else:
        starts = _draw(start, len(clips), rng, "start", integer=True, low=0, high=length)
        if (starts + widths).max() > length:
            raise ValueError(f"Expected start + width <= clip length ({length}). "
                             f"Received: start={start}, width={width}")
    samples = np.arange(length)[None, :]
    inside = (samples >= starts[:, None]) & (samples < (starts + widths)[:, None])
    return _out(np.where(inside, 0, clips), single, clips.dtype)


def frequency_mask(x: Any, width_hz: float | tuple[float, float], *, sample_rate: int,
                   low_hz: float | None = None, seed: Seed = 0) -> np.ndarray:
    """Removes a band of frequencies from the whole clip (SpecAugment's frequency masking).

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        width_hz: band width in Hz, or a range per clip.
        sample_rate: samples per second, e.g. `splits.info["sample_rate"]`.
        low_hz: the band's lower edge, or `None` for a random band per clip
            below the Nyquist frequency. Defaults to `None`.
        seed: an int or a `np.random.Generator`. Defaults to `0`.

    Returns:
        The filtered clip(s), same shape and dtype.

    Example:
        >>> t = np.arange(8000) / 8000
        >>> clip = np.sin(2 * np.pi * 1000 * t)
        >>> masked = frequency_mask(clip, 200.0, sample_rate=8000, low_hz=900.0)
        >>> float(np.abs(masked).max()) < 1e-6
        True
    """
    clips, single = _clips(x)
    sample_rate = _validate.positive_int(sample_rate, "sample_rate")
    rng = _validate.rng(seed)
    nyquist = sample_rate / 2
    widths = _draw(width_hz, len(clips), rng, "width_hz", low=0, high=nyquist)
    if low_hz is None:
        lows = rng.random(len(clips)) * (nyquist - widths)
    else:
        lows = _draw(low_hz, len(clips), rng, "low_hz", low=0, high=nyquist)
    spectrum = np.fft.rfft(clips.astype(np.float64), axis=1)
    freqs = np.fft.rfftfreq(clips.shape[1], d=1 / sample_rate)[None, :]
    band = (freqs >= lows[:, None]) & (freqs < (lows + widths)[:, None])
    out = np.fft.irfft(np.where(band, 0, spectrum), n=clips.shape[1], axis=1)
    return _out(out, single, clips.dtype)


def dominant_frequency(x: Any, sample_rate: int) -> float | np.ndarray:
    """The frequency with the most energy, in Hz (to check speed and pitch changes).

    Args:
        x: a clip (samples,) or clips (n, samples), float.
        sample_rate: samples per second.

    Returns:
        A float for one clip, an array (n,) for a batch; the resolution is
        sample_rate / samples Hz.

    Example:
        >>> t = np.arange(8000) / 8000
        >>> dominant_frequency(np.sin(2 * np.pi * 440 * t), 8000)
        440.0
    """
    clips, single = _clips(x)
    sample_rate = _validate.positive_int(sample_rate, "sample_rate")
    spectrum = np.abs(np.fft.rfft(clips * np.hanning(clips.shape[1]), axis=1))
    freqs = np.fft.rfftfreq(clips.shape[1], d=1 / sample_rate)
    peaks = freqs[spectrum.argmax(axis=1)]
    return float(peaks[0]) if single else peaks


def snr(clean: Any, noisy: Any) -> float | np.ndarray:
    """The signal-to-noise ratio of `noisy` against `clean`, in dB.

    Args:
        clean: the clip(s) without noise.
        noisy: the same clip(s) with noise, same shape.

    Returns:
        10 log10(power of clean / power of (noisy - clean)): a float for one
        clip, an array (n,) for a batch.

    Example:
        >>> round(snr(np.ones(4), np.array([1.1, 0.9, 1.1, 0.9])), 1)
        20.0
    """
    clean_clips, single = _clips(clean)
    noisy_clips, _ = _clips(noisy)
    if clean_clips.shape != noisy_clips.shape:
        raise ValueError(f"Expected `clean` and `noisy` with the same shape. Received: "
                         f"{np.shape(clean)} and {np.shape(noisy)}")
    clean_clips = clean_clips.astype(np.float64)
    noise = noisy_clips.astype(np.float64) - clean_clips
    ratio = 10 * np.log10(np.mean(clean_clips**2, axis=1) / np.mean(noise**2, axis=1))
    return float(ratio[0]) if single else ratio
