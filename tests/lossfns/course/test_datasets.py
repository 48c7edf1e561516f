import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns.course.datasets import (
    EMAIL_FEATURES,
    PHOTO_CLASSES,
    cat_dog_tiger_photos,
    daily_sales,
    daily_temperatures,
    delivery_times,
    house_prices,
    revision_log,
    spam_emails,
)

# The centres the docstring promises (written out here, not imported from the module).
DOCUMENTED_CENTRES = {"cat": (-1.0, 0.4), "dog": (0.1, -1.0), "tiger": (1.1, 1.0)}


def test_same_seed_gives_identical_photos():
    first, second = cat_dog_tiger_photos(seed=3), cat_dog_tiger_photos(seed=3)
    np.testing.assert_array_equal(first.X, second.X)
    np.testing.assert_array_equal(first.y, second.y)
    assert first.names == second.names


def test_different_seeds_give_different_photos():
    assert not np.array_equal(cat_dog_tiger_photos(seed=0).X, cat_dog_tiger_photos(seed=1).X)


def test_shapes_dtypes_and_class_balance():
    photos = cat_dog_tiger_photos(5, seed=2)
    assert photos.X.shape == (15, 2) and photos.X.dtype == np.float64
    assert photos.y.shape == (15,) and photos.y.dtype == np.int64
    assert len(photos) == 15
    assert np.bincount(photos.y, minlength=3).tolist() == [5, 5, 5]
    assert photos.classes == ("cat", "dog", "tiger")
    assert photos.features == ("size", "stripes")


def test_names_number_photos_from_zero_and_state_their_class():
    photos = cat_dog_tiger_photos(4, seed=7)
    expected = [f"photo {i} ({PHOTO_CLASSES[label]})" for i, label in enumerate(photos.y)]
    assert list(photos.names) == expected


def test_photos_are_shuffled_not_grouped_by_class():
    y = cat_dog_tiger_photos(seed=0).y
    assert not np.array_equal(y, np.sort(y))


def test_each_class_is_a_blob_around_its_documented_centre():
    spread, n = 0.55, 20_000
    photos = cat_dog_tiger_photos(n, spread=spread, seed=11)
    for index, name in enumerate(PHOTO_CLASSES):
        points = photos.X[photos.y == index]
        standard_error = spread / np.sqrt(n)
        np.testing.assert_allclose(points.mean(axis=0), DOCUMENTED_CENTRES[name],
                                   atol=5 * standard_error)
        np.testing.assert_allclose(points.std(axis=0), spread, rtol=0.03)


@settings(max_examples=50, deadline=None)
@given(spread=st.floats(0.01, 10.0), seed=st.integers(0, 2**32 - 1),
       n_per_class=st.integers(1, 20))
def test_spread_scales_every_photo_away_from_its_centre(spread, seed, n_per_class):
    unit = cat_dog_tiger_photos(n_per_class, spread=1.0, seed=seed)
    scaled = cat_dog_tiger_photos(n_per_class, spread=spread, seed=seed)
    np.testing.assert_array_equal(unit.y, scaled.y)
    centres = np.array([DOCUMENTED_CENTRES[name] for name in PHOTO_CLASSES])[unit.y]
    np.testing.assert_allclose(scaled.X - centres, spread * (unit.X - centres),
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"n_per_class": 0}, "n_per_class must be a positive integer, got 0"),
        ({"n_per_class": 2.5}, "n_per_class must be a positive integer, got 2.5"),
        ({"n_per_class": True}, "n_per_class must be a positive integer, got True"),
        ({"spread": 0.0}, "spread must be > 0, got 0.0"),
        ({"spread": -1.0}, "spread must be > 0"),
        ({"spread": float("nan")}, "spread must be finite"),
        ({"seed": -1}, "seed must be a non-negative integer"),
        ({"seed": 1.5}, "seed must be a non-negative integer"),
    ],
)
def test_bad_arguments_raise_value_errors_naming_the_argument(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(".", r"\.")):
        cat_dog_tiger_photos(**kwargs)


def test_revision_log_is_seeded_and_shaped():
    hours, scores = revision_log()
    again_hours, again_scores = revision_log()
    assert hours.shape == scores.shape == (16,)
    assert np.array_equal(hours, again_hours) and np.array_equal(scores, again_scores)
    assert not np.array_equal(revision_log(seed=5)[0], hours)
    assert revision_log(40)[0].shape == (40,)


def test_revision_log_scores_rise_with_the_hours():
    hours, scores = revision_log(2000, seed=1)
    slope, intercept = np.polyfit(hours, scores, deg=1)
    assert abs(slope - 1.5) < 0.1 and abs(intercept - 3.0) < 0.2
    assert np.all((hours >= 1.0) & (hours <= 3.2))


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_revision_log_rejects_a_bad_count(bad):
    with pytest.raises(ValueError, match="n_students must be a positive integer"):
        revision_log(bad)

# ---------------------------------------------------------------------------
# Chapter 4: seeded flats (area, price) and daily temperatures
# ---------------------------------------------------------------------------

# Oracles: numpy.polyfit recovers the documented line and the documented day-to-day
# persistence from large samples; the seasonal curve is written out here from the docstring.


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


def test_same_seed_gives_the_same_temperatures():
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
def test_flats_and_temperatures_reject_bad_sizes_and_seeds_naming_the_argument(function, arguments, message):
    with pytest.raises(ValueError, match=message):
        function(**arguments)


# ---------------------------------------------------------------------------
# Chapter 6: daily_sales, a shop log with a few extreme days
# ---------------------------------------------------------------------------

def test_same_seed_gives_the_same_sales_and_other_seeds_do_not():
    first, again, other = daily_sales(seed=2), daily_sales(seed=2), daily_sales(seed=3)
    np.testing.assert_array_equal(first.sales, again.sales)
    np.testing.assert_array_equal(first.extreme, again.extreme)
    assert not np.array_equal(first.sales, other.sales)


def test_sales_shapes_dtypes_and_rounding():
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
def test_daily_sales_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        daily_sales(**kwargs)


# --- chapter 9: the bakery -----------------------------------------------------------------

def test_the_bakery_log_is_seeded_and_another_seed_gives_other_days():
    from lossfns.course.datasets import bakery_demand

    first, second = bakery_demand(), bakery_demand()
    np.testing.assert_array_equal(first.demand, second.demand)
    np.testing.assert_array_equal(first.rain, second.rain)
    assert not np.array_equal(first.demand, bakery_demand(seed=10).demand)


def test_the_bakery_weekends_are_days_5_and_6_of_every_week_and_demand_is_whole_loaves():
    from lossfns.course.datasets import BAKERY_FEATURES, bakery_demand

    log = bakery_demand(21)
    assert log.weekend.tolist() == [0.0] * 5 + [1.0] * 2 + [0.0] * 5 + [1.0] * 2 + [0.0] * 5 + [1.0] * 2
    assert log.X.shape == (21, 2) and len(log) == 21 and len(BAKERY_FEATURES) == 2
    assert np.all(log.demand == np.round(log.demand)) and np.all(log.demand >= 0)
    assert np.all(log.rain >= 0)


def test_the_bakery_follows_its_documented_line():
    from lossfns.course.datasets import bakery_demand

    log = bakery_demand(20_000, seed=3)
    design = np.column_stack([np.ones(len(log)), log.weekend, log.rain])
    coefficients = np.linalg.lstsq(design, log.demand, rcond=None)[0]
    for found, documented, tolerance in zip(coefficients, (100.0, 40.0, -2.0), (0.6, 0.8, 0.06)):
        assert found == pytest.approx(documented, abs=tolerance)
    assert np.mean(log.rain == 0) == pytest.approx(0.6, abs=0.02)
    residual = log.demand - design @ coefficients
    assert residual.std() == pytest.approx(12.0, rel=0.03)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_days": 0}, "n_days must be a positive integer"),
    ({"seed": -1}, "seed must be a non-negative integer"),
])
def test_bad_bakery_arguments_are_value_errors(kwargs, message):
    from lossfns.course.datasets import bakery_demand

    with pytest.raises(ValueError, match=message):
        bakery_demand(**kwargs)
# --- delivery_times (chapter 8) ------------------------------------------------------------------



def test_delivery_times_are_seeded_rounded_and_shaped():
    distance, minutes = delivery_times()
    again = delivery_times()
    np.testing.assert_array_equal(distance, again[0])
    np.testing.assert_array_equal(minutes, again[1])
    assert not np.array_equal(minutes, delivery_times(seed=9)[1][:150])
    assert distance.shape == minutes.shape == (150,)
    assert distance.min() >= 0.5 and distance.max() <= 10.0
    np.testing.assert_allclose(distance, np.round(distance, 1))
    np.testing.assert_allclose(minutes, np.round(minutes, 1))


def test_delivery_times_spread_grows_with_distance_around_the_documented_line():
    distance, minutes = delivery_times(n_orders=4000, seed=1)
    residual = minutes - (10.0 + 3.0 * distance)
    near, far = distance < 3.0, distance > 7.0
    assert abs(residual.mean()) < 0.2
    assert residual[far].std() > 2.5 * residual[near].std()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_orders": 0}, "n_orders"), ({"n_orders": 2.5}, "n_orders"), ({"seed": -1}, "seed")])
def test_delivery_times_bad_arguments_are_named(kwargs, message):
    with pytest.raises(ValueError, match=message):
        delivery_times(**kwargs)
# Chapter 8: toy_detection ---------------------------------------------------------


def test_toy_detection_is_seeded_and_shaped_as_documented():
    from lossfns.course.datasets import DETECTION_CLASSES, toy_detection

    first, second = toy_detection(50, seed=4), toy_detection(50, seed=4)
    np.testing.assert_array_equal(first.X, second.X)
    np.testing.assert_array_equal(first.labels, second.labels)
    assert not np.array_equal(first.X, toy_detection(50, seed=5).X)
    assert first.X.shape == (50, 24) and first.X.dtype == np.float64
    assert first.labels.dtype == np.int64 and first.offsets.shape == (50, 2)
    assert first.classes == DETECTION_CLASSES == ("background", "cat", "dog")
    assert first.anchor == (11.5, 8.0) and len(first) == 50
    assert toy_detection(5, n_pixels=30).anchor == (14.5, 10.0)


def test_toy_detection_boxes_agree_with_offsets_and_background_has_none():
    from lossfns.course.datasets import toy_detection

    data = toy_detection(400, seed=2)
    objects = data.has_object
    assert np.array_equal(objects, data.labels > 0)
    np.testing.assert_array_equal(data.offsets[~objects], 0.0)
    assert np.all(np.isnan(data.centres[~objects])) and np.all(np.isnan(data.widths[~objects]))
    c_a, w_a = data.anchor
    np.testing.assert_allclose(data.offsets[objects, 0], (data.centres[objects] - c_a) / w_a)
    np.testing.assert_allclose(data.offsets[objects, 1], np.log(data.widths[objects] / w_a))
    assert np.all(np.abs(data.offsets[:, 0]) <= 0.5) and np.all(np.abs(data.offsets[:, 1]) <= 0.4)


def test_toy_detection_class_shares_and_patches_are_as_documented():
    from lossfns.course.datasets import toy_detection

    data = toy_detection(20_000, seed=9)
    shares = np.bincount(data.labels, minlength=3) / len(data)
    np.testing.assert_allclose(shares, [0.4, 0.3, 0.3], atol=0.015)
    pixels = np.arange(24)
    for label, sign in ((1, 1.0), (2, -1.0)):
        rows = np.flatnonzero(data.labels == label)[:300]
        inside = [data.X[i, np.abs(pixels - data.centres[i]) < data.widths[i] / 2 - 1].mean()
                  for i in rows]
        outside = [data.X[i, np.abs(pixels - data.centres[i]) > data.widths[i] / 2 + 1].mean()
                   for i in rows]
        assert sign * np.mean(inside) > 0.9       # the patch: about +-1
        assert abs(np.mean(outside)) < 0.05       # noise elsewhere
    background = data.X[data.labels == 0]
    assert np.max(np.abs(background).mean(axis=1)) < 0.8    # never a full-size patch


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n": 0}, "n must be a positive integer"),
    ({"n_pixels": 8}, "n_pixels must be at least 12"),
    ({"noise": 0.0}, "noise must be > 0"),
    ({"seed": -1}, "seed must be a non-negative integer"),
])
def test_toy_detection_rejects_bad_arguments(kwargs, message):
    from lossfns.course.datasets import toy_detection

    with pytest.raises(ValueError, match=message):
        toy_detection(**kwargs)


# --- noisy_sine (chapter 8: overfitting) ----------------------------------------------------


def test_noisy_sine_is_seeded_sorted_and_inside_minus_one_to_one():
    from lossfns.course.datasets import noisy_sine

    first, again = noisy_sine(), noisy_sine()
    for field in ("x_train", "y_train", "x_val", "y_val"):
        np.testing.assert_array_equal(getattr(first, field), getattr(again, field))
    assert first.x_train.shape == first.y_train.shape == (16,)
    assert first.x_val.shape == first.y_val.shape == (200,)
    assert np.all(np.diff(first.x_train) >= 0) and np.all(np.diff(first.x_val) >= 0)
    assert np.abs(first.x_train).max() <= 1.0 and np.abs(first.x_val).max() <= 1.0
    assert not np.array_equal(first.y_train, noisy_sine(seed=12).y_train)


def test_noisy_sine_scatters_around_the_documented_curve_with_the_documented_noise():
    from lossfns.course.datasets import noisy_sine

    sample = noisy_sine(n_train=20_000, n_val=20_000, noise=0.4, seed=5)
    for x, y in ((sample.x_train, sample.y_train), (sample.x_val, sample.y_val)):
        residual = y - np.sin(2.5 * x)
        assert abs(residual.mean()) < 0.02
        assert residual.std() == pytest.approx(0.4, rel=0.03)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_train": 0}, "n_train"), ({"n_val": 1.5}, "n_val"), ({"noise": 0}, "noise"),
    ({"noise": "a lot"}, "noise"), ({"seed": -1}, "seed")])
def test_bad_noisy_sine_arguments_are_named(kwargs, message):
    from lossfns.course.datasets import noisy_sine

    with pytest.raises(ValueError, match=message):
        noisy_sine(**kwargs)


# --- spam_emails (chapter 7) -----------------------------------------------------------------

def test_same_seed_gives_identical_emails_and_different_seeds_differ():
    first, second = spam_emails(seed=3), spam_emails(seed=3)
    np.testing.assert_array_equal(first[0], second[0])
    np.testing.assert_array_equal(first[1], second[1])
    assert not np.array_equal(spam_emails(seed=0)[0], spam_emails(seed=1)[0])


def test_shapes_labels_and_feature_ranges():
    X, y = spam_emails(7, seed=2)
    assert X.shape == (14, 2) and X.dtype == np.float64 and y.shape == (14,)
    assert sorted(set(y.tolist())) == [-1.0, 1.0] and np.sum(y == 1) == 7
    assert np.all(X[:, 0] == np.round(X[:, 0])) and np.all(X[:, 0] >= 0)  # link counts
    assert np.all((X[:, 1] >= 0) & (X[:, 1] <= 100))                      # a percentage
    assert EMAIL_FEATURES == ("links", "capitals (%)")


def test_emails_are_shuffled_not_grouped_by_class():
    _, y = spam_emails()
    assert not np.array_equal(y, np.sort(y))


def test_each_class_has_its_documented_averages():
    n = 20_000
    X, y = spam_emails(n, seed=11)
    for label, links, capitals, spread in ((-1, 1.5, 6.0, 3.0), (1, 6.0, 20.0, 6.0)):
        mine = X[y == label]
        assert mine[:, 0].mean() == pytest.approx(links, abs=5 * np.sqrt(links / n))
        assert mine[:, 1].mean() == pytest.approx(capitals, abs=0.1 + 5 * spread / np.sqrt(n))
        assert mine[:, 0].var() == pytest.approx(links, rel=0.05)   # Poisson: var = mean


@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 30), seed=st.integers(0, 2**32 - 1))
def test_any_size_and_seed_gives_balanced_labels_and_valid_features(n, seed):
    X, y = spam_emails(n, seed=seed)
    assert X.shape == (2 * n, 2) and np.sum(y == 1) == n and np.sum(y == -1) == n
    assert np.all(np.isfinite(X))


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"n_per_class": 0}, "n_per_class must be a positive integer"),
    ({"n_per_class": 2.5}, "n_per_class must be a positive integer"),
    ({"seed": -1}, "seed must be a non-negative integer"),
    ({"seed": True}, "seed must be a non-negative integer"),
])
def test_spam_emails_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        spam_emails(**kwargs)
