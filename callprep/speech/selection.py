"""Which phrases are spoken: the sheet's (or the whole catalogue without a carrier), and the
user's own number, a personal phrase that is said in Russian words right after "My number is …"."""

from __future__ import annotations

from callprep.i18n import Localizer
from callprep.model.carriers import Carrier
from callprep.model.phrases import Phrase, all_phrases
from callprep.model.types import Situation
from callprep.russian import transliterate
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request
from callprep.speech.numerals import phone_words


def number_phrase(number: str, gettext, situation: Situation = "own") -> Phrase:
    """ "My number is ..." with the user's own number in Russian words: personal data. A
    representative (``situation`` proxy) says "The owner's number is ..." instead."""
    from callprep.model.phones import display_number, normalize_number

    shown = display_number(normalize_number(number), international=not number.strip().startswith("8"))
    if situation == "proxy":
        ru = f"Но́мер владе́льца: {phone_words(shown)}."
        meaning = gettext("The owner's number is %(number)s.") % {"number": shown}
    else:
        ru = f"Мой но́мер: {phone_words(shown)}."
        meaning = gettext("My number is %(number)s.") % {"number": shown}
    return Phrase("my_number", "request", "you", ru, transliterate(ru), meaning, personal=True)


def with_number(
    phrases: tuple[Phrase, ...], my_number: str | None, gettext, situation: Situation = "own"
) -> tuple[Phrase, ...]:
    """The phrases with the user's own number added right after "My number is …" (or first)."""
    if not my_number:
        return phrases
    ids = [phrase.id for phrase in phrases]
    at = ids.index("a_my_number") + 1 if "a_my_number" in ids else 0
    return (*phrases[:at], number_phrase(my_number, gettext, situation), *phrases[at:])


def phrases_for_audio(
    request: Request | None, carrier: Carrier | None, loc: Localizer, my_number: str | None = None
) -> tuple[Phrase, ...]:
    """The phrases to speak, in sheet order (or catalogue order without a carrier), with the
    user's own number, if given, right after "My number is …"."""
    if carrier is None or request is None:
        return with_number(all_phrases(None, loc.gettext), my_number, loc.gettext)
    chosen = build_sheet(request, carrier, loc).phrases
    return with_number(chosen, my_number, loc.gettext, request.situation)


def phrasebook_phrases(
    carrier: Carrier | None, loc: Localizer, my_number: str | None = None, situation: Situation = "own"
) -> tuple[Phrase, ...]:
    """Every phrase of the catalogue (for this carrier, or generic), with the user's number if
    given; in a representative's wording with ``situation`` proxy."""
    return with_number(all_phrases(carrier, loc.gettext, situation), my_number, loc.gettext, situation)
