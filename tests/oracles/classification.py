"""50-digit mpmath references for ``lossfns.classification``.

Each loss is written from its definition in multi-precision arithmetic (see
``tests/oracles/activations.py`` for the conventions: exact identities only,
every reference computed at 50 and 120 digits and required to agree).
Gradients are central differences of these multi-precision losses, never the
analytic formulas of ``lossfns``.
"""

from __future__ import annotations

import mpmath
import numpy as np

from lossfns import classification as C
from lossfns.reference.highprecision import mp_bce_with_logits, mp_log_sigmoid  # noqa: F401

from . import AccuracyCase
from .activations import gradient, mpf_vector, reference, reshape_like

mp = mpmath.mp


# ---------------------------------------------------------------------------
# per-sample reference losses (mp numbers in, mp number out)
# ---------------------------------------------------------------------------

def xlog(x, log_value):
    """x * log_value with 0 * log 0 = 0."""
    return mp.zero if x == 0 else x * log_value


def mp_log(x):
    return -mp.inf if x == 0 else mp.log(x)


def mp_bce(y, p):
    log_one_minus_p = -mp.inf if p == 1 else mp.log1p(-p)
    return -(xlog(y, mp_log(p)) + xlog(1 - y, log_one_minus_p))


def mp_hinge(y, s):
    return max(mp.zero, 1 - y * s)


def mp_log_softmax(z: list) -> list:
    return [-mp.log1p(mp.fsum(mp.exp(zj - zi) for j, zj in enumerate(z) if j != i))
            for i, zi in enumerate(z)]


def mp_one_minus_softmax(z: list) -> list:
    """1 - softmax(z)_i = sum_{j != i} e^{z_j} / sum_j e^{z_j}, without the subtraction."""
    out = []
    for i, zi in enumerate(z):
        rest = mp.fsum(mp.exp(zj - zi) for j, zj in enumerate(z) if j != i)
        out.append(rest / (1 + rest))
    return out


def smoothed(target: list, smoothing) -> list:
    k = len(target)
    eps = mp.mpf(smoothing)
    return [(1 - eps) * t + eps / k for t in target]


def mp_cross_entropy_value(target: list, z: list, smoothing=0.0, class_weight=None):
    """(value, omega): value = -sum_c w_c t~_c log p_c and omega = sum w t~ / sum t~."""
    t = smoothed(target, smoothing)
    w = [mp.one] * len(t) if class_weight is None else mpf_vector(class_weight)
    log_p = mp_log_softmax(z)
    value = -mp.fsum(xlog(wc * tc, lp) for wc, tc, lp in zip(w, t, log_p))
    omega = mp.fsum(wc * tc for wc, tc in zip(w, t)) / mp.fsum(t)
    return value, omega


def mp_categorical_cross_entropy(target: list, q: list):
    return -mp.fsum(xlog(t, mp_log(qc)) for t, qc in zip(target, q))


def mp_multiclass_hinge(label: int, s: list, variant: str):
    rivals = [1 + s[j] - s[label] for j in range(len(s)) if j != label]
    if variant == "crammer_singer":
        return max(mp.zero, max(rivals))
    return mp.fsum(max(mp.zero, r) for r in rivals)


def mp_expected_cost(target: list, q: list, cost_matrix):
    costs = [[mp.mpf(float(c)) for c in row] for row in np.asarray(cost_matrix, float)]
    k = len(q)
    return mp.fsum(target[c] * costs[c][j] * q[j] for c in range(k) for j in range(k))


def mp_focal(target: list, z: list, gamma):
    gamma = mp.mpf(gamma)
    log_p = mp_log_softmax(z)
    one_minus = mp_one_minus_softmax(z)
    return -mp.fsum(xlog(t, (om ** gamma if gamma != 0 else mp.one) * lp)
                    for t, om, lp in zip(target, one_minus, log_p))


def mp_kl(p: list, q: list):
    return mp.fsum(mp.zero if pc == 0 else (mp.inf if qc == 0 else pc * mp.log(pc / qc))
                   for pc, qc in zip(p, q))


# ---------------------------------------------------------------------------
# reductions, written out independently of lossfns._reduction
# ---------------------------------------------------------------------------

def mp_reduce(values: list, weights: list | None, reduction: str, denominators=None):
    """values are the per-sample weighted losses v_i (already times omega_i)."""
    n = len(values)
    s = [mp.one] * n if weights is None else mpf_vector(weights)
    weighted = [si * vi for si, vi in zip(s, values)]
    if reduction == "none":
        return weighted
    if reduction == "sum":
        return mp.fsum(weighted)
    d = [mp.one] * n if denominators is None else denominators
    return mp.fsum(weighted) / mp.fsum(si * di for si, di in zip(s, d))


def target_rows(y_true, y_pred) -> list:
    """Target distributions as mp lists: probability rows as given, indices one-hot."""
    labels = np.asarray(y_true, dtype=np.float64)
    k = np.shape(y_pred)[-1]
    if labels.ndim == np.ndim(y_pred):
        return [mpf_vector(row) for row in np.atleast_2d(labels)]
    labels = np.atleast_1d(labels)
    rows = []
    for label in labels:
        row = [mp.zero] * k
        row[int(label)] = mp.one
        rows.append(row)
    return rows


def _batch(y_true, y_pred):
    """(target rows as mp lists, prediction rows as floats 2-D, single?)."""
    y_pred = np.asarray(y_pred, dtype=np.float64)
    single = y_pred.ndim == 1
    pred = np.atleast_2d(y_pred)
    targets = target_rows(y_true, y_pred)
    return targets, pred, single


def _unbatch(result, single, reduction):
    if single and reduction == "none":
        return result[0]
    return result


# ---------------------------------------------------------------------------
# mp versions of whole lossfns calls: value and gradient
# ---------------------------------------------------------------------------

def _elementwise_loss(mp_loss, y_true, y_pred, reduction="mean", sample_weight=None):
    """Reference for an element-wise binary loss on arrays of shape () / (n,) / (n, k)."""
    y = np.asarray(y_true, dtype=np.float64)
    x = np.asarray(y_pred, dtype=np.float64)

    def per_sample(flat_pred):
        values = [mp_loss(mp.mpf(float(a)), b) for a, b in zip(y.ravel(), flat_pred)]
        if x.ndim <= 1:
            return values
        width = int(np.prod(x.shape[1:]))
        return [mp.fsum(values[i * width:(i + 1) * width]) / width for i in range(x.shape[0])]

    def value(flat_pred):
        losses = per_sample(flat_pred)
        out = mp_reduce(losses, sample_weight, reduction)
        return out[0] if (x.ndim == 0 and reduction == "none") else out

    return value, x


def elementwise_value(mp_loss, y_true, y_pred, **kwargs):
    value, x = _elementwise_loss(mp_loss, y_true, y_pred, **kwargs)
    return reference(lambda: value(mpf_vector(x)))


def elementwise_grad(mp_loss, y_true, y_pred, reduction="mean", sample_weight=None):
    value, x = _elementwise_loss(mp_loss, y_true, y_pred, reduction, sample_weight)
    if reduction == "none":
        # each element's own derivative d(w_i l_i) / d x_ij: differentiate sample i's entry
        flat = x.ravel()
        n_per = 1 if x.ndim <= 1 else int(np.prod(x.shape[1:]))

        def compute():
            out = []
            for j in range(flat.size):
                i = j // n_per

                def one(point, i=i):
                    losses = value(point)
                    return losses if x.ndim == 0 else losses[i]
                out.append(gradient(one, flat)[j])
            return reshape_like(out, x)
        return reference(compute)
    return reference(lambda: reshape_like(gradient(value, x.ravel()), x))


def _multiclass(per_sample_value, y_true, y_pred, reduction="mean", sample_weight=None,
                omega=None):
    """value(flat_pred) for a multi-class loss given per_sample_value(target_row, pred_row)."""
    targets, pred, single = _batch(y_true, y_pred)
    n, k = pred.shape

    def value(flat_pred):
        rows = [flat_pred[i * k:(i + 1) * k] for i in range(n)]
        pairs = [per_sample_value(targets[i], rows[i], i) for i in range(n)]
        values = [v for v, _ in pairs]
        denominators = [d for _, d in pairs]
        return mp_reduce(values, sample_weight, reduction, denominators)

    return value, pred, single


def multiclass_value(per_sample_value, y_true, y_pred, reduction="mean", sample_weight=None):
    value, pred, single = _multiclass(per_sample_value, y_true, y_pred, reduction,
                                      sample_weight)
    return reference(lambda: _unbatch(value(mpf_vector(pred)), single, reduction))


def multiclass_grad(per_sample_value, y_true, y_pred, reduction="mean", sample_weight=None):
    value, pred, single = _multiclass(per_sample_value, y_true, y_pred, reduction,
                                      sample_weight)
    n, k = pred.shape
    flat = pred.ravel()

    def compute():
        if reduction == "none":
            out = []
            for i in range(n):
                partial = gradient(lambda point, i=i: value(point)[i], flat)
                out.append(partial[i * k:(i + 1) * k])
        else:
            out = reshape_like(gradient(value, flat), pred)
        return out[0] if single else out

    return reference(compute)


# per-sample closures: (target_row, pred_row, sample_index) -> (w-weighted value, denominator)

def ce_sample(smoothing=0.0, class_weight=None):
    def per(target, z, _i):
        return mp_cross_entropy_value(target, z, smoothing, class_weight)
    return per


def cce_sample(target, q, _i):
    return mp_categorical_cross_entropy(target, q), mp.one


def hinge_sample(variant):
    def per(target, s, _i):
        label = max(range(len(target)), key=lambda c: target[c])
        return mp_multiclass_hinge(label, s, variant), mp.one
    return per


def cost_sample(cost_matrix):
    def per(target, q, _i):
        return mp_expected_cost(target, q, cost_matrix), mp.one
    return per


def focal_sample(gamma):
    def per(target, z, _i):
        return mp_focal(target, z, gamma), mp.one
    return per


def kl_sample(p, q, _i):
    return mp_kl(p, q), mp.one


# ---------------------------------------------------------------------------
# the grid
# ---------------------------------------------------------------------------

PROBABILITIES = (1e-300, 1e-16, 0.5, 1 - 1e-16, 0.3, 0.7, 1e-3)
BINARY_LABELS = (0.0, 1.0, 0.3, 0.999)
LOGITS = (0.0, 1e-10, -1e-10, 1.0, -1.0, 36.0, -36.0, 40.0, -40.0, 700.0, -700.0, 1e4, -1e4)
SCORES = (0.8, 0.5, 1.2, -1e4, 1e-10, 0.999999, -36.0, 1e8 + 0.5)

LOGIT_ROWS = (
    [0.0, 0.0, 0.0],
    [1e8, 1e8, 1e8],
    [1e8 + 1.0, 1e8, 1e8 - 1.0],
    [1.0, 2.0, 3.0],
    [-1e4, 0.0, 1e4],
    [40.0, 0.0, 0.0],
    [36.0, 0.0, -1.0],
    [700.0, 0.0, -700.0],
    [1e-10, -1e-10, 0.0],
    [-40.0, -36.0, 0.0],
    [-1.0, 1.0, 0.5],
)
SOFT_ROWS = ([0.7, 0.2, 0.1], [0.25, 0.25, 0.5], [1.0 - 1e-10, 5e-11, 5e-11])
PROBABILITY_ROWS = (
    [0.8, 0.15, 0.05],
    [1e-300, 0.5, 0.5],
    [1e-16, 1e-16, 1.0 - 2e-16],
    [0.5, 0.5 - 1e-16, 1e-16],
    [0.3, 0.3, 0.4],
    [1.0 / 3, 1.0 / 3, 1.0 / 3],
)
COSTS = [[0.0, 1.0, 10.0], [1.0, 0.0, 10.0], [10.0, 10.0, 0.0]]
CLASS_WEIGHT = [1.0, 2.0, 0.5]


def _case(name, func, args, kwargs, ref, label):
    return AccuracyCase(name, func, args, kwargs, ref, label)


def _binary_cases():
    for y in BINARY_LABELS:
        for p in PROBABILITIES + (0.0, 1.0):
            if (p == 0.0 and y > 0) or (p == 1.0 and y < 1):
                ref = float("inf")
            else:
                ref = elementwise_value(mp_bce, y, p, reduction="none")
            yield _case("binary_cross_entropy", C.binary_cross_entropy, (y, p),
                        {"reduction": "none"}, ref, f"y={y:g}, p={p:g}")
        for p in PROBABILITIES:
            yield _case("binary_cross_entropy_grad", C.binary_cross_entropy_grad, (y, p),
                        {"reduction": "none"},
                        elementwise_grad(mp_bce, y, p, reduction="none"), f"y={y:g}, p={p:g}")
        for z in LOGITS:
            label = f"y={y:g}, z={z:g}"
            yield _case("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits,
                        (y, z), {"reduction": "none"},
                        elementwise_value(mp_bce_with_logits, y, z, reduction="none"), label)
            yield _case("binary_cross_entropy_with_logits_grad",
                        C.binary_cross_entropy_with_logits_grad, (y, z), {"reduction": "none"},
                        elementwise_grad(mp_bce_with_logits, y, z, reduction="none"), label)
    # batches with weights and the three reductions, including a multi-label (n, k) batch
    y = np.array([[1.0, 0.0], [0.3, 1.0], [0.0, 0.999]])
    p = np.array([[1e-300, 1e-16], [0.5, 1 - 1e-16], [0.3, 1e-3]])
    z = np.array([[-36.0, 40.0], [1e-10, -700.0], [1e4, -1.0]])
    w = np.array([0.5, 2.0, 1.0])
    for reduction in ("mean", "sum", "none"):
        kw = {"reduction": reduction, "sample_weight": w}
        yield _case("binary_cross_entropy", C.binary_cross_entropy, (y, p), kw,
                    elementwise_value(mp_bce, y, p, **kw), f"(3, 2) weighted {reduction}")
        yield _case("binary_cross_entropy_grad", C.binary_cross_entropy_grad, (y, p), kw,
                    elementwise_grad(mp_bce, y, p, **kw), f"(3, 2) weighted {reduction}")
        yield _case("binary_cross_entropy_with_logits", C.binary_cross_entropy_with_logits,
                    (y, z), kw, elementwise_value(mp_bce_with_logits, y, z, **kw),
                    f"(3, 2) weighted {reduction}")
        yield _case("binary_cross_entropy_with_logits_grad",
                    C.binary_cross_entropy_with_logits_grad, (y, z), kw,
                    elementwise_grad(mp_bce_with_logits, y, z, **kw),
                    f"(3, 2) weighted {reduction}")


def _hinge_cases():
    for y in (1.0, -1.0):
        for s in SCORES + tuple(-v for v in SCORES):
            label = f"y={y:g}, s={s:g}"
            yield _case("hinge", C.hinge, (y, s), {"reduction": "none"},
                        elementwise_value(mp_hinge, y, s, reduction="none"), label)
            if 1.0 - y * s != 0.0:  # away from the kink
                yield _case("hinge_grad", C.hinge_grad, (y, s), {"reduction": "none"},
                            elementwise_grad(mp_hinge, y, s, reduction="none"), label)
    y = np.array([1.0, -1.0, 1.0, -1.0])
    s = np.array([0.8, 0.5, -3.0, -2.0])
    w = np.array([1.0, 3.0, 0.5, 2.0])
    for reduction in ("mean", "sum"):
        kw = {"reduction": reduction, "sample_weight": w}
        yield _case("hinge", C.hinge, (y, s), kw, elementwise_value(mp_hinge, y, s, **kw),
                    f"weighted {reduction}")
        yield _case("hinge_grad", C.hinge_grad, (y, s), kw,
                    elementwise_grad(mp_hinge, y, s, **kw), f"weighted {reduction}")


def _multiclass_pair(name, func, grad_func, per, y_true, y_pred, kwargs, label,
                     with_grad=True):
    kw = dict(kwargs)
    reduction = kw.get("reduction", "mean")
    sample_weight = kw.get("sample_weight")
    yield _case(name, func, (y_true, y_pred), kw,
                multiclass_value(per, y_true, y_pred, reduction, sample_weight), label)
    if with_grad:
        yield _case(name + "_grad", grad_func, (y_true, y_pred), kw,
                    multiclass_grad(per, y_true, y_pred, reduction, sample_weight), label)


def _cross_entropy_cases():
    none = {"reduction": "none"}
    for z in LOGIT_ROWS:
        for label in range(3):
            yield from _multiclass_pair("cross_entropy", C.cross_entropy, C.cross_entropy_grad,
                                        ce_sample(), label, z, none, f"label {label}, z={z}")
        for row in SOFT_ROWS[:2]:
            yield from _multiclass_pair("cross_entropy", C.cross_entropy, C.cross_entropy_grad,
                                        ce_sample(), row, z, none, f"soft {row}, z={z}")
        yield from _multiclass_pair(
            "cross_entropy", C.cross_entropy, C.cross_entropy_grad, ce_sample(0.1), 0, z,
            {"reduction": "none", "label_smoothing": 0.1}, f"smoothing 0.1, z={z}")
        yield from _multiclass_pair(
            "cross_entropy", C.cross_entropy, C.cross_entropy_grad,
            ce_sample(0.0, CLASS_WEIGHT), 1, z,
            {"reduction": "none", "class_weight": CLASS_WEIGHT}, f"class weights, z={z}")
    # batches: indices / rows, class weights, smoothing, sample weights, reductions
    logits = np.array(LOGIT_ROWS[:6])
    labels = np.array([0, 1, 2, 0, 2, 1])
    rows = np.array([SOFT_ROWS[i % 3] for i in range(6)])
    w = np.array([1.0, 0.5, 2.0, 3.0, 0.25, 1.0])
    for reduction in ("mean", "sum", "none"):
        for target, tname in ((labels, "indices"), (rows, "rows")):
            for smoothing, cw in ((0.0, None), (0.2, None), (0.0, CLASS_WEIGHT),
                                  (0.1, CLASS_WEIGHT)):
                kw = {"reduction": reduction, "sample_weight": w, "label_smoothing": smoothing,
                      "class_weight": cw}
                yield from _multiclass_pair(
                    "cross_entropy", C.cross_entropy, C.cross_entropy_grad,
                    ce_sample(smoothing, cw), target, logits, kw,
                    f"batch {tname} {reduction}, eps={smoothing}, class_weight={cw}")


def _categorical_cases():
    for q in PROBABILITY_ROWS:
        for label in range(3):
            yield from _multiclass_pair(
                "categorical_cross_entropy", C.categorical_cross_entropy,
                C.categorical_cross_entropy_grad, cce_sample, label, q, {"reduction": "none"},
                f"label {label}, q={q}")
        for row in SOFT_ROWS:
            yield from _multiclass_pair(
                "categorical_cross_entropy", C.categorical_cross_entropy,
                C.categorical_cross_entropy_grad, cce_sample, row, q, {"reduction": "none"},
                f"soft {row}, q={q}")
            yield from _multiclass_pair(
                "kl_divergence", C.kl_divergence, C.kl_divergence_grad, kl_sample, row, q,
                {"reduction": "none"}, f"p={row}, q={q}")
            yield from _multiclass_pair(
                "kl_divergence", C.kl_divergence, C.kl_divergence_grad, kl_sample, q, row,
                {"reduction": "none"}, f"p={q}, q={row}")
        for label in range(3):
            yield from _multiclass_pair(
                "expected_cost", C.expected_cost, C.expected_cost_grad, cost_sample(COSTS),
                label, q, {"reduction": "none", "cost_matrix": COSTS}, f"label {label}, q={q}")
        yield from _multiclass_pair(
            "expected_cost", C.expected_cost, C.expected_cost_grad, cost_sample(COSTS),
            SOFT_ROWS[0], q, {"reduction": "none", "cost_matrix": COSTS}, f"soft, q={q}")
    # nearly equal distributions: the divergence is ~ delta^2 and must not be rounding noise
    for delta in (0.3, 0.05, 1e-4, 1e-9, 1e-14):
        p = [0.3, 0.2, 0.5]
        q = [0.3 + delta / 2, 0.2 + delta / 2, 0.5 - delta]
        yield from _multiclass_pair(
            "kl_divergence", C.kl_divergence, C.kl_divergence_grad, kl_sample, p, q,
            {"reduction": "none"}, f"p ~ q, delta={delta:g}")
    q = np.array(PROBABILITY_ROWS)
    labels = np.array([0, 1, 2, 2, 1, 0])
    w = np.array([1.0, 0.5, 2.0, 3.0, 0.25, 1.0])
    for reduction in ("mean", "sum"):
        kw = {"reduction": reduction, "sample_weight": w}
        yield from _multiclass_pair(
            "categorical_cross_entropy", C.categorical_cross_entropy,
            C.categorical_cross_entropy_grad, cce_sample, labels, q, kw, f"batch {reduction}")
        yield from _multiclass_pair(
            "kl_divergence", C.kl_divergence, C.kl_divergence_grad, kl_sample,
            np.array([SOFT_ROWS[i % 3] for i in range(6)]), q, kw, f"batch {reduction}")
        yield from _multiclass_pair(
            "expected_cost", C.expected_cost, C.expected_cost_grad, cost_sample(COSTS),
            labels, q, dict(kw, cost_matrix=COSTS), f"batch {reduction}")


def _hinge_differentiable(label: int, s: list, variant: str) -> bool:
    """False at a kink (a margin exactly 0) or, for Crammer-Singer, a tie of active rivals."""
    rivals = [mp.mpf(1) + mp.mpf(s[j]) - mp.mpf(s[label]) for j in range(len(s)) if j != label]
    if any(r == 0 for r in rivals):
        return False
    if variant == "crammer_singer":
        top = max(rivals)
        return top < 0 or sum(r == top for r in rivals) == 1
    return True


def _multiclass_hinge_cases():
    score_rows = (
        [0.0, 0.5, 0.2],
        [-5.0, -3.0, -4.0],
        [1e8, 1e8 + 0.5, 1e8 - 3.0],
        [1e4, -1e4, 0.0],
        [0.0, 0.9999999999, -0.5],    # a margin of 1e-10: needs the compensated 1 + s_j - s_y
        [0.3, 0.1, -0.7],
    )
    for s in score_rows:
        for label in range(3):
            for variant in ("crammer_singer", "weston_watkins"):
                kw = {"reduction": "none", "variant": variant}
                yield from _multiclass_pair(
                    "multiclass_hinge", C.multiclass_hinge, C.multiclass_hinge_grad,
                    hinge_sample(variant), label, s, kw, f"{variant}, label {label}, s={s}",
                    with_grad=_hinge_differentiable(label, s, variant))
    s = np.array(score_rows)
    labels = np.array([1, 0, 0, 2, 1, 1])
    assert all(_hinge_differentiable(int(y), list(row), v) for y, row in zip(labels, s)
               for v in ("crammer_singer", "weston_watkins"))
    w = np.array([1.0, 0.5, 2.0, 3.0, 0.25, 1.0])
    for variant in ("crammer_singer", "weston_watkins"):
        kw = {"reduction": "mean", "sample_weight": w, "variant": variant}
        yield from _multiclass_pair(
            "multiclass_hinge", C.multiclass_hinge, C.multiclass_hinge_grad,
            hinge_sample(variant), labels, s, kw, f"{variant} weighted batch")


def _focal_cases():
    for z in LOGIT_ROWS:
        for gamma in (0.0, 0.5, 2.0, 5.0):
            for label in (0, 2):
                yield from _multiclass_pair(
                    "focal_loss", C.focal_loss, C.focal_loss_grad, focal_sample(gamma), label, z,
                    {"reduction": "none", "gamma": gamma}, f"gamma {gamma}, label {label}, z={z}")
        yield from _multiclass_pair(
            "focal_loss", C.focal_loss, C.focal_loss_grad, focal_sample(2.0), SOFT_ROWS[0], z,
            {"reduction": "none", "gamma": 2.0}, f"gamma 2, soft, z={z}")
    logits = np.array(LOGIT_ROWS[:6])
    labels = np.array([0, 1, 2, 0, 2, 1])
    w = np.array([1.0, 0.5, 2.0, 3.0, 0.25, 1.0])
    for reduction in ("mean", "sum"):
        yield from _multiclass_pair(
            "focal_loss", C.focal_loss, C.focal_loss_grad, focal_sample(1.5), labels, logits,
            {"reduction": reduction, "sample_weight": w, "gamma": 1.5}, f"batch {reduction}")


def accuracy_cases():
    """Every classification loss and gradient on the grid of extremes, against mpmath."""
    yield from _binary_cases()
    yield from _hinge_cases()
    yield from _cross_entropy_cases()
    yield from _categorical_cases()
    yield from _multiclass_hinge_cases()
    yield from _focal_cases()
