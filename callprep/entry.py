"""The `callprep` command's entry point: answers ``--version`` before importing the CLI (Click and
the rest take most of a start-up), and hands everything else to :mod:`callprep.cli`."""

from __future__ import annotations

import atexit
import gc
import os
import sys

from callprep import __version__

VERSION_FLAGS = (["--version"], ["-V"])


def main() -> None:
    if sys.argv[1:] in VERSION_FLAGS:
        try:
            print(f"callprep, version {__version__}", flush=True)  # the same line as Click's version option
        except (OSError, AttributeError) as exc:  # a full device, a closed pipe, no standard output
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            sys.stderr.write(f"Error: cannot write to standard output: {getattr(exc, 'strerror', None) or 'closed'}\n")
            sys.exit(1)
        return
    # A run is short and makes few reference cycles, but starting one creates some 100,000 objects
    # that live until the end: with the default threshold (700) Python stops about seventy times
    # to scan them for cycles, a tenth of a sheet's time. Scan only after 50,000 new objects instead.
    gc.set_threshold(50_000, 20, 20)
    # What the run made lives until the process ends, and Python's shutdown would scan all of it for
    # cycles, more than once, before freeing it: up to a third of a sheet's time. Moved out of the
    # collector's sight as the process exits (exit handlers run before the shutdown's scans), it is
    # freed just the same, without the scans; a caller that runs main() in its own process keeps
    # its collector as it was until then.
    atexit.register(gc.freeze)
    try:
        from callprep.cli import main as run

        run()
    except KeyboardInterrupt:  # Ctrl-C while the CLI starts; a command says the same in its own handler
        messages = sys.modules.get("callprep.cli.messages")
        sys.stderr.write((messages._("interrupted") if messages else "interrupted") + "\n")
        from callprep.errors import INTERRUPTED

        sys.exit(INTERRUPTED)
