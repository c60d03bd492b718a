"""The guard's watch over modules and classes: refuse replacements, compare, put back.

Split from `dlcourse.grading.guard`: `ModuleRepairs` is a base class of the
guard. `protect_modules` wraps every loaded module so that student code
cannot replace its attributes, `verify` compares the protected classes and
modules before every check, and `restore` puts back what was changed by a
route the audit hook does not see. The guard skips this module's frames as
its own.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from dlcourse.grading._guard_rules import (
    _MISSING,
    _STRICT_ROOTS,
    CANONICAL,
    _genuine,
    _guarded,
    _protected,
    _student_made,
)


class ModuleRepairs:
    """Snapshots of modules and classes at `install()`, compared and restored later."""

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
