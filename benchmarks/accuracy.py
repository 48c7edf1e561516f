"""Worst relative error of every lossfns function against 50-digit mpmath references.

Run by hand from the repository root: ``python benchmarks/accuracy.py``.
The cases are the ones the tests assert (``tests/oracles``); this prints, per
function, the worst relative error over its grid and the case where it occurs.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.oracles import all_cases, relative_error  # noqa: E402

TARGET = 1e-13


def main() -> None:
    worst: dict[str, tuple[float, str]] = {}
    counts: dict[str, int] = {}
    for case in all_cases():
        error = relative_error(case.func(*case.args, **case.kwargs), case.reference)
        counts[case.name] = counts.get(case.name, 0) + 1
        if case.name not in worst or error > worst[case.name][0]:
            worst[case.name] = (error, case.label)
    print(f"{'function':<40} {'cases':>5} {'worst rel. error':>17}  at")
    for name in sorted(worst):
        error, label = worst[name]
        flag = "" if error <= TARGET else "  > 1e-13"
        print(f"{name:<40} {counts[name]:>5} {error:>17.3e}  {label}{flag}")
    overall = max(error for error, _ in worst.values())
    print(f"overall worst: {overall:.3e} over {sum(counts.values())} cases (target {TARGET:g})")


if __name__ == "__main__":
    main()
