"""The command line: parse options, call the core, print or write. No logic of its own."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator, MutableMapping

import click

from callprep import __version__
from callprep.cli.messages import _
from callprep.cli.options import CallprepGroup, handed_down_lang, silence_stdout
from callprep.errors import cut

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
# Each command by name, and where it is defined: a run imports the module of its own command only.
COMMANDS = {
    "sheet": ("callprep.cli.documents", "sheet"),
    "carriers": ("callprep.cli.documents", "carriers"),
    "check-data": ("callprep.cli.documents", "check_data"),
    "audio": ("callprep.cli.speech", "audio"),
    "phrasebook": ("callprep.cli.speech", "phrasebook"),
    "companion": ("callprep.cli.speech", "companion"),
    "bundle": ("callprep.cli.speech", "bundle"),
    "profile": ("callprep.cli.applications", "profile"),
    "application": ("callprep.cli.applications", "application"),
    "languages": ("callprep.cli.languages", "languages"),
    "cache": ("callprep.cli.cache", "cache"),
}


class LazyCommands(MutableMapping):
    """The group's commands (Click reads them as a mapping), each imported when first looked up."""

    def __init__(self, where: dict[str, tuple[str, str]]):
        self.where = dict(where)
        self.loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self.loaded:
            module, attribute = self.where[name]
            self.loaded[name] = getattr(importlib.import_module(module), attribute)
        return self.loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self.where.setdefault(name, (command.callback.__module__, name))
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        del self.where[name]
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self.where)

    def __len__(self) -> int:
        return len(self.where)


@click.group(cls=CallprepGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="callprep")
@handed_down_lang
def cli():
    """Get ready to cancel a Russian mobile number: scripts, documents and phrases.

    \b
    Example:
        callprep sheet mts --lang zh
        callprep sheet beeline --channel store --sim esim -o beeline.html
    """


cli.commands = LazyCommands(COMMANDS)


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
        if exc.filename is not None:  # a file no command turned into an error of its own: named, not stdout
            reason = f"{cut(str(exc.filename))}: {exc.strerror or exc}"
            click.echo(_("Error: {message}").format(message=reason), err=True)
        else:
            click.echo(_("Error: cannot write to standard output: %(reason)s") % {"reason": exc.strerror}, err=True)
        sys.exit(1)
