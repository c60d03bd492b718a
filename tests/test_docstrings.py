"""Every public function and class of the toolkit documents Args, Returns and an Example."""

import importlib
import inspect

import pytest

MODULES = ["augment", "config", "data", "grading", "methodology", "models", "plots",
           "regularizers", "sanity", "training", "_io", "_validate", "_lazy",
           "grading.assignment", "grading.check",
           "grading.grade", "grading.gradebook", "grading.protocol", "grading.sandbox",
           "grading.submission", "grading.answers", "grading.forbid", "grading.plugin",
           "grading.references", "run", "instructor"]


def _public(module_name):
    module = importlib.import_module(f"dlcourse.{module_name}")
    for name in getattr(module, "__all__", []):
        obj = getattr(module, name)
        if inspect.isfunction(obj):
            yield f"{module_name}.{name}", obj


CASES = [case for m in MODULES for case in _public(m)]


@pytest.mark.parametrize("name, fn", CASES, ids=[c[0] for c in CASES])
def test_public_function_is_documented(name, fn):
    params = [p for p in inspect.signature(fn).parameters if p not in ("self", "cls")]
    doc = inspect.getdoc(fn) or ""
    assert doc.strip(), f"{name} has no docstring"
    needed = ["Returns:", "Example:"] + (["Args:"] if params else [])
    if inspect.signature(fn).return_annotation in (None, "None") and "Raises:" in doc:
        needed.remove("Returns:")  # a validator: what it raises is what it returns
    absent = [s for s in needed if s not in doc]
    assert not absent, f"{name} docstring lacks {absent}"


def test_the_check_catches_an_undocumented_function():
    def undocumented(x):
        """Does something."""

    doc = inspect.getdoc(undocumented)
    assert [s for s in ("Args:", "Returns:", "Example:") if s not in doc] == \
        ["Args:", "Returns:", "Example:"]


def test_the_instructor_layer_documents_its_own_function():
    # the rest of dlcourse.instructor re-exports build, run and grading functions
    from dlcourse import instructor

    doc = inspect.getdoc(instructor.doctor)
    assert all(s in doc for s in ("Args:", "Returns:", "Example:"))
