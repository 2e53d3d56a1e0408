"""Bundle speed and the size of the self-contained phrasebook and call companion.

Run: python benchmarks/bench_bundle.py
Prints the time of `callprep bundle` without audio and with audio from a warm cache (the offline
engine fills it first), beside one `callprep sheet` in the same run, and the sizes of the phrasebook and
the call companion.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def median_of(command: list[str], env: dict, runs: int, make_target) -> float:
    times = []
    for index in range(runs):
        start = time.perf_counter()
        subprocess.run([*command, str(make_target(index))], check=True, env=env, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    callprep = shutil.which("callprep")
    if not callprep:
        raise SystemExit("callprep is not installed in this environment")
    work = Path(tempfile.mkdtemp(prefix="callprep-bench-"))
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache")}
    try:
        sheet = median_of([callprep, "sheet", "mts", "--lang", "zh", "-o"], env, 5, lambda i: work / f"s{i}.md")
        print(f"callprep sheet (baseline):                      median {sheet:5.2f} s")
        no_audio = median_of(
            [callprep, "bundle", "mts", "--lang", "zh", "--no-audio", "-o"], env, 5, lambda i: work / f"n{i}"
        )
        print(f"callprep bundle --no-audio:                     median {no_audio:5.2f} s")
        start = time.perf_counter()
        subprocess.run(
            [callprep, "bundle", "mts", "--lang", "zh", "--engine", "offline", "-o", str(work / "cold")],
            check=True,
            env=env,
            capture_output=True,
        )
        print(f"callprep bundle --engine offline, cold cache:   {time.perf_counter() - start:5.2f} s")
        cached = median_of(
            [callprep, "bundle", "mts", "--lang", "zh", "--engine", "offline", "-o"], env, 5, lambda i: work / f"c{i}"
        )
        print(f"callprep bundle --engine offline, cached audio: median {cached:5.2f} s")
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
