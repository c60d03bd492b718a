"""`dlcourse run`: execute notebooks headless and report times and check results.

A master's checks are its test cells (between otter's `# BEGIN TESTS` and
`# END TESTS` markers, public and hidden); a student notebook's are its
`grader.check(...)` cells. Every cell runs even after an error, so one broken
question does not hide the results of the others.
"""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in kernel tracebacks


@dataclass(frozen=True)
class RunResult:
    """One notebook's run: time, checks passed of checks found, first error."""

    name: str
    seconds: float
    checks_passed: int
    checks_total: int
    error: str | None

    @property
    def ok(self) -> bool:
        return self.error is None and self.checks_passed == self.checks_total


def check_cells(nb) -> list[int]:
    """Indices of the cells that are checks: master test cells or grader.check calls."""
    indices, inside = [], False
    for i, cell in enumerate(nb.cells):
        source = cell.source.strip()
        if cell.cell_type == "raw":
            if source.startswith("# BEGIN TESTS"):
                inside = True
            elif source.startswith("# END TESTS"):
                inside = False
        elif cell.cell_type == "code" and (inside or "grader.check(" in source):
            indices.append(i)
    return indices


def _failed(cell) -> str | None:
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            return ANSI.sub("", f"{out.get('ename')}: {out.get('evalue')}")
        text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
        if "fail" in text.lower() and "results:" in text:  # otter's check output
            return text.strip().splitlines()[0]
    return None


def run_notebook(path: Path, *, profile: str = "fast", timeout: int = 600) -> RunResult:
    """Executes one notebook in its folder (the file itself is not modified)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    checks = check_cells(nb)
    os.environ["DLCOURSE_PROFILE"] = profile  # the kernel inherits it
    start = time.perf_counter()
    error = None
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    except CellTimeoutError:
        error = f"timeout: a cell ran over {timeout} s"
    except DeadKernelError as e:
        error = f"kernel died: {e}"
    seconds = time.perf_counter() - start
    failures = {i: _failed(nb.cells[i]) for i in checks}
    passed = sum(reason is None for reason in failures.values())
    if error is None:
        for i, cell in enumerate(nb.cells):
            reason = _failed(cell) if cell.cell_type == "code" else None
            if reason:
                kind = "check" if i in failures else "cell"
                error = f"{kind} {i}: {reason}"
                break
    return RunResult(path.name, seconds, passed, len(checks), error)


def summary(results: list[RunResult]) -> str:
    """A table: notebook, time, checks passed, status; then `N passed, N failed`."""
    width = max([len("notebook")] + [len(r.name) for r in results])
    lines = [f"{'notebook':<{width}}  {'time':>7}  {'checks':>7}  status"]
    for r in results:
        status = "ok" if r.ok else (r.error or "checks failed")[:100]
        lines.append(f"{r.name:<{width}}  {r.seconds:6.1f}s  "
                     f"{r.checks_passed:>3}/{r.checks_total:<3}  {status}")
    failed = sum(not r.ok for r in results)
    lines.append(f"{len(results) - failed} passed, {failed} failed")
    return "\n".join(lines)
