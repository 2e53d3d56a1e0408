"""Commands for the paperwork: profile init / check, application."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from callprep.cli.messages import _, say
from callprep.cli.options import (
    CallprepCommand,
    CallprepGroup,
    data_option,
    emit,
    handed_down_lang,
    lang_option,
    output_options,
    refuse_html_on_terminal,
    warn_if_readable,
)
from callprep.errors import N_
from callprep.model.types import ApplicationKind, choices

APPLICATION_FORMATS = ("html", "md", "txt")


@click.group(cls=CallprepGroup)
@handed_down_lang
def profile():
    """Your data for the applications, in one local file that never leaves this computer."""


@profile.command("init", cls=CallprepCommand)
@output_options(default="profile.toml", output_help=N_("The profile file to make."))
@click.option(
    "--prompt/--template",
    "prompt",
    default=None,
    help=N_("Ask for each value (default on a terminal), or write a commented template to fill in."),
)
@lang_option
def profile_init(output, prompt, force, lang):
    """Make a profile: a commented template to fill in, or answer questions on a terminal.

    The file is readable by you only. Your values never appear in messages or logs.

    \b
    Example:
        callprep profile init -o me.toml
        callprep profile init --prompt -o me.toml
    """
    from callprep.cli.options import STDOUT_NAMES
    from callprep.documents.render import render_profile
    from callprep.i18n import localizer, resolve_language

    if output in STDOUT_NAMES:
        raise click.UsageError(_("the profile is a file readable by you only: give -o FILE, such as -o me.toml"))
    from callprep.output import write_text

    loc = localizer(resolve_language(lang))
    values = ask_profile() if (prompt if prompt is not None else sys.stdin.isatty()) else None
    write_text(Path(output), render_profile(values, loc), force=force, private=True)
    if values:
        click.echo(_("wrote %(file)s") % {"file": output}, err=True)
    else:
        click.echo(
            _("wrote %(file)s; fill it in, then run: callprep profile check %(file)s") % {"file": output}, err=True
        )


PROMPT_SUFFIX = N_(": ")  # after each question; a full-width colon in Chinese
REFUND_QUESTION = N_(
    "Refund of the remaining balance: bank_account (to a bank account), card (to a bank card), "
    "other_number (to another Russian phone number) or none"
)


def ask_profile() -> dict[str, str]:
    """Ask for each value in a natural order (name, passport, number, then the refund), by a label
    in the user's language; ask again only for those that are not valid, saying why (the values
    are never echoed back)."""
    from callprep.model.profile import FIELDS, FORMS, LABELS, OPTIONAL, REFUND_FIELDS, invalid_fields

    def ask(path: str) -> str:
        text = _("%(label)s (%(form)s)") % {"label": _(LABELS[path]), "form": _(FORMS[path])}
        return click.prompt(
            text, default="" if path in OPTIONAL else None, show_default=False, prompt_suffix=_(PROMPT_SUFFIX)
        ).strip()

    values = {path: ask(path) for path in FIELDS}
    method = click.prompt(
        _(REFUND_QUESTION),
        type=click.Choice(["bank_account", "card", "other_number", "none"]),
        default="none",
        show_choices=False,
        prompt_suffix=_(PROMPT_SUFFIX),
    )
    pending: list[str] = []
    if method != "none":
        values["refund.method"] = method
        values.update({path: ask(path) for path in REFUND_FIELDS[method]})
    pending, problems = invalid_fields(values)
    while pending:
        for problem in problems:
            click.echo(say(problem), err=True)
        values.update({path: ask(path) for path in pending})
        pending, problems = invalid_fields(values)
    return values


@profile.command("check", cls=CallprepCommand)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@lang_option
def profile_check(file, lang):
    """Check a profile; errors name the field and the expected form, never your values.

    \b
    Example:
        callprep profile check me.toml
    """
    from callprep.model.profile import load_profile

    load_profile(file)
    warn_if_readable(file)
    click.echo(_("ok: %(file)s") % {"file": file})


@click.command(cls=CallprepCommand)
@click.argument("carrier")
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help=N_("Your profile (callprep profile init)."),
)
@click.option("--blank", is_flag=True, help=N_("A form with lines to fill in by hand, without a profile."))
@click.option(
    "--kind",
    type=click.Choice(choices(ApplicationKind)),
    default="termination",
    show_default=True,
    help=N_("Termination of the contract, or refund of the remaining balance."),
)
@click.option(
    "--situation",
    type=click.Choice(["own", "proxy"]),
    default="own",
    show_default=True,
    help=N_(
        "own: you submit it; proxy: a representative with a notarized power of attorney submits it for "
        "the subscriber (the profile holds the subscriber's details; the representative fills in their own by hand)."
    ),
)
@lang_option
@output_options(
    APPLICATION_FORMATS,
    format_help=N_("html (prints on one A4 page, translation on the next), md or txt. Default: from -o, else html."),
)
@data_option
def application(carrier, profile_file, blank, kind, situation, lang, fmt, output, force, data_dir):
    """Make a Russian application to CARRIER, filled from your profile or blank, with a translation.

    \b
    Example:
        callprep application mts --profile me.toml -o zayavlenie.html
        callprep application t2 --profile me.toml --kind refund --format md
        callprep application beeline --blank -o blank.html
        callprep application megafon --blank --situation proxy -o friend.html
    """
    from callprep.documents.application import build_application
    from callprep.documents.render import render_application
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named
    from callprep.model.profile import load_profile

    if bool(profile_file) == blank:
        raise click.UsageError(
            _("give --profile FILE for a filled application, or --blank for a form to fill in by hand")
        )
    refuse_html_on_terminal(fmt, output, N_("The application"), "zayavlenie.html")
    loc = localizer(resolve_language(lang))
    found = carrier_named(carrier, data_dir)
    filled = load_profile(profile_file) if profile_file else None
    warn_if_readable(profile_file)
    application = build_application(kind, found, loc, filled, proxy=situation == "proxy")
    emit(render_application(application, fmt, loc), output, force, private=bool(filled))
