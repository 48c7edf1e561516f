"""The mistake notebook (错题本): per-example losses recorded over training."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np

from .._validation import as_float_array


@dataclass(frozen=True)
class Mistake:
    """One entry of the notebook: how badly one example went at one step."""

    example: int        # position of the example in the data
    name: str           # a readable name for it
    step: int           # the training step at which it was recorded
    loss: float         # its per-example loss
    y_true: Any         # what the answer was
    y_pred: Any         # what the model said

    def __str__(self) -> str:
        return (f"{self.name}: loss {self.loss:.4g} at step {self.step} "
                f"(true {_short(self.y_true)}, predicted {_short(self.y_pred)})")


def _short(value) -> str:
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{float(array):.4g}"
    return "[" + ", ".join(f"{x:.3g}" for x in array.ravel()) + "]"


class MistakeNotebook:
    """Keep, like a student's 错题本, a record of every example's loss at every step.

    Each call of :meth:`record` scores a whole batch of predictions with ``loss``
    (``reduction="none"``, so one loss per example) and files them under a step
    number. The notebook can then list the worst mistakes first, follow one
    example's loss over time, and give the average loss per step.

    Parameters
    ----------
    loss : callable
        Any loss of the package (or one with the same signature).
    names : sequence of str, optional
        A readable name per example (``"photo 7 (cat)"``); default ``"example i"``.
    **loss_kwargs
        Hyper-parameters passed to ``loss`` at every step (``delta=2.0``, ...).

    Examples
    --------
    >>> from lossfns import mse
    >>> notebook = MistakeNotebook(mse, names=["a", "b", "c"])
    >>> notebook.record([1.0, 2.0, 3.0], [1.0, 4.0, 2.5], step=0).tolist()
    [0.0, 4.0, 0.25]
    >>> print(notebook.worst(1)[0])
    b: loss 4 at step 0 (true 2, predicted 4)
    """

    def __init__(self, loss: Callable, *, names: Sequence[str] | None = None,
                 **loss_kwargs):
        if not callable(loss):
            raise ValueError(f"loss must be a callable loss function, got {loss!r}")
        if "reduction" in loss_kwargs:
            raise ValueError("reduction is fixed to 'none' in a MistakeNotebook; "
                             "do not pass it")
        self.loss = loss
        self.loss_kwargs = loss_kwargs
        self._names = None if names is None else [str(name) for name in names]
        self._steps: list[int] = []
        self._losses: list[np.ndarray] = []
        self._y_true: list[np.ndarray] = []
        self._y_pred: list[np.ndarray] = []

    # --- recording -------------------------------------------------------
    def record(self, y_true, y_pred, *, step: int | None = None) -> np.ndarray:
        """Score one batch of predictions and file the per-example losses.

        ``step`` defaults to one more than the last recorded step (0 at first).
        Every step must hold the same examples, in the same order. Returns the
        per-example losses.
        """
        if step is None:
            step = self._steps[-1] + 1 if self._steps else 0
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)):
            raise ValueError(f"step must be an integer, got {step!r}")
        step = int(step)
        if self._steps and step <= self._steps[-1]:
            raise ValueError(
                f"step must increase from one record to the next: the last recorded "
                f"step is {self._steps[-1]}, got {step}"
            )
        losses = as_float_array(
            self.loss(y_true, y_pred, reduction="none", **self.loss_kwargs), "loss values"
        ).reshape(-1)
        if self._losses and losses.shape != self._losses[0].shape:
            raise ValueError(
                f"every step must score the same examples: the first step had "
                f"{self._losses[0].size}, this one has {losses.size}"
            )
        if self._names is not None and len(self._names) != losses.size:
            raise ValueError(
                f"names must have one name per example ({losses.size}), "
                f"got {len(self._names)}"
            )
        self._steps.append(step)
        self._losses.append(losses)
        self._y_true.append(np.array(y_true, dtype=np.float64, copy=True))
        self._y_pred.append(np.array(y_pred, dtype=np.float64, copy=True))
        return losses

    # --- reading ---------------------------------------------------------
    @property
    def steps(self) -> list[int]:
        """The recorded step numbers, in order."""
        return list(self._steps)

    @property
    def n_examples(self) -> int:
        """How many examples each step scores (0 before the first record)."""
        return self._losses[0].size if self._losses else 0

    def name(self, example: int) -> str:
        """The readable name of an example."""
        return self._names[example] if self._names is not None else f"example {example}"

    def _index_of(self, step: int | None) -> int:
        if not self._steps:
            raise ValueError("the notebook is empty: call record(...) first")
        if step is None:
            return len(self._steps) - 1
        if step not in self._steps:
            raise ValueError(f"step must be one of the recorded steps {self._steps}, "
                             f"got {step!r}")
        return self._steps.index(step)

    def losses(self, step: int | None = None) -> np.ndarray:
        """Per-example losses at ``step`` (default: the latest)."""
        return self._losses[self._index_of(step)].copy()

    def mean_losses(self) -> np.ndarray:
        """The average loss over the examples, one value per recorded step."""
        if not self._losses:
            return np.empty(0)
        return np.array([losses.mean() for losses in self._losses])

    def history(self, example: int) -> np.ndarray:
        """One example's loss at every recorded step."""
        self._index_of(None)
        if not 0 <= int(example) < self.n_examples:
            raise ValueError(f"example must be an index in [0, {self.n_examples - 1}], "
                             f"got {example!r}")
        return np.array([losses[int(example)] for losses in self._losses])

    def worst(self, k: int = 5, *, step: int | None = None) -> list[Mistake]:
        """The ``k`` examples with the largest loss at ``step``, worst first.

        Ties keep the examples' order, so the list is the same on every run.
        """
        if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
            raise ValueError(f"k must be a positive integer, got {k!r}")
        index = self._index_of(step)
        losses = self._losses[index]
        order = np.argsort(-losses, kind="stable")[:k]
        return [
            Mistake(example=int(i), name=self.name(int(i)), step=self._steps[index],
                    loss=float(losses[i]), y_true=self._y_true[index][i],
                    y_pred=self._y_pred[index][i])
            for i in order
        ]

    def table_html(self, k: int = 5, *, step: int | None = None) -> str:
        """The worst ``k`` mistakes at ``step`` as an HTML table (for notebooks).

        The table carries the class ``table``, which the book's theme styles
        (column spacing, borders) in both its light and dark modes.
        """
        rows = "".join(
            f"<tr><td>{rank}</td><td>{html.escape(m.name)}</td><td>{m.loss:.4g}</td>"
            f"<td>{_short(m.y_true)}</td><td>{_short(m.y_pred)}</td></tr>"
            for rank, m in enumerate(self.worst(k, step=step), start=1)
        )
        step_shown = self._steps[self._index_of(step)]
        return (
            f"<table class=\"table\"><caption>Worst {k} mistakes at step {step_shown}</caption>"
            "<thead><tr><th>rank</th><th>example</th><th>loss</th><th>true</th>"
            f"<th>predicted</th></tr></thead><tbody>{rows}</tbody></table>"
        )

    def __repr__(self) -> str:
        name = getattr(self.loss, "__name__", "loss")
        return (f"MistakeNotebook({name}, {self.n_examples} examples, "
                f"{len(self._steps)} steps recorded)")
