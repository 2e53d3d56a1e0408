"""Bundle speed and the size of the self-contained phrasebook and call companion.

Run: python benchmarks/bench_bundle.py [--runs N]
Alternates, in the same rounds (benchmarks/alternate.py): a bare `python -c pass`, one `callprep sheet`,
`callprep bundle --no-audio`, `callprep bundle --engine offline` with every clip cached, and the same
bundle with the audio cache emptied before each run (every clip spoken and encoded again); then
prints the sizes of the phrasebook and the call companion.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from alternate import Step, alternate, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    callprep = shutil.which("callprep") or exit("callprep is not installed in this environment")
    work = Path(tempfile.mkdtemp(prefix="callprep-bench-"))
    warm = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    cold = {**os.environ, "XDG_CACHE_HOME": str(work / "cold-cache")}
    bundle = [callprep, "bundle", "mts", "--lang", "zh", "--force", "-o"]
    try:
        figures = alternate(
            {
                "callprep sheet mts --lang zh": Step([callprep, "sheet", "mts", "--lang", "zh"], warm),
                "callprep bundle --no-audio": Step([*bundle, str(work / "n"), "--no-audio"], warm),
                "callprep bundle, audio cached": Step([*bundle, str(work / "c"), "--engine", "offline"], warm),
                "callprep bundle, audio cold": Step(
                    [*bundle, str(work / "cold"), "--engine", "offline"],
                    cold,
                    before=lambda: shutil.rmtree(work / "cold-cache" / "callprep" / "audio", ignore_errors=True),
                ),
            },
            args.runs,
        )
        report(figures, {"callprep bundle, audio cached": 25})
        seconds = figures["callprep bundle, audio cold"].median
        print(f"cold offline bundle: median {seconds:.2f} s (target <= 2 s)")
        book = (work / "cold" / "phrasebook.html").stat().st_size
        clips = len(list((work / "cold" / "audio").glob("*.mp3")))
        companion = (work / "cold" / "companion.html").stat().st_size
        print(f"phrasebook.html with every phrase, normal and slow, audio embedded: {book / 2**20:.2f} MiB")
        print(f"companion.html, normal and slow audio embedded, each clip once: {companion / 2**20:.2f} MiB")
        print(f"audio/ folder: {clips} clips")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
