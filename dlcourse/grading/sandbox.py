"""Running `otter run` on one submission: limits, the kernel's environment, the process tree."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlcourse.grading.protocol import ENV_EVENTS, ENV_MAX_OUTPUT, ENV_ROOT

__all__ = ["run_otter", "sandbox_env"]


@dataclass(frozen=True)
class Limits:
    """Per-submission limits."""

    timeout: float = 600.0
    memory_gb: float = 4.0
    max_output: int = 1 << 20
    profile: str = "fast"


@dataclass(frozen=True)
class Run:
    """How one `otter run` ended."""

    outcome: str  # ok, timeout, memory or failed
    tail: str  # the last lines otter printed
    peak_rss: int = 0  # bytes: the largest resident memory of its process tree, as sampled


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


def _alive(process: Any) -> bool:
    import psutil

    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def run_otter(workdir: Path, submission: Path, bundle: Path, out: Path, env: dict,
              limits: Limits) -> Run:
    """Runs `otter run` on one submission under a time limit and a memory cap.

    The whole process tree (otter and its kernel) is sampled every 0.2 s; it is
    killed past `limits.timeout` seconds or `limits.memory_gb` of resident
    memory, and a kernel left behind is killed when otter exits.

    Args:
        workdir: otter's working directory (the sandbox's `work/`).
        submission: the prepared notebook.
        bundle: the autograder zip.
        out: where otter writes `results.json`.
        env: the environment, from `sandbox_env`.
        limits: the limits.

    Returns:
        A `Run`: outcome (ok, timeout, memory or failed), the tail of otter's
        output, and the peak resident memory of the process tree in bytes.

    Example:
        >>> run_otter(work, work / "s.ipynb", bundle, out, env, Limits()).outcome  # doctest: +SKIP
        'ok'
    """
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
    peak = 0
    while proc.poll() is None:
        processes = _tree(proc)
        seen.update((p.pid, p) for p in processes)
        rss = _rss(processes)
        peak = max(peak, rss)
        if time.monotonic() - start > limits.timeout:
            outcome = "timeout"
        elif rss > cap:
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
    return Run(outcome, "".join(tail), peak)


# What of the instructor's environment a submission's kernel sees: what Python, TensorFlow
# and dlcourse need, never tokens, keys or passwords that may sit in the grader's shell.
_ENV_KEPT = ("PATH", "LANG", "LC_", "TZ", "TERM", "VIRTUAL_ENV", "PYTHONPATH", "LD_LIBRARY_PATH",
             "DLCOURSE_PROFILE", "DLCOURSE_DATA_DIR", "TF_", "XLA_", "CUDA_", "NVIDIA_",
             "OMP_", "MKL_", "KERAS_BACKEND")


def sandbox_env(sandbox: Path, events: Path, limits: Limits) -> dict:
    """The environment of a submission's kernel: no secrets, a home inside the sandbox.

    Creates `home/`, `tmp/` and `mpl/` in `sandbox`.

    Args:
        sandbox: the submission's folder (the guard lets it write only there).
        events: the file the guard records its events in.
        limits: the profile and the printed-output cap come from here.

    Returns:
        The variables kept from this process's environment (`_ENV_KEPT`), plus
        HOME, TMPDIR, matplotlib's, the profile and the guard's (`protocol.ENV_*`).

    Example:
        >>> sandbox_env(Path("/tmp/s"), Path("/tmp/e.log"), Limits())["HOME"]  # doctest: +SKIP
        '/tmp/s/home'
    """
    env = {k: v for k, v in os.environ.items() if k.startswith(_ENV_KEPT)}
    for sub in ("home", "tmp", "mpl"):
        (sandbox / sub).mkdir(exist_ok=True)
    env.update({
        "HOME": str(sandbox / "home"), "TMPDIR": str(sandbox / "tmp"),
        "MPLCONFIGDIR": str(sandbox / "mpl"), "MPLBACKEND": "Agg",
        "PYTHONDONTWRITEBYTECODE": "1", "DLCOURSE_PROFILE": limits.profile,
        "TF_CPP_MIN_LOG_LEVEL": env.get("TF_CPP_MIN_LOG_LEVEL", "2"),
        ENV_ROOT: str(sandbox), ENV_EVENTS: str(events),
        ENV_MAX_OUTPUT: str(limits.max_output),
    })
    return env
