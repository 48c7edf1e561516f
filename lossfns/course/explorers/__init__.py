r"""Explorers: sliders that show how a loss or a training run behaves as one thing changes.

An explorer computes every slider position in advance, draws it, and hands the figures
to :func:`lossfns.course.widgets.frame_slider`, so that it works in a live notebook and in the
static HTML book alike. Each is built from small functions that can be tested and
reused on their own (a *scene* that measures, a *draw* function for one position, a
*describe* function for its alt text), one module per explorer:

* :mod:`~lossfns.course.explorers.mse_guess` -- chapter 0: one guess for every observation,
  scored by the MSE (:func:`mse_guess_explorer`);
* :mod:`~lossfns.course.explorers.notebook_pages` -- chapter 1: a mistake notebook page by
  page over training, with the classifier's view of the examples
  (:func:`notebook_pages_explorer`);
* :mod:`~lossfns.course.explorers.expected_cost` -- chapter 2: probability moved between two
  wrong classes; cross-entropy stays flat, the expected cost does not
  (:func:`expected_cost_explorer`);
* :mod:`~lossfns.course.explorers.learning_rate` -- chapter 3: gradient descent on a line at
  many learning rates (:func:`learning_rate_explorer`);
* :mod:`~lossfns.course.explorers.constant_guess` -- chapters 4 and 6: one constant guess
  scored by one or several regression losses side by side (:func:`constant_guess_explorer`);
* :mod:`~lossfns.course.explorers.cross_entropy` -- chapter 5: one prediction's probabilities,
  cross-entropy and gradient (:func:`cross_entropy_explorer`);
* :mod:`~lossfns.course.explorers.outlier_fit` -- chapter 6: drag one point, and watch the MSE
  line and the MAE line (:func:`outlier_fit_explorer`);
* :mod:`~lossfns.course.explorers.margin` -- chapter 7: one point moved across a linear SVM's
  margin (:func:`margin_explorer`);
* :mod:`~lossfns.course.explorers.combined_loss` -- chapter 8: a detector trained on a
  classification loss plus :math:`\lambda` times a box loss, for several
  :math:`\lambda` (:func:`combined_loss_explorer`);
* :mod:`~lossfns.course.explorers.loss_curves` -- chapter 8: slide through a training run and
  watch the fitted curve, the training and the validation loss (:func:`loss_curves_explorer`);
* :mod:`~lossfns.course.explorers.asymmetric` -- chapter 9: the best constant forecast when
  under-forecasting costs k times more (:func:`asymmetric_explorer`).

Everything public is importable from :mod:`lossfns.course.explorers` itself.
Needs matplotlib and ipywidgets.
"""

from . import (asymmetric, combined_loss, constant_guess, cross_entropy, expected_cost,
               learning_rate, loss_curves, margin, mse_guess, notebook_pages, outlier_fit)
from .asymmetric import *  # noqa: F403
from .combined_loss import *  # noqa: F403
from .constant_guess import *  # noqa: F403
from .cross_entropy import *  # noqa: F403
from .expected_cost import *  # noqa: F403
from .learning_rate import *  # noqa: F403
from .loss_curves import *  # noqa: F403
from .margin import *  # noqa: F403
from .mse_guess import *  # noqa: F403
from .notebook_pages import *  # noqa: F403
from .outlier_fit import *  # noqa: F403

__all__ = [
    *mse_guess.__all__,
    *notebook_pages.__all__,
    *expected_cost.__all__,
    *learning_rate.__all__,
    *constant_guess.__all__,
    *cross_entropy.__all__,
    *outlier_fit.__all__,
    *margin.__all__,
    *combined_loss.__all__,
    *loss_curves.__all__,
    *asymmetric.__all__,
]
