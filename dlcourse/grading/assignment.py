"""What `dlcourse grade` grades against: an assignment's autograder bundle and points."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from dlcourse.grading import protocol

__all__ = ["find_assignment"]


class GradingError(ValueError):
    """A grading run that cannot start: unknown notebook, missing bundle, bad option."""


@dataclass(frozen=True)
class Assignment:
    """What submissions are graded against."""

    number: str  # "01"
    name: str  # "01_neurons_activations_losses"
    bundle: Path  # otter's autograder zip
    points: dict[str, float]  # question -> points, in order
    released: Path | None = None  # the student notebook: its cells are trusted
    manual: dict[str, float] = field(default_factory=dict)  # written questions, graded by hand

    @property
    def max_points(self) -> float:
        """The autograded points (manual questions are added by the instructor)."""
        return float(sum(self.points.values()))


def find_assignment(notebook: str, root: Path, *, bundle: str | Path | None = None
                    ) -> Assignment:
    """The assignment `NN` (or `NN_name`): its bundle in dist/autograder/, else built.

    Args:
        notebook: "01", "1" or "01_neurons_activations_losses".
        root: the course repository (with solutions/, notebooks/, dist/).
        bundle: an autograder zip to use instead of dist/autograder/.

    Returns:
        The `Assignment`.

    Raises:
        GradingError: no such notebook, no bundle and no master to build one, or a
            bundle that is not an otter autograder zip.

    Example:
        >>> find_assignment("01", Path(".")).name  # doctest: +SKIP
        '01_neurons_activations_losses'
    """
    number = str(notebook).split("_")[0]
    if not number.isdigit():
        raise GradingError(f"--notebook expects a number such as 01. Received: {notebook!r}")
    number = f"{int(number):02d}"
    root = Path(root)
    names = sorted({p.stem for folder in ("solutions", "notebooks")
                    for p in (root / folder).glob(f"{number}_*.ipynb")})
    if bundle is not None:
        bundle = Path(bundle)
        name = names[0] if names else bundle.name.replace("-autograder.zip", "")
    else:
        if not names:
            known = sorted(p.stem[:2] for p in (root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
            raise GradingError(f"No notebook {number} in {root / 'notebooks'}. Expected one of: "
                               f"{', '.join(known) or 'none (run dlcourse build)'}.")
        name = names[0]
        bundle = root / "dist" / "autograder" / f"{name}-autograder.zip"
        if not bundle.is_file():
            bundle = _build_bundle(root, name)
    if not Path(bundle).is_file():
        raise GradingError(f"No autograder bundle at {bundle}. Run `dlcourse build`.")
    config = _require_plugin(Path(bundle))
    released = root / "notebooks" / f"{name}.ipynb"
    manual = {str(q): float(p) for q, p in (config.get("manual") or {}).items()}
    return Assignment(number, name, Path(bundle), _bundle_points(Path(bundle)),
                      released if released.is_file() else None, manual)


def _require_plugin(bundle: Path) -> dict:
    """The plugin's configuration: a bundle without dlcourse's plugin would grade without the
    scan, guard and forbid rule."""
    import json
    import zipfile

    from dlcourse.grading.protocol import PLUGIN_NAME

    try:
        with zipfile.ZipFile(bundle) as z:
            config = json.loads(z.read("otter_config.json"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as e:
        raise GradingError(f"{bundle} is not an otter autograder zip ({e}). Expected the zip "
                           "`dlcourse build` writes to dist/autograder/.") from e
    plugins = config.get("plugins") or []
    for plugin in plugins:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return plugin[PLUGIN_NAME] or {}
    if PLUGIN_NAME not in plugins:
        raise GradingError(f"{bundle} does not name dlcourse's grading plugin "
                           f"({PLUGIN_NAME}): it was built by an older dlcourse or by "
                           "otter alone. Rebuild it with `dlcourse build`.")
    return {}


def _bundle_points(bundle: Path) -> dict[str, float]:
    try:
        return protocol.bundle_points(bundle)
    except protocol.FormatError as e:
        raise GradingError(str(e)) from e


def _build_bundle(root: Path, name: str) -> Path:
    from dlcourse import build

    master = root / "solutions" / f"{name}.ipynb"
    if not master.is_file():
        raise GradingError(f"No autograder bundle for {name} and no master {master} to build "
                           "one from. Run `dlcourse build` where the masters are.")
    with tempfile.TemporaryDirectory(prefix="dlcourse-bundle-") as tmp:
        built = build.build_one(master, Path(tmp) / "nb", root / "dist" / "autograder",
                                run_tests=False)
    return built.autograder
