"""The Sheet: the plain, localized data model of one prep sheet, ready for any output format.

These dataclasses are the JSON contract of ``callprep sheet --format json``: the JSON is
``dataclasses.asdict`` of a :class:`Sheet`, so a field renamed here is a change of that format.
Text is already in the user's language; Russian stays Russian (with stress marks in phrases).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import field

from callprep.model.phrases import Phrase
from callprep.model.records import frozen
from callprep.model.types import (
    Basis,
    CarrierKind,
    Certainty,
    Channel,
    ChannelChoice,
    ChecklistItem,
    Confidence,
    Cost,
    Origin,
    RefundRoute,
    Sim,
    Situation,
    TurnKind,
)


@frozen
class Request:
    """What the user asked for, already validated: carrier id, channel (or ``all``), SIM kind,
    situation, the user's language, and whether a filled application comes with the sheet."""

    carrier: str
    channel: ChannelChoice = "all"
    sim: Sim = "physical"
    situation: Situation = "own"
    language: str = "en"
    application: bool = False  # a filled application comes with the sheet (bundle --profile)


@frozen
class Source:
    """Where a fact comes from and how far to trust it: the sources, the date the source shows
    (``dated``, if any), the date callprep checked it, and a note in the user's language.
    ``certainty`` says it in words that help; ``refs`` are the sources' numbers in
    :attr:`Sheet.sources` (1-based), so each source is listed once."""

    confidence: Confidence
    sources: tuple[str, ...]
    dated: str | None
    checked: dt.date
    note: str | None = None
    certainty: Certainty = "unofficial"
    refs: tuple[int, ...] = ()


@frozen
class PlanStep:
    """One step of the plan at the top of the sheet, in the user's language: a short title for
    the first screen and the full text."""

    id: str
    title: str
    text: str


@frozen
class Number:
    """A hotline number from one origin: as shown (``display``) and as dialled (``dial``);
    both None when no number is sourced for that origin. ``conflicts`` are other numbers
    some sources give, shown beside it."""

    origin: Origin
    display: str | None
    dial: str | None
    hours: str | None = None
    cost: Cost | None = None
    conflicts: tuple[str, ...] = ()
    source: Source | None = None


@frozen
class Value:
    """A sourced value (a name, a count, a yes/no, a status id) or an unknown one (source None)."""

    value: str | int | bool | tuple[str, ...] | None
    source: Source | None = None


@frozen
class Statement:
    """A sourced sentence, translated into the user's language."""

    text: str
    source: Source


@frozen
class Step:
    """One turn of a script: a phrase the user may hear and the answers to it (``hear``), or
    phrases the user says (``say``); with a note in the user's language."""

    kind: TurnKind
    heard: Phrase | None
    say: tuple[Phrase, ...]
    note: str | None = None


@frozen
class Document:
    """A document to have at hand: id, its Russian name, its label in the user's language, and
    why it is listed (``basis``: the carrier's sources, general advice, optional, unverified)."""

    id: str
    ru: str
    label: str
    basis: Basis
    source: Source | None = None


@frozen
class Hotline:
    """The call: numbers, the voice-menu keys, the conversation, and phrases that reach a person."""

    numbers: tuple[Number, ...]
    voice_menu_keys: Value
    steps: tuple[Step, ...]
    fallback: tuple[Phrase, ...]


@frozen
class Store:
    """The store visit, turn by turn."""

    steps: tuple[Step, ...]


@frozen
class Online:
    """Appendix A: whether the contract can end online, the official app, what is needed, and
    messages to paste into the support chat (when the sheet covers the online channel)."""

    status: Value
    app: Value
    needs: tuple[Document, ...]
    chat: tuple[Phrase, ...] = ()


@frozen
class ESim:
    """Appendix B: whether the carrier offers eSIM, and why deleting the profile is not enough."""

    offered: Value
    not_termination: Statement
    iphone: Statement
    iphone_warning: Statement
    android: Statement
    android_ru: Statement
    android_keeps_plan: Statement


@frozen
class Sheet:
    """Everything one prep sheet shows.

    ``plan`` (at most 7 steps) follows ``route``, the channel the sheet recommends or the user
    chose, and ``bring`` is what to bring for it. ``channels`` are the channels covered
    (``hotline`` and ``store`` are None when not covered) and ``offered`` the channels the carrier
    has, with their source; ``documents`` maps each covered channel to its list; ``facts`` holds
    the carrier's sourced values by name (``inactivity_days``, ``esim``, ``no_debt_required``,
    ``termination_in_store``, ``refund``); ``sources`` lists every source once, numbered by
    position (``Source.refs``); ``checked`` is the latest check date and ``one_check_date`` says
    whether every fact shares it; ``phrases`` is every phrase of the sheet once, in order (for audio).
    """

    request: Request
    carrier_en: str
    carrier_ru: str
    kind: CarrierKind
    route: Channel
    plan: tuple[PlanStep, ...]
    bring: tuple[Document, ...]
    legal_entity: Value
    numbers: tuple[Number, ...]
    from_abroad: Statement
    checked: dt.date | None
    one_check_date: bool
    sources: tuple[str, ...]
    offered: Value
    channels: tuple[Channel, ...]
    situation_note: str | None
    checklist: tuple[ChecklistItem, ...]
    facts: dict[str, Value]
    refund_routes: tuple[RefundRoute, ...]
    extra: tuple[Statement, ...]
    hotline: Hotline | None
    store: Store | None
    documents: dict[Channel, tuple[Document, ...]]
    online: Online
    esim: ESim
    rules: tuple[Statement, ...]
    legal: tuple[Statement, ...]
    digits: tuple[Phrase, ...]
    phrases: tuple[Phrase, ...] = field(default=())
