"""The guard's patches of the kernel: output cap, softened exits, hidden test source, quiet checks.

Split from `dlcourse.grading.guard`: `KernelPatches` is a base class of the
guard, and its methods use the guard's reporting (`record`) and its view of
who is acting (`caller`, `reader`). The guard skips this module's frames as
its own.
"""

from __future__ import annotations

import os
import sys
import types
from typing import Any

from dlcourse.grading._guard_rules import _student_made, _with_copied_arguments


class KernelPatches:
    """What `install` changes in the kernel besides the audit hook, and IPython's hooks."""

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


