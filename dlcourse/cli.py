"""The `dlcourse` command: `dlcourse doctor`, `dlcourse run`."""

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
    from dlcourse import config
    from dlcourse.data import sources
    from dlcourse.data.idx import DataFileError

    if not args.data_only:
        config.describe()
    status = 0
    for name in sources.IDX_DATASETS:
        try:
            found = sources.locate(name)
            if found is None:
                raise sources.DataNotFoundError(name, sources._searched(name), sources._fixes(name))
            if args.validate:
                sources.read_folder(name, found[0])
            checked = ", validated" if args.validate else ""
            print(f"ok      {name}: {found[0]} ({found[1]}){checked}")
        except (DataFileError, sources.DataNotFoundError) as e:
            # Fashion-MNIST is the course's default image set; MNIST is optional offline.
            required = name == "fashion_mnist"
            if not required:
                print(f"absent  {name}: not found offline (optional; tensorflow-datasets "
                      "downloads it when online)")
                continue
            print(f"MISSING {name}: {str(e).splitlines()[0]}")
            if required:
                print(str(e), file=sys.stderr)
                status = 1
    return status


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

    from dlcourse import run

    root = _repo_root() or Path.cwd()
    folder = Path(args.dir) if args.dir else root / "solutions"
    paths = _notebooks(args.notebook, folder)
    if not paths:
        print(f"No notebooks matching NN_*.ipynb in {folder} yet: nothing to run.")
        return 0
    results = [run.run_notebook(path, profile=args.profile, timeout=args.timeout)
               for path in tqdm(paths, desc=f"running ({args.profile})", unit="notebook")]
    print()
    print(run.summary(results))
    return 0 if all(r.ok for r in results) else 1


def cmd_build(args: argparse.Namespace) -> int:
    """Builds student notebooks (notebooks/) and autograder zips (dist/autograder/) from masters."""
    from tqdm import tqdm

    from dlcourse import build

    root = _repo_root() or Path.cwd()
    paths = [Path(p) for p in args.masters] or build.masters(root / "solutions")
    if not paths:
        print(f"No masters matching {build.MASTER_GLOB} in {root / 'solutions'}: nothing to build.")
        return 0
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise SystemExit(f"dlcourse build: no such master notebook: {', '.join(missing)}")
    rows = []
    for path in tqdm(paths, desc="otter assign", unit="notebook"):
        start = time.perf_counter()
        built = build.build_one(path, Path(args.notebooks), Path(args.autograder),
                                run_tests=not args.no_run_tests,
                                install_spec=args.install_spec or build.INSTALL_SPEC)
        rows.append((path.name, time.perf_counter() - start, len(built.questions)))
    for name, seconds, count in rows:
        print(f"{name:<40} {seconds:6.1f}s  {count} questions")
    print(f"built {len(rows)} notebooks into {args.notebooks}, bundles into {args.autograder}")
    return 0


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
    run.set_defaults(func=cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
