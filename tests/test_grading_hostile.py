"""`dlcourse grade` on the committed hostile corpus (tests/hostile/, see make_corpus.py).

Every submission is graded in one run of the command, as an instructor runs it,
and each row's score, status and reason is stated below. The correct submission
earns 16 points (q1..q5; the corpus leaves out q6 and q7) and the wrong one 14 (q1 is off
by one, which its public and hidden checks both catch), so each hostile
variant's row says whether the trick earned anything. The same corpus then goes through
the bundle's plugin alone (as on Gradescope): its decision before running for every
submission, and `otter run` for one submission of each way of being decided (`OTTER_RUN`).
"""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dlcourse.grading import protocol

HOSTILE = Path(__file__).parent / "hostile"
ROOT = Path(__file__).resolve().parents[1]
# the corpus holds notebook 01 up to q5 (make_corpus.first_questions): 16 of its 22 points
FULL, WRONG, OUT_OF = 16.0, 14.0, 22.0
ESCAPE = Path("/tmp/dlcourse-hostile-escape.txt")

# file -> (status, total, words the reason must contain)
EXPECTED = {
    "correct": ("graded", FULL, []),
    "wrong_q1": ("graded", WRONG, []),
    "invalid_json": ("invalid", 0, ["not valid JSON"]),
    "empty": ("invalid", 0, ["no code cells"]),
    "other_assignment": ("invalid", 0, ["notebook 03, not 01"]),
    # otter runs every hidden test whatever the notebook's test cells say
    "deleted_test_cells": ("graded", FULL, ["deleted or edited", "q1"]),
    "edited_test_cells": ("graded", WRONG, ["deleted or edited", "the checks cell"]),
    "redefined_grader_check": ("graded", WRONG, ["grader.check"]),
    # caught before running (static scan) or while running (the guard)
    "patched_dlcourse_check": ("tampered", 0, ["checks.close"]),
    "patched_assert": ("tampered", 0, ["np.testing.assert_allclose"]),
    "patched_by_alias": ("tampered", 0, ["dlcourse.grading.checks.close"]),
    "infinite_loop": ("timeout", 0, ["still running after"]),
    "memory_bomb": ("memory", 0, ["more than 2 GB"]),
    # exits stop one cell; a hard crash leaves nothing to grade
    "sys_exit": ("graded", FULL, ["sys.exit"]),
    "os_exit": ("graded", FULL, ["os._exit"]),
    "kernel_crash": ("crashed", 0, ["kernel died"]),
    "huge_output": ("graded", FULL, ["dropped"]),
    # refused, and flagged for the instructor; the points are what the answers earn
    "write_outside": ("flagged", FULL, ["writing outside its folder",
                                        str(ESCAPE)]),
    "read_hidden_tests": ("flagged", WRONG, ["hidden tests"]),
    "read_bundle": ("flagged", WRONG, ["autograder bundle"]),
    # answers of the notebook's own class: no check converts them, and they are tampering
    "answer_objects": ("tampered", 0, ["class defined in the notebook"]),
    # a frame reached by getattr passed around as a value, or through a traceback
    "frame_reader": ("tampered", 0, ["not run", "getattr around as a value"]),
    "frames_by_traceback": ("tampered", 0, ["not run", "__traceback__"]),
    # "write it yourself": q2..q5 call their references (direct, alias, import, getattr)
    "forbid_routes": ("graded", 2, ["q2 scores 0", "keras.activations.sigmoid",
                                    "q3 scores 0", "q4 scores 0", "keras.losses",
                                    "q5 scores 0", "tensorflow.GradientTape"]),
    "forbid_computed_getattr": ("tampered", 0, ["getattr"]),
    # the reference replaced, an IPython hook, a forged results file: refused, tampered
    "patched_reference": ("tampered", 0, ["keras.activations.sigmoid"]),
    "ipython_hook": ("tampered", 0, ["not run", "getattr around as a value"]),
    "forge_results": ("tampered", 0, ["otter's results file"]),
    # classes the red-team pass found
    "otter_log_socket": ("tampered", 0, ["not run", "loggerDict"]),
    "guard_reconfigured": ("tampered", 0, ["not run", "grading.guard"]),
    "library_laundering": ("tampered", 0, ["not run", "_pytest"]),
    "module_by_parameter": ("tampered", 0, ["numpy.random.default_rng"]),
    # mutated inputs reach only copies: l1_loss's 0.0 fails (q4) and unit_gradient's zeros
    # fail q5's checks, the public one included (it compares with GradientTape now)
    "mutated_inputs": ("graded", 10.0, []),
    "forbid_evasion": ("graded", 2, ["q2 scores 0", "[keras][0].activations", "q3 scores 0",
                                     "q4 scores 0", "keras.losses", "q5 scores 0",
                                     "tensorflow.autodiff"]),
    "module_file": ("tampered", 0, ["Python file", "my_helpers.py"]),
}
# tricks that earn nothing and need no word: the grader gave their code copies to spoil
SILENT = {"mutated_inputs"}
# a slow-by-design submission gets a short limit of its own, everything else a generous one
SLOW = ["infinite_loop"]


def _grade(files, out, bundle, *extra):
    cmd = [sys.executable, "-m", "dlcourse.cli", "grade", *map(str, files), "--notebook", "01",
           "--out", str(out), "--workers", "2", "--memory-gb", "2", "--bundle", str(bundle),
           *extra]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=1800)


def _rows(path):
    with open(path, newline="") as f:
        return {Path(r["file"]).stem: r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, bundle_01):
    ESCAPE.unlink(missing_ok=True)
    tmp = tmp_path_factory.mktemp("hostile")
    files = [HOSTILE / f"{name}.ipynb" for name in EXPECTED if name not in SLOW]
    fast = _grade(files, tmp / "gradebook.csv", bundle_01, "--timeout", "300")
    slow = _grade([HOSTILE / f"{name}.ipynb" for name in SLOW], tmp / "slow.csv", bundle_01,
                  "--timeout", "20")
    rows = {**_rows(tmp / "gradebook.csv"), **_rows(tmp / "slow.csv")}
    return {"rows": rows, "tmp": tmp, "fast": fast, "slow": slow, "bundle": bundle_01}


def test_corpus_is_complete():
    on_disk = {p.stem for p in HOSTILE.glob("*.ipynb")}
    assert on_disk == set(EXPECTED), (
        f"tests/hostile/ and EXPECTED differ: {sorted(on_disk ^ set(EXPECTED))}")


@pytest.mark.slow
def test_grading_run_survives_every_submission(graded):
    for run in (graded["fast"], graded["slow"]):
        # exit 1: some submissions could not be graded; the run itself finished
        assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-3000:]
        assert "gradebook:" in run.stdout, run.stdout[-2000:] + run.stderr[-3000:]
    assert set(graded["rows"]) == set(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_row_score_status_and_reason(graded, name):
    status, total, words = EXPECTED[name]
    row = graded["rows"][name]
    assert (row["status"], float(row["total"])) == (status, total), dict(row)
    for word in words:
        assert word in row["reason"], f"{name}: expected {word!r} in the reason: {row['reason']!r}"
    if name in ("correct", "wrong_q1") or name in SILENT:
        assert row["reason"] == "", f"{name}: an honest submission needs no reason: {dict(row)}"
    else:  # every trick is named, whatever it earned
        assert row["reason"], f"{name}: no reason given: {dict(row)}"
    points = [float(row[q]) for q in ("q1", "q2", "q3", "q4", "q5")]
    assert sum(points) == float(row["total"]), dict(row)


@pytest.mark.slow
def test_nothing_escaped_the_grading_folder(graded):
    assert not ESCAPE.exists(), f"a submission wrote {ESCAPE}"


def _hidden_lines(bundle):
    """Code lines of the bundle's hidden test cases that no public case has too (a failed
    public check is shown with its code: `from dlcourse import grading` is in both)."""
    specs = protocol.bundle_tests(bundle)
    public = {line.removeprefix(">>> ").strip()
              for spec in protocol.public_tests(specs).values()
              for suite in spec.get("suites", []) for case in suite.get("cases", [])
              for line in case["code"].splitlines()}
    return {line.removeprefix(">>> ").strip()
            for code in protocol.hidden_codes(specs)
            for line in code.splitlines() if len(line) > 20} - public


@pytest.mark.slow
def test_feedback_files_hold_no_hidden_test(graded):
    feedback = graded["tmp"] / "gradebook-feedback"
    files = sorted(feedback.glob("*.md"))
    assert len(files) == len(EXPECTED) - len(SLOW), [f.name for f in files]
    assert f"Total: {FULL:g} / {OUT_OF:g}" in (feedback / "correct.md").read_text()
    wrong = (feedback / "wrong_q1.md").read_text()
    assert "| q1 | 0 | 2 |" in wrong, wrong  # q1's checks failed: the points say so
    hidden = _hidden_lines(graded["bundle"])
    assert hidden, "expected hidden tests in the bundle"
    for f in files:
        leaked = [line for line in hidden if line in f.read_text()]
        assert not leaked, f"{f.name} shows hidden test code: {leaked[:3]}"


@pytest.mark.slow
def test_regrading_gives_the_same_gradebook(graded, tmp_path):
    names = ["correct", "invalid_json", "patched_assert", "read_bundle"]
    files = [HOSTILE / f"{n}.ipynb" for n in names]
    again = tmp_path / "again.csv"
    _grade(files, again, graded["bundle"], "--timeout", "300")
    rows = _rows(again)
    for name in names:  # the same rows as the whole-corpus run, other submissions or not
        assert rows[name] == graded["rows"][name], name
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"temporary files left beside the gradebook: {leftovers}"


# the same corpus under otter alone (`otter run -a bundle.zip`, as on Gradescope) ------------
# Two parts. The plugin's decision before anything runs (refuse, or run with the forbid
# rule) is a pure function of the notebook and the bundle's config: it is taken for every
# submission in one process, and must match what `dlcourse grade` decided. What happens while
# a submission runs (the guard in the kernel, otter's own tests, exits, output) depends on the
# environment, which `dlcourse grade` sets and Gradescope does not: `otter run` grades one
# submission of each such mechanism without dlcourse grade's environment, and must give the
# same points. (Each `otter run` costs about 10 s of CPU; all 34 took a third of the suite.)
OTTER_RUN = {
    "correct": "an honest submission, every test run by otter",
    "wrong_q1": "a wrong answer loses its points",
    "deleted_test_cells": "otter runs the hidden tests whatever the notebook's cells say",
    "forge_results": "the guard protects otter's results file (its folder comes from otter)",
    "module_file": "the guard refuses a Python file written at run time",
    "patched_reference": "the guard refuses a replaced reference while running",
    "write_outside": "the guard's root is the submission's folder when no one sets it",
    "read_hidden_tests": "the hidden tests are found where otter put them",
    "read_bundle": "the bundle is found where otter put it",
    "sys_exit": "an exit's note reaches otter's output without dlcourse grade's events file",
    "huge_output": "the output cap without dlcourse grade's limits",
    "forbid_routes": "the forbid rule zeroes questions in otter's own results",
    "patched_assert": "refused before running: the inert notebook scores 0 with a reason",
}
# what otter alone gives where dlcourse grade's own checks came first: no results at all
NO_RESULTS = {"invalid_json", "empty", "kernel_crash"}
_DECIDE = """
import json, sys
from pathlib import Path
import nbformat
from dlcourse.grading.assignment import _require_plugin
from dlcourse.grading.plugin import GradingPlugin
bundle, files = sys.argv[1], sys.argv[2:]
plugin_config = _require_plugin(Path(bundle))  # what dlcourse grade reads from the bundle
out = {}
for path in files:
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # otter cannot read it either
        out[path] = {"unreadable": type(error).__name__}
        continue
    plugin = GradingPlugin(path, {}, plugin_config)
    plugin.before_execution(nb)
    out[path] = {"blocked": plugin.blocked,
                 "forbidden": sorted(getattr(plugin, "forbidden", {}) or {})}
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def plugin_decisions(tmp_path_factory, bundle_01):
    """name -> the bundle's plugin's decision before running (in a process of its own: the
    plugin sets the environment and patches otter's modules, as it does under otter)."""
    import json
    import os

    tmp = tmp_path_factory.mktemp("decisions")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLCOURSE_GRADE_")}
    env["TMPDIR"] = str(tmp)
    names = sorted(EXPECTED)
    proc = subprocess.run([sys.executable, "-c", _DECIDE, str(bundle_01),
                           *(str(HOSTILE / f"{n}.ipynb") for n in names)],
                          capture_output=True, text=True, cwd=tmp, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    return {Path(path).stem: decision for path, decision in found.items()}


def _refused_before_running(row):
    return row["status"] == "invalid" or row["reason"].startswith("tampers with grading, not run")


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_plugin_decides_before_running_as_dlcourse_grade_does(graded, plugin_decisions, name):
    """The plugin alone refuses exactly what `dlcourse grade` refused before running, for the
    same reason, and applies the forbid rule to the same questions."""
    row, decision = graded["rows"][name], plugin_decisions[name]
    if "unreadable" in decision or (row["status"] == "invalid" and not decision["blocked"]):
        # nothing for the plugin to refuse (unreadable, or no code): otter gives no results
        assert row["status"] == "invalid" and name in NO_RESULTS, (name, decision, dict(row))
        return
    if _refused_before_running(row):
        assert decision["blocked"], f"{name}: dlcourse grade refused it, the plugin runs it"
        if row["status"] == "tampered":  # the same finding, in the same words
            assert row["reason"].startswith(decision["blocked"]), (decision, row["reason"])
        for word in EXPECTED[name][2]:
            assert word in decision["blocked"], f"{name}: expected {word!r} in {decision}"
    else:
        assert not decision["blocked"], f"{name}: the plugin refuses it: {decision['blocked']}"
    zeroed = set(re.findall(r"\b(q\d+) scores 0", row["reason"]))
    assert set(decision.get("forbidden", [])) == zeroed, (name, decision, row["reason"])


def _otter_run(name, bundle, tmp):
    import json
    import os

    folder = tmp / name
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLCOURSE_GRADE_")}
    env["DLCOURSE_PROFILE"] = "fast"
    proc = subprocess.run(
        [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(bundle), "-o",
         str(folder), str(HOSTILE / f"{name}.ipynb")], capture_output=True, text=True,
        cwd=folder, env=env, timeout=600)
    results = folder / "results.json"
    if not results.is_file():
        return None, proc.stdout[-2000:] + proc.stderr[-2000:]
    data = json.loads(results.read_text())
    scores = {t["name"]: float(t["score"]) for t in data["tests"] if t.get("score") is not None}
    return scores, data.get("output") or ""


@pytest.fixture(scope="module")
def otter_graded(tmp_path_factory, bundle_01):
    from concurrent.futures import ThreadPoolExecutor

    tmp = tmp_path_factory.mktemp("otter-run")
    names = sorted(OTTER_RUN)
    with ThreadPoolExecutor(2) as pool:
        done = dict(zip(names, pool.map(lambda n: _otter_run(n, bundle_01, tmp), names),
                        strict=True))
    return done


def test_otter_run_covers_each_way_a_submission_is_decided():
    """The `otter run` sample holds a refused submission and each status that running gives."""
    assert set(OTTER_RUN) <= set(EXPECTED)
    statuses = {EXPECTED[name][0] for name in OTTER_RUN}
    assert {"graded", "flagged", "tampered"} <= statuses, statuses


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(OTTER_RUN))
def test_otter_run_with_the_bundle_gives_the_same_points(otter_graded, name):
    status, total, words = EXPECTED[name]
    scores, output = otter_graded[name]
    if name in NO_RESULTS:
        assert scores is None or sum(scores.values()) == 0, (name, scores, output)
        return
    assert scores is not None, f"{name}: otter run gave no results: {output}"
    assert sum(scores.values()) == total, (name, scores, output)
    if status in ("tampered", "invalid") or name.startswith("forbid"):
        assert output.startswith("dlcourse:"), f"{name}: no reason in otter's output: {output!r}"
        for word in words:
            if word not in ("not run",):
                assert word in output, f"{name}: expected {word!r} in {output!r}"
