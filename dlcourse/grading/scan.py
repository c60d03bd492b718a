"""Static scan of a submission for code that tampers with grading.

otter-grader runs the hidden tests in the same Python process, and the same
global namespace, as the student's code. Whatever that code changes (a
module's attribute, the name `np`, the `grader` object) the tests see. Before
`dlcourse grade` runs a submission, `scan` reads every code cell's syntax tree
and reports what no course exercise needs and only a cheat would write:

- assigning to, or deleting, an attribute of dlcourse, otter, NumPy, pickle,
  doctest, builtins, sys or os (`np.testing.assert_allclose = ...`,
  `checks.close = ...` after `from dlcourse.grading import checks`), or a
  private attribute of `grader` (`grader._tests_dir = ...`);
- rebinding a name the tests rely on (`np`, `tf`, `keras`, `grading`,
  `dlcourse`, `otter`) to something other than its module;
- importing otter, builtins, importlib, ctypes, gc, inspect, the grader's own
  internals (`dlcourse.grading.guard`), `unittest.mock`, `posix` or `pty`;
- calling `setattr`, `delattr`, `exec`, `eval`, `compile`, `__import__`,
  `globals`, `vars`, `locals` or `breakpoint`, or `getattr` with a name
  that is not a literal;
- touching double-underscore attributes (`__dict__`, `__code__`,
  `__globals__`, `__builtins__`, ...) other than `__name__`, `__doc__` and
  `__version__`; `sys.modules`, `sys.stdout`, `sys.settrace` and friends;
- shell escapes and cell magics (`!cmd`, `%%bash`, `%system`, `get_ipython`,
  `subprocess`, `os.system`, `os.popen`, `os.exec*`, `os.spawn*`).

Replacing `grader` or `grader.check` is not among them: it only changes what
the student sees, since otter grades with its own checker (see
`dlcourse.grading.guard`). Each finding names its cell and line. The runtime guard
(`dlcourse.grading.guard`) covers what a static scan cannot see.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from dlcourse.grading.protocol import cell_source

PROTECTED_MODULES = frozenset(
    {"dlcourse", "otter", "numpy", "pickle", "doctest", "builtins", "sys", "os", "keras",
     "tensorflow"})
CANONICAL_NAMES = {
    "np": "numpy", "numpy": "numpy", "tf": "tensorflow", "tensorflow": "tensorflow",
    "keras": "keras", "grading": "dlcourse.grading", "dlcourse": "dlcourse", "otter": "otter",
}
FORBIDDEN_IMPORTS = frozenset(
    {"otter", "builtins", "importlib", "ctypes", "gc", "inspect", "traceback", "unittest.mock",
     "mock", "posix", "pty", "IPython.core", "IPython.terminal", "ipykernel", "__main__",
     "pytest", "_pytest", "operator.attrgetter", "operator.methodcaller", "copyreg", "marshal",
     "pickle", "dill", "cloudpickle", "site", "runpy", "types.FunctionType", "types.CodeType",
     "dlcourse.grading.guard", "dlcourse.grading.scan", "dlcourse.grading.grade",
     "dlcourse.grading.plugin", "dlcourse.grading.sandbox", "dlcourse.grading.submission",
     "dlcourse.grading._guard_rules", "dlcourse.grading._guard_modules",
     "dlcourse.grading._guard_kernel"})
FORBIDDEN_CALLS = frozenset(
    {"setattr", "delattr", "exec", "eval", "compile", "__import__", "globals", "vars",
     "locals", "breakpoint", "get_ipython"})
# Builtins that reach any attribute by a name held in data: passed around as values
# (`functools.reduce(getattr, ...)`, `f = setattr`) they hide what they reach from this scan.
INDIRECT_BUILTINS = frozenset({"getattr", "setattr", "delattr", "vars", "globals", "locals",
                               "exec", "eval", "compile", "__import__"})
# Private by name, public in use: `os._exit` ends the process (the guard makes it end the cell).
_PUBLIC_PRIVATES = frozenset({"os._exit"})
# The grader's own modules: no notebook reads or changes them.
_GRADER_MODULES = ("dlcourse.grading.guard", "dlcourse.grading.plugin", "dlcourse.grading.scan",
                   "dlcourse.grading.sandbox", "dlcourse.grading.submission",
                   "dlcourse.grading.answers", "dlcourse.grading.forbid",
                   "dlcourse.grading.protocol", "dlcourse.grading.grade",
                   "dlcourse.grading._guard_rules", "dlcourse.grading._guard_modules",
                   "dlcourse.grading._guard_kernel", "dlcourse.grading._forbid_names")
ALLOWED_DUNDERS = frozenset({"__name__", "__doc__", "__version__", "__init__", "__call__",
                             "__len__", "__getitem__", "__iter__", "__repr__", "__str__"})
SYS_ATTRIBUTES = frozenset(
    {"modules", "stdout", "stderr", "stdin", "settrace", "setprofile", "addaudithook",
     "meta_path", "path_hooks", "displayhook", "excepthook", "_getframe", "__stdout__",
     "__stderr__", "_current_frames", "_getframemodulename", "last_traceback", "last_exc",
     "monitoring", "exc_info", "exception"})
# Attributes that lead to a frame object (the grader's locals, the hidden tests' source), or
# install code that runs with every frame: no course exercise needs them.
FRAME_ATTRIBUTES = frozenset(
    {"tb_frame", "tb_next", "gi_frame", "cr_frame", "ag_frame", "f_back", "f_locals",
     "f_globals", "f_code", "f_builtins", "settrace", "setprofile", "settrace_all_threads",
     "setprofile_all_threads", "currentframe", "findCaller", "get_ipython", "_current_frames",
     "_getframe", "_ip", "get_field", "loggerDict", "getoutput", "system_piped", "system_raw"})
SHELL_CALLS = frozenset(
    {"os.system", "os.popen", "os.execv", "os.execve", "os.execl", "os.execle", "os.execlp",
     "os.execvp", "os.execvpe", "os.spawnl", "os.spawnv", "os.spawnve", "os.posix_spawn",
     "os.posix_spawnp", "os.fork", "os.forkpty", "os.write", "os.kill", "os.killpg"})
SHELL_MODULES = frozenset({"subprocess", "multiprocessing", "socket", "signal"})
# IPython magics a course notebook may use; a cell magic's body is scanned as code.
LINE_MAGICS = frozenset({"matplotlib", "time", "timeit"})
CELL_MAGICS = frozenset({"time", "timeit", "capture"})


@dataclass(frozen=True)
class Finding:
    """One suspicious line: cell index (0-based, code and markdown), line, what it does."""

    cell: int
    line: int
    message: str

    def __str__(self) -> str:
        return f"cell {self.cell + 1}, line {self.line}: {self.message}"


class _Visitor(ast.NodeVisitor):
    def __init__(self) -> None:
        self.findings: list[tuple[int, str]] = []
        # name -> the module it is bound to, for names bound by an import statement
        self.modules: dict[str, str] = {}
        # names later bound to something else (a model, an array): no longer the library
        self.values: set[str] = set()
        self.called: set[int] = set()

    def flag(self, node: ast.AST, message: str) -> None:
        self.findings.append((getattr(node, "lineno", 1), message))

    # imports ---------------------------------------------------------------
    def _imported(self, node: ast.AST, module: str, bound: str, bound_module: str) -> None:
        self.values.discard(bound)
        if any(module == f or module.startswith(f + ".") for f in FORBIDDEN_IMPORTS):
            self.flag(node, f"imports {module}")
        elif module.split(".")[-1] in FRAME_ATTRIBUTES:
            self.flag(node, f"imports {module} (reaches the call stack's frames)")
        if module.split(".")[0] in SHELL_MODULES:
            self.flag(node, f"imports {module} (runs other processes or sends signals)")
        if bound in CANONICAL_NAMES:
            expected = CANONICAL_NAMES[bound]
            if bound_module != expected and not bound_module.endswith("." + expected):
                self.flag(node, f"binds the name {bound!r} to {bound_module}, not {expected}")
        self.modules[bound] = bound_module

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self._imported(node, alias.name, alias.asname, alias.name)
            else:
                root = alias.name.split(".")[0]
                self._imported(node, alias.name, root, root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = "." * node.level + (node.module or "")
        for alias in node.names:
            if alias.name == "*":
                self._imported(node, base, "*", base)
                if base.split(".")[0] in PROTECTED_MODULES | {"tensorflow", "keras"}:
                    self.flag(node, f"imports * from {base} (rebinds names the tests use)")
            else:
                full = f"{base}.{alias.name}"
                self._imported(node, full, alias.asname or alias.name, full)
                if full in SHELL_CALLS or (base == "sys" and alias.name in SYS_ATTRIBUTES):
                    self.flag(node, f"imports {full}")

    # assignments -------------------------------------------------------------
    def _root(self, node: ast.AST) -> str | None:
        while isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        return node.id if isinstance(node, ast.Name) else None

    def _target(self, target: ast.AST, verb: str) -> None:
        if isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._target(element, verb)
        elif isinstance(target, ast.Starred):
            self._target(target.value, verb)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Call):
            self.flag(target, f"{verb} {ast.unparse(target)} (an attribute of a computed object)")
        elif isinstance(target, ast.Attribute):
            root = self._root(target)
            module = self.modules.get(root or "", "")
            if (root == "grader" and target.attr.startswith("_")) or root in CANONICAL_NAMES or (
                    module.split(".")[0] in PROTECTED_MODULES):
                self.flag(target, f"{verb} {ast.unparse(target)} (changes what the tests use)")
            elif root in self.modules and root not in self.values:
                # any module or library object an import bound: no exercise changes a library
                self.flag(target, f"{verb} {ast.unparse(target)} (changes the library "
                                  f"{module})")
        elif isinstance(target, ast.Subscript):
            root = self._root(target)
            holder = ast.unparse(target.value)
            if root == "__builtins__" or self._dotted(target.value) == "sys.modules":
                self.flag(target, f"{verb} {holder}[...]")
        elif isinstance(target, ast.Name) and target.id in CANONICAL_NAMES:
            self.flag(target, f"{verb} the name {target.id!r}, which the tests rely on")

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._target(target, "assigns")
        # `R = doctest.DocTestRunner`: R now stands for a protected object
        aliased = False
        if isinstance(node.value, (ast.Name, ast.Attribute)):
            root = self._root(node.value)
            if root is not None and root in self.modules and root not in self.values:
                resolved = self._dotted(node.value)
                aliased = True
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        self.modules[target.id] = resolved
                        self.values.discard(target.id)
        if not aliased:  # `data = data.load(...)`: the name holds a value now
            for target in node.targets:
                for name in ast.walk(target):
                    if isinstance(name, ast.Name):
                        self.values.add(name.id)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._target(node.target, "assigns")
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._target(node.target, "assigns")
        self.generic_visit(node)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self._target(node.target, "assigns")
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._target(target, "deletes")
        self.generic_visit(node)

    def visit_For(self, node: ast.For) -> None:
        self._target(node.target, "loops over")
        self.generic_visit(node)

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            if item.optional_vars is not None:
                self._target(item.optional_vars, "binds")
        self.generic_visit(node)

    def _definition(self, node: ast.AST, name: str) -> None:
        if name in CANONICAL_NAMES:
            self.flag(node, f"defines {name!r}, a name the tests rely on")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._definition(node, node.name)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._definition(node, node.name)
        self.generic_visit(node)

    # calls and attributes ------------------------------------------------------
    def _dotted(self, node: ast.AST) -> str:
        """`np.testing.x` -> `numpy.testing.x`: the root name resolved through imports."""
        dotted = ast.unparse(node)
        root = self._root(node) or ""
        module = self.modules.get(root, root)
        return module + dotted[len(root):] if root else dotted

    def _nested(self, code: str) -> list[tuple[int, str]]:
        """Findings in code a magic runs, with this cell's imports known."""
        inner = _Visitor()
        inner.modules = dict(self.modules)
        found = scan_source(code, inner)
        self.modules.update(inner.modules)
        return found

    def _ipython(self, node: ast.Call) -> bool:
        """Handles `get_ipython().<method>(...)` as IPython writes magics; True if it was one."""
        func = node.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Call)
                and isinstance(func.value.func, ast.Name) and func.value.func.id == "get_ipython"):
            return False
        args = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
        name = str(args[0]).lstrip("%") if args else ""
        if func.attr == "run_line_magic" and name in LINE_MAGICS:
            if name in ("time", "timeit") and len(args) > 1:  # `%time code`: scan the code
                code = re.sub(r"^(\s*-\w+(\s+\d+)?)*\s*", "", str(args[1]))
                for _, message in self._nested(code):
                    self.flag(node, f"(inside %{name}) {message}")
        elif func.attr == "run_cell_magic" and name in CELL_MAGICS and len(args) == 3:
            # the magic's own line may hold code too (`%%timeit -n1 setup-code`)
            setup = re.sub(r"^(\s*-\w+(\s+\d+)?)*\s*", "", str(args[1]))
            for line, message in self._nested(setup + "\n" + str(args[2])):
                self.flag(node, f"(inside %%{name}, line {line}) {message}")
        else:
            what = {"system": "!", "getoutput": "!"}.get(func.attr, "%")
            self.flag(node, f"runs the shell or a magic ({what}{name})")
        for arg in node.args:
            self.visit(arg)
        return True

    def visit_Call(self, node: ast.Call) -> None:
        if self._ipython(node):
            return
        func = node.func
        self.called.add(id(func))
        if any(k.arg == "stack_info" for k in node.keywords):
            self.flag(node, "logs with stack_info (prints the call stack's source)")
        if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
            self.flag(node, f"calls {func.id}()")
        if isinstance(func, ast.Name) and func.id == "getattr" and (
                len(node.args) < 2 or not isinstance(node.args[1], ast.Constant)
                or str(node.args[1].value).startswith("_")):
            self.flag(node, "calls getattr() with a computed or private name")
        if isinstance(func, ast.Attribute):
            dotted = self._dotted(func)
            if dotted in SHELL_CALLS:
                self.flag(node, f"calls {ast.unparse(func)}()")
            if func.attr in ("attrgetter", "methodcaller"):
                self.flag(node, f"calls {ast.unparse(func)}() (reaches attributes by a name in "
                                "data)")
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        attr = node.attr
        if attr.startswith("__") and attr.endswith("__") and attr not in ALLOWED_DUNDERS:
            self.flag(node, f"uses {ast.unparse(node)}")
        root = self._root(node)
        if root is not None and self.modules.get(root, root) == "sys" and attr in SYS_ATTRIBUTES:
            self.flag(node, f"uses {ast.unparse(node)}")
        elif attr in FRAME_ATTRIBUTES:
            self.flag(node, f"uses {ast.unparse(node)} (reaches the call stack's frames or "
                            "the grader's internals)")
        if root == "grader" and isinstance(node.value, ast.Name) and attr.startswith("_"):
            self.flag(node, f"uses {ast.unparse(node)} (the grader's internals)")
        elif attr.startswith("_") and not attr.startswith("__") and root in self.modules \
                and root not in self.values and self._dotted(node) not in _PUBLIC_PRIVATES:
            self.flag(node, f"uses {ast.unparse(node)} (a library's private name)")
        dotted = self._dotted(node) if root in self.modules else ""
        if any(dotted == f or dotted.startswith(f + ".") for f in _GRADER_MODULES):
            self.flag(node, f"uses {ast.unparse(node)} (the grader's own code)")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("__builtins__", "__loader__", "__spec__"):
            self.flag(node, f"uses {node.id}")
        elif node.id in INDIRECT_BUILTINS and isinstance(node.ctx, ast.Load) \
                and id(node) not in self.called:
            self.flag(node, f"passes {node.id} around as a value (reaches names held in data)")


def as_python(source: str) -> str:
    """IPython syntax (magics, `!cmd`) as the plain Python IPython itself runs.

    Args:
        source: a code cell's source.

    Returns:
        The Python IPython would run; the source itself where IPython gives up.

    Example:
        >>> as_python("%matplotlib inline\\nx = 1")
        "get_ipython().run_line_magic('matplotlib', 'inline')\\nx = 1\\n"
    """
    try:
        from IPython.core.inputtransformer2 import TransformerManager
    except ImportError:  # pragma: no cover - IPython comes with jupyter
        return source
    try:
        return TransformerManager().transform_cell(source)
    except Exception:  # IPython gives up on some broken cells; parse them as they are
        return source


def scan_source(source: str, visitor: _Visitor | None = None) -> list[tuple[int, str]]:
    """(line, message) for each suspicious line of one cell's source.

    Args:
        source: the source of one code cell (IPython magics included).
        visitor: carries imports and aliases over from earlier cells.

    Returns:
        A list of (line number, message), empty for a clean cell.

    Example:
        >>> scan_source("import numpy as np\\nnp.allclose = print")
        [(2, 'assigns np.allclose (changes what the tests use)')]
    """
    try:
        tree = ast.parse(as_python(source))
    except SyntaxError:
        return []  # the cell cannot run either: it only costs the student its own points
    visitor = visitor or _Visitor()
    visitor.findings = []
    visitor.visit(tree)
    return visitor.findings


def scan(nb: Any, *, trusted: Collection[str] = ()) -> list[Finding]:
    """Findings for every code cell of a notebook (a dict, as json or nbformat reads it).

    Args:
        nb: the notebook.
        trusted: the released notebook's code cell sources. A cell left as
            released is not scanned, and in an edited cell the released lines
            are not reported (the setup cell installs dlcourse with `%pip` on
            Colab, which no student line may do).

    Returns:
        Findings in cell order; empty when nothing looks like tampering.

    Example:
        >>> nb = {"cells": [{"cell_type": "code", "source": "import numpy as np\\nnp.x = 1"}]}
        >>> [str(f) for f in scan(nb)]
        ['cell 1, line 2: assigns np.x (changes what the tests use)']
    """
    trusted = set(trusted)
    trusted_lines = {line.strip() for source in trusted for line in source.splitlines()}
    findings = []
    visitor = _Visitor()  # one for the whole notebook: an import in one cell serves the next
    for index, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        source = cell_source(cell)
        lines = source.splitlines()
        found = scan_source(source, visitor)
        if source in trusted:
            continue
        for line, message in found:
            text = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            if text and text in trusted_lines:
                continue
            findings.append(Finding(index, line, message))
    return findings
