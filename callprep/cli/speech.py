"""Commands that speak: audio, phrasebook, companion, bundle."""

from __future__ import annotations

from pathlib import Path

import click

from callprep.cli.messages import _
from callprep.cli.options import (
    CallprepCommand,
    data_option,
    emit,
    lang_option,
    make_speaker,
    output_options,
    refuse_html_on_terminal,
    request_for,
    sheet_options,
    speech_options,
    translit_option,
    warn_if_readable,
    with_progress,
)
from callprep.errors import N_


@click.command(cls=CallprepCommand)
@click.argument("carrier", required=False)
@sheet_options
@lang_option
@speech_options
@click.option("--slow", is_flag=True, help=N_("Speak slowly."))
@output_options(folder=True, default="audio", output_help=N_("The folder for the audio files, playlist and manifest."))
@data_option
def audio(
    carrier, channel, sim, situation, lang, engine, my_number, allow_online_personal_data, slow, output, force, data_dir
):
    """Make audio of every Russian phrase of CARRIER's sheet (or of all phrases without one).

    \b
    Example:
        callprep audio mts --lang zh -o audio/
        callprep audio mts --slow --engine gtts -o audio-slow/
        callprep audio --engine offline -o audio/
    """
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named
    from callprep.speech.folder import clips, write_folder
    from callprep.speech.selection import phrases_for_audio
    from callprep.speech.speaker import synthesize_all

    language = resolve_language(lang)
    loc = localizer(language)
    found = carrier_named(carrier, data_dir) if carrier is not None else None
    request = request_for(found, channel, sim, situation, language) if found else None
    phrases = phrases_for_audio(request, found, loc, my_number)
    speaker = make_speaker(engine, allow_online_personal_data)
    results = with_progress(len(phrases), lambda step: synthesize_all(phrases, speaker, slow, step))
    made = clips(results, slow)
    context = {"carrier": found.id if found else None, "language": language, "engine": engine, "slow": slow}
    write_folder(output, results, made, context, force, private=bool(my_number))
    click.echo(
        _("wrote %(count)s phrases, playlist.m3u8 and manifest.json to %(folder)s")
        % {"count": len(made), "folder": output},
        err=True,
    )


@click.command(cls=CallprepCommand)
@click.argument("carrier", required=False)
@lang_option
@output_options(
    ("html", "md", "txt"),
    format_help=N_("html (default: one self-contained file with audio), md or txt (printable, no audio)."),
)
@speech_options
@click.option("--no-audio", is_flag=True, help=N_("HTML without audio (no speech at all)."))
@click.option("--no-slow", is_flag=True, help=N_("Leave out the slow recordings (a smaller file)."))
@translit_option
@data_option
def phrasebook(
    carrier,
    lang,
    fmt,
    output,
    force,
    engine,
    my_number,
    allow_online_personal_data,
    no_audio,
    no_slow,
    translit,
    data_dir,
):
    """Make the phrasebook: every phrase by situation, playable and printable, in one file.

    Without CARRIER the phrases name no carrier.

    \b
    Example:
        callprep phrasebook --lang zh -o phrases.html
        callprep phrasebook beeline --format md
    """
    from callprep.documents.phrasebook import build_phrasebook, phrasebook_with_audio
    from callprep.documents.render import render_phrasebook
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named
    from callprep.speech.selection import phrasebook_phrases

    refuse_html_on_terminal(fmt, output, N_("The phrasebook"), "phrasebook.html")
    loc = localizer(resolve_language(lang))
    found = carrier_named(carrier, data_dir) if carrier is not None else None
    phrases = phrasebook_phrases(found, loc, my_number)
    name = found.names.en if found else None
    if fmt != "html" or no_audio:
        book = build_phrasebook(phrases, loc.language, name)
    else:
        speaker = make_speaker(engine, allow_online_personal_data)
        total = len(phrases) * (1 if no_slow else 2)
        book = with_progress(
            total,
            lambda step: phrasebook_with_audio(phrases, loc.language, name, speaker, not no_slow, step),
        )
    emit(render_phrasebook(book, fmt, loc, translit), output, force, private=bool(my_number))


@click.command(cls=CallprepCommand)
@click.argument("carrier")
@sheet_options
@lang_option
@output_options(("html",), format_help=N_("html: one self-contained page, with the audio inside."))
@speech_options
@click.option("--no-audio", is_flag=True, help=N_("No audio at all (a much smaller page)."))
@click.option("--no-slow", is_flag=True, help=N_("Leave out the slow recordings (a smaller page)."))
@translit_option
@data_option
def companion(
    carrier,
    channel,
    sim,
    situation,
    lang,
    fmt,
    output,
    force,
    engine,
    my_number,
    allow_online_personal_data,
    no_audio,
    no_slow,
    translit,
    data_dir,
):
    """Make the call companion for CARRIER: the hotline call and the store visit one step at a time,
    in one page that works on your phone with no network.

    Each step shows what you may hear and what you say, with audio; buttons take you to what may
    happen at any step (code word, passport, hold, the call dropped…); the record of the call (request
    number, operator's name, date and time) is kept on the phone and copied as text.

    \b
    Example:
        callprep companion mts --lang zh -o companion.html
        callprep companion t2 --no-audio -o t2-companion.html
    """
    from callprep.documents.companion import companion_for, companion_with_audio
    from callprep.documents.render import render_companion
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named

    refuse_html_on_terminal(fmt, output, N_("The call companion"), "companion.html", text_format=False)
    language = resolve_language(lang)
    loc = localizer(language)
    found = carrier_named(carrier, data_dir)
    page = companion_for(request_for(found, channel, sim, situation, language), found, loc, my_number)
    if not no_audio:
        speaker = make_speaker(engine, allow_online_personal_data)
        total = len(page.phrases) * (1 if no_slow else 2)
        page = with_progress(total, lambda step: companion_with_audio(page, speaker, not no_slow, step))
    emit(render_companion(page, loc, translit), output, force, private=bool(my_number))


@click.command(cls=CallprepCommand)
@click.argument("carrier")
@sheet_options
@lang_option
@speech_options
@click.option("--no-audio", is_flag=True, help=N_("No audio in any page (nothing is spoken)."))
@click.option("--no-slow", is_flag=True, help=N_("Leave out the slow recordings from the phrasebook."))
@output_options(
    folder=True, default=None, output_help=N_("The folder to make (index.html, sheet, phrasebook, audio/).")
)
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help=N_("Your profile: adds the filled applications, and your number to the phrasebook."),
)
@translit_option
@data_option
def bundle(
    carrier,
    channel,
    sim,
    situation,
    lang,
    engine,
    my_number,
    allow_online_personal_data,
    no_audio,
    no_slow,
    output,
    force,
    profile_file,
    translit,
    data_dir,
):
    """Make everything for CARRIER in one folder: open index.html.

    \b
    Example:
        callprep bundle mts --lang zh -o mts-prep/
        callprep bundle t2 --channel store --no-audio -o t2-prep/
        callprep bundle mts --lang zh --profile me.toml -o mts-prep/
    """
    from callprep.documents.bundle import make_bundle, plan_bundle
    from callprep.i18n import localizer, resolve_language
    from callprep.model.carriers import carrier_named
    from callprep.output import write_tree

    filled = None
    if profile_file:  # a profile (pydantic, phonenumbers, python-stdnum) is loaded only with --profile
        from callprep.model.profile import load_profile

        filled = load_profile(profile_file)
    warn_if_readable(profile_file)
    my_number = my_number or (filled.phone if filled else None)
    language = resolve_language(lang)
    loc = localizer(language)
    found = carrier_named(carrier, data_dir)
    plan = plan_bundle(
        request_for(found, channel, sim, situation, language),
        found,
        loc,
        my_number=my_number,
        with_slow=not no_slow,
        profile=filled,
        translit=translit,
    )
    speaker = None if no_audio else make_speaker(engine, allow_online_personal_data)
    entries = with_progress(0 if no_audio else plan.clips, lambda step: make_bundle(plan, loc, speaker, step))
    write_tree(output, entries, force=force, private=bool(my_number or filled))
    click.echo(
        _("wrote %(count)s files to %(folder)s; open %(index)s")
        % {"count": len(entries), "folder": output, "index": output / "index.html"},
        err=True,
    )
