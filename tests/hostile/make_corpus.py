"""Regenerates the hostile submission corpus for notebook 01 (run from the repository root).

    .venv/bin/python tests/hostile/make_corpus.py

Every submission starts from the released student notebook
`notebooks/01_neurons_activations_losses.ipynb`, with the answers filled in
from the master (otter assign's autograder copy, solution markers removed),
then breaks it in one way. `tests/test_grading_hostile.py` grades them all
and states what each must score and why.
"""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
NAME = "01_neurons_activations_losses"
HERE = Path(__file__).resolve().parent


def correct() -> nbformat.NotebookNode:
    """The released notebook with every answer cell taken from the master."""
    student = nbformat.read(ROOT / "notebooks" / f"{NAME}.ipynb", as_version=4)
    with tempfile.TemporaryDirectory() as tmp:
        master = nbformat.read(ROOT / "solutions" / f"{NAME}.ipynb", as_version=4)
        for cell in master.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(master, Path(tmp) / "m.ipynb")
        subprocess.run([sys.executable, "-m", "otter", "assign", "--no-run-tests", "m.ipynb",
                        "out"], cwd=tmp, check=True, capture_output=True)
        answers = nbformat.read(Path(tmp) / "out" / "autograder" / "m.ipynb", as_version=4)
        plain = nbformat.read(Path(tmp) / "out" / "student" / "m.ipynb", as_version=4)
    filled = {c.source: a.source for c, a in zip(plain.cells, answers.cells, strict=True)
              if c.source != a.source}
    for cell in student.cells:
        if cell.source in filled:
            cell.source = re.sub(r"\s*# SOLUTION\s*$", "", filled[cell.source], flags=re.M)
    return student


def code_index(nb, needle: str) -> int:
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and needle in c.source)


def with_cell(nb, after: str, source: str, *, before: bool = False,
              answers_removed: bool = False):
    """`source` as a new cell after (or before) the cell holding `after`. With
    `answers_removed`, the answer cells the new cell redefines are left out, so its answers
    are the ones checked."""
    nb = copy.deepcopy(nb)
    i = code_index(nb, after)
    nb.cells.insert(i if before else i + 1, nbformat.v4.new_code_cell(source))
    if answers_removed:
        defined = set(re.findall(r"^(?:def |)(\w+)\s*(?:=|\()", source, flags=re.M))
        new = nb.cells[i if before else i + 1]
        nb.cells = [c for c in nb.cells if c is new or c.cell_type != "code" or not (
            set(re.findall(r"^(?:def |)(\w+)\s*(?:=|\()", c.source, flags=re.M)) & defined
            and "grader" not in c.source and "import" not in c.source)]
    return nb


def wrong_z(nb):
    """q1 answered wrongly (z off by one): 2 of 22 points lost."""
    nb = copy.deepcopy(nb)
    i = code_index(nb, "z = np.dot(w, x) + b")
    right = "z = np.dot(w, x) + b"
    nb.cells[i].source = nb.cells[i].source.replace(right, right + " + 1")
    return nb


# Reaches a frame without a name the scan knows: the runtime guard must refuse it.
FETCH = ("import functools\nimport sys\n"
         "attr = functools.partial(functools.reduce, getattr)  # getattr as a value\n"
         "get_frame = attr(['_get' + 'frame'], sys)\n")

ANSWER_OBJECTS = """
class Answer(float):
    # agrees with anything: equal to every expected value, and 14.0 as a number
    def __eq__(self, other):
        return True

    def __hash__(self):
        return 0

    def __float__(self):
        return 14.0

    def __array__(self, dtype=None, copy=None):
        return np.asarray(14.0, dtype=dtype)


z = Answer(0.0)
sigmoid = tanh = relu = leaky_relu = lambda v: Answer(0.0)
d_sigmoid = d_tanh = d_relu = d_leaky_relu = lambda v: Answer(0.0)
l1_loss = l2_loss = cross_entropy = lambda y, y_hat: Answer(0.0)


def unit_gradient(w, b, x, t):
    return Answer(0.0), Answer(0.0)
"""

FRAME_READER = FETCH + """
def reference_of_caller(*args):
    frame = get_frame(2)
    return attr(['f_locals'], frame)['reference'](*args)


sigmoid = tanh = relu = leaky_relu = reference_of_caller
d_sigmoid = d_tanh = d_relu = d_leaky_relu = reference_of_caller
"""

PATCHED_REFERENCE = """
def lazy_sigmoid(v):
    return v * 0.0


for module in [keras.activations]:
    module.sigmoid = lazy_sigmoid  # the test's reference now agrees with a wrong answer
sigmoid = lazy_sigmoid
"""

IPYTHON_HOOK = """
import functools

import IPython

shell = functools.reduce(getattr, ['get_' + 'ipython'], IPython)()


def after_every_cell(result):
    result.info.raw_cell  # runs after every cell, the checks and otter's last cell included


shell.events.register('post_run_cell', after_every_cell)
"""

FORGE_RESULTS = """
import glob
import os
import tempfile
import threading
import time


def forge():
    for _ in range(600):
        for folder in {tempfile.gettempdir(), '/tmp'}:
            for path in glob.glob(os.path.join(folder, '*.pkl')):
                try:
                    with open(path, 'wb') as f:
                        f.write(b'forged results')
                except OSError:
                    pass
        time.sleep(0.05)


threading.Thread(target=forge, daemon=True).start()
"""


OTTER_LOG_SOCKET = """
import logging

# otter's logs go to a socket of otter's own process, which unpickles what it receives
code = "open('/tmp/dlcourse-hostile-log-socket.txt', 'w').write('ran in otter')"
payload = b"cbuiltins\\nexec\\n(V" + code.encode() + b"\\ntR."
for logger in list(logging.Logger.manager.loggerDict.values()):
    for handler in getattr(logger, "handlers", []):
        if type(handler).__name__ == "SocketHandler":
            handler.send(len(payload).to_bytes(4, "big") + payload)
"""

GUARD_RECONFIGURED = """
from dlcourse import grading

state = grading.guard._state  # the guard's own settings, to switch it off
"""

LIBRARY_LAUNDERING = """
from _pytest.monkeypatch import MonkeyPatch

MonkeyPatch().setattr(np, "allclose", lambda *a, **k: True)
"""

MODULE_BY_PARAMETER = """
def fake_rng(*args, **kwargs):
    return np.random.Generator(np.random.PCG64(0))


def install(module):
    module.default_rng = fake_rng  # a module reached through a parameter: the scan cannot tell


install(np.random)
"""

MUTATED_INPUTS = """
def l1_loss(y, y_hat):
    y_hat[...] = y  # the test then computes its reference from the same arrays
    return 0.0


def unit_gradient(w, b, x, t):
    w[...] = 100.0
    x[...] = 100.0
    return np.zeros(len(x)), 0.0
"""

FORBID_EVASION = """
def lib(module):
    return module


K = lib(tf)


def sigmoid(z):
    return [keras][0].activations.sigmoid(z).numpy()


def d_sigmoid(z):
    z = K.constant(z)
    with K.GradientTape() as tape:
        tape.watch(z)
        s = 1 / (1 + K.exp(-z))
    return tape.gradient(s, z).numpy()


def l1_loss(y, y_hat):
    return float(keras._tf_keras.keras.losses.MeanAbsoluteError()(y, y_hat))


def unit_gradient(w, b, x, t):
    w, b = tf.Variable(w, dtype=tf.float64), tf.Variable(b, dtype=tf.float64)
    with tf.autodiff.GradientTape() as tape:
        loss = (tf.sigmoid(tf.tensordot(w, tf.constant(x, tf.float64), 1) + b) - t) ** 2
    dw, db = tape.gradient(loss, [w, b])
    return dw.numpy(), db.numpy()
"""

MODULE_FILE = """
from pathlib import Path

Path("my_helpers.py").write_text("from keras.activations import sigmoid")
from my_helpers import sigmoid  # noqa: E402
"""


def forbid_routes(nb):
    """q2..q5 call what they must write by hand, each by another route (01's CHEATS)."""
    import runpy

    nb = copy.deepcopy(nb)
    cheats = runpy.run_path(str(ROOT / "tests" / "wrong_answers" / f"{NAME}.py"))["CHEATS"]
    for _, right, wrong in cheats:
        right = re.sub(r"\s*# SOLUTION\s*$", "", right, flags=re.M)
        wrong = re.sub(r"\s*# SOLUTION\s*$", "", wrong, flags=re.M)
        hits = [c for c in nb.cells if right in c.source]
        assert len(hits) == 1, right
        hits[0].source = hits[0].source.replace(right, wrong)
    return nb


def first_questions(nb, last_check: str = 'grader.check("q5")'):
    """`nb` with only q1..q5 answered: the later answer cells as released (`...`). Every trick
    here targets q1..q5, and leaving the later answers out (deep networks measured across
    depth) keeps each of the ~70 gradings of the corpus about as cheap as notebook 01 was
    when the corpus was written. The later questions score 0."""
    nb = copy.deepcopy(nb)
    released = nbformat.read(ROOT / "notebooks" / f"{NAME}.ipynb", as_version=4)
    last = code_index(nb, last_check)
    for cell, plain in zip(nb.cells[last + 1:], released.cells[last + 1:], strict=True):
        cell.source = plain.source
    return nb


def main() -> None:
    ok = first_questions(correct())
    last = "def unit_gradient"
    cases = {
        "correct": ok,
        "wrong_q1": wrong_z(ok),
        "empty": nbformat.v4.new_notebook(),
        "other_assignment": nbformat.read(ROOT / "notebooks" / "03_representation_binary.ipynb",
                                          as_version=4),
        "deleted_test_cells": _without(ok, lambda c: "grader.check" in c.source
                                       or "load_checks(" in c.source),
        "edited_test_cells": _edited(wrong_z(ok)),
        "redefined_grader_check": with_cell(wrong_z(ok), "load_checks(",
                                            "grader.check = lambda *args, **kwargs: None"),
        "patched_dlcourse_check": with_cell(
            wrong_z(ok), "load_checks(",
            "from dlcourse.grading import checks\n"
            "checks.close = lambda *args, **kwargs: None\n"
            "checks.equal = lambda *args, **kwargs: None"),
        "patched_assert": with_cell(
            wrong_z(ok), "load_checks(",
            "np.testing.assert_allclose = lambda *args, **kwargs: None"),
        "patched_by_alias": with_cell(
            wrong_z(ok), "load_checks(",
            "from dlcourse import grading as g\n"
            "mods = [g]\n"
            "for m in mods:\n"
            "    m.checks.close = lambda *args, **kwargs: None\n"),
        "infinite_loop": with_cell(ok, last, "while True:\n    pass"),
        "memory_bomb": with_cell(ok, last, "hog = []\nwhile True:\n"
                                 "    hog.append(np.ones(50_000_000))"),
        "sys_exit": with_cell(ok, "def l1_loss", "import sys\nsys.exit(0)", before=True),
        "os_exit": with_cell(ok, "def l1_loss", "import os\nos._exit(0)", before=True),
        # a C stack overflow: Python's own recursion limit lifted, repr of a deep list
        "kernel_crash": with_cell(ok, last, "import sys\nsys.setrecursionlimit(10 ** 8)\n"
                                  "nested = []\nfor _ in range(3_000_000):\n"
                                  "    nested = [nested]\nrepr(nested)"),
        "huge_output": with_cell(ok, last, "for _ in range(3000):\n    print('x' * 100_000)"),
        "write_outside": with_cell(
            ok, last, "from pathlib import Path\n"
            "target = Path('../' * 12 + 'tmp') / 'dlcourse-hostile-escape.txt'\n"
            "try:\n    target.write_text('escaped')\nexcept OSError as e:\n    print(e)"),
        "read_hidden_tests": with_cell(
            wrong_z(ok), last, "import glob\n"
            "for path in glob.glob('tests/*.py') + glob.glob('../**/*.py', recursive=True):\n"
            "    try:\n        print(open(path).read()[:200])\n"
            "    except OSError as e:\n        print(e)"),
        "read_bundle": with_cell(
            wrong_z(ok), last, "import glob, zipfile\n"
            "for path in glob.glob('/tmp/*/*.zip') + glob.glob('../../../../*.zip'):\n"
            "    try:\n        print(zipfile.ZipFile(path).namelist())\n"
            "    except OSError as e:\n        print(e)"),
        # answers of the notebook's own class, which would read the check's frame
        "answer_objects": with_cell(ok, "z = np.dot(w, x) + b", ANSWER_OBJECTS, before=True,
                                    answers_removed=True),
        # functions that call the reference they find in the check's frame
        "frame_reader": with_cell(ok, last, FRAME_READER),
        # a frame through a route the scan names: not run at all
        "frames_by_traceback": with_cell(
            ok, last, "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n"
            "    frame = e.__traceback__.tb_frame"),
        # "write it yourself" answers that call the reference: those questions score 0
        "forbid_routes": forbid_routes(ok),
        "forbid_computed_getattr": with_cell(
            ok, last, "def sigmoid(z):\n    return getattr(keras.activations, 'sig' + 'moid')(z)"),
        # the test's reference replaced so that a wrong answer matches it
        "patched_reference": with_cell(ok, last, PATCHED_REFERENCE),
        # code that would run after every cell, next to the checks and otter's results
        "ipython_hook": with_cell(ok, last, IPYTHON_HOOK),
        # a thread that overwrites otter's results file
        "forge_results": with_cell(ok, last, FORGE_RESULTS),
        # found by the red-team pass: each is one class of attack
        "otter_log_socket": with_cell(_blank(ok), last, OTTER_LOG_SOCKET),
        "guard_reconfigured": with_cell(_blank(ok), last, GUARD_RECONFIGURED),
        "library_laundering": with_cell(_blank(ok), last, LIBRARY_LAUNDERING),
        "module_by_parameter": with_cell(ok, last, MODULE_BY_PARAMETER),
        "mutated_inputs": with_cell(ok, "def l1_loss", MUTATED_INPUTS, before=True,
                                    answers_removed=True),
        "forbid_evasion": with_cell(ok, last, FORBID_EVASION),
        "module_file": with_cell(ok, last, MODULE_FILE),
    }
    for name, nb in cases.items():
        nbformat.write(nb, HERE / f"{name}.ipynb")
    (HERE / "invalid_json.ipynb").write_text(json.dumps(ok)[:5000])
    print(f"wrote {len(cases) + 1} submissions to {HERE}")


def _blank(nb):
    """The released notebook with no answers at all (what the trick must earn points for)."""
    return nbformat.read(ROOT / "notebooks" / f"{NAME}.ipynb", as_version=4)


def _without(nb, drop):
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and drop(c))]
    return nb


def _edited(nb):
    """Test cells rewritten to print success; the embedded public tests emptied."""
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if "load_checks(" in cell.source:
            cell.source = ("from dlcourse import grading\n"
                           "grader = grading.load_checks({})")
        elif "grader.check(" in cell.source:
            cell.source = re.sub(r'grader\.check\("(\w+)"\)',
                                 r'print("\1: All test cases passed!")', cell.source)
    return nb


if __name__ == "__main__":
    main()
