"""Run every benchmark (``make bench``); each prints its figures and ratios against a bare baseline.

Benchmarks are not tests: the machine is shared and noisy, so they report rather than assert. The exit
status is non-zero when a figure is over its budget, for a person to look at.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    """Run the benchmarks named on the command line, or all of them."""
    wanted = sys.argv[1:]
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        if wanted and script.stem.removeprefix("bench_") not in wanted:
            continue
        print(f"== {script.stem}", flush=True)
        status |= subprocess.run([sys.executable, str(script)], check=False).returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
