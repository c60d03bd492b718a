"""The otter plugin: what otter's own process reads back from the kernel is data, never code."""

import io
import pickle

import pytest

from dlcourse.grading import plugin, protocol

RUNS_CODE = b"cbuiltins\nexec\n(Vopen('/tmp/dlcourse-plugin-test', 'w')\ntR."


def test_results_unpickle_refuses_code_and_records_it(tmp_path):
    events = tmp_path / "events.log"
    safe = plugin._SafePickle(plugin.SafeUnpickler, str(events))
    with pytest.raises(pickle.UnpicklingError, match="builtins.exec"):
        safe.load(io.BytesIO(RUNS_CODE))
    assert protocol.read_events(events)[0][0] == "tamper"


def test_results_unpickle_reads_otters_results():
    from otter.test_files import GradingResults

    results = GradingResults([])
    again = plugin._SafePickle().loads(pickle.dumps(results))
    assert type(again) is GradingResults


def test_log_records_may_hold_plain_values_only(tmp_path):
    safe = plugin._SafePickle(plugin._LogUnpickler, str(tmp_path / "e.log"))
    record = {"msg": "hello", "args": (1, 2.5), "levelno": 10, "exc_text": None}
    assert safe.loads(pickle.dumps(record)) == record
    from otter.test_files import GradingResults

    with pytest.raises(pickle.UnpicklingError, match="log record"):
        safe.loads(pickle.dumps(GradingResults([])))


def test_a_plugin_refusal_zeroes_otters_scores(tmp_path):
    """after_grading: a tamper event from the kernel scores every question 0, with a reason."""
    class Test:
        def __init__(self):
            self.score = 3

        def update_score(self, value):
            self.score = value

    class Results:
        def __init__(self):
            self.results = {"q1": Test(), "q2": Test()}
            self.output = None

        def update_score(self, name, value):
            self.results[name].update_score(value)

        def set_output(self, text):
            self.output = text

    events = tmp_path / "events.log"
    events.write_text("forbid\tq2 scores 0: it must be written by hand, but uses x\n")
    grader = plugin.GradingPlugin("s.ipynb", {}, {})
    grader.events, grader.blocked = str(events), ""
    results = Results()
    grader.after_grading(results)
    assert (results.results["q1"].score, results.results["q2"].score) == (3, 0)
    assert results.output.startswith("dlcourse: q2 scores 0")
    events.write_text("tamper\treplaced numpy.allclose\n")
    results = Results()
    grader.after_grading(results)
    assert [t.score for t in results.results.values()] == [0, 0]
    assert "replaced numpy.allclose" in results.output
