"""lossfns: numerically stable loss functions and their gradients.

The package behind the open course *The Mistake Notebook*.
"""

from .regression import mse, mse_grad

__all__ = ["mse", "mse_grad"]
__version__ = "0.1.0"
