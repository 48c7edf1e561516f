import dataclasses

import pytest

import lossfns
from lossfns import LOSSES, register_loss, unregister_loss
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
