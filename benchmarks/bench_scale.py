"""Do `callprep sheet` and `callprep carriers` stay flat as the number of carrier files grows?

Run: python benchmarks/bench_scale.py [--runs N] [--sizes 6,106,506]
Copies the installed callprep package once per size, each with that many built-in carrier files
(the real six, then copies of t2.toml under new ids and names), and runs whole processes from those
copies, in turn with a bare `python -c pass` (benchmarks/alternate.py), after one warm-up each (which
keeps every file's snapshot). A sheet reads only its carrier's file, so it should not grow; the
carrier list reads every file (each from its snapshot), so it grows, by the figure printed per file.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from alternate import Step, alternate, report


def package_copy(root: Path, carriers: int) -> Path:
    """A folder to put on PYTHONPATH: callprep with ``carriers`` built-in carrier files."""
    import callprep

    folder = root / f"carriers-{carriers}"
    shutil.copytree(Path(callprep.__file__).parent, folder / "callprep", ignore=shutil.ignore_patterns("__pycache__"))
    data = folder / "callprep" / "data" / "carriers"
    template = (data / "t2.toml").read_text(encoding="utf-8")
    for number in range(carriers - len(list(data.glob("*.toml")))):
        ident = f"extra-{number:04d}"
        text = re.sub(r'(?m)^id = "t2"$', f'id = "{ident}"', template)
        text = re.sub(r'(?m)^en = "T2"$', f'en = "Extra {number:04d}"', text)
        text = re.sub(r'(?m)^former = \["Tele2"\]$', "former = []", text)
        (data / f"{ident}.toml").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--sizes", default="6,106,506")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="callprep-scale-"))
    run = [sys.executable, "-c", "from callprep.entry import main; main()"]
    try:
        steps = {}
        for size in sizes:
            env = {**os.environ, "PYTHONPATH": str(package_copy(work, size)), "XDG_CACHE_HOME": str(work / "cache")}
            steps[f"sheet mts, {size} carrier files"] = Step([*run, "sheet", "mts", "--lang", "zh"], env)
            steps[f"carriers, {size} carrier files"] = Step([*run, "carriers"], env)
        figures = alternate(steps, args.runs)
        report(figures)
        for command in ("sheet mts", "carriers"):
            first, last = (
                statistics.median(figures[f"{command}, {size} carrier files"].times) for size in (sizes[0], sizes[-1])
            )
            per_file = (last - first) / (sizes[-1] - sizes[0]) * 1000
            print(f"{command}: {per_file:+.3f} ms per carrier file ({sizes[0]} -> {sizes[-1]} files)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
