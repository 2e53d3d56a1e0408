"""``callprep languages``: every user language with its name in itself, its script, whether the
transliteration is shown by default, and whether a native speaker has reviewed the translation."""

from __future__ import annotations

import json

import click

from callprep.cli.messages import _
from callprep.cli.options import CallprepCommand, lang_option
from callprep.errors import N_


@click.command(cls=CallprepCommand)
@click.option(
    "--format", "fmt", type=click.Choice(["txt", "json"]), default="txt", show_default=True, help=N_("txt or json.")
)
@lang_option
def languages(fmt, lang):
    """List the languages callprep speaks, with their review status.

    \b
    Example:
        callprep languages
    """
    from callprep.i18n import REGISTERED, SOURCE_LANGUAGE, resolve_language

    resolve_language(lang)  # an unknown --lang is an error here too; the messages follow it

    rows = []
    for language in REGISTERED.values():
        if language.code == SOURCE_LANGUAGE:
            status, words = "source", _("source language")
        elif language.reviewed:
            status, words = "reviewed", _("reviewed by a native or native-level speaker")
        else:
            status, words = "unreviewed", _("not yet reviewed by a native speaker")
        rows.append(
            {
                "code": language.code,
                "name": language.name,
                "english": language.english_name,
                "script": language.script,  # ISO 15924, as languages.toml gives it
                "script_name": language.script_name,  # in the language itself
                "translit": language.translit,
                "status": status,
                "status_text": words,
                "reviewer": language.reviewer if status == "reviewed" else "",
            }
        )
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    on, off = _("Latin transliteration shown"), _("no transliteration by default")
    for row in rows:
        translit = on if row["translit"] else off
        name = f"{row['name']} ({row['english']})"
        click.echo(f"{row['code']}  {name} · {row['script_name']} · {translit} · {row['status_text']}")
