"""lossfns.reference.highprecision: the mpmath references and the relative-error measure."""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

from lossfns.reference.highprecision import (
    elementwise_reference,
    mp_log_cosh,
    mp_log_sigmoid,
    mp_sigmoid,
    mp_softplus,
    reference,
    relative_error,
    relative_errors,
)


def test_reference_agrees_with_math_for_ordinary_inputs():
    for z in (-3.0, 0.0, 0.5, 12.0):
        assert elementwise_reference(mp_sigmoid, [z])[0] == pytest.approx(
            1 / (1 + math.exp(-z)), rel=1e-15)
        assert elementwise_reference(mp_softplus, [z])[0] == pytest.approx(
            math.log1p(math.exp(z)), rel=1e-15)
        assert elementwise_reference(mp_log_cosh, [z])[0] == pytest.approx(
            math.log(math.cosh(z)), rel=1e-14, abs=1e-300)


def test_reference_is_independent_of_the_ambient_precision():
    with mpmath.workdps(15):
        low = reference(lambda: mp_log_sigmoid(mpmath.mpf(-1e-10)))
    assert low == reference(lambda: mp_log_sigmoid(mpmath.mpf(-1e-10)))


def test_reference_refuses_a_computation_that_depends_on_the_precision():
    # ((1 + 1e-60) - 1) * 1e60 is 0 at 50 digits and 1 at 120 digits
    with pytest.raises(AssertionError, match="unstable"):
        reference(lambda: ((1 + mpmath.mpf(10) ** -60) - 1) * mpmath.mpf(10) ** 60)


def test_elementwise_reference_keeps_the_shape():
    out = elementwise_reference(mp_sigmoid, np.zeros((2, 3)))
    assert out.shape == (2, 3) and np.all(out == 0.5)


def test_relative_errors_count_nan_and_wrong_infinities_as_infinite():
    got = relative_errors([np.nan, np.inf, -np.inf, np.inf, 0.0], [1.0, 5.0, -np.inf, np.inf, 0.0])
    assert list(got) == [np.inf, np.inf, 0.0, 0.0, 0.0]


def test_relative_errors_is_absolute_where_the_reference_is_zero_and_relative_elsewhere():
    got = relative_errors([1e-20, 1.5, 0.0], [0.0, 1.0, 1e-300])
    np.testing.assert_allclose(got, [1e-20, 0.5, 1.0])
    assert relative_error([1.0, 1.5], [1.0, 1.0]) == 0.5


def test_relative_errors_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"value must have the reference's shape \(2,\)"):
        relative_errors([1.0, 2.0, 3.0], [1.0, 2.0])
