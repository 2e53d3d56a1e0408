"""Speed and memory of callprep against every target, in one run, beside a bare Python start.

Run: python benchmarks/bench.py [--runs N] [--cold-runs N]
Alternates whole processes in the same rounds (benchmarks/alternate.py): a bare `python -c pass`,
`callprep --version`, `carriers`, two sheets, `bundle --no-audio` and `bundle --engine offline` with
every clip cached; then, in rounds of their own (each empties the audio cache first, so every clip
is spoken and encoded again), bare Python and the cold offline bundle. Prints min/median/max, the
ratio of medians to bare Python, each process's own peak memory and the targets; then the sizes of
the bundle's pages, and the time to render the whole matrix of sheets in one process.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from alternate import Step, alternate, report

TARGETS = {
    "callprep --version": 2,
    "callprep sheet mts --lang zh": 12,
    "callprep bundle mts --lang zh, every clip cached": 25,
}
COLD_TARGET_SECONDS = 2.0


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
    parser.add_argument("--cold-runs", type=int, default=5)
    args = parser.parse_args()
    callprep = shutil.which("callprep") or sys.exit("callprep is not installed in this environment")
    work = Path(tempfile.mkdtemp(prefix="callprep-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    bundle = [callprep, "bundle", "mts", "--lang", "zh", "--force", "-o"]
    try:
        figures = alternate(
            {
                "callprep --version": [callprep, "--version"],
                "callprep carriers": [callprep, "carriers"],
                "callprep sheet mts --lang zh": [callprep, "sheet", "mts", "--lang", "zh"],
                "callprep sheet t2 --format html": [callprep, "sheet", "t2", "--format", "html"],
                "callprep bundle mts --lang zh --no-audio": [*bundle, str(work / "none"), "--no-audio"],
                "callprep bundle mts --lang zh, every clip cached": [
                    *bundle,
                    str(work / "cached"),
                    "--engine",
                    "offline",
                ],
            },
            args.runs,
            env,
        )
        report(figures, TARGETS)
        cold_env = {**os.environ, "XDG_CACHE_HOME": str(work / "cold-cache")}
        cold = alternate(
            {
                "callprep bundle mts --lang zh, audio cache empty": Step(
                    [*bundle, str(work / "cold"), "--engine", "offline"],
                    cold_env,
                    before=lambda: shutil.rmtree(work / "cold-cache" / "callprep" / "audio", ignore_errors=True),
                ),
            },
            args.cold_runs,
        )
        report(cold)
        seconds = cold["callprep bundle mts --lang zh, audio cache empty"].median
        print(f"cold offline bundle: median {seconds:.2f} s (target <= {COLD_TARGET_SECONDS:.0f} s)")
        book = (work / "cold" / "phrasebook.html").stat().st_size
        companion = (work / "cold" / "companion.html").stat().st_size
        clips = len(list((work / "cold" / "audio").glob("*.mp3")))
        print(f"phrasebook.html with every phrase, normal and slow, audio embedded: {book / 2**20:.2f} MiB")
        print(f"companion.html, normal and slow audio embedded, each clip once: {companion / 2**20:.2f} MiB")
        print(f"audio/ folder: {clips} clips")
    finally:
        shutil.rmtree(work, ignore_errors=True)
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
    print(f"full matrix, first run (loads data, compiles templates): {count} documents in {first:.2f} s")
    print(f"full matrix, warm run: {warm:.2f} s")
    print(
        f"peak memory of the matrix: {peak:.1f} MiB traced; "
        f"max RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB"
    )


if __name__ == "__main__":
    main()
