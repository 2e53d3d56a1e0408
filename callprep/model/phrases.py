"""The phrase catalogue: ids, groups, the Russian with stress marks, and its meaning."""

from __future__ import annotations

from functools import cache

from callprep.errors import DataFileError
from callprep.model.carriers import Carrier
from callprep.model.records import frozen, load_builtin_records, record
from callprep.model.spoken import speech_words
from callprep.model.types import PhraseGroup, Role, Situation, choices
from callprep.russian import transliterate

GROUPS = choices(PhraseGroup)


@record
class PhraseEntry:
    """One phrase as the data file gives it; ``{carrier…}`` slots take the carrier's case forms.

    ``proxy_ru``/``proxy_en`` are what a representative says instead, when the phrase speaks of the
    speaker as the owner of the number ("my balance", "I am leaving"): the owner in the third
    person, gender-neutral ("владе́лец но́мера", "по э́тому но́меру"), naming no carrier."""

    id: str
    group: PhraseGroup
    speaker: Role
    ru: str
    en: str
    generic_ru: str | None
    generic_en: str | None
    proxy_ru: str | None
    proxy_en: str | None


@record
class PhraseFile:
    phrase: list[PhraseEntry]


@frozen
class Phrase:
    """One phrase as the user sees it: Russian (stress-marked), Latin letters and the meaning in
    the user's language; ``personal`` when it holds the user's own data (spoken offline only)."""

    id: str
    group: PhraseGroup
    speaker: Role
    ru: str
    translit: str
    meaning: str
    personal: bool = False


def parse_phrases(path: str, text: str) -> dict[str, PhraseEntry]:
    from callprep.model.datafile import load_records
    from callprep.model.schema import PhraseFileSchema

    parsed = load_records(path, text, PhraseFileSchema)
    entries: dict[str, PhraseEntry] = {}
    for entry in parsed.phrase:
        if entry.id in entries:
            raise DataFileError(f"{path}: phrase.id: {entry.id!r}: used twice; ids must be unique")
        entries[entry.id] = entry
    return entries


@cache
def catalogue() -> dict[str, PhraseEntry]:
    """The built-in phrases, by id, in file order."""
    return load_builtin_records("phrases.toml", dict, parse_phrases)


def carrier_forms(carrier: Carrier) -> dict[str, str]:
    names = carrier.names
    return {
        "carrier": names.ru,
        "carrier_gen": names.ru_gen,
        "carrier_ins": names.ru_ins,
        "carrier_prep": names.ru_prep,
    }


def make_phrase(entry: PhraseEntry, carrier: Carrier | None, gettext, situation: Situation = "own") -> Phrase:
    """Fill in the carrier's Russian case form (or the generic wording without a carrier)
    and translate the meaning with ``gettext``; a representative (``situation`` proxy) gets the
    phrase's third-person variant where it has one."""
    if situation == "proxy" and entry.proxy_ru:
        ru, meaning = entry.proxy_ru, gettext(entry.proxy_en)
    elif carrier is None and entry.generic_ru:
        ru, meaning = entry.generic_ru, gettext(entry.generic_en)
    else:
        ru = entry.ru.format(**carrier_forms(carrier)) if carrier else entry.ru
        meaning = gettext(entry.en)
        if "%(" in entry.en:
            meaning = meaning % {"carrier": carrier.names.en}
    return Phrase(entry.id, entry.group, entry.speaker, ru, transliterate(ru, speech_words().spoken), meaning)


def all_phrases(carrier: Carrier | None, gettext, situation: Situation = "own") -> tuple[Phrase, ...]:
    """The whole catalogue in file order, for one carrier or with generic wording (a
    representative's wording with ``situation`` proxy)."""
    return tuple(make_phrase(entry, carrier, gettext, situation) for entry in catalogue().values())
