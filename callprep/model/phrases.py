"""The phrase catalogue: ids, groups, the Russian with stress marks, and its meaning."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from callprep.model.carriers import Carrier
from callprep.errors import DataFileError
from callprep.model.facts import Model, display_number, format_validation_error, normalize_number
from callprep.russian import stress_problems, transliterate
from callprep.speech.text import phone_words

GROUPS = ("greeting", "request", "documents", "money", "proof", "closing", "questions", "numbers")
PHRASES_FILE = "callprep/data/phrases.toml"


class PhraseEntry(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: Literal["greeting", "request", "documents", "money", "proof", "closing", "questions", "numbers"]
    speaker: Literal["you", "staff"]
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)
    generic_ru: str | None = None
    generic_en: str | None = None

    @field_validator("ru", "generic_ru")
    @classmethod
    def _stressed(cls, value: str | None) -> str | None:
        missing = stress_problems(value or "")
        if missing:
            raise ValueError(f"stress mark missing or misplaced in {', '.join(missing)}")
        return value

    @model_validator(mode="after")
    def _generic_when_carrier_named(self) -> PhraseEntry:
        if "{" in self.ru and not (self.generic_ru and self.generic_en):
            raise ValueError("a phrase that names the carrier needs generic_ru and generic_en")
        return self


class PhraseFile(Model):
    phrase: list[PhraseEntry] = Field(min_length=1)


@dataclass(frozen=True)
class Phrase:
    """One phrase as the user sees it: Russian, Latin letters and the meaning."""

    id: str
    group: str
    speaker: str
    ru: str
    translit: str
    meaning: str
    personal: bool = False


def parse_phrases(path: str, text: str) -> dict[str, PhraseEntry]:
    try:
        parsed = PhraseFile.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise DataFileError(format_validation_error(path, exc)) from exc
    entries: dict[str, PhraseEntry] = {}
    for entry in parsed.phrase:
        if entry.id in entries:
            raise DataFileError(f"{path}: phrase.id: {entry.id!r}: used twice; ids must be unique")
        entries[entry.id] = entry
    return entries


@cache
def catalogue() -> dict[str, PhraseEntry]:
    """The built-in phrases, by id, in file order."""
    text = (resources.files("callprep") / "data" / "phrases.toml").read_text(encoding="utf-8")
    return parse_phrases(PHRASES_FILE, text)


def carrier_forms(carrier: Carrier) -> dict[str, str]:
    names = carrier.names
    return {
        "carrier": names.ru,
        "carrier_gen": names.ru_gen,
        "carrier_ins": names.ru_ins,
        "carrier_prep": names.ru_prep,
    }


def make_phrase(entry: PhraseEntry, carrier: Carrier | None, gettext) -> Phrase:
    """Fill in the carrier's Russian case form (or the generic wording without a carrier)
    and translate the meaning with ``gettext``."""
    if carrier is None and entry.generic_ru:
        ru, meaning = entry.generic_ru, gettext(entry.generic_en)
    else:
        ru = entry.ru.format(**carrier_forms(carrier)) if carrier else entry.ru
        meaning = gettext(entry.en)
        if "%(" in entry.en:
            meaning = meaning % {"carrier": carrier.names.en}
    return Phrase(entry.id, entry.group, entry.speaker, ru, transliterate(ru), meaning)


def all_phrases(carrier: Carrier | None, gettext) -> tuple[Phrase, ...]:
    """The whole catalogue in file order, for one carrier or with generic wording."""
    return tuple(make_phrase(entry, carrier, gettext) for entry in catalogue().values())


def number_phrase(number: str, gettext) -> Phrase:
    """"My number is ..." with the user's own number in Russian words: personal data."""
    shown = display_number(normalize_number(number), international=not number.strip().startswith("8"))
    ru = f"Мой но́мер: {phone_words(shown)}."
    meaning = gettext("My number is %(number)s.") % {"number": shown}
    return Phrase("my_number", "request", "you", ru, transliterate(ru), meaning, personal=True)


def with_number(phrases: tuple[Phrase, ...], my_number: str | None, gettext) -> tuple[Phrase, ...]:
    """The phrases with the user's own number added right after "My number is …" (or first)."""
    if not my_number:
        return phrases
    ids = [phrase.id for phrase in phrases]
    at = ids.index("a_my_number") + 1 if "a_my_number" in ids else 0
    return (*phrases[:at], number_phrase(my_number, gettext), *phrases[at:])
