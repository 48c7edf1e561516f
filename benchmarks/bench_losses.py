"""Time each lossfns loss and its gradient against scikit-learn's equivalent.

Run by hand (not in CI): ``python benchmarks/bench_losses.py [--repeat R]``.

For n = 10 and n = 1,000,000 it prints the best per-call time of the lossfns
function, of its gradient, and of the scikit-learn metric that computes the same
number, all measured in this run, and the ratios lossfns / scikit-learn. Targets:
<= 0.3 at n = 10 (losses are called in tight loops, where checking the inputs
is most of the work) and <= 1.0 at n = 10**6 (a loss that reads like its
formula does about what scikit-learn does). scikit-learn has no gradients, so a
gradient is compared with its loss's metric. The load average is printed before
and after: on a busy machine every time grows, and the ratios wobble.
"""

from __future__ import annotations

import argparse
import os
import timeit

import numpy as np
import sklearn
from sklearn import metrics

import lossfns as lf

TARGETS = {10: 0.3, 1_000_000: 1.0}


def cases(n: int, rng: np.random.Generator):
    """(name, lossfns function, its args, sklearn metric, its args, extra kwargs)."""
    y = rng.normal(size=n)
    y_hat = y + rng.normal(size=n)
    labels = rng.integers(0, 2, size=n)
    p = np.clip(rng.uniform(size=n), 1e-6, 1 - 1e-6)
    signed = 2.0 * labels - 1.0
    scores = rng.normal(size=n)
    k = 3
    classes = np.arange(n) % k  # every class present, as sklearn's log_loss requires
    logits = rng.normal(size=(n, k))
    probs = lf.softmax(logits)
    return [
        ("mse", lf.mse, (y, y_hat), metrics.mean_squared_error, (y, y_hat), {}),
        ("rmse", lf.rmse, (y, y_hat), metrics.root_mean_squared_error, (y, y_hat), {}),
        ("mae", lf.mae, (y, y_hat), metrics.mean_absolute_error, (y, y_hat), {}),
        ("quantile_loss", lf.quantile_loss, (y, y_hat), metrics.mean_pinball_loss,
         (y, y_hat), {"q": 0.9}),
        ("binary_cross_entropy", lf.binary_cross_entropy, (labels, p), metrics.log_loss,
         (labels, p), {}),
        ("hinge", lf.hinge, (signed, scores), metrics.hinge_loss, (signed, scores), {}),
        ("categorical_cross_entropy", lf.categorical_cross_entropy, (classes, probs),
         metrics.log_loss, (classes, probs), {}),
        ("cross_entropy", lf.cross_entropy, (classes, logits), metrics.log_loss,
         (classes, probs), {}),
    ]


def best_times(calls, repeat: int, number: int) -> list[float]:
    """The best per-call time of each ``(function, args, kwargs)``, measured in turns.

    Each round times every function once, so that a change in the machine's load
    during the run affects them alike.
    """
    timers = [timeit.Timer(lambda f=f, a=a, k=k: f(*a, **k)) for f, a, k in calls]
    best = [float("inf")] * len(timers)
    for _ in range(repeat):
        for i, timer in enumerate(timers):
            best[i] = min(best[i], timer.timeit(number=number) / number)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f}")
    header = (f"{'n':>8} {'loss':<26} {'lossfns':>10} {'grad':>10} {'sklearn':>10} "
              f"{'loss/skl':>9} {'grad/skl':>9}  target")
    print(header)
    print("-" * len(header))
    worst = {}
    for n, target in TARGETS.items():
        number = 2000 if n == 10 else 3
        for name, ours, args, theirs, their_args, kwargs in cases(n, rng):
            grad = getattr(lf, f"{name}_grad")
            their_kwargs = {"alpha": kwargs["q"]} if "q" in kwargs else {}
            t_ours, t_grad, t_theirs = best_times(
                [(ours, args, kwargs), (grad, args, kwargs), (theirs, their_args, their_kwargs)],
                options.repeat, number)
            r_loss, r_grad = t_ours / t_theirs, t_grad / t_theirs
            ok = "ok" if max(r_loss, r_grad) <= target else "MISSED"
            worst[n] = max(worst.get(n, 0.0), r_loss, r_grad)
            print(f"{n:>8} {name:<26} {t_ours * 1e6:>8.1f}us {t_grad * 1e6:>8.1f}us "
                  f"{t_theirs * 1e6:>8.1f}us {r_loss:>9.3f} {r_grad:>9.3f}  <= {target} {ok}")
    for n, ratio in worst.items():
        print(f"worst ratio at n={n}: {ratio:.3f} (target {TARGETS[n]})")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
