"""The course's machinery: what the book's chapters need besides the losses themselves.

* :mod:`lossfns.course.datasets` -- small seeded data sets for the chapters;
* :mod:`lossfns.course.plotting` -- the book's figure style;
* :mod:`lossfns.course.widgets` -- interactive figures that also work in the static HTML;
* :mod:`lossfns.course.explorers` -- the chapters' interactive explorers, one module each;
* :mod:`lossfns.course.exercises` -- the checkers behind every chapter's exercises;
* :mod:`lossfns.course.report` -- Markdown tables (the loss table, the fact checks).

It builds on the library (:mod:`lossfns`) and on :mod:`lossfns.training`; neither of them
imports anything from here. The figures, widgets and explorers need matplotlib and
ipywidgets (the ``widgets`` extra); the data sets and the tables need numpy only. Each
module is imported on first use, so ``lossfns.course.datasets`` does not load matplotlib.
"""

import importlib

_SUBMODULES = ("datasets", "plotting", "widgets", "explorers", "exercises", "report")


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
