"""The command line: parse options, call the core, print or write. No logic of its own."""

from __future__ import annotations

import sys

import click

from callprep import __version__
from callprep.cli.applications import application, profile
from callprep.cli.cache import cache
from callprep.cli.documents import carriers, check_data, sheet
from callprep.cli.languages import languages
from callprep.cli.messages import _
from callprep.cli.options import CallprepGroup, silence_stdout
from callprep.cli.speech import audio, bundle, companion, phrasebook

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}


@click.group(cls=CallprepGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="callprep")
def cli():
    """Get ready to cancel a Russian mobile number: scripts, documents and phrases.

    \b
    Example:
        callprep sheet mts --lang zh
        callprep sheet beeline --channel store --sim esim -o beeline.html
    """


for command in (
    sheet,
    carriers,
    check_data,
    audio,
    phrasebook,
    companion,
    bundle,
    profile,
    application,
    languages,
    cache,
):
    cli.add_command(command)


def main() -> None:
    """Run the CLI; a full device or a closed standard output ends in one line, never a traceback."""
    try:
        try:
            cli.main(prog_name="callprep")
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except OSError as exc:
        silence_stdout()
        click.echo(_("Error: cannot write to standard output: %(reason)s") % {"reason": exc.strerror}, err=True)
        sys.exit(1)
