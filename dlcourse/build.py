"""`dlcourse build`: master notebooks -> student notebooks and autograder bundles.

otter-grader's `otter assign` strips the solutions and splits public from
hidden tests; dlcourse then replaces otter's init cell with a setup cell that
installs dlcourse on Colab and carries the public tests (see
`grading.embedded`), normalizes the notebook so a rebuild is byte-identical,
and refuses to write a student notebook that contains a solution or a hidden
test.
"""

from __future__ import annotations

import ast
import json
import os
import pprint
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat

# What a student's Colab installs. Instructors point it at their course's copy.
INSTALL_SPEC = "dlcourse @ git+https://github.com/YOUR-ORG/dlcourse"
MASTER_GLOB = "[0-9][0-9]_*.ipynb"
# Markers of otter's master format; none may reach a student notebook.
LEAK_MARKERS = re.compile(
    r"BEGIN SOLUTION|END SOLUTION|# SOLUTION|BEGIN TESTS|END TESTS|BEGIN QUESTION|END QUESTION"
    r"|BEGIN TEST CONFIG|ASSIGNMENT CONFIG|BEGIN HIDDEN|\"hidden\": true"
)


class BuildError(RuntimeError):
    """otter assign failed, or a student notebook would leak a solution."""


@dataclass(frozen=True)
class Built:
    """What building one master produced."""

    master: Path
    student: Path
    autograder: Path
    questions: tuple[str, ...]


CHECKS_TEMPLATE = """\
# The public checks of this notebook: grader.check("q1") runs them. Do not edit.
from dlcourse import grading

grader = grading.load_checks({tests})"""


def checks_cell_source(tests: dict) -> str:
    """The student notebook's checks cell, with the public tests embedded.

    The tests are written as a Python literal (`True`, not JSON's `true`): the
    cell is Python that students run.
    """
    return CHECKS_TEMPLATE.format(tests=pprint.pformat(tests, width=100, sort_dicts=True))


def setup_cell_index(nb) -> int:
    """Index of the master's setup cell: the first code cell, which calls config.describe()."""
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"
            and "otter.Notebook(" not in c.source]
    if not code or "config.describe()" not in nb.cells[code[0]].source \
            or INSTALL_SPEC not in nb.cells[code[0]].source:
        raise BuildError(
            "Expected the master's first code cell to install dlcourse on Colab "
            f"(%pip install -q \"{INSTALL_SPEC}\") and call config.describe()."
        )
    return code[0]


def _public_tests(nb) -> dict:
    tests = nb.metadata.get("otter", {}).get("tests", {})
    public = {}
    for name, spec in tests.items():
        spec = json.loads(json.dumps(spec))
        for suite in spec.get("suites", []):
            suite["cases"] = [c for c in suite.get("cases", []) if not c.get("hidden")]
        public[name] = spec
    return public


def _normalize(nb, tests: dict, install_spec: str):
    """Checks cell after the setup cell, outputs and volatile ids out: rebuilds are identical."""
    init = [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and "otter.Notebook(" in c.source]
    if len(init) != 1:
        raise BuildError(
            f"Expected exactly one otter init cell in the student notebook, found {len(init)}: "
            "keep `init_cell: true` in the master's ASSIGNMENT CONFIG."
        )
    checks = nb.cells.pop(init[0])
    checks.source = checks_cell_source(tests)
    setup = setup_cell_index(nb)
    nb.cells[setup].source = nb.cells[setup].source.replace(INSTALL_SPEC, install_spec)
    nb.cells.insert(setup + 1, checks)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i:03d}"
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("execution", None)
    # Only what a kernel needs: otter's copy of the tests lives in the checks cell
    # now, and language_info details (the Python version that last ran the
    # master) would make every rebuild differ between machines.
    nb.metadata = nbformat.from_dict({
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    return nb


def check_no_leaks(text: str, hidden_codes: list[str], where: str) -> None:
    """Raises BuildError if `text` holds a solution marker or any hidden test's code."""
    found = LEAK_MARKERS.search(text)
    if found:
        raise BuildError(f"{where}: contains {found.group(0)!r}; a solution or test would leak.")
    for code in hidden_codes:
        body = code.replace(">>> ", "").replace("... ", "").strip()
        if body and body in text:
            raise BuildError(f"{where}: contains a hidden test: {body[:60]!r}")


def _hidden_from_zip(zip_path: Path) -> list[str]:
    import zipfile

    codes = []
    with zipfile.ZipFile(zip_path) as z:
        for name in z.namelist():
            if name.startswith("tests/") and name.endswith(".py"):
                source = z.read(name).decode()
                spec = ast.literal_eval(source.split("test = ", 1)[1])  # otter's OK format
                for suite in spec.get("suites", []):
                    codes += [c["code"] for c in suite["cases"] if c.get("hidden")]
    return codes


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_one(master: Path, notebooks_dir: Path, autograder_dir: Path, *,
              run_tests: bool = True, install_spec: str = INSTALL_SPEC) -> Built:
    """Builds one master; writes nothing unless every step succeeded."""
    master = Path(master).resolve()
    with tempfile.TemporaryDirectory(prefix="dlcourse-build-") as tmp:
        out = Path(tmp) / "dist"
        # otter takes a test cell's saved output as the doctest's expected output,
        # and masters are committed executed (nbval needs their outputs): assign a
        # copy without outputs, so a stray log line cannot become part of a test.
        try:
            clean = nbformat.read(master, as_version=4)
        except Exception as e:  # nbformat raises several types for a damaged file
            raise BuildError(f"{master.name} is not a readable notebook: {e}") from e
        for cell in clean.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        copy = Path(tmp) / master.name
        nbformat.write(clean, copy)
        cmd = [sys.executable, "-m", "otter", "assign", str(copy), str(out)]
        if not run_tests:
            cmd.insert(4, "--no-run-tests")
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
            raise BuildError(f"otter assign failed on {master.name}:\n{tail}")
        student = nbformat.read(out / "student" / master.name, as_version=4)
        zips = sorted((out / "autograder").glob("*.zip"))
        if len(zips) != 1:
            raise BuildError(f"{master.name}: expected one autograder zip, found {len(zips)}")
        tests = _public_tests(student)
        student = _normalize(student, tests, install_spec)
        text = nbformat.writes(student) + "\n"
        hidden = _hidden_from_zip(zips[0])
        check_no_leaks(text, hidden, f"student notebook {master.name}")
        student_path = Path(notebooks_dir) / master.name
        zip_path = Path(autograder_dir) / f"{master.stem}-autograder.zip"
        _atomic_write(student_path, text.encode())
        _atomic_write(zip_path, zips[0].read_bytes())
    return Built(master, student_path, zip_path, tuple(sorted(tests)))


def masters(solutions_dir: Path) -> list[Path]:
    """The master notebooks `NN_name.ipynb` in `solutions_dir`, in order."""
    return sorted(Path(solutions_dir).glob(MASTER_GLOB))
