""""Write it yourself", enforced: what a question's answer may not call.

A master declares it in the question's config, next to `points`:

    # BEGIN QUESTION
    name: q3
    points: 4
    forbid: [models.lenet5]

Names are written as the master's code refers to them; `dlcourse build`
resolves them through the master's imports (`models.lenet5` ->
`dlcourse.models.lenet5`, `tf.nn` -> `tensorflow.nn`) and finds the answer's
names: the globals the question's tests read (`build_lenet`, `sigmoid`, ...).

`violations` then reads a submission's code cells, statically: the statements
that bind or change an answer name, and, transitively, the student's own
helpers they use. A forbidden name reached directly, through an alias
(`import keras.activations as A`, `s = keras.activations.sigmoid`), an import
(`from dlcourse.models import lenet5`), a `getattr` with a constant name, or a
`getattr` with a computed name on a module that holds a forbidden name, is a
violation; so is any use of Keras's or TensorFlow's internals (`keras.src`,
`tensorflow.python`), which hold the same functions under other names. The
released notebook's own cells are not the student's and are skipped.

`dlcourse grade`, `otter run` with the bundle's plugin, and Gradescope score
such a question 0 with a reason naming the call; the student's public check
(`written_by_hand`) says the same before they submit.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from dlcourse.grading._forbid_names import (
    _BUILTINS,
    _COMMON_ATTRIBUTES,
    _INTERNALS,
    STANDARD_ALIASES,
    _Aliases,
    _bound,
    _changed,
    _parse,
    _reads,
    _under,
    aliases,
    answer_names,
    canonical,
    expand,
    resolve_names,
)
from dlcourse.grading.errors import CheckFailed

__all__ = ["STANDARD_ALIASES", "Rule", "aliases", "answer_names", "canonical", "describe",
           "expand", "resolve_names", "violations", "written_by_hand"]

@dataclass(frozen=True)
class Rule:
    """One question's rule: the dotted names its answer may not reach, and its answer names."""

    forbid: tuple[str, ...]
    answers: tuple[str, ...]



# the analysis ----------------------------------------------------------------------

@dataclass
class _Statement:
    node: ast.stmt
    cell: int
    bound: set[str]
    changed: set[str]


def _statements(sources: Sequence[str], trusted: Collection[str]) -> list[_Statement]:
    out = []
    for index, source in enumerate(sources):
        if source in trusted:
            continue
        tree = _parse(source)
        if tree is None:
            continue
        for stmt in tree.body:
            out.append(_Statement(stmt, index, _bound(stmt), _changed(stmt)))
    return out


def _relevant(statements: list[_Statement], name: str) -> list[_Statement]:
    """The last statement that binds `name`, and every later one that changes it."""
    last = max((i for i, s in enumerate(statements) if name in s.bound), default=None)
    if last is None:
        return []
    return [statements[last]] + [s for s in statements[last + 1:] if name in s.changed]


def _forbidden_uses(stmt: ast.stmt, table: _Aliases, forbid: Sequence[str],
                    unbound: set[str], reads: set[str]) -> list[tuple[int, str]]:
    # a name resolves through the notebook's aliases when the statement reads it as a global,
    # or imports it itself (in a function's body, say); a local variable is the function's own
    imported = {(a.asname or a.name).split(".")[0] for node in ast.walk(stmt)
                if isinstance(node, (ast.Import, ast.ImportFrom)) for a in node.names}
    visible = reads | imported

    def root(node: ast.AST) -> str | None:
        while isinstance(node, (ast.Attribute, ast.Call)):
            if isinstance(node, ast.Call):
                if not (isinstance(node.func, ast.Name) and node.func.id == "getattr"
                        and node.args):
                    return None
                node = node.args[0]
            else:
                node = node.value
        return node.id if isinstance(node, ast.Name) else None

    found: list[tuple[int, str]] = []
    dotted_found: list[tuple[int, str, str]] = []
    roots = {f.split(".")[0] for f in forbid}
    all_leaves = {f.rsplit(".", 1)[1]: f for f in forbid if "." in f}
    leaves = {k: f for k, f in all_leaves.items() if k not in _COMMON_ATTRIBUTES}
    for node in ast.walk(stmt):
        dotted = None
        if isinstance(node, (ast.Attribute, ast.Name)) and isinstance(
                getattr(node, "ctx", None), ast.Load):
            base = root(node)
            dotted = table.resolve(node) if base is None or base in visible else None
            if dotted is None and isinstance(node, ast.Name) and node.id in unbound:
                for star in table.stars:  # `from keras.activations import *`
                    candidate = f"{star}.{node.id}"
                    if any(_under(candidate, f) for f in forbid):
                        dotted = candidate
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "getattr" and len(node.args) >= 2:
            owner = table.resolve(node.args[0]) if root(node) in visible else None
            if isinstance(node.args[1], ast.Constant):
                dotted = table.resolve(node)
            elif owner is not None and any(_under(f, owner) for f in forbid):
                found.append((node.lineno, f"getattr({ast.unparse(node.args[0])}, "
                                           f"{ast.unparse(node.args[1])}) (a computed name "
                                           f"on {owner}, which holds what is forbidden)"))
                continue
        if dotted is None:
            # `[keras][0].activations`, `lib(keras).activations`: an object the aliases cannot
            # follow, reached for a name only the forbidden module has
            name = node.attr if isinstance(node, ast.Attribute) else None
            if isinstance(node, ast.Call) and len(node.args) >= 2 and isinstance(
                    node.args[1], ast.Constant):
                name = node.args[1].value
            hit = leaves.get(name) if isinstance(name, str) else None
            if hit is None and isinstance(name, str) and isinstance(node, ast.Attribute) \
                    and root(node) is None:  # `[keras][0].losses`: no ordinary object
                hit = all_leaves.get(name)
            if hit is not None:
                found.append((node.lineno, f"{ast.unparse(node)} (looks like {hit}, which is "
                                           "forbidden)"))
            continue
        hit = next((f for f in forbid if _under(dotted, f)), None)
        if hit is not None:
            dotted_found.append((node.lineno, dotted, f"{dotted} (forbidden: {hit})"))
        elif (dotted.startswith(_INTERNALS) or any(
                part.startswith("_") for part in dotted.split(".")[1:])) \
                and dotted.split(".")[0] in roots:
            dotted_found.append((node.lineno, dotted, f"{dotted} (Keras's or TensorFlow's "
                                 "internals, which hold the forbidden functions under other "
                                 "names)"))
    # `keras.activations.sigmoid` is also `keras.activations` on the same line: name it once
    for line, dotted, text in dotted_found:
        if not any(other != dotted and other.startswith(dotted + ".") and ln == line
                   for ln, other, _ in dotted_found):
            found.append((line, text))
    return sorted(set(found))


def violations(sources: Sequence[str], rules: Mapping[str, Rule], *,
               trusted: Collection[str] = ()) -> dict[str, list[str]]:
    """What each question's answer reaches that its rule forbids.

    Args:
        sources: the submission's code cell sources, in order (IPython syntax allowed).
        rules: question -> `Rule`.
        trusted: released cell sources (the instructor's code), skipped.

    Returns:
        question -> one line per forbidden use, naming the call, the cell and the
        line; a question with nothing forbidden is absent.

    Example:
        >>> rule = {"q3": Rule(("dlcourse.models.lenet5",), ("build",))}
        >>> violations(["from dlcourse import models", "def build():\\n    return models.lenet5()"],
        ...            rule)
        {'q3': ['cell 2, line 2: dlcourse.models.lenet5 (forbidden: dlcourse.models.lenet5)']}
    """
    sources = list(sources)
    table = aliases(sources)
    statements = _statements(sources, set(trusted))
    bound_anywhere = set().union(*(s.bound for s in statements)) if statements else set()
    bound_anywhere |= set(table.names)
    unbound = set()
    result: dict[str, list[str]] = {}
    for question, rule in rules.items():
        if not rule.forbid:
            continue
        # an earlier question's answer is that question's business (its own rule governs it)
        order = list(rules)
        earlier = {n for q in order[:order.index(question)] for n in rules[q].answers}
        later = {n for q in order[order.index(question) + 1:] for n in rules[q].answers}
        seen_names: set[str] = earlier | (later - set(rule.answers))
        seen_statements: set[int] = set()
        pending = list(rule.answers)
        lines: list[str] = []
        while pending:
            name = pending.pop()
            if name in seen_names:
                continue
            seen_names.add(name)
            for stmt in _relevant(statements, name):
                if id(stmt) in seen_statements:
                    continue
                seen_statements.add(id(stmt))
                reads = _reads(stmt.node)
                unbound = {r for r in reads if r not in bound_anywhere and r not in _BUILTINS}
                for line, what in _forbidden_uses(stmt.node, table, rule.forbid, unbound,
                                                  reads):
                    text = f"cell {stmt.cell + 1}, line {line}: {what}"
                    if text not in lines:
                        lines.append(text)
                # modules and aliases of library functions resolve where they are used
                pending += sorted(reads - seen_names - set(table.names))
        if lines:
            result[question] = lines
    return result


def describe(question: str, lines: Sequence[str]) -> str:
    """One reason for the gradebook: `q3 scores 0: written with models.lenet5 (cell 12, ...)`.

    Args:
        question: the question's name.
        lines: what `violations` found for it.

    Returns:
        The reason.

    Example:
        >>> describe("q3", ["cell 2, line 2: dlcourse.models.lenet5 (forbidden: ...)"])
        'q3 scores 0: it must be written by hand, but uses cell 2, line 2: dlcourse.models.lenet5 (forbidden: ...)'
    """  # noqa: E501
    shown = "; ".join(lines[:2]) + (f"; and {len(lines) - 2} more" if len(lines) > 2 else "")
    return f"{question} scores 0: it must be written by hand, but uses {shown}"


def _kernel_history() -> list[str] | None:
    ipython = sys.modules.get("IPython")
    get = getattr(ipython, "get_ipython", None)
    shell = get() if callable(get) else None
    history = getattr(getattr(shell, "history_manager", None), "input_hist_raw", None)
    return [str(s) for s in history] if isinstance(history, list) else None


def written_by_hand(question: str, *, forbid: Sequence[str], answers: Sequence[str],
                    others: Sequence[str] = (), sources: Sequence[str] | None = None) -> None:
    """The public check of the forbid rule: fails when the answer uses a forbidden name.

    It reads the cells this kernel has run (IPython's history), as the grader
    reads the submitted notebook.

    Args:
        question: e.g. `"q3"`.
        forbid: canonical dotted names, as `dlcourse build` resolves them.
        answers: the names the question's tests read.
        others: the names other questions own (their own rules govern them): every
            earlier question's answers, and later questions' that this one does not read.
        sources: cell sources to read instead of the kernel's history.

    Returns:
        None.

    Raises:
        CheckFailed: naming the forbidden call, its cell and line.

    Example:
        >>> written_by_hand("q1", forbid=["keras.activations"], answers=["relu"],
        ...                 sources=["import numpy as np", "def relu(z):\\n    return np.maximum(z, 0)"])
    """  # noqa: E501
    if sources is None:
        sources = _kernel_history()
        if sources is None:  # not in IPython: the grader still checks the notebook itself
            return
    rules = {"": Rule((), tuple(others)), question: Rule(tuple(forbid), tuple(answers))}
    found = violations(sources, rules)
    if found:
        raise CheckFailed(
            f"{question} must be written by hand, without {', '.join(forbid)}; your answer "
            f"uses {'; '.join(found[question][:3])}. (Cells are counted in the order you ran "
            "them.) Write it with NumPy or plain Python, as the question asks.")
