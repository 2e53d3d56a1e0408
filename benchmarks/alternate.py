"""Whole-process timings that can be trusted on a shared machine: the commands run in turn
(A B C A B C …), each round in the same conditions, and every figure is a ratio to a bare
`python -c pass` measured in the same rounds. Reports min / median / max and peak memory (max RSS)."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Figures:
    name: str
    times: list[float]
    rss_kib: int
    cpu: list[float] = field(default_factory=list)  # user + system seconds of each run

    @property
    def median(self) -> float:
        return statistics.median(self.times)


# Each command is started by a small Python of its own that times it: a child forked from the
# benchmark's process would count that process's memory, copied at the fork, in its peak (Linux keeps
# the highest RSS across exec), and a benchmark that imports callprep is large. The launcher imports
# only os and time and spawns the command without forking a copy of itself; what it still leaves in
# a child's peak is the launcher's floor (:func:`memory_floor`).
LAUNCHER = """
import os, sys, time
null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_WRONLY, 0) for fd in (1, 2)]
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)
_, status, usage = os.wait4(pid, 0)
elapsed = time.perf_counter() - start
print(elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status))
"""


def run_once(command: list[str], env: dict | None) -> tuple[float, int, float]:
    """Wall time of one process, its own peak memory and its CPU time (user + system, all of its
    threads), from wait4: not the sum of all children."""
    launcher = [sys.executable, "-I", "-S", "-c", LAUNCHER, *command]
    answer = subprocess.run(launcher, stdout=subprocess.PIPE, env=env, text=True, check=True).stdout.split()
    elapsed, rss, cpu, returncode = float(answer[0]), int(answer[1]), float(answer[2]), int(answer[3])
    if returncode:
        raise SystemExit(f"{' '.join(command)} failed with exit {returncode}")
    return elapsed, rss, cpu


def memory_floor() -> int:
    """The least peak (KiB) any command can show here: that of a program that does nothing."""
    return run_once(["true"], None)[1]


@dataclass
class Step:
    """A command with its own environment and something to do, untimed, before each run of it
    (emptying a cache for a cold run)."""

    command: list[str]
    env: dict | None = None
    before: Callable[[], None] | None = None


def alternate(
    commands: dict[str, list[str] | Step], rounds: int, env: dict | None = None, warm_up: bool = True
) -> dict[str, Figures]:
    """Run every command once per round, in turn; ``bare`` (python -c pass) is always included."""
    steps = {
        name: each if isinstance(each, Step) else Step(each, env)
        for name, each in {"bare": [sys.executable, "-c", "pass"], **commands}.items()
    }
    figures = {name: Figures(name, [], 0) for name in steps}
    for step in steps.values() if warm_up else ():  # one warm-up each: the page cache, .pyc files
        if step.before:
            step.before()
        run_once(step.command, step.env)
    for _ in range(rounds):
        for name, step in steps.items():
            if step.before:
                step.before()
            elapsed, rss, cpu = run_once(step.command, step.env)
            figures[name].times.append(elapsed)
            figures[name].cpu.append(cpu)
            figures[name].rss_kib = max(figures[name].rss_kib, rss)
    return figures


def report(figures: dict[str, Figures], targets: dict[str, float] | None = None) -> None:
    targets = targets or {}
    bare = figures["bare"].median
    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
        f"{len(figures['bare'].times)} rounds, the commands alternating; "
        f"no peak below {memory_floor() / 1024:.1f} MiB can show (the launcher's floor)"
    )
    for name, each in figures.items():
        ratio = each.median / bare
        target = f" (target <= {targets[name]}x)" if name in targets else ""
        print(
            f"{name:<50} median {each.median * 1000:7.1f} ms  min {min(each.times) * 1000:7.1f}  "
            f"max {max(each.times) * 1000:7.1f}  = {ratio:5.1f}x bare{target}  peak {each.rss_kib / 1024:5.1f} MiB  "
            f"cpu {statistics.median(each.cpu) * 1000:7.1f} ms"
        )
