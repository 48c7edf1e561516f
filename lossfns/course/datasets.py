"""Small, seeded data sets for the book's examples (generated, never downloaded)."""

from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .._validation import check_positive

__all__ = ["BAKERY_FEATURES", "DETECTION_CLASSES", "EMAIL_FEATURES", "PHOTO_CLASSES",
           "PHOTO_FEATURES", "BakeryLog", "CurveSample", "DetectionData", "PhotoData", "SalesLog",
           "bakery_demand", "cat_dog_tiger_photos", "daily_sales", "daily_temperatures",
           "delivery_times", "house_prices", "noisy_sine", "revision_log", "spam_emails",
           "toy_detection"]

#: The three classes of the photo data set, in the order of their indices 0, 1, 2.
PHOTO_CLASSES = ("cat", "dog", "tiger")

#: The two made-up features measured on every photo (standardised units).
PHOTO_FEATURES = ("size", "stripes")

# Centre of each class in (size, stripes): cats are small and a little striped (tabby),
# dogs medium-sized and plain, tigers large and very striped.
_PHOTO_CENTRES = np.array([[-1.0, 0.4], [0.1, -1.0], [1.1, 1.0]])


@dataclass(frozen=True)
class PhotoData:
    """A labelled set of "photos", each described by two numbers.

    Attributes
    ----------
    X : ndarray of shape (n, 2)
        The features ``size`` and ``stripes`` of each photo (float64).
    y : ndarray of shape (n,)
        The true class index of each photo (int64): 0 cat, 1 dog, 2 tiger.
    names : tuple of str
        A readable name per photo, ``"photo 7 (cat)"``; photos are numbered
        from 0, like their positions in ``X`` and ``y``.
    classes : tuple of str
        The class names, indexed by the values in ``y``.
    features : tuple of str
        The names of the columns of ``X``.
    """

    X: np.ndarray
    y: np.ndarray
    names: tuple[str, ...]
    classes: tuple[str, ...] = PHOTO_CLASSES
    features: tuple[str, ...] = PHOTO_FEATURES

    def __len__(self) -> int:
        return len(self.y)


def _check_count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_seed(value) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise ValueError(
            f"seed must be a non-negative integer (the same seed gives the same data), "
            f"got {value!r}"
        )
    return int(value)


def cat_dog_tiger_photos(n_per_class: int = 8, *, spread: float = 0.55,
                         seed: int = 0) -> PhotoData:
    r"""A seeded three-class toy data set: cats, dogs and tigers as points in the plane.

    Each class is a round Gaussian cloud ("blob") around a fixed centre
    :math:`\mu_c` in the (size, stripes) plane,

    .. math:: x_i \sim \mathcal{N}\!\left(\mu_{y_i},\ \sigma^2 I_2\right),
              \qquad \mu_{\text{cat}} = (-1, 0.4),\ \mu_{\text{dog}} = (0.1, -1),\
              \mu_{\text{tiger}} = (1.1, 1),

    with :math:`\sigma` = ``spread``. The photos of the three classes are then
    shuffled, so that a photo's number says nothing about its class. The same
    arguments always give the same photos.

    Parameters
    ----------
    n_per_class : int, default 8
        Photos per class; the data set has ``3 * n_per_class`` photos.
    spread : float > 0, default 0.55
        Standard deviation :math:`\sigma` of each blob: larger values make the
        classes overlap more.
    seed : int >= 0, default 0
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    PhotoData
        ``X`` (shape ``(3 * n_per_class, 2)``), ``y`` (class indices), readable
        ``names`` such as ``"photo 3 (cat)"``, and the ``classes`` and
        ``features`` names.

    Examples
    --------
    >>> photos = cat_dog_tiger_photos(2, seed=0)
    >>> photos.X.shape, photos.y.tolist()
    ((6, 2), [2, 2, 1, 0, 1, 0])
    >>> photos.names[:2]
    ('photo 0 (tiger)', 'photo 1 (tiger)')
    >>> photos.classes
    ('cat', 'dog', 'tiger')
    """
    n_per_class = _check_count(n_per_class, "n_per_class")
    spread = check_positive(spread, "spread")
    rng = np.random.default_rng(_check_seed(seed))
    X = np.concatenate([
        rng.normal(centre, spread, size=(n_per_class, 2)) for centre in _PHOTO_CENTRES
    ])
    y = np.repeat(np.arange(len(PHOTO_CLASSES), dtype=np.int64), n_per_class)
    order = rng.permutation(len(y))
    X, y = X[order], y[order]
    names = tuple(f"photo {i} ({PHOTO_CLASSES[label]})" for i, label in enumerate(y))
    return PhotoData(X=X, y=y, names=names)


def revision_log(n_students: int = 16, *, seed: int = 4) -> tuple[np.ndarray, np.ndarray]:
    r"""Made-up students: hours of revision for a test, and the score they got (chapter 3).

    .. math:: h_i \sim \mathcal{U}(1, 3.2), \qquad
              s_i = 3 + 1.5\, h_i + \varepsilon_i, \quad
              \varepsilon_i \sim \mathcal{N}(0, 0.6^2),

    both rounded to one decimal: scores out of 10 that rise by about 1.5 points per
    extra hour, with some noise. The same arguments always give the same students.

    Parameters
    ----------
    n_students : int, default 16
    seed : int >= 0, default 4
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    (ndarray, ndarray)
        ``hours`` and ``scores``, each of shape ``(n_students,)``.

    Examples
    --------
    >>> hours, scores = revision_log()
    >>> hours[:4], scores[:4]
    (array([3.1, 2.1, 3.1, 1.2]), array([6.5, 6.8, 7.5, 4.3]))
    """
    n_students = _check_count(n_students, "n_students")
    rng = np.random.default_rng(_check_seed(seed))
    hours = np.round(rng.uniform(1.0, 3.2, size=n_students), 1)
    scores = np.round(3.0 + 1.5 * hours + rng.normal(0.0, 0.6, size=n_students), 1)
    return hours, scores


def house_prices(n_houses: int = 20, *, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    r"""Made-up flats: floor area in m², and price in units of 10,000 yuan (万元) (chapter 4).

    .. math:: a_i \sim \mathcal{U}(50, 150), \qquad
              p_i = 40 + 2.6\, a_i + \varepsilon_i, \quad
              \varepsilon_i \sim \mathcal{N}(0, 18^2),

    both rounded to whole numbers: a price of 300 means 300 万元 = 3,000,000 yuan, and
    every extra square metre adds about 2.6 万元 (26,000 yuan). The same arguments
    always give the same flats.

    Parameters
    ----------
    n_houses : int, default 20
    seed : int >= 0, default 7
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    (ndarray, ndarray)
        ``area`` (m²) and ``price`` (万元), each of shape ``(n_houses,)``.

    Examples
    --------
    >>> area, price = house_prices()
    >>> area[:4], price[:4]
    (array([113., 140., 128.,  73.]), array([301., 400., 350., 235.]))
    """
    n_houses = _check_count(n_houses, "n_houses")
    rng = np.random.default_rng(_check_seed(seed))
    area = np.round(rng.uniform(50.0, 150.0, size=n_houses))
    price = np.round(40.0 + 2.6 * area + rng.normal(0.0, 18.0, size=n_houses))
    return area, price


def daily_temperatures(n_days: int = 90, *, seed: int = 3) -> np.ndarray:
    r"""Made-up daily mean temperatures (°C) of a spring, from 1 March on (chapter 4).

    A seasonal curve plus a weather anomaly that persists from day to day (an
    autoregressive process of order 1), rounded to 0.1 °C:

    .. math:: T_t = 12 + 10 \sin\!\Bigl(\frac{2\pi (t - 45)}{365}\Bigr) + z_t, \qquad
              z_t = 0.7\, z_{t-1} + \varepsilon_t, \quad
              \varepsilon_t \sim \mathcal{N}(0, 2^2), \quad z_0 = 0,

    for days :math:`t = 0, 1, \dots` (day 0 is 1 March): the season warms by about
    0.17 °C a day, and a warm or cold spell lasts a few days, so today's temperature
    says much about tomorrow's. The same arguments always give the same days.

    Parameters
    ----------
    n_days : int, default 90
    seed : int >= 0, default 3
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    ndarray
        The temperature of each day, shape ``(n_days,)``.

    Examples
    --------
    >>> daily_temperatures()[:5]
    array([5. , 9.2, 3. , 4.6, 3.9])
    """
    n_days = _check_count(n_days, "n_days")
    rng = np.random.default_rng(_check_seed(seed))
    day = np.arange(n_days)
    season = 12.0 + 10.0 * np.sin(2.0 * np.pi * (day - 45.0) / 365.0)
    anomaly = np.zeros(n_days)
    for t in range(1, n_days):
        anomaly[t] = 0.7 * anomaly[t - 1] + rng.normal(0.0, 2.0)
    return np.round(season + anomaly, 1)


# ---------------------------------------------------------------------------
# Chapter 6: a shop's daily sales, with a few extreme days
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SalesLog:
    """A shop's days: what it spent on advertising and how many units it sold.

    Attributes
    ----------
    spend : ndarray of shape (n,)
        Advertising spend per day, in thousands of yuan (float64).
    sales : ndarray of shape (n,)
        Units sold that day (float64, whole numbers).
    extreme : ndarray of shape (n,)
        True on the extreme days (a festival rush or a bulk order), bool.
    """

    spend: np.ndarray
    sales: np.ndarray
    extreme: np.ndarray

    def __len__(self) -> int:
        return len(self.sales)


def daily_sales(n_days: int = 30, *, n_extreme: int = 3, seed: int = 6) -> SalesLog:
    r"""A seeded shop log (chapter 6): units sold per day against advertising spend.

    .. math:: s_i \sim \mathcal{U}(0.5, 5), \qquad
              y_i = 40 + 8\, s_i + \varepsilon_i + J_i, \quad
              \varepsilon_i \sim \mathcal{N}(0, 4^2),

    with spend :math:`s_i` in thousands of yuan rounded to 0.1, sales :math:`y_i`
    rounded to whole units, and a jump :math:`J_i \sim \mathcal{U}(60, 100)` on
    ``n_extreme`` days drawn at random (:math:`J_i = 0` on the others): a festival
    rush or one customer's bulk order, which no advertising explains. The same
    arguments always give the same days.

    Parameters
    ----------
    n_days : int, default 30
    n_extreme : int, default 3
        How many of the days are extreme, from 0 to ``n_days``.
    seed : int >= 0, default 6
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    SalesLog
        ``spend``, ``sales`` and the ``extreme`` mask, each of shape ``(n_days,)``.

    Examples
    --------
    >>> log = daily_sales()
    >>> log.spend[:4], log.sales[:4]
    (array([2.9, 2. , 2.2, 2.2]), array([68., 58., 59., 58.]))
    >>> int(log.extreme.sum()), len(log)
    (3, 30)
    """
    n_days = _check_count(n_days, "n_days")
    if (isinstance(n_extreme, bool) or not isinstance(n_extreme, numbers.Integral)
            or not 0 <= n_extreme <= n_days):
        raise ValueError(f"n_extreme must be an integer from 0 to n_days ({n_days}), "
                         f"got {n_extreme!r}")
    rng = np.random.default_rng(_check_seed(seed))
    spend = np.round(rng.uniform(0.5, 5.0, size=n_days), 1)
    noise = rng.normal(0.0, 4.0, size=n_days)
    extreme = np.zeros(n_days, dtype=bool)
    extreme[rng.choice(n_days, size=int(n_extreme), replace=False)] = True
    jumps = np.where(extreme, rng.uniform(60.0, 100.0, size=n_days), 0.0)
    sales = np.round(40.0 + 8.0 * spend + noise + jumps)
    return SalesLog(spend=spend, sales=sales, extreme=extreme)


# ---------------------------------------------------------------------------
# Chapter 7: spam-like emails for a linear SVM
# ---------------------------------------------------------------------------

#: The two made-up features of every email in :func:`spam_emails`, in the order of its columns.
EMAIL_FEATURES = ("links", "capitals (%)")


def spam_emails(n_per_class: int = 20, *, seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    r"""Made-up emails, each described by two numbers, labelled ham (-1) or spam (+1) (chapter 7).

    .. math:: \text{links} \sim \operatorname{Poisson}(\mu_{\text{links}}), \qquad
              \text{capitals} \sim \mathcal{N}(\mu_{\text{caps}}, \sigma_{\text{caps}}^2),

    with :math:`(\mu_{\text{links}}, \mu_{\text{caps}}, \sigma_{\text{caps}}) = (1.5, 6, 3)`
    for ham and :math:`(6, 20, 6)` for spam. The first feature is the number of links in
    the email (a count), the second the share of its letters that are capitals, in
    percent, rounded to one decimal and clipped to [0, 100]. Spam tends to have more of
    both, and the two classes overlap a little. The emails of both classes are then
    shuffled. The same arguments always give the same emails.

    Parameters
    ----------
    n_per_class : int, default 20
        Emails per class; there are ``2 * n_per_class`` in all.
    seed : int >= 0, default 7
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    (ndarray, ndarray)
        ``X`` of shape ``(2 * n_per_class, 2)``, the columns :data:`EMAIL_FEATURES`
        (float64), and ``y`` of shape ``(2 * n_per_class,)``: -1.0 for ham, +1.0 for spam.

    Examples
    --------
    >>> X, y = spam_emails(2, seed=0)
    >>> X.shape, y.tolist()
    ((4, 2), [1.0, -1.0, -1.0, 1.0])
    >>> bool(np.all(X[:, 0] == np.round(X[:, 0])))     # links are whole numbers
    True
    """
    n_per_class = _check_count(n_per_class, "n_per_class")
    rng = np.random.default_rng(_check_seed(seed))
    links = np.concatenate([rng.poisson(1.5, n_per_class), rng.poisson(6.0, n_per_class)])
    capitals = np.concatenate([rng.normal(6.0, 3.0, n_per_class),
                               rng.normal(20.0, 6.0, n_per_class)])
    X = np.column_stack([links.astype(np.float64),
                         np.clip(np.round(capitals, 1), 0.0, 100.0)])
    y = np.repeat([-1.0, 1.0], n_per_class)
    order = rng.permutation(len(y))
    return X[order], y[order]


# ---------------------------------------------------------------------------
# Chapter 8: food deliveries
# ---------------------------------------------------------------------------

def delivery_times(n_orders: int = 150, *, seed: int = 8) -> tuple[np.ndarray, np.ndarray]:
    r"""Made-up food deliveries: distance in km, and minutes until the door (chapter 8).

    .. math:: d_i \sim \mathcal{U}(0.5, 10), \qquad
              t_i = 10 + 3\, d_i + \varepsilon_i, \quad
              \varepsilon_i \sim \mathcal{N}\bigl(0, (0.9\, d_i)^2\bigr),

    rounded to 0.1 km and 0.1 minutes: about 3 more minutes per km, and a spread that
    grows with the distance (longer rides meet more traffic), so the 0.1 and 0.9
    quantiles of the time are lines that fan out. The same arguments always give the
    same orders.

    Parameters
    ----------
    n_orders : int, default 150
    seed : int >= 0, default 8
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    (ndarray, ndarray)
        ``distance`` (km) and ``minutes``, each of shape ``(n_orders,)``.

    Examples
    --------
    >>> distance, minutes = delivery_times()
    >>> distance.shape, bool(minutes.min() > 0)
    ((150,), True)
    """
    n_orders = _check_count(n_orders, "n_orders")
    rng = np.random.default_rng(_check_seed(seed))
    distance = np.round(rng.uniform(0.5, 10.0, size=n_orders), 1)
    minutes = np.round(10.0 + 3.0 * distance + rng.normal(0.0, 0.9 * distance), 1)
    return distance, minutes


@dataclass(frozen=True)
class CurveSample:
    """Noisy points of one smooth curve, split into training and validation points.

    Attributes
    ----------
    x_train, y_train : ndarray of shape (n_train,)
        The points to learn from, sorted by ``x``.
    x_val, y_val : ndarray of shape (n_val,)
        Points from the same curve and noise that training never sees, sorted by ``x``.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray


def noisy_sine(n_train: int = 16, n_val: int = 200, *, noise: float = 0.25,
               seed: int = 11) -> CurveSample:
    r"""Few noisy points of :math:`\sin 2.5x` on :math:`[-1, 1]`, for overfitting (chapter 8).

    .. math:: x_i \sim \mathcal{U}(-1, 1), \qquad
              y_i = \sin(2.5\, x_i) + \sigma\, \varepsilon_i, \quad
              \varepsilon_i \sim \mathcal{N}(0, 1),

    drawn in this order from one generator: the training ``x``, their noise, the
    validation ``x``, their noise. With 16 training points a polynomial of high degree
    can thread every one of them, and the validation points show what that costs. The
    same arguments always give the same points.

    Parameters
    ----------
    n_train : int, default 16
    n_val : int, default 200
    noise : float > 0, default 0.25
        The standard deviation :math:`\sigma` of the noise.
    seed : int >= 0, default 11
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    CurveSample
        ``x_train``, ``y_train`` of shape ``(n_train,)``, ``x_val``, ``y_val`` of shape
        ``(n_val,)``.

    Examples
    --------
    >>> sample = noisy_sine()
    >>> sample.x_train.shape, sample.x_val.shape
    ((16,), (200,))
    >>> bool(abs(sample.x_train).max() <= 1.0)
    True
    """
    n_train = _check_count(n_train, "n_train")
    n_val = _check_count(n_val, "n_val")
    noise = check_positive(noise, "noise")
    rng = np.random.default_rng(_check_seed(seed))
    x_train = np.sort(rng.uniform(-1.0, 1.0, n_train))
    y_train = np.sin(2.5 * x_train) + noise * rng.standard_normal(n_train)
    x_val = np.sort(rng.uniform(-1.0, 1.0, n_val))
    y_val = np.sin(2.5 * x_val) + noise * rng.standard_normal(n_val)
    return CurveSample(x_train, y_train, x_val, y_val)


# ---------------------------------------------------------------------------
# Chapter 8: a toy detection task, one object (or none) per strip of pixels
# ---------------------------------------------------------------------------

#: The classes of :func:`toy_detection`, in the order of their indices 0, 1, 2.
DETECTION_CLASSES = ("background", "cat", "dog")


@dataclass(frozen=True)
class DetectionData:
    r"""Strips of pixels, each with a class and, if it shows an object, a box.

    A box on a strip is an interval, given by its centre :math:`c` and width
    :math:`w` in pixels. The model does not predict it directly but as two
    *offsets* from a fixed anchor box :math:`(c_a, w_a)`, as Fast R-CNN does,

    .. math:: t = \left(\frac{c - c_a}{w_a},\ \ln\frac{w}{w_a}\right),

    so that both numbers are unit-free and of order 1
    (:func:`lossfns.training.multitask.boxes_to_offsets` and its inverse).

    Attributes
    ----------
    X : ndarray of shape (n, n_pixels)
        The pixel values of each strip (float64).
    labels : ndarray of shape (n,)
        Class index (int64): 0 background, 1 cat, 2 dog.
    offsets : ndarray of shape (n, 2)
        The box offsets :math:`t` of each object; 0 on background strips, which
        have no box (the box loss must ignore them).
    centres, widths : ndarray of shape (n,)
        The true box in pixels; NaN on background strips.
    anchor : (float, float)
        The anchor box :math:`(c_a, w_a)` in pixels.
    classes : tuple of str
        The class names, indexed by ``labels``.
    """

    X: np.ndarray
    labels: np.ndarray
    offsets: np.ndarray
    centres: np.ndarray
    widths: np.ndarray
    anchor: tuple[float, float]
    classes: tuple[str, ...] = DETECTION_CLASSES

    def __len__(self) -> int:
        return len(self.labels)

    @property
    def has_object(self) -> np.ndarray:
        """True on the strips that show a cat or a dog (``labels > 0``)."""
        return self.labels > 0


def toy_detection(n: int = 300, *, n_pixels: int = 24, noise: float = 0.4,
                  seed: int = 0) -> DetectionData:
    r"""A seeded toy detection task: find the cat or the dog on a strip of pixels (chapter 8).

    Each example is a one-dimensional "image", a strip of ``n_pixels`` pixels.
    With probability 0.4 it is background: noise plus a small speck (2 pixels
    wide, brightness :math:`\pm` 0.4 to 0.8) anywhere on the strip. Otherwise it
    shows one object, a cat (a bright patch, +1) or a dog (a dark patch, -1),
    with equal probability, whose box is drawn around the anchor box
    :math:`(c_a, w_a) = ((n_{\text{pixels}} - 1)/2,\ n_{\text{pixels}}/3)`:

    .. math:: c = c_a + w_a\, u, \quad u \sim U(-0.5, 0.5), \qquad
              w = w_a\, e^{v}, \quad v \sim U(-0.4, 0.4),

    so that the offsets are :math:`t = (u, v)`. Pixel :math:`p` of an object
    strip is :math:`a\, \sigma\bigl(4 (w/2 - |p - c|)\bigr)` (a patch with soft
    edges; :math:`a = \pm 1`, :math:`\sigma` the logistic function); every pixel gets
    Gaussian noise of standard deviation ``noise``. The same arguments always
    give the same strips.

    Parameters
    ----------
    n : int, default 300
        Number of strips.
    n_pixels : int >= 12, default 24
        Pixels per strip.
    noise : float > 0, default 0.4
        Standard deviation of the pixel noise.
    seed : int >= 0, default 0
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    DetectionData

    Examples
    --------
    >>> data = toy_detection(5, seed=1)
    >>> data.X.shape, data.labels.tolist()
    ((5, 24), [1, 2, 0, 2, 0])
    >>> data.anchor
    (11.5, 8.0)
    >>> data.offsets[2].tolist(), bool(np.isnan(data.centres[2]))   # background: no box
    ([0.0, 0.0], True)
    """
    n = _check_count(n, "n")
    n_pixels = _check_count(n_pixels, "n_pixels")
    if n_pixels < 12:
        raise ValueError(f"n_pixels must be at least 12, got {n_pixels}")
    noise = check_positive(noise, "noise")
    rng = np.random.default_rng(_check_seed(seed))
    anchor = ((n_pixels - 1) / 2, n_pixels / 3)
    labels = rng.choice(3, size=n, p=[0.4, 0.3, 0.3]).astype(np.int64)
    u = rng.uniform(-0.5, 0.5, n)
    v = rng.uniform(-0.4, 0.4, n)
    speck_at = rng.uniform(0.0, n_pixels - 1.0, n)
    speck = rng.choice([-1.0, 1.0], n) * rng.uniform(0.4, 0.8, n)
    pixels = np.arange(n_pixels, dtype=np.float64)
    obj = labels > 0
    centres = np.where(obj, anchor[0] + anchor[1] * u, np.nan)
    widths = np.where(obj, anchor[1] * np.exp(v), np.nan)
    amplitude = np.where(obj, np.where(labels == 1, 1.0, -1.0), speck)
    centre = np.where(obj, centres, speck_at)[:, np.newaxis]
    half = np.where(obj, widths / 2, 1.0)[:, np.newaxis]
    with np.errstate(over="ignore"):
        patch = 1.0 / (1.0 + np.exp(-4.0 * (half - np.abs(pixels - centre))))
    X = amplitude[:, np.newaxis] * patch + rng.normal(0.0, noise, (n, n_pixels))
    offsets = np.where(obj[:, np.newaxis], np.column_stack([u, v]), 0.0)
    return DetectionData(X=X, labels=labels, offsets=offsets, centres=centres,
                         widths=widths, anchor=anchor)


# ---------------------------------------------------------------------------
# Chapter 9: a bakery's daily demand for bread
# ---------------------------------------------------------------------------

#: The two features of every day in :func:`bakery_demand`, in the order of the columns of ``X``.
BAKERY_FEATURES = ("weekend", "rain (mm)")


@dataclass(frozen=True)
class BakeryLog:
    """A bakery's days: whether it was a weekend, how much rain fell, how many loaves were wanted.

    Attributes
    ----------
    weekend : ndarray of shape (n,)
        1.0 on Saturdays and Sundays, 0.0 on weekdays (the log starts on a Monday).
    rain : ndarray of shape (n,)
        Rain that day, in millimetres (float64, rounded to 0.1; 0 on dry days).
    demand : ndarray of shape (n,)
        Loaves the customers wanted that day (float64, whole numbers, at least 0).
    """

    weekend: np.ndarray
    rain: np.ndarray
    demand: np.ndarray

    @property
    def X(self) -> np.ndarray:
        """The features as a matrix of shape ``(n, 2)``: the columns :data:`BAKERY_FEATURES`."""
        return np.column_stack([self.weekend, self.rain])

    def __len__(self) -> int:
        return len(self.demand)


def bakery_demand(n_days: int = 180, *, seed: int = 9) -> BakeryLog:
    r"""A seeded bakery log (chapter 9): loaves wanted per day, on weekends and in the rain.

    .. math:: d_t = \max\bigl(0,\ 100 + 40\, w_t - 2\, r_t + \varepsilon_t\bigr),
              \qquad \varepsilon_t \sim \mathcal{N}(0, 12^2),

    rounded to whole loaves, where :math:`w_t` is 1 on Saturdays and Sundays (day
    :math:`t = 0` is a Monday) and the rain :math:`r_t` is 0 mm on a dry day
    (probability 0.6) and otherwise exponential with mean 6 mm, rounded to 0.1 mm.
    Customers come more on weekends and stay home in the rain; the rest is chance.
    The same arguments always give the same days; another seed gives new days from
    the same bakery (the book trains on the default seed and holds out ``seed=10``).

    Parameters
    ----------
    n_days : int, default 180
    seed : int >= 0, default 9
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    BakeryLog
        ``weekend``, ``rain`` and ``demand``, each of shape ``(n_days,)``, and ``X``.

    Examples
    --------
    >>> log = bakery_demand(7)
    >>> log.weekend.tolist()
    [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0]
    >>> log.X.shape, len(log)
    ((7, 2), 7)
    """
    n_days = _check_count(n_days, "n_days")
    rng = np.random.default_rng(_check_seed(seed))
    weekend = (np.arange(n_days) % 7 >= 5).astype(np.float64)
    wet = rng.random(n_days) >= 0.6
    rain = np.where(wet, np.round(rng.exponential(6.0, size=n_days), 1), 0.0)
    noise = rng.normal(0.0, 12.0, size=n_days)
    demand = np.maximum(0.0, np.round(100.0 + 40.0 * weekend - 2.0 * rain + noise))
    return BakeryLog(weekend=weekend, rain=rain, demand=demand)
