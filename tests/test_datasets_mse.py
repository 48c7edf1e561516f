"""The chapter 4 data sets: seeded flats (area, price) and seeded daily temperatures.

Oracles: numpy.polyfit recovers the documented line and the documented day-to-day
persistence from large samples; the seasonal curve is written out here from the docstring.
"""

import numpy as np
import pytest

from lossfns.datasets import daily_temperatures, house_prices


def test_same_seed_gives_the_same_flats_and_another_seed_other_flats():
    np.testing.assert_array_equal(house_prices()[1], house_prices(seed=7)[1])
    assert not np.array_equal(house_prices(seed=7)[1], house_prices(seed=8)[1])


def test_flats_have_whole_areas_between_50_and_150_and_whole_prices():
    area, price = house_prices(200, seed=1)
    assert area.shape == price.shape == (200,)
    assert area.dtype == price.dtype == np.float64
    assert np.all((area >= 50) & (area <= 150))
    np.testing.assert_array_equal(area, np.round(area))
    np.testing.assert_array_equal(price, np.round(price))


def test_prices_follow_the_documented_line_in_units_of_10000_yuan():
    area, price = house_prices(20000, seed=2)
    slope, intercept = np.polyfit(area, price, deg=1)
    assert slope == pytest.approx(2.6, abs=0.02)
    assert intercept == pytest.approx(40.0, abs=2.0)
    residual = price - (40.0 + 2.6 * area)
    assert np.std(residual) == pytest.approx(18.0, rel=0.03)


def test_same_seed_gives_the_same_days():
    np.testing.assert_array_equal(daily_temperatures(), daily_temperatures(seed=3))
    assert not np.array_equal(daily_temperatures(seed=3), daily_temperatures(seed=4))
    assert daily_temperatures(30).shape == (30,)


def test_temperatures_are_the_season_plus_a_persistent_anomaly():
    days = 20000
    temperature = daily_temperatures(days, seed=5)
    np.testing.assert_allclose(temperature, np.round(temperature, 1))
    season = 12 + 10 * np.sin(2 * np.pi * (np.arange(days) - 45) / 365)
    anomaly = temperature - season
    persistence, _ = np.polyfit(anomaly[:-1], anomaly[1:], deg=1)
    assert persistence == pytest.approx(0.7, abs=0.02)
    shocks = anomaly[1:] - 0.7 * anomaly[:-1]
    assert np.std(shocks) == pytest.approx(2.0, rel=0.03)


@pytest.mark.parametrize(("function", "arguments", "message"), [
    (house_prices, {"n_houses": 0}, "n_houses must be a positive integer"),
    (house_prices, {"n_houses": 2.5}, "n_houses must be a positive integer"),
    (house_prices, {"seed": -1}, "seed must be a non-negative integer"),
    (daily_temperatures, {"n_days": True}, "n_days must be a positive integer"),
    (daily_temperatures, {"seed": "3"}, "seed must be a non-negative integer"),
])
def test_bad_sizes_and_seeds_are_rejected_naming_the_argument(function, arguments, message):
    with pytest.raises(ValueError, match=message):
        function(**arguments)
