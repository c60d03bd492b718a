"""Grading throughput: 10 copies of a correct submission with 1 and with 2 workers.

    .venv/bin/python benchmarks/grade.py [--copies 10] [--workers 1 2]

Runs `dlcourse grade` as an instructor would (one process and one temporary
folder per submission) on copies of tests/hostile/correct.ipynb, a complete
notebook 01, and prints one JSON object: wall time per worker count, seconds
per submission, and the speed-up of each count over one worker. Target: at
least 1.7x with 2 workers on a 2-core machine.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import log, machine

ROOT = Path(__file__).resolve().parents[1]
SUBMISSION = ROOT / "tests" / "hostile" / "correct.ipynb"


def grade(files: list[Path], workers: int, out: Path) -> float:
    """Seconds `dlcourse grade` took; raises if any copy did not earn full marks."""
    cmd = [sys.executable, "-m", "dlcourse.cli", "grade", *map(str, files), "--notebook", "01",
           "--out", str(out), "--workers", str(workers)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"dlcourse grade failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    with open(out, newline="") as f:
        totals = {float(row["total"]) for row in csv.DictReader(f)}
    if totals != {16.0}:
        raise SystemExit(f"expected every copy to earn 16/16, got totals {sorted(totals)}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=10, help="submissions (default: 10)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2],
                        help="worker counts to compare (default: 1 2)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dlcourse-bench-grade-") as tmp:
        tmp = Path(tmp)
        files = []
        for i in range(args.copies):
            files.append(tmp / f"student{i:02d}.ipynb")
            shutil.copyfile(SUBMISSION, files[-1])
        # one untimed submission first: builds the bundle if dist/ has none, warms the caches
        grade(files[:1], 1, tmp / "warmup.csv")
        seconds = {}
        for workers in args.workers:
            log(f"grading {args.copies} copies with {workers} worker(s)...")
            seconds[workers] = grade(files, workers, tmp / f"gradebook-{workers}.csv")
    base = seconds.get(1)
    result = {
        "benchmark": "grade",
        "machine": machine(tensorflow=False),
        "submission": str(SUBMISSION.relative_to(ROOT)),
        "copies": args.copies,
        "seconds": {str(w): round(s, 1) for w, s in seconds.items()},
        "seconds_per_submission": {str(w): round(s / args.copies, 2)
                                   for w, s in seconds.items()},
        "speedup_vs_1_worker": {str(w): round(base / s, 2) for w, s in seconds.items()}
        if base else None,
        "target": "2 workers at least 1.7x faster than 1",
    }
    if base and 2 in seconds:
        result["target_met"] = base / seconds[2] >= 1.7
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
