"""Chapter 7's data and models: the spam emails, and the linear SVM and logistic regression
trained on them as the chapter does, against scikit-learn (test-only dependency).
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lossfns.course.datasets import EMAIL_FEATURES, spam_emails
from lossfns.training import LinearSVM, LogisticRegression, gradient_descent

LAMBDA = 0.02


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


# --- the chapter's models against scikit-learn --------------------------------------------

@pytest.fixture(scope="module")
def emails():
    X, y = spam_emails()
    return (X - X.mean(axis=0)) / X.std(axis=0), y


def _svm_as_in_the_chapter(Z, y, l2, steps=3000):
    run = gradient_descent(LinearSVM(2), Z, y, l2=l2, steps=steps,
                           learning_rate=lambda t: 1 / (l2 * (t + 10)))
    return run.path["w"][steps // 2:].mean(axis=0), run.path["b"][steps // 2:].mean()


def test_subgradient_descent_finds_scikit_learns_svm(emails):
    # SVC minimises (1/2)|w|^2 + C sum hinge, the chapter's objective times 1/(lambda n)
    # when C = 1 / (lambda n); neither penalises the intercept.
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    reference = svm.SVC(kernel="linear", C=1 / (LAMBDA * len(y)), tol=1e-10).fit(Z, y)
    w, b = _svm_as_in_the_chapter(Z, y, LAMBDA)
    np.testing.assert_allclose(w, reference.coef_[0], atol=5e-3)
    assert b == pytest.approx(reference.intercept_[0], abs=5e-3)
    margins = y * (Z @ w + b)
    assert set(np.flatnonzero(margins <= 1.01)) == set(reference.support_)


def test_the_svm_trained_on_its_support_vectors_alone_is_the_same_svm(emails):
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    C = 1 / (LAMBDA * len(y))
    full = svm.SVC(kernel="linear", C=C, tol=1e-10).fit(Z, y)
    kept = full.support_
    fewer = svm.SVC(kernel="linear", C=C, tol=1e-10).fit(Z[kept], y[kept])
    np.testing.assert_allclose(fewer.coef_, full.coef_, atol=1e-6)
    # the chapter's version: the mean loss over fewer emails, penalty scaled by n / n_kept
    w, b = _svm_as_in_the_chapter(Z[kept], y[kept], LAMBDA * len(y) / len(kept))
    np.testing.assert_allclose(w, full.coef_[0], atol=5e-3)


def test_gradient_descent_finds_scikit_learns_logistic_regression(emails):
    linear_model = pytest.importorskip("sklearn.linear_model")
    Z, y = emails
    reference = linear_model.LogisticRegression(C=1 / (LAMBDA * len(y)), tol=1e-12,
                                                max_iter=10_000).fit(Z, y)
    run = gradient_descent(LogisticRegression(2), Z, (y + 1) / 2, l2=LAMBDA,
                           learning_rate=1.0, steps=2000)
    np.testing.assert_allclose(run.params["w"], reference.coef_[0], rtol=1e-6)
    assert float(run.params["b"]) == pytest.approx(reference.intercept_[0], rel=1e-6)


def test_the_chapter_s_pulls_at_the_kink_are_scikit_learns_dual_coefficients(emails):
    # The chapter solves lambda w = (1/n) sum alpha_i y_i z_i, sum alpha_i y_i = 0 for the
    # pulls alpha_i of the emails on the margin. SVC's dual_coef_ is y_i alpha_i C.
    svm = pytest.importorskip("sklearn.svm")
    Z, y = emails
    n = len(y)
    C = 1 / (LAMBDA * n)
    reference = svm.SVC(kernel="linear", C=C, tol=1e-12).fit(Z, y)
    expected = np.zeros(n)
    expected[reference.support_] = np.abs(reference.dual_coef_[0]) / C

    w, b = _svm_as_in_the_chapter(Z, y, LAMBDA)
    margins = y * (Z @ w + b)
    on_margin = np.abs(margins - 1) <= 0.01
    pull = np.where(margins < 1 - 0.01, 1.0, 0.0)
    A = np.vstack([(y[on_margin, None] * Z[on_margin]).T / n, y[on_margin]])
    rhs = np.append(LAMBDA * w - (pull * y) @ Z / n, -(pull * y).sum())
    pull[on_margin] = np.linalg.lstsq(A, rhs, rcond=None)[0]
    np.testing.assert_allclose(pull, expected, atol=0.02)
    assert np.all((pull >= 0) & (pull <= 1))
