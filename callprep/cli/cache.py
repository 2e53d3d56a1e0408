"""Commands for the audio cache: what it holds, and emptying it."""

from __future__ import annotations

import click

from callprep.cli.messages import _
from callprep.cli.options import CallprepCommand, CallprepGroup, cache_root, handed_down_lang, lang_option


def mebibytes(count: int) -> str:
    return _("%(size)s MiB") % {"size": f"{count / 1048576:.1f}"}


@click.group(cls=CallprepGroup)
@handed_down_lang
def cache():
    """The audio cache: clips spoken once are reused, so a rerun makes no request."""


@cache.command("info", cls=CallprepCommand)
@lang_option
def cache_info(lang):
    """Show where the audio cache is and what it holds.

    \b
    Example:
        callprep cache info
    """
    from callprep.speech.cache import summarize

    summary = summarize(cache_root())
    click.echo(_("folder: %(folder)s") % {"folder": summary.root})
    click.echo(_("clips: %(count)s (%(size)s)") % {"count": summary.clips, "size": mebibytes(summary.clip_bytes)})
    click.echo(_("other files (offline voice data, key): %(size)s") % {"size": mebibytes(summary.other_bytes)})


@cache.command("clear", cls=CallprepCommand)
@lang_option
def cache_clear(lang):
    """Empty the audio cache (clips are made again when needed).

    \b
    Example:
        callprep cache clear
    """
    from callprep.speech.cache import clear

    summary = clear(cache_root())
    click.echo(
        _("removed %(count)s clips (%(size)s) from %(folder)s")
        % {
            "count": summary.clips,
            "size": mebibytes(summary.clip_bytes + summary.other_bytes),
            "folder": summary.root,
        }
    )
