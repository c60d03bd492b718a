"""Every check turns the answer into plain data first: a notebook's own class never runs.

Each hostile answer below records whether any of its methods ran; a check must
fail it with a message naming the class, and the method must not have run.
"""

import sys

import numpy as np
import pytest

from dlcourse import grading
from dlcourse.grading import CheckFailed, plain

RAN = []


def notebook_class(name, bases=(object,), **methods):
    """A class as a notebook cell defines it (module `__main__`), recording calls."""
    def spy(method):
        def wrapper(self, *args, **kwargs):
            RAN.append(f"{name}.{method}")
            frame = sys._getframe(1)  # what a cheat does: read the caller's frame
            return frame.f_locals.get("expected", 14.0) if method != "__eq__" else True
        return wrapper
    body = {"__module__": "__main__", "__hash__": object.__hash__}
    body.update({m: spy(m) for m in methods.get("spied", ())})
    body.update({k: v for k, v in methods.items() if k != "spied"})
    return type(name, bases, body)


@pytest.fixture(autouse=True)
def clear():
    RAN.clear()
    yield
    assert not RAN, f"student code ran inside a check: {RAN}"


Answer = notebook_class("Answer", spied=("__float__", "__array__", "__eq__", "__ne__",
                                         "__index__", "__len__", "__iter__", "__getitem__"))
FloatAnswer = notebook_class("FloatAnswer", (float,), spied=("__eq__", "__ne__", "__float__"))
ListAnswer = notebook_class("ListAnswer", (list,), spied=("__iter__", "__len__", "__eq__"))
ArrayAnswer = notebook_class("ArrayAnswer", (np.ndarray,), spied=("__array_finalize__",))
LiarAnswer = notebook_class("Liar", __class__=property(lambda self: float))


def object_array():
    out = np.empty(1, dtype=object)
    out[0] = FloatAnswer(14.0)
    return out


@pytest.mark.parametrize("value", [Answer(), FloatAnswer(14.0), ListAnswer([14.0]),
                                   LiarAnswer(), object_array(),
                                   [1.0, Answer()], (2.0, FloatAnswer(1.0)),
                                   {"a": Answer()}, {Answer(): 1}],
                         ids=["object", "float-subclass", "list-subclass", "class-liar",
                              "object-array", "inside-list", "inside-tuple", "dict-value",
                              "dict-key"])
@pytest.mark.parametrize("check", ["close", "equal", "between", "plain"])
def test_a_notebook_class_fails_every_check_without_running(value, check):
    RAN.clear()
    with pytest.raises(CheckFailed) as err:
        if check == "close":
            grading.close(value, 14.0, name="z")
        elif check == "equal":
            grading.equal(value, 14.0, name="z")
        elif check == "between":
            grading.between(value, 0, 100, name="z")
        else:
            plain(value, "z")
    message = str(err.value)
    assert "z" in message and ("received" in message or "hold numbers" in message), message


def test_the_message_names_the_class_and_where_it_comes_from():
    with pytest.raises(CheckFailed, match=r"z should be a number or a NumPy array; received "
                                          r"Answer, a class defined in the notebook"):
        grading.close(Answer(), 14.0, name="z")


def test_an_array_subclass_is_refused():
    answer = np.zeros(3).view(ArrayAnswer)
    RAN.clear()  # the view itself ran the class's hook; the check must not
    with pytest.raises(CheckFailed, match="ArrayAnswer"):
        grading.close(answer, np.zeros(3), name="y")


def test_plain_data_passes_and_is_copied():
    data = {"w": np.array([1.0, 2.0]), "n": [1, (2, 3.5)], "s": "good", "none": None}
    out = plain(data, "d")
    assert out["n"] == [1, (2, 3.5)] and out["s"] == "good" and out["none"] is None
    assert out["w"] is not data["w"] and out["w"].tolist() == [1.0, 2.0]
    assert plain(np.float32(2.5), "x") == 2.5 and type(plain(np.int64(3), "x")) is np.int64
    grading.close(np.float64(14.0), 14.0)
    grading.equal(np.array([1, 2]), np.array([1, 2]))
    with pytest.raises(CheckFailed, match="expected"):
        grading.equal(np.array([1, 2]), np.array([1, 3]))


def test_eager_tensors_are_read_with_tensorflows_own_method():
    tf = pytest.importorskip("tensorflow")
    grading.close(tf.constant([1.0, 2.0]), [1.0, 2.0], name="t")
    with pytest.raises(CheckFailed, match="largest error 1"):
        grading.close(tf.constant([1.0, 3.0]), [1.0, 2.0], name="t")


def test_function_converts_every_result_before_the_reference_runs():
    order = []

    def student(x):
        order.append("student")
        return np.maximum(x, 0)

    def reference(x):
        order.append("reference")
        return np.clip(x, 0, None)

    grading.function(student, reference, [np.arange(-2, 3), np.arange(3)], name="relu")
    assert order == ["student", "student", "reference", "reference"]


def test_function_results_of_a_notebook_class_fail_before_the_reference_runs():
    called = []
    with pytest.raises(CheckFailed, match="relu on test input #0 should be a number"):
        grading.function(lambda x: Answer(), lambda x: called.append(x) or x, [np.zeros(2)],
                         name="relu")
    assert not called, "the reference ran before the student's result was checked"


def test_function_gets_its_own_copy_of_the_inputs():
    def vandal(x):
        x[:] = 99.0  # changes what it was given; the reference must not see it
        return np.zeros_like(x)

    with pytest.raises(CheckFailed, match="largest error 1"):
        grading.function(vandal, lambda x: x, [np.ones(3)], name="f")


def test_architecture_refuses_notebook_layers_and_models():
    keras = pytest.importorskip("keras")

    class Mine(keras.layers.Dense):  # a notebook's layer that could lie about itself
        pass

    Mine.__module__ = "__main__"
    fake = keras.Sequential([keras.Input((3,)), Mine(2)])
    with pytest.raises(CheckFailed, match="not one of Keras's own layers"):
        grading.architecture(fake, [{"type": "Dense", "params": 8}])

    class MyModel(keras.Model):
        pass

    with pytest.raises(CheckFailed, match="should be a Keras model"):
        grading.architecture(MyModel(), [{"type": "Dense", "params": 8}])
    nested = keras.Sequential([keras.Input((3,)), keras.Sequential([Mine(2)])])
    with pytest.raises(CheckFailed, match="not one of Keras's own layers"):
        grading.architecture(nested, [{"type": "Sequential", "params": 8}])


def test_architecture_ignores_an_instance_that_shadows_count_params():
    keras = pytest.importorskip("keras")
    m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
    m.layers[0].count_params = lambda: 999  # shadowing a method on the instance
    assert grading.describe_layers(m)[0]["params"] == 8
    with pytest.raises(CheckFailed, match="params 8, expected 999"):
        grading.architecture(m, [{"type": "Dense", "params": 999}])
