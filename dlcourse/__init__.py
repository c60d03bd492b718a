"""dlcourse: the helper library of the course's graded Keras notebooks.

Two layers:

- **The student side**, what notebooks import (`__all__`): `augment`,
  `config`, `data`, `grading` (the checks test cells call), `methodology`,
  `models`, `plots`, `regularizers` and `sanity`. `training` is the engine
  `sanity` and `methodology` train with; it is importable, not listed.
- **The instructor side**, `dlcourse.instructor`: build the student
  notebooks and autograder bundles from the masters, run notebooks
  headless, grade a class's submissions, check one notebook, and the
  environment doctor. The `dlcourse` command (`dlcourse.cli`) calls only
  that layer's functions.

Importing `dlcourse` itself is cheap: submodules load on first use, and
TensorFlow only when a function that needs it runs (one mechanism,
`dlcourse._lazy`).

    >>> from dlcourse import config, data
"""

from __future__ import annotations

import os

from dlcourse import _lazy

# TensorFlow's C++ start-up chatter (CPU instruction sets, "failed call to
# cuInit" on machines without a GPU) buries a notebook's first cell; keep
# warnings and errors. A value the user set wins.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"

# what notebooks import; the rest is reachable as `dlcourse.<name>` but not offered
STUDENT_MODULES = (
    "augment", "config", "data", "grading", "methodology", "models", "plots", "regularizers",
    "sanity",
)
INSTRUCTOR_MODULES = ("build", "cli", "instructor", "run", "training")

__getattr__, __dir__, __all__ = _lazy.attach(
    __name__, submodules=STUDENT_MODULES, hidden=INSTRUCTOR_MODULES)
