"""The names side of `forbid`: aliases, dotted names, what each statement binds and reads.

Split from `dlcourse.grading.forbid`, which re-exports every public name
here: the alias table a notebook's imports build (`aliases`), the
spelling of one public API (`canonical`), the forbidden names a master's
`forbid:` list stands for (`expand`, `resolve_names`) and the globals a
question's tests read (`answer_names`).
"""

from __future__ import annotations

import ast
import builtins
from collections.abc import Collection, Iterable
from typing import Any

from dlcourse.grading.scan import as_python

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
