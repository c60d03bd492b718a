"""`dlcourse run`: execute notebooks headless and report times and check results.

A master's checks are its test cells (between otter's `# BEGIN TESTS` and
`# END TESTS` markers, public and hidden); a student notebook's are its
`grader.check(...)` cells. Every cell runs even after an error, so one broken
question does not hide the results of the others.

With an output folder (`dlcourse run` uses `build/run/`), each notebook leaves
three files there: its kernel's log (`NN_name.log`: TensorFlow's start-up lines
and anything else the kernel wrote to the terminal, shown only when the
notebook fails), the executed notebook (`NN_name.ipynb`) and an HTML page with
its figures (`NN_name.html`); `write_index` adds `index.html`, linking them all.
"""

from __future__ import annotations

import html
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

from dlcourse._io import atomic_write

ANSI = re.compile(r"\x1b\[[0-9;]*m")  # colour codes in kernel tracebacks


@dataclass(frozen=True)
class RunResult:
    """One notebook's run: time, checks passed of checks found, first error."""

    name: str
    seconds: float
    checks_passed: int
    checks_total: int
    error: str | None
    log: Path | None = None  # the kernel's own output (start-up logs), when kept
    page: Path | None = None  # the executed notebook as HTML, when kept

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


def run_notebook(path: Path, *, profile: str = "fast", timeout: int = 600,
                 out_dir: Path | None = None) -> RunResult:
    """Executes one notebook in its folder (the file itself is not modified).

    Args:
        path: the .ipynb to run.
        profile: "fast" or "full", passed to the kernel as DLCOURSE_PROFILE.
            Defaults to "fast".
        timeout: seconds one cell may run. Defaults to 600.
        out_dir: where the kernel's log, the executed notebook and its HTML page go
            (see the module docstring). Defaults to None: the log is discarded and
            nothing is written.

    Returns:
        The `RunResult`.

    Example:
        >>> run_notebook(Path("solutions/01_neurons_activations_losses.ipynb"),
        ...              out_dir=Path("build/run")).ok  # doctest: +SKIP
        True
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    checks = check_cells(nb)
    os.environ["DLCOURSE_PROFILE"] = profile  # the kernel inherits it
    log = Path(out_dir) / f"{path.stem}.log" if out_dir is not None else None
    if log is not None:
        log.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    error = None
    # the kernel's stdout and stderr (TensorFlow's C++ start-up lines) go to the log, not to
    # the terminal that shows the table
    with open(log if log is not None else os.devnull, "wb") as sink:
        try:
            NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                           resources={"metadata": {"path": str(path.parent)}}
                           ).execute(stdout=sink, stderr=sink)
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
    page = None
    if out_dir is not None:
        atomic_write(Path(out_dir) / path.name, nbformat.writes(nb))
        page = Path(out_dir) / f"{path.stem}.html"
        atomic_write(page, _as_html(nb))
    return RunResult(path.name, seconds, passed, len(checks), error, log, page)


def _as_html(nb) -> str:
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    return body


def log_tail(result: RunResult, lines: int = 40) -> str:
    """The last `lines` lines of a notebook's kernel log ("" when none was kept).

    Args:
        result: from `run_notebook(..., out_dir=...)`.
        lines: how many lines. Defaults to 40.

    Returns:
        The log's last lines, joined.

    Example:
        >>> log_tail(RunResult("01.ipynb", 1.0, 1, 1, None))
        ''
    """
    if result.log is None or not result.log.is_file():
        return ""
    text = result.log.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


def write_index(results: list[RunResult], out_dir: Path, profile: str = "fast") -> Path:
    """`index.html` in `out_dir`: one row per notebook, linking its page and its log.

    Args:
        results: from `run_notebook(..., out_dir=out_dir)`.
        out_dir: the folder the pages are in.
        profile: the profile they ran in, for the title. Defaults to "fast".

    Returns:
        The index's path.

    Example:
        >>> import tempfile
        >>> write_index([RunResult("01_a.ipynb", 3.2, 4, 4, None)], tempfile.mkdtemp()).name
        'index.html'
    """
    rows = []
    for r in results:
        status = "ok" if r.ok else html.escape(r.error or "checks failed")
        page = f'<a href="{r.page.name}">{html.escape(r.name)}</a>' if r.page else r.name
        log = f'<a href="{r.log.name}">log</a>' if r.log else ""
        colour = "#e6f4ea" if r.ok else "#fce8e6"
        rows.append(f'<tr style="background:{colour}"><td>{page}</td><td>{r.seconds:.1f} s</td>'
                    f"<td>{r.checks_passed}/{r.checks_total}</td><td>{status}</td>"
                    f"<td>{log}</td></tr>")
    failed = sum(not r.ok for r in results)
    text = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>dlcourse run ({profile})</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:.3em 1em;text-align:left}}</style>
</head><body><h1>dlcourse run: {len(results)} notebooks, {profile} profile</h1>
<p>{len(results) - failed} passed, {failed} failed. Each notebook links to its executed page
(figures included); the log holds what its kernel printed outside the notebook.</p>
<table><tr><th>notebook</th><th>time</th><th>checks</th><th>status</th><th></th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
    index = Path(out_dir) / "index.html"
    atomic_write(index, text)
    return index


def summary(results: list[RunResult]) -> str:
    """A table: notebook, time, checks passed, status; then `N passed, N failed`.

    Args:
        results: from `run_notebook`.

    Returns:
        The table's text.

    Example:
        >>> print(summary([RunResult("01_a.ipynb", 3.2, 4, 4, None)]).splitlines()[-1])
        1 passed, 0 failed
    """
    width = max([len("notebook")] + [len(r.name) for r in results])
    lines = [f"{'notebook':<{width}}  {'time':>7}  {'checks':>7}  status"]
    for r in results:
        status = "ok" if r.ok else (r.error or "checks failed")[:100]
        lines.append(f"{r.name:<{width}}  {r.seconds:6.1f}s  "
                     f"{r.checks_passed:>3}/{r.checks_total:<3}  {status}")
    failed = sum(not r.ok for r in results)
    lines.append(f"{len(results) - failed} passed, {failed} failed")
    return "\n".join(lines)
