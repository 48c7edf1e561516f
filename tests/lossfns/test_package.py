"""The package's shape: the library alone on ``import lossfns``, three rooms around it.

``lossfns`` (the modules directly in ``lossfns/``) is the library: losses, gradients,
activations, validation, reductions, the registry, gradient checks and the helpers for
writing a loss. ``lossfns.training``, ``lossfns.reference`` and ``lossfns.course`` build
on it. These tests read the source (``ast``), so a forbidden import fails here even
inside a function that no other test calls.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import lossfns

PACKAGE_DIR = Path(lossfns.__file__).parent
ROOMS = ("training", "reference", "course")
# What each part may import from the package (besides itself).
ALLOWED = {
    "library": {"library"},
    "training": {"library", "training"},
    "reference": {"reference"},
    "course": {"library", "training", "course"},
}
HEAVY = ("matplotlib", "ipywidgets", "mpmath", "scipy", "sklearn")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE_DIR.rglob("*.py"))}


def _part(module: str) -> str:
    """"library", or the room (a subpackage of lossfns) the module belongs to."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ROOMS else "library"


def _package_of(module: str) -> str:
    is_package = MODULES[module].name == "__init__.py"
    return module if is_package else module.rpartition(".")[0]


def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _resolve(module: str, node):
    """``(imported module, name or None, local name)`` for each lossfns import of ``node``.

    ``from a import b`` gives ``(a.b, None, ...)`` when ``a.b`` is a module of the
    package, else ``(a, "b", ...)``; ``import a.b`` gives ``(a.b, None, "a")``.
    Relative imports are resolved against the module's package.
    """
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == "lossfns":
                yield alias.name, None, alias.asname or alias.name.split(".")[0]
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = _package_of(module).split(".")
            base = base[: len(base) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        if source.split(".")[0] != "lossfns":
            return
        for alias in node.names:
            local = alias.asname or alias.name
            if f"{source}.{alias.name}" in MODULES:
                yield f"{source}.{alias.name}", None, local
            else:
                yield source, alias.name, local


def _imports(module: str):
    """``(imported module, name or None, line)`` for every lossfns import of ``module``.

    Imports inside functions count.
    """
    for node in ast.walk(_tree(module)):
        for target, name, _ in _resolve(module, node):
            yield target, name, node.lineno


def test_importing_lossfns_loads_the_library_only():
    code = ("import sys, lossfns; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            f"('lossfns',) + {HEAVY!r}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    loaded = eval(result.stdout)  # a printed list of str
    library = {name for name in MODULES if _part(name) == "library"}
    outside = [name for name in loaded if name not in library]
    assert not outside, f"`import lossfns` loads more than the library: {outside}"
    assert {"lossfns.regression", "lossfns.classification", "lossfns.registry"} <= set(loaded)


def test_training_reference_and_course_load_on_first_use():
    code = ("import lossfns; "
            "assert lossfns.training.gradient_descent; "
            "assert lossfns.reference.__name__ == 'lossfns.reference'; "
            "assert lossfns.course.datasets.daily_sales; "
            "assert lossfns.course.widgets.frame_slider; "
            "assert lossfns.course.exercises.Feedback; "
            "print('ok')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_the_old_top_level_course_names_are_gone():
    for name in ("plotting", "widgets", "explorers", "exercises", "datasets", "report",
                 "gradient_descent", "MistakeNotebook", "loss_table_markdown"):
        assert not hasattr(lossfns, name), f"lossfns.{name} still exists"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no_such_thing"):
        lossfns.no_such_thing  # noqa: B018
    with pytest.raises(AttributeError, match="no_such_thing"):
        lossfns.course.no_such_thing  # noqa: B018


def test_all_lists_only_existing_names():
    for module in (lossfns, lossfns.training):
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_each_part_imports_only_what_it_builds_on():
    wrong = [f"{module} (line {line}) imports {target}"
             for module in MODULES for target, _, line in _imports(module)
             if _part(target) not in ALLOWED[_part(module)]]
    assert not wrong, ("the library imports nothing of training, reference or course; "
                       "training nothing of reference or course; reference nothing of the "
                       f"rest: {wrong}")


def test_no_import_cycle_between_the_modules_of_the_package():
    graph = {module: sorted({target for target, _, _ in _imports(module)} - {module})
             for module in MODULES}
    state: dict[str, str] = {}

    def visit(module, path):
        state[module] = "open"
        for target in graph.get(module, []):
            if state.get(target) == "open":
                cycle = path[path.index(target):] + [target]
                pytest.fail(f"import cycle: {' -> '.join(cycle)}")
            if target not in state:
                visit(target, path + [target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])


def _private_imports() -> list[tuple[str, str, str, int]]:
    """``(module, source, name, line)`` for every private name taken from another module.

    Both ``from x import _name`` and ``x._name`` (``x`` a module of the package bound by
    an import) count; a private *module* imported as a whole (``from . import _checks``)
    does not: its public names are meant to be shared.
    """
    found = []
    for module in MODULES:
        tree = _tree(module)
        bound = {}  # local name -> the lossfns module it refers to
        for node in ast.walk(tree):
            for target, name, local in _resolve(module, node):
                if name is None:
                    # `import lossfns.x` binds `lossfns`; `import lossfns.x as y` binds y to x
                    plain_import = isinstance(node, ast.Import) and local == target.split(".")[0]
                    bound[local] = local if plain_import else target
                elif name.startswith("_") and not name.startswith("__"):
                    found.append((module, target, name, node.lineno))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                    and node.value.id in bound and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and f"{bound[node.value.id]}.{node.attr}" not in MODULES):
                found.append((module, bound[node.value.id], node.attr, node.lineno))
    return found


def test_no_module_uses_a_private_name_of_another_module():
    found = _private_imports()
    offenders = [f"{module} (line {line}) uses {source}.{name}"
                 for module, source, name, line in found]
    assert not offenders, f"private names used across modules: {offenders}"
