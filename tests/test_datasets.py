import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns.datasets import PHOTO_CLASSES, cat_dog_tiger_photos, revision_log

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
