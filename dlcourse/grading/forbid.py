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
import builtins
import sys
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dlcourse.grading.errors import CheckFailed
from dlcourse.grading.scan import as_python

__all__ = ["STANDARD_ALIASES", "Rule", "aliases", "answer_names", "canonical", "describe",
           "expand", "resolve_names", "violations", "written_by_hand"]

# private internals: they hold the public functions under other names
_INTERNALS = ("keras.src", "tensorflow.python", "tensorflow._api", "tensorflow.compat")
_BUILTINS = frozenset(dir(builtins))
# Names of forbidden modules that ordinary objects also have (`rng.random`, `model.losses`):
# not evidence on their own.
_COMMON_ATTRIBUTES = frozenset(
    {"random", "math", "ops", "image", "signal", "test", "linalg", "fft", "sparse", "data",
     "layers", "models", "metrics", "losses", "stats", "special", "experimental", "numpy"})


# Names a master may use in `forbid:` without importing them itself.
STANDARD_ALIASES = {
    "np": "numpy", "tf": "tensorflow", "pd": "pandas", "plt": "matplotlib.pyplot",
    **{m: f"dlcourse.{m}" for m in ("augment", "config", "data", "grading", "methodology",
                                    "models", "plots", "regularizers", "sanity", "training")},
}


@dataclass(frozen=True)
class Rule:
    """One question's rule: the dotted names its answer may not reach, and its answer names."""

    forbid: tuple[str, ...]
    answers: tuple[str, ...]


def canonical(dotted: str) -> str:
    """`tensorflow.keras.activations` -> `keras.activations`: one name per public API.

    Args:
        dotted: a dotted name, already resolved through imports.

    Returns:
        The canonical spelling.

    Example:
        >>> canonical("tensorflow.keras.activations.sigmoid")
        'keras.activations.sigmoid'
    """
    for prefix, target in (("tensorflow.keras", "keras"), ("tf_keras", "keras"),
                           ("keras._tf_keras.keras", "keras"), ("keras.api", "keras")):
        if dotted == prefix or dotted.startswith(prefix + "."):
            return target + dotted[len(prefix):]
    return dotted


def _under(name: str, forbidden: str) -> bool:
    return name == forbidden or name.startswith(forbidden + ".")


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(as_python(source))
    except SyntaxError:
        return None


# aliases -------------------------------------------------------------------------

class _Aliases(ast.NodeVisitor):
    """name -> the dotted module path it stands for, over a whole notebook in order."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}
        self.stars: list[str] = []
        self.modules_seen: set[str] = set()  # dotted paths bound by `import`

    def resolve(self, node: ast.AST) -> str | None:
        """`A.sigmoid` -> `keras.activations.sigmoid` when `A` is an alias; else None."""
        parts: list[str] = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id == "getattr" and len(node.args) >= 2
                  and isinstance(node.args[1], ast.Constant)
                  and isinstance(node.args[1].value, str)):
                parts.append(node.args[1].value)
                node = node.args[0]
            else:
                break
        if not isinstance(node, ast.Name) or node.id not in self.names:
            return None
        return canonical(".".join([self.names[node.id], *reversed(parts)]))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.names[alias.asname] = canonical(alias.name)
            else:
                root = alias.name.split(".")[0]
                self.names[root] = root
            self.modules_seen |= {canonical(alias.name), alias.name.split(".")[0]}

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            return
        for alias in node.names:
            if alias.name == "*":
                self.stars.append(canonical(node.module or ""))
            else:
                self.names[alias.asname or alias.name] = canonical(
                    f"{node.module}.{alias.name}")
                self.modules_seen.add(canonical(f"{node.module}.{alias.name}"))

    def visit_Assign(self, node: ast.Assign) -> None:
        resolved = self.resolve(node.value)
        if resolved is None and isinstance(node.value, ast.Call):
            # `K = lib(keras)`: a module handed to a function comes back as itself, for all
            # this analysis can tell (no honest answer passes modules around)
            modules = [self.resolve(a) for a in node.value.args if isinstance(
                a, (ast.Name, ast.Attribute)) and self.resolve(a) in self.modules_seen]
            resolved = modules[0] if modules else None
        if resolved is not None:
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.names[target.id] = resolved
        self.generic_visit(node)


def aliases(sources: Iterable[str]) -> _Aliases:
    """The aliases a notebook's cells bind, in order (for `resolve_names`).

    Args:
        sources: code cell sources.

    Returns:
        The alias table.

    Example:
        >>> aliases(["import tensorflow as tf"]).names
        {'tf': 'tensorflow'}
    """
    table = _Aliases()
    for source in sources:
        tree = _parse(source)
        if tree is not None:
            table.visit(tree)
    return table


# One-call equivalents no from-scratch answer needs, forbidden wherever their library is.
_ALSO_FORBIDDEN = {"tensorflow": ("tensorflow.raw_ops", "tensorflow.experimental.numpy",
                                  "tensorflow.test.compute_gradient", "tensorflow.autodiff")}


def expand(forbidden: Iterable[str]) -> tuple[str, ...]:
    """`forbidden`, plus the same library's low-level doubles (`tf.raw_ops`, ...).

    Args:
        forbidden: resolved dotted names.

    Returns:
        The names with the doubles of each library they name.

    Example:
        >>> expand(["tensorflow.nn"])[:2]
        ('tensorflow.nn', 'tensorflow.raw_ops')
    """
    out = list(forbidden)
    for root, extra in _ALSO_FORBIDDEN.items():
        if any(f.split(".")[0] == root for f in out):
            out += [e for e in extra if e not in out]
    return tuple(out)


def resolve_names(names: Iterable[str], sources: Iterable[str]) -> tuple[str, ...]:
    """Dotted names as a master writes them, resolved through the master's imports.

    Args:
        names: e.g. `["models.lenet5", "tf.nn"]`.
        sources: the master's code cells.

    Returns:
        e.g. `("dlcourse.models.lenet5", "tensorflow.nn")`.

    Raises:
        ValueError: a name whose first part the master never imports.

    Example:
        >>> resolve_names(["tf.nn"], ["import tensorflow as tf"])
        ('tensorflow.nn',)
    """
    table = aliases(sources)
    out = []
    for name in names:
        if not isinstance(name, str) or not name.replace(".", "").replace("_", "").isalnum():
            raise ValueError(f"forbid: expected dotted names such as models.lenet5. "
                             f"Received: {name!r}")
        tree = ast.parse(name, mode="eval").body
        resolved = table.resolve(tree)
        root, _, rest = name.partition(".")
        if resolved is None and root in STANDARD_ALIASES:
            resolved = canonical(STANDARD_ALIASES[root] + ("." + rest if rest else ""))
        if resolved is None:
            import importlib.util

            if importlib.util.find_spec(root) is None:
                raise ValueError(f"forbid: {name!r} starts with {root!r}, which the master "
                                 "does not import and no installed package is called. Write "
                                 "the name as the notebook's code does.")
            resolved = canonical(name)
        out.append(resolved)
    return tuple(dict.fromkeys(out))


def answer_names(test_codes: Iterable[str], modules: Collection[str]) -> tuple[str, ...]:
    """The student's names a question's tests read: their free names, less modules and builtins.

    Args:
        test_codes: the question's test cases (doctest `>>> ` lines).
        modules: names the master binds to modules (`np`, `keras`, `grading`, ...).

    Returns:
        The sorted names, e.g. `("relu", "sigmoid")`.

    Example:
        >>> answer_names([">>> grading.close(relu(z_try), 1.0)"], {"grading"})
        ('relu', 'z_try')
    """
    names: set[str] = set()
    bound: set[str] = set()  # anywhere in the question's tests: the tests' own variables
    for code in test_codes:
        lines = [line[4:] for line in code.splitlines() if line.startswith((">>> ", "... "))]
        tree = _parse("\n".join(lines))
        if tree is None:
            continue
        for stmt in tree.body:
            names |= _reads(stmt)
            bound |= _bound(stmt)
    return tuple(sorted(n for n in names - bound if n not in modules and n not in _BUILTINS))


# what a statement binds, changes and reads ---------------------------------------------

def _bound(stmt: ast.stmt) -> set[str]:
    names: set[str] = set()
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names if a.name != "*"}
    targets: list[ast.AST] = []
    if isinstance(stmt, ast.Assign):
        targets = list(stmt.targets)
    elif isinstance(stmt, (ast.AugAssign, ast.AnnAssign)):
        targets = [stmt.target]
    elif isinstance(stmt, (ast.For, ast.AsyncFor)):
        targets = [stmt.target]
    elif isinstance(stmt, (ast.With, ast.AsyncWith)):
        targets = [i.optional_vars for i in stmt.items if i.optional_vars is not None]
    for target in targets:
        for node in ast.walk(target):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
    # compound statements bind what their bodies bind at module level
    for field in ("body", "orelse", "finalbody", "handlers"):
        for child in getattr(stmt, field, []) or []:
            if isinstance(child, ast.stmt):
                names |= _bound(child)
            elif isinstance(child, ast.ExceptHandler):
                for inner in child.body:
                    names |= _bound(inner)
    for node in ast.walk(stmt):
        if isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _changed(stmt: ast.stmt) -> set[str]:
    """Names whose object the statement changes: `d["f"] = ...`, `d.x = ...`, `lst.append(...)`."""
    names = set()
    for node in ast.walk(stmt):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(
                node.ctx, (ast.Store, ast.Del)):
            root = node.value
            while isinstance(root, (ast.Attribute, ast.Subscript)):
                root = root.value
            if isinstance(root, ast.Name):
                names.add(root.id)
    # a method called as a statement of its own: `helpers.append(f)`, `d.update(...)`
    for node in ast.walk(stmt):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call) and isinstance(
                node.value.func, ast.Attribute) and isinstance(node.value.func.value, ast.Name):
            names.add(node.value.func.value.id)
    return names


class _Reads(ast.NodeVisitor):
    """Global names a statement reads (names local to its functions left out)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        self.scopes: list[set[str]] = []

    def _function(self, node: Any) -> None:
        for decorator in getattr(node, "decorator_list", []):
            self.visit(decorator)
        args = node.args
        for default in [*args.defaults, *[d for d in args.kw_defaults if d is not None]]:
            self.visit(default)
        local = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
        local |= {a.arg for a in (args.vararg, args.kwarg) if a is not None}
        body = node.body if isinstance(node.body, list) else [node.body]
        declared_global: set[str] = set()
        for child in body:
            for inner in ast.walk(child):
                if isinstance(inner, ast.Name) and isinstance(inner.ctx, ast.Store):
                    local.add(inner.id)
                elif isinstance(inner, ast.Global):
                    declared_global |= set(inner.names)
                elif isinstance(inner, (ast.FunctionDef, ast.AsyncFunctionDef,
                                        ast.ClassDef)):
                    local.add(inner.name)
                elif isinstance(inner, (ast.Import, ast.ImportFrom)):
                    local |= {(a.asname or a.name).split(".")[0] for a in inner.names}
        self.scopes.append(local - declared_global)
        for child in body:
            self.visit(child)
        self.scopes.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_Lambda = _function

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load) and not any(node.id in s for s in self.scopes):
            self.names.add(node.id)


def _reads(stmt: ast.stmt) -> set[str]:
    visitor = _Reads()
    visitor.visit(stmt)
    return visitor.names


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
