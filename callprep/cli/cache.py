"""Commands for the audio cache: what it holds, and emptying it."""

from __future__ import annotations

import click

from callprep.cli.options import CallprepCommand, CallprepGroup


def cache_root():
    import platformdirs

    return platformdirs.user_cache_path("callprep")


def mebibytes(count: int) -> str:
    return f"{count / 1048576:.1f} MiB"


@click.group(cls=CallprepGroup)
def cache():
    """The audio cache: clips spoken once are reused, so a rerun makes no request."""


@cache.command("info", cls=CallprepCommand)
def cache_info():
    """Show where the audio cache is and what it holds.

    \b
    Example:
        callprep cache info
    """
    from callprep.speech.cache import summarize

    summary = summarize(cache_root())
    click.echo(f"folder: {summary.root}")
    click.echo(f"clips: {summary.clips} ({mebibytes(summary.clip_bytes)})")
    click.echo(f"other files (offline voice data, key): {mebibytes(summary.other_bytes)}")


@cache.command("clear", cls=CallprepCommand)
def cache_clear():
    """Empty the audio cache (clips are made again when needed).

    \b
    Example:
        callprep cache clear
    """
    from callprep.speech.cache import clear

    summary = clear(cache_root())
    click.echo(
        f"removed {summary.clips} clips ({mebibytes(summary.clip_bytes + summary.other_bytes)}) from {summary.root}"
    )
