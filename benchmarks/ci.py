"""CI budget: each master's fast-profile run time, and the whole test command's time.

    .venv/bin/python benchmarks/ci.py [--skip-tests] [--notebooks 01 07]

First runs every master in `solutions/` headless in the fast profile, one after
the other, as `dlcourse run all` does (kernel start and TensorFlow import
included), then runs `./scripts/test` (the README's test command, which CI
runs) and times it. Prints one JSON object. Targets: no notebook over 60 s,
the whole test command under 12 minutes on this machine. Run it on an idle
machine: every figure is wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from _common import log, machine

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_LIMIT_S = 60.0
TEST_LIMIT_S = 12 * 60.0


def time_notebooks(only: list[str]) -> list[dict]:
    from dlcourse import build, run

    rows = []
    for master in build.masters(ROOT / "solutions"):
        if only and master.name[:2] not in only:
            continue
        log(f"running {master.name}...")
        cpu = time.process_time()
        children = os.times()
        result = run.run_notebook(master, profile="fast")
        after = os.times()
        rows.append({
            "notebook": master.stem, "seconds": round(result.seconds, 1),
            "checks": f"{result.checks_passed}/{result.checks_total}", "ok": result.ok,
            "under_60_s": result.seconds <= NOTEBOOK_LIMIT_S,
            "runner_cpu_s": round(time.process_time() - cpu, 1),
            "kernel_cpu_s": round((after.children_user + after.children_system)
                                  - (children.children_user + children.children_system), 1),
        })
    return rows


def time_test_command() -> dict:
    log("running ./scripts/test (several minutes)...")
    start = time.perf_counter()
    proc = subprocess.run([str(ROOT / "scripts" / "test")], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "CI": "true"})
    seconds = time.perf_counter() - start
    # pytest's last line ("N passed ... in S s"); pip's warnings on stderr come after it
    finals = [line for line in proc.stdout.splitlines()
              if re.search(r"\d+ (passed|failed|error)", line) and " in " in line]
    summary = re.sub(r"=+", "", finals[-1]).strip() if finals else "(no pytest summary)"
    timing = re.search(r"in ([\d.]+)s", summary)
    return {"exit_code": proc.returncode, "seconds": round(seconds, 1),
            "pytest_seconds": float(timing.group(1)) if timing else None,
            "summary": summary, "under_12_min": seconds <= TEST_LIMIT_S}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-tests", action="store_true",
                        help="only time the notebooks, not ./scripts/test")
    parser.add_argument("--notebooks", nargs="*", default=[], metavar="NN",
                        help="only these masters, e.g. 01 07 (default: all)")
    args = parser.parse_args(argv)
    notebooks = time_notebooks(args.notebooks)
    result = {
        "benchmark": "ci",
        "machine": machine(tensorflow=False),
        "notebooks": notebooks,
        "notebooks_total_s": round(sum(r["seconds"] for r in notebooks), 1),
        "slowest_notebook_s": max((r["seconds"] for r in notebooks), default=None),
        "targets": {"notebook_s": NOTEBOOK_LIMIT_S, "test_command_s": TEST_LIMIT_S},
    }
    if not args.skip_tests:
        result["test_command"] = time_test_command()
    print(json.dumps(result, indent=2))
    return 0 if all(r["ok"] for r in notebooks) else 1


if __name__ == "__main__":
    sys.exit(main())
