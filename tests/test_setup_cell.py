"""Every master's setup cell, run as Colab and as a local kernel would run it: on Colab it
installs the course's dlcourse and turns on Colab's custom widget manager (otter-grader
brings ipywidgets 8, Colab's frontend ships 7); elsewhere it does neither."""

import sys
import types
from pathlib import Path

import nbformat
import pytest

from dlcourse import build, config

ROOT = Path(__file__).resolve().parents[1]
MASTERS = build.masters(ROOT / "solutions")


def run_setup_cell(source, monkeypatch, *, on_colab):
    """Runs a setup cell with IPython's own transformation of `%pip`; returns what it did."""
    from IPython.core.inputtransformer2 import TransformerManager

    calls = []

    class Shell:
        def run_line_magic(self, name, line):
            calls.append(("magic", name, line))

    if on_colab:
        google = types.ModuleType("google")
        colab = types.ModuleType("google.colab")
        output = types.ModuleType("google.colab.output")
        output.enable_custom_widget_manager = lambda: calls.append(("widgets",))
        colab.output, google.colab = output, colab
        for name, module in (("google", google), ("google.colab", colab),
                             ("google.colab.output", output)):
            monkeypatch.setitem(sys.modules, name, module)
    else:
        monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    monkeypatch.setattr(config, "describe", lambda: calls.append(("describe",)))
    code = TransformerManager().transform_cell(source)
    exec(compile(code, "<setup cell>", "exec"), {"get_ipython": Shell})
    return calls


@pytest.mark.parametrize("master", MASTERS, ids=[m.stem[:2] for m in MASTERS])
def test_setup_cell_on_colab_installs_and_enables_the_widget_manager(master, monkeypatch):
    nb = nbformat.read(master, as_version=4)
    source = nb.cells[build.setup_cell_index(nb)].source
    calls = run_setup_cell(source, monkeypatch, on_colab=True)
    assert calls[0][:2] == ("magic", "pip") and build.INSTALL_SPEC in calls[0][2], calls
    assert ("widgets",) in calls, f"{master.name}: Colab's custom widget manager is not enabled"
    assert calls[-1] == ("describe",)
    assert run_setup_cell(source, monkeypatch, on_colab=False) == [("describe",)]


def test_a_setup_cell_without_the_widget_manager_is_caught(monkeypatch):
    source = ('import sys\nif "google.colab" in sys.modules:\n'
              f'    %pip install -q "{build.INSTALL_SPEC}"\n'
              "from dlcourse import config\nconfig.describe()")
    calls = run_setup_cell(source, monkeypatch, on_colab=True)
    assert ("widgets",) not in calls
