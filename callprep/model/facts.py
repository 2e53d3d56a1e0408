"""Sourced facts: the validated shapes that every carrier and shared fact takes.

Every fact carries its confidence, its sources, the date the source shows (``dated``,
absent when the page shows none) and the date callprep last checked it (``checked``).
A fact nobody could source is simply absent; the documents then say "not verified".
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import Field, field_validator, model_validator

from callprep.model.datafile import Model
from callprep.model.phones import normalize_number
from callprep.model.types import Confidence, Cost

DATED = re.compile(r"\d{4}(-\d{2}){0,2}")


class Fact(Model):
    """What every sourced fact has: how sure, from where, and when."""

    confidence: Confidence
    sources: list[str] = Field(min_length=1)
    dated: str | None = None
    checked: dt.date
    note: str | None = None
    agreed: bool = False  # every source found says the same, though none of them is official

    @field_validator("dated", mode="before")
    @classmethod
    def _valid_dated(cls, value: object) -> object:
        """The date a source shows: a full date, a month (YYYY-MM) or a year (YYYY); never later than today."""
        if isinstance(value, dt.datetime):
            raise ValueError("a date and time; give the date only (YYYY-MM-DD, YYYY-MM or YYYY)")
        if isinstance(value, dt.date):
            value = value.isoformat()
        if isinstance(value, str):
            if not DATED.fullmatch(value):
                raise ValueError("not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                day = dt.date(parts[0], parts[1], parts[2])
            except ValueError as exc:
                raise ValueError("not a real date") from exc
            if day > dt.date.today():
                raise ValueError("in the future; give the date the source shows")
        return value

    @field_validator("checked", mode="before")
    @classmethod
    def _not_in_the_future(cls, value: object) -> object:
        if isinstance(value, dt.datetime):
            raise ValueError("a date and time; give the date only (YYYY-MM-DD)")
        if isinstance(value, dt.date) and value > dt.date.today():
            raise ValueError("in the future; give the date the fact was checked")
        return value

    @model_validator(mode="after")
    def _dated_before_checked(self) -> Fact:
        if self.dated and self.dated > self.checked.isoformat():
            raise ValueError("dated: later than checked; a source cannot be dated after it was checked")
        return self

    @field_validator("sources")
    @classmethod
    def _no_blank_sources(cls, sources: list[str]) -> list[str]:
        if any(not source.strip() for source in sources):
            raise ValueError("a source must not be blank")
        return sources


class Phone(Fact):
    """A hotline number, normalised (E.164, or the digits of a short number)."""

    number: str
    hours: str | None = None
    cost: Cost | None = None
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


class SourcedStatement(Fact):
    """A sourced fact told in one English sentence, translated through the catalogs."""

    text: str = Field(min_length=1)
