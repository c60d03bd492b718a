"""`dlcourse grade` and `dlcourse check`: a class's submissions -> a gradebook.

Each submission is graded by otter-grader's own runner (`otter run`, no
Docker) in its own process and its own temporary folder, several at a time.
Around otter, dlcourse adds what a class of untrusted notebooks needs:

1. Before running: the file must be a notebook (valid JSON, nbformat 4, with
   cells) of the right assignment (its title's number); `scan` reads its code
   for tampering with the grader, which is never run.
2. While running: a wall-clock limit, a memory cap on the whole process tree
   (otter and its kernel), and the in-kernel guard
   (`dlcourse.grading.guard`), which refuses writes outside the folder,
   reads of the hidden tests and tampering, and caps printed output.
3. After running: one gradebook row per submission (file, points per question,
   total, status, reason), written to a temporary file and renamed into place,
   and a feedback file per submission that names public checks only.

Statuses: `graded`; `flagged` (graded, but something was refused: see the
reason); and, all with 0 points, `invalid`, `tampered`, `timeout`, `memory`,
`crashed`, `error`.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import warnings
import zipfile
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlcourse.grading import scan as scanner

GUARD_FIRST = ("# Added by `dlcourse grade`: the grading guard. Not part of the submission.\n"
               "import dlcourse.grading.guard\n"
               "dlcourse.grading.guard.install()")
GUARD_LAST = ("# Added by `dlcourse grade`: restores what the tests rely on.\n"
              "import dlcourse.grading.guard\n"
              "dlcourse.grading.guard.finish(globals())")
_TITLE = re.compile(r"^\s*#\s+(\d{2})\b")


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

    @property
    def max_points(self) -> float:
        return float(sum(self.points.values()))


@dataclass
class Row:
    """One submission's line in the gradebook, and what its feedback file says."""

    file: str
    status: str
    reason: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    public: str = ""  # otter's report of the public tests only

    @property
    def total(self) -> float:
        return float(sum(self.scores.values()))


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    timeout: float = 600.0
    memory_gb: float = 4.0
    max_output: int = 1 << 20
    profile: str = "fast"


# the assignment ------------------------------------------------------------

def bundle_points(bundle: Path) -> dict[str, float]:
    """Question -> points, read from the test files of an otter autograder zip."""
    points = {}
    try:
        with zipfile.ZipFile(bundle) as z:
            for name in sorted(z.namelist()):
                if name.startswith("tests/") and name.endswith(".py"):
                    text = z.read(name).decode()
                    spec = ast.literal_eval(text.split("test = ", 1)[1])
                    points[spec["name"]] = float(spec.get("points") or 0)
    except (OSError, zipfile.BadZipFile, KeyError, IndexError, ValueError, SyntaxError) as e:
        raise GradingError(f"{bundle} is not an otter autograder zip ({e}). Expected the zip "
                           "`dlcourse build` writes to dist/autograder/.") from e
    if not points:
        raise GradingError(f"{bundle} holds no tests/*.py: is it an otter autograder zip?")
    return dict(sorted(points.items(), key=lambda kv: _question_key(kv[0])))


def _question_key(name: str) -> tuple:
    digits = re.findall(r"\d+", name)
    return (int(digits[0]) if digits else 0, name)


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
        GradingError: no such notebook, or no bundle and no master to build one.

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
    released = root / "notebooks" / f"{name}.ipynb"
    return Assignment(number, name, Path(bundle), bundle_points(Path(bundle)),
                      released if released.is_file() else None)


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


# before running ------------------------------------------------------------

def _read(path: Path) -> tuple[dict | None, str]:
    """The notebook as a dict, or None and why it cannot be graded."""
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


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def notebook_number(nb: dict) -> str | None:
    """The assignment number in the notebook's title (`# 01 · ...`), if it has one."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in _source(cell).splitlines():
                match = _TITLE.match(line)
                if match:
                    return match.group(1)
            return None
    return None


def notices(nb: dict, assignment: Assignment) -> list[str]:
    """Harmless changes worth a word in the reason: test cells deleted or edited, a replaced
    `grader` or `grader.check` (otter runs every test itself, so neither changes the points)."""
    found = []
    if assignment.released is not None:
        released = json.loads(assignment.released.read_text())
        present = {_source(c) for c in nb["cells"] if c.get("cell_type") == "code"}
        changed = []
        for cell in released["cells"]:
            source = _source(cell)
            if cell.get("cell_type") != "code" or source in present:
                continue
            if "load_checks(" in source:
                changed.append("the checks cell")
            else:
                changed += re.findall(r'grader\.check\("(\w+)"\)', source)
        if changed:
            found.append("test cells deleted or edited (" + ", ".join(changed)
                         + "); otter ran every test itself")
    for cell in nb["cells"]:
        if cell.get("cell_type") == "code" and re.search(
                r"^\s*grader(\.check)?\s*=", _source(cell), flags=re.M) \
                and "load_checks(" not in _source(cell):
            found.append("replaces grader or grader.check (ignored: otter grades with its own "
                         "checker)")
            break
    return found


def _trusted_sources(assignment: Assignment) -> set[str]:
    if assignment.released is None:
        return set()
    nb = json.loads(assignment.released.read_text())
    return {_source(c) for c in nb["cells"] if c.get("cell_type") == "code"}


def scan_findings(nb: dict, assignment: Assignment,
                  trusted: set[str] | None = None) -> list[scanner.Finding]:
    """The static scan's findings, the released notebook's own cells and lines trusted."""
    return scanner.scan(nb, trusted=_trusted_sources(assignment) if trusted is None else trusted)


def prepare(nb: dict) -> dict:
    """The notebook otter will run: outputs dropped, the guard's cells added first and last."""
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


# running ------------------------------------------------------------

def _tree(proc: Any) -> list:
    import psutil

    try:
        parent = psutil.Process(proc.pid)
        return [parent, *parent.children(recursive=True)]
    except psutil.Error:
        return []


def _rss(processes: list) -> int:
    import psutil

    total = 0
    for p in processes:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def _kill(processes: list) -> None:
    import psutil

    for p in processes:
        try:
            p.send_signal(signal.SIGKILL)
        except psutil.Error:
            pass


def _run_otter(workdir: Path, submission: Path, bundle: Path, out: Path, env: dict,
               limits: Limits) -> tuple[str, str]:
    """Runs `otter run`; returns (outcome, tail of its output): outcome ok/timeout/memory/failed."""
    cmd = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(bundle), "-o", str(out),
           str(submission)]
    proc = subprocess.Popen(cmd, cwd=workdir, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True)
    tail: deque[str] = deque(maxlen=200)

    def drain() -> None:
        assert proc.stdout is not None
        for raw in iter(lambda: proc.stdout.readline(4096), b""):
            tail.append(raw.decode("utf-8", "replace"))

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    cap = limits.memory_gb * 1024 ** 3
    start = time.monotonic()
    seen: dict[int, Any] = {}
    outcome = "ok"
    while proc.poll() is None:
        processes = _tree(proc)
        seen.update((p.pid, p) for p in processes)
        if time.monotonic() - start > limits.timeout:
            outcome = "timeout"
        elif _rss(processes) > cap:
            outcome = "memory"
        if outcome != "ok":
            _kill(processes)
            break
        time.sleep(0.2)
    proc.wait()
    _kill([p for p in seen.values() if p.pid != proc.pid and _alive(p)])  # an orphaned kernel
    reader.join(timeout=5)
    if outcome == "ok" and proc.returncode != 0:
        outcome = "failed"
    return outcome, "".join(tail)


def _alive(process: Any) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _events(path: Path) -> list[tuple[str, str]]:
    if not path.is_file():
        return []
    events = []
    for line in path.read_text(errors="replace").splitlines():
        kind, _, detail = line.partition("\t")
        if (kind, detail) not in events:
            events.append((kind, detail))
    return events


def _short(items: Sequence[str], limit: int = 3) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


# What of the instructor's environment a submission's kernel sees: what Python, TensorFlow
# and dlcourse need, never tokens, keys or passwords that may sit in the grader's shell.
_ENV_KEPT = ("PATH", "LANG", "LC_", "TZ", "TERM", "VIRTUAL_ENV", "PYTHONPATH", "LD_LIBRARY_PATH",
             "DLCOURSE_PROFILE", "DLCOURSE_DATA_DIR", "TF_", "XLA_", "CUDA_", "NVIDIA_",
             "OMP_", "MKL_", "KERAS_BACKEND")


def _sandbox_env(sandbox: Path, events: Path, limits: Limits) -> dict:
    env = {k: v for k, v in os.environ.items() if k.startswith(_ENV_KEPT)}
    for sub in ("home", "tmp", "mpl"):
        (sandbox / sub).mkdir(exist_ok=True)
    env.update({
        "HOME": str(sandbox / "home"), "TMPDIR": str(sandbox / "tmp"),
        "MPLCONFIGDIR": str(sandbox / "mpl"), "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1", "DLCOURSE_PROFILE": limits.profile,
        "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        "DLCOURSE_GRADE_ROOT": str(sandbox), "DLCOURSE_GRADE_EVENTS": str(events),
        "DLCOURSE_GRADE_MAX_OUTPUT": str(limits.max_output),
    })
    return env


def grade_one(path: str | Path, assignment: Assignment, limits: Limits = Limits(), *,
              trusted: set[str] | None = None) -> Row:
    """Grades one submission; never raises for a bad submission (the row says why).

    Args:
        path: the submitted .ipynb.
        assignment: from `find_assignment`.
        limits: timeout, memory cap, printed-output cap, profile.
        trusted: cell sources not scanned (default: the released notebook's).

    Returns:
        The gradebook `Row`.

    Example:
        >>> grade_one("alice.ipynb", find_assignment("01", Path("."))).status  # doctest: +SKIP
        'graded'
    """
    path = Path(path)
    row = Row(str(path), "graded")
    nb, problem = _read(path)
    if nb is None:
        row.status, row.reason = "invalid", problem
        return row
    number = notebook_number(nb)
    if number is not None and number != assignment.number:
        row.status = "invalid"
        row.reason = (f"this is notebook {number}, not {assignment.number} "
                      f"({assignment.name}): submitted to the wrong assignment?")
        return row
    findings = scan_findings(nb, assignment, trusted)
    if findings:
        row.status = "tampered"
        row.reason = "tampers with grading, not run: " + _short([str(f) for f in findings])
        return row
    with tempfile.TemporaryDirectory(prefix="dlcourse-grade-") as tmp:
        tmp = Path(tmp)
        sandbox, out = tmp / "sandbox", tmp / "out"
        (sandbox / "work").mkdir(parents=True)
        out.mkdir()
        bundle = tmp / "bundle.zip"
        shutil.copyfile(assignment.bundle, bundle)
        submission = sandbox / "work" / "submission.ipynb"
        import nbformat

        nbformat.write(prepare(nb), submission)
        events_path = tmp / "events.log"
        env = _sandbox_env(sandbox, events_path, limits)
        outcome, tail = _run_otter(sandbox / "work", submission, bundle, out, env, limits)
        events = [(kind, detail.replace(str(tmp), "<grading folder>").replace(
            os.path.realpath(tmp), "<grading folder>")) for kind, detail in _events(events_path)]
        results = out / "results.json"
        row = _conclude(row, outcome, tail, events, results, assignment, limits)
        row.reason = "; ".join(filter(None, [row.reason, *notices(nb, assignment)]))
        return row


def _conclude(row: Row, outcome: str, tail: str, events: list[tuple[str, str]], results: Path,
              assignment: Assignment, limits: Limits) -> Row:
    notes = [detail for kind, detail in events if kind in ("exit", "output")]
    # one phrase per kind of refusal: what a student's code globbed for can vary from machine
    # to machine, and a re-run must give the same gradebook
    refused = []
    for kind, phrase in (("read", "reading the hidden tests or the autograder bundle"),
                         ("write", "writing outside its folder"),
                         ("process", "starting processes"), ("signal", "signalling the kernel")):
        details = [d for k, d in events if k == kind]
        if details:
            refused.append(phrase + (f" ({details[0]})" if kind == "write" else ""))
    tampering = [detail for kind, detail in events if kind in ("tamper", "repaired")]
    if outcome == "timeout":
        row.status = "timeout"
        row.reason = (f"still running after {limits.timeout:g} s (an endless loop, or too slow: "
                      "raise --timeout)")
    elif outcome == "memory":
        row.status = "memory"
        row.reason = f"used more than {limits.memory_gb:g} GB of memory (raise --memory-gb)"
    elif tampering:
        row.status = "tampered"
        row.reason = "tampered with grading while running: " + _short(tampering)
    elif outcome == "failed" or not results.is_file():
        died = re.search(r"DeadKernelError|Kernel died|kernel died", tail)
        row.status = "crashed" if died else "error"
        row.reason = ("the kernel died while running the notebook (a crash or a hard exit)"
                      if died else "otter could not grade it: " + _last_error(tail))
    else:
        row.scores, row.public = _scores(results, assignment)
        if refused:
            row.status = "flagged"
            notes = ["refused " + "; ".join(refused)] + notes
    if row.status not in ("graded", "flagged"):
        row.scores = {}
    row.reason = "; ".join(filter(None, [row.reason, *notes]))
    return row


def _last_error(tail: str) -> str:
    lines = [line.strip() for line in tail.splitlines() if line.strip()]
    errors = [line for line in lines if re.match(r"^\w*(Error|Exception)\b", line)]
    return (errors or lines or ["no output"])[-1][:300]


def _scores(results: Path, assignment: Assignment) -> tuple[dict[str, float], str]:
    data = json.loads(results.read_text())
    scores = {q: 0.0 for q in assignment.points}
    public = ""
    for test in data.get("tests", []):
        name = test.get("name")
        if name in scores and test.get("score") is not None:
            scores[name] = float(test["score"])
        elif test.get("visibility") == "visible" and name == "Public Tests":
            public = str(test.get("output", ""))
    return scores, public


# many submissions ------------------------------------------------------------

def grade_all(paths: Sequence[str | Path], assignment: Assignment, limits: Limits = Limits(),
              *, workers: int | None = None, progress: bool = True,
              on_row: Callable[[Row], None] | None = None) -> list[Row]:
    """Grades submissions in parallel (one process each); rows come back in input order.

    Args:
        paths: submitted notebooks.
        assignment: from `find_assignment`.
        limits: per-submission limits.
        workers: submissions graded at once (default: the number of CPU cores).
        progress: show a progress bar on stderr.
        on_row: called with each row as it finishes.

    Returns:
        One `Row` per path, in the order given.

    Example:
        >>> rows = grade_all(["a.ipynb", "b.ipynb"], assignment, workers=2)  # doctest: +SKIP
    """
    from tqdm import tqdm

    workers = workers or os.cpu_count() or 1
    if workers < 1:
        raise GradingError(f"--workers must be at least 1. Received: {workers}")
    trusted = _trusted_sources(assignment)
    rows: dict[int, Row] = {}
    with ThreadPoolExecutor(max_workers=workers) as pool, tqdm(
            total=len(paths), desc=f"grading {assignment.number}", unit="notebook",
            disable=not progress, file=sys.stderr) as bar:
        futures = {pool.submit(_safe_grade, p, assignment, limits, trusted): i
                   for i, p in enumerate(paths)}
        for future in as_completed(futures):
            row = future.result()
            rows[futures[future]] = row
            bar.update(1)
            bar.set_postfix_str(f"{Path(row.file).name}: {row.status}")
            if on_row:
                on_row(row)
    return [rows[i] for i in range(len(paths))]


def _safe_grade(path: str | Path, assignment: Assignment, limits: Limits,
                trusted: set[str]) -> Row:
    try:
        return grade_one(path, assignment, limits, trusted=trusted)
    except Exception as e:  # a grading run must go on whatever one submission does
        return Row(str(path), "error", f"dlcourse grade failed on this file: {e!r}"[:300])


def _fmt(x: float) -> str:
    return f"{x:g}"


def gradebook_csv(rows: Sequence[Row], assignment: Assignment) -> str:
    """The gradebook as CSV text: file, one column per question, total, status, reason."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["file", *assignment.points, "total", "status", "reason"])
    for row in rows:
        writer.writerow([row.file, *(_fmt(row.scores.get(q, 0.0)) for q in assignment.points),
                         _fmt(row.total), row.status, row.reason])
    return buffer.getvalue()


def atomic_write(path: Path, text: str) -> None:
    """Writes `text` to a temporary file beside `path`, then renames it into place."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def feedback_names(files: Sequence[str]) -> list[str]:
    """One feedback file name per submission: `alice.md`, or `alice__01.md` for
    `alice/01.ipynb` when another submission is also called `01.ipynb`."""
    stems = [Path(f).stem for f in files]
    if len(set(stems)) == len(stems):
        return [re.sub(r"[^A-Za-z0-9._-]+", "_", s) + ".md" for s in stems]
    names = []
    for f in files:
        path = Path(f).with_suffix("")
        try:
            path = path.resolve().relative_to(Path.cwd())
        except ValueError:
            pass
        names.append(re.sub(r"[^A-Za-z0-9._-]+", "__", str(path).strip("/.")) + ".md")
    return names


def feedback(row: Row, assignment: Assignment) -> str:
    """What a student receives: points per question, status, reason, public checks only."""
    lines = [f"# {assignment.name}: feedback for {Path(row.file).name}", "",
             f"**Total: {_fmt(row.total)} / {_fmt(assignment.max_points)}** ({row.status})", ""]
    if row.reason:
        lines += [f"Note: {row.reason}", ""]
    lines += ["| question | points | out of |", "|---|---|---|"]
    lines += [f"| {q} | {_fmt(row.scores.get(q, 0.0))} | {_fmt(p)} |"
              for q, p in assignment.points.items()]
    lines += ["", "Hidden tests count towards the points above; only public checks are "
              "shown below."]
    if row.public:
        lines += ["", "## Public checks", "", "```", row.public.strip(), "```"]
    return "\n".join(lines) + "\n"


def write_outputs(rows: Sequence[Row], assignment: Assignment, out: Path,
                  feedback_dir: Path) -> None:
    """Feedback files first, then the gradebook, each written atomically."""
    for row, name in zip(rows, feedback_names([r.file for r in rows]), strict=True):
        atomic_write(Path(feedback_dir) / name, feedback(row, assignment))
    atomic_write(Path(out), gradebook_csv(rows, assignment))


# dlcourse check ------------------------------------------------------------

def embedded_tests(nb: dict) -> dict[str, Any]:
    """The public tests `dlcourse build` embeds in a student notebook's checks cell."""
    for cell in nb.get("cells", []):
        source = _source(cell)
        if cell.get("cell_type") == "code" and "load_checks(" in source:
            tree = ast.parse(source)
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "load_checks":
                    return ast.literal_eval(node.args[0])
    raise GradingError("No public checks found: expected a student notebook made by "
                       "`dlcourse build` (its second code cell calls grading.load_checks).")


def check_notebook(path: str | Path, *, profile: str | None = None) -> list[tuple[str, bool, str]]:
    """Runs a student notebook headless, then all of its public checks.

    Args:
        path: a student notebook (from notebooks/, with its answers).
        profile: "fast" or "full" (default: `DLCOURSE_PROFILE`, else full).

    Returns:
        (question, passed, otter's message) for each question.

    Example:
        >>> check_notebook("notebooks/01_neurons_activations_losses.ipynb")  # doctest: +SKIP
    """
    from otter.execute import grade_notebook

    from dlcourse.grading.embedded import write_tests

    path = Path(path)
    nb, problem = _read(path)
    if nb is None:
        raise GradingError(f"{path}: {problem}")
    tests = embedded_tests(nb)
    old = os.environ.get("DLCOURSE_PROFILE")
    if profile:
        os.environ["DLCOURSE_PROFILE"] = profile
    try:
        with tempfile.TemporaryDirectory(prefix="dlcourse-check-") as tmp:
            folder = write_tests(tests, Path(tmp) / "tests")
            results = grade_notebook(
                str(path), tests_glob=sorted(str(p) for p in folder.glob("*.py")),
                cwd=str(path.resolve().parent), test_dir=str(folder), ignore_errors=True)
    finally:
        if profile:
            if old is None:
                os.environ.pop("DLCOURSE_PROFILE", None)
            else:
                os.environ["DLCOURSE_PROFILE"] = old
    report = []
    for question in sorted(tests, key=_question_key):
        result = results.results.get(question)
        if result is None:
            report.append((question, False, "not checked"))
            continue
        passed = bool(result.passed_all) if hasattr(result, "passed_all") else \
            result.score == result.possible
        report.append((question, passed, result.summary() if hasattr(result, "summary")
                       else str(result)))
    return report
