"""Speed and memory of callprep, beside a bare Python start measured in the same run.

Run: python benchmarks/bench.py [--runs N]
Prints: whole-process figures of `callprep --version`, `carriers` and one `sheet`, alternating with
a bare `python -c pass` in the same rounds (ratios to it, min/median/max, peak memory);
the time to build and render the whole matrix (carriers x channels x languages x formats);
the peak memory of that matrix run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
import tracemalloc

from alternate import alternate, report


def matrix() -> int:
    """Build and render every sheet of the matrix once; returns how many documents."""
    from callprep.cli.options import FORMATS
    from callprep.documents.render import render_sheet
    from callprep.errors import UsageProblem
    from callprep.i18n import localizer
    from callprep.model.carriers import load_carriers
    from callprep.model.types import ChannelChoice, choices
    from callprep.sheet.build import build_sheet
    from callprep.sheet.model import Request

    carriers = load_carriers()
    count = 0
    for carrier in carriers.values():
        for channel in choices(ChannelChoice):
            for language in ("en", "zh"):
                loc = localizer(language)
                try:
                    sheet = build_sheet(Request(carrier.id, channel, language=language), carrier, loc)
                except UsageProblem:  # a channel this carrier does not have
                    continue
                for fmt in FORMATS:
                    render_sheet(sheet, fmt, loc)
                    count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    callprep = shutil.which("callprep") or sys.exit("callprep is not installed in this environment")

    figures = alternate(
        {
            "callprep --version": [callprep, "--version"],
            "callprep carriers": [callprep, "carriers"],
            "callprep sheet mts --lang zh": [callprep, "sheet", "mts", "--lang", "zh"],
            "callprep sheet t2 --format html": [callprep, "sheet", "t2", "--format", "html"],
        },
        args.runs,
    )
    report(figures, {"callprep --version": 2, "callprep sheet mts --lang zh": 12})
    start = time.perf_counter()
    count = matrix()
    first = time.perf_counter() - start
    start = time.perf_counter()
    matrix()
    warm = time.perf_counter() - start
    tracemalloc.start()
    matrix()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    print(f"full matrix, first run (loads data, compiles templates): {count} documents in {first:.2f} s (target < 2 s)")
    print(f"full matrix, warm run: {warm:.2f} s")
    print(
        f"peak memory of the matrix: {peak:.1f} MiB traced; "
        f"max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
