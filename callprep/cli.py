"""The command line: parse options, call the core, print or write. No logic of its own."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import click

from callprep import __version__
from callprep.errors import CallprepError, UsageProblem

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"]}
FORMATS = ("md", "txt", "html", "json")
SITUATIONS = ("own", "passport-changed", "proxy", "sim-lost")


class CallprepCommand(click.Command):
    """Turns every callprep error into one line on stderr and a non-zero exit, no traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            raise click.UsageError(str(exc), ctx) from exc
        except CallprepError as exc:
            raise click.ClickException(str(exc)) from exc


class CallprepGroup(click.Group):
    command_class = CallprepCommand


def lang_option(command):
    return click.option(
        "--lang",
        metavar="CODE",
        help="Your language: en or zh. Default: from the environment's locale (LANG, LC_ALL...).",
    )(command)


def data_option(command):
    return click.option(
        "--data",
        "data_dir",
        type=click.Path(path_type=Path, file_okay=False),
        help="A folder of extra carrier files (*.toml) that add to or replace the built-in ones.",
    )(command)


def output_options(formats: tuple[str, ...]):
    def decorate(command):
        command = click.option("--force", is_flag=True, help="Overwrite an existing output file.")(command)
        command = click.option(
            "-o",
            "--output",
            default="-",
            show_default=True,
            metavar="FILE",
            help="Where to write; - is standard output.",
        )(command)
        return click.option(
            "--format",
            "fmt",
            type=click.Choice(formats),
            help=f"Output format ({', '.join(formats)}). Default: from the output file's extension, else md.",
        )(command)

    return decorate


def pick_format(fmt: str | None, output: str, formats: tuple[str, ...]) -> str:
    suffix = Path(output).suffix.lstrip(".").lower() if output != "-" else ""
    suffix = {"markdown": "md", "text": "txt", "htm": "html"}.get(suffix, suffix)
    if fmt and suffix in formats and suffix != fmt:
        raise click.BadOptionUsage(
            "fmt", f"--format {fmt} does not match the output file {output!r}; use --format {suffix} or another name"
        )
    return fmt or (suffix if suffix in formats else "md")


def emit(text: str, output: str, force: bool) -> None:
    if output == "-":
        click.echo(text, nl=False)
        return
    from callprep.output import write_text

    write_text(Path(output), text, force=force)
    click.echo(f"wrote {output}", err=True)


def validate_number(ctx, param, value):
    if value is None:
        return None
    from callprep.facts import normalize_number

    try:
        normalize_number(value)
    except ValueError:
        raise click.BadParameter("not a valid phone number; expected +7 XXX XXX-XX-XX or 8 XXX XXX-XX-XX") from None
    return value


def speech_options(command):
    command = click.option("--allow-online-personal-data", is_flag=True,
                           help="Let the online engine speak phrases with your own data too.")(command)
    command = click.option("--my-number", callback=validate_number, metavar="PHONE",
                           help="Add a phrase that says your number in Russian (personal data: spoken offline).")(command)
    return click.option("--engine", type=click.Choice(["auto", "gtts", "offline"]), default="auto", show_default=True,
                        help="gtts: Google's online voice; offline: eSpeak NG, no network; auto: gtts, and "
                             "offline for the rest of the run if the service cannot be used.")(command)


def sheet_options(command):
    command = click.option("--situation", type=click.Choice(SITUATIONS), default="own", show_default=True,
                           help="Your own contract; your passport changed; acting for someone with a notarized "
                                "power of attorney; the SIM card is lost.")(command)
    command = click.option("--sim", type=click.Choice(["physical", "esim"]), default="physical", show_default=True,
                           help="A physical SIM card or an eSIM.")(command)
    return click.option("--channel", type=click.Choice(["all", "hotline", "store", "online"]), default="all",
                        show_default=True, help="Which way you will cancel: hotline, store, online, or all.")(command)


def make_speaker(engine: str, allow_online_personal_data: bool):
    import platformdirs

    from callprep.audio import AudioCache, Speaker
    from callprep.engines import GttsEngine, OfflineEngine

    cache_root = platformdirs.user_cache_path("callprep")
    return Speaker(engine, GttsEngine(), OfflineEngine(cache_root), AudioCache(cache_root),
                   allow_online_personal_data, warn=lambda line: click.echo(line, err=True))


def with_progress(total: int, label: str, work):
    """Run ``work(progress)`` with a progress bar on a terminal, quietly otherwise."""
    import sys

    if total and sys.stderr.isatty():
        with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
            return work(bar.update)
    return work(lambda done: None)


def request_for(found, channel, sim, situation, language):
    from callprep.sheet import Request

    return Request(found.id, channel, sim, situation.replace("-", "_"), language)


@click.group(cls=CallprepGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="callprep")
def cli():
    """Get ready to cancel a Russian mobile number: scripts, documents and phrases.

    \b
    Example:
        callprep sheet mts --lang zh
        callprep sheet beeline --channel store --sim esim -o beeline.html
    """


@cli.command()
@click.argument("carrier")
@sheet_options
@lang_option
@output_options(FORMATS)
@data_option
def sheet(carrier, channel, sim, situation, lang, fmt, output, force, data_dir):
    """Make the prep sheet for CARRIER (mts, megafon, beeline, t2, yota, t-mobile...).

    \b
    Example:
        callprep sheet mts --lang zh
        callprep sheet t2 --channel store --situation proxy -o t2.html
    """
    from callprep.carriers import find_carrier, load_carriers
    from callprep.i18n import localizer, resolve_language
    from callprep.prep import build_sheet
    from callprep.render import render_sheet

    fmt = pick_format(fmt, output, FORMATS)
    language = resolve_language(lang)
    found = find_carrier(load_carriers(data_dir), carrier)
    request = request_for(found, channel, sim, situation, language)
    loc = localizer(language)
    emit(render_sheet(build_sheet(request, found, loc), fmt, loc), output, force)


@cli.command()
@lang_option
@output_options(("md", "txt", "json"))
@data_option
def carriers(lang, fmt, output, force, data_dir):
    """List the carriers: id, names, hotline numbers and when the data was checked."""
    from callprep.carriers import load_carriers
    from callprep.i18n import resolve_language
    from callprep.prep import carrier_rows
    from callprep.render import render_carriers

    fmt = pick_format(fmt, output, ("md", "txt", "json"))
    rows = carrier_rows(load_carriers(data_dir))
    emit(render_carriers(rows, fmt, resolve_language(lang)), output, force)


def parse_date(ctx, param, value):
    if value is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; expected YYYY-MM-DD") from None


@cli.command("check-data")
@click.argument("folder", required=False, type=click.Path(path_type=Path, file_okay=False))
@click.option("--strict", is_flag=True, help="Fail also when a fact was checked more than 12 months ago.")
@click.option("--as-of", callback=parse_date, metavar="YYYY-MM-DD", help="Judge staleness as of this date (default: today).")
def check_data(folder, strict, as_of):
    """Validate carrier data files (the built-in ones, or those in FOLDER) and flag stale facts."""
    from callprep.datacheck import check_data as run_check

    reports = run_check(folder, as_of)
    for report in reports:
        if report.error:
            click.echo(f"error: {report.error}", err=True)
        else:
            click.echo(f"ok: {report.path} ({report.facts} facts)")
        for line in report.stale:
            click.echo(f"stale: {line}", err=True)
    errors = sum(1 for r in reports if r.error)
    stale = sum(len(r.stale) for r in reports)
    click.echo(f"{len(reports)} files, {errors} with errors, {stale} stale facts", err=True)
    if errors or (strict and stale):
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("carrier", required=False)
@sheet_options
@lang_option
@speech_options
@click.option("--slow", is_flag=True, help="Speak slowly.")
@click.option("-o", "--output", default="audio", show_default=True, metavar="FOLDER",
              type=click.Path(path_type=Path), help="The folder for the audio files, playlist and manifest.")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@data_option
def audio(carrier, channel, sim, situation, lang, engine, my_number, allow_online_personal_data, slow, output,
          force, data_dir):
    """Make audio of every Russian phrase of CARRIER's sheet (or of all phrases without one).

    \b
    Example:
        callprep audio mts --lang zh -o audio/
        callprep audio mts --slow --engine gtts -o audio-slow/
        callprep audio --engine offline -o audio/
    """
    from callprep.audio import clips, synthesize_all, write_folder
    from callprep.carriers import find_carrier, load_carriers
    from callprep.i18n import localizer, resolve_language
    from callprep.prep import phrases_for_audio

    language = resolve_language(lang)
    loc = localizer(language)
    found = find_carrier(load_carriers(data_dir), carrier) if carrier else None
    request = request_for(found, channel, sim, situation, language) if found else None
    phrases = phrases_for_audio(request, found, loc, my_number)
    speaker = make_speaker(engine, allow_online_personal_data)
    results = with_progress(len(phrases), "Speaking", lambda step: synthesize_all(phrases, speaker, slow, step))
    made = clips(results, slow)
    context = {"carrier": found.id if found else None, "language": language, "engine": engine, "slow": slow}
    write_folder(output, results, made, context, force)
    click.echo(f"wrote {len(made)} phrases, playlist.m3u8 and manifest.json to {output}", err=True)


@cli.command()
@click.argument("carrier", required=False)
@lang_option
@click.option("--format", "fmt", type=click.Choice(["html", "md", "txt"]),
              help="html (default: one self-contained file with audio), md or txt (printable, no audio).")
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE", help="Where to write; - is standard output.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@speech_options
@click.option("--no-audio", is_flag=True, help="HTML without audio (no speech at all).")
@click.option("--no-slow", is_flag=True, help="Leave out the slow recordings (a smaller file).")
@data_option
def phrasebook(carrier, lang, fmt, output, force, engine, my_number, allow_online_personal_data, no_audio, no_slow,
               data_dir):
    """Make the phrasebook: every phrase by situation, playable and printable, in one file.

    Without CARRIER the phrases name no carrier.

    \b
    Example:
        callprep phrasebook --lang zh -o phrases.html
        callprep phrasebook beeline --format md
    """
    from callprep.bundle import phrasebook_phrases
    from callprep.carriers import find_carrier, load_carriers
    from callprep.i18n import localizer, resolve_language
    from callprep.phrasebook import build_phrasebook, phrasebook_with_audio
    from callprep.render import render_phrasebook

    fmt = pick_format(fmt, output, ("html", "md", "txt")) if fmt or output != "-" else "html"
    loc = localizer(resolve_language(lang))
    found = find_carrier(load_carriers(data_dir), carrier) if carrier else None
    phrases = phrasebook_phrases(found, loc, my_number)
    name = found.names.en if found else None
    if fmt != "html" or no_audio:
        book = build_phrasebook(phrases, loc.language, name)
    else:
        speaker = make_speaker(engine, allow_online_personal_data)
        total = len(phrases) * (1 if no_slow else 2)
        book = with_progress(total, "Speaking", lambda step: phrasebook_with_audio(
            phrases, loc.language, name, speaker, not no_slow, step))
    emit(render_phrasebook(book, fmt, loc), output, force)


@cli.command()
@click.argument("carrier")
@sheet_options
@lang_option
@speech_options
@click.option("--no-audio", is_flag=True, help="No audio: the sheet and the phrasebook only.")
@click.option("--no-slow", is_flag=True, help="Leave out the slow recordings from the phrasebook.")
@click.option("-o", "--output", required=True, metavar="FOLDER", type=click.Path(path_type=Path),
              help="The folder to make (index.html, sheet, phrasebook, audio/).")
@click.option("--force", is_flag=True, help="Write into a folder that is not empty.")
@data_option
def bundle(carrier, channel, sim, situation, lang, engine, my_number, allow_online_personal_data, no_audio, no_slow,
           output, force, data_dir):
    """Make everything for CARRIER in one folder: open index.html.

    \b
    Example:
        callprep bundle mts --lang zh -o mts-prep/
        callprep bundle t2 --channel store --no-audio -o t2-prep/
    """
    from callprep.bundle import bundle_size, make_bundle
    from callprep.carriers import find_carrier, load_carriers
    from callprep.i18n import localizer, resolve_language
    from callprep.output import write_tree

    language = resolve_language(lang)
    loc = localizer(language)
    found = find_carrier(load_carriers(data_dir), carrier)
    request = request_for(found, channel, sim, situation, language)
    speaker = None if no_audio else make_speaker(engine, allow_online_personal_data)
    total = 0 if no_audio else bundle_size(found, request, loc, my_number, not no_slow)
    entries = with_progress(total, "Speaking", lambda step: make_bundle(
        request, found, loc, speaker, my_number=my_number, with_slow=not no_slow, progress=step))
    write_tree(output, entries, force=force)
    click.echo(f"wrote {len(entries)} files to {output}; open {output / 'index.html'}", err=True)


main = functools.partial(cli.main, prog_name="callprep")
