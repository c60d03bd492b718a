import numpy as np
import pytest

from dlcourse import data
from dlcourse.data import toy


def test_fashion_full_holds_all_70000(fashion_dir):
    s = data.load("fashion_mnist", profile="full")
    sizes = [part[0].shape for part in (s.train, s.val, s.test)]
    assert sizes == [(50000, 28, 28), (10000, 28, 28), (10000, 28, 28)]
    assert sum(n for n, *_ in sizes) == 70000
    assert s.train[0].dtype == np.uint8 and s.train[1].dtype == np.int64
    assert s.classes[0] == "T-shirt/top" and s.num_classes == 10
    # test is the official 10k, unshuffled; train + val is exactly the official 60k
    official = data.read_idx(fashion_dir / "t10k-labels-idx1-ubyte.gz")
    np.testing.assert_array_equal(s.test[1], official)
    assert (np.bincount(s.train[1]) + np.bincount(s.val[1])).tolist() == [6000] * 10
    assert np.bincount(s.val[1]).tolist() == [1000] * 10  # stratified slice


def test_fashion_fast_is_a_stratified_subset(fashion_dir):
    s = data.load("fashion_mnist", profile="fast")
    n_train, n_val, n_test = data.SIZES["fast"]["idx"]
    assert [len(p[1]) for p in (s.train, s.val, s.test)] == [n_train, n_val, n_test]
    for (_, y), n in zip((s.train, s.val, s.test), (n_train, n_val, n_test), strict=True):
        assert np.bincount(y, minlength=10).tolist() == [n // 10] * 10


def test_profile_comes_from_environment(fashion_dir, monkeypatch):
    monkeypatch.setenv("DLCOURSE_PROFILE", "fast")
    assert data.load("fashion_mnist").profile == "fast"
    monkeypatch.setenv("DLCOURSE_PROFILE", "full")
    assert len(data.load("fashion_mnist").train[1]) == 50000


def test_validation_disjoint_from_train(fashion_dir):
    s = data.load("fashion_mnist", profile="fast", seed=2)
    train = {row.tobytes() for row in s.train[0]}
    # Fashion-MNIST has a handful of exact duplicate images; allow those, not overlap by index
    assert sum(row.tobytes() in train for row in s.val[0]) < 5


def test_seed_changes_validation(fashion_dir):
    a = data.load("fashion_mnist", profile="fast", seed=0)
    b = data.load("fashion_mnist", profile="fast", seed=0)
    c = data.load("fashion_mnist", profile="fast", seed=1)
    np.testing.assert_array_equal(a.val[0], b.val[0])
    assert not np.array_equal(a.val[0], c.val[0])


def test_unknown_name_lists_valid_ones():
    with pytest.raises(ValueError, match="Expected one of: fashion_mnist, mnist, digits"):
        data.load("fashion-mnist-typo")


def test_bad_profile():
    with pytest.raises(ValueError, match="Expected a profile in"):
        data.load("moons", profile="medium")


def test_bad_seed():
    with pytest.raises(ValueError, match="non-negative int"):
        data.load("moons", seed=-1)


def test_options_validated():
    with pytest.raises(TypeError, match=r"Valid options: \['n_samples', 'seq_len', 'noise'\]"):
        data.load("long_gap", seq_length=10)
    with pytest.raises(TypeError, match="takes no options"):
        data.load("digits", n_samples=3)


def test_digits():
    s = data.load("digits")
    assert s.train[0].shape[1:] == (8, 8) and s.train[0].dtype == np.uint8
    assert s.train[0].max() == 255
    assert sum(len(p[1]) for p in (s.train, s.val, s.test)) == 1797
    assert "scikit-learn" in s.source


def test_sample_images():
    s = data.load("sample_images")
    assert s.train[0].shape == (2, 427, 640, 3)
    assert s.classes == ("china", "flower")
    assert len(s.val[0]) == len(s.test[0]) == 0


@pytest.mark.parametrize("name", sorted(toy.TWO_D))
def test_two_d_sets(name):
    s = data.load(name, seed=4)
    X, y = s.train
    assert X.dtype == np.float32 and X.shape == (600, 2) and y.dtype == np.int64
    assert set(np.unique(y)) == {0, 1} and abs(np.mean(y) - 0.5) < 0.02
    assert s.classes == ("0", "1") and name in s.source
    np.testing.assert_array_equal(X, data.load(name, seed=4).train[0])
    assert not np.array_equal(X, data.load(name, seed=5).train[0])


def _linear_accuracy(X, y):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression().fit(X, y).score(X, y)


def test_ring_needs_a_feature_transform():
    X, y = data.load("ring").train
    assert _linear_accuracy(X, y) < 0.75
    assert _linear_accuracy(np.c_[X, X ** 2], y) == 1.0  # x1^2 + x2^2 separates it


def test_blobs_are_linearly_separable():
    assert _linear_accuracy(*data.load("blobs").train) == 1.0


def test_xor_rule():
    X, y = data.load("xor").train
    np.testing.assert_array_equal(y, (X[:, 0] * X[:, 1] > 0).astype(int))
    assert _linear_accuracy(X, y) < 0.8  # a line gets at most 3 of the 4 quadrants right
    assert _linear_accuracy(np.c_[X, X[:, 0] * X[:, 1]], y) == 1.0


def test_long_gap_only_first_step_informs():
    s = data.load("long_gap", seq_len=80, n_samples=400)
    X, y = s.train
    assert X.shape == (240, 80, 1)
    np.testing.assert_array_equal(X[:, 0, 0], 2 * y - 1)
    later = X[:, 1:, 0].mean(axis=1)
    assert abs(np.corrcoef(later, y)[0, 1]) < 0.2
    with pytest.raises(ValueError, match="seq_len"):
        data.load("long_gap", seq_len=1)


def test_sine_is_a_regression_continuation():
    s = data.load("sine", noise=0.0, n_samples=100)
    X, y = s.train
    assert X.shape == (60, 50, 1) and y.shape == (60,) and s.classes == ()
    # a noiseless sine obeys x[t+1] = 2cos(w)x[t] - x[t-1]; check the target follows the window
    w = np.arccos(np.clip((X[:, 2, 0] + X[:, 0, 0]) / (2 * X[:, 1, 0]), -1, 1))
    ok = np.abs(X[:, 1, 0]) > 0.3
    predicted = 2 * np.cos(w) * X[:, -1, 0] - X[:, -2, 0]
    np.testing.assert_allclose(predicted[ok], y[ok], atol=1e-3)


def test_audio_classes_have_their_frequencies():
    s = data.load("audio", noise=0.0, n_samples=40)
    X, y = s.train
    rate = s.info["sample_rate"]
    assert X.shape == (24, rate // 2) and np.abs(X).max() <= 1
    spectrum = np.abs(np.fft.rfft(X, axis=1))
    freqs = np.fft.rfftfreq(X.shape[1], 1 / rate)
    first_half = np.abs(np.fft.rfft(X[:, : X.shape[1] // 2], axis=1))
    half_freqs = np.fft.rfftfreq(X.shape[1] // 2, 1 / rate)
    for clip_spec, start_spec, label in zip(spectrum, first_half, y, strict=True):
        peak, start = freqs[np.argmax(clip_spec)], half_freqs[np.argmax(start_spec)]
        name = s.classes[label]
        if name == "low_tone":
            assert 200 <= peak <= 400
        elif name == "high_tone":
            assert 1200 <= peak <= 1600
        elif name == "chirp_up":
            assert start < 950  # starts low, sweeps up
        else:
            assert start > 850  # starts high, sweeps down
