"""lossfns.training.decisions: the business cost and the expectile (chapter 9).

Oracles: lossfns.quantile_loss (written and tested elsewhere), scipy.stats.expectile and
hypothesis for invariants.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import lossfns
from lossfns.course.datasets import bakery_demand
from lossfns.training.decisions import asymmetric_cost, expectile

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_subnormal=False)


@given(arrays(np.float64, 8, elements=finite), arrays(np.float64, 8, elements=finite),
       st.floats(0.0, 20.0), st.floats(0.0, 20.0))
def test_the_business_cost_is_the_sum_of_costs_times_a_pinball_loss(y, p, under, over):
    if under + over == 0:
        return
    q = under / (under + over)
    expected = (under + over) * lossfns.quantile_loss(y, p, q=q) if 0 < q < 1 else None
    got = asymmetric_cost(y, p, under_cost=under, over_cost=over)
    if expected is not None:
        assert got == pytest.approx(expected, rel=1e-9, abs=1e-9)
    assert got >= 0


def test_the_business_cost_prices_short_and_leftover_units():
    cost = asymmetric_cost([100.0, 100.0, 100.0], [90.0, 100.0, 103.0], under_cost=4.0,
                           over_cost=1.0, reduction="none")
    np.testing.assert_allclose(cost, [40.0, 0.0, 3.0])


@pytest.mark.parametrize("argument", ["under_cost", "over_cost"])
def test_a_negative_cost_is_a_value_error(argument):
    costs = {"under_cost": 1.0, "over_cost": 1.0, argument: -1.0}
    with pytest.raises(ValueError, match=f"{argument} must be >= 0"):
        asymmetric_cost([1.0], [2.0], **costs)


@given(arrays(np.float64, st.integers(1, 30), elements=finite), st.floats(0.01, 0.99))
def test_the_expectile_is_scipy_s(values, level):
    stats = pytest.importorskip("scipy.stats")
    assert expectile(values, level) == pytest.approx(stats.expectile(values, alpha=level),
                                                     rel=1e-9, abs=1e-9)


def test_the_half_expectile_is_the_mean_and_expectiles_rise_with_the_level():
    values = bakery_demand().demand
    assert expectile(values, 0.5) == pytest.approx(values.mean(), rel=1e-12)
    levels = np.linspace(0.05, 0.95, 19)
    assert np.all(np.diff([expectile(values, t) for t in levels]) > 0)


@pytest.mark.parametrize(("values", "level", "message"), [
    ([1.0, 2.0], 1.0, "level must lie in"),
    ([1.0, 2.0], 0.0, "level must lie in"),
    ([[1.0, 2.0]], 0.5, "1-D array"),
    ([], 0.5, "values must not be empty"),
])
def test_bad_expectile_arguments_are_value_errors(values, level, message):
    with pytest.raises(ValueError, match=message):
        expectile(values, level)
