"""What the ratio benchmarks share (imported from beside them): their flags, and runs of two
variants alternated so both meet the same machine, compared by their medians."""

from __future__ import annotations

import argparse
import statistics
from collections.abc import Callable


def parser(description: str, records: int) -> argparse.ArgumentParser:
    """--records, --runs and --max-ratio (exit 1 above it, for use in checks)."""
    found = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    found.add_argument("--records", type=int, default=records)
    found.add_argument("--runs", type=int, default=3)
    found.add_argument("--max-ratio", type=float, default=None, help="exit 1 when the median ratio is above this")
    return found


def alternated(runs: int, baseline: Callable[[int], float], variant: Callable[[int], float]) -> tuple[float, float]:
    """The median seconds of `baseline` and of `variant`, run in turns (each gets the run's number)."""
    first, second = [], []
    for run in range(runs):
        first.append(baseline(run))
        second.append(variant(run))
    return statistics.median(first), statistics.median(second)


def verdict(ratio: float, target: float, max_ratio: float | None) -> None:
    """Print the ratio against its target; exit 1 when --max-ratio is given and exceeded."""
    print(f"ratio with/without: {ratio:.2f}x (target <= {target:.2f}x)")
    if max_ratio is not None and ratio > max_ratio:
        raise SystemExit(1)
