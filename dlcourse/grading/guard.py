"""The runtime guard `dlcourse grade` puts around a submission inside its kernel.

`dlcourse grade` adds one cell before the student's first cell, which calls
`install()`, and one after the last, which calls `finish()`; otter then runs
the hidden tests in the same kernel. Between the two:

- An audit hook (Python's `sys.addaudithook`, which cannot be removed once
  added) refuses, with `PermissionError`, to let student code
  - write, delete or rename anything outside the submission's grading folder,
    or inside its `tests/` folder;
  - read or list the hidden tests, the autograder bundle, or the course
    repository's `solutions/` and `dist/` when grading runs beside them,
    unless otter itself is the reader;
  - start processes (`subprocess`, `os.system`, `os.exec*`, `os.fork`) or
    signal the kernel or its parent.
  Work a cell hands to a thread it started counts as the cell's own.
- Attributes of `dlcourse.grading`, its checks, NumPy, `numpy.testing`,
  otter and doctest cannot be replaced from student code.
- `os._exit` and `os.abort` raise `SystemExit` instead, which ends the cell
  and lets the kernel go on to the next one, as `sys.exit` already does
  (each is noted in the reason).
- Methods of otter's, doctest's and dlcourse.grading's classes are compared
  with their state at `install()` before every `grader.check` and in
  `finish()` (Python reports no event when a class attribute changes); a
  replaced one is put back and recorded as tampering.
- Printed output past `DLCOURSE_GRADE_MAX_OUTPUT` characters is dropped.
- `grader.check` still records each check for otter, but returns nothing:
  its result, which in grading mode holds the hidden tests, never reaches
  student code.

`finish()` then puts back every protected module attribute and the names
the tests rely on (`np`, `tf`, `keras`, `grading`, `dlcourse`) if student
code changed them by a route the guard did not see.

Every refusal and repair is appended, one line each, to the file named by
`DLCOURSE_GRADE_EVENTS`, which `dlcourse grade` turns into the gradebook's
reason. This module is meant for the grading kernel only: `install()` cannot
be undone.

The guard is one object in four modules: this one (who is acting, the audit
hook, `install`, `finish`), `_guard_rules` (what is protected and watched),
`_guard_modules` (module and class snapshots, compared and put back) and
`_guard_kernel` (output cap, exits, hidden test source, quiet checks).
"""

from __future__ import annotations

import os
import sys
import threading
import types
from typing import Any

from dlcourse.grading import _guard_kernel, _guard_modules, _guard_rules
from dlcourse.grading._guard_kernel import KernelPatches
from dlcourse.grading._guard_modules import ModuleRepairs
from dlcourse.grading._guard_rules import (
    _ALL_EVENTS,
    _CODE_SUFFIXES,
    _DESTINATION_EVENTS,
    _FRAME_ATTRIBUTES,
    _FRAME_EVENTS,
    _FRAME_PASSERS,
    _LIST_EVENTS,
    _PROCESS_EVENTS,
    _SIGNAL_EVENTS,
    _WRITE_EVENTS,
    _guarded,
    _package_dirs,
    _protected,
    _student_frame,
)
from dlcourse.grading.protocol import (
    ENV_ANSWERS,
    ENV_EVENTS,
    ENV_MAX_OUTPUT,
    ENV_RESULTS_DIR,
    ENV_ROOT,
    event_line,
)

_state: dict[str, Any] = {}  # the installed guard, once `install` has run


class _Guard(KernelPatches, ModuleRepairs):
    """Everything `install` sets up; kept out of module globals on purpose."""

    def __init__(self, root: str, events_path: str | None, max_output: int) -> None:
        self.root = os.path.realpath(root)
        self.cwd = os.path.realpath(os.getcwd())
        self.tests = os.path.join(self.cwd, "tests")
        self.source = os.path.join(os.path.dirname(self.cwd), "source")
        # the grading folder outside the sandbox (the bundle's copy, the events file), and
        # the course repository's masters and bundles when grading runs beside them
        self.private = [os.path.dirname(self.root)]
        repo = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
        self.private += [os.path.join(os.path.dirname(repo), d) for d in ("solutions", "dist")]
        self.events_fd = (os.open(events_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                          if events_path else None)
        self.max_output = max_output
        self.printed = 0
        self.output_note_written = False
        self.otter_dir = os.path.dirname(os.path.realpath(sys.modules["otter"].__file__)) \
            if "otter" in sys.modules else None
        self.pids = {os.getpid(), os.getppid(), 0}
        # a thread started after install() runs work a cell handed it (a thread pool's
        # worker has no notebook frame on its stack): it acts for the student
        self.known_threads = {t.ident for t in threading.enumerate()}
        # the repairing thread's own writes pass unchecked; another thread's never do (a
        # student's thread would otherwise write while the checks are being repaired)
        self.repairing = threading.local()
        self.classes: dict[type, dict[str, Any]] = {}
        self.library_classes: dict[type, dict[str, Any]] = {}
        self.modules: dict[str, dict[str, Any]] = {}  # name -> its functions and classes
        self.stdlib = os.path.dirname(os.__file__)
        self.snapshot: dict[str, dict[str, Any]] = {}
        self.seen: set[str] = set()
        self.busy = threading.local()  # the hook's own frame walks raise events too
        # libraries that do what a cell asks them to (IPython's shell, pytest's monkeypatch):
        # their frames speak for whoever called them
        self.launderers = tuple(_package_dirs("IPython", "ipykernel", "_pytest", "pytest",
                                              "pluggy", "traitlets"))
        # the guard's own frames, in all four of its modules
        self.here = frozenset(f for module in (__file__, _guard_rules.__file__,
                                               _guard_kernel.__file__, _guard_modules.__file__)
                              for f in (module, os.path.realpath(module)))
        # otter's results file: only otter's last cell writes it, once, after finish()
        self.results_dir = os.path.realpath(
            os.environ.get(ENV_RESULTS_DIR) or __import__("tempfile").gettempdir())
        self.finished = False
        self.results_written = False
        self.shell_hooks: dict[str, list] = {}
        import json

        self.answers = [a for a in json.loads(os.environ.get(ENV_ANSWERS) or "[]")
                        if isinstance(a, str)]

    # reporting --------------------------------------------------------------
    def record(self, kind: str, detail: str) -> None:
        line = event_line(kind, detail)
        if line in self.seen or self.events_fd is None:
            return
        self.seen.add(line)
        os.write(self.events_fd, (line + "\n").encode("utf-8", "replace"))

    def refuse(self, kind: str, detail: str) -> None:
        self.record(kind, detail)
        raise PermissionError(f"dlcourse grade does not allow this while grading: {detail}")

    # who is asking ------------------------------------------------------------
    def caller(self) -> str:
        """Who is acting: 'student', 'otter' or 'library', by the first frame outside the stdlib.

        Frames of the standard library (`subprocess`, `io`, `unittest.mock`, ...)
        are skipped, so `subprocess.run` typed in a cell is the student's, while
        matplotlib starting `fc-list` is the library's.
        """
        frame = self.origin()
        while frame is not None:
            name = frame.f_code.co_filename
            if _student_frame(frame):
                return "student"
            if self.otter_dir and name.startswith(self.otter_dir):
                return "otter"
            if not (name.startswith("<frozen") or (
                    name.startswith(self.stdlib) and "-packages" not in name)
                    or name.startswith(self.launderers)):
                return "library"
            frame = frame.f_back
        return self.thread_owner()

    def origin(self) -> Any:
        """The innermost frame that is not the guard's own."""
        was, self.busy.on = getattr(self.busy, "on", False), True  # not a student's request
        try:
            frame = sys._getframe(1)
        finally:
            self.busy.on = was
        while frame is not None and frame.f_code.co_filename in self.here:
            frame = frame.f_back
        return frame

    def thread_owner(self) -> str:
        return "library" if threading.get_ident() in self.known_threads else "student"

    def frame_user(self) -> str:
        """Who gets the frame: 'student' when a notebook cell asked, directly or through a
        module that hands frames on (`inspect`, `traceback`, `logging`, ...); else 'library'."""
        frame = self.origin()
        while frame is not None:
            if _student_frame(frame):
                return "student"
            name = frame.f_code.co_filename
            inside_stdlib = name.startswith(self.stdlib + os.sep) and "-packages" not in name
            if not (name.startswith("<frozen") or (
                    inside_stdlib and name[len(self.stdlib) + 1:] in _FRAME_PASSERS)):
                return "library"
            frame = frame.f_back
        return self.thread_owner()

    def reader(self) -> str:
        """'student' or 'otter', whichever is nearer on the stack; 'library' for neither."""
        frame = self.origin()
        while frame is not None:
            if _student_frame(frame):
                return "student"
            if self.otter_dir and frame.f_code.co_filename.startswith(self.otter_dir):
                return "otter"
            frame = frame.f_back
        return self.thread_owner()

    # paths -------------------------------------------------------------------
    def inside(self, path: str, folder: str) -> bool:
        return path == folder or path.startswith(folder + os.sep)

    def hidden(self, path: str) -> bool:
        if self.inside(path, self.tests) or self.inside(path, self.source):
            return True
        if path.endswith(".zip") and "autograder" in os.path.basename(path):
            return True
        return any(self.inside(path, p) for p in self.private) and not self.inside(
            path, self.root)

    def writable(self, path: str) -> bool:
        if path.startswith("/dev/") or path.startswith("/proc/self/"):
            return True
        return self.inside(path, self.root) and not self.inside(path, self.tests)

    @staticmethod
    def real(path: Any) -> str | None:
        if isinstance(path, int):
            return None
        try:
            return os.path.realpath(os.fsdecode(os.fspath(path)))
        except (TypeError, ValueError):
            return None

    # the audit hook ----------------------------------------------------------------
    def hook(self, event: str, args: tuple) -> None:
        if (event not in _ALL_EVENTS and not event.startswith("ctypes.")) or getattr(
                self.repairing, "on", False):
            return
        if event == "object.__getattr__" and (len(args) < 2 or args[1] not in _FRAME_ATTRIBUTES):
            return
        if getattr(self.busy, "on", False):
            return
        self.busy.on = True
        try:
            self.handle(event, args)
        finally:
            self.busy.on = False

    def handle(self, event: str, args: tuple) -> None:
        if event in _FRAME_EVENTS or event == "object.__getattr__":
            if self.frame_user() == "student":
                what = f"reading {args[1]}" if event == "object.__getattr__" else event
                self.refuse("tamper", f"reaching the grader's frames or objects ({what})")
            return
        if event.startswith("ctypes."):
            if self.caller() == "student":
                self.refuse("tamper", f"raw memory access ({event})")
            return
        if event == "open":
            self.on_open(*args[:3])
        elif event in _WRITE_EVENTS:
            # a copy or a link writes only its destination; the source may be anywhere readable
            for arg in args[1:2] if event in _DESTINATION_EVENTS else args[:2]:
                path = self.real(arg) if isinstance(arg, (str, bytes, os.PathLike)) else None
                if path is not None and not self.writable(path):
                    self.refuse("write", f"{path} ({event})")
        elif event in _LIST_EVENTS:
            path = self.real(args[0] if args and args[0] is not None else ".")
            if path is not None and self.hidden(path) and self.reader() == "student":
                self.refuse("read", f"listing the hidden tests ({path})")
        elif event in _PROCESS_EVENTS:
            if self.caller() == "student":
                self.refuse("process", f"starting a process ({event})")
        elif event in _SIGNAL_EVENTS:
            if args and (args[0] in self.pids or (isinstance(args[0], int) and args[0] < 0)) \
                    and self.caller() == "student":
                self.refuse("signal", f"signalling the kernel ({event})")
        elif event in ("object.__setattr__", "object.__delattr__"):
            obj = args[0]
            module = ""
            if isinstance(obj, type):
                module = getattr(obj, "__module__", "")
                protected = _protected
            elif isinstance(obj, types.FunctionType):  # `__code__`, `__defaults__` of a library
                module = obj.__dict__.get("__module__") or getattr(obj, "__module__", "")
                protected = _guarded
            if isinstance(module, str) and module and protected(module) \
                    and self.caller() == "student":
                self.refuse("tamper", f"changing {module}.{obj.__name__}.{args[1]}")

    def on_open(self, path: Any, mode: Any, flags: Any) -> None:
        text = path if isinstance(path, str) else None
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            mode is None and isinstance(flags, int)
            and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND))
        if writing:
            real = self.real(path)
            if real is not None and self.results_file(real):
                self.write_results(real)
            elif real is not None and not self.writable(real):
                self.refuse("write", real)
            elif real is not None and real.endswith(_CODE_SUFFIXES) \
                    and self.caller() == "student":
                self.refuse("tamper", f"writing a Python file ({os.path.basename(real)}) that "
                            "an import would run")
            return
        if text is not None and text.endswith(".py") and "tests" not in text:
            return  # the common case (imports read thousands of files): decided cheaply
        real = self.real(path)
        if real is not None and self.hidden(real) and self.reader() == "student":
            self.refuse("read", f"reading the hidden tests or the bundle ({real})")

    def results_file(self, path: str) -> bool:
        return os.path.dirname(path) == self.results_dir and path.endswith(".pkl")

    def write_results(self, path: str) -> None:
        """otter's last cell pickles the results here; nothing else may write the file.

        That cell runs after `finish()`, and once it has opened the file the door
        closes, so a student's thread, timer or exit handler cannot forge it later.
        """
        frame = self.origin()
        while frame is not None and not _student_frame(frame):  # IPython wraps `open`
            frame = frame.f_back
        # IPython compiles each statement of a cell on its own: read the whole cell's source
        source = "".join(__import__("linecache").getlines(frame.f_code.co_filename)) \
            if frame is not None else ""
        if (self.finished and not self.results_written and "check_if_not_already_checked"
                in source and "GradingResults(Checker.get_results())" in source):
            self.results_written = True
            return
        self.refuse("tamper", "writing otter's results file")

    # module attributes ------------------------------------------------------------


def install() -> None:
    """Starts the guard in the grading kernel (once; it cannot be undone).

    Reads `DLCOURSE_GRADE_ROOT` (the folder student code may write to),
    `DLCOURSE_GRADE_EVENTS` (the events file) and `DLCOURSE_GRADE_MAX_OUTPUT`.

    Returns:
        None.

    Raises:
        RuntimeError: outside a grading run (`DLCOURSE_GRADE_ROOT` unset).

    Example:
        >>> install()  # doctest: +SKIP
    """
    if _state:
        return
    root = os.environ.get(ENV_ROOT)
    if not root:
        raise RuntimeError(f"dlcourse.grading.guard is for `dlcourse grade` only: {ENV_ROOT} "
                           "is not set.")
    guard = _Guard(root, os.environ.get(ENV_EVENTS),
                   int(os.environ.get(ENV_MAX_OUTPUT, str(1 << 20))))
    _state["guard"] = guard
    import doctest  # noqa: F401  (protected below: otter's tests run through it)

    import numpy.testing  # noqa: F401

    import dlcourse.grading.checks  # noqa: F401

    _preload()
    if "otter" in sys.modules:
        guard.quiet_checks()
    guard.soften_exits()
    guard.cap_output()
    guard.hide_test_source()
    guard.protect_modules()
    guard.snapshot_shell_hooks()
    sys.addaudithook(guard.hook)


# The course package's student-facing parts: imported before any student code, so that what
# the checks and references use is guarded from the start (the notebook imports them anyway).
_PRELOAD = ("tensorflow", "keras", "dlcourse.config", "dlcourse.data", "dlcourse.models",
            "dlcourse.regularizers", "dlcourse.training", "dlcourse.augment", "dlcourse.sanity",
            "dlcourse.methodology", "dlcourse.plots")


def _preload() -> None:
    import importlib

    for name in _PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:  # pragma: no cover - a lighter install: nothing to guard there
            continue
    from dlcourse.grading import answers

    answers.trust()


def finish(namespace: dict[str, Any]) -> None:
    """Puts back protected module attributes and test names in `namespace`.

    Args:
        namespace: the notebook's global namespace (`globals()`).

    Returns:
        None.

    Raises:
        RuntimeError: when `install()` has not run.

    Example:
        >>> finish(globals())  # doctest: +SKIP
    """
    if not _state:
        raise RuntimeError("dlcourse.grading.guard.install() has not run in this kernel.")
    _state["guard"].restore(namespace)
