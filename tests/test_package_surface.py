"""Each module's ``__all__`` names what the rest of the project uses of it, and its types.

The package root's ``__all__`` is the public API (``tests/test_exported_members.py``). A module
inside the package lists in its own ``__all__`` the functions and constants that other code
takes from it (another module of the package, a training or bench script, or a test, which
reads a module's parts directly) or that the documentation names. A helper nothing else uses
stays out of the list; the module's types (classes, aliases, the store's tables) stay in it,
since they appear in the signatures of what it offers. The evaluation tasks' functions are
found by name (``crosswire.eval.TASKS``), as are the root's lazily loaded names, so they count
as used.
"""

from __future__ import annotations

import ast
import inspect
from collections import defaultdict
from pathlib import Path

import crosswire
from crosswire.eval import TASKS

PACKAGE = Path(crosswire.__file__).resolve().parent
PROJECT = PACKAGE.parent.parent
ELSEWHERE = ("training", "bench", "tests")


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _imported(modules: dict[str, Path]) -> tuple[dict[str, set[str]], set[str]]:
    """Module -> the names other code imports from it (``from module import name``); and every
    attribute read anywhere (``module.name``)."""
    used: dict[str, set[str]] = defaultdict(set)
    attributes: set[str] = set()
    sources = [(name, path) for name, path in modules.items()]
    sources += [("", path) for folder in ELSEWHERE for path in (PROJECT / folder).rglob("*.py")]
    passes: list[tuple[str, str, set[str] | None]] = []  # package, module, names (None: all)
    for name, path in sources:
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                attributes.add(node.attr)
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            names = {a.name for a in node.names}
            used[target] |= names
            if path.name == "__init__.py" and node.level == 1 and node.module:
                passes.append((name, target, None if "*" in names else names))
    for package, target, names in passes:  # a package passes on the uses of what it re-exports
        used[target] |= used[package] if names is None else used[package] & names
    for module, function in [*TASKS.values(), *crosswire._LAZY.values()]:
        used[module].add(function)
    return used, attributes


def _documented() -> str:
    return "\n".join(p.read_text(encoding="utf-8")
                     for p in [PROJECT / "README.md", *sorted((PROJECT / "docs").glob("*.md"))])


def _listed(path: Path) -> list[str]:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if (isinstance(node, ast.Assign) and isinstance(node.value, (ast.List, ast.Tuple))
                and any(isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets)):
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    return []


def test_package_surface_modules_list_only_what_other_code_uses() -> None:
    import importlib

    modules = _modules()
    used, attributes = _imported(modules)
    documented = _documented()
    unused = []
    for name, path in sorted(modules.items()):
        if name == "crosswire":
            continue
        module = importlib.import_module(name)
        for listed in _listed(path):
            value = getattr(module, listed, None)
            helper = inspect.isfunction(value) or isinstance(
                value, (str, int, float, tuple, frozenset, set, dict, list))
            if (not helper or listed in used[name] or listed in attributes
                    or f"`{listed}" in documented or f".{listed}`" in documented):
                continue
            unused.append(f"{name}.{listed}")
    assert unused == []
