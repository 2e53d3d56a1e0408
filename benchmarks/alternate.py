"""Whole-process timings that can be trusted on a shared machine: the commands run in turn
(A B C A B C …), each round in the same conditions, and every figure is a ratio to a bare
`python -c pass` measured in the same rounds. Reports min / median / max and peak memory (max RSS)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass


@dataclass
class Figures:
    name: str
    times: list[float]
    rss_kib: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def run_once(command: list[str], env: dict | None) -> tuple[float, int]:
    """Wall time of one process and its own peak memory (from wait4, not the sum of all children)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed with exit {process.returncode}")
    return elapsed, usage.ru_maxrss


def alternate(commands: dict[str, list[str]], rounds: int, env: dict | None = None) -> dict[str, Figures]:
    """Run every command once per round, in turn; ``bare`` (python -c pass) is always included."""
    commands = {"bare": [sys.executable, "-c", "pass"], **commands}
    figures = {name: Figures(name, [], 0) for name in commands}
    for command in commands.values():  # one warm-up each: the page cache, .pyc files
        run_once(command, env)
    for _ in range(rounds):
        for name, command in commands.items():
            elapsed, rss = run_once(command, env)
            figures[name].times.append(elapsed)
            figures[name].rss_kib = max(figures[name].rss_kib, rss)
    return figures


def report(figures: dict[str, Figures], targets: dict[str, float] | None = None) -> None:
    targets = targets or {}
    bare = figures["bare"].median
    print(f"machine: {os.cpu_count()} cores; {len(figures['bare'].times)} rounds, the commands alternating")
    for name, each in figures.items():
        ratio = each.median / bare
        target = f" (target <= {targets[name]}x)" if name in targets else ""
        print(
            f"{name:<44} median {each.median * 1000:7.1f} ms  min {min(each.times) * 1000:7.1f}  "
            f"max {max(each.times) * 1000:7.1f}  = {ratio:5.1f}x bare{target}  peak {each.rss_kib / 1024:5.1f} MiB"
        )
