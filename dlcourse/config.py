"""Run profile, seeding and the environment report every notebook starts with.

The profile decides how big a run is: `fast` (CI, nbval, a laptop CPU: subsets
and few epochs) or `full` (the real course on a Colab GPU). It comes from the
`DLCOURSE_PROFILE` environment variable and defaults to `full`.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import re
import sys
from collections.abc import Iterator
from typing import Any, TypeVar

import numpy as np

from dlcourse import _validate

PROFILES = ("fast", "full")
PROFILE_ENV = "DLCOURSE_PROFILE"
DEFAULT_PROFILE = "full"

T = TypeVar("T")


def _check_profile(name: str, origin: str) -> str:
    key = str(name).strip().lower()
    if key not in PROFILES:
        raise ValueError(
            f"Expected a profile in {PROFILES}. Received: {origin}={name!r}. "
            f"Use 'fast' for CI or a CPU laptop, 'full' for the real course."
        )
    return key


def profile(override: str | None = None) -> str:
    """Returns the active run profile, `"fast"` or `"full"`.

    Args:
        override: a profile name that wins over the environment. Defaults to
            `None` (read `DLCOURSE_PROFILE`, else `"full"`).

    Returns:
        The profile name, lower case.

    Example:
        >>> profile("fast")
        'fast'
    """
    if override is not None:
        return _check_profile(override, "profile")
    value = os.environ.get(PROFILE_ENV, "").strip()
    if not value:
        return DEFAULT_PROFILE
    return _check_profile(value, PROFILE_ENV)


@contextlib.contextmanager
def use_profile(name: str) -> Iterator[str]:
    """Temporarily sets `DLCOURSE_PROFILE` (restored on exit, even on error).

    Args:
        name: `"fast"` or `"full"`.

    Returns:
        A context manager yielding the profile name.

    Example:
        >>> with use_profile("fast"):
        ...     profile()
        'fast'
    """
    key = _check_profile(name, "name")
    old = os.environ.get(PROFILE_ENV)
    os.environ[PROFILE_ENV] = key
    try:
        yield key
    finally:
        if old is None:
            os.environ.pop(PROFILE_ENV, None)
        else:
            os.environ[PROFILE_ENV] = old


def pick(fast: T, full: T, *, profile_name: str | None = None) -> T:
    """Returns `fast` or `full` depending on the active profile.

    Notebooks use it for subset sizes and epoch counts, so one cell serves CI
    and the real course.

    Args:
        fast: the value for the `fast` profile.
        full: the value for the `full` profile.
        profile_name: a profile that wins over the environment. Defaults to
            `None` (the active profile).

    Returns:
        One of the two values.

    Example:
        >>> pick(fast=2, full=20, profile_name="fast")
        2
    """
    return fast if profile(profile_name) == "fast" else full


def seed_everything(seed: int = 0, *, deterministic: bool = True) -> int:
    """Seeds Python, NumPy, Keras and TensorFlow, and makes TF ops deterministic.

    Two runs that call this with the same seed before building and fitting a
    model end with identical weights (on the same machine and versions).

    Args:
        seed: a non-negative integer. Defaults to `0`.
        deterministic: also call
            `tf.config.experimental.enable_op_determinism()`; slower on GPU,
            and it cannot be switched off again in the same process. Defaults
            to `True`.

    Returns:
        The seed, so a notebook can print what it used.

    Example:
        >>> seed_everything(42)
        42
    """
    seed = _validate.seed(seed)
    os.environ["PYTHONHASHSEED"] = str(seed)  # only affects child processes
    random.seed(seed)
    np.random.seed(seed)  # noqa: NPY002 - student code still calls the legacy global RNG
    import keras  # deferred: importing dlcourse must not import TensorFlow
    import tensorflow as tf

    keras.utils.set_random_seed(seed)  # Python, NumPy and the backend's RNG
    if deterministic:
        tf.config.experimental.enable_op_determinism()
    return seed


def _version(module: str) -> str:
    from importlib import metadata

    try:
        return metadata.version(module)
    except metadata.PackageNotFoundError:
        return "not installed"


def device() -> str:
    """Names the device Keras will train on: the first GPU's name, or `"CPU"`.

    Returns:
        For example `"GPU: NVIDIA H100 80GB HBM3"` or `"CPU (2 cores)"`.

    Example:
        >>> device().startswith(("CPU", "GPU"))
        True
    """
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return f"CPU ({os.cpu_count()} cores)"
    try:
        name = tf.config.experimental.get_device_details(gpus[0]).get("device_name", gpus[0].name)
    except (ValueError, RuntimeError):
        name = gpus[0].name
    more = f" (+{len(gpus) - 1} more)" if len(gpus) > 1 else ""
    return f"GPU: {name}{more}"


def environment() -> dict[str, Any]:
    """Collects what `describe()` prints, as a dict (for logs and tests).

    Returns:
        Keys `python`, `platform`, `packages` (name -> version), `device`,
        `profile`, `data_sources` (dataset -> where it would load from) and
        `in_colab`.

    Example:
        >>> sorted(environment())[:3]
        ['data_sources', 'device', 'in_colab']
    """
    from dlcourse.data import sources

    packages = (
        "dlcourse", "numpy", "tensorflow", "keras", "tensorflow-datasets",
        "scikit-learn", "Augmentor", "otter-grader", "matplotlib",
    )
    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(terse=True),
        "packages": {name: _version(name) for name in packages},
        "device": device(),
        "profile": profile(),
        "data_sources": {name: sources.describe_source(name) for name in sources.IDX_DATASETS},
        "in_colab": "google.colab" in sys.modules,
    }


def describe() -> None:
    """Prints versions, device, profile and data sources: a notebook's first cell.

    Example:
        >>> describe()  # doctest: +SKIP
        dlcourse 0.1.0 | Python 3.11.7 | profile: fast
        ...
    """
    env = environment()
    pkgs = env["packages"]
    print(f"dlcourse {pkgs['dlcourse']} | Python {env['python']} | profile: {env['profile']}")
    print(f"device: {env['device']}" + (" | running on Colab" if env["in_colab"] else ""))
    print("packages: " + ", ".join(f"{k} {v}" for k, v in pkgs.items() if k != "dlcourse"))
    for name, where in env["data_sources"].items():
        print(f"data {name}: {where}")


# --- The course's repository (`dlcourse build` reads it; owner: version sets / install) ---

REPOSITORY_TABLE = "tool.dlcourse"


def course_repository(pyproject: str | os.PathLike | None = None) -> dict[str, str]:
    """The course's `repository` and `branch`, from pyproject.toml's `[tool.dlcourse]`.

    Student notebooks install dlcourse from this repository on Colab and their
    "Open in Colab" badge opens the notebook there, so a course sets its own
    copy in one place.

    Args:
        pyproject: the pyproject.toml to read. Defaults to the one beside the
            `dlcourse` package (a clone), else the current folder's.

    Returns:
        `{"repository": "https://github.com/OWNER/NAME", "branch": "main"}`.

    Example:
        >>> sorted(course_repository())
        ['branch', 'repository']
    """
    from pathlib import Path

    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib

    candidates = ([Path(pyproject)] if pyproject is not None else
                  [Path(__file__).resolve().parents[1] / "pyproject.toml",
                   Path.cwd() / "pyproject.toml"])
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise FileNotFoundError(
            f"Expected the course's pyproject.toml at {' or '.join(map(str, candidates))}. "
            "Run `dlcourse build` from a clone of the course's repository."
        )
    table = tomllib.loads(path.read_text()).get("tool", {}).get("dlcourse", {})
    repository = str(table.get("repository", "")).rstrip("/")
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository) \
            or "YOUR-ORG" in repository:
        raise ValueError(
            f"Expected [{REPOSITORY_TABLE}] repository = \"https://github.com/OWNER/NAME\" "
            f"(the course's GitHub repository) in {path}. Received: {repository!r}. "
            "Set it to the repository students install dlcourse from."
        )
    return {"repository": repository, "branch": str(table.get("branch", "main"))}


def install_spec(pyproject: str | os.PathLike | None = None) -> str:
    """What a student notebook's setup cell installs on Colab: the course's repository.

    Args:
        pyproject: as in `course_repository`.

    Returns:
        A pip requirement, `"dlcourse @ git+https://github.com/OWNER/NAME@BRANCH"`.

    Example:
        >>> install_spec().startswith("dlcourse @ git+https://github.com/")
        True
    """
    course = course_repository(pyproject)
    return f"dlcourse @ git+{course['repository']}@{course['branch']}"


def colab_url(notebook: str, pyproject: str | os.PathLike | None = None) -> str:
    """The address that opens student notebook `notebook` (a file name) on Colab.

    Args:
        notebook: the student notebook's file name, e.g. `"01_neurons.ipynb"`.
        pyproject: as in `course_repository`.

    Returns:
        Colab's address for the notebook in the repository's `notebooks/` folder.

    Example:
        >>> colab_url("01_neurons.ipynb").startswith("https://colab.research.google.com/github/")
        True
    """
    course = course_repository(pyproject)
    owner_name = course["repository"].removeprefix("https://github.com/")
    return (f"https://colab.research.google.com/github/{owner_name}/blob/{course['branch']}"
            f"/notebooks/{notebook}")
