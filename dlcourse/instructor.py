"""The instructor's side of dlcourse: build, run, grade, check and doctor.

Students import the modules in `dlcourse.__all__`; everything that turns
master notebooks into a course and grades it is here, one function per
`dlcourse` command (`dlcourse.cli` calls nothing else):

- **build** (`dlcourse build`): `masters(folder)` lists the masters,
  `build_one(master, notebooks_dir, autograder_dir)` writes the student
  notebook and the otter autograder bundle (`dlcourse.build`).
- **run** (`dlcourse run`): `run_notebook(path, profile=..., out_dir=...)`
  executes a notebook headless, its kernel's log, executed copy and HTML page
  in `out_dir`; `summary(results)` is the table of times and checks,
  `write_index(results, out_dir)` the HTML index, `log_tail(result)` the end
  of a failed notebook's log (`dlcourse.run`).
- **grade** (`dlcourse grade`): `find_assignment(notebook, root)` finds
  the bundle, `grade_all(paths, assignment, Limits(...))` grades each
  submission in its own process under a time limit and a memory cap,
  `write_outputs(rows, assignment, out, feedback_dir)` writes the gradebook
  and the feedback files (`dlcourse.grading.grade`, `.sandbox`,
  `.gradebook`, `.assignment`).
- **check** (`dlcourse check`): `check_notebook(path)` runs a notebook and
  every public check, as a student would (`dlcourse.grading.check`).
- **doctor** (`dlcourse doctor`): `doctor()` prints the environment and
  where each dataset would load from.

Every name but `doctor` is defined in the module named above and imported
on first use, so importing this layer costs nothing (`dlcourse._lazy`).

    >>> from dlcourse import instructor
    >>> instructor.doctor(data_only=True)  # doctest: +SKIP
    ok      fashion_mnist: /work/main/data/fashion-mnist (default cache)
    0
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from dlcourse import _lazy

# public name -> the module (under dlcourse) that defines it
_WHERE = {
    "BuildError": "build", "INSTALL_SPEC": "build", "MASTER_GLOB": "build",
    "build_one": "build", "masters": "build",
    "run_notebook": "run", "summary": "run", "write_index": "run", "log_tail": "run",
    "GradingError": "grading.assignment", "find_assignment": "grading.assignment",
    "Limits": "grading.sandbox", "grade_all": "grading.grade",
    "write_outputs": "grading.gradebook",
    "check_notebook": "grading.check",
}

__all__ = [
    "BuildError", "GradingError", "INSTALL_SPEC", "Limits", "MASTER_GLOB",  # noqa: F822
    "build_one", "check_notebook", "doctor", "find_assignment", "grade_all",  # noqa: F822
    "log_tail", "masters", "run_notebook", "summary", "write_index",  # noqa: F822
    "write_outputs",  # noqa: F822
]

__getattr__, __dir__, _ = _lazy.attach(__name__, names=_WHERE, extra=["doctor"], base="dlcourse")


def doctor(*, data_only: bool = False, validate: bool = False,
           print_fn: Callable[..., Any] = print) -> int:
    """Prints the environment and where each IDX dataset loads from offline.

    Fashion-MNIST is the course's default image set and must be available
    offline; MNIST is optional (tensorflow-datasets downloads it online).

    Args:
        data_only: only check the datasets (no TensorFlow import).
            Defaults to `False`.
        validate: also read and validate every IDX file found.
            Defaults to `False`.
        print_fn: where the report goes (`file=sys.stderr` is passed for the
            full error). Defaults to `print`.

    Returns:
        The exit status: 0, or 1 when Fashion-MNIST is missing or broken.

    Example:
        >>> doctor(data_only=True)  # doctest: +SKIP
        ok      fashion_mnist: /work/main/data/fashion-mnist (default cache)
        absent  mnist: not found offline (optional; tensorflow-datasets downloads it when online)
        0
    """
    from dlcourse import config
    from dlcourse.data import DataFileError, DataNotFoundError, sources

    if not data_only:
        config.describe()
    status = 0
    for name in sources.IDX_DATASETS:
        try:
            folder, label = sources.require(name)
            if validate:
                sources.read_folder(name, folder)
            checked = ", validated" if validate else ""
            print_fn(f"ok      {name}: {folder} ({label}){checked}")
        except (DataFileError, DataNotFoundError) as e:
            if name != "fashion_mnist":
                print_fn(f"absent  {name}: not found offline (optional; tensorflow-datasets "
                         "downloads it when online)")
                continue
            print_fn(f"MISSING {name}: {str(e).splitlines()[0]}")
            print_fn(str(e), file=sys.stderr)
            status = 1
    return status
