"""Sourced facts: the validated shapes that every carrier and common fact takes.

Every fact carries its confidence, its sources, the date the source shows (``dated``,
absent when the page shows none) and the date callprep last checked it (``checked``).
A fact nobody could source is simply absent; the documents then say "not verified".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

import phonenumbers
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

Confidence = Literal["high", "medium-high", "medium", "low-medium", "low"]

SHORT_NUMBER = re.compile(r"\d{3,4}")
DATED = re.compile(r"\d{4}(-\d{2}){0,2}")


class Model(BaseModel):
    """Strict base: unknown fields are errors, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Fact(Model):
    confidence: Confidence
    sources: list[str] = Field(min_length=1)
    dated: str | None = None
    checked: dt.date
    note: str | None = None

    @field_validator("dated", mode="before")
    @classmethod
    def _valid_dated(cls, value: object) -> object:
        """The date a source shows: a full date, a month (YYYY-MM) or a year (YYYY)."""
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str):
            if not DATED.fullmatch(value):
                raise ValueError(f"{value!r} is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                dt.date(parts[0], parts[1], parts[2])
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a real date") from exc
        return value

    @field_validator("sources")
    @classmethod
    def _no_blank_sources(cls, sources: list[str]) -> list[str]:
        if any(not source.strip() for source in sources):
            raise ValueError("a source must not be blank")
        return sources


def normalize_number(value: str) -> str:
    """Return a short number as digits, any other number as E.164; reject what is not valid.

    >>> normalize_number("8 800 250-08-90")
    '+78002500890'
    """
    compact = re.sub(r"[\s()\-]", "", value)
    if SHORT_NUMBER.fullmatch(compact):
        return compact
    try:
        parsed = phonenumbers.parse(compact, "RU")
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{value!r} is not a phone number") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(
            f"{value!r} is not a valid phone number "
            "(expected a short number of 3-4 digits, 8 XXX XXX-XX-XX or +<country> ...)"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_number(number: str, *, international: bool = False) -> str:
    """Format a normalised number the way a Russian dials it (or as +7 ... from abroad)."""
    if SHORT_NUMBER.fullmatch(number):
        return number
    parsed = phonenumbers.parse(number, "RU")
    if international or parsed.country_code != 7:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return national.replace("(", "").replace(")", "")


class Phone(Fact):
    number: str
    hours: str | None = None
    cost: Literal["free", "free-in-roaming", "tariff"] | None = None
    conflicts_with: list[str] = []

    @field_validator("number")
    @classmethod
    def _valid_number(cls, value: str) -> str:
        return normalize_number(value)

    @field_validator("conflicts_with")
    @classmethod
    def _valid_conflicts(cls, values: list[str]) -> list[str]:
        return [normalize_number(value) for value in values]


class TextFact(Fact):
    value: str = Field(min_length=1)


class Days(Fact):
    days: int = Field(gt=0, lt=1000)


class Flag(Fact):
    value: bool


class Statement(Fact):
    """A sourced fact told in one English sentence, translated through the catalogs."""

    text: str = Field(min_length=1)


def format_validation_error(path: str, error: ValidationError) -> str:
    """One line per problem: ``file: field.path: value: what is valid``."""
    lines = []
    for problem in error.errors():
        field = ".".join(str(part) for part in problem["loc"]) or "(file)"
        message = problem["msg"].removeprefix("Value error, ")
        shown = problem.get("input")
        value = "" if isinstance(shown, dict | list) or problem["type"] == "missing" else f"{shown!r}: "
        lines.append(f"{path}: {field}: {value}{message}")
    return "; ".join(lines)
