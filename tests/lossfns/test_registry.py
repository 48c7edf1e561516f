import dataclasses

import pytest

import lossfns
from lossfns import (
    LOSSES,
    LossTableRow,
    loss_table,
    register_loss,
    unregister_loss,
)
from lossfns.registry import ROBUSTNESS, TASKS

ISSUE_NAMES = {
    "mse", "rmse", "mae", "huber", "smooth_l1", "log_cosh", "quantile_loss",
    "binary_cross_entropy", "binary_cross_entropy_with_logits", "hinge",
    "cross_entropy", "categorical_cross_entropy", "multiclass_hinge", "expected_cost",
    "focal_loss", "kl_divergence",
}


def test_registry_holds_every_public_loss_with_its_own_gradient():
    assert set(LOSSES) == ISSUE_NAMES
    for name, info in LOSSES.items():
        assert info.name == name
        assert info.value is getattr(lossfns, name)
        assert info.grad is getattr(lossfns, f"{name}_grad")


def test_every_record_is_complete():
    for info in LOSSES.values():
        assert info.task in TASKS
        assert info.outlier_robustness in ROBUSTNESS
        assert info.formula.strip() and info.use_when.strip()
    assert {info.task for info in LOSSES.values()} == set(TASKS)


def test_records_and_mapping_are_read_only():
    info = LOSSES["mse"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.task = "binary"
    with pytest.raises(TypeError):
        LOSSES["mse"] = info


def test_register_then_unregister_a_custom_loss():
    info = register_loss("twice_mse", lambda t, p, **k: 2 * lossfns.mse(t, p, **k),
                         lambda t, p, **k: 2 * lossfns.mse_grad(t, p, **k),
                         task="regression", formula=r"2(\hat y-y)^2",
                         outlier_robustness="sensitive", use_when="a test")
    try:
        assert LOSSES["twice_mse"] is info
        assert lossfns.check_grad(info.value, [1.0, 2.0], [0.0, 4.0]) < 1e-7
    finally:
        unregister_loss("twice_mse")
    assert "twice_mse" not in LOSSES


@pytest.mark.parametrize(
    "override, argument",
    [
        ({"name": "mse"}, "already registered"),
        ({"name": "bad name"}, "name must be"),
        ({"task": "ranking"}, "task must be one of"),
        ({"outlier_robustness": "very"}, "outlier_robustness must be one of"),
        ({"formula": ""}, "formula must be"),
        ({"grad": None}, "grad must be callable"),
    ],
)
def test_register_loss_rejects_bad_records(override, argument):
    arguments = dict(name="custom", value=lossfns.mae, grad=lossfns.mae_grad,
                     task="regression", formula="|x|", outlier_robustness="robust",
                     use_when="tests")
    arguments.update(override)
    name, value, grad = arguments.pop("name"), arguments.pop("value"), arguments.pop("grad")
    with pytest.raises(ValueError, match=argument):
        register_loss(name, value, grad, **arguments)
    assert "custom" not in LOSSES


def test_unregister_unknown_name_is_an_error():
    with pytest.raises(ValueError, match="not registered"):
        unregister_loss("no_such_loss")


# --- the task -> loss -> why table (chapter 8) ------------------------------------------------


#: The source article's table, row by row: every loss it recommends must be in the
#: generated table under the same task (its "custom loss" for anomaly detection is
#: whatever a reader registers, tested below).
ARTICLE_ROWS = {
    "regression": {"mse", "mae"},
    "multi-class": {"cross_entropy"},
    "binary": {"binary_cross_entropy", "hinge"},
    "anomaly detection": {"mae"},
}


@pytest.mark.parametrize(("use", "losses"), ARTICLE_ROWS.items())
def test_every_row_of_the_article_appears_in_the_table(use, losses):
    assert losses <= {row.loss for row in loss_table([use])}


@pytest.mark.parametrize(("use", "loss"), [
    ("regression", "huber"),
    ("asymmetric costs", "quantile_loss"),
    ("asymmetric costs", "expected_cost"),
    ("imbalanced classes", "focal_loss"),
    ("imbalanced classes", "cross_entropy"),
    ("object detection boxes", "smooth_l1"),
    ("noisy labels", "huber"),
    ("margin matters", "hinge"),
])
def test_the_table_recommends_the_chapter_8_losses_for_their_uses(use, loss):
    assert loss in {row.loss for row in loss_table([use])}


def test_every_loss_has_a_task_row_with_its_use_when_and_rows_come_grouped():
    rows = loss_table()
    for info in LOSSES.values():
        row = next(r for r in rows if r.use == info.task and r.loss == info.name)
        assert row.why == info.use_when and row.formula == info.formula
    uses = [row.use for row in rows]
    groups = [use for i, use in enumerate(uses) if i == 0 or uses[i - 1] != use]
    assert len(groups) == len(set(groups)), "a use appears in two separate groups"
    assert groups[:3] == list(TASKS)


def test_a_newly_registered_loss_appears_under_its_task_and_its_applications():
    register_loss("late_alarm", lossfns.quantile_loss, lossfns.quantile_loss_grad,
                  task="regression", formula=r"\rho_{0.95}", outlier_robustness="robust",
                  use_when="a test", applications={"anomaly detection": "a test reason",
                                                   "brand-new use": "another reason"})
    try:
        rows = loss_table()
        assert LossTableRow("regression", "late_alarm", r"\rho_{0.95}", "a test") in rows
        assert ("anomaly detection", "late_alarm") in {(r.use, r.loss) for r in rows}
        assert [r.loss for r in loss_table(["brand-new use"])] == ["late_alarm"]
    finally:
        unregister_loss("late_alarm")
    assert "late_alarm" not in {row.loss for row in loss_table()}
    with pytest.raises(ValueError, match="uses"):
        loss_table(["brand-new use"])


def test_register_loss_keeps_its_old_keywords_and_applications_default_to_none():
    info = register_loss("old_style", lossfns.mse, lossfns.mse_grad, task="regression",
                         formula="x^2", outlier_robustness="sensitive", use_when="a test")
    try:
        assert info.applications == ()
        assert [row.use for row in loss_table() if row.loss == "old_style"] == ["regression"]
    finally:
        unregister_loss("old_style")


def test_applications_may_be_given_as_pairs():
    info = register_loss("paired", lossfns.mae, lossfns.mae_grad, task="regression",
                         formula="|x|", outlier_robustness="robust", use_when="a test",
                         applications=[("anomaly detection", "why not")])
    try:
        assert info.applications == (("anomaly detection", "why not"),)
    finally:
        unregister_loss("paired")


@pytest.mark.parametrize(("applications", "message"), [
    ("anomaly detection", "applications must be a dict"),
    ([("anomaly detection",)], "applications must be a dict"),
    ({"anomaly detection": ""}, "applications: every why must be a non-empty string"),
    ({"": "a reason"}, "applications: every application must be a non-empty string"),
    ({"regression": "a reason"}, "is a task"),
    ([("a", "b"), ("a", "c")], "listed twice"),
    (42, "applications must be a dict"),
])
def test_bad_applications_are_rejected_naming_the_argument(applications, message):
    with pytest.raises(ValueError, match=message):
        register_loss("bad_apps", lossfns.mae, lossfns.mae_grad, task="regression",
                      formula="|x|", outlier_robustness="robust", use_when="a test",
                      applications=applications)
    assert "bad_apps" not in LOSSES


@pytest.mark.parametrize(("uses", "message"), [
    ("regression", "uses must be a sequence"),
    (["no such use"], "not found"),
])
def test_loss_table_rejects_unknown_uses(uses, message):
    with pytest.raises(ValueError, match=message):
        loss_table(uses)
