"""The static scan `dlcourse grade` runs before a submission: hostile code flagged, honest not."""

import doctest
import json
import re
from pathlib import Path

import pytest

from dlcourse import build, config
from dlcourse.grading import scan as scan_module
from dlcourse.grading.scan import Finding, scan, scan_source

ROOT = Path(__file__).resolve().parents[1]
MASTERS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def _messages(source):
    return [message for _, message in scan_source(source)]


# (hostile cell, what one of its findings must mention)
HOSTILE = [
    # routes the red-team pass found: names held in data, libraries acting for the cell
    ("import operator, sys\noperator.attrgetter('_getframe')(sys)", "attrgetter"),
    ("from operator import attrgetter", "imports operator.attrgetter"),
    ("import functools, sys\nfunctools.reduce(getattr, ['_getframe'], sys)",
     "passes getattr around as a value"),
    ("sa = setattr", "passes setattr around"),
    ("import string, sys\nstring.Formatter().get_field('0._getframe', (sys,), {})", "get_field"),
    ("import numpy as np\nnp._core.fromnumeric.x = 1", "np._core"),
    ("import numpy as np\nf = np._core", "np._core (a library's private name)"),
    ("import copy\ncopy.deepcopy = lambda x, memo=None: x", "changes the library copy"),
    ("import __main__ as M\nM.sigmoid = print", "imports __main__"),
    ("from _pytest.monkeypatch import MonkeyPatch", "imports _pytest.monkeypatch"),
    ("from dlcourse import grading\nstate = grading.guard._state", "the grader's own code"),
    ("import logging\nlogging.Logger.manager.loggerDict", "loggerDict"),
    ("shell = exit._ip", "_ip"),
    # frames: the grader's locals, and through linecache the hidden tests' source
    ("import sys\nf = sys._getframe(1)", "sys._getframe"),
    ("import sys as s\ns._current_frames()", "s._current_frames"),
    ("from sys import _getframe\n_getframe()", "imports sys._getframe"),
    ("try:\n    1/0\nexcept Exception as e:\n    tb = e.__traceback__", "__traceback__"),
    ("import sys\nframe = sys.exc_info()[2].tb_frame", "tb_frame"),
    ("def g():\n    yield\nx = g().gi_frame.f_back.f_locals", "gi_frame"),
    ("frame = caller.f_back", "f_back"),
    ("import traceback\ntraceback.extract_stack()", "imports traceback"),
    ("import logging\nlogging.warning('x', stack_info=True)", "stack_info"),
    ("import logging\nlogging.currentframe()", "currentframe"),
    ("import threading\nthreading.settrace(print)", "settrace"),
    ("import IPython\nIPython.get_ipython().events.register('post_run_cell', print)",
     "get_ipython"),
    ("from IPython import get_ipython as g\ng()", "get_ipython"),
    ("from IPython.core import interactiveshell", "imports IPython.core"),
    # what the references are computed with
    ("from keras import activations as A\nA.sigmoid = lambda z: z", "assigns A.sigmoid"),
    ("import tensorflow.nn as n\nn.relu = abs", "assigns n.relu"),
    # attributes of protected modules, assigned or deleted
    ("import numpy as np\nnp.testing.assert_allclose = lambda *a, **k: None",
     "np.testing.assert_allclose"),
    ("np.allclose = lambda *a, **k: True", "assigns np.allclose"),
    ("import numpy\nnumpy.testing.assert_array_equal = print",
     "numpy.testing.assert_array_equal"),
    ("import numpy.testing as npt\nnpt.assert_allclose = print", "assigns npt.assert_allclose"),
    ("from numpy import testing\ntesting.assert_allclose = print",
     "assigns testing.assert_allclose"),
    ("del np.testing.assert_allclose", "deletes np.testing.assert_allclose"),
    ("np.pi += 1", "assigns np.pi"),
    ("a, np.e = 1, 2", "assigns np.e"),
    ("from dlcourse.grading import checks\nchecks.close = lambda *a, **k: None",
     "assigns checks.close"),
    ("from dlcourse.grading import checks as c\ndel c.close", "deletes c.close"),
    ("from dlcourse import grading\ngrading.equal = print", "assigns grading.equal"),
    ("import dlcourse.grading.checks\ndlcourse.grading.checks.close = print",
     "assigns dlcourse.grading.checks.close"),
    ("import otter\notter.Notebook.check = print", "assigns otter.Notebook.check"),
    ("import builtins\nbuiltins.print = len", "assigns builtins.print"),
    ("import sys\nsys.exit = print", "assigns sys.exit"),
    ("import os\nos._exit = print", "assigns os._exit"),
    ("import os as o\ndel o.environ", "deletes o.environ"),
    ("import doctest\ndoctest.DocTestRunner.run = print", "assigns doctest.DocTestRunner.run"),
    ("import pickle\npickle.loads = print", "assigns pickle.loads"),
    # names the tests rely on, rebound to something else
    ("np = object()", "assigns the name 'np'"),
    ("tf = None", "assigns the name 'tf'"),
    ("keras = 1", "assigns the name 'keras'"),
    ("grading = None", "assigns the name 'grading'"),
    ("dlcourse = 0", "assigns the name 'dlcourse'"),
    ("otter = 0", "assigns the name 'otter'"),
    ("np: int = 3", "assigns the name 'np'"),
    ("(np := 3)", "assigns the name 'np'"),
    ("del np", "deletes the name 'np'"),
    ("for np in range(3):\n    pass", "loops over the name 'np'"),
    ("for i, tf in enumerate([1]):\n    pass", "loops over the name 'tf'"),
    ("with open('f') as np:\n    pass", "binds the name 'np'"),
    ("def np():\n    pass", "defines 'np'"),
    ("async def tf():\n    pass", "defines 'tf'"),
    ("class keras:\n    pass", "defines 'keras'"),
    ("import json as np", "binds the name 'np' to json, not numpy"),
    ("import numpy as tf", "binds the name 'tf' to numpy, not tensorflow"),
    ("from json import loads as keras", "binds the name 'keras'"),
    ("from dlcourse import checks as grading", "binds the name 'grading'"),
    ("from numpy import *", "imports * from numpy"),
    ("from dlcourse.grading import *", "imports * from dlcourse.grading"),
    ("from os import *", "imports * from os"),
    ("from tensorflow import *", "imports * from tensorflow"),
    # forbidden imports
    ("import otter", "imports otter"),
    ("from otter import Notebook", "imports otter.Notebook"),
    ("import importlib", "imports importlib"),
    ("from importlib import reload", "imports importlib.reload"),
    ("import importlib.util", "imports importlib.util"),
    ("import ctypes", "imports ctypes"),
    ("import gc", "imports gc"),
    ("import inspect", "imports inspect"),
    ("from unittest import mock", "imports unittest.mock"),
    ("import unittest.mock", "imports unittest.mock"),
    ("from unittest.mock import patch", "imports unittest.mock.patch"),
    ("import builtins", "imports builtins"),
    ("import subprocess", "imports subprocess"),
    ("from subprocess import run", "imports subprocess.run"),
    ("import multiprocessing", "imports multiprocessing"),
    ("import signal", "imports signal"),
    ("import posix", "imports posix"),
    ("import pty", "imports pty"),
    ("import dlcourse.grading.guard", "imports dlcourse.grading.guard"),
    ("from dlcourse.grading import guard", "imports dlcourse.grading.guard"),
    ("from dlcourse.grading import scan", "imports dlcourse.grading.scan"),
    # calls no exercise needs
    ("setattr(np, 'pi', 3)", "calls setattr()"),
    ("delattr(np, 'pi')", "calls delattr()"),
    ("exec('x = 1')", "calls exec()"),
    ("eval('1 + 1')", "calls eval()"),
    ("code = compile('1', 'f', 'eval')", "calls compile()"),
    ("os = __import__('os')", "calls __import__()"),
    ("globals()['np'] = None", "calls globals()"),
    ("vars(np)['pi'] = 3", "calls vars()"),
    ("locals()", "calls locals()"),
    ("breakpoint()", "calls breakpoint()"),
    ("ip = get_ipython()", "calls get_ipython()"),
    ("name = 'testing'\ngetattr(np, name)", "getattr() with a computed or private name"),
    ("getattr(np, 'tes' + 'ting')", "getattr() with a computed or private name"),
    ("getattr(grader, '_tests_dir')", "getattr() with a computed or private name"),
    ("getattr(np, '__dict__')", "getattr() with a computed or private name"),
    # double-underscore attributes and names
    ("np.__dict__['pi'] = 3", "uses np.__dict__"),
    ("f.__code__ = g.__code__", "uses f.__code__"),
    ("g = f.__globals__", "uses f.__globals__"),
    ("cls = x.__class__", "uses x.__class__"),
    ("object.__subclasses__()", "uses object.__subclasses__"),
    ("().__class__.__bases__[0]", "__bases__"),
    ("b = __builtins__", "uses __builtins__"),
    ("__builtins__['print'] = len", "assigns __builtins__[...]"),
    ("spec = __spec__", "uses __spec__"),
    ("__loader__", "uses __loader__"),
    # sys and the interpreter's hooks
    ("import sys\nsys.modules['numpy'] = None", "sys.modules"),
    ("import sys\nsys.stdout = open('out.txt', 'w')", "sys.stdout"),
    ("import sys\nsys.settrace(print)", "uses sys.settrace"),
    ("import sys\nsys.addaudithook(print)", "uses sys.addaudithook"),
    ("import sys\nframe = sys._getframe(1)", "uses sys._getframe"),
    ("import sys as s\ns.modules.pop('numpy')", "uses s.modules"),
    ("from sys import modules\nmodules['numpy'] = None", "assigns modules[...]"),
    # the shell, processes and magics
    ("!ls", "runs the shell or a magic (!ls)"),
    ("x = !ls", "runs the shell or a magic (!ls)"),
    ("%%bash\nls", "runs the shell or a magic (%bash)"),
    ("%%script sh\nls", "runs the shell or a magic (%script)"),
    ("%system ls", "runs the shell or a magic (%system)"),
    ("%sx ls", "runs the shell or a magic (%sx)"),
    ("%pip install x", "runs the shell or a magic (%pip)"),
    ("%run other.py", "runs the shell or a magic (%run)"),
    ("%load_ext some_extension", "runs the shell or a magic (%load_ext)"),
    ("get_ipython().system('ls')", "runs the shell or a magic (!ls)"),
    ("import os\nos.system('ls')", "calls os.system()"),
    ("os.system('ls')", "calls os.system()"),
    ("import os\nos.popen('ls').read()", "calls os.popen()"),
    ("import os as o\no.execv('/bin/sh', ['sh'])", "calls o.execv()"),
    ("import os\npid = os.fork()", "calls os.fork()"),
    ("import os\nos.kill(os.getppid(), 9)", "calls os.kill()"),
    ("import subprocess\nsubprocess.run(['ls'])", "imports subprocess"),
    # hostile code inside an allowed cell magic's body
    ("%%time\nimport numpy as np\nnp.testing.assert_allclose = print",
     "(inside %%time, line 2) assigns np.testing.assert_allclose"),
    ("%%time\nimport subprocess", "(inside %%time, line 1) imports subprocess"),
    ("%%timeit\nsetattr(np, 'pi', 3)", "(inside %%timeit, line 1) calls setattr()"),
    ("%%capture\n!ls", "(inside %%capture, line 1) runs the shell or a magic (!ls)"),
    # the grader's private attributes
    ("grader._tests_dir = 'x'", "assigns grader._tests_dir"),
    ("grader._x", "uses grader._x (the grader's internals)"),
    ("print(grader._tests_dir)", "uses grader._tests_dir"),
    ("del grader._ignore_errors", "deletes grader._ignore_errors"),
]


@pytest.mark.parametrize("source, expected", HOSTILE, ids=[s for s, _ in HOSTILE])
def test_hostile_cell_is_flagged(source, expected):
    """Each hostile cell gets a finding, and the finding names what it does."""
    messages = _messages(source)
    assert messages, f"nothing flagged in hostile cell {source!r}"
    assert any(expected in m for m in messages), \
        f"no finding of {source!r} mentions {expected!r}; findings: {messages}"


def test_findings_give_the_line_of_the_cell():
    findings = scan_source("import numpy as np\n\nx = 1\nnp.testing.assert_allclose = print")
    assert [line for line, _ in findings] == [4], f"expected one finding on line 4: {findings}"


HONEST = {
    "numpy math": (
        "import numpy as np\n"
        "x = np.linspace(-3, 3, 7)\n"
        "y = np.where(x > 0, x, 0.2 * x) ** 2\n"
        "z = float(np.dot(x, y)) + np.mean(y)\n"
        "np.random.seed(0)\n"
        "np.set_printoptions(precision=3)\n"
        "print(np.__version__, z)\n"
        "np.testing.assert_allclose(y, y)\n"),
    "keras model": (
        "import keras\n"
        "model = keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),\n"
        "                          keras.layers.Dense(10, activation='softmax')])\n"
        "model.compile(optimizer='adam', loss='sparse_categorical_crossentropy',\n"
        "              metrics=['accuracy'])\n"
        "history = model.fit(X, y, epochs=2, validation_split=0.2, verbose=0)\n"
        "model.trainable = False\n"
        "for layer in model.layers:\n"
        "    layer.trainable = False\n"
        "    layer.kernel_regularizer = keras.regularizers.L2(0.01)\n"
        "model.optimizer.learning_rate = 1e-3\n"
        "print(history.history['val_accuracy'][-1])\n"),
    "custom layer": (
        "class Block(keras.layers.Layer):\n"
        "    def __init__(self, units, **kwargs):\n"
        "        super().__init__(**kwargs)\n"
        "        self.units = units\n"
        "\n"
        "    def call(self, x):\n"
        "        return x\n"
        "\n"
        "    def __repr__(self):\n"
        "        return f'{type(self).__name__}({self.units})'\n"),
    "gradient tape": (
        "import tensorflow as tf\n"
        "with tf.GradientTape() as tape:\n"
        "    loss = tf.reduce_mean(model(x) ** 2)\n"
        "grads = tape.gradient(loss, model.trainable_variables)\n"),
    "matplotlib": (
        "import matplotlib.pyplot as plt\n"
        "plt.rcParams['figure.figsize'] = (4, 3)\n"
        "plt.rcParams['x'] = 1\n"
        "fig, ax = plt.subplots()\n"
        "ax.plot([1, 2, 3])\n"
        "plt.show()\n"),
    "%matplotlib inline": "%matplotlib inline\nimport matplotlib.pyplot as plt",
    "%%time, honest body": "%%time\nhistory = model.fit(X, y, epochs=1, verbose=0)\n",
    "%time line magic": "%time history = model.fit(X, y, epochs=1, verbose=0)",
    "%timeit line magic": "%timeit np.dot(a, b)",
    "imports": (
        "import numpy as np\n"
        "import numpy\n"
        "import numpy.testing\n"
        "import tensorflow as tf\n"
        "from tensorflow import keras\n"
        "import keras.layers\n"
        "from dlcourse import grading, plots\n"
        "import dlcourse.grading as grading\n"
        "import sys\n"
        "import os\n"),
    "from tensorflow import keras": "from tensorflow import keras",
    "import tensorflow.keras as keras": "import tensorflow.keras as keras",
    "environment variable": "import os\nos.environ['X'] = '1'\nos.environ['TF_CPP'] = '2'",
    "sys.version": "import sys\nprint(sys.version)",
    "getattr with a literal": "getattr(obj, 'name')\ngetattr(layer, 'kernel', None)",
    "__name__": "if __name__ == '__main__':\n    print(np.__doc__[:10])",
    "grader.check": "grader.check('q1')\ngrader.check_all()",
    "rebinding grader (allowed)": "grader = something",
    "replacing grader.check (allowed)": "grader.check = lambda q: None",
    "ordinary names": "x: float = 1.0\ndel x\nresults = {}\nresults['acc'] = 0.9",
}


@pytest.mark.parametrize("source", list(HONEST.values()), ids=list(HONEST))
def test_honest_cell_is_not_flagged(source):
    """Course code, and what the module docstring deliberately allows, gives no finding."""
    findings = scan_source(source)
    assert findings == [], f"honest cell flagged: {findings}\n--- cell ---\n{source}"


@pytest.mark.parametrize("source", ["def f(:\n    pass", "x = = 1", "np.x = (", "%%time\n("])
def test_cell_with_a_syntax_error_gives_no_finding(source):
    assert scan_source(source) == [], f"a cell that cannot run was flagged: {source!r}"


# --- whole notebooks ------------------------------------------------------------------------

def _code(source):
    return {"cell_type": "code", "source": source, "metadata": {}, "outputs": []}


def _markdown(source):
    return {"cell_type": "markdown", "source": source, "metadata": {}}


def test_finding_names_cell_and_line_one_based():
    assert str(Finding(0, 3, "does x")) == "cell 1, line 3: does x"
    nb = {"cells": [_markdown("# np.x = 1"), _code("import numpy as np\nnp.x = 1")]}
    findings = scan(nb)
    assert findings == [Finding(1, 2, "assigns np.x (changes what the tests use)")], findings
    assert str(findings[0]).startswith("cell 2, line 2: assigns np.x"), str(findings[0])


def test_scan_reads_sources_given_as_lists_of_lines():
    nb = {"cells": [_code(["import numpy as np\n", "x = 1\n", "np.x = x"])]}
    assert [(f.cell, f.line) for f in scan(nb)] == [(0, 3)], scan(nb)


def test_scan_ignores_markdown_and_raw_cells():
    nb = {"cells": [_markdown("!ls\nnp.x = 1"), {"cell_type": "raw", "source": "np = 1"}]}
    assert scan(nb) == [], scan(nb)


def test_scan_skips_trusted_cells_only():
    setup = "import sys\nif 'google.colab' in sys.modules:\n    %pip install -q dlcourse"
    hostile = "np.testing.assert_allclose = print"
    nb = {"cells": [_code(setup), _code(hostile)]}
    untrusted = scan(nb)
    assert {f.cell for f in untrusted} == {0, 1}, f"both cells should be flagged: {untrusted}"
    trusted = scan(nb, trusted={setup})
    assert [f.cell for f in trusted] == [1], f"only the untrusted cell should remain: {trusted}"
    assert scan(nb, trusted=[setup, hostile]) == []


def test_scan_of_clean_notebook_is_empty():
    nb = {"cells": [_markdown("# 01"), _code("import numpy as np"), _code("z = np.dot(w, x)")]}
    assert scan(nb) == []


# --- the masters' own solutions ----------------------------------------------------------------

def _source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _filled_in(master):
    """The master's answer cells as a student would submit them: no tests, no otter markers."""
    cells, in_tests = [], False
    for cell in json.loads(master.read_text())["cells"]:
        source = _source(cell)
        if cell["cell_type"] == "raw":
            first = source.strip().splitlines()[0] if source.strip() else ""
            in_tests = {"# BEGIN TESTS": True, "# END TESTS": False}.get(first, in_tests)
            continue
        if cell["cell_type"] != "code" or in_tests:
            continue
        if source.startswith('""" # BEGIN TEST CONFIG') or "# TEST" in source:
            continue
        source = re.sub(r'""" # BEGIN PROMPT\n.*?""" # END PROMPT\n?', "", source, flags=re.S)
        # the setup cell installs what the released notebook installs (build.as_submitted)
        source = source.replace(build.INSTALL_SPEC, config.install_spec())
        lines = [re.sub(r"\s*# SOLUTION\s*$", "", line) for line in source.splitlines()
                 if not re.fullmatch(r"\s*# (BEGIN SOLUTION( NO PROMPT)?|END SOLUTION)\s*", line)]
        cells.append(_code("\n".join(lines)))
    return {"cells": cells}


def _released_sources(master):
    released = json.loads((ROOT / "notebooks" / master.name).read_text())
    return {_source(c) for c in released["cells"] if c["cell_type"] == "code"}


def test_masters_are_found():
    assert len(MASTERS) >= 10, f"expected the ten masters in solutions/, found {MASTERS}"


@pytest.mark.parametrize("master", MASTERS, ids=[m.stem for m in MASTERS])
def test_solutions_are_not_flagged(master):
    """A submission holding the reference solutions passes the scan."""
    nb = _filled_in(master)
    trusted = _released_sources(master)
    scanned = [c for c in nb["cells"] if _source(c) not in trusted]
    assert scanned, f"{master.name}: every answer cell is trusted, so nothing was scanned"
    assert not any("# SOLUTION" in _source(c) or "BEGIN SOLUTION" in _source(c)
                   for c in nb["cells"]), "solution markers left in the filled-in submission"
    findings = scan(nb, trusted=trusted)
    assert findings == [], f"{master.name}: the solutions are flagged:\n" + "\n".join(
        f"  {f}\n    {nb['cells'][f.cell]['source'].splitlines()[f.line - 1]!r}"
        if f.line <= len(nb["cells"][f.cell]["source"].splitlines()) else f"  {f}"
        for f in findings)


def test_setup_cell_needs_trust():
    """Without the released notebook's trust, its Colab setup cell (`%pip`) is flagged."""
    master = MASTERS[0]
    findings = scan(_filled_in(master))
    assert any("%pip" in f.message for f in findings), \
        f"the setup cell's %pip install was not flagged without trust: {findings}"


# --- gaps found by these tests, then closed ---------------------------------------------------

@pytest.mark.parametrize("source", [
    "%time import numpy.testing as t; t.assert_allclose = print",
    "%time os.system('ls')",
    "%timeit -n1 -r1 exec('np.pi = 3')",
    "%%timeit -n1 -r1 np.testing.assert_allclose = print\nx = 1",
])
def test_line_magic_argument_is_scanned(source):
    assert _messages(source), f"hostile code behind a line magic not flagged: {source!r}"


@pytest.mark.parametrize("source", [
    "from os import system\nsystem('ls')",
    "from os import popen as p\np('ls')",
    "from sys import settrace\nsettrace(print)",
])
def test_functions_imported_by_name_are_flagged(source):
    assert _messages(source), f"not flagged: {source!r}"


def test_module_alias_from_an_earlier_cell_is_resolved():
    nb = {"cells": [_code("from dlcourse.grading import checks"),
                    _code("checks.close = lambda *a, **k: None")]}
    assert scan(nb), "`checks.close = ...` in the cell after `from dlcourse.grading import " \
                     "checks` was not flagged"


def test_class_patched_through_an_alias_is_flagged():
    source = ("import doctest\nR = doctest.DocTestRunner\n"
              "R.summarize = lambda self, verbose=None: doctest.TestResults(0, 1)")
    assert _messages(source), "patching doctest's runner through an alias was not flagged"


def test_docstring_examples_hold():
    result = doctest.testmod(scan_module, verbose=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of scan.py fail"
