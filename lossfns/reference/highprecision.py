r"""High-precision reference values from mpmath, and the relative error of float64 results.

The reference functions (``mp_sigmoid``, ``mp_log_softmax``, ...) are the textbook
definitions evaluated in mpmath's multi-precision arithmetic, rewritten only through
exact real-number identities where the definition itself would need hundreds of
digits (:math:`\log(1 + x)` for tiny :math:`x` is written ``log1p(x)``). They take and
return mpmath numbers (lists of them for the softmax family) and work at whatever
precision is current.

:func:`reference` evaluates such a computation twice, at 50 and at 120 significant
digits, and refuses a result on which the two disagree beyond :math:`10^{-30}`: a
reference that lost precision raises instead of passing silently.
:func:`elementwise_reference` does this for one function over an array of inputs.
:func:`relative_errors` and :func:`relative_error` then measure a float64 result
against the reference, counting ``inf`` and ``nan`` where the truth is finite as an
infinite error.

The test oracles (``tests/oracles``) and ``benchmarks/accuracy.py`` use the same
functions; the numerical-stability appendix of the book measures
:mod:`lossfns.reference.naive` and the stable functions with them. Needs ``mpmath``
(``pip install mpmath``).

Examples
--------
>>> import mpmath
>>> print(f"{elementwise_reference(mp_sigmoid, [-700.0])[0]:.6e}")
9.859677e-305
>>> relative_error(0.1 + 0.2, reference(lambda: mpmath.mpf(0.1) + mpmath.mpf(0.2))) == 0
True
"""

from __future__ import annotations

from collections.abc import Callable

import mpmath
import numpy as np

__all__ = [
    "REFERENCE_DIGITS", "elementwise_reference", "mp_bce_with_logits", "mp_log_cosh",
    "mp_log_sigmoid", "mp_log_softmax", "mp_logsumexp", "mp_sigmoid", "mp_softmax",
    "mp_softplus", "mpf_vector", "reference", "relative_error", "relative_errors",
]

mp = mpmath.mp

#: The two precisions (significant decimal digits) every reference is computed at.
REFERENCE_DIGITS = (50, 120)


# ---------------------------------------------------------------------------
# evaluating a reference twice
# ---------------------------------------------------------------------------

def _agree(a, b) -> bool:
    if mpmath.isinf(a) or mpmath.isinf(b):
        return a == b
    # 1e-30 relative; the 1e-40 absolute floor absorbs the finite-difference noise
    # (about 1e-60 at 50 digits) around a derivative that is exactly 0
    return abs(a - b) <= max(mpmath.mpf(10) ** -30 * max(abs(a), abs(b)), mpmath.mpf(10) ** -40)


def _flatten(value) -> list:
    if isinstance(value, (list, tuple)):
        return [item for part in value for item in _flatten(part)]
    return [value]


def _shape_of(value) -> tuple:
    if isinstance(value, (list, tuple)):
        return (len(value),) + (_shape_of(value[0]) if value else ())
    return ()


def reference(compute: Callable[[], object]):
    """Evaluate ``compute()`` (an mpf, or nested lists of mpf) at 50 and 120 digits.

    Parameters
    ----------
    compute : callable
        Takes no argument and returns an mpmath number or nested lists of them,
        computed at the current mpmath precision.

    Returns
    -------
    float or numpy.ndarray
        The 120-digit value rounded to float64: a float for a single number, an
        array shaped like the nested lists otherwise.

    Raises
    ------
    AssertionError
        If the two precisions disagree beyond :math:`10^{-30}` relative (or
        :math:`10^{-40}` absolute): the reference itself is unreliable.

    Examples
    --------
    >>> import mpmath
    >>> reference(lambda: mpmath.log1p(mpmath.mpf(1e-20)))  # log(1 + 1e-20)
    1e-20
    """
    results = []
    for digits in REFERENCE_DIGITS:
        with mp.workdps(digits):
            results.append(compute())
    low, high = (_flatten(r) for r in results)
    for a, b in zip(low, high):
        if not _agree(a, b):
            raise AssertionError(f"mpmath reference unstable: {a} at 50 digits vs {b}")
    values = np.array([float(v) for v in high], dtype=np.float64)
    shape = _shape_of(results[1])
    return float(values[0]) if shape == () else values.reshape(shape)


def mpf_vector(values) -> list:
    """Floats (converted exactly) as a flat list of mpf numbers.

    Examples
    --------
    >>> mpf_vector([0.5, 2.0])
    [mpf('0.5'), mpf('2.0')]
    """
    return [mp.mpf(float(v)) for v in np.ravel(np.asarray(values, dtype=np.float64))]


def elementwise_reference(mp_function: Callable, inputs) -> np.ndarray:
    """``mp_function`` of every float in ``inputs``, as a float64 array checked by :func:`reference`.

    Parameters
    ----------
    mp_function : callable
        One mpmath number in, one out (e.g. :func:`mp_sigmoid`).
    inputs : array-like of float
        Any shape; every value is converted to mpmath exactly.

    Returns
    -------
    numpy.ndarray
        Shaped like ``inputs``.

    Examples
    --------
    >>> elementwise_reference(mp_softplus, [-800.0, 0.0, 800.0])
    array([0.00000000e+00, 6.93147181e-01, 8.00000000e+02])
    """
    inputs = np.asarray(inputs, dtype=np.float64)
    values = reference(lambda: [mp_function(x) for x in mpf_vector(inputs)])
    return np.asarray(values, dtype=np.float64).reshape(inputs.shape)


# ---------------------------------------------------------------------------
# the reference functions (mpmath numbers in and out)
# ---------------------------------------------------------------------------

def mp_sigmoid(z):
    r""":math:`\sigma(z) = 1 / (1 + e^{-z})` in mpmath.

    Examples
    --------
    >>> print(mpmath.nstr(mp_sigmoid(mpmath.mpf(0)), 5))
    0.5
    """
    return 1 / (1 + mp.exp(-z))


def mp_log_sigmoid(z):
    r""":math:`\log \sigma(z) = -\operatorname{log1p}(e^{-z})` in mpmath.

    Examples
    --------
    >>> print(mpmath.nstr(mp_log_sigmoid(mpmath.mpf(-1000)), 8))
    -1000.0
    """
    return -mp.log1p(mp.exp(-z))


def mp_softplus(z):
    r""":math:`\operatorname{softplus}(z) = \log(1 + e^{z}) = \operatorname{log1p}(e^{z})` in mpmath.

    Examples
    --------
    >>> print(mpmath.nstr(mp_softplus(mpmath.mpf(-50)), 8))
    1.9287498e-22
    """
    return mp.log1p(mp.exp(z))


def mp_softmax(z: list) -> list:
    r""":math:`e^{z_i} / \sum_j e^{z_j}` for a list of mpf ``z``.

    Examples
    --------
    >>> [mpmath.nstr(p, 4) for p in mp_softmax(mpf_vector([0.0, 0.0]))]
    ['0.5', '0.5']
    """
    total = mp.fsum(mp.exp(v) for v in z)
    return [mp.exp(v) / total for v in z]


def mp_log_softmax(z: list) -> list:
    r""":math:`z_i - \log \sum_j e^{z_j}` for a list of mpf ``z``.

    Written :math:`-\operatorname{log1p}\bigl(\sum_{j \ne i} e^{z_j - z_i}\bigr)`, an
    exact identity that keeps log-probabilities close to 0 accurate.

    Examples
    --------
    >>> [mpmath.nstr(v, 6) for v in mp_log_softmax(mpf_vector([0.0, 1000.0]))]
    ['-1000.0', '-5.07596e-435']
    """
    return [-mp.log1p(mp.fsum(mp.exp(zj - zi) for j, zj in enumerate(z) if j != i))
            for i, zi in enumerate(z)]


def mp_logsumexp(z: list):
    r""":math:`\log \sum_j e^{z_j}` for a list of mpf ``z``.

    Examples
    --------
    >>> print(mpmath.nstr(mp_logsumexp(mpf_vector([0.0, 0.0])), 6))
    0.693147
    """
    top = max(range(len(z)), key=lambda i: z[i])
    rest = mp.fsum(mp.exp(zj - z[top]) for j, zj in enumerate(z) if j != top)
    return z[top] + mp.log1p(rest)


def mp_bce_with_logits(y, z):
    r"""Binary cross-entropy of label ``y`` and logit ``z`` in mpmath.

    :math:`-[\,y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))\,]`, with
    :math:`1 - \sigma(z) = \sigma(-z)`.

    Examples
    --------
    >>> print(mpmath.nstr(mp_bce_with_logits(mpmath.mpf(0), mpmath.mpf(-40)), 8))
    4.2483543e-18
    """
    return -(y * mp_log_sigmoid(z) + (1 - y) * mp_log_sigmoid(-z))


def mp_log_cosh(e):
    r""":math:`\log \cosh e` in mpmath, with extra digits for small ``e``.

    :math:`\cosh e = 1 + e^2/2 + \dots` loses about :math:`2 |\log_{10} e|` digits to the
    "1 +", so the working precision grows by that much before rounding back.

    Examples
    --------
    >>> print(mpmath.nstr(mp_log_cosh(mpmath.mpf(1e-10)), 8))
    5.0e-21
    """
    digits_lost = 2 * max(0, -int(mpmath.floor(mpmath.log10(abs(e))))) if e else 0
    with mpmath.workdps(mp.dps + digits_lost + 10):
        value = mpmath.log(mpmath.cosh(e))
    return +value  # round back to the ambient precision


# ---------------------------------------------------------------------------
# measuring float64 results
# ---------------------------------------------------------------------------

def relative_errors(value, reference) -> np.ndarray:
    r"""Elementwise :math:`|v - r| / |r|` of float64 results ``value`` against ``reference``.

    Absolute error where the reference is 0; 0 where both are the same infinity;
    ``inf`` where the result is ``nan``, or infinite while the truth is finite.

    Parameters
    ----------
    value, reference : array-like of float, same shape
        The computed values and their (rounded) high-precision references.

    Returns
    -------
    numpy.ndarray
        Non-negative, shaped like ``value``.

    Raises
    ------
    ValueError
        If the shapes differ.

    Examples
    --------
    >>> relative_errors([1.0, float("inf"), float("nan"), 0.0], [1.0, 1e308, 2.0, 1e-300])
    array([ 0., inf, inf,  1.])
    """
    value = np.asarray(value, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    if value.shape != reference.shape:
        raise ValueError(f"value must have the reference's shape {reference.shape}, "
                         f"got shape {value.shape}")
    both_inf = np.isinf(value) & np.isinf(reference) & (np.sign(value) == np.sign(reference))
    scale = np.where(reference == 0.0, 1.0, np.abs(reference))
    with np.errstate(invalid="ignore", over="ignore"):
        err = np.where(both_inf, 0.0, np.abs(value - reference) / scale)
    return np.where(np.isnan(err), np.inf, err)


def relative_error(value, reference) -> float:
    """The largest of :func:`relative_errors`: one number for a whole array.

    Examples
    --------
    >>> relative_error([1.0, 2.0], [1.0, 2.0 + 2**-51])
    2.2204460492503126e-16
    """
    return float(np.max(relative_errors(value, reference)))
