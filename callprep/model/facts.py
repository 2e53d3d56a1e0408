"""Sourced facts: the records that every carrier and shared fact takes (validated by
:class:`callprep.model.schema.FactSchema` and its kin).

Every fact carries its confidence, its sources, the date the source shows (``dated``,
absent when the page shows none) and the date callprep last checked it (``checked``).
A fact nobody could source is simply absent; the documents then say "not verified".
"""

from __future__ import annotations

import datetime as dt

from callprep.model.records import record
from callprep.model.types import Confidence, Cost


@record
class Fact:
    """What every sourced fact has: how sure, from where, and when."""

    confidence: Confidence
    sources: list[str]
    dated: str | None
    checked: dt.date
    note: str | None
    agreed: bool  # every source found says the same, though none of them is official


@record
class Phone(Fact):
    """A hotline number, normalised (E.164, or the digits of a short number), and as shown: the way
    a Russian dials it (``shown``) and from abroad (``shown_abroad``), with the conflicting numbers
    some sources give, shown both ways."""

    number: str
    hours: str | None
    cost: Cost | None
    conflicts_with: list[str]
    shown: str
    shown_abroad: str
    conflicts_shown: list[str]
    conflicts_shown_abroad: list[str]

    def display(self, abroad: bool = False) -> str:
        return self.shown_abroad if abroad else self.shown

    def conflicts(self, abroad: bool = False) -> list[str]:
        return self.conflicts_shown_abroad if abroad else self.conflicts_shown


@record
class TextFact(Fact):
    value: str


@record
class Days(Fact):
    days: int


@record
class Flag(Fact):
    value: bool


@record
class SourcedStatement(Fact):
    """A sourced fact told in one English sentence, translated through the catalogs."""

    text: str
