"""The guard's rules: which modules it protects, which events it watches, whose code is whose.

Split from `dlcourse.grading.guard`, which owns the guard itself; these are
its constants and the pure helpers that classify modules, frames and
objects. The guard skips this module's frames as its own.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

PROTECTED_PREFIXES = ("otter", "dlcourse.grading", "numpy.testing", "doctest")
PROTECTED_EXACT = ("numpy", "dlcourse")
CANONICAL = {"np": "numpy", "numpy": "numpy", "tf": "tensorflow", "tensorflow": "tensorflow",
             "keras": "keras", "grading": "dlcourse.grading", "dlcourse": "dlcourse"}
_WRITE_EVENTS = frozenset(
    {"os.remove", "os.rmdir", "os.mkdir", "os.rename", "os.symlink", "os.link", "os.truncate",
     "os.chmod", "os.chown", "os.utime", "shutil.rmtree", "shutil.move", "shutil.copyfile",
     "shutil.copytree", "shutil.chown"})
_DESTINATION_EVENTS = frozenset({"shutil.copyfile", "shutil.copytree", "os.symlink", "os.link"})
_LIST_EVENTS = frozenset({"os.listdir", "os.scandir", "glob.glob", "glob.glob/2"})
_PROCESS_EVENTS = frozenset(
    {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
     "os.forkpty", "pty.spawn", "os.startfile"})
_SIGNAL_EVENTS = frozenset({"os.kill", "os.killpg", "signal.pthread_kill"})
# Routes to a frame object, which holds the grader's locals (the expected values) and, through
# linecache, the hidden tests' source; and to every live object (gc) or raw memory (ctypes).
_FRAME_EVENTS = frozenset(
    {"sys._getframe", "sys._current_frames", "sys._getframemodulename", "sys.settrace",
     "sys.setprofile", "sys.monitoring.register_callback", "gc.get_objects", "gc.get_referrers",
     "gc.get_referents"})
_FRAME_ATTRIBUTES = frozenset({"tb_frame", "gi_frame", "cr_frame", "ag_frame"})
_ALL_EVENTS = (frozenset({"open", "object.__setattr__", "object.__delattr__",
                          "object.__getattr__"})
               | _WRITE_EVENTS | _LIST_EVENTS | _PROCESS_EVENTS | _SIGNAL_EVENTS | _FRAME_EVENTS)
# Standard-library modules that hand frames (or what they hold) to their caller: a request for
# a frame made through them is their caller's request. Other standard-library modules use
# frames for themselves (`collections.namedtuple`, `enum`, `typing`, doctest) and decide.
_FRAME_PASSERS = frozenset(
    {"inspect.py", "traceback.py", "linecache.py", "logging/__init__.py", "pdb.py", "bdb.py",
     "code.py", "codeop.py", "cgitb.py", "pydoc.py", "dis.py", "threading.py",
     "concurrent/futures/thread.py"})
# What the guard itself, the libraries the tests use and the course package may not have
# replaced by student code: refused when it happens, and compared before every check.
GUARDED_PREFIXES = ("keras", "tensorflow", "dlcourse")
# Modules whose functions no library replaces while a notebook runs: any change is put back.
_STRICT_ROOTS = frozenset({"numpy", "keras", "tensorflow", "dlcourse", "otter", "doctest", "copy",
                           "math", "operator", "functools", "copyreg", "pickle",
                           "linecache", "json", "random", "sklearn", "scipy"})
# What a notebook's code may not write: files Python would run (a module shadowing numpy, a
# .pth file, an extension).
_CODE_SUFFIXES = (".py", ".pyc", ".pth", ".so", ".pyd", ".pyw")

# what IPython's %time, %timeit and %%timeit compile a cell's code as
_MAGIC_FILES = frozenset({"<timed exec>", "<timed eval>", "<magic-timeit>"})


def _protected(name: str) -> bool:
    return name in PROTECTED_EXACT or any(
        name == p or name.startswith(p + ".") for p in PROTECTED_PREFIXES)


def _guarded(name: str) -> bool:
    """Protected, or part of Keras, TensorFlow or dlcourse (refused and verified, not restored:
    those libraries change their own modules as they load)."""
    return _protected(name) or any(
        name == p or name.startswith(p + ".") for p in GUARDED_PREFIXES)


def _cell_file(name: str) -> bool:
    """True for the file name IPython compiles a notebook cell (or a timed magic's code) to."""
    return (name.startswith(("<ipython-input", "<cell")) or "/ipykernel_" in name
            or name in _MAGIC_FILES)


def _student_frame(frame: Any) -> bool:
    """True for code typed into a notebook cell."""
    return _cell_file(frame.f_code.co_filename)


def _with_copied_arguments(fn: Any) -> Any:
    import functools

    from dlcourse.grading.answers import fresh

    @functools.wraps(fn)
    def answer(*args: Any, **kwargs: Any) -> Any:
        return fn(*fresh(args), **fresh(kwargs))

    return answer


def _package_dirs(*names: str) -> list[str]:
    import importlib.util

    dirs = []
    for name in names:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is not None and spec.submodule_search_locations:
            dirs += [os.path.realpath(p) + os.sep for p in spec.submodule_search_locations]
            dirs += [p + os.sep for p in spec.submodule_search_locations]
    return dirs


def _student_made(item: Any) -> bool:
    """True for a function, method or object whose code a notebook cell defined."""
    for _ in range(8):
        if isinstance(item, types.MethodType):
            item = item.__func__
        elif isinstance(item, __import__("functools").partial):
            item = item.func
        else:
            break
    if isinstance(item, types.FunctionType):
        return _cell_file(types.FunctionType.__dict__["__code__"].__get__(item).co_filename)
    module = type.__dict__["__module__"].__get__(type(item))
    return not isinstance(module, str) or module == "__main__"


def _genuine(value: Any, module_name: str) -> bool:
    """A real, imported module from the same package (`tensorflow.keras` passes for keras)."""
    name = getattr(value, "__name__", None)
    return (isinstance(value, types.ModuleType) and isinstance(name, str)
            and sys.modules.get(name) is value
            and name.split(".")[0] in (module_name.split(".")[0], "tensorflow", "keras"))


class _Missing:
    pass


_MISSING = _Missing()
