"""Time and peak memory of executing each chapter notebook, as a learner's kernel would.

Run by hand from the repository root: ``python benchmarks/bench_notebooks.py [NOTEBOOK ...]``.

Each notebook runs in a fresh process that executes it with nbclient (into a
throw-away copy: the committed file is not touched) and then reads the peak
resident memory of its kernel from ``getrusage(RUSAGE_CHILDREN)``. The budget
per notebook is 30 s and 500 MB (Binder gives about one core and 2 GB).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 30.0
BUDGET_MB = 500.0

_CHILD = r"""
import json, resource, sys, time
import nbformat
from nbclient import NotebookClient

path = sys.argv[1]
notebook = nbformat.read(path, as_version=4)
start = time.perf_counter()
NotebookClient(notebook, timeout=300, kernel_name="python3",
               resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}}
               ).execute()
elapsed = time.perf_counter() - start
kernel_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": elapsed, "kernel_mb": kernel_kb / 1024}))
"""


def measure(path: Path) -> dict:
    completed = subprocess.run([sys.executable, "-c", _CHILD, str(path)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "book").glob("**/*.ipynb"))
    print(f"{'notebook':<40} {'seconds':>8} {'peak MB':>8}  budget {BUDGET_SECONDS:g} s, "
          f"{BUDGET_MB:g} MB")
    for path in paths:
        result = measure(path)
        ok = result["seconds"] <= BUDGET_SECONDS and result["kernel_mb"] <= BUDGET_MB
        print(f"{path.name:<40} {result['seconds']:>8.1f} {result['kernel_mb']:>8.0f}  "
              f"{'ok' if ok else 'OVER BUDGET'}")


if __name__ == "__main__":
    main()
