"""The package's one set of argument checks: each refuses what it should, and says so."""

import math

import numpy as np
import pytest

from dlcourse import _validate as V


def test_argument_type_error_is_both_a_type_and_a_value_error():
    # the checks it replaced raised one or the other: callers catching either keep working
    assert issubclass(V.ArgumentTypeError, TypeError)
    assert issubclass(V.ArgumentTypeError, ValueError)


@pytest.mark.parametrize("value, expected", [
    (3, True), (np.int64(3), True), (np.uint8(0), True),
    (True, False), (np.True_, False), (3.0, False), ("3", False), (None, False),
])
def test_is_int(value, expected):
    assert V.is_int(value) is expected


@pytest.mark.parametrize("value, expected", [
    (0.5, True), (np.float32(1), True), (-2, True), (math.inf, True), (math.nan, True),
    (False, False), ("1", False), (None, False), ([1.0], False), (1 + 0j, False),
])
def test_is_number(value, expected):
    assert V.is_number(value) is expected


@pytest.mark.parametrize("value, error, fragment", [
    (0, ValueError, "a positive int. Received: batch_size=0"),
    (-3, ValueError, "Received: batch_size=-3"),
    (2.0, V.ArgumentTypeError, "Received: batch_size=2.0"),
    (True, V.ArgumentTypeError, "Received: batch_size=True"),
    ("8", V.ArgumentTypeError, "Received: batch_size='8'"),
    (None, V.ArgumentTypeError, "Received: batch_size=None"),
])
def test_positive_int_refuses(value, error, fragment):
    with pytest.raises(error, match=fragment):
        V.positive_int(value, "batch_size")


def test_positive_int_returns_a_python_int():
    out = V.positive_int(np.int32(4), "n")
    assert out == 4 and type(out) is int


@pytest.mark.parametrize("value", [-1, -(2**40), 1.5, True, "0", None])
def test_seed_refuses_negative_and_non_int(value):
    # data.split once took a negative seed that data.load refused: one rule now
    with pytest.raises(ValueError, match="non-negative int"):
        V.seed(value)


def test_seed_accepts_zero_and_numpy_ints():
    assert V.seed(0) == 0 and V.seed(np.int64(2**40)) == 2**40


@pytest.mark.parametrize("kwargs, value, fragment", [
    ({"low": 2}, 1, "an int >= 2"),
    ({"low": 2, "high": 2000}, 2001, r"an int in \[2, 2000\]"),
    ({"high": 5}, 6, "an int <= 5"),
    ({"low": 0}, -1, "a non-negative int"),
])
def test_integer_bounds(kwargs, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        V.integer(value, "x", **kwargs)
    V.integer(value + (1 if "low" in kwargs and value < kwargs["low"] else -1), "x", **kwargs)


@pytest.mark.parametrize("value", [0, -1e-3, math.inf, -math.inf, math.nan, True, "0.1", None])
def test_positive_refuses_zero_negative_infinite_and_non_numbers(value):
    # one check_positive once accepted inf while compile_for refused it: one rule now
    with pytest.raises(ValueError, match=r"`lr` to be a finite number > 0\. Received: lr="):
        V.positive(value, "lr")


def test_positive_accepts_numpy_numbers():
    assert V.positive(np.float32(0.5), "lr") == 0.5


@pytest.mark.parametrize("check, value, fragment", [
    (V.rate, 1.0, r"in \[0, 1\)\. Received: dropout=1\.0"),
    (V.rate, -0.1, r"in \[0, 1\)"),
    (V.probability, 1.5, r"in \[0, 1\]\. Received: p=1\.5"),
    (V.probability, math.nan, "Received: p=nan"),
])
def test_rates_and_probabilities(check, value, fragment):
    with pytest.raises(ValueError, match=fragment):
        check(value)


def test_number_bounds_open_and_closed():
    assert V.number(0, "x", low=0) == 0.0
    with pytest.raises(ValueError, match="> 0"):
        V.number(0, "x", low=0, low_open=True)
    assert V.number(math.inf, "x", finite=False) == math.inf
    with pytest.raises(ValueError, match="Received: x=nan"):
        V.number(math.nan, "x", finite=False)  # nan is never in range


@pytest.mark.parametrize("value", [0, 1, "yes", None])
def test_boolean_refuses_what_is_not_a_bool(value):
    with pytest.raises(TypeError, match="to be a bool"):
        V.boolean(value, "shuffle")


def test_one_of_lists_the_choices():
    with pytest.raises(ValueError, match="one of 'adam', 'sgd'. Received: optimizer='adagrad'"):
        V.one_of("adagrad", "optimizer", ("adam", "sgd"))
    with pytest.raises(ValueError, match="Received: optimizer=\\[\\]"):
        V.one_of([], "optimizer", {"adam"})  # unhashable: refused, not a crash


def test_options_keeps_the_order_given():
    with pytest.raises(TypeError, match=r"Valid options: \['n_samples', 'noise'\]"):
        V.options({"nosie": 1}, ["n_samples", "noise"], "moons")
    V.options({"noise": 1}, ["n_samples", "noise"], "moons")


def test_preset_names_the_valid_ones():
    with pytest.raises(ValueError, match="Expected one of: light, strong"):
        V.preset("medium", {"light": 1, "strong": 2}, "augmentation")


def test_samples_wants_one_label_per_sample():
    with pytest.raises(ValueError, match=r"same number of samples.*y\.shape=\(2,\)"):
        V.samples(np.zeros((3, 2)), [0, 1])
    with pytest.raises(ValueError, match="sample axis"):
        V.samples(np.float32(1))
    with pytest.raises(ValueError, match="`fit` needs at least one sample"):
        V.samples(np.zeros((0, 2)), np.zeros(0), "fit")
    X, y = V.samples([[1.0]], None)
    assert X.shape == (1, 1) and y is None


def test_images_and_labels():
    with pytest.raises(ValueError, match="batch of images"):
        V.images(np.zeros((8, 8)))
    with pytest.raises(TypeError, match="uint8"):
        V.images(np.zeros((1, 4, 4)), uint8=True)
    with pytest.raises(ValueError, match="one label per image"):
        V.labels([0], np.zeros((2, 4, 4)))
    assert V.labels(None, np.zeros((2, 4, 4))) is None


def test_rng_takes_a_seed_or_a_generator():
    g = np.random.default_rng(1)
    assert V.rng(g) is g
    with pytest.raises(ValueError, match="non-negative int"):
        V.rng(-1)


def test_no_module_keeps_its_own_copy_of_the_number_checks():
    # the drifted copies were all this shape, written some 30 times across 15 modules
    import re
    from pathlib import Path

    package = Path(V.__file__).parent
    shape = re.compile(r"isinstance\(\w+, bool\) or not isinstance\(\w+, \((int|float)")
    copies = {str(p.relative_to(package)) for p in package.rglob("*.py")
              if p.name != "_validate.py" and shape.search(p.read_text())}
    assert not copies
