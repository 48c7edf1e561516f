"""Local Sphinx extension for the API reference appendix (``book/appendix/api_reference.md``).

Three additions to autodoc and napoleon, so that the page cannot drift from the package
and renders every docstring as written:

1. **``{lossfns-submodules}`` directive.** ``lossfns.course.explorers`` and
   ``lossfns.course.exercises`` grow one module per chapter. The directive takes a package
   name and documents every public submodule it finds (``pkgutil``; names starting with
   ``_`` are private), each in its own section titled with the module's name, with ``automodule`` and ``:members:``.
   A chapter's new explorer or exercise module appears on the page without editing it.

2. **Re-exported names resolve.** The reference documents every object where it is
   defined (``lossfns.activations.sigmoid``), but docstrings and chapters name objects by
   the path a reader imports (``lossfns.sigmoid``, ``lossfns.LOSSES``,
   ``lossfns.course.explorers.margin_explorer``) or by a bare name from another module
   (``:func:`gradient_descent``` in ``lossfns.training.models``, a name of
   ``lossfns.training``). When the Python domain finds no
   object of that name, this handler imports the name (trying the current module, its
   parent packages and ``lossfns`` as prefixes), and if the object it finds is one the
   page documents under another name, the reference points there. A name that is not a
   ``lossfns`` object stays unresolved (and fails the nitpicky build).

3. **Module constants keep their prose.** napoleon reads the first line of an attribute's
   or a constant's docstring as ``type: description`` when it has a colon, so
   ``#: Cost of answering column j when the truth is row i (cat, dog, tiger): mixing up...``
   rendered "Cost of ... tiger)" as a (broken) type. ``lossfns`` never uses that
   convention (types are annotations or in the prose, and a constant's ``#:`` comment
   has no numpydoc sections), so module-level data keeps its docstring as written:
   it is saved before napoleon runs and put back after.
"""

from __future__ import annotations

import importlib
import pkgutil

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

PACKAGE = "lossfns"


def public_submodules(package: str) -> list[str]:
    """Dotted names of ``package``'s submodules (one level) whose names do not start with ``_``."""
    module = importlib.import_module(package)
    return sorted(f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)
                  if not info.name.startswith("_"))


class LossfnsSubmodules(SphinxDirective):
    """Document every public submodule of a package, one section each."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        package = self.arguments[0]
        sections = []
        for name in public_submodules(package):
            section = nodes.section()
            section["ids"].append(nodes.make_id(f"module-section-{name}"))
            title = nodes.title()
            title += nodes.literal(name, name)
            section += title
            # the page is MyST Markdown, autodoc writes reStructuredText: eval-rst bridges them
            content = StringList(["```{eval-rst}", f".. automodule:: {name}", "   :members:",
                                  "```"],
                                 source=self.get_source_info()[0])
            self.state.nested_parse(content, self.content_offset, section)
            sections.append(section)
            self.env.note_dependency(importlib.import_module(name).__file__)
        return sections


def _documented_objects(env) -> dict[int, tuple[str, str]]:
    """id(python object) -> (documented full name, object type), for every documented object."""
    cache = getattr(env, "_lossfns_documented", None)
    if cache is not None:
        return cache
    found = {}
    for fullname, entry in env.get_domain("py").objects.items():
        obj = _import(fullname)
        if obj is not None and not isinstance(obj, (int, float, str, bool)):
            found.setdefault(id(obj), (fullname, entry.objtype))
    env._lossfns_documented = found
    return found


def _import(dotted: str):
    """The object named ``dotted`` (module, or attribute path inside a module), or None."""
    parts = dotted.split(".")
    if parts[0] != PACKAGE:
        return None
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attribute in parts[cut:]:
            obj = getattr(obj, attribute, None)
            if obj is None:
                return None
        return obj
    return None


def _candidates(target: str, module: str | None) -> list[str]:
    names = [target]
    if module:
        parts = module.split(".")
        names += [".".join(parts[:cut] + [target]) for cut in range(len(parts), 0, -1)]
    names.append(f"{PACKAGE}.{target}")
    return list(dict.fromkeys(names))  # in order, without repeats


def resolve_reexported(app: Sphinx, env, node, contnode):
    if node.get("refdomain") != "py":
        return None
    target = node["reftarget"].lstrip("~.")
    documented = _documented_objects(env)
    for candidate in _candidates(target, node.get("py:module")):
        obj = _import(candidate)
        if obj is None or id(obj) not in documented:
            continue
        fullname, _ = documented[id(obj)]
        results = env.get_domain("py").resolve_any_xref(env, node["refdoc"], app.builder,
                                                         fullname, node, contnode)
        if results:
            return results[0][1]
    return None


def _forget_documented(app: Sphinx, env, *args) -> None:
    if hasattr(env, "_lossfns_documented"):
        del env._lossfns_documented


_SAVED_DATA_DOCSTRINGS: dict[str, list[str]] = {}


def save_data_docstring(app: Sphinx, what: str, name: str, obj, options, lines: list) -> None:
    if what == "data":
        _SAVED_DATA_DOCSTRINGS[name] = list(lines)


def restore_data_docstring(app: Sphinx, what: str, name: str, obj, options,
                           lines: list) -> None:
    if what == "data" and name in _SAVED_DATA_DOCSTRINGS:
        lines[:] = _SAVED_DATA_DOCSTRINGS.pop(name)


def setup(app: Sphinx) -> dict:
    # around napoleon's own autodoc-process-docstring handler (priority 500)
    app.connect("autodoc-process-docstring", save_data_docstring, priority=400)
    app.connect("autodoc-process-docstring", restore_data_docstring, priority=600)
    app.add_directive("lossfns-submodules", LossfnsSubmodules)
    app.connect("missing-reference", resolve_reexported)
    app.connect("env-updated", _forget_documented)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
