"""The Sheet: the plain data model of one prep sheet, ready for any output format."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from callprep.model.phrases import Phrase


@dataclass(frozen=True)
class Request:
    """What the user asked for, already validated."""

    carrier: str
    channel: str = "all"
    sim: str = "physical"
    situation: str = "own"
    language: str = "en"
    application: bool = False  # a filled application comes with the sheet (bundle --profile)


@dataclass(frozen=True)
class Source:
    """Where a fact comes from and how far to trust it; ``note`` is in the user's language."""

    confidence: str
    sources: tuple[str, ...]
    dated: str | None
    checked: dt.date
    note: str | None = None


@dataclass(frozen=True)
class Number:
    origin: str
    display: str | None
    dial: str | None
    hours: str | None = None
    cost: str | None = None
    conflicts: tuple[str, ...] = ()
    source: Source | None = None


@dataclass(frozen=True)
class Value:
    """A sourced value (a name, a count, a yes/no, a status id) or an unknown one (source None)."""

    value: str | int | bool | None
    source: Source | None = None


@dataclass(frozen=True)
class Statement:
    text: str
    source: Source


@dataclass(frozen=True)
class Step:
    kind: str
    heard: Phrase | None
    say: tuple[Phrase, ...]
    note: str | None = None


@dataclass(frozen=True)
class Document:
    id: str
    ru: str
    label: str
    basis: str
    source: Source | None = None


@dataclass(frozen=True)
class Hotline:
    numbers: tuple[Number, ...]
    voice_menu_keys: Value
    steps: tuple[Step, ...]
    fallback: tuple[Phrase, ...]


@dataclass(frozen=True)
class Store:
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Online:
    status: Value
    app: Value
    needs: tuple[Document, ...]
    chat: tuple[Phrase, ...] = ()  # messages to write to support, when the sheet covers online


@dataclass(frozen=True)
class ESim:
    offered: Value
    not_termination: Statement
    iphone: Statement
    android: Statement


@dataclass(frozen=True)
class Sheet:
    request: Request
    carrier_en: str
    carrier_ru: str
    kind: str
    legal_entity: Value
    numbers: tuple[Number, ...]
    checked: dt.date | None
    sources: tuple[str, ...]
    channels: tuple[str, ...]
    situation_note: str | None
    checklist: tuple[str, ...]
    facts: dict[str, Value]
    refund_routes: tuple[str, ...]
    extra: tuple[Statement, ...]
    hotline: Hotline | None
    store: Store | None
    documents: dict[str, tuple[Document, ...]]
    online: Online
    esim: ESim
    rules: tuple[Statement, ...]
    legal: tuple[Statement, ...]
    digits: tuple[Phrase, ...]
    phrases: tuple[Phrase, ...] = field(default=())
