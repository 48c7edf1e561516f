"""One test per bad-input rule of the classification losses; each message names the argument."""

from __future__ import annotations

import numpy as np
import pytest

from lossfns.classification import (
    binary_cross_entropy,
    binary_cross_entropy_grad,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    cross_entropy,
    cross_entropy_grad,
    expected_cost,
    focal_loss,
    hinge,
    hinge_grad,
    kl_divergence,
    multiclass_hinge,
)

LOGITS = np.array([[1.0, 0.0, -1.0], [0.5, 0.5, 2.0]])
PROBS = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
COSTS = np.array([[0.0, 1.0, 5.0], [1.0, 0.0, 5.0], [5.0, 5.0, 0.0]])


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_grad])
def test_probabilities_outside_0_1_are_rejected_naming_y_pred(function):
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities in \[0, 1\].*"
                                         r"logits"):
        function([1.0, 0.0], [1.2, 0.3])
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities"):
        function([1.0, 0.0], [0.5, -1e-12])


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_with_logits])
def test_binary_labels_outside_0_1_are_rejected_naming_y_true(function):
    with pytest.raises(ValueError, match=r"y_true must contain binary labels in \[0, 1\]"):
        function([2.0, 0.0], [0.5, 0.5])


def test_minus_one_plus_one_labels_in_bce_get_a_conversion_hint():
    with pytest.raises(ValueError, match=r"y_true .*\(y \+ 1\) / 2"):
        binary_cross_entropy_with_logits([-1.0, 1.0], [0.5, 0.5])


@pytest.mark.parametrize("function", [hinge, hinge_grad])
def test_hinge_labels_0_1_are_rejected_with_the_2y_minus_1_hint(function):
    with pytest.raises(ValueError, match=r"y_true must contain labels -1 or \+1.*2 \* y - 1"):
        function([0.0, 1.0, 1.0], [0.3, -0.2, 2.0])


def test_hinge_labels_other_than_plus_minus_one_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"y_true must contain labels -1 or \+1") as error:
        hinge([0.5, 1.0], [0.3, -0.2])
    assert "2 * y - 1" not in str(error.value)


@pytest.mark.parametrize("function", [cross_entropy, focal_loss, multiclass_hinge])
def test_class_index_out_of_range_is_rejected_naming_y_true(function):
    with pytest.raises(ValueError, match=r"y_true must contain class indices in \[0, 2\] for "
                                         r"3 classes.*first: 3"):
        function([0, 3], LOGITS)


@pytest.mark.parametrize("function", [cross_entropy, focal_loss, multiclass_hinge])
def test_negative_class_index_is_rejected_not_wrapped(function):
    with pytest.raises(ValueError, match=r"y_true must contain class indices in \[0, 2\].*"
                                         r"first: -1"):
        function([0, -1], LOGITS)


@pytest.mark.parametrize("function", [cross_entropy, categorical_cross_entropy,
                                      multiclass_hinge])
def test_non_integer_class_index_is_rejected_naming_y_true(function):
    y_pred = PROBS if function is categorical_cross_entropy else LOGITS
    with pytest.raises(ValueError, match=r"y_true must contain integer class indices.*1\.5"):
        function([0, 1.5], y_pred)


def test_boolean_labels_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"y_true must contain real numbers"):
        cross_entropy(np.array([True, False]), LOGITS)


@pytest.mark.parametrize("function", [categorical_cross_entropy, kl_divergence])
def test_predicted_probability_rows_not_summing_to_1_are_rejected_naming_y_pred(function):
    with pytest.raises(ValueError, match=r"each row of y_pred must sum to 1.*row 1"):
        function([0, 1], [[0.7, 0.2, 0.1], [0.5, 0.5, 0.5]])


def test_expected_cost_checks_the_prediction_rows_too():
    with pytest.raises(ValueError, match=r"each row of y_pred must sum to 1"):
        expected_cost([0, 1], [[0.7, 0.2, 0.1], [0.5, 0.5, 0.5]], cost_matrix=COSTS)


def test_target_probability_rows_not_summing_to_1_are_rejected_naming_y_true():
    with pytest.raises(ValueError, match=r"each row of y_true must sum to 1"):
        cross_entropy([[0.5, 0.2, 0.1], [0.0, 0.0, 1.0]], LOGITS)


def test_logits_passed_as_probabilities_are_rejected_with_a_hint():
    with pytest.raises(ValueError, match=r"y_pred must contain probabilities.*cross_entropy"):
        categorical_cross_entropy([0, 1], LOGITS)


@pytest.mark.parametrize("value", [1.0, -0.1, 1.5, float("nan")])
def test_label_smoothing_outside_0_1_is_rejected(value):
    with pytest.raises(ValueError, match=r"label_smoothing must"):
        cross_entropy([0, 1], LOGITS, label_smoothing=value)


@pytest.mark.parametrize("value", [-0.5, float("inf"), "2"])
def test_negative_or_non_numeric_gamma_is_rejected(value):
    with pytest.raises(ValueError, match=r"gamma must"):
        focal_loss([0, 1], LOGITS, gamma=value)


@pytest.mark.parametrize("costs, message", [
    (np.ones((2, 2)) - np.eye(2), r"cost_matrix must have shape \(3, 3\) for 3 classes"),
    (np.array([[0.0, 1.0, 5.0], [1.0, 0.0, -1.0], [5.0, 5.0, 0.0]]),
     r"cost_matrix must be non-negative.*cost_matrix\[1, 2\] = -1\.0"),
    (COSTS + np.eye(3) * 0.5, r"cost_matrix must have a zero diagonal.*cost_matrix\[0, 0\]"),
    (np.where(np.eye(3) == 1, 0.0, np.nan), r"cost_matrix must contain only finite numbers"),
])
def test_bad_cost_matrix_is_rejected_naming_cost_matrix(costs, message):
    with pytest.raises(ValueError, match=message):
        expected_cost([0, 1], PROBS, cost_matrix=costs)


def test_cost_matrix_is_a_required_keyword():
    with pytest.raises(TypeError, match="cost_matrix"):
        expected_cost([0, 1], PROBS)


def test_unknown_multiclass_hinge_variant_is_rejected_naming_variant():
    with pytest.raises(ValueError, match=r"variant must be one of 'crammer_singer', "
                                         r"'weston_watkins', got 'ww'"):
        multiclass_hinge([0, 1], LOGITS, variant="ww")


def test_multiclass_hinge_needs_indices_not_rows():
    with pytest.raises(ValueError, match=r"y_true must hold class indices.*argmax"):
        multiclass_hinge(np.eye(3)[[0, 1]], LOGITS)


@pytest.mark.parametrize("function", [binary_cross_entropy, binary_cross_entropy_with_logits,
                                      hinge])
def test_n_against_n_by_1_is_a_shape_error_not_a_broadcast(function):
    y = np.array([1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"y_true and y_pred must have the same shape.*"
                                         r"broadcast"):
        function(y, np.full((3, 1), 0.5))


def test_class_indices_shaped_n_by_1_get_a_ravel_hint():
    with pytest.raises(ValueError, match=r"y_true must be class indices of shape \(2,\).*"
                                         r"ravel"):
        cross_entropy(np.array([[0], [1]]), LOGITS)


def test_index_count_must_match_the_number_of_prediction_rows():
    with pytest.raises(ValueError, match=r"y_true holds 3 class indices but y_pred has 2 rows"):
        cross_entropy([0, 1, 2], LOGITS)


def test_target_rows_of_the_wrong_width_are_rejected():
    with pytest.raises(ValueError, match=r"y_true must be class indices of shape \(2,\) or "
                                         r"probability rows of shape \(2, 3\)"):
        cross_entropy(np.full((2, 4), 0.25), LOGITS)


@pytest.mark.parametrize("y_pred, message", [
    (np.zeros((2, 3, 4)), r"y_pred must have shape \(n_samples, n_classes\)"),
    (np.zeros((2, 1)), r"y_pred must have at least 2 classes"),
    (np.zeros(()), r"y_pred must have shape \(n_samples, n_classes\)"),
])
def test_multiclass_prediction_shape_is_checked_naming_y_pred(y_pred, message):
    with pytest.raises(ValueError, match=message):
        cross_entropy(0, y_pred)


def test_class_weight_shape_and_sign_are_checked_naming_class_weight():
    with pytest.raises(ValueError, match=r"class_weight must have one weight per class, "
                                         r"shape \(3,\)"):
        cross_entropy([0, 1], LOGITS, class_weight=[1.0, 2.0])
    with pytest.raises(ValueError, match=r"class_weight must be non-negative"):
        cross_entropy([0, 1], LOGITS, class_weight=[1.0, -2.0, 1.0])


def test_class_weights_that_zero_every_sample_make_the_mean_an_error():
    with pytest.raises(ValueError, match=r"class_weight .* every sample weight 0"):
        cross_entropy([0, 1], LOGITS, class_weight=[0.0, 0.0, 1.0])
    assert cross_entropy([0, 1], LOGITS, class_weight=[0.0, 0.0, 1.0], reduction="sum") == 0.0


def test_non_finite_predictions_are_rejected_naming_y_pred():
    with pytest.raises(ValueError, match=r"y_pred must contain only finite numbers"):
        cross_entropy([0, 1], [[np.inf, 0.0, 0.0], [0.0, 0.0, 0.0]])
    with pytest.raises(ValueError, match=r"y_pred must contain only finite numbers"):
        binary_cross_entropy_with_logits([0.0], [np.nan])


def test_bad_reduction_and_sample_weight_are_rejected_by_name():
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        cross_entropy([0, 1], LOGITS, reduction="avg")
    with pytest.raises(ValueError, match=r"reduction must be one of"):
        cross_entropy_grad([0, 1], LOGITS, reduction="avg")
    with pytest.raises(ValueError, match=r"sample_weight must have one weight per sample"):
        focal_loss([0, 1], LOGITS, sample_weight=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"sample_weight must be non-negative"):
        hinge([1.0, -1.0], [0.2, 0.3], sample_weight=[1.0, -1.0])
