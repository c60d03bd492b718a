"""An answer turned into plain data before any check compares it.

otter runs the hidden tests in the student's own kernel, so an answer can be
an object of a class the notebook defines, whose `__float__`, `__eq__` or
`__array__` runs student code in the middle of a comparison (and could look
for the expected value). `plain` therefore accepts only exact types whose
conversion runs no student code, and copies them:

- `bool`, `int`, `float`, `complex`, `str` and `None`;
- `list`, `tuple` and `dict` (keys: str, int, float, bool, None or tuples of
  those) holding any of these;
- NumPy arrays and NumPy scalars of a numeric or boolean dtype;
- TensorFlow eager tensors, read with TensorFlow's own C method;
- Keras models, for architecture checks only (`model`), when the model and
  every layer are Keras's or dlcourse's own classes.

It checks the exact type (`type(x) is float`, never `isinstance`, which a
subclass or a `__class__` property can fool) and never calls a method that
the answer's class could override. Anything else fails with a message that
says what was expected and what was received.
"""

from __future__ import annotations

import sys
import types
from typing import Any

import numpy as np

from dlcourse.grading.errors import CheckFailed

__all__ = ["class_attribute", "describe_type", "fresh", "library_class", "model", "numbers",
           "plain", "trust"]

_SCALARS = (bool, int, float, complex, str)
_NUMPY_SCALARS = frozenset(
    t for t in set(np.sctypeDict.values())
    if issubclass(t, (np.number, np.bool_)) and t.__module__ == "numpy")
_KINDS = frozenset("biufc")  # bool, int, unsigned, float, complex
_MAX_DEPTH = 32
_MAX_ITEMS = 10_000_000
# The trusted library classes and C methods, captured once before student code
# runs (`trust()`, which the grading guard calls first) or at first use.
_trusted: dict[str, Any] = {}
_LIBRARY_ROOTS = ("keras", "tensorflow", "dlcourse", "numpy")
_type_module = type.__dict__["__module__"].__get__
_type_qualname = type.__dict__["__qualname__"].__get__
_type_name = type.__dict__["__name__"].__get__


def trust() -> None:
    """Captures TensorFlow's and Keras's classes and C methods (once, when imported).

    The grading guard calls it before any student code runs, so what `plain`
    relies on is the library's own, whatever a notebook does to the classes
    later. Elsewhere it runs at the first check that needs it.

    Returns:
        None.

    Example:
        >>> trust()
    """
    if "eager" not in _trusted and "tensorflow.python.framework.ops" in sys.modules:
        ops = sys.modules["tensorflow.python.framework.ops"]
        eager = ops.__dict__.get("EagerTensor")
        if isinstance(eager, type):
            _trusted["eager"] = eager
            _trusted["eager_numpy"] = eager.__dict__["_numpy_internal"]
    if "models" not in _trusted and "keras" in sys.modules:
        try:
            from keras.src.models.functional import Functional
            from keras.src.models.model import Model
            from keras.src.models.sequential import Sequential
        except ImportError:  # pragma: no cover - another Keras layout
            return
        _trusted["models"] = frozenset({Sequential, Functional, Model})


def describe_type(value: Any) -> str:
    """How a message names an answer's type: `Answer, a class defined in the notebook`.

    Args:
        value: any object.

    Returns:
        The type's name, and where the class comes from when it is not a built-in.

    Example:
        >>> describe_type(1.5)
        'float'
    """
    cls = type(value)
    name = _type_name(cls)
    module = _type_module(cls)
    if type(module) is not str:
        return f"{name}, a class with no proper module"
    if module == "builtins":
        return name
    if module in ("__main__", "__console__") or module.startswith(("<", "__ipython")):
        return f"{name}, a class defined in the notebook"
    return f"{module}.{name}"


def _expected(what: str) -> str:
    return {
        "number": "a number or a NumPy array",
        "any": "a number, a string, a NumPy array or a list, tuple or dict of those",
    }.get(what, what)


def _refuse(value: Any, name: str, what: str) -> CheckFailed:
    described = describe_type(value)
    if described.endswith("a class defined in the notebook"):
        _record_tampering(f"an answer of a class defined in the notebook ({name}: "
                          f"{_type_name(type(value))})")
    return CheckFailed(f"{name} should be {_expected(what)}; received {described}.")


def _record_tampering(detail: str) -> None:
    """While grading, an answer that brings its own class where data is expected is tampering:
    its methods could run inside the comparison. Elsewhere the failed check is enough."""
    guard = sys.modules.get("dlcourse.grading.guard")
    installed = getattr(guard, "_state", {}).get("guard") if guard is not None else None
    if installed is not None:
        installed.record("tamper", detail)


def _array(value: np.ndarray, name: str, original: Any, what: str) -> np.ndarray:
    if value.dtype.kind not in _KINDS or value.dtype.fields is not None:
        raise CheckFailed(f"{name} should hold numbers; received an array of dtype "
                          f"{value.dtype.str!r}. Build it from numbers (e.g. np.array(..., "
                          "dtype=float)).")
    return np.array(value, copy=True)


def _convert(value: Any, name: str, what: str, depth: int, budget: list[int]) -> Any:
    cls = type(value)
    budget[0] -= 1
    if budget[0] < 0:
        raise CheckFailed(f"{name} is too large to check (over {_MAX_ITEMS:,} items).")
    if value is None or cls in _SCALARS:
        return value
    if cls is np.ndarray:
        return _array(value, name, value, what)
    if cls in _NUMPY_SCALARS:
        return np.array(value)[()]
    if depth >= _MAX_DEPTH:
        raise CheckFailed(f"{name} is nested more than {_MAX_DEPTH} levels deep.")
    if cls is list or cls is tuple:
        items = [_convert(v, name, what, depth + 1, budget) for v in cls.__iter__(value)]
        return items if cls is list else tuple(items)
    if cls is dict:
        out = {}
        for key, item in dict.items(value):
            if type(key) not in (*_SCALARS, tuple, type(None)):
                raise CheckFailed(f"{name} should have plain keys (strings or numbers); "
                                  f"received a key of type {describe_type(key)}.")
            out[_convert(key, name, what, depth + 1, budget)] = _convert(
                item, name, what, depth + 1, budget)
        return out
    trust()
    if "eager" in _trusted and cls is _trusted["eager"]:
        return _array(np.asarray(_trusted["eager_numpy"](value)), name, value, what)
    raise _refuse(value, name, what)


def plain(value: Any, name: str = "answer", *, what: str = "any") -> Any:
    """A copy of `value` as plain data, or `CheckFailed` saying what was received.

    Args:
        value: the student's answer.
        name: what to call it in messages. Defaults to `"answer"`.
        what: what the message says was expected: `"number"`, `"any"` or your own
            words. Defaults to `"any"`.

    Returns:
        The same value built from exact built-in types and NumPy arrays: lists,
        tuples and dicts are rebuilt, arrays copied, eager tensors read into NumPy.

    Raises:
        CheckFailed: the answer is `...`/`None`, or of another type (its class's
            methods are never called).

    Example:
        >>> plain((1, [2.5, "a"]), "pair")
        (1, [2.5, 'a'])
        >>> Answer = type("Answer", (float,), {"__module__": "__main__"})  # a notebook's class
        >>> plain(Answer(3.0), "z", what="number")
        Traceback (most recent call last):
        ...
        dlcourse.grading.errors.CheckFailed: z should be a number or a NumPy array; received Answer, a class defined in the notebook.
    """  # noqa: E501
    if value is Ellipsis or value is None:
        shown = "..." if value is Ellipsis else "None"
        raise CheckFailed(f"{name} is not answered yet: replace `{shown}` with your code.")
    converted = _convert(value, name, what, 0, [_MAX_ITEMS])
    if type(converted) in (list, tuple) and any(v is Ellipsis for v in converted):
        raise CheckFailed(f"{name} still contains `...`: fill in every entry.")
    return converted


def fresh(value: Any) -> Any:
    """A copy of a test's input that a student's function may change at will.

    NumPy arrays are copied and lists, tuples and dicts rebuilt; anything else
    (numbers, strings, models) is passed as it is.

    Args:
        value: an input the test hands to the student's function.

    Returns:
        The copy.

    Example:
        >>> x = np.zeros(2)
        >>> fresh((x, [x]))[0] is x
        False
    """
    if type(value) is np.ndarray:
        return np.array(value, copy=True)
    if type(value) in (list, tuple):
        return type(value)(fresh(v) for v in value)
    if type(value) is dict:
        return {k: fresh(v) for k, v in value.items()}
    return value


def numbers(value: Any, name: str = "answer") -> np.ndarray:
    """`plain(value)` as a float64 NumPy array (a number gives a 0-d array).

    Args:
        value: the student's number, array, tensor, or list of numbers.
        name: what to call it in messages. Defaults to `"answer"`.

    Returns:
        A new float64 array.

    Raises:
        CheckFailed: not answered, not plain data, or not numbers.

    Example:
        >>> numbers([1, 2.5], "y").tolist()
        [1.0, 2.5]
    """
    data = plain(value, name, what="number")
    try:
        return np.asarray(data, dtype=np.float64)
    except (TypeError, ValueError) as e:
        raise CheckFailed(f"{name} should be a number or an array of numbers; received "
                          f"{describe_type(value)} that does not convert to numbers "
                          f"({str(e).splitlines()[0][:120]}).") from e


def library_class(cls: Any) -> bool:
    """True for a class that Keras, TensorFlow, NumPy or dlcourse define (by identity).

    A class is the library's when its module is one of those packages and that
    module's attribute of the class's name is this very class, so a notebook
    class cannot pass by copying a `__module__` and a name.

    Args:
        cls: a class.

    Returns:
        Whether the class is the library's own.

    Example:
        >>> library_class(np.ndarray), library_class(type("Dense", (), {}))
        (True, False)
    """
    if not isinstance(cls, type) or type(type(cls)) is not type:
        return False
    module_name, qualname = _type_module(cls), _type_qualname(cls)
    if type(module_name) is not str or type(qualname) is not str:
        return False
    if module_name.split(".")[0] not in _LIBRARY_ROOTS:
        return False
    module = sys.modules.get(module_name)
    if type(module) is not types.ModuleType and not isinstance(module, types.ModuleType):
        return False
    found: Any = module
    for part in qualname.split("."):
        found = module.__dict__.get(part) if found is module else found.__dict__.get(part)
        if found is None:
            return False
    return found is cls


def model(value: Any, name: str = "model") -> Any:
    """`value` itself if it is a Keras model built only from library classes.

    Args:
        value: the student's model.
        name: what to call it in messages. Defaults to `"model"`.

    Returns:
        The model (to be read by Keras's own code).

    Raises:
        CheckFailed: not answered, not a Keras `Sequential`/functional model, or a
            layer of a class the notebook defined.

    Example:
        >>> import keras
        >>> m = keras.Sequential([keras.Input((3,)), keras.layers.Dense(2)])
        >>> model(m) is m
        True
    """
    if value is Ellipsis or value is None:
        raise CheckFailed(f"{name} is not answered yet: replace `...` with your code.")
    trust()
    if type(value) not in _trusted.get("models", ()):
        raise CheckFailed(f"{name} should be a Keras model (keras.Sequential or keras.Model "
                          f"built from layers); received {describe_type(value)}.")
    pending, seen = list(_layers(value)), 0
    while pending:
        layer = pending.pop()
        seen += 1
        if seen > 100_000:
            raise CheckFailed(f"{name} has too many layers to check.")
        if not library_class(type(layer)):
            raise CheckFailed(
                f"{name}: layer {_type_name(type(layer))} is not one of Keras's own layers "
                f"({describe_type(layer)}); build the model from keras.layers.")
        if type(layer) in _trusted["models"]:  # a model used as a layer: its layers too
            pending += _layers(layer)
    return value


def class_attribute(value: Any, attr: str) -> Any:
    """`value.attr` read through its class's own descriptor, never the instance's dict.

    For an object of a trusted library class: a property or method of the class
    runs (the library's code), and nothing the instance holds can stand in.

    Args:
        value: an object of a library class.
        attr: the attribute's name.

    Returns:
        The attribute's value.

    Raises:
        CheckFailed: the class has no such attribute.

    Example:
        >>> class_attribute(np.zeros(3), "shape")
        (3,)
    """
    for klass in type(value).__mro__:
        if attr in klass.__dict__:
            found = klass.__dict__[attr]
            getter = getattr(type(found), "__get__", None)
            return getter(found, value, type(value)) if getter is not None else found
    raise CheckFailed(f"{describe_type(value)} has no attribute {attr!r}.")


def _layers(value: Any) -> list:
    layers = class_attribute(value, "layers")
    if type(layers) is not list:
        raise CheckFailed("the model's layers are not a plain list: is it a Keras model?")
    return layers
