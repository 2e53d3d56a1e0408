"""Click's own words, listed so that ``pybabel extract`` puts them in callprep's catalog.

Click translates them with gettext at run time (:func:`callprep.cli.messages.bind_click`); each
string here must be exactly Click's (a test checks them against the installed Click). Words for
features callprep does not use (shell completion, editors, deprecation) are left out.
"""

from __future__ import annotations

from callprep.errors import N_


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Mark a singular and plural pair for extraction (Click calls ``ngettext`` itself)."""
    return singular, plural


HELP_OPTION = N_("Show this message and exit.")
VERSION_OPTION = N_("Show the version and exit.")

WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    HELP_OPTION,
    VERSION_OPTION,
    N_("Aborted!"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("Missing command."),
    N_("No such command {name!r}."),
    N_("No such option: {name}"),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("default: {default}"),
    N_("required"),
    N_("env var: {var}"),
    N_("(dynamic)"),
    N_("Error: The value you entered was invalid."),
    N_("Error: {e.message}"),
    N_("Error: invalid input"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{name} {filename!r} is not executable."),
    N_("Could not open file {filename!r}: {message}"),
    N_("unknown error"),
)

PLURALS = (
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"),
    ngettext("Did you mean {possibility}?", "(Possible options: {possibilities})"),
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."),
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
)
