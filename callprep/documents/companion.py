"""The call companion: the hotline call and the store visit one step at a time, built from the Sheet's
scripts (no second copy of the conversation), with the branches of data/companion.toml beside every
step, and each phrase's audio once (the phrasebook's clips: no second synthesis)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Literal

from callprep.documents.callflow import CallFlow, build_callflow, flow_words
from callprep.documents.phrasebook import data_uri, spoken
from callprep.errors import N_, Msg, UsageProblem
from callprep.i18n import Localizer
from callprep.model.carriers import Carrier
from callprep.model.companion import BranchSpec, companion_flow
from callprep.model.phrases import Phrase, catalogue, make_phrase
from callprep.model.records import frozen
from callprep.model.types import CompanionMode, choices
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Document, Number, Request, Sheet, Step, Value
from callprep.speech.selection import number_phrase
from callprep.speech.speaker import Speaker

TurnKind = Literal["dial", "bring", "hear", "say"]
MY_NUMBER_AFTER = "a_my_number"  # the user's own number, when given, is said right after this phrase


@frozen
class Turn:
    """One screen: what you may hear (``heard``) and what you say (``say``), with notes in the user's
    language. ``dial`` (the call's first step) also has the numbers and the voice menu's keys; ``bring``
    (the visit's first step) the documents. A step of the main path has its ``position`` (1-based) and
    the ids of the steps before and after it; a branch has its button's ``label`` and no position."""

    id: str
    kind: TurnKind
    heard: Phrase | None = None
    say: tuple[Phrase, ...] = ()
    notes: tuple[str, ...] = ()
    label: str | None = None
    numbers: tuple[Number, ...] = ()
    keys: Value | None = None
    documents: tuple[Document, ...] = ()
    position: int = 0
    previous: str | None = None
    next: str | None = None

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        return ((self.heard,) if self.heard else ()) + self.say


@frozen
class Walkthrough:
    """The hotline call or the store visit: its main path, and the branches reachable from every step."""

    id: CompanionMode
    steps: tuple[Turn, ...]
    branches: tuple[Turn, ...]


@frozen
class Listen:
    """A phrase of the companion, once: its audio (``data:`` URIs, normal and slow) and the turns that
    show it (``shown_in``), each with its own way back from the phrase's big-letter view."""

    phrase: Phrase
    shown_in: tuple[str, ...]
    audio: str | None = None
    audio_slow: str | None = None


@frozen
class Companion:
    language: str
    carrier_id: str
    carrier_en: str
    modes: tuple[Walkthrough, ...]
    listens: tuple[Listen, ...]
    has_audio: bool = False
    has_slow: bool = False
    engines: tuple[str, ...] = ()
    flow: CallFlow | None = None  # the call as a picture, the same as in the sheet

    @property
    def phrases(self) -> tuple[Phrase, ...]:
        """Every phrase of the companion once, in the order the page first shows it (for audio)."""
        return tuple(listen.phrase for listen in self.listens)

    def turns(self) -> tuple[Turn, ...]:
        return tuple(turn for mode in self.modes for turn in mode.steps + mode.branches)


class CompanionBuilder:
    """Builds the companion of one Sheet; the phrases the scripts lack come from the catalogue by id."""

    def __init__(self, sheet: Sheet, carrier: Carrier, loc: Localizer, my_number: Phrase | None = None):
        self.sheet, self.carrier, self.loc, self.my_number = sheet, carrier, loc, my_number

    def phrase(self, phrase_id: str) -> Phrase:
        return make_phrase(catalogue()[phrase_id], self.carrier, self.loc.gettext, self.sheet.request.situation)

    def said(self, phrases: Sequence[Phrase]) -> tuple[Phrase, ...]:
        """The phrases, with the user's own number (if given) right after "My number is …"."""
        out: list[Phrase] = []
        for phrase in phrases:
            out.append(phrase)
            if self.my_number and phrase.id == MY_NUMBER_AFTER:
                out.append(self.my_number)
        return tuple(out)

    def numbers(self) -> tuple[Number, ...]:
        """The numbers to dial: from abroad only when the user is abroad, else those inside Russia."""
        abroad = self.sheet.request.situation == "abroad"
        return tuple(n for n in self.sheet.numbers if n.dial and (n.origin == "abroad") == abroad)

    def branch(self, mode: CompanionMode, spec: BranchSpec, script: Sequence[Step]) -> Turn | None:
        turn_id, label = f"{mode}-{spec.id}", self.loc.gettext(spec.label)
        extra = (self.loc.gettext(spec.note),) if spec.note else ()
        numbers = self.numbers() if spec.dial else ()
        if spec.from_script:
            step = next((step for step in script if step.heard and step.heard.id == spec.hear), None)
            if step is None:
                return None
            notes = ((step.note,) if step.note else ()) + extra
            return Turn(turn_id, "hear", step.heard, self.said(step.say), notes, label, numbers)
        heard = self.phrase(spec.hear) if spec.hear else None
        said = self.said([self.phrase(pid) for pid in spec.answer + spec.say])
        return Turn(turn_id, "hear" if heard else "say", heard, said, extra, label, numbers)

    def first(self, mode: CompanionMode) -> Turn:
        if mode == "hotline":
            hotline = self.sheet.hotline
            said = self.said(hotline.fallback)
            return Turn("hotline-1", "dial", say=said, numbers=self.numbers(), keys=hotline.voice_menu_keys)
        return Turn("store-1", "bring", documents=self.sheet.documents.get("store", ()))

    def walkthrough(self, mode: CompanionMode, script: Sequence[Step]) -> Walkthrough:
        specs = [spec for spec in companion_flow().branch if mode in spec.modes]
        taken = {spec.hear for spec in specs if spec.from_script}
        main = [self.first(mode)] + [
            Turn("", step.kind, step.heard, self.said(step.say), (step.note,) if step.note else ())
            for step in script
            if not (step.heard and step.heard.id in taken)
        ]
        ids = [f"{mode}-{n}" for n in range(1, len(main) + 1)]
        steps = tuple(
            replace(
                turn,
                id=ids[index],
                position=index + 1,
                previous=ids[index - 1] if index else None,
                next=ids[index + 1] if index + 1 < len(ids) else None,
            )
            for index, turn in enumerate(main)
        )
        branches = tuple(turn for spec in specs if (turn := self.branch(mode, spec, script)) is not None)
        return Walkthrough(mode, steps, branches)

    def build(self) -> Companion:
        scripts = {"hotline": self.sheet.hotline, "store": self.sheet.store}
        modes = tuple(
            self.walkthrough(mode, scripts[mode].steps) for mode in choices(CompanionMode) if scripts[mode] is not None
        )
        if not modes:
            raise UsageProblem(
                Msg(
                    N_(
                        "the companion walks through the hotline call or the store visit; "
                        "this sheet covers neither (use --channel hotline, store or all)"
                    )
                )
            )
        shown: dict[str, tuple[Phrase, list[str]]] = {}
        for mode in modes:
            for turn in mode.steps + mode.branches:
                for phrase in turn.phrases:
                    shown.setdefault(phrase.id, (phrase, []))[1].append(turn.id)
        listens = tuple(Listen(phrase, tuple(dict.fromkeys(turns))) for phrase, turns in shown.values())
        flow = build_callflow(self.sheet, flow_words(self.sheet, self.loc))
        return Companion(self.loc.language, self.carrier.id, self.carrier.names.en, modes, listens, flow=flow)


def build_companion(sheet: Sheet, carrier: Carrier, loc: Localizer, my_number: Phrase | None = None) -> Companion:
    """The companion of ``sheet``, without audio; ``my_number`` is said after "My number is …"."""
    return CompanionBuilder(sheet, carrier, loc, my_number).build()


def companion_for(request: Request, carrier: Carrier, loc: Localizer, my_number: str | None = None) -> Companion:
    """The companion of the sheet ``request`` asks for, with the user's own number if given."""
    mine = number_phrase(my_number, loc.gettext, request.situation) if my_number else None
    return build_companion(build_sheet(request, carrier, loc), carrier, loc, mine)


def with_audio(
    companion: Companion,
    normal: Mapping[str, Path],
    slow: Mapping[str, Path] | None = None,
    engines: Sequence[str] = (),
) -> Companion:
    """The companion with each phrase's audio files (by phrase id) embedded once."""
    slow = slow or {}
    listens = tuple(
        replace(
            listen,
            audio=data_uri(normal[listen.phrase.id]) if listen.phrase.id in normal else None,
            audio_slow=data_uri(slow[listen.phrase.id]) if listen.phrase.id in slow else None,
        )
        for listen in companion.listens
    )
    return replace(
        companion, listens=listens, has_audio=bool(normal), has_slow=bool(slow), engines=tuple(dict.fromkeys(engines))
    )


def companion_with_audio(
    companion: Companion, speaker: Speaker, with_slow: bool, progress=lambda done: None
) -> Companion:
    """The companion with its phrases spoken (from the cache or the engines), normally and slowly if asked."""
    normal, engines = spoken(companion.phrases, speaker, False, progress)
    slow, slow_engines = spoken(companion.phrases, speaker, True, progress) if with_slow else ({}, [])
    return with_audio(companion, normal, slow, engines + slow_engines)
