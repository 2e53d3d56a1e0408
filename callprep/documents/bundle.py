"""The bundle: one folder with the sheet, the phrasebook, the audio and an index.html."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from callprep.speech.audio import clips, folder_entries, synthesize_all
from callprep.model.carriers import Carrier
from callprep.documents.application import KINDS, build_application
from callprep.i18n import Localizer
from callprep.output import Content
from callprep.documents.phrasebook import build_phrasebook, phrasebook_with_audio
from callprep.model.phrases import all_phrases, with_number
from callprep.sheet.build import build_sheet, phrases_for_audio
from callprep.model.profile import Profile
from callprep.documents.render import render_application, render_index, render_phrasebook, render_sheet
from callprep.sheet.model import Request


def phrasebook_phrases(carrier: Carrier | None, loc: Localizer, my_number: str | None = None):
    """Every phrase of the catalogue (for this carrier, or generic), with the user's number if given."""
    return with_number(all_phrases(carrier, loc.gettext), my_number, loc.gettext)


def bundle_request(request: Request, profile: Profile | None) -> Request:
    """With a profile, the sheet's store script hands over the filled applications."""
    return request if profile is None else replace(request, application=True)


def bundle_size(
    carrier: Carrier, request: Request, loc: Localizer, my_number: str | None, with_slow: bool,
    profile: Profile | None = None,
) -> int:
    """How many clips the bundle speaks or takes from the cache (for a progress bar)."""
    book = len(phrasebook_phrases(carrier, loc, my_number))
    sheet_phrases = phrases_for_audio(bundle_request(request, profile), carrier, loc, my_number)
    return book * (2 if with_slow else 1) + len(sheet_phrases)


def make_bundle(
    request: Request,
    carrier: Carrier,
    loc: Localizer,
    speaker=None,
    *,
    my_number: str | None = None,
    with_slow: bool = True,
    profile: Profile | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> dict[str, Content]:
    """Every file of the bundle by its path in the folder; no audio when ``speaker`` is None.

    With a ``profile``, the filled applications join it and the sheet's store script hands them over.
    """
    sheet = build_sheet(bundle_request(request, profile), carrier, loc)
    entries: dict[str, Content] = {
        "sheet.html": render_sheet(sheet, "html", loc),
        "sheet.md": render_sheet(sheet, "md", loc),
    }
    book_phrases = phrasebook_phrases(carrier, loc, my_number)
    if speaker is None:
        book = build_phrasebook(book_phrases, loc.language, carrier.names.en)
    else:
        book = phrasebook_with_audio(book_phrases, loc.language, carrier.names.en, speaker, with_slow, progress)
        results = synthesize_all(with_number(sheet.phrases, my_number, loc.gettext), speaker, False, progress)
        context = {"carrier": carrier.id, "language": loc.language, "engine": speaker.choice, "slow": False}
        entries.update(folder_entries(results, clips(results, slow=False), context, prefix="audio/"))
    entries["phrasebook.html"] = render_phrasebook(book, "html", loc)
    applications = []
    if profile is not None:
        for kind in KINDS:
            name = f"application-{kind}.html"
            entries[name] = render_application(build_application(kind, carrier, loc, profile), "html", loc)
            applications.append((kind, name))
    entries["index.html"] = render_index(sheet, loc, has_audio=speaker is not None, applications=applications)
    return entries
