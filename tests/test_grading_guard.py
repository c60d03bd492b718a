"""The runtime guard `dlcourse grade` installs in the grading kernel.

`guard.install()` adds an audit hook that cannot be removed, so every scenario
runs in one fresh Python process (SCRIPT below), which reports what happened
as JSON on stdout. Student code is simulated as IPython runs a cell: compiled
under a file name starting with `<ipython-input`; the script's own module-level
code stands for library code.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

MAX_OUTPUT = 120
MARKER = "=== GUARD SCENARIOS ==="
HIDDEN_TEST = "HIDDEN = 14.0\n"

SCRIPT = r'''
import json, os, subprocess, sys, traceback
from pathlib import Path

results, facts = {}, {}
root = Path(os.environ["DLCOURSE_GRADE_ROOT"])
events = Path(os.environ["DLCOURSE_GRADE_EVENTS"])
outside = Path(sys.argv[1])
ns = {"__name__": "__main__"}


def outcome(action):
    try:
        action()
        return "ok"
    except PermissionError:
        return "PermissionError"
    except SystemExit as e:
        return f"SystemExit({e.code})"
    except Exception as e:
        return f"{type(e).__name__}: {e}"


def student(src):
    exec(compile(src, "<ipython-input-1-abc>", "exec"), ns)


def attempt(name, src):
    results[name] = outcome(lambda: student(src))


from dlcourse.grading import guard

# before install ----------------------------------------------------------------------------
facts["finish_before_install"] = outcome(lambda: guard.finish({}))
saved_root = os.environ.pop("DLCOURSE_GRADE_ROOT")
facts["install_without_root"] = outcome(guard.install)
os.environ["DLCOURSE_GRADE_ROOT"] = saved_root
(outside / "keep.txt").write_text("keep")
solution = sorted((Path(guard.__file__).resolve().parents[2] / "solutions").glob("*.ipynb"))[0]

import otter  # before install, as in the grading kernel: otter's frames are then known

import doctest

import numpy
import numpy.testing

import dlcourse.grading.checks as checks_module
from IPython.core.interactiveshell import InteractiveShell

shell = InteractiveShell.instance()  # before install: it copies files from site-packages

guard.install()
# the guard caps stderr too: a crash of this script must still show its traceback
sys.excepthook = lambda *exc: sys.__stderr__.write("".join(traceback.format_exception(*exc)))
orig_close = checks_module.close
orig_allclose = numpy.testing.assert_allclose
orig_array_equal = numpy.testing.assert_array_equal
orig_summarize = doctest.DocTestRunner.summarize

# output: first, before anything else prints (the cap counts stdout and stderr together) ----
attempt("print_flood", "for _ in range(5):\n    print('@' * 50)")

# writes ----------------------------------------------------------------------------------
attempt("write_outside", f"open({str(outside / 'new.txt')!r}, 'w').write('x')")
facts["outside_created"] = (outside / "new.txt").exists()
attempt("remove_outside", f"import os\nos.remove({str(outside / 'keep.txt')!r})")
facts["outside_kept"] = (outside / "keep.txt").exists()
attempt("write_inside", f"open({str(root / 'ok.txt')!r}, 'w').write('fine')\n"
        f"import os\nos.mkdir({str(root / 'made')!r})")
facts["inside_created"] = (root / "ok.txt").read_text() == "fine" and (root / "made").is_dir()
attempt("rename_outside", f"os.rename({str(root / 'ok.txt')!r}, {str(outside / 'moved')!r})")
attempt("write_tests", "open('tests/new.py', 'w').write('x')")
facts["tests_file_created"] = Path("tests/new.py").exists()
attempt("overwrite_test", "open('tests/q1.py', 'w').write('HIDDEN = 0')")
attempt("remove_test", "os.remove('tests/q1.py')")
facts["test_intact"] = Path("tests/q1.py").read_text()
attempt("write_events", f"open({str(events)!r}, 'a').write('forged\\n')")

# reads -----------------------------------------------------------------------------------
attempt("read_test", "text = open('tests/q1.py').read()")
hidden_test = Path.cwd() / "tests" / "q1.py"
attempt("read_test_absolute", f"import pathlib\npathlib.Path({str(hidden_test)!r}).read_text()")
attempt("glob_tests", "import glob\nglob.glob('tests/*')")
attempt("listdir_tests", "os.listdir('tests')")
attempt("scandir_tests", "list(os.scandir('tests'))")
attempt("read_events", f"open({str(events)!r}).read()")
attempt("read_solutions", f"open({str(solution)!r}).read()")
attempt("read_inside", f"assert open({str(root / 'ok.txt')!r}).read() == 'fine'")
attempt("listdir_cwd", "assert 'tests' in os.listdir('.')")


def library_reads(path):
    with open(path) as f:
        return f.read()


facts["library_read"] = outcome(lambda: library_reads("tests/q1.py"))
facts["library_read_text"] = library_reads("tests/q1.py")
ns["library_reads"] = library_reads
attempt("library_reads_for_student", "library_reads('tests/q1.py')")
student("def peek():\n    return open('tests/q1.py').read()")
results["library_calls_student_reader"] = outcome(ns["peek"])
otter_dir = os.path.dirname(os.path.realpath(otter.__file__))
exec(compile("def otter_reads(path):\n    with open(path) as f:\n        return f.read()\n"
             "def otter_calls(fn):\n    return fn()\n",
             os.path.join(otter_dir, "simulated.py"), "exec"), ns)
attempt("otter_reads_for_student", "assert otter_reads('tests/q1.py') == 'HIDDEN = 14.0\\n'")
attempt("otter_calls_student_reader", "otter_calls(peek)")

# answers that look for the check's frame (before any scenario below patches CheckFailed) ------
student("class Sneaky:\n    def __float__(self):\n        import sys\n"
        "        return sys._getframe(1).f_locals.get('expected', 0.0)\n"
        "def sneaky_fn(x):\n    import sys\n    return sys._getframe(1).f_locals['reference'](x)")
results["check_on_sneaky"] = outcome(lambda: checks_module.close(ns["Sneaky"](), 14.0))
results["function_on_sneaky"] = outcome(
    lambda: checks_module.function(ns["sneaky_fn"], numpy.tanh, [numpy.zeros(2)]))

# processes, signals, exits -------------------------------------------------------------------
attempt("subprocess_run", "import subprocess\nsubprocess.run(['true'])")
attempt("os_system", "os.system('true')")
attempt("signal_kernel", "os.kill(os.getpid(), 0)")
facts["library_subprocess"] = outcome(lambda: subprocess.run(["true"], check=True))
attempt("os_exit", "os._exit(3)")
facts["alive_after_exit"] = True

# tampering with what the tests use -------------------------------------------------------------
attempt("replace_checks_close",
        "from dlcourse.grading import checks\nchecks.close = lambda *a, **k: None")
attempt("replace_grading_close",
        "from dlcourse import grading\ngrading.close = lambda *a, **k: None")
attempt("replace_assert_allclose",
        "import numpy as np\nnp.testing.assert_allclose = lambda *a, **k: None")
attempt("delete_assert_allclose", "del np.testing.assert_allclose")
attempt("replace_numpy_function", "np.allclose = lambda *a, **k: True")
attempt("rename_class", "from dlcourse.grading import CheckFailed\nCheckFailed.__name__ = 'Ok'")
attempt("replace_class_attribute", "CheckFailed.__str__ = lambda self: ''")
attempt("replace_otter_method", "import otter\notter.Notebook.check = lambda self, q: None")
# otter runs each test through doctest.DocTestRunner: a fake summary passes every test
attempt("patch_doctest_runner", "import doctest\nR = doctest.DocTestRunner\n"
        "R.summarize = lambda self, verbose=None: doctest.TestResults(0, 1)")
facts["close_intact"] = checks_module.close is orig_close
facts["assert_allclose_intact"] = numpy.testing.assert_allclose is orig_allclose
attempt("new_numpy_attribute", "np.my_helper = 42")
facts["new_numpy_attribute"] = getattr(numpy, "my_helper", None) == 42


def library_replaces():
    numpy.testing.assert_array_equal = print
    numpy.testing.assert_array_equal = orig_array_equal


facts["library_replaces"] = outcome(library_replaces)
attempt("copy_into_sandbox",
        f"import shutil\nshutil.copyfile(np.__file__, {str(root / 'copied.txt')!r})")
attempt("write_module_file", f"open({str(root / 'numpy_shadow.py')!r}, 'w').write('x = 1')")
attempt("patch_module_dict", "import copy\nd = copy.__dict__\nd['deepcopy'] = lambda x, m=None: x")
attempt("patch_module_by_parameter",
        "def install(m):\n    m.default_rng = lambda *a: None\ninstall(np.random)")
attempt("monkeypatch_laundering",
        "from _pytest.monkeypatch import MonkeyPatch\n"
        "MonkeyPatch().setattr(np, 'allclose', lambda *a, **k: True)")

# code that runs with no notebook frame on the stack -------------------------------------------
attempt("thread_read", "from concurrent.futures import ThreadPoolExecutor\n"
        "leak = ThreadPoolExecutor(1).submit(open, 'tests/q1.py').result().read()")
attempt("thread_process", "ThreadPoolExecutor(1).submit(os.system, 'true').result()")
attempt("thread_tamper", "ThreadPoolExecutor(1).submit("
        "setattr, np.testing, 'assert_array_equal', print).result()")
numpy.testing.assert_array_equal = orig_array_equal

def cell(name, src):
    r = shell.run_cell(src)
    error = r.error_in_exec or r.error_before_exec
    results[name] = "ok" if error is None else type(error).__name__


cell("ipython_process", "import os\nos.system('true')")
cell("timed_process", "%time os.system('true')")
cell("timed_tamper", "%time import numpy.testing as t; t.assert_array_equal = print")
numpy.testing.assert_array_equal = orig_array_equal

# frames: the grader's locals and, through linecache, the hidden tests' source --------------------
attempt("getframe", "import sys\nsys._getframe(0)")
attempt("current_frames", "sys._current_frames()")
attempt("tb_frame", "try:\n    1 / 0\nexcept Exception as e:\n    f = e.__traceback__.tb_frame")
attempt("gi_frame", "def g():\n    yield 1\ngen = g()\ngen.gi_frame")
attempt("inspect_frame", "import inspect\ninspect.currentframe()")
attempt("inspect_stack", "inspect.stack()")
attempt("traceback_stack", "import traceback\ntraceback.extract_stack()")
attempt("logging_stack", "import logging\nlogging.getLogger('x').warning('hi', stack_info=True)")
attempt("gc_objects", "import gc\ngc.get_objects()")
attempt("gc_referrers", "gc.get_referrers(np)")
attempt("settrace", "sys.settrace(lambda *a: None)")
attempt("thread_frames", "ThreadPoolExecutor(1).submit(sys._getframe).result()")
attempt("namedtuple", "import collections\nP = collections.namedtuple('P', 'x y')\nP(1, 2)")
attempt("enum_class", "import enum\nclass Color(enum.Enum):\n    RED = 1")
attempt("raise_and_catch", "try:\n    1 / 0\nexcept ZeroDivisionError:\n    pass")
facts["library_getframe"] = outcome(lambda: sys._getframe(0))

# Keras, TensorFlow and dlcourse: what references are computed with -----------------------------
attempt("replace_keras_function",
        "import keras\nfrom keras import activations as A\nA.sigmoid = lambda z: z")
attempt("replace_dlcourse_function", "from dlcourse import models as M\nM.lenet5 = lambda: None")
attempt("replace_library_code", "keras.activations.relu.__code__ = (lambda x: x).__code__")
attempt("patch_keras_class", "D = keras.layers.Dense\nD.count_params = lambda self: 8")
import keras

facts["keras_intact"] = keras.activations.sigmoid.__name__ == "sigmoid"
cell("ipython_hook", "get_ipython().events.register('post_run_cell', lambda *a: None)")
facts["hooks_after_cell"] = len(shell.events.callbacks["post_run_cell"])

# otter's results file ---------------------------------------------------------------------------
results_pkl = Path(os.environ["DLCOURSE_GRADE_RESULTS_DIR"]) / "tmpresults.pkl"
export = ("from otter.execute import Checker\nfor t in []:\n"
          "    Checker.check_if_not_already_checked(t)\n"
          "from otter.test_files import GradingResults\n"
          "results = GradingResults(Checker.get_results())\n"
          f"with open({str(results_pkl)!r}, 'w') as f:\n    f.write('results')")
cell("results_before_finish", export)

# while the guard repairs in one thread, another thread's writes are still checked
installed = guard._state["guard"]
installed.repairing.on = True
results["write_while_repairing"] = outcome(lambda: student(
    "import threading\nout = []\n"
    f"t = threading.Thread(target=lambda: out.append(open({str(outside / 'race.txt')!r}, 'w')))\n"
    "t.start()\nt.join()"))
installed.repairing.on = False
facts["race_file_created"] = (outside / "race.txt").exists()

# finish() ------------------------------------------------------------------------------------
student("def mutate(x):\n    x[:] = 0.0  # the test's own array, were it not a copy\n"
        "    return 7.0")
attempt("rebind_np", "np = object()")
attempt("dict_route", "import numpy.testing as t\nt.__dict__['assert_allclose'] = print")
facts["dict_route_took"] = numpy.testing.assert_allclose is print
guard.finish(ns)
facts["np_repaired"] = ns["np"] is numpy
facts["assert_allclose_repaired"] = numpy.testing.assert_allclose is orig_allclose
facts["doctest_runner_repaired"] = doctest.DocTestRunner.summarize is orig_summarize
doctest.DocTestRunner.summarize = orig_summarize
facts["keras_class_repaired"] = "count_params" not in vars(keras.layers.Dense)
given = numpy.ones(3)
facts["answer_result"] = float(ns["mutate"](given))
facts["answer_input_kept"] = given.tolist() == [1.0, 1.0, 1.0]
facts["answer_name_kept"] = ns["mutate"].__name__ == "mutate"
import copy

facts["copy_repaired"] = copy.deepcopy.__module__ == "copy"
facts["hooks_after_finish"] = len(shell.events.callbacks["post_run_cell"])
cell("results_by_otters_last_cell", export)
facts["results_written"] = results_pkl.read_text() if results_pkl.exists() else None
cell("results_second_write", export)

sys.__stdout__.write("\n=== GUARD SCENARIOS ===\n" + json.dumps({"results": results,
                                                                 "facts": facts}) + "\n")
sys.__stdout__.flush()
'''


@dataclass
class Run:
    results: dict
    facts: dict
    printed: str  # what reached the real stdout before the report
    events: list  # (kind, detail) lines of the events file
    outside: Path
    work: Path


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One guarded process running every scenario of SCRIPT (about 6 s)."""
    base = tmp_path_factory.mktemp("guard")
    sandbox, events, outside = base / "sandbox", base / "events.tsv", base / "outside"
    work = sandbox / "work"
    (work / "tests").mkdir(parents=True)
    (work / "tests" / "q1.py").write_text(HIDDEN_TEST)
    outside.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DLCOURSE_GRADE_")}
    env.update(DLCOURSE_GRADE_ROOT=str(sandbox), DLCOURSE_GRADE_EVENTS=str(events),
               DLCOURSE_GRADE_MAX_OUTPUT=str(MAX_OUTPUT), PYTHONDONTWRITEBYTECODE="1",
               IPYTHONDIR=str(sandbox / ".ipython"),
               DLCOURSE_GRADE_RESULTS_DIR=str(base / "results"),
               DLCOURSE_GRADE_ANSWERS='["mutate"]')
    (base / "results").mkdir()
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(outside)], cwd=work, env=env,
                          capture_output=True, text=True, timeout=180)
    assert MARKER in proc.stdout, (f"the scenario script did not finish (rc {proc.returncode})"
                                   f"\nstdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}")
    printed, report = proc.stdout.split(MARKER)
    data = json.loads(report)
    lines = events.read_text().splitlines() if events.exists() else []
    return Run(data["results"], data["facts"], printed,
               [tuple(line.split("\t", 1)) for line in lines], outside, work)


def _events(run, kind, text=""):
    return [d for k, d in run.events if k == kind and text in d]


def _expect(run, name, outcome):
    got = run.results.get(name, "(scenario did not run)")
    assert got == outcome, f"scenario {name}: expected {outcome}, got {got}"


def test_install_needs_grade_root_and_finish_needs_install(run):
    assert run.facts["finish_before_install"].startswith("RuntimeError"), \
        f"finish() before install(): {run.facts['finish_before_install']}"
    assert run.facts["install_without_root"].startswith("RuntimeError"), \
        f"install() without DLCOURSE_GRADE_ROOT: {run.facts['install_without_root']}"


# writes ----------------------------------------------------------------------------------------

def test_student_write_outside_sandbox_is_refused_and_recorded(run):
    _expect(run, "write_outside", "PermissionError")
    assert not run.facts["outside_created"], "the refused file was created anyway"
    assert _events(run, "write", str(run.outside / "new.txt")), \
        f"no write event for the refused file: {run.events}"


def test_student_cannot_remove_or_move_files_outside(run):
    _expect(run, "remove_outside", "PermissionError")
    assert run.facts["outside_kept"], "a file outside the sandbox was removed"
    _expect(run, "rename_outside", "PermissionError")


def test_student_write_inside_sandbox_is_allowed(run):
    _expect(run, "write_inside", "ok")
    assert run.facts["inside_created"], "the file or folder written inside the sandbox is missing"


def test_student_cannot_write_the_hidden_tests(run):
    _expect(run, "write_tests", "PermissionError")
    assert not run.facts["tests_file_created"], "a file was created in tests/"
    _expect(run, "overwrite_test", "PermissionError")
    _expect(run, "remove_test", "PermissionError")
    assert run.facts["test_intact"] == HIDDEN_TEST, f"tests/q1.py changed: {run.facts}"
    assert (run.work / "tests" / "q1.py").read_text() == HIDDEN_TEST


def test_student_cannot_write_the_events_file(run):
    _expect(run, "write_events", "PermissionError")
    assert not any("forged" in k for k, _ in run.events), f"forged event: {run.events}"


# reads -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["read_test", "read_test_absolute", "glob_tests",
                                  "listdir_tests", "scandir_tests", "read_events",
                                  "read_solutions"])
def test_student_cannot_read_or_list_hidden_files(run, name):
    _expect(run, name, "PermissionError")


def test_refused_read_is_recorded(run):
    assert _events(run, "read", "q1.py"), f"no read event for tests/q1.py: {run.events}"
    assert _events(run, "read", "listing the hidden tests"), f"no listing event: {run.events}"


def test_student_reads_inside_sandbox_and_lists_cwd(run):
    _expect(run, "read_inside", "ok")
    _expect(run, "listdir_cwd", "ok")


def test_library_code_alone_may_read_the_tests(run):
    """With no notebook frame on the stack (otter's own loading, say) the read is allowed."""
    assert run.facts["library_read"] == "ok", run.facts["library_read"]
    assert run.facts["library_read_text"] == HIDDEN_TEST


def test_any_student_frame_on_the_stack_makes_it_a_student_read(run):
    """Library code called from a cell, or a cell's function called by library code, is refused."""
    _expect(run, "library_reads_for_student", "PermissionError")
    _expect(run, "library_calls_student_reader", "PermissionError")


def test_otter_nearer_than_the_student_may_read(run):
    """reader(): whichever of otter and the student is nearer on the stack decides."""
    _expect(run, "otter_reads_for_student", "ok")
    _expect(run, "otter_calls_student_reader", "PermissionError")


# processes, signals, exits -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["subprocess_run", "os_system", "ipython_process"])
def test_student_cannot_start_processes(run, name):
    _expect(run, name, "PermissionError")


def test_process_refusal_is_recorded_and_library_may_start_processes(run):
    assert _events(run, "process"), f"no process event: {run.events}"
    assert run.facts["library_subprocess"] == "ok", run.facts["library_subprocess"]


def test_student_cannot_signal_the_kernel(run):
    _expect(run, "signal_kernel", "PermissionError")
    assert _events(run, "signal"), f"no signal event: {run.events}"


def test_os_exit_becomes_system_exit(run):
    _expect(run, "os_exit", "SystemExit(3)")
    assert run.facts["alive_after_exit"], "the process did not survive os._exit"
    assert _events(run, "exit", "os._exit"), f"no exit event: {run.events}"


# tampering ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["replace_checks_close", "replace_grading_close",
                                  "replace_assert_allclose", "delete_assert_allclose",
                                  "replace_numpy_function", "rename_class"])
def test_student_cannot_replace_what_the_tests_use(run, name):
    _expect(run, name, "PermissionError")


def test_refused_replacements_leave_the_originals(run):
    assert run.facts["close_intact"], "dlcourse.grading.checks.close was replaced"
    assert run.facts["assert_allclose_intact"], "numpy.testing.assert_allclose was replaced"
    assert _events(run, "tamper", "dlcourse.grading.checks.close"), \
        f"no tamper event for checks.close: {run.events}"


def test_student_may_add_new_attributes_and_library_may_replace(run):
    _expect(run, "new_numpy_attribute", "ok")
    assert run.facts["new_numpy_attribute"], "numpy.my_helper was not set"
    assert run.facts["library_replaces"] == "ok", run.facts["library_replaces"]


# finish() ---------------------------------------------------------------------------------------

def test_finish_repairs_rebound_names_and_unseen_replacements(run):
    _expect(run, "rebind_np", "ok")
    assert run.facts["np_repaired"], "finish() did not put numpy back under the name np"
    assert _events(run, "repaired", "'np'"), f"no repaired event for np: {run.events}"
    assert run.facts["dict_route_took"], "the scenario's replacement through __dict__ failed"
    assert run.facts["assert_allclose_repaired"], "finish() left assert_allclose replaced"
    assert _events(run, "repaired", "numpy.testing.assert_allclose"), \
        f"no repaired event for assert_allclose: {run.events}"


# output ----------------------------------------------------------------------------------------

def test_output_past_the_cap_is_dropped(run):
    _expect(run, "print_flood", "ok")
    written = run.printed.count("@")
    assert 0 < written <= MAX_OUTPUT, \
        f"{written} of 250 printed characters reached stdout with a cap of {MAX_OUTPUT}"
    assert f"output past {MAX_OUTPUT:,} characters dropped" in run.printed, run.printed[-500:]
    assert _events(run, "output"), f"no output event: {run.events}"


# gaps found by these tests, then closed -------------------------------------------------------

@pytest.mark.parametrize("name", ["thread_read", "thread_process", "thread_tamper"])
def test_work_handed_to_a_thread_is_still_the_students(run, name):
    _expect(run, name, "PermissionError")


@pytest.mark.parametrize("name", ["timed_process", "timed_tamper"])
def test_code_run_by_the_time_magic_is_still_the_students(run, name):
    _expect(run, name, "PermissionError")


def test_student_may_copy_a_readable_file_into_the_sandbox(run):
    _expect(run, "copy_into_sandbox", "ok")


@pytest.mark.parametrize("name, what", [
    ("replace_class_attribute", "CheckFailed.__str__"),
    ("replace_otter_method", "Notebook.check"),
    ("patch_doctest_runner", "DocTestRunner.summarize"),
])
def test_patched_classes_are_put_back_and_recorded(run, name, what):
    """Python reports no event for an ordinary class attribute: the guard compares the
    classes the tests use with their state at install() and puts back what changed."""
    assert _events(run, "tamper", what), f"{name}: no tamper event for {what}: {run.events}"


def test_finish_repairs_a_patched_doctest_runner(run):
    assert run.facts["doctest_runner_repaired"], \
        "doctest.DocTestRunner.summarize still fake after finish(): every otter test would pass"


# frames, Keras, IPython hooks, otter's results --------------------------------------------------

@pytest.mark.parametrize("name", ["getframe", "current_frames", "tb_frame", "gi_frame",
                                  "inspect_frame", "inspect_stack", "traceback_stack",
                                  "logging_stack", "gc_objects", "gc_referrers", "settrace",
                                  "thread_frames"])
def test_student_code_gets_no_frame_and_is_recorded_as_tampering(run, name):
    _expect(run, name, "PermissionError")
    assert _events(run, "tamper", "frames or objects"), run.events


@pytest.mark.parametrize("name", ["namedtuple", "enum_class", "raise_and_catch"])
def test_library_use_of_frames_on_a_students_behalf_is_allowed(run, name):
    """namedtuple, enum and exceptions use frames themselves and hand none to the cell."""
    _expect(run, name, "ok")


def test_the_library_itself_may_read_frames(run):
    assert run.facts["library_getframe"] == "ok", run.facts["library_getframe"]


def test_an_answer_that_reads_the_checks_frame_fails_before_it_runs(run):
    assert run.results["check_on_sneaky"].startswith("CheckFailed"), run.results
    assert "Sneaky, a class defined in the notebook" in run.results["check_on_sneaky"]
    # a function answer runs (it is the answer), but its frame request is refused
    assert run.results["function_on_sneaky"].startswith("CheckFailed: function raised "
                                                       "PermissionError"), run.results


@pytest.mark.parametrize("name", ["replace_keras_function", "replace_dlcourse_function",
                                  "replace_library_code"])
def test_student_cannot_replace_what_references_use(run, name):
    _expect(run, name, "PermissionError")
    assert run.facts["keras_intact"]


def test_a_method_added_to_a_keras_class_is_removed_and_recorded(run):
    assert run.facts["keras_class_repaired"], "Dense.count_params is still the student's"
    assert _events(run, "tamper", "Dense.count_params"), run.events


def test_a_students_ipython_hook_is_removed_and_recorded(run):
    assert run.facts["hooks_after_finish"] < run.facts["hooks_after_cell"], run.facts
    assert _events(run, "tamper", "IPython hook"), run.events


def test_only_otters_last_cell_writes_the_results_once(run):
    _expect(run, "results_before_finish", "PermissionError")
    _expect(run, "results_by_otters_last_cell", "ok")
    assert run.facts["results_written"] == "results", run.facts
    _expect(run, "results_second_write", "PermissionError")
    assert _events(run, "tamper", "otter's results file"), run.events


@pytest.mark.parametrize("name", ["write_module_file", "patch_module_by_parameter",
                                  "monkeypatch_laundering"])
def test_python_files_and_library_patches_are_refused(run, name):
    """A module file an import would run; a library changed through a parameter or through
    pytest's monkeypatch (a library acting for the cell)."""
    _expect(run, name, "PermissionError")


def test_a_function_written_into_a_module_dict_is_put_back(run):
    _expect(run, "patch_module_dict", "ok")  # no event for a dict write: found at the check
    assert run.facts["copy_repaired"], "copy.deepcopy is still the student's"
    assert _events(run, "tamper", "copy.deepcopy"), run.events


def test_answer_functions_get_copies_of_the_tests_arrays(run):
    """A test calls `l1_loss(y, y_hat)` and then computes its reference from `y_hat`: the
    student's function must not be able to change what the reference sees."""
    assert run.facts["answer_result"] == 7.0
    assert run.facts["answer_input_kept"], "the answer changed the test's array"
    assert run.facts["answer_name_kept"]


def test_a_thread_cannot_write_while_the_guard_repairs(run):
    assert not run.facts["race_file_created"], "a student's thread wrote during a repair"
    assert _events(run, "write", "race.txt"), run.events
