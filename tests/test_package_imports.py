"""No import cycles inside the package: every module's imports, those inside functions and
those made by name through ``importlib`` included, read from the source (imports under
``if TYPE_CHECKING:`` are for the type checker only and do not run)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import crosswire
import crosswire.web

PACKAGE = Path(crosswire.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.Module) -> set[int]:
    """The ids of import nodes under ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        name = (test.id if isinstance(test, ast.Name) else
                test.attr if isinstance(test, ast.Attribute) else "")
        if name == "TYPE_CHECKING":
            skipped |= {id(n) for part in node.body for n in ast.walk(part)}  # type: ignore[attr-defined]
    return skipped


def _targets(module: str, node: ast.Import | ast.ImportFrom, modules: dict[str, Path]) -> set[str]:
    """The package's modules one import statement loads (the module itself for
    ``from package import name`` where ``name`` is not a submodule)."""
    names: list[str] = []
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            if modules[module].name != "__init__.py":
                base = base[:-1]
            base = base[: len(base) - node.level + 1]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                 for alias in node.names]
    found = set()
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name and name != module:
            found.add(name)
    return found


def _named_imports(module: str, tree: ast.Module, modules: dict[str, Path]) -> set[str]:
    """The package's modules that a module importing by name (``importlib.import_module``)
    names in its strings: the root's lazy names (``crosswire._LAZY``), the evaluation
    tasks (``crosswire.eval.TASKS``)."""
    calls = {
        node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        for node in ast.walk(tree) if isinstance(node, ast.Call)
    }
    if "import_module" not in calls:
        return set()
    strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}
    return {name for name in strings if name in modules and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree)
        graph[module] = _named_imports(module, tree, modules)
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
                graph[module] |= _targets(module, node, modules)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_package_imports_graph_sees_function_level_imports() -> None:
    graph = import_graph()
    # crosswire.models.nli loads the Hugging Face backend inside load_nli only
    assert "crosswire.models.hf" in graph["crosswire.models.nli"]
    assert "crosswire.api" in graph["crosswire"]


def test_package_imports_graph_sees_imports_by_name() -> None:
    graph = import_graph()
    # the root loads the store on first use of crosswire.Store, eval a task when it runs
    assert "crosswire.store" in graph["crosswire"]
    assert "crosswire.eval.nli" in graph["crosswire.eval"]


def test_package_imports_have_no_cycle() -> None:
    assert cycles(import_graph()) == []


def _imports(path: Path) -> list[ast.Import | ast.ImportFrom]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))]


def test_package_imports_cli_uses_only_the_public_api() -> None:
    """The CLI is a thin layer over ``crosswire``'s public names: each name it imports is in
    ``crosswire.__all__``. The one other layer it may use is the web app, itself a layer over
    the public API and no part of it: ``crosswire serve`` takes names of
    ``crosswire.web.__all__``. It imports nothing else of the package."""
    layers = {"crosswire": set(crosswire.__all__), "crosswire.web": set(crosswire.web.__all__)}
    taken: dict[str, set[str]] = {layer: set() for layer in layers}
    for node in _imports(PACKAGE / "cli.py"):
        if isinstance(node, ast.ImportFrom):
            inside = node.level > 0 or (node.module or "").startswith("crosswire")
            if inside:
                assert node.level == 0 and node.module in layers, ast.unparse(node)
                taken[node.module] |= {alias.name for alias in node.names}
        else:
            names = [alias.name for alias in node.names if alias.name.startswith("crosswire")]
            assert all(name == "crosswire" for name in names), ast.unparse(node)
    assert taken["crosswire"], "the CLI imports nothing of crosswire"
    for layer, names in taken.items():
        assert names <= layers[layer], f"{layer}: {sorted(names - layers[layer])}"
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    used = set(re.findall(r"\bcrosswire\.(?!web\b)([A-Za-z_]\w*)\b", source))
    assert used <= set(crosswire.__all__), used - set(crosswire.__all__)


def test_package_imports_web_app_uses_only_the_public_api() -> None:
    """The web app imports, of the rest of the package, only names of ``crosswire.__all__``."""
    modules = _modules()
    taken: set[str] = set()
    for path in sorted((PACKAGE / "web").glob("*.py")):
        module = next(name for name, p in modules.items() if p == path)
        for node in _imports(path):
            for target in _targets(module, node, modules):
                if target.startswith("crosswire.web"):
                    continue
                assert target == "crosswire", f"{path.name}: {ast.unparse(node)}"
                assert isinstance(node, ast.ImportFrom)
                taken |= {alias.name for alias in node.names}
    assert taken and taken <= set(crosswire.__all__), taken - set(crosswire.__all__)


def test_package_imports_lazy_names_load_on_first_use() -> None:
    for name in crosswire.__all__:
        assert getattr(crosswire, name) is not None, name
    assert "render_html" in dir(crosswire)
    try:
        crosswire.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name must raise AttributeError")


def test_package_imports_store_depends_only_on_the_document_model_and_errors() -> None:
    """The store keeps rows: it runs no reader, cleaner, analysis, clusterer or comparison."""
    graph = import_graph()
    allowed = {"crosswire.document", "crosswire.errors"}
    for module in sorted(m for m in graph if m.startswith("crosswire.store")):
        outside = {t for t in graph[module] if not t.startswith("crosswire.store")}
        assert outside <= allowed, f"{module} imports {sorted(outside - allowed)}"
