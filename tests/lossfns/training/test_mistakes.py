import numpy as np
import pytest

from lossfns import mse
from lossfns.training import MistakeNotebook


def make_notebook():
    notebook = MistakeNotebook(mse, names=["a", "b", "c", "d"])
    notebook.record([1.0, 2.0, 3.0, 4.0], [1.0, 5.0, 3.5, 2.0])   # losses 0, 9, .25, 4
    notebook.record([1.0, 2.0, 3.0, 4.0], [1.5, 2.0, 3.0, 3.0])   # losses .25, 0, 0, 1
    return notebook


def test_record_returns_per_example_losses_and_numbers_steps_from_zero():
    notebook = make_notebook()
    assert notebook.steps == [0, 1]
    np.testing.assert_array_equal(notebook.losses(step=0), [0.0, 9.0, 0.25, 4.0])


def test_worst_lists_largest_losses_first_at_latest_step_by_default():
    worst = make_notebook().worst(2)
    assert [m.name for m in worst] == ["d", "a"]
    assert [m.loss for m in worst] == [1.0, 0.25]
    assert worst[0].step == 1 and worst[0].y_true == 4.0 and worst[0].y_pred == 3.0


def test_worst_at_an_earlier_step():
    assert [m.name for m in make_notebook().worst(3, step=0)] == ["b", "d", "c"]


def test_worst_breaks_ties_by_example_order():
    notebook = MistakeNotebook(mse)
    notebook.record([0.0, 0.0, 0.0], [1.0, -1.0, 1.0])
    assert [m.example for m in notebook.worst(3)] == [0, 1, 2]
    assert notebook.worst(1)[0].name == "example 0"


def test_history_follows_one_example_over_steps():
    np.testing.assert_array_equal(make_notebook().history(1), [9.0, 0.0])


def test_mean_losses_per_step():
    np.testing.assert_allclose(make_notebook().mean_losses(), [13.25 / 4, 1.25 / 4])


def test_loss_kwargs_are_passed_at_every_step():
    from lossfns import huber

    notebook = MistakeNotebook(huber, delta=0.5)
    np.testing.assert_allclose(notebook.record([0.0], [2.0]), [0.5 * (2.0 - 0.25)])


def test_multiclass_predictions_are_kept_per_example():
    from lossfns import cross_entropy

    notebook = MistakeNotebook(cross_entropy, names=["cat photo", "dog photo"])
    notebook.record([0, 1], [[2.0, 0.0, 0.0], [3.0, 0.0, 0.0]])
    worst = notebook.worst(1)[0]
    assert worst.name == "dog photo"
    np.testing.assert_array_equal(worst.y_pred, [3.0, 0.0, 0.0])
    assert "dog photo" in str(worst)


def test_table_html_lists_worst_mistakes():
    html = make_notebook().table_html(2, step=0)
    assert html.index("<td>b</td>") < html.index("<td>d</td>")
    assert "Worst 2 mistakes at step 0" in html


def test_recorded_arrays_are_copies():
    notebook = MistakeNotebook(mse)
    y_pred = np.array([1.0, 2.0])
    notebook.record([0.0, 0.0], y_pred)
    y_pred[0] = 100.0
    assert notebook.worst(2)[1].y_pred == 1.0


@pytest.mark.parametrize(
    "action, argument",
    [
        (lambda nb: nb.record([1.0, 2.0], [1.0, 2.0], step=0), "step"),
        (lambda nb: nb.record([1.0], [1.0]), "same examples"),
        (lambda nb: nb.worst(0), "k must"),
        (lambda nb: nb.worst(1, step=7), "step must be one of"),
        (lambda nb: nb.history(9), "example must"),
        (lambda nb: nb.record([1.0, 2.0], [1.0, 2.0], step=1.5), "step must be an integer"),
    ],
)
def test_bad_use_raises_a_clear_error(action, argument):
    notebook = MistakeNotebook(mse)
    notebook.record([1.0, 2.0], [1.0, 3.0], step=0)
    with pytest.raises(ValueError, match=argument):
        action(notebook)


def test_names_must_match_number_of_examples():
    notebook = MistakeNotebook(mse, names=["only one"])
    with pytest.raises(ValueError, match="names must have one name per example"):
        notebook.record([1.0, 2.0], [1.0, 2.0])


def test_empty_notebook_and_reduction_argument_are_errors():
    with pytest.raises(ValueError, match="empty"):
        MistakeNotebook(mse).worst()
    with pytest.raises(ValueError, match="reduction"):
        MistakeNotebook(mse, reduction="mean")
    with pytest.raises(ValueError, match="loss must be a callable"):
        MistakeNotebook("mse")
