import numpy as np
import pytest

from dlcourse.data import as_dataset


def _collect(ds):
    xs, ys = zip(*[(xb.numpy(), yb.numpy()) for xb, yb in ds], strict=True)
    return np.concatenate(xs), np.concatenate(ys)


def test_batches_and_order_without_shuffle():
    X, y = np.arange(10, dtype=np.float32).reshape(10, 1), np.arange(10)
    ds = as_dataset(X, y, batch_size=4)
    assert [int(xb.shape[0]) for xb, _ in ds] == [4, 4, 2]
    X_out, y_out = _collect(ds)
    np.testing.assert_array_equal(X_out[:, 0], X[:, 0])
    np.testing.assert_array_equal(y_out, y)


def test_shuffle_is_seeded_reshuffles_and_keeps_pairs():
    X, y = np.arange(100, dtype=np.float32), np.arange(100) * 2
    ds = as_dataset(X, y, batch_size=16, shuffle=True, seed=1)
    first, second = _collect(ds), _collect(ds)
    np.testing.assert_array_equal(first[0] * 2, first[1])  # pairs stay together
    assert sorted(first[0].tolist()) == X.tolist()  # every sample once per epoch
    assert not np.array_equal(first[0], X) and not np.array_equal(first[0], second[0])
    again = _collect(as_dataset(X, y, batch_size=16, shuffle=True, seed=1))
    np.testing.assert_array_equal(first[0], again[0])


def test_augment_applies_to_inputs_only():
    X, y = np.zeros((8, 3), np.float32), np.arange(8)
    X_out, y_out = _collect(as_dataset(X, y, batch_size=3, augment=lambda xb: xb + 1))
    assert np.all(X_out == 1)
    np.testing.assert_array_equal(y_out, y)


def test_keras_layer_runs_in_training_mode():
    import keras

    X = np.ones((64, 50), np.float32)
    X_out, _ = _collect(as_dataset(X, np.zeros(64), batch_size=64,
                                   augment=keras.layers.Dropout(0.5, seed=0)))
    assert 0.3 < np.mean(X_out == 0) < 0.7  # inference mode would drop nothing


def test_inputs_only():
    ds = as_dataset(np.zeros((5, 2)), batch_size=2)
    assert [tuple(xb.shape) for xb in ds] == [(2, 2), (2, 2), (1, 2)]


@pytest.mark.parametrize("kwargs, error, message", [
    ({"y": np.zeros(4)}, ValueError, r"X.shape=\(5, 2\), y.shape=\(4,\)"),
    ({"batch_size": 0}, ValueError, "positive int"),
    ({"batch_size": 2.5}, ValueError, "positive int"),
    ({"augment": "flip"}, TypeError, "Received: str"),
])
def test_bad_inputs(kwargs, error, message):
    with pytest.raises(error, match=message):
        as_dataset(np.zeros((5, 2)), **kwargs)
