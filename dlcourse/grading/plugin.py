"""The otter plugin every dlcourse autograder bundle names: one way of grading everywhere.

`dlcourse build` writes it into the bundle's `otter_config.json`, with the
assignment's number, the released notebook's cells and each question's
"write it yourself" rule, and adds dlcourse to the bundle's requirements.
otter then runs it whoever grades: `dlcourse grade`, `otter run -a bundle.zip`
or Gradescope.

- `before_execution` (otter's process, before the notebook runs): the
  submission must be this assignment (its title's number); the static scan
  (`scan`) reads it, and a submission that tampers is not run at all; the
  forbid rule (`forbid`) marks questions whose answer uses what the question
  forbids; the guard's cells are added first and last (`submission.prepare`),
  with the kernel's home and temporary folders inside the submission folder;
  otter's reading of the results file is restricted to otter's own classes.
- `after_grading`: a submission the guard caught tampering while running, or
  the scan before, scores 0 everywhere; a question that broke its forbid rule
  scores 0; the reason goes into otter's output (what Gradescope shows) and,
  one line each, into the events file that `dlcourse grade` reads.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import sys
import tempfile
from typing import Any

from otter.plugins import AbstractOtterPlugin

from dlcourse.grading import forbid, protocol, scan
from dlcourse.grading.protocol import PLUGIN_NAME
from dlcourse.grading.submission import notebook_number, prepare

__all__ = ["PLUGIN_NAME", "GradingPlugin", "SafeUnpickler"]


class SafeUnpickler(pickle.Unpickler):
    """Unpickles otter's results, refusing every class outside otter and plain containers.

    otter's last cell pickles the results in the student's kernel and otter's
    own process unpickles them; a forged file would run any code there.
    """

    _BUILTINS = frozenset({"dict", "list", "tuple", "set", "frozenset", "str", "bytes", "int",
                           "float", "complex", "bool", "bytearray", "slice", "range"})

    def find_class(self, module: str, name: str) -> Any:
        """The class a pickle names, if it is otter's or a plain container.

        Args:
            module: the module the pickle names.
            name: the class or function.

        Returns:
            The class.

        Raises:
            pickle.UnpicklingError: anything else.

        Example:
            >>> SafeUnpickler(io.BytesIO(pickle.dumps({"a": [1, 2.5]}))).load()
            {'a': [1, 2.5]}
        """
        allowed = (module.split(".")[0] in ("otter", "nbformat")
                   or (module == "builtins" and name in self._BUILTINS)
                   or (module, name) in {("collections", "OrderedDict"),
                                         ("copyreg", "_reconstructor"),
                                         ("builtins", "object")})
        if not allowed:
            raise pickle.UnpicklingError(f"results may not contain {module}.{name}")
        return super().find_class(module, name)


class _LogUnpickler(SafeUnpickler):
    """otter's log server receives log records, pickled dicts of plain values, from the kernel."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "builtins" and name in self._BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"a log record may not contain {module}.{name}")


class _SafePickle:
    """Stands in for the `pickle` module inside otter's grading modules while a submission is
    graded: what the kernel sends back is read, never run."""

    def __init__(self, unpickler: type = SafeUnpickler, events: str | None = None) -> None:
        self.unpickler = unpickler
        self.events = events

    def __getattr__(self, name: str) -> Any:
        return getattr(pickle, name)

    def load(self, file: Any, **kwargs: Any) -> Any:
        try:
            return self.unpickler(file, **kwargs).load()
        except pickle.UnpicklingError as e:
            _record(self.events, "tamper", f"sent otter a pickle that would run code ({e})")
            raise

    def loads(self, data: bytes, **kwargs: Any) -> Any:
        return self.load(io.BytesIO(data), **kwargs)


def _record(path: str | None, kind: str, detail: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(protocol.event_line(kind, detail) + "\n")


class GradingPlugin(AbstractOtterPlugin):
    """dlcourse's scan, guard and forbid rule, run by otter before and after grading.

    Its configuration (written by `dlcourse build`): `number` (the assignment,
    "01"), `trusted` (the released notebook's code cell sources) and `rules`
    (question -> {"forbid": [...], "answers": [...]}).
    """

    def before_execution(self, submission: Any) -> Any:
        """Checks the submission and returns the notebook otter runs (see the module docstring).

        Args:
            submission: the submission as otter read it (a notebook node).

        Returns:
            The notebook to run: the guarded submission, or, for one that is not
            this assignment or that tampers, a notebook that runs no student code.

        Example:
            >>> GradingPlugin("s.ipynb", {}, {}).before_execution(nb)  # doctest: +SKIP
        """
        config = self.plugin_config or {}
        self.events = os.environ.get(protocol.ENV_EVENTS) or tempfile.mkstemp(
            prefix="dlcourse-events-", suffix=".log")[1]
        os.environ[protocol.ENV_EVENTS] = self.events
        self._environment()
        # otter reads the kernel's results and its log records with pickle: a forged one would
        # run code in this process, outside the guard
        sys.modules["otter.execute"].pickle = _SafePickle(  # type: ignore[attr-defined]
            SafeUnpickler, self.events)
        log_server = sys.modules.get("otter.execute.logging")
        if log_server is not None:
            log_server.pickle = _SafePickle(  # type: ignore[attr-defined]
                _LogUnpickler, self.events)
        self.blocked = ""
        if not isinstance(submission, dict) or "cells" not in submission:
            return submission  # a script: otter's own path, nothing of ours applies
        number = notebook_number(submission)
        if config.get("number") and number is not None and number != config["number"]:
            self.blocked = (f"this is notebook {number}, not {config['number']}: submitted to "
                            "the wrong assignment?")
            _record(self.events, "invalid", self.blocked)
            return _inert(submission)
        trusted = set(config.get("trusted") or ())
        findings = scan.scan(submission, trusted=trusted)
        if findings:
            self.blocked = "tampers with grading, not run: " + "; ".join(
                str(f) for f in findings[:3]) + (
                f"; and {len(findings) - 3} more" if len(findings) > 3 else "")
            _record(self.events, "scan", self.blocked)
            return _inert(submission)
        rules = {q: forbid.Rule(tuple(r.get("forbid", ())), tuple(r.get("answers", ())))
                 for q, r in (config.get("rules") or {}).items()}
        self.forbidden = forbid.violations(protocol.code_sources(submission), rules,
                                           trusted=trusted)
        os.environ[protocol.ENV_ANSWERS] = json.dumps(
            sorted({name for rule in rules.values() for name in rule.answers}))
        for question, lines in self.forbidden.items():
            _record(self.events, "forbid", forbid.describe(question, lines))
        return prepare(submission)

    def _environment(self) -> None:
        """Where the guard lets the kernel write, unless `dlcourse grade` has set it already."""
        folder = os.path.dirname(os.path.abspath(self.submission_path))
        if not os.environ.get(protocol.ENV_ROOT):
            os.environ[protocol.ENV_ROOT] = folder
            for sub, var in ((".home", "HOME"), (".tmp", "TMPDIR"), (".mpl", "MPLCONFIGDIR")):
                os.makedirs(os.path.join(folder, sub), exist_ok=True)
                os.environ[var] = os.path.join(folder, sub)
            os.environ.setdefault("MPLBACKEND", "Agg")
        # otter's process made its temporary file for the results before we ran
        os.environ[protocol.ENV_RESULTS_DIR] = tempfile.gettempdir()
        # Gradescope sets no profile (dlcourse's default is the students' `full`): grade the
        # way `dlcourse grade` does, unless the instructor chose otherwise
        os.environ.setdefault("DLCOURSE_PROFILE", "fast")

    def after_grading(self, results: Any) -> None:
        """Scores 0 for tampering (everywhere) and for a broken forbid rule (that question).

        Args:
            results: otter's `GradingResults`.

        Returns:
            None.

        Example:
            >>> GradingPlugin("s.ipynb", {}, {}).after_grading(results)  # doctest: +SKIP
        """
        events = protocol.read_events(self.events) if os.path.isfile(self.events) else []
        caught = [d for k, d in events if k in ("tamper", "repaired")]
        reasons = []
        zero_all = bool(self.blocked or caught)
        if self.blocked:
            reasons.append(self.blocked)
        if caught:
            reasons.append("tampered with grading while running: " + "; ".join(caught[:3]))
        for kind, detail in events:
            if kind == "forbid":
                reasons.append(detail)
                question = detail.split(" ", 1)[0]
                if question in getattr(results, "results", {}):
                    results.update_score(question, 0)
        if zero_all:
            for question in list(getattr(results, "results", {})):
                results.update_score(question, 0)
        if reasons:
            results.set_output("dlcourse: " + "\n".join(reasons))


def _inert(submission: Any) -> Any:
    """A notebook that runs none of the student's code (otter then scores every test 0)."""
    import nbformat

    node = nbformat.v4.new_notebook()
    node.metadata = nbformat.from_dict(dict(submission.get("metadata", {})))
    node.metadata.pop("otter", None)
    node.cells = [nbformat.v4.new_code_cell("# not run: see dlcourse's reason")]
    return node

