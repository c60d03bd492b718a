"""The forbid rule: a "write it yourself" answer that reaches the reference scores nothing.

Each route a student could take to the forbidden function is one case; honest
answers, the released notebook's own code, and another question's answer must
not count against a question.
"""

import runpy
from pathlib import Path

import nbformat
import pytest

from dlcourse import build
from dlcourse.grading import CheckFailed, forbid
from dlcourse.grading.forbid import Rule, violations

ROOT = Path(__file__).resolve().parents[1]
IMPORTS = "import numpy as np\nimport keras\nimport tensorflow as tf\nfrom dlcourse import models"
SIGMOID = {"q2": Rule(("keras.activations", "tensorflow.nn", "tensorflow.math.sigmoid"),
                      ("sigmoid",))}
LENET = {"q3": Rule(("dlcourse.models.lenet5",), ("build_lenet",))}

HONEST_SIGMOID = "def sigmoid(z):\n    return 1 / (1 + np.exp(-z))"

# (cells after IMPORTS, rules, what the violation must name)
CHEATS = {
    "direct": (["def sigmoid(z):\n    return keras.activations.sigmoid(z)"], SIGMOID,
               "keras.activations.sigmoid"),
    "module alias": (["import keras.activations as A\ndef sigmoid(z):\n    return A.sigmoid(z)"],
                     SIGMOID, "keras.activations.sigmoid"),
    "from import": (["from keras.activations import sigmoid as s",
                     "def sigmoid(z):\n    return s(z)"], SIGMOID, "keras.activations.sigmoid"),
    "assigned alias in another cell": (["f = tf.math.sigmoid", "def sigmoid(z):\n    return f(z)"],
                                       SIGMOID, "tensorflow.math.sigmoid"),
    "the answer is the reference": (["sigmoid = tf.nn.sigmoid"], SIGMOID, "tensorflow.nn"),
    "tf.keras spelling": (["sigmoid = tf.keras.activations.sigmoid"], SIGMOID,
                          "keras.activations.sigmoid"),
    "getattr with a constant": (["def sigmoid(z):\n    return getattr(keras.activations, "
                                 "'sigmoid')(z)"], SIGMOID, "keras.activations.sigmoid"),
    "getattr with a computed name": (["def sigmoid(z):\n    name = 'sig' + 'moid'\n"
                                      "    return getattr(keras.activations, name)(z)"], SIGMOID,
                                     "computed name"),
    "star import": (["from keras.activations import *", "def sigmoid(z):\n    return relu(z)"],
                    SIGMOID, "keras.activations.relu"),
    "a helper of the student's": (["def helper(z):\n    return keras.activations.sigmoid(z)",
                                   "def sigmoid(z):\n    return helper(z)"], SIGMOID,
                                  "keras.activations.sigmoid"),
    "a helper two steps away": (["def inner(z):\n    return tf.nn.sigmoid(z)",
                                 "def outer(z):\n    return inner(z)",
                                 "def sigmoid(z):\n    return outer(z)"], SIGMOID, "tensorflow.nn"),
    "a table of functions": (["table = {}", "table['s'] = keras.activations.sigmoid",
                              "def sigmoid(z):\n    return table['s'](z)"], SIGMOID,
                             "keras.activations.sigmoid"),
    "a list filled by append": (["fns = []", "fns.append(tf.nn.sigmoid)",
                                 "def sigmoid(z):\n    return fns[0](z)"], SIGMOID,
                                "tensorflow.nn"),
    "a decorator": (["def sigmoid(z):\n    return z", "sigmoid = tf.function(tf.nn.sigmoid)"],
                    SIGMOID, "tensorflow.nn"),
    "Keras internals": (["from keras.src.activations.activations import sigmoid as s",
                         "def sigmoid(z):\n    return s(z)"], SIGMOID, "internals"),
    "the course's reference model": (["def build_lenet():\n    return models.lenet5()"], LENET,
                                     "dlcourse.models.lenet5"),
    "the reference's layers copied": (["def build_lenet():\n    return keras.Sequential("
                                       "models.lenet5().layers)"], LENET, "dlcourse.models.lenet5"),
    "a container of modules": (["def sigmoid(z):\n    return [keras][0].activations.sigmoid(z)"],
                               SIGMOID, "looks like keras.activations"),
    "a module through a function": (["def lib(m):\n    return m",
                                     "K = lib(keras)\ndef sigmoid(z):\n"
                                     "    return K.activations.sigmoid(z)"], SIGMOID,
                                    "keras.activations"),
    "a module handed through a function": (["def lib(m):\n    return m",
                                            "K = lib(keras)\ndef l1(y, p):\n"
                                            "    return K.losses.MeanAbsoluteError()(y, p)"],
                                           {"q4": Rule(("keras.losses",), ("l1",))},
                                           "keras.losses.MeanAbsoluteError"),
    "a container's common name": (["def l1(y, p):\n    return [keras][0].losses.mae(y, p)"],
                                  {"q4": Rule(("keras.losses",), ("l1",))}, "keras.losses"),
    "a module in a local variable": (["def sigmoid(z):\n    k = keras\n"
                                      "    return k.activations.sigmoid(z)"], SIGMOID,
                                     "looks like keras.activations"),
    "tf.keras's private copy": (["sigmoid = keras._tf_keras.keras.activations.sigmoid"],
                                SIGMOID, "keras.activations.sigmoid"),
    "raw ops": (["def sigmoid(z):\n    return tf.raw_ops.Sigmoid(x=z)"],
                {"q2": Rule(forbid.expand(SIGMOID["q2"].forbid), ("sigmoid",))},
                "tensorflow.raw_ops"),
    "import inside the function": (["def build_lenet():\n    from dlcourse.models import lenet5\n"
                                    "    return lenet5()"], LENET, "dlcourse.models.lenet5"),
}


@pytest.mark.parametrize("name", sorted(CHEATS))
def test_every_route_to_the_reference_is_found(name):
    cells, rules, named = CHEATS[name]
    found = violations([IMPORTS, *cells], rules)
    question = next(iter(rules))
    assert question in found, f"{name}: not found in {cells}"
    assert any(named in line for line in found[question]), found
    assert all(line.startswith("cell ") and ", line " in line for line in found[question])


@pytest.mark.parametrize("cells", [
    [HONEST_SIGMOID],
    # a local variable that happens to share a global's name is the function's own
    # `losses` is also an ordinary attribute (a model's own losses)
    ["def sigmoid(z):\n    model = keras.Sequential()\n    _ = model.losses\n"
     "    return 1 / (1 + np.exp(-z))"],
    ["helper = keras.activations.sigmoid",
     "def sigmoid(z):\n    helper = np.exp(-z)\n    return 1 / (1 + helper)"],
    # an experiment that calls the reference, then the answer written by hand
    ["keras.activations.sigmoid(np.zeros(3))", HONEST_SIGMOID],
    # a first try with the reference, replaced by the final answer
    ["sigmoid = keras.activations.sigmoid", HONEST_SIGMOID],
    # the reference used to check one's own answer, outside it
    [HONEST_SIGMOID, "np.allclose(sigmoid(np.zeros(2)), keras.activations.sigmoid(np.zeros(2)))"],
], ids=["honest", "common-attribute", "local-shadow", "experiment-before", "replaced-try",
        "comparison-after"])
def test_honest_answers_pass(cells):
    assert violations([IMPORTS, *cells], SIGMOID) == {}


def test_released_cells_are_the_instructors_not_the_students():
    released = "reference = keras.activations.sigmoid(np.zeros(3))"
    cells = [IMPORTS, released, "def sigmoid(z):\n    return 1 / (1 + np.exp(-z)) + 0 * reference"]
    assert "q2" in violations(cells, SIGMOID)
    assert violations(cells, SIGMOID, trusted={released}) == {}


def test_an_earlier_questions_answer_is_governed_by_its_own_rule():
    """04 q6 reads q3's model; q3's model may use keras.Sequential, q6 may not."""
    rules = {"q3": Rule((), ("lenet",)),
             "q6": Rule(("keras.Sequential", "keras.Model"), ("activations_of", "lenet"))}
    cells = [IMPORTS, "lenet = keras.Sequential([keras.layers.Dense(2)])",
             "def activations_of(model, i, x):\n    return model.layers[i](x)"]
    assert violations(cells, rules) == {}
    cheat = cells[:-1] + ["def activations_of(model, i, x):\n"
                          "    return keras.Model(model.inputs, model.layers[i].output)(x)"]
    assert "keras.Model" in violations(cheat, rules)["q6"][0]


def test_ipython_syntax_is_read_as_ipython_runs_it():
    cells = [IMPORTS, "%matplotlib inline\ndef sigmoid(z):\n    return tf.nn.sigmoid(z)"]
    assert "q2" in violations(cells, SIGMOID)


def test_resolve_names_uses_the_masters_imports_and_standard_aliases():
    code = [IMPORTS, "from dlcourse import augment"]
    assert forbid.resolve_names(["models.lenet5", "tf.nn", "augment.audio", "scipy.special"],
                                code) == ("dlcourse.models.lenet5", "tensorflow.nn",
                                          "dlcourse.augment.audio", "scipy.special")
    assert forbid.resolve_names(["tf.keras.losses"], code) == ("keras.losses",)
    with pytest.raises(ValueError, match="does not import"):
        forbid.resolve_names(["nosuchpackage_xyz.f"], code)
    with pytest.raises(ValueError, match="dotted names"):
        forbid.resolve_names(["models.lenet5()"], code)


def test_the_public_check_says_what_the_grader_will_say():
    cells = [IMPORTS, "def sigmoid(z):\n    return keras.activations.sigmoid(z)"]
    with pytest.raises(CheckFailed, match=r"q2 must be written by hand.*cell 2, line 2: "
                                          r"keras\.activations\.sigmoid"):
        forbid.written_by_hand("q2", forbid=SIGMOID["q2"].forbid, answers=["sigmoid"],
                               sources=cells)
    forbid.written_by_hand("q2", forbid=SIGMOID["q2"].forbid, answers=["sigmoid"],
                           sources=[IMPORTS, HONEST_SIGMOID])


def test_forbid_config_errors_name_the_question():
    master = nbformat.v4.new_notebook()
    master.cells = [nbformat.v4.new_code_cell(IMPORTS + "\nfrom dlcourse import grading"),
                    nbformat.v4.new_raw_cell("# BEGIN QUESTION\nname: q1\nforbid: models.lenet5")]
    with pytest.raises(build.BuildError, match="q1: forbid: expected a list"):
        build.forbid_rules(master, {})
    master.cells[1].source = "# BEGIN QUESTION\nname: q1\nforbid: [nosuchpackage_xyz.f]"
    with pytest.raises(build.BuildError, match="q1: forbid:.*does not import"):
        build.forbid_rules(master, {})
    master.cells[1].source = "# BEGIN QUESTION\nname: q1\nforbid: [tf.nn]"
    spec = {"q1": {"suites": [{"cases": [{"code": ">>> grading.close(1, 1)\n"}]}]}}
    with pytest.raises(build.BuildError, match="read no answer name"):
        build.forbid_rules(master, spec)


MASTERS = build.masters(ROOT / "solutions")


@pytest.mark.parametrize("master", MASTERS, ids=[m.stem[:2] for m in MASTERS])
def test_masters_declare_forbid_and_their_cheats_are_all_caught(master):
    """Every master's own answers pass its rules; every cheat in tests/wrong_answers fails them,
    with the same analysis the grader runs (no otter run: that is test_notebooks')."""
    nb = nbformat.read(master, as_version=4)
    cheats = runpy.run_path(str(ROOT / "tests" / "wrong_answers" / f"{master.stem}.py"))["CHEATS"]
    assert cheats, f"{master.stem}: no CHEATS"
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    released = nbformat.read(ROOT / "notebooks" / master.name, as_version=4)
    trusted = {c.source for c in released.cells if c.cell_type == "code"}
    # the rules as the build resolves them, answers from the hidden and public tests
    specs = _specs(nb)
    rules = build.forbid_rules(nb, specs)
    assert any(r.forbid for r in rules.values()), f"{master.stem}: no question forbids anything"
    assert violations(code, rules, trusted=trusted) == {}, "the master breaks its own rules"
    for question, right, wrong in cheats:
        found = sum(c.source.count(right) for c in nb.cells)
        assert found == 1, f"{question}: {right!r} found {found} times"
        for cell in nb.cells:
            cell.source = cell.source.replace(right, wrong)
    cheated = violations([c.source for c in nb.cells if c.cell_type == "code"], rules,
                         trusted=trusted)
    assert set(cheated) == {q for q, _, _ in cheats}, cheated


def _specs(nb):
    """Question -> otter-like spec from the master's own test cells (no otter assign)."""
    specs, question, cases = {}, None, []
    for cell in nb.cells:
        if cell.cell_type == "raw" and cell.source.startswith("# BEGIN QUESTION"):
            question = next(line.split(":", 1)[1].strip() for line in cell.source.splitlines()
                            if line.startswith("name:"))
            cases = []
            specs[question] = {"suites": [{"cases": cases}]}
        elif cell.cell_type == "code" and question and "grading." in cell.source:
            body = cell.source.split('""" # END TEST CONFIG', 1)[-1]
            cases.append({"code": "".join(f">>> {line}\n" for line in body.splitlines())})
    return specs
