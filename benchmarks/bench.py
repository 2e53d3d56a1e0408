"""Speed and memory of callprep, beside a bare Python start measured in the same run.

Run: python benchmarks/bench.py [--runs N]
Prints: median cold start of `python -c pass`, `callprep --version` and one `callprep sheet`;
the time to build and render the whole matrix (carriers x channels x languages x formats);
the peak memory of that matrix run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc


def median_run(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def matrix() -> int:
    """Build and render every sheet of the matrix once; returns how many documents."""
    from callprep.cli.options import FORMATS
    from callprep.documents.render import render_sheet
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
                sheet = build_sheet(Request(carrier.id, channel, language=language), carrier, loc)
                for fmt in FORMATS:
                    render_sheet(sheet, fmt, loc)
                    count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    callprep = shutil.which("callprep") or sys.exit("callprep is not installed in this environment")

    bare = median_run([sys.executable, "-c", "pass"], args.runs)
    version = median_run([callprep, "--version"], args.runs)
    sheet = median_run([callprep, "sheet", "mts", "--lang", "zh"], args.runs)
    print(f"python -c pass            median {bare * 1000:7.1f} ms  ({args.runs} runs)")
    print(
        f"callprep --version        median {version * 1000:7.1f} ms  = {version / bare:.1f}x bare Python (target <= 3x)"
    )
    print(f"callprep sheet mts --lang zh median {sheet * 1000:7.1f} ms  = {sheet / bare:.1f}x bare Python")
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak memory of one callprep process (max RSS of the runs above): {child_rss:.1f} MiB")
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
