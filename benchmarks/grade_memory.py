"""Peak memory and time of grading each notebook, as Gradescope would need to allow.

    .venv/bin/python benchmarks/grade_memory.py [--profile fast|full] [NN ...]

For each master, builds the submission a student would hand in (the master's
answers, no test cells), grades it with `dlcourse grade` (otter run, the
bundle's plugin, the guard) and prints one JSON object: per notebook, the
points earned, the peak resident memory of otter and its kernel together
(sampled every 0.2 s over the whole process tree) and the wall time. The
Gradescope settings in the README come from these figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from _common import log, machine

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("numbers", nargs="*", help="notebooks to grade (default: all ten)")
    parser.add_argument("--profile", default="fast", choices=("fast", "full"))
    args = parser.parse_args()
    from dlcourse import build
    from dlcourse.build import masters
    from dlcourse.grading.assignment import find_assignment
    from dlcourse.grading.grade import grade_one
    from dlcourse.grading.sandbox import Limits

    limits = Limits(timeout=1800, memory_gb=16, profile=args.profile)
    figures = {}
    with tempfile.TemporaryDirectory(prefix="dlcourse-memory-") as tmp:
        for master in masters(ROOT / "solutions"):
            number = master.name[:2]
            if args.numbers and number not in args.numbers:
                continue
            submission = Path(tmp) / master.name
            nbformat.write(build.as_submitted(nbformat.read(master, as_version=4)), submission)
            assignment = find_assignment(number, ROOT)
            log(f"grading {master.stem} ({args.profile})")
            start = time.perf_counter()
            row = grade_one(submission, assignment, limits)
            seconds = time.perf_counter() - start
            figures[master.stem] = {
                "status": row.status, "points": row.total, "max_points": assignment.max_points,
                "peak_mb": round(row.peak_mb), "seconds": round(seconds, 1)}
            log(f"  {row.status}, {row.total:g}/{assignment.max_points:g} points, "
                f"peak {row.peak_mb:.0f} MB, {seconds:.1f} s")
    peak = max((f["peak_mb"] for f in figures.values()), default=0)
    json.dump({"machine": machine(tensorflow=False), "profile": args.profile,
               "notebooks": figures, "largest_peak_mb": peak}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
