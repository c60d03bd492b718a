"""A submission before it runs: read and validated, scanned, and prepared for otter."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

from dlcourse.grading import scan as scanner
from dlcourse.grading.assignment import Assignment
from dlcourse.grading.protocol import (
    GUARD_FIRST,
    GUARD_LAST,
    cell_source,
    code_sources,
    is_checks_cell,
)

__all__ = ["notebook_number", "notices", "prepare", "read_notebook", "scan_findings",
           "trusted_sources"]

_TITLE = re.compile(r"^\s*#\s+(\d{2})\b")


def read_notebook(path: Path) -> tuple[dict | None, str]:
    """The notebook as a dict, or None and why it cannot be graded.

    Args:
        path: the submitted file.

    Returns:
        (notebook, "") for a valid nbformat 4 notebook with code cells, else
        (None, what is wrong with the file).

    Example:
        >>> read_notebook(Path("alice.ipynb"))  # doctest: +SKIP
        (None, 'not a notebook: the file is not valid JSON (...)')
    """
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, f"cannot read the file: {e.strerror or e}"
    try:
        nb = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return None, f"not a notebook: the file is not valid JSON ({e})"
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        return None, "not a notebook: no list of cells"
    if nb.get("nbformat") != 4:
        return None, f"not a Jupyter notebook in format 4 (nbformat: {nb.get('nbformat')!r})"
    if not any(isinstance(c, dict) and c.get("cell_type") == "code" for c in nb["cells"]):
        return None, "empty notebook: no code cells"
    try:
        import nbformat

        with warnings.catch_warnings():  # files from older Jupyter lack cell ids: that is fine
            warnings.simplefilter("ignore")
            nbformat.validate(nbformat.from_dict(nb))
    except Exception as e:  # nbformat raises several types
        return None, f"not a valid notebook: {str(e).splitlines()[0][:200]}"
    return nb, ""


def notebook_number(nb: dict) -> str | None:
    """The assignment number in the notebook's title (`# 01 · ...`), if it has one.

    Args:
        nb: the notebook.

    Returns:
        The two digits of its first markdown cell's title, or None.

    Example:
        >>> notebook_number({"cells": [{"cell_type": "markdown", "source": "# 03 · CNNs"}]})
        '03'
    """
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in cell_source(cell).splitlines():
                match = _TITLE.match(line)
                if match:
                    return match.group(1)
            return None
    return None


def notices(nb: dict, assignment: Assignment) -> list[str]:
    """Harmless changes worth a word in the reason: test cells deleted or edited, a replaced
    `grader` or `grader.check` (otter runs every test itself, so neither changes the points).

    Args:
        nb: the submission.
        assignment: what it is graded against (its released notebook is compared).

    Returns:
        One phrase per kind of change; empty if none.

    Example:
        >>> notices(nb, assignment)  # doctest: +SKIP
        ['test cells deleted or edited (q2); otter ran every test itself']
    """
    found = []
    if assignment.released is not None:
        released = json.loads(assignment.released.read_text())
        present = set(code_sources(nb))
        changed = []
        for cell in released["cells"]:
            source = cell_source(cell)
            if cell.get("cell_type") != "code" or source in present:
                continue
            if is_checks_cell(source):
                changed.append("the checks cell")
            else:
                changed += re.findall(r'grader\.check\("(\w+)"\)', source)
        if changed:
            found.append("test cells deleted or edited (" + ", ".join(changed)
                         + "); otter ran every test itself")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code" and re.search(
                r"^\s*grader(\.check)?\s*=", cell_source(cell), flags=re.M) \
                and not is_checks_cell(cell_source(cell)):
            found.append("replaces grader or grader.check (ignored: otter grades with its own "
                         "checker)")
            break
    return found


def trusted_sources(assignment: Assignment) -> set[str]:
    """The code cells of the released student notebook, which the scan trusts.

    Args:
        assignment: what submissions are graded against.

    Returns:
        The sources of the released notebook's code cells; empty if there is none.

    Example:
        >>> len(trusted_sources(assignment))  # doctest: +SKIP
        14
    """
    if assignment.released is None:
        return set()
    nb = json.loads(assignment.released.read_text())
    return set(code_sources(nb))


def scan_findings(nb: dict, assignment: Assignment,
                  trusted: set[str] | None = None) -> list[scanner.Finding]:
    """The static scan's findings, the released notebook's own cells and lines trusted.

    Args:
        nb: the submission.
        assignment: what it is graded against.
        trusted: cell sources not scanned (default: `trusted_sources(assignment)`).

    Returns:
        What the scan found; empty if the submission may run.

    Example:
        >>> [str(f) for f in scan_findings(nb, assignment)]  # doctest: +SKIP
        ['cell 5, line 2: imports ctypes']
    """
    return scanner.scan(nb, trusted=trusted_sources(assignment) if trusted is None else trusted)


def prepare(nb: dict) -> dict:
    """The notebook otter will run: outputs dropped, the guard's cells added first and last.

    Args:
        nb: the submission.

    Returns:
        A new nbformat notebook: no outputs, no `otter_ignore` tags or otter
        metadata, `protocol.GUARD_FIRST` as its first cell and
        `protocol.GUARD_LAST` as its last.

    Example:
        >>> prepare(nb).cells[0].source.startswith("# Added by `dlcourse grade`")  # doctest: +SKIP
        True
    """
    import nbformat

    node = nbformat.from_dict(nb)
    for cell in node.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.pop("attachments", None)
        # otter skips cells tagged otter_ignore: a student must not hide code from the guard
        tags = cell.get("metadata", {}).get("tags", [])
        if "otter_ignore" in tags:
            cell.metadata["tags"] = [t for t in tags if t != "otter_ignore"]
        cell.get("metadata", {}).pop("otter", None)
    node.cells.insert(0, nbformat.v4.new_code_cell(GUARD_FIRST))
    node.cells.append(nbformat.v4.new_code_cell(GUARD_LAST))
    node.metadata.pop("otter", None)
    return node
