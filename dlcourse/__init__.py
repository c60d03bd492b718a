"""dlcourse: the helper library of the course's graded Keras notebooks.

Notebooks import submodules: `from dlcourse import config, data`. Importing
`dlcourse` itself is cheap: TensorFlow is imported only when a function that
needs it runs.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

# TensorFlow's C++ start-up chatter (CPU instruction sets, "failed call to
# cuInit" on machines without a GPU) buries a notebook's first cell; keep
# warnings and errors. A value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"

__all__ = [
    "augment", "build", "config", "data", "grading", "methodology", "models", "plots",
    "regularizers", "run", "sanity", "training",
]


def __getattr__(name: str) -> Any:
    # Submodules load on first use, so `import dlcourse` stays fast and TF-free.
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'dlcourse' has no attribute {name!r}. Available: {__all__}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
