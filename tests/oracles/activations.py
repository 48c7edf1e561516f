"""50-digit mpmath references for ``lossfns.activations`` (and shared mpmath helpers).

The reference formulas are the textbook definitions evaluated in multi-precision
arithmetic, rewritten only through exact real-number identities where the
definition itself would need hundreds of digits (``log(1 + x)`` for tiny ``x``
is written ``log1p(x)``, ``z_i - log(sum e^z)`` as ``-log1p(sum_{j!=i}
e^{z_j - z_i})``). Every reference is computed twice, at 50 and at 120
significant digits, and must agree to 30 digits: a reference that lost
precision raises instead of passing silently.

Gradient references do not use the derivations in ``lossfns``: they are
central differences of the multi-precision loss with a step of ``|x| * 2^-176``
(mpmath.diff doubles the working precision for that).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import mpmath
import numpy as np

from lossfns import activations

# The reference functions and the 50/120-digit check live in the package, so that the
# book's numerical-stability appendix measures with the same ones.
from lossfns.reference.highprecision import (  # noqa: F401  (re-exported for the other oracles)
    REFERENCE_DIGITS,
    mp_log_sigmoid,
    mp_log_softmax,
    mp_logsumexp,
    mp_sigmoid,
    mp_softmax,
    mpf_vector,
    reference,
)

from . import AccuracyCase

mp = mpmath.mp


# ---------------------------------------------------------------------------
# derivatives (the reference functions themselves are in lossfns.reference.highprecision)
# ---------------------------------------------------------------------------

def derivative(f: Callable, x) -> mpmath.mpf:
    """d f / d x at the float ``x`` by a central difference with a relative step.

    The step is ``|x| * 2^-(prec + 10)``; for tiny ``|x|`` the working precision
    grows by the bits of ``1/|x|`` so that ``f(x + h) - f(x - h)`` stays
    resolvable next to the O(1) parts of ``f`` (e.g. ``x = 1e-300``).
    """
    x = mp.mpf(float(x))
    h = (abs(x) if x != 0 else mp.mpf(1)) * mp.mpf(2) ** -(mp.prec + 10)
    extra_bits = max(0, -int(mpmath.mag(x))) if x != 0 else 0
    return mpmath.diff(f, x, h=h, addprec=10 + extra_bits)


def gradient(f: Callable[[list], mpmath.mpf], x: Sequence[float]) -> list:
    """Partial derivatives of ``f(list of mpf)`` at the floats ``x`` (any shape, flattened)."""
    point = mpf_vector(x)
    partials = []
    for j in range(len(point)):
        def along(t, j=j):
            moved = list(point)
            moved[j] = t
            return f(moved)
        partials.append(derivative(along, point[j]))
    return partials


def reshape_like(flat: list, like) -> list:
    """Nested lists of ``flat`` shaped like the array ``like``."""
    shape = np.shape(like)
    if len(shape) == 0:
        return flat[0]
    if len(shape) == 1:
        return list(flat)
    width = int(np.prod(shape[1:]))
    return [reshape_like(flat[i * width:(i + 1) * width], np.empty(shape[1:]))
            for i in range(shape[0])]


# ---------------------------------------------------------------------------
# the reference activations along an axis
# ---------------------------------------------------------------------------

def _along_axis_reference(mp_function, z, axis=-1, reduces=False):
    z = np.asarray(z, dtype=np.float64)
    moved = np.moveaxis(z, axis, -1)
    slices = [moved[index] for index in np.ndindex(moved.shape[:-1])]

    def compute():
        return [mp_function(mpf_vector(values)) for values in slices]

    values = np.atleast_1d(reference(compute))
    if reduces:
        result = values.reshape(moved.shape[:-1])
        return float(result) if result.ndim == 0 else result
    return np.moveaxis(values.reshape(moved.shape), -1, axis)


# ---------------------------------------------------------------------------
# the grid
# ---------------------------------------------------------------------------

SCALAR_LOGITS = (0.0, 1e-10, -1e-10, 1.0, -1.0, 36.0, -36.0, 40.0, -40.0, 700.0, -700.0,
                 1e4, -1e4, 3.5, -0.25)

VECTOR_LOGITS = (
    [0.0, 0.0, 0.0],
    [1e8, 1e8, 1e8],
    [1e8 + 1.0, 1e8, 1e8 - 1.0],
    [1.0, 2.0, 3.0],
    [-1e4, 0.0, 1e4],
    [40.0, 0.0, 0.0],
    [36.0, 0.0],
    [700.0, 0.0, -700.0],
    [1e-10, -1e-10, 0.0],
    [-40.0, -36.0, 0.0],
    [-36.0, -40.0],
    [0.0, -40.0],
    [0.5, 0.25, -0.125, 2.0],
)


def accuracy_cases():
    """Every activation on the grid of extreme inputs, against mpmath."""
    for z in SCALAR_LOGITS:
        yield AccuracyCase("sigmoid", activations.sigmoid, (z,),
                           reference=reference(lambda z=z: mp_sigmoid(mp.mpf(z))),
                           label=f"z={z:g}")
        yield AccuracyCase("log_sigmoid", activations.log_sigmoid, (z,),
                           reference=reference(lambda z=z: mp_log_sigmoid(mp.mpf(z))),
                           label=f"z={z:g}")
    for z in VECTOR_LOGITS:
        label = f"z={z}"
        for name, mp_function, reduces in (("softmax", mp_softmax, False),
                                           ("log_softmax", mp_log_softmax, False),
                                           ("logsumexp", mp_logsumexp, True)):
            yield AccuracyCase(name, getattr(activations, name), (z,),
                               reference=_along_axis_reference(mp_function, z, -1, reduces),
                               label=label)
    # a 2-D batch along axis 0 (classes in the columns of the transpose)
    batch = np.array([[1e8, 0.0], [1e8, -40.0], [1e8 - 2.0, 1e-10]])
    for name, mp_function, reduces in (("softmax", mp_softmax, False),
                                       ("log_softmax", mp_log_softmax, False),
                                       ("logsumexp", mp_logsumexp, True)):
        yield AccuracyCase(name, getattr(activations, name), (batch,), {"axis": 0},
                           reference=_along_axis_reference(mp_function, batch, 0, reduces),
                           label="2-D batch, axis=0")
