"""Commands that make documents from the carrier data: sheet, carriers, check-data."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from callprep.cli.messages import _, say
from callprep.cli.options import (
    FORMATS,
    CallprepCommand,
    data_option,
    emit,
    lang_option,
    output_options,
    request_for,
    sheet_options,
    translit_option,
)
from callprep.errors import N_, cut


@click.command(cls=CallprepCommand)
@click.argument("carrier")
@sheet_options
@lang_option
@translit_option
@output_options(FORMATS)
@data_option
def sheet(carrier, channel, sim, situation, lang, translit, fmt, output, force, data_dir):
    """Make the prep sheet for CARRIER (mts, megafon, beeline, t2, yota, t-mobile...).

    \b
    Example:
        callprep sheet mts --lang zh
        callprep sheet t2 --channel store --situation proxy -o t2.html
    """
    from callprep.documents.render import render_sheet
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named
    from callprep.sheet.build import build_sheet

    language = resolve_language(lang)
    found = carrier_named(carrier, data_dir)
    request = request_for(found, channel, sim, situation, language)
    loc = localizer(language)
    emit(render_sheet(build_sheet(request, found, loc), fmt, loc, translit), output, force)


@click.command(cls=CallprepCommand)
@lang_option
@output_options(("md", "txt", "json"))
@data_option
def carriers(lang, fmt, output, force, data_dir):
    """List the carriers: id, names, hotline numbers and when the data was checked."""
    from callprep.documents.render import render_carriers
    from callprep.i18n import resolve_language
    from callprep.model.carriers import carrier_rows, load_carriers

    rows = carrier_rows(load_carriers(data_dir))
    emit(render_carriers(rows, fmt, resolve_language(lang)), output, force)


def parse_date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            _("%(value)s is not a date; expected YYYY-MM-DD") % {"value": repr(cut(value))}
        ) from None


@click.command("check-data", cls=CallprepCommand)
@click.argument("folder", required=False, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("--strict", is_flag=True, help=N_("Fail also when a fact was checked more than 12 months ago."))
@click.option(
    "--as-of", callback=parse_date, metavar="YYYY-MM-DD", help=N_("Judge staleness as of this date (default: today).")
)
@lang_option
def check_data(folder, strict, as_of, lang):
    """Validate carrier data files (the built-in ones, or those in FOLDER) and flag stale facts.

    \b
    Example:
        callprep check-data
        callprep check-data my-carriers/ --strict
    """
    from callprep.model.datacheck import check_data as run_check

    reports = run_check(folder, as_of)
    for report in reports:
        if report.skipped:
            click.echo(_("skipped: %(file)s (not a carrier file: no id or names)") % {"file": report.path}, err=True)
        elif report.error:
            click.echo(_("error: %(message)s") % {"message": say(report.error)}, err=True)
        else:
            click.echo(_("ok: %(file)s (%(count)s facts)") % {"file": report.path, "count": report.facts})
        for line in report.stale:
            click.echo(_("stale: %(message)s") % {"message": say(line)}, err=True)
    errors = sum(1 for r in reports if r.error)
    stale = sum(len(r.stale) for r in reports)
    skipped = sum(1 for r in reports if r.skipped)
    summary = _("%(files)s files, %(errors)s with errors, %(stale)s stale facts") % {
        "files": len(reports) - skipped,
        "errors": errors,
        "stale": stale,
    }
    if skipped:
        summary += _(", %(count)s skipped") % {"count": skipped}
    click.echo(summary, err=True)
    if errors or (strict and stale):
        raise click.exceptions.Exit(1)
