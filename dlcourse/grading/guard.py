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
"""

from __future__ import annotations

import os
import sys
import threading
import types
from typing import Any

from dlcourse.grading.protocol import (
    ENV_ANSWERS,
    ENV_EVENTS,
    ENV_MAX_OUTPUT,
    ENV_RESULTS_DIR,
    ENV_ROOT,
    event_line,
)

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
_state: dict[str, Any] = {}  # the installed guard, once `install` has run


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


class _Guard:
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
        self.here = frozenset({__file__, os.path.realpath(__file__)})
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
    def protect_modules(self) -> None:
        guard = self

        class GuardedModule(types.ModuleType):
            def __setattr__(self, name: str, value: Any) -> None:
                current = self.__dict__.get(name, _MISSING)
                # the import system sets `__loader__`, `__spec__`, ... as it (re)loads modules
                if current is not _MISSING and current is not value \
                        and not (name.startswith("__") and name.endswith("__")) \
                        and guard.caller() == "student":
                    guard.refuse("tamper", f"replacing {self.__name__}.{name}")
                super().__setattr__(name, value)

            def __delattr__(self, name: str) -> None:
                if guard.caller() == "student":
                    guard.refuse("tamper", f"deleting {self.__name__}.{name}")
                super().__delattr__(name)

        # every module: an attribute replaced by student code is refused at once; functions
        # written into a module's dict are compared later (`check_modules`); the modules the
        # tests use are put back at the end (`restore`), their classes compared before checks
        for name, module in list(sys.modules.items()):
            if type(module) is not types.ModuleType:
                continue
            restored = _protected(name)
            if restored:
                self.snapshot[name] = dict(vars(module))
            elif name != "builtins":  # ipykernel swaps `input` at every cell; see below
                self.modules[name] = {k: v for k, v in vars(module).items()
                                      if callable(v) and not isinstance(v, types.ModuleType)}
            if _guarded(name):
                for value in list(vars(module).values()):
                    if isinstance(value, type) and value.__module__ == name:
                        methods = {k: v for k, v in vars(value).items()
                                   if callable(v) or isinstance(v, (
                                       staticmethod, classmethod, property))}
                        (self.classes if restored else self.library_classes)[value] = methods
            try:
                module.__class__ = GuardedModule
            except TypeError:  # pragma: no cover - a module type we cannot wrap
                pass
        import builtins

        # ipykernel swaps `input` for its own version at every execution
        self.snapshot["builtins"] = {k: v for k, v in vars(builtins).items() if k != "input"}

    def verify(self) -> None:
        """Puts back any method of a protected class that was replaced, and records it.

        Python reports no event when an ordinary class attribute changes, so
        classes are compared with their state at `install()`: before every
        `grader.check` and in `finish()`.
        """
        self.repairing.on = True
        try:
            # Keras's, TensorFlow's, dlcourse's: the library's own additions stay
            for cls, saved in self.library_classes.items():
                self.compare_class(cls, saved, added=_student_made)
            self.check_shell_hooks()
            self.check_modules()
            for cls, saved in self.classes.items():  # otter's, doctest's, the checks'
                self.compare_class(cls, saved, added=callable)
        finally:
            self.repairing.on = False

    def compare_class(self, cls: type, saved: dict[str, Any], added: Any) -> None:
        """Puts back a replaced method; removes an added one that `added` says is not the
        library's doing. Each is recorded as tampering."""
        current = vars(cls)
        where = f"{cls.__module__}.{cls.__qualname__}"
        for attr, value in saved.items():
            if current.get(attr, _MISSING) is not value:
                self.record("tamper", f"replaced {where}.{attr}")
                type.__setattr__(cls, attr, value)
        if len(current) != len(saved):
            for attr in sorted(set(current) - set(saved)):
                if added(current[attr]):
                    self.record("tamper", f"added {where}.{attr}")
                    type.__delattr__(cls, attr)

    def check_modules(self) -> None:
        """A module's functions written straight into its `__dict__` (no event for that):
        put back and recorded where the library cannot have done it itself."""
        for name, saved in self.modules.items():
            module = sys.modules.get(name)
            if module is None:
                continue
            current = vars(module)
            strict = name.split(".")[0] in _STRICT_ROOTS
            for attr, value in saved.items():
                now = current.get(attr, _MISSING)
                if now is value or now is _MISSING or isinstance(now, types.ModuleType):
                    continue
                if strict or _student_made(now):
                    self.record("tamper", f"replaced {name}.{attr}")
                    current[attr] = value
                else:  # a library updating itself (matplotlib's backend, say)
                    saved[attr] = now

    # IPython's hooks run code between cells, after finish() too: a student's would run
    # after the last check, next to otter's results
    def shell(self) -> Any:
        ipython = sys.modules.get("IPython")
        get = getattr(ipython, "get_ipython", None)
        return get() if callable(get) else None

    def shell_lists(self, shell: Any) -> dict[str, list]:
        lists = {f"events.{k}": v for k, v in getattr(getattr(shell, "events", None),
                                                      "callbacks", {}).items()}
        for attr in ("input_transformers_post", "input_transformers_cleanup",
                     "ast_transformers"):
            value = getattr(shell, attr, None)
            if isinstance(value, list):
                lists[attr] = value
        return lists

    def snapshot_shell_hooks(self) -> None:
        shell = self.shell()
        if shell is not None:
            self.shell_hooks = {k: list(v) for k, v in self.shell_lists(shell).items()}

    def check_shell_hooks(self) -> None:
        shell = self.shell()
        if shell is None:
            return
        for where, items in self.shell_lists(shell).items():
            before = self.shell_hooks.get(where, [])
            for item in list(items):
                if not any(item is b or item == b for b in before) and _student_made(item):
                    self.record("tamper", f"added an IPython hook ({where})")
                    items.remove(item)

    def protect_answers(self, namespace: dict[str, Any]) -> None:
        """The tests call the student's functions with their own arrays, then compute the
        reference from the same arrays: each answer function gets copies, so it cannot change
        what the reference sees."""
        for name in self.answers:
            fn = namespace.get(name)
            if isinstance(fn, types.FunctionType) and _student_made(fn):
                namespace[name] = _with_copied_arguments(fn)

    def restore(self, namespace: dict[str, Any]) -> None:
        self.finished = True  # otter's last cell may write the results, whatever happens here
        self.protect_answers(namespace)
        self.verify()
        checker = getattr(sys.modules.get("otter.execute"), "Checker", None)
        if checker is not None:  # results of checks run against any other tests folder
            kept = [t for t in checker._test_files
                    if self.inside(self.real(getattr(t, "path", "")) or "", self.tests)]
            if len(kept) != len(checker._test_files):
                self.record("tamper", "checks were run against tests other than the grader's")
            checker._test_files[:] = kept
        for name, saved in self.snapshot.items():
            module = sys.modules.get(name)
            if module is None:
                continue
            current = vars(module)
            for attr, value in saved.items():
                # functions, classes and modules only: libraries update their own data
                if not (callable(value) or isinstance(value, types.ModuleType)):
                    continue
                if current.get(attr, _MISSING) is not value:
                    self.record("repaired", f"{name}.{attr} had been replaced")
                    current[attr] = value
        for var, module_name in CANONICAL.items():
            module = sys.modules.get(module_name)
            value = namespace.get(var, _MISSING)
            if value is _MISSING or module is None or _genuine(value, module_name):
                continue
            self.record("repaired", f"the name {var!r} had been rebound")
            namespace[var] = module

    # output --------------------------------------------------------------------------
    def cap_output(self) -> None:
        guard = self

        class Capped:
            def __init__(self, stream: Any) -> None:
                self._stream = stream

            def write(self, text: str) -> int:
                guard.printed += len(text)
                if guard.printed <= guard.max_output:
                    return self._stream.write(text)
                if not guard.output_note_written:
                    guard.output_note_written = True
                    guard.record("output", f"printed more than {guard.max_output:,} "
                                 "characters; the rest was dropped")
                    self._stream.write(f"\n[dlcourse grade: output past {guard.max_output:,} "
                                       "characters dropped]\n")
                return len(text)

            def __getattr__(self, name: str) -> Any:
                return getattr(self._stream, name)

        sys.stdout = Capped(sys.stdout)
        sys.stderr = Capped(sys.stderr)

    # exits and checks ------------------------------------------------------------------
    def soften_exits(self) -> None:
        guard = self

        def _exit(code: int = 0, *_: Any) -> None:
            guard.record("exit", "called os._exit: that cell stopped, grading went on")
            raise SystemExit(code)

        def _abort() -> None:
            guard.record("exit", "called os.abort: that cell stopped, grading went on")
            raise SystemExit(1)

        original_sys_exit = sys.exit

        def _sys_exit(code: Any = None) -> None:
            if guard.caller() == "student":  # not the kernel's own shutdown
                guard.record("exit", "called sys.exit: that cell stopped, grading went on")
            original_sys_exit(code)

        os._exit = _exit
        os.abort = _abort
        sys.exit = _sys_exit

    def hide_test_source(self) -> None:
        """While doctest runs a test, linecache serves the test's source to anyone who asks for
        `<doctest q1[0]>`: a student's function called by the test must not."""
        guard = self
        runner = sys.modules["doctest"].DocTestRunner
        name = "_DocTestRunner__patched_linecache_getlines"
        original = runner.__dict__[name]

        def getlines(self: Any, filename: Any, module_globals: Any = None) -> Any:
            if str(filename).startswith("<doctest") and guard.reader() == "student":
                guard.record("read", "reading the hidden tests' source (linecache)")
                return []
            return original(self, filename, module_globals)

        type.__setattr__(runner, name, getlines)

    def quiet_checks(self) -> None:
        guard = self
        notebook = sys.modules["otter"].Notebook
        original = notebook.check

        def check(self: Any, question: str, global_env: dict | None = None) -> None:
            if global_env is None:
                guard.busy.on = True  # the guard's own look at its caller
                try:
                    global_env = sys._getframe(1).f_globals
                finally:
                    guard.busy.on = False
            self._tests_dir = type(self)._tests_dir_override  # the real tests, whatever was set
            guard.protect_answers(global_env)
            guard.verify()
            original(self, question, global_env=global_env)
            return None

        check.__doc__ = original.__doc__
        notebook.check = check


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
