"""lossfns.reference.naive: the textbook formulas agree with the stable ones where they are benign,
and fail exactly where the numerical-stability appendix says they do.

The truth in every failure case is mpmath's (lossfns.reference.highprecision), not lossfns'.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import lossfns
from lossfns.reference import naive
from lossfns.reference.highprecision import (
    elementwise_reference,
    mp_bce_with_logits,
    mp_log_cosh,
    mp_log_sigmoid,
    mp_log_softmax,
    mp_logsumexp,
    mp_sigmoid,
    mp_softplus,
    mpf_vector,
    reference,
    relative_error,
    relative_errors,
)

EPS = np.finfo(np.float64).eps
benign = st.floats(-20.0, 20.0, allow_nan=False)


# --- agreement in a benign range --------------------------------------------------------

@given(benign)
def test_naive_sigmoid_and_log_sigmoid_agree_with_the_stable_ones_for_moderate_logits(z):
    assert naive.sigmoid(z) == pytest.approx(lossfns.sigmoid(z), rel=1e-14)
    assert naive.log_sigmoid(z) == pytest.approx(lossfns.log_sigmoid(z), rel=1e-12, abs=1e-15)


@given(st.floats(-5.0, 20.0))
def test_naive_softplus_agrees_with_minus_log_sigmoid_of_minus_z(z):
    assert naive.softplus(z) == pytest.approx(-lossfns.log_sigmoid(-z), rel=1e-13)


# |z| <= 8: beyond it 1 - p (or p) keeps fewer digits than 1e-9 needs (see the failures)
@given(st.floats(-8.0, 8.0), st.sampled_from([0.0, 1.0, 0.3]))
def test_naive_bce_from_logits_agrees_for_moderate_logits(z, y):
    stable = lossfns.binary_cross_entropy_with_logits([y], [z], reduction="none")[0]
    assert naive.binary_cross_entropy_with_logits(y, z) == pytest.approx(stable, rel=1e-9,
                                                                         abs=1e-12)


@given(st.lists(benign, min_size=2, max_size=6))
def test_naive_softmax_family_agrees_for_moderate_logits(z):
    assert naive.logsumexp(z) == pytest.approx(lossfns.logsumexp(z), rel=1e-13)
    np.testing.assert_allclose(naive.softmax(z), lossfns.softmax(z), rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(naive.log_softmax(z), lossfns.log_softmax(z),
                               rtol=1e-10, atol=1e-12)
    label = int(np.argmax(z))
    stable = lossfns.cross_entropy([label], [z], reduction="none")[0]
    assert naive.cross_entropy([label], [z])[0] == pytest.approx(stable, rel=1e-9, abs=1e-12)


@given(st.floats(0.1, 50.0), st.sampled_from([1.0, -1.0]))
def test_naive_log_cosh_agrees_for_moderate_errors(size, sign):
    stable = lossfns.log_cosh([0.0], [sign * size], reduction="none")[0]
    assert naive.log_cosh(0.0, sign * size) == pytest.approx(stable, rel=1e-12)


def test_naive_functions_keep_shapes():
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    assert naive.sigmoid(z).shape == (3, 4)
    assert naive.softmax(z).shape == (3, 4)
    assert naive.logsumexp(z).shape == (3,)
    assert naive.logsumexp(z, axis=0).shape == (4,)
    assert naive.cross_entropy([0, 1, 3], z).shape == (3,)
    assert isinstance(naive.sigmoid(0.0), np.float64)


# --- the failures the appendix describes -------------------------------------------------

def test_naive_sigmoid_underflows_to_zero_where_the_truth_is_tiny():
    truth = elementwise_reference(mp_sigmoid, [-720.0])[0]
    assert truth > 1e-313            # a (subnormal) float64 exists
    assert naive.sigmoid(-720.0) == 0.0
    assert relative_error(lossfns.sigmoid(-720.0), truth) < 1e-6  # subnormal: few digits
    assert relative_error(naive.sigmoid([-700.0]),
                          elementwise_reference(mp_sigmoid, [-700.0])) < 1e-13  # just before the overflow of exp(700) the naive one is still fine


def test_naive_softplus_overflows_above_709_and_loses_small_values_below_minus_37():
    assert naive.softplus(709.0) < np.inf
    assert naive.softplus(710.0) == np.inf
    z = np.array([710.0, 800.0, -40.0, -300.0])
    truth = elementwise_reference(mp_softplus, z)
    assert np.all(np.isfinite(truth)) and np.all(truth > 0)
    assert np.all(relative_errors(naive.softplus(z), truth) >= 1.0)
    assert relative_error(-lossfns.log_sigmoid(-z), truth) < 4 * EPS


def test_naive_softplus_near_minus_30_suffers_cancellation_that_log1p_avoids():
    z = -30.0
    truth = elementwise_reference(mp_softplus, [z])[0]
    naive_error = relative_error(naive.softplus(z), truth)
    assert naive_error > 1e3 * EPS       # 1 + e^-30 keeps only ~3 digits of e^-30
    assert relative_error(-lossfns.log_sigmoid(-z), truth) < 2 * EPS


def test_naive_log_sigmoid_is_minus_inf_where_the_truth_is_minus_the_logit():
    assert naive.log_sigmoid(-1000.0) == -np.inf
    truth = reference(lambda: mp_log_sigmoid(mpmath.mpf(-1000.0)))
    assert truth == pytest.approx(-1000.0)
    assert lossfns.log_sigmoid(-1000.0) == truth


def test_naive_bce_is_inf_when_the_probability_rounds_to_one_for_label_zero():
    truth = reference(lambda: mp_bce_with_logits(mpmath.mpf(0), mpmath.mpf(40.0)))
    assert truth == pytest.approx(40.0)
    assert naive.binary_cross_entropy_with_logits(0.0, 40.0) == np.inf
    assert np.isnan(naive.binary_cross_entropy_with_logits(1.0, 40.0))  # 0 * log 0
    assert lossfns.binary_cross_entropy_with_logits(0.0, 40.0) == pytest.approx(truth,
                                                                             rel=1e-15)


def test_naive_bce_of_a_confident_right_answer_loses_every_digit():
    # y = 1, z = 20: the true loss is log1p(e^-20) ~ 2.06e-9; 1 - p is exact but
    # log(p) = log(1 - 2.06e-9) keeps only about 7 digits
    truth = reference(lambda: mp_bce_with_logits(mpmath.mpf(1), mpmath.mpf(20.0)))
    assert relative_error(naive.binary_cross_entropy_with_logits(1.0, 20.0), truth) > 1e-9
    stable = lossfns.binary_cross_entropy_with_logits(1.0, 20.0)
    assert relative_error(stable, truth) < 2 * EPS


def test_naive_softmax_family_overflows_to_nan_and_underflows_to_minus_inf():
    z = [1000.0, 0.0]
    assert naive.logsumexp(z) == np.inf
    assert np.isnan(naive.softmax(z)[0])
    log_p = naive.log_softmax(z)
    assert np.isnan(log_p[0]) and log_p[1] == -np.inf
    truth = reference(lambda: mp_log_softmax(mpf_vector(z)))
    assert relative_error(lossfns.log_softmax(z), truth) < 2 * EPS
    assert reference(lambda: mp_logsumexp(mpf_vector(z))) == lossfns.logsumexp(z)
    # a gap of 800 between logits, small enough values: no nan but -inf for the rival
    assert naive.log_softmax([0.0, -800.0])[1] == -np.inf
    assert lossfns.log_softmax([0.0, -800.0])[1] == pytest.approx(-800.0)


def test_naive_cross_entropy_is_inf_or_nan_where_the_stable_one_is_exact():
    z = [[0.0, 800.0], [0.0, 800.0]]
    wrong, right = naive.cross_entropy([0, 1], z)
    assert wrong == np.inf and np.isnan(right)
    stable = lossfns.cross_entropy([0, 1], z, reduction="none")
    np.testing.assert_allclose(stable, [800.0, 0.0], atol=1e-300)


def test_naive_log_cosh_overflows_for_large_errors_and_is_zero_for_tiny_ones():
    e = np.array([711.0, 1e4, 1e-10])
    truth = elementwise_reference(mp_log_cosh, e)
    got = naive.log_cosh(np.zeros(3), e)
    assert got[0] == np.inf and got[1] == np.inf and got[2] == 0.0
    assert truth[2] == pytest.approx(5e-21)
    stable = lossfns.log_cosh(np.zeros(3), e, reduction="none")
    assert relative_error(stable, truth) < 2 * EPS


def test_naive_functions_do_not_warn(recwarn):
    naive.sigmoid(-1e4)
    naive.softplus(1e4)
    naive.log_softmax([1e4, 0.0])
    naive.log_cosh(0.0, 1e4)
    assert len(recwarn) == 0
