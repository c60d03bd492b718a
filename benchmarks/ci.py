"""CI budget: the README's test command, stage by stage, in a fresh clone.

    .venv/bin/python benchmarks/ci.py [--here] [--skip compat browser] [--notebooks]

Clones the committed HEAD into a temporary folder (or, with `--here`, uses this working
copy and its .venv) and runs, one after the other, each timed on its own:

- install: `scripts/setup.sh` with the dev extra, into a new virtual environment;
- ruff;
- the main suite: the README's test command's pytest run (`scripts/test`: `tests/` and the
  docstring examples, two workers, `--dist loadscope`) without the browser test, once.
  Its wall time is the figure; a JUnit report splits the tests' own seconds (summed over
  both workers) into unit tests, notebooks (`tests/test_notebooks.py`: each master
  executed once in a kernel with its wrong-answer cases and unanswered questions, once
  graded by otter) and grading (`tests/test_grading_hostile.py`: the hostile corpus
  through `dlcourse grade`, the bundle's plugin and `otter run`);
- browser: `tests/test_browser.py` (JupyterLab in headless Chromium);
- compat: `scripts/versions colab` (every master on Colab's pinned stack).

The main suite is ruff + the main pytest run (target: under 10 minutes on this machine's 2
cores); install, browser and compat are reported beside it. With `--notebooks`, each
master's fast-profile run time is measured first (`dlcourse run`, target 60 s each).
Prints one JSON object. Run it on an idle machine: every figure is wall-clock time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import log, machine

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_LIMIT_S = 60.0
MAIN_SUITE_LIMIT_S = 10 * 60.0
PYTEST = ["-m", "pytest", "-p", "no:cacheprovider", "-q", "-n", "auto", "--dist", "loadscope"]
BROWSER = "tests/test_browser.py"
# the main run's tests by file -> stage (everything else: unit tests)
SPLIT = {"tests/test_notebooks.py": "notebooks", "tests/test_grading_hostile.py": "grading"}


def stages(venv: Path, junit: Path) -> list[tuple[str, list[str]]]:
    python = str(venv / "bin" / "python")
    main = [python, *PYTEST, "tests", "dlcourse", "--doctest-modules", f"--ignore={BROWSER}",
            f"--junitxml={junit}"]
    return [
        ("install", ["bash", "-c", "EXTRAS=dev source scripts/setup.sh"]),
        ("ruff", [str(venv / "bin" / "ruff"), "check", "dlcourse", "tests"]),
        ("main pytest", main),
        ("browser", [python, "-m", "pytest", "-p", "no:cacheprovider", "-q", BROWSER]),
        ("compat", ["scripts/versions", "colab"]),
    ]


def split(junit: Path) -> dict[str, dict]:
    """Seconds of the main run's tests per stage (setup and call, summed over workers)."""
    import xml.etree.ElementTree as ET

    found: dict[str, dict] = {}
    if not junit.is_file():
        return found
    for case in ET.parse(junit).iter("testcase"):
        name = case.get("classname", "").replace(".", "/")
        stage = next((v for k, v in SPLIT.items() if name.startswith(k[:-3])), "unit tests")
        entry = found.setdefault(stage, {"tests": 0, "test_seconds": 0.0})
        entry["tests"] += 1
        entry["test_seconds"] += float(case.get("time") or 0)
    for entry in found.values():
        entry["test_seconds"] = round(entry["test_seconds"], 1)
    return found


def _summary(stdout: str) -> str:
    # pytest's last line ("... passed in 12.3s") or dlcourse run's ("10 passed, 0 failed")
    finals = [line for line in stdout.splitlines()
              if re.search(r"\d+ (passed|failed|error|skipped)", line)]
    return re.sub(r"=+", "", finals[-1]).strip() if finals else stdout.strip()[-200:]


def run_stage(name: str, cmd: list[str], cwd: Path, env: dict) -> dict:
    log(f"stage {name}: {' '.join(cmd)[:120]}")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    log(f"  {seconds:.0f} s, exit {proc.returncode}")
    return {"stage": name, "seconds": round(seconds, 1), "exit_code": proc.returncode,
            "summary": _summary(proc.stdout + proc.stderr)}


def time_notebooks(root: Path, venv: Path, env: dict) -> list[dict]:
    rows = []
    for master in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb")):
        log(f"running {master.name}...")
        start = time.perf_counter()
        proc = subprocess.run([str(venv / "bin" / "dlcourse"), "run", str(master), "--out",
                               str(root / "build" / "run")], cwd=root, env=env,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        rows.append({"notebook": master.stem, "seconds_with_start": round(seconds, 1),
                     "ok": proc.returncode == 0,
                     "table": proc.stdout.strip().splitlines()[-3:-2]})
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--here", action="store_true",
                        help="use this working copy and its .venv instead of a fresh clone")
    parser.add_argument("--skip", nargs="*", default=[], metavar="STAGE",
                        help="stages to leave out, e.g. compat browser")
    parser.add_argument("--notebooks", action="store_true",
                        help="first time each master's fast-profile run")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="dlcourse-ci-") as tmp:
        root = ROOT
        if not args.here:
            root = Path(tmp) / "clone"
            subprocess.run(["git", "clone", "-q", str(ROOT), str(root)], check=True)
            shared = ROOT.parent / "shared"
            if shared.is_dir() and not (root.parent / "shared").exists():
                (root.parent / "shared").symlink_to(shared)
        venv = root / ".venv"
        env = {**os.environ, "CI": "true", "DLCOURSE_PROFILE": "fast",
               "DLCOURSE_VENV": str(venv)}
        junit = Path(tmp) / "main.xml"
        results = []
        for name, cmd in stages(venv, junit):
            if name in args.skip or (name == "install" and args.here):
                continue
            results.append(run_stage(name, cmd, root, env))
            if name == "main pytest":
                results[-1]["split_of_test_seconds"] = split(junit)
        notebooks = time_notebooks(root, venv, env) if args.notebooks else []
    main_stages = ("ruff", "main pytest")
    ran = [r for r in results if r["stage"] in main_stages]
    main_s = sum(r["seconds"] for r in ran)
    complete = len(ran) == len(main_stages)
    result = {
        "benchmark": "ci", "machine": machine(tensorflow=False),
        "fresh_clone": not args.here, "stages": results,
        "main_suite_s": round(main_s, 1) if complete else None,
        # only a run of every main stage can say whether the suite fits
        "main_suite_under_10_min": main_s <= MAIN_SUITE_LIMIT_S if complete else None,
        "notebooks": notebooks,
        "targets": {"main_suite_s": MAIN_SUITE_LIMIT_S, "notebook_s": NOTEBOOK_LIMIT_S},
    }
    print(json.dumps(result, indent=2))
    return 0 if all(r["exit_code"] == 0 for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
