"""The `dlcourse` command: doctor, build, run, grade, check.

Each command is a thin shell over one function of `dlcourse.instructor`,
the instructor's documented layer; nothing here reaches into a module's
private names.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def _repo_root() -> Path | None:
    for start in (Path.cwd(), Path(__file__).resolve().parents[1]):
        for folder in (start, *start.parents):
            if (folder / "pyproject.toml").is_file() and (folder / "dlcourse").is_dir():
                return folder
    return None


def cmd_doctor(args: argparse.Namespace) -> int:
    """Prints the environment and checks the offline data; exits 1 without Fashion-MNIST."""
    from dlcourse import instructor

    return instructor.doctor(data_only=args.data_only, validate=args.validate)


def _notebooks(target: str, folder: Path) -> list[Path]:
    if target != "all":
        path = Path(target)
        if not path.is_file() or path.suffix != ".ipynb":
            raise SystemExit(f"dlcourse run: expected a .ipynb file or 'all'. Received: {target!r}")
        return [path]
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def cmd_run(args: argparse.Namespace) -> int:
    """Executes notebooks headless and prints a table of times and checks passed."""
    from tqdm import tqdm

    from dlcourse import instructor

    root = _repo_root() or Path.cwd()
    folder = Path(args.dir) if args.dir else root / "solutions"
    paths = _notebooks(args.notebook, folder)
    if not paths:
        print(f"No notebooks matching NN_*.ipynb in {folder} yet: nothing to run.")
        return 0
    out_dir = Path(args.out) if args.out else root / "build" / "run"
    results = [instructor.run_notebook(path, profile=args.profile, timeout=args.timeout,
                                       out_dir=out_dir)
               for path in tqdm(paths, desc=f"running ({args.profile})", unit="notebook")]
    index = instructor.write_index(results, out_dir, profile=args.profile)
    for result in results:
        if not result.ok and instructor.log_tail(result):
            print(f"\n--- {result.name} failed; the end of its kernel log ({result.log}):")
            print(instructor.log_tail(result))
    print()
    print(instructor.summary(results))
    print(f"executed notebooks, figures and logs: {index}")
    return 0 if all(r.ok for r in results) else 1


def cmd_build(args: argparse.Namespace) -> int:
    """Builds student notebooks (notebooks/) and autograder zips (dist/autograder/) from masters."""
    from tqdm import tqdm

    from dlcourse import instructor

    root = _repo_root() or Path.cwd()
    paths = [Path(p) for p in args.masters] or instructor.masters(root / "solutions")
    if not paths:
        print(f"No masters matching {instructor.MASTER_GLOB} in {root / 'solutions'}: "
              "nothing to build.")
        return 0
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"dlcourse build: no such master notebook: {', '.join(missing)}")
    rows = []
    for path in tqdm(paths, desc="otter assign", unit="notebook"):
        start = time.perf_counter()
        built = instructor.build_one(path, Path(args.notebooks), Path(args.autograder),
                                     run_tests=not args.no_run_tests,
                                     install_spec=args.install_spec)
        rows.append((path.name, time.perf_counter() - start, len(built.questions)))
    for name, seconds, count in rows:
        print(f"{name:<40} {seconds:6.1f}s  {count} questions")
    print(f"built {len(rows)} notebooks into {args.notebooks}, bundles into {args.autograder}")
    return 0


def cmd_grade(args: argparse.Namespace) -> int:
    """Grades a class's submissions with otter, in parallel, into a CSV gradebook.

    Each submission runs in its own process and temporary folder, under a time
    limit and a memory cap, with dlcourse's guard against tampering. Writes one
    row per submission (file, points per question, total, status, reason) and
    one feedback file per submission, each to a temporary file renamed into
    place. Exit status 0 when every submission was graded (whatever it scored),
    1 when some could not be (status other than graded or flagged).
    """
    from dlcourse.instructor import GradingError, Limits, find_assignment, grade_all, write_outputs

    root = _repo_root() or Path.cwd()
    try:
        assignment = find_assignment(args.notebook, root, bundle=args.bundle)
    except GradingError as e:
        raise SystemExit(f"dlcourse grade: {e}") from None
    paths = list(dict.fromkeys(args.submissions))
    limits = Limits(timeout=args.timeout, memory_gb=args.memory_gb,
                    max_output=int(args.max_output_mb * 1024 * 1024), profile=args.profile)
    if args.workers is not None and args.workers < 1:
        raise SystemExit(f"dlcourse grade: --workers must be at least 1. Received: "
                         f"{args.workers}")
    out = Path(args.out)
    feedback_dir = Path(args.feedback) if args.feedback else out.with_name(out.stem + "-feedback")
    start = time.perf_counter()
    rows = grade_all(paths, assignment, limits, workers=args.workers)
    write_outputs(rows, assignment, out, feedback_dir)
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"graded {len(rows)} submissions of {assignment.name} in "
          f"{time.perf_counter() - start:.0f} s: {summary}")
    print(f"gradebook: {out}\nfeedback:  {feedback_dir}/")
    return 0 if all(r.status in ("graded", "flagged") for r in rows) else 1


def cmd_check(args: argparse.Namespace) -> int:
    """Runs your notebook from top to bottom, then every public check, and lists the results.

    The same public checks as `grader.check("q1")` in the notebook; the
    instructor's grading also runs hidden ones. Exit status 0 when all pass.
    """
    from dlcourse.instructor import GradingError, check_notebook

    path = Path(args.notebook)
    if not path.is_file() or path.suffix != ".ipynb":
        raise SystemExit(f"dlcourse check: expected a .ipynb file. Received: {args.notebook!r}")
    print(f"running {path} ({args.profile or 'default'} profile) and its public checks...")
    try:
        report = check_notebook(path, profile=args.profile)
    except GradingError as e:
        raise SystemExit(f"dlcourse check: {e}") from None
    for question, passed, message in report:
        print(f"{'passed' if passed else 'FAILED':<7} {question}")
        if not passed:
            print("        " + "\n        ".join(message.strip().splitlines()[:20]))
    passed = sum(ok for _, ok, _ in report)
    print(f"{passed}/{len(report)} questions pass their public checks")
    return 0 if passed == len(report) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dlcourse", description="Keras/TensorFlow course notebooks and their checks."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    doctor = sub.add_parser("doctor", help="report versions, device, profile and data sources",
                            description=cmd_doctor.__doc__)
    doctor.add_argument("--data-only", action="store_true",
                        help="only check the datasets (no TensorFlow import)")
    doctor.add_argument("--validate", action="store_true",
                        help="also read and validate every IDX file found")
    doctor.set_defaults(func=cmd_doctor)
    build_cmd = sub.add_parser("build", help="masters -> student notebooks and autograder bundles",
                               description=cmd_build.__doc__)
    build_cmd.add_argument("masters", nargs="*",
                           help="master notebooks (default: every solutions/NN_*.ipynb)")
    build_cmd.add_argument("--notebooks", default="notebooks",
                           help="folder for student notebooks (default: notebooks)")
    build_cmd.add_argument("--autograder", default="dist/autograder",
                           help="folder for autograder zips (default: dist/autograder)")
    build_cmd.add_argument("--no-run-tests", action="store_true",
                           help="skip otter's run of the tests against the solutions (faster)")
    build_cmd.add_argument("--install-spec", default=None,
                           help="what the Colab setup cell pip-installs")
    build_cmd.set_defaults(func=cmd_build)
    run = sub.add_parser("run", help="execute notebooks headless and summarize",
                         description=cmd_run.__doc__)
    run.add_argument("notebook", help="a .ipynb path, or 'all' for every NN_*.ipynb in --dir")
    run.add_argument("--profile", choices=("fast", "full"), default="fast",
                     help="run profile (default: fast)")
    run.add_argument("--dir", help="folder searched by 'all' (default: the repo's solutions/)")
    run.add_argument("--timeout", type=int, default=600,
                     help="seconds one cell may run (default: 600)")
    run.add_argument("--out", help="folder for each notebook's executed copy, HTML page and "
                                   "kernel log, and index.html (default: the repo's build/run/)")
    run.set_defaults(func=cmd_run)
    grade_cmd = sub.add_parser(
        "grade", help="grade a class's submissions into a CSV gradebook",
        description=cmd_grade.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    grade_cmd.add_argument("submissions", nargs="+", metavar="SUBMISSION",
                           help="submitted .ipynb files")
    grade_cmd.add_argument("--notebook", required=True, metavar="NN",
                           help="which assignment, e.g. 01")
    grade_cmd.add_argument("--out", required=True, metavar="CSV", help="the gradebook to write")
    grade_cmd.add_argument("--feedback", metavar="DIR",
                           help="folder for feedback files (default: <out>-feedback/)")
    grade_cmd.add_argument("--workers", type=int, default=None,
                           help="submissions graded at once (default: the number of cores)")
    grade_cmd.add_argument("--timeout", type=float, default=600.0, metavar="S",
                           help="seconds one submission may run (default: 600)")
    grade_cmd.add_argument("--memory-gb", type=float, default=4.0, metavar="G",
                           help="memory cap per submission, otter and kernel (default: 4)")
    grade_cmd.add_argument("--max-output-mb", type=float, default=1.0, metavar="M",
                           help="printed output kept per submission (default: 1)")
    grade_cmd.add_argument("--profile", choices=("fast", "full"), default="fast",
                           help="run profile the notebooks run in (default: fast)")
    grade_cmd.add_argument("--bundle", metavar="ZIP",
                           help="otter autograder zip (default: dist/autograder/NN_*.zip, "
                                "built from the master when missing)")
    grade_cmd.set_defaults(func=cmd_grade)
    check = sub.add_parser(
        "check", help="run your notebook and all of its public checks",
        description=cmd_check.__doc__)
    check.add_argument("notebook", help="your notebook (.ipynb)")
    check.add_argument("--profile", choices=("fast", "full"), default=None,
                       help="run profile (default: $DLCOURSE_PROFILE, else full)")
    check.set_defaults(func=cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
