"""The package's one lazy-import mechanism: names resolved on first access (PEP 562).

Importing `dlcourse`, `dlcourse.augment`, `dlcourse.methodology` or
`dlcourse.instructor` must not import TensorFlow: a notebook's first cell,
`dlcourse doctor --data-only` and the grading tools stay fast and TF-free.
Each of those packages declares what it offers and where it lives, and
`attach` gives it the module-level `__getattr__` and `__dir__` that import
the defining module only when a name is first used (the pattern of
scientific Python's `lazy_loader.attach`).

    __getattr__, __dir__, __all__ = _lazy.attach(
        __name__, submodules=("audio",), names={"grid": "preview"})
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["attach"]

Getattr = Callable[[str], Any]


def attach(package: str, *, submodules: Iterable[str] = (),
           names: Mapping[str, str] | None = None, extra: Iterable[str] = (),
           hidden: Iterable[str] = (), base: str | None = None,
           ) -> tuple[Getattr, Callable[[], list[str]], list[str]]:
    """Lazy `__getattr__`, `__dir__` and `__all__` for `package`.

    Args:
        package: the package's `__name__`.
        submodules: submodules reachable as attributes, imported on first use.
        names: public name -> the submodule (relative to `package`, dots
            allowed) that defines it. Defaults to `None` (none).
        extra: names the package defines itself, listed in `__all__`.
            Defaults to `()`.
        hidden: submodules reachable as attributes but not listed in
            `__all__` (another layer's, e.g. the instructor's under
            `dlcourse`). Defaults to `()`.
        base: the package `names` are relative to. Defaults to `None`
            (`package` itself; a plain module such as `dlcourse.instructor`
            passes `"dlcourse"`).

    Returns:
        `(__getattr__, __dir__, __all__)`. A resolved name is cached in the
        package's namespace, so `__getattr__` runs once per name.

    Example:
        >>> getattr_, dir_, all_ = attach("dlcourse", submodules=("config",))
        >>> getattr_("config").__name__, all_
        ('dlcourse.config', ['config'])
    """
    submodules = tuple(submodules)
    hidden = tuple(hidden)
    names = dict(names or {})
    public = sorted({*submodules, *names, *extra})
    base = base or package

    def __getattr__(name: str) -> Any:
        if name in submodules or name in hidden:
            value = importlib.import_module(f"{package}.{name}")
        elif name in names:
            value = getattr(importlib.import_module(f"{base}.{names[name]}"), name)
        else:
            raise AttributeError(
                f"module {package!r} has no attribute {name!r}. Available: {public}")
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *public})

    return __getattr__, __dir__, public
