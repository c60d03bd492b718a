"""Audio augmentation: each transform checked by the property it promises."""

import numpy as np
import pytest

from dlcourse import data
from dlcourse.augment import audio

SR = 8000
T = np.arange(4000) / SR  # 0.5 s, like the course's clips
TONE = (0.5 * np.sin(2 * np.pi * 500 * T)).astype(np.float32)
# a 600 Hz burst from 0.1 s to 0.3 s, silence around it
BURST = np.where((T >= 0.1) & (T < 0.3), np.sin(2 * np.pi * 600 * T), 0).astype(np.float32)


def _loud_span(clip, threshold=0.1):
    """(first, last) time in seconds where |clip| exceeds the threshold."""
    loud = np.flatnonzero(np.abs(clip) > threshold)
    return loud[0] / SR, loud[-1] / SR


@pytest.fixture(scope="module")
def clips():
    s = data.load("audio", n_samples=8, seed=0)
    assert s.info["sample_rate"] == SR
    return s.train[0]


def test_noise_reaches_the_requested_snr(clips):
    for snr_db in (0.0, 10.0, 30.0):
        noisy = audio.add_noise(clips, snr_db=snr_db, seed=1)
        np.testing.assert_allclose(audio.snr(clips, noisy), snr_db, atol=0.05)
    drawn = audio.snr(clips, audio.add_noise(clips, snr_db=(5.0, 15.0), seed=2))
    assert drawn.min() >= 5 - 0.05 and drawn.max() <= 15 + 0.05 and np.ptp(drawn) > 1


def test_snr_helper_against_a_hand_computed_value():
    # noise of power 0.01 on a signal of power 1: 20 dB
    assert audio.snr(np.ones(4), np.array([1.1, 0.9, 1.1, 0.9])) == pytest.approx(20.0)


def test_shift_moves_the_signal():
    shifted = audio.time_shift(BURST, 800)  # 0.1 s later
    start, end = _loud_span(shifted)
    assert start == pytest.approx(0.2, abs=0.002) and end == pytest.approx(0.4, abs=0.002)
    np.testing.assert_array_equal(shifted[800:], BURST[:-800])
    np.testing.assert_array_equal(audio.time_shift(BURST, -4000 + 1, fill="wrap"),
                                  np.roll(BURST, -3999))


def test_speed_multiplies_the_dominant_frequency_and_compresses_time():
    for factor in (0.8, 1.25, 2.0):
        faster = audio.change_speed(TONE, factor)
        assert audio.dominant_frequency(faster, SR) == pytest.approx(500 * factor, abs=4)
    start, end = _loud_span(audio.change_speed(BURST, 2.0))
    assert start == pytest.approx(0.05, abs=0.002) and end == pytest.approx(0.15, abs=0.002)


def test_pitch_shift_changes_frequency_but_keeps_timing():
    for semitones in (-12.0, -5.0, 4.0, 12.0):
        shifted = audio.pitch_shift(BURST, semitones)
        expected = 600 * 2 ** (semitones / 12)
        # resolution of a 0.5 s clip's spectrum: 2 Hz
        assert audio.dominant_frequency(shifted, SR) == pytest.approx(expected, abs=4)
        start, end = _loud_span(shifted)
        assert start == pytest.approx(0.1, abs=0.01) and end == pytest.approx(0.3, abs=0.025)
        assert shifted.shape == BURST.shape and shifted.dtype == BURST.dtype


def test_time_mask_zeroes_exactly_the_stated_span():
    masked = audio.time_mask(TONE, 400, start=1000)
    assert not masked[1000:1400].any()
    np.testing.assert_array_equal(masked[:1000], TONE[:1000])
    np.testing.assert_array_equal(masked[1400:], TONE[1400:])
    random_masks = audio.time_mask(np.ones((5, 100), np.float32), (10, 20), seed=0)
    zeros = (random_masks == 0).sum(axis=1)
    assert zeros.min() >= 10 and zeros.max() <= 20


def test_frequency_mask_removes_the_band_only():
    two_tones = TONE + np.sin(2 * np.pi * 1500 * T).astype(np.float32)
    masked = audio.frequency_mask(two_tones, 200.0, sample_rate=SR, low_hz=1400.0)
    np.testing.assert_allclose(masked, TONE, atol=1e-4)


def test_gain_in_db():
    np.testing.assert_allclose(audio.change_gain(TONE, db=6.0206), 2 * TONE, rtol=1e-4)


@pytest.mark.parametrize("augmentation", [
    lambda x, s: audio.add_noise(x, seed=s),
    lambda x, s: audio.time_shift(x, (-400, 400), seed=s),
    lambda x, s: audio.change_speed(x, seed=s),
    lambda x, s: audio.pitch_shift(x, seed=s),
    lambda x, s: audio.change_gain(x, seed=s),
    lambda x, s: audio.time_mask(x, (100, 400), seed=s),
    lambda x, s: audio.frequency_mask(x, (100.0, 400.0), sample_rate=SR, seed=s),
])
def test_batches_keep_shape_and_dtype_and_are_seeded(clips, augmentation):
    out = augmentation(clips[:3], 0)
    assert out.shape == clips[:3].shape and out.dtype == clips.dtype
    np.testing.assert_array_equal(out, augmentation(clips[:3], 0))
    assert not np.array_equal(out, augmentation(clips[:3], 1))
    single = augmentation(clips[0].astype(np.float64), 0)
    assert single.shape == clips[0].shape and single.dtype == np.float64


def test_a_generator_draws_fresh_values_each_call():
    rng = np.random.default_rng(0)
    assert not np.array_equal(audio.add_noise(TONE, seed=rng), audio.add_noise(TONE, seed=rng))


@pytest.mark.parametrize(("call", "error", "match"), [
    (lambda: audio.add_noise(np.zeros((2, 3, 4))), ValueError, "batch of clips"),
    (lambda: audio.add_noise(np.ones(10, np.int16)), TypeError, "32768"),
    (lambda: audio.time_shift(TONE, 0.5), ValueError, "an int"),
    (lambda: audio.time_shift(TONE, 10, fill="reflect"), ValueError, "fill"),
    (lambda: audio.change_speed(TONE, -1.0), ValueError, "factor"),
    (lambda: audio.change_speed(TONE, (1.2, 0.8)), ValueError, "low <= high"),
    (lambda: audio.pitch_shift(TONE, 48.0), ValueError, "semitones"),
    (lambda: audio.time_mask(TONE, 400, start=3800), ValueError, "start \\+ width"),
    (lambda: audio.add_noise(TONE, seed=-3), ValueError, "seed"),
])
def test_bad_inputs_are_explained(call, error, match):
    with pytest.raises(error, match=match):
        call()
