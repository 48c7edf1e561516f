"""Tests of lossfns.activations: accuracy against mpmath, invariances, input checks."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from lossfns.activations import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax
from tests.oracles import relative_error
from tests.oracles.activations import accuracy_cases, mp_log_softmax, mpf_vector, reference

TOLERANCE = 1e-13
CASES = list(accuracy_cases())


@pytest.mark.parametrize("case", CASES, ids=[f"{c.name}[{c.label}]" for c in CASES])
def test_activation_matches_50_digit_mpmath_within_1e_13(case):
    value = case.func(*case.args, **case.kwargs)
    assert relative_error(value, case.reference) < TOLERANCE


@pytest.mark.parametrize("k", [9, 16, 40])
def test_log_softmax_of_many_classes_matches_50_digit_mpmath(k):
    # rows at random scales, some offset by 1e8, some with the maximum tied
    rng = np.random.default_rng(100 + k)
    z = rng.normal(size=(40, k)) * 10.0 ** rng.integers(-3, 4, size=(40, 1))
    z[rng.uniform(size=40) < 0.2] += 1e8
    ties = rng.uniform(size=40) < 0.2
    z[ties, : k // 2 + 1] = z[ties, :1]
    expected = reference(lambda: [mp_log_softmax(mpf_vector(row)) for row in z])
    assert relative_error(log_softmax(z), expected) < TOLERANCE


# --- extremes: finite, correct, silent ------------------------------------------------

EXTREME = np.array([-1e308, -1e4, -745.5, -40.0, -1e-300, 0.0, 1e-300, 40.0, 1e4, 1e308])


def test_extreme_inputs_raise_no_numpy_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for function in (sigmoid, log_sigmoid, softmax, log_softmax, logsumexp):
            function(EXTREME)
        softmax(np.array([[-1e308, 1e308], [1e308, 1e308]]))


def test_sigmoid_saturates_exactly_at_plus_minus_1e308():
    # the true values are within exp(-1e308) of 1 and 0: they round to exactly 1 and 0
    assert sigmoid(1e308) == 1.0
    assert sigmoid(-1e308) == 0.0
    assert log_sigmoid(1e308) == 0.0
    assert log_sigmoid(-1e308) == -1e308


def test_logits_of_1e4_give_finite_exact_log_probabilities():
    assert log_softmax([0.0, 1e4]).tolist() == [-1e4, 0.0]
    assert log_sigmoid(-1e4) == -1e4
    assert logsumexp([1e4, 1e4]) == 1e4 + np.log(2.0)


def test_softmax_of_opposite_1e308_logits_is_one_hot():
    assert softmax([-1e308, 1e308]).tolist() == [0.0, 1.0]
    assert logsumexp([1e308, 1e308]) == 1e308  # 1e308 + ln 2 rounds to 1e308


def test_log_softmax_beyond_float_range_rounds_to_minus_inf_silently():
    # the true value is -2e308, which float64 cannot hold
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert log_softmax([-1e308, 1e308])[0] == -np.inf


def test_three_equal_logits_of_1e8_give_exactly_a_third():
    np.testing.assert_array_equal(softmax([1e8, 1e8, 1e8]), np.full(3, 1.0 / 3.0))
    np.testing.assert_allclose(log_softmax([1e8, 1e8, 1e8]), -np.log(3.0), rtol=1e-15)


def test_logsumexp_keeps_a_negligible_second_term():
    # log(1 + e^-40) is 4.25e-18; a plain log(sum) would return 0
    assert logsumexp([0.0, -40.0]) == pytest.approx(np.exp(-40.0), rel=1e-15)


# --- shapes and axes --------------------------------------------------------------------

def test_softmax_family_works_along_any_axis():
    z = np.arange(24, dtype=float).reshape(2, 3, 4) / 7.0
    for axis in (0, 1, 2, -1, -2):
        p = softmax(z, axis=axis)
        assert p.shape == z.shape
        np.testing.assert_allclose(p.sum(axis=axis), 1.0, rtol=1e-15)
        np.testing.assert_allclose(log_softmax(z, axis=axis), np.log(p), rtol=1e-14)
        lse = logsumexp(z, axis=axis)
        assert lse.shape == np.sum(z, axis=axis).shape
        np.testing.assert_allclose(lse, np.log(np.exp(z).sum(axis=axis)), rtol=1e-14)


def test_elementwise_activations_keep_shape_and_return_scalars_for_scalars():
    z = np.linspace(-3, 3, 12).reshape(3, 4)
    assert sigmoid(z).shape == (3, 4)
    assert log_sigmoid(z).shape == (3, 4)
    assert isinstance(sigmoid(0.0), np.floating)
    assert isinstance(logsumexp([1.0, 2.0]), np.floating)


# --- invariants (hypothesis) ------------------------------------------------------------

finite = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
vectors = hnp.arrays(np.float64, st.integers(1, 8), elements=finite)


@settings(max_examples=80, deadline=None)
@given(vectors)
def test_softmax_is_a_probability_distribution(z):
    p = softmax(z)
    assert np.all((p >= 0) & (p <= 1))
    assert p.sum() == pytest.approx(1.0, rel=1e-14)
    assert np.all(log_softmax(z) <= 0.0)


@settings(max_examples=80, deadline=None)
@given(vectors, st.sampled_from([1e8, -1e8, 0.25, -3.0, 1024.0]))
def test_softmax_family_is_invariant_to_adding_a_constant(z, shift):
    z = np.round(z * 4) / 4           # quarter steps: z + shift is exact for these shifts
    shifted = z + shift
    np.testing.assert_array_equal(shifted - shift, z)
    np.testing.assert_allclose(softmax(shifted), softmax(z), rtol=1e-14, atol=1e-300)
    np.testing.assert_allclose(log_softmax(shifted), log_softmax(z), rtol=1e-14, atol=1e-300)
    assert logsumexp(shifted) - shift == pytest.approx(logsumexp(z), rel=1e-14, abs=1e-7)


@settings(max_examples=80, deadline=None)
@given(finite)
def test_sigmoid_symmetry_and_log_sigmoid_consistency(z):
    assert sigmoid(z) + sigmoid(-z) == pytest.approx(1.0, rel=1e-15)
    if z <= 0 and sigmoid(z) > 1e-300:     # log(sigmoid) is itself accurate only here
        assert log_sigmoid(z) == pytest.approx(np.log(sigmoid(z)), rel=1e-14)
    if z > 0:
        assert log_sigmoid(z) == pytest.approx(-np.log1p(np.exp(-z)), rel=1e-14, abs=1e-300)


@settings(max_examples=50, deadline=None)
@given(vectors)
def test_two_class_softmax_is_the_sigmoid_of_the_difference(z):
    if z.size < 2:
        return
    a, b = float(np.round(z[0])), float(np.round(z[1]))     # integers: b - a is exact
    assert softmax([a, b])[1] == pytest.approx(sigmoid(b - a), rel=1e-14, abs=1e-300)
    assert log_softmax([a, b])[1] == pytest.approx(log_sigmoid(b - a), rel=1e-14, abs=1e-300)


# --- input checks -------------------------------------------------------------------------

@pytest.mark.parametrize("function", [sigmoid, log_sigmoid, softmax, log_softmax, logsumexp])
def test_non_finite_input_is_rejected_naming_z(function):
    with pytest.raises(ValueError, match=r"z must contain only finite numbers"):
        function([0.0, np.nan])


@pytest.mark.parametrize("function", [softmax, log_softmax, logsumexp])
def test_softmax_family_rejects_a_0d_input(function):
    with pytest.raises(ValueError, match=r"z must have at least one axis"):
        function(1.0)


@pytest.mark.parametrize("function", [softmax, log_softmax, logsumexp])
def test_softmax_family_rejects_a_bad_axis(function):
    with pytest.raises(ValueError, match=r"axis must lie in \[-2, 1\]"):
        function(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"axis must be an integer"):
        function(np.zeros((2, 3)), axis=1.0)


def test_string_input_is_rejected_naming_z():
    with pytest.raises(ValueError, match=r"z must contain real numbers"):
        sigmoid(["a"])
