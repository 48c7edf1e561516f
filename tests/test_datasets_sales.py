"""lossfns.datasets.daily_sales: the chapter 6 shop log, seeded and as documented."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns.datasets import daily_sales


def test_same_seed_gives_the_same_days_and_other_seeds_do_not():
    first, again, other = daily_sales(seed=2), daily_sales(seed=2), daily_sales(seed=3)
    np.testing.assert_array_equal(first.sales, again.sales)
    np.testing.assert_array_equal(first.extreme, again.extreme)
    assert not np.array_equal(first.sales, other.sales)


def test_shapes_dtypes_and_rounding():
    log = daily_sales(20, n_extreme=2, seed=1)
    assert len(log) == 20
    assert log.spend.shape == log.sales.shape == log.extreme.shape == (20,)
    assert log.extreme.dtype == bool and int(log.extreme.sum()) == 2
    np.testing.assert_array_equal(log.sales, np.round(log.sales))
    np.testing.assert_allclose(log.spend, np.round(log.spend, 1))
    assert log.spend.min() >= 0.5 and log.spend.max() <= 5.0


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 1000))
def test_extreme_days_sit_far_above_the_documented_trend(seed):
    log = daily_sales(seed=seed)
    residual = log.sales - (40 + 8 * log.spend)
    # jumps of 60 to 100 units against noise of 4 units (rounding adds 0.5)
    assert residual[log.extreme].min() > 60 - 5 * 4 - 0.5
    assert np.abs(residual[~log.extreme]).max() < 5 * 4 + 0.5


def test_the_extreme_days_pull_the_mean_above_the_median():
    log = daily_sales()
    assert log.sales.mean() > np.median(log.sales)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_days": 0}, "n_days must be a positive integer"),
    ({"n_extreme": 31}, "n_extreme must be an integer from 0 to n_days"),
    ({"n_extreme": -1}, "n_extreme must be an integer from 0 to n_days"),
    ({"seed": -1}, "seed must be a non-negative integer"),
])
def test_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        daily_sales(**kwargs)
