"""The bundle: one folder with the sheet, the phrasebook, the call companion, the audio and an index.html."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from callprep.documents.application import KINDS, build_application
from callprep.documents.companion import Companion, build_companion, with_audio
from callprep.documents.phrasebook import build_phrasebook, spoken
from callprep.documents.render import (
    render_application,
    render_companion,
    render_index,
    render_phrasebook,
    render_sheet,
)
from callprep.i18n import Localizer
from callprep.model.carriers import Carrier
from callprep.model.phrases import Phrase
from callprep.model.records import frozen
from callprep.output import Content
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request, Sheet
from callprep.speech.folder import clips, folder_entries
from callprep.speech.selection import phrasebook_phrases, with_number
from callprep.speech.speaker import Speaker, synthesize_all

if TYPE_CHECKING:  # a profile (pydantic, phonenumbers, python-stdnum) is loaded only with --profile
    from callprep.model.profile import Profile


@frozen
class BundlePlan:
    """What a bundle holds before anything is spoken: the sheet, the phrasebook's phrases, the call
    companion (None when the sheet has neither the call nor the visit; its audio is the phrasebook's)
    and the phrases of the audio folder. ``clips`` is the one count of the audio it asks for."""

    request: Request
    carrier: Carrier
    sheet: Sheet
    book_phrases: tuple[Phrase, ...]
    sheet_phrases: tuple[Phrase, ...]
    with_slow: bool
    profile: Profile | None
    companion: Companion | None = None
    translit: bool | None = None  # show the Latin transliteration; None: the language's default

    @property
    def clips(self) -> int:
        return len(self.book_phrases) * (2 if self.with_slow else 1) + len(self.sheet_phrases)


def plan_bundle(
    request: Request,
    carrier: Carrier,
    loc: Localizer,
    *,
    my_number: str | None = None,
    with_slow: bool = True,
    profile: Profile | None = None,
    translit: bool | None = None,
) -> BundlePlan:
    """The bundle's content; with a ``profile`` the sheet's store script hands over the applications."""
    if profile is not None:
        request = replace(request, application=True)
    sheet = build_sheet(request, carrier, loc)
    book_phrases = phrasebook_phrases(carrier, loc, my_number, request.situation)
    mine = next((phrase for phrase in book_phrases if phrase.personal), None)
    companion = build_companion(sheet, carrier, loc, mine) if sheet.hotline or sheet.store else None
    if companion and not {phrase.id for phrase in companion.phrases} <= {phrase.id for phrase in book_phrases}:
        raise ValueError("the companion says a phrase the phrasebook lacks")  # its audio is the phrasebook's
    return BundlePlan(
        request=request,
        carrier=carrier,
        sheet=sheet,
        book_phrases=book_phrases,
        sheet_phrases=with_number(sheet.phrases, my_number, loc.gettext, request.situation),
        with_slow=with_slow,
        profile=profile,
        companion=companion,
        translit=translit,
    )


def make_bundle(
    plan: BundlePlan,
    loc: Localizer,
    speaker: Speaker | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> dict[str, Content]:
    """Every file of the bundle by its path in the folder; no audio when ``speaker`` is None.

    ``progress`` is called once per clip: ``plan.clips`` times in all.
    """
    carrier, sheet = plan.carrier, plan.sheet
    entries: dict[str, Content] = {
        "sheet.html": render_sheet(sheet, "html", loc, plan.translit),
        "sheet.md": render_sheet(sheet, "md", loc, plan.translit),
    }
    normal, slow, engines = {}, {}, []
    if speaker is not None:
        normal, engines = spoken(plan.book_phrases, speaker, False, progress)
        if plan.with_slow:
            slow, slow_engines = spoken(plan.book_phrases, speaker, True, progress)
            engines += slow_engines
        results = synthesize_all(plan.sheet_phrases, speaker, False, progress)
        context = {"carrier": carrier.id, "language": loc.language, "engine": speaker.choice, "slow": False}
        entries.update(folder_entries(results, clips(results, slow=False), context, prefix="audio/"))
    book = build_phrasebook(plan.book_phrases, loc.language, carrier.names.en, normal, slow, engines)
    entries["phrasebook.html"] = render_phrasebook(book, "html", loc, plan.translit)
    if plan.companion is not None:  # the phrasebook's clips: nothing is spoken twice
        companion = with_audio(plan.companion, normal, slow, engines)
        entries["companion.html"] = render_companion(companion, loc, plan.translit)
    applications = []
    if plan.profile is not None:
        for kind in KINDS:
            name = f"application-{kind}.html"
            application = build_application(kind, carrier, loc, plan.profile)
            entries[name] = render_application(application, "html", loc)
            applications.append((kind, name))
    entries["index.html"] = render_index(
        sheet, loc, has_audio=speaker is not None, applications=applications, companion="companion.html" in entries
    )
    return entries
