"""`dlcourse build`: master notebooks -> student notebooks and autograder bundles.

otter-grader's `otter assign` strips the solutions and splits public from
hidden tests; dlcourse then replaces otter's init cell with a setup cell that
installs dlcourse on Colab and carries the public tests (see
`grading.embedded`; the test formats live in `grading.protocol`), normalizes
the notebook so a rebuild is byte-identical, and refuses to write a student
notebook that contains a solution or a hidden test.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from dlcourse import _validate
from dlcourse._io import atomic_write
from dlcourse.grading import forbid, protocol

# The install line a master's setup cell carries, as a marker: the student notebook
# gets the course's own (config.install_spec(), from pyproject.toml's [tool.dlcourse]).
INSTALL_SPEC = "dlcourse @ git+https://github.com/YOUR-ORG/dlcourse"
COLAB_BADGE = "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})"
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


# otter's markers around a manual question, for its PDF export (which dlcourse does not use)
MANUAL_MARKERS = re.compile(r"<!-- (BEGIN|END) QUESTION -->\n*")


def _mark_manual_answers(nb, manual: list[str]) -> None:
    """Drops otter's export markers and tags each written answer cell with its question, so
    grading can quote a student's answer to the instructor."""
    names, current, cells = iter(manual), None, []
    for cell in nb.cells:
        if cell.cell_type == "markdown" and MANUAL_MARKERS.search(cell.source):
            if "<!-- BEGIN QUESTION -->" in cell.source:
                current = next(names, None)
            else:
                current = None
            cell.source = MANUAL_MARKERS.sub("", cell.source)
            if not cell.source.strip():
                continue
        elif (current and cell.cell_type == "markdown"
              and "otter_answer_cell" in cell.metadata.get("tags", [])):
            cell.metadata["dlcourse"] = {"manual": current}
        cells.append(cell)
    nb.cells = cells


def _written_solutions(master: Any) -> list[str]:
    """The master's model answers to its manual questions (markdown in a solution block)."""
    found, manual, solution = [], False, False
    for cell in master.cells:
        text = cell.source.lstrip()
        if cell.cell_type == "raw" and text.startswith("# BEGIN QUESTION"):
            manual = bool((question_configs(nbformat.v4.new_notebook(cells=[cell])) or [{}])[0]
                          .get("manual"))
        elif cell.cell_type == "raw" and text.startswith(("# BEGIN SOLUTION", "# END")):
            solution = text.startswith("# BEGIN SOLUTION")
        elif manual and solution and cell.cell_type == "markdown" and text:
            found.append(cell.source)
    return found


def _normalize(nb, tests: dict, install_spec: str, manual: list[str] = (), colab_url: str = ""):
    """Checks cell after the setup cell (collapsed), manual questions' answer cells tagged,
    outputs and volatile ids out: rebuilds are identical."""
    _mark_manual_answers(nb, list(manual))
    init = [i for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and "otter.Notebook(" in c.source]
    if len(init) != 1:
        raise BuildError(
            f"Expected exactly one otter init cell in the student notebook, found {len(init)}: "
            "keep `init_cell: true` in the master's ASSIGNMENT CONFIG."
        )
    checks = nb.cells.pop(init[0])
    checks.source = protocol.checks_cell_source(tests)
    # collapsed: JupyterLab hides the source, Colab shows the form's title only
    checks.metadata["jupyter"] = {"source_hidden": True}
    checks.metadata["cellView"] = "form"
    setup = setup_cell_index(nb)
    nb.cells[setup].source = nb.cells[setup].source.replace(INSTALL_SPEC, install_spec)
    if colab_url and nb.cells[0].cell_type == "markdown":  # the title cell: badge on top
        nb.cells[0].source = COLAB_BADGE.format(url=colab_url) + "\n\n" + nb.cells[0].source
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


def build_one(master: Path, notebooks_dir: Path, autograder_dir: Path, *,
              run_tests: bool = True, install_spec: str | None = None) -> Built:
    """Builds one master; writes nothing unless every step succeeded.

    Args:
        master: the master notebook (`solutions/NN_name.ipynb`).
        notebooks_dir: where the student notebook goes.
        autograder_dir: where otter's autograder zip (with dlcourse's plugin) goes.
        run_tests: let otter assign run the tests against the solutions. Defaults to True.
        install_spec: what the Colab setup cell installs. Defaults to the course's
            repository (`config.install_spec()`, from pyproject.toml's [tool.dlcourse]).

    Returns:
        The `Built` paths and the autograded question names.

    Raises:
        BuildError: otter assign failed, the master is malformed, or the student notebook
            would leak a solution or a hidden test.

    Example:
        >>> build_one(Path("solutions/01_neurons_activations_losses.ipynb"), Path("notebooks"),
        ...           Path("dist/autograder")).questions[:2]  # doctest: +SKIP
        ('q1', 'q2')
    """
    from dlcourse import config

    master = Path(master).resolve()
    install_spec = install_spec or config.install_spec()
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
        specs = protocol.bundle_tests(zips[0])
        rules = forbid_rules(clean, specs)
        tests = protocol.public_tests(student.metadata.get("otter", {}).get("tests", {}))
        tests = _with_forbid_checks(tests, rules)
        manual = manual_questions(clean)
        student = _normalize(student, tests, install_spec, list(manual),
                             config.colab_url(master.name))
        text = nbformat.writes(student) + "\n"
        hidden = protocol.hidden_codes(specs) + _written_solutions(clean)
        check_no_leaks(text, hidden, f"student notebook {master.name}")
        trusted = sorted({c.source for c in student.cells if c.cell_type == "code"})
        bundle = _bundle_with_plugin(zips[0], _with_forbid_checks(specs, rules), {
            "number": master.name[:2], "trusted": trusted, "manual": manual,
            "rules": {q: {"forbid": list(r.forbid), "answers": list(r.answers)}
                      for q, r in rules.items()}}, install_spec)
        student_path = Path(notebooks_dir) / master.name
        zip_path = Path(autograder_dir) / f"{master.stem}-autograder.zip"
        atomic_write(student_path, text.encode())
        atomic_write(zip_path, bundle)
    return Built(master, student_path, zip_path, tuple(sorted(tests)))


def forbid_rules(master: Any, specs: dict[str, dict]) -> dict[str, forbid.Rule]:
    """Each question's `forbid:` from its config cell, resolved, with the names its tests read.

    Args:
        master: the master notebook (nbformat).
        specs: question -> otter test spec (`protocol.bundle_tests`).

    Returns:
        question -> `forbid.Rule` for every question (an empty `forbid` where the
        question declares none: its answer names still bound the others').

    Raises:
        BuildError: a `forbid:` that is not a list of names the master can resolve.

    Example:
        >>> forbid_rules(nbformat.v4.new_notebook(), {})
        {}
    """
    code = [c.source for c in master.cells if c.cell_type == "code"]
    modules = set(forbid.aliases(code).names)
    rules = {}
    for config in question_configs(master):
        names = config.get("forbid")
        question = str(config.get("name"))
        if names is not None and (not isinstance(names, list) or not names):
            raise BuildError(f"{question}: forbid: expected a list such as [models.lenet5]. "
                             f"Received: {names!r}")
        try:
            resolved = forbid.expand(forbid.resolve_names(names or [], code))
        except ValueError as e:
            raise BuildError(f"{question}: {e}") from e
        cases = [case["code"] for suite in specs.get(question, {}).get("suites", [])
                 for case in suite.get("cases", [])]
        answers = forbid.answer_names(cases, modules)
        if resolved and not answers:
            raise BuildError(f"{question}: forbid: its tests read no answer name of the "
                             "student's, so nothing could be checked.")
        rules[question] = forbid.Rule(resolved, answers)
    return rules


def question_configs(master: Any) -> list[dict]:
    """The YAML of every `# BEGIN QUESTION` raw cell of a master, in order.

    Args:
        master: a master notebook (nbformat).

    Returns:
        One dict per question (`name`, `points`, and `manual`, `forbid` where given).

    Example:
        >>> cell = nbformat.v4.new_raw_cell("# BEGIN QUESTION\\nname: q1\\npoints: 2")
        >>> question_configs(nbformat.v4.new_notebook(cells=[cell]))
        [{'name': 'q1', 'points': 2}]
    """
    import yaml

    configs = []
    for cell in master.cells:
        if cell.cell_type == "raw" and cell.source.lstrip().startswith("# BEGIN QUESTION"):
            configs.append(yaml.safe_load(cell.source.split("\n", 1)[1]) or {})
    return configs


def manual_questions(master: Any) -> dict[str, float]:
    """question -> points of the master's written questions (`manual: true`), graded by hand.

    Args:
        master: a master notebook (nbformat).

    Returns:
        The manual questions and their points, in order.

    Raises:
        BuildError: a manual question without positive points.

    Example:
        >>> text = "# BEGIN QUESTION\\nname: q2\\nmanual: true\\npoints: 2"
        >>> cell = nbformat.v4.new_raw_cell(text)
        >>> manual_questions(nbformat.v4.new_notebook(cells=[cell]))
        {'q2': 2.0}
    """
    manual = {}
    for config in question_configs(master):
        if not config.get("manual"):
            continue
        points = config.get("points")
        if not _validate.is_number(points) or not 0 < points < math.inf:
            raise BuildError(f"{config.get('name')}: a manual question needs points > 0, as "
                             f"in `points: 2`. Received: points={points!r}")
        manual[str(config.get("name"))] = float(points)
    return manual


def _forbid_case(question: str, rules: dict[str, forbid.Rule]) -> dict:
    rule = rules[question]
    order = list(rules)
    earlier = {n for q in order[:order.index(question)] for n in rules[q].answers}
    later = {n for q in order[order.index(question) + 1:] for n in rules[q].answers}
    others = sorted(earlier | (later - set(rule.answers)))  # as `forbid.violations` does
    code = (">>> from dlcourse.grading import forbid\n"
            f">>> forbid.written_by_hand({question!r}, forbid={list(rule.forbid)!r}, "
            f"answers={list(rule.answers)!r}, others={others!r})\n")
    # worth no points itself: a blank notebook must not earn it; a broken rule costs the whole
    # question anyway (the plugin scores it 0)
    return {"code": code, "hidden": False, "locked": False, "points": 0}


def _with_forbid_checks(specs: dict[str, dict], rules: dict[str, forbid.Rule]) -> dict:
    """The test specs with a public forbid check added to each question that has a rule."""
    out = json.loads(json.dumps(specs))
    for question, rule in rules.items():
        if rule.forbid and question in out and out[question].get("suites"):
            out[question]["suites"][0]["cases"].append(_forbid_case(question, rules))
    return out


def _bundle_with_plugin(zip_path: Path, specs: dict[str, dict], plugin_config: dict,
                        install_spec: str) -> bytes:
    """otter's bundle, with dlcourse's plugin configured, its tests updated, and dlcourse in
    the requirements (Gradescope installs them)."""
    import io
    import zipfile

    from dlcourse.grading.plugin import PLUGIN_NAME

    buffer = io.BytesIO()
    with zipfile.ZipFile(zip_path) as old, zipfile.ZipFile(
            buffer, "w", zipfile.ZIP_DEFLATED) as new:
        names = old.namelist()
        for name in names:
            data = old.read(name)
            question = name[len("tests/"):-3] if name.startswith("tests/") else None
            if question in specs and name.endswith(".py"):
                data = protocol.write_test_file(specs[question]).encode()
            elif name == "otter_config.json":
                config = json.loads(data)
                config["plugins"] = [{PLUGIN_NAME: plugin_config}]
                data = json.dumps(config, indent=2, sort_keys=True).encode()
            elif name == "environment.yml":
                text = data.decode().rstrip("\n")
                data = (text + f"\n      - \"{install_spec}\"\n").encode()
            new.writestr(old.getinfo(name), data)
        if "requirements.txt" not in names:
            new.writestr("requirements.txt", install_spec + "\n")
    return buffer.getvalue()


def as_submitted(master: Any, install_spec: str | None = None) -> Any:
    """The master as a student hands it in: its answers, without test cells and raw markup,
    and its setup cell installing what the released notebook installs.

    Args:
        master: a master notebook (nbformat); changed in place.
        install_spec: what the setup cell installs on Colab. Defaults to the course's
            (`config.install_spec()`), as `build_one` writes it.

    Returns:
        The same notebook, its cells between `# BEGIN TESTS` and `# END TESTS` and its raw
        cells removed.

    Example:
        >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_raw_cell("# BEGIN TESTS"),
        ...     nbformat.v4.new_code_cell("hidden()"), nbformat.v4.new_raw_cell("# END TESTS"),
        ...     nbformat.v4.new_code_cell("answer = 1")])
        >>> [c.source for c in as_submitted(nb).cells]
        ['answer = 1']
    """
    from dlcourse import config

    spec = install_spec or config.install_spec()
    cells, in_tests = [], False
    for cell in master.cells:
        if cell.cell_type == "raw":
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(
                cell.source.strip(), in_tests)
            continue
        if not in_tests:
            if cell.cell_type == "code":  # the same setup cell as the released notebook's
                cell.source = cell.source.replace(INSTALL_SPEC, spec)
            cells.append(cell)
    master.cells = cells
    return master


def masters(solutions_dir: Path) -> list[Path]:
    """The master notebooks `NN_name.ipynb` in `solutions_dir`, in order.

    Args:
        solutions_dir: the folder of masters (the repository's `solutions/`).

    Returns:
        Their paths, sorted by number.

    Example:
        >>> [p.name for p in masters(Path("solutions"))][:1]  # doctest: +SKIP
        ['01_neurons_activations_losses.ipynb']
    """
    return sorted(Path(solutions_dir).glob(MASTER_GLOB))
