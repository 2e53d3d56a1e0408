"""The package's architecture: layers that import only downward, and one name for one thing."""

import ast
import functools
import importlib
import inspect
import pkgutil
from pathlib import Path

import pydantic

import callprep

PACKAGE = Path(callprep.__file__).parent
# Higher layers may import lower ones, never the reverse. Modules outside these folders
# (errors, output, i18n, cldr, russian, extract, snapshots) are the base: they import no layer at all.
LAYERS = {
    "callprep.model": 1,
    "callprep.sheet": 2,
    "callprep.speech": 3,
    "callprep.documents": 4,
    "callprep.cli": 5,
    "callprep.__main__": 6,
    "callprep.entry": 6,
}


def layer(module: str) -> int:
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return 0


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path) for path in PACKAGE.rglob("*.py")}


def imported(path: Path) -> set[str]:
    """Every callprep module ``path`` imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("callprep"):
            found.add(node.module)
            # ``from callprep.sheet import model``: the submodule is what is imported
            found.update(
                f"{node.module}.{alias.name}" for alias in node.names if f"{node.module}.{alias.name}" in MODULES
            )
    return {name for name in found if name == "callprep" or name.startswith("callprep.")}


def violations(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{importer} (layer {layer(importer)}) imports {target} (layer {layer(target)})"
        for importer, targets in graph.items()
        for target in targets
        if layer(target) > layer(importer)
    )


def import_graph() -> dict[str, set[str]]:
    return {module_name(path): imported(path) for path in PACKAGE.rglob("*.py")}


def test_every_module_is_in_a_known_place():
    for name in import_graph():
        top = name.split(".")[1] if "." in name else ""
        assert layer(name) or top in ("", "errors", "output", "i18n", "cldr", "russian", "extract", "snapshots"), name


def test_imports_run_down_the_layers():
    assert violations(import_graph()) == []


def test_the_check_catches_an_upward_import():
    graph = {
        "callprep.model.phrases": {"callprep.speech.text"},
        "callprep.speech.folder": {"callprep.documents.render"},
    }
    assert len(violations(graph)) == 2


@functools.cache
def _classes() -> tuple[tuple[str, str], ...]:
    """(class name, module) of every class defined in callprep (``__main__`` runs the CLI: skipped)."""
    found = []
    for info in pkgutil.walk_packages(callprep.__path__, "callprep."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and value.__module__ == module.__name__:
                found.append((name, module.__name__))
    return tuple(found)


def test_no_two_classes_share_a_name():
    seen: dict[str, str] = {}
    for name, module in _classes():
        assert name not in seen, f"{name} is defined in {seen[name]} and {module}"
        seen[name] = module


def test_no_class_shadows_a_pydantic_name():
    assert set(dict(_classes())) & set(pydantic.__all__) == set()
