"""The data files' schemas: strict pydantic models that validate a TOML text, field by field.

Validation is the slow part of reading data (importing pydantic and building these models costs
more than making a whole sheet), so only the validation path imports this module: a ``--data``
file, ``check-data``, a profile's neighbours, and a built-in file whose validated snapshot is not in
the cache yet (see :mod:`callprep.model.records`). Everything else reads the records: frozen
dataclasses with the same field names, one per schema (``CarrierSchema`` → ``Carrier``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import Field, RootModel, StringConstraints, field_validator, model_validator

from callprep.model.carriers import CARRIER_ID
from callprep.model.datafile import Model, shown
from callprep.model.phones import display_number, normalize_number
from callprep.model.plan import SLOT, SLOTS
from callprep.model.types import (
    CarrierKind,
    Channel,
    CompanionMode,
    Confidence,
    Cost,
    OnlineStatus,
    PhraseGroup,
    RefundRoute,
    Role,
    Sim,
    Situation,
    choices,
)
from callprep.russian import stress_problems, strip_stress

DATED = re.compile(r"\d{4}(-\d{2}){0,2}")

# Sourced facts (records in callprep.model.facts)


class FactSchema(Model):
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
    def _dated_before_checked(self) -> FactSchema:
        if self.dated and self.dated > self.checked.isoformat():
            raise ValueError("dated: later than checked; a source cannot be dated after it was checked")
        return self

    @field_validator("sources")
    @classmethod
    def _no_blank_sources(cls, sources: list[str]) -> list[str]:
        if any(not source.strip() for source in sources):
            raise ValueError("a source must not be blank")
        return sources


class PhoneSchema(FactSchema):
    """A hotline number, normalised (E.164, or the digits of a short number). The record also gets
    the number as shown, formatted here once, so that making a sheet never needs phonenumbers."""

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

    @property
    def shown(self) -> str:
        return display_number(self.number)

    @property
    def shown_abroad(self) -> str:
        return display_number(self.number, international=True)

    @property
    def conflicts_shown(self) -> list[str]:
        return [display_number(other) for other in self.conflicts_with]

    @property
    def conflicts_shown_abroad(self) -> list[str]:
        return [display_number(other, international=True) for other in self.conflicts_with]


class TextFactSchema(FactSchema):
    value: str = Field(min_length=1)


class DaysSchema(FactSchema):
    days: int = Field(gt=0, lt=1000)


class FlagSchema(FactSchema):
    value: bool


class SourcedStatementSchema(FactSchema):
    """A sourced fact told in one English sentence, translated through the catalogs."""

    text: str = Field(min_length=1)


# Carriers (records in callprep.model.carriers)


class NamesSchema(Model):
    """How the carrier is called; the Russian case forms are used inside phrases."""

    en: str = Field(min_length=1, pattern=r"\S")
    ru: str = Field(min_length=1, pattern=r"\S")
    ru_gen: str = Field(min_length=1, pattern=r"\S")
    ru_ins: str = Field(min_length=1, pattern=r"\S")
    ru_prep: str = Field(min_length=1, pattern=r"\S")
    former: list[str] = []


class HotlineNumbersSchema(Model):
    """The hotline number to dial from each origin, where one is sourced."""

    own_sim: PhoneSchema | None = None
    any_phone: PhoneSchema | None = None
    abroad: PhoneSchema | None = None


class VoiceMenuSchema(FactSchema):
    """The keys to press in the voice menu, in order (each a digit, * or #), and what to say."""

    keys: list[Annotated[str, StringConstraints(pattern=r"^[0-9*#]$")]] | None = Field(default=None, min_length=1)
    words: str | None = None


class ChannelsOfferedSchema(FactSchema):
    """The ways this carrier ends a contract: a virtual operator may have no stores."""

    offered: list[Channel] = Field(min_length=1)

    @field_validator("offered")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a channel is listed twice")
        return value


class OnlineTerminationSchema(FactSchema):
    status: OnlineStatus


class DocumentListSchema(FactSchema):
    """The document ids (see the catalogue in common.toml) a carrier's sources list for the counter."""

    required: list[str] = Field(min_length=1)
    optional: list[str] = []
    proxy: list[str] = []


class RefundRoutesSchema(FactSchema):
    routes: list[RefundRoute] = Field(min_length=1)


class CarrierSchema(Model):
    id: str
    names: NamesSchema
    kind: CarrierKind = "mno"
    channels: ChannelsOfferedSchema | None = None
    legal_entity: TextFactSchema | None = None
    hotline: HotlineNumbersSchema = HotlineNumbersSchema()
    voice_menu: VoiceMenuSchema | None = None
    app: TextFactSchema | None = None
    online_termination: OnlineTerminationSchema | None = None
    termination_in_store: FlagSchema | None = None
    no_debt_required: FlagSchema | None = None
    documents: DocumentListSchema | None = None
    refund: RefundRoutesSchema | None = None
    inactivity_days: DaysSchema | None = None
    esim: FlagSchema | None = None
    extra: list[SourcedStatementSchema] = []

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not CARRIER_ID.fullmatch(value):
            raise ValueError("not a carrier id (lowercase letters, digits and '-')")
        return value


# Facts shared by every carrier (records in callprep.model.common_facts)


class ESimFactsSchema(Model):
    not_termination: SourcedStatementSchema
    iphone: SourcedStatementSchema
    iphone_warning: SourcedStatementSchema
    android: SourcedStatementSchema
    android_ru: SourcedStatementSchema
    android_keeps_plan: SourcedStatementSchema


class DiallingFactsSchema(Model):
    from_abroad: SourcedStatementSchema


class DocumentKindSchema(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class CommonFactsSchema(Model):
    esim: ESimFactsSchema
    dialling: DiallingFactsSchema
    rules: list[SourcedStatementSchema] = Field(min_length=1)
    legal: list[SourcedStatementSchema] = Field(min_length=1)
    documents: dict[str, DocumentKindSchema]


# Phrases (records in callprep.model.phrases)


class PhraseEntrySchema(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    group: PhraseGroup
    speaker: Role
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)
    generic_ru: str | None = None
    generic_en: str | None = None
    proxy_ru: str | None = None
    proxy_en: str | None = None

    @field_validator("ru", "generic_ru", "proxy_ru")
    @classmethod
    def _stressed(cls, value: str | None) -> str | None:
        missing = stress_problems(value or "")
        if missing:
            raise ValueError(f"stress mark missing or misplaced in {', '.join(missing)}")
        return value

    @model_validator(mode="after")
    def _generic_when_carrier_named(self) -> PhraseEntrySchema:
        if "{" in self.ru and not (self.generic_ru and self.generic_en):
            raise ValueError("a phrase that names the carrier needs generic_ru and generic_en")
        if bool(self.proxy_ru) != bool(self.proxy_en):
            raise ValueError("proxy_ru and proxy_en go together")
        if self.proxy_ru and ("{" in self.proxy_ru or "%(" in (self.proxy_en or "")):
            raise ValueError("a proxy variant names no carrier (no {…} or %(…)s slot)")
        return self


class PhraseFileSchema(Model):
    phrase: list[PhraseEntrySchema] = Field(min_length=1)


# The plan (records in callprep.model.plan)


class PlanStepSpecSchema(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    routes: list[Channel] = []
    situations: list[Situation] = []
    sim: Sim | None = None
    application: bool | None = None
    offered: Channel | None = None
    lacks: Channel | None = None
    needs: list[str] = []
    title: str = Field(min_length=1)
    title_unknown: str | None = None
    text: str = Field(min_length=1)
    text_unknown: str | None = None

    @field_validator("title", "title_unknown", "text", "text_unknown")
    @classmethod
    def _known_slots(cls, value: str | None) -> str | None:
        unknown = sorted(set(SLOT.findall(value or "")) - SLOTS)
        if unknown:
            raise ValueError(f"unknown slot {', '.join(unknown)}; valid: {', '.join(sorted(SLOTS))}")
        return value

    @model_validator(mode="after")
    def _needs_are_slots(self) -> PlanStepSpecSchema:
        missing = [slot for slot in self.needs if slot not in SLOTS]
        if missing:
            raise ValueError(f"needs: unknown slot {', '.join(missing)}")
        for field in ("text_unknown", "title_unknown"):
            if set(SLOT.findall(getattr(self, field) or "")) & set(self.needs):
                raise ValueError(f"{field} uses a slot it is said without")
        if set(SLOT.findall(self.title)) & set(self.needs) and self.text_unknown and not self.title_unknown:
            raise ValueError("title uses a slot it may be said without: add title_unknown")
        return self


class PlanFileSchema(Model):
    step: list[PlanStepSpecSchema] = Field(min_length=1)


# Scripts (records in callprep.model.scripts)


class ScriptStepSchema(Model):
    say: list[str] = []
    hear: str | None = None
    answer: list[str] = []
    note: str | None = None
    sim: Sim | None = None
    situations: list[Situation] = []
    application: bool | None = None  # True: only when a filled application comes with the sheet
    offered: Channel | None = None  # only for a carrier that has this channel (e.g. stores)

    @model_validator(mode="after")
    def _says_or_hears(self) -> ScriptStepSchema:
        if bool(self.say) == bool(self.hear):
            raise ValueError("a step has either `say` or `hear` (with `answer`)")
        if self.hear and not self.answer:
            raise ValueError("a `hear` step needs at least one `answer`")
        return self


class SituationRulesSchema(Model):
    channels: list[Channel] = list(choices(Channel))
    add_documents: list[str] = []
    drop_documents: list[str] = []
    note: str | None = None


class ScriptsSchema(Model):
    hotline: list[ScriptStepSchema] = Field(min_length=1)
    store: list[ScriptStepSchema] = Field(min_length=1)
    chat: list[ScriptStepSchema] = Field(min_length=1)
    situations: dict[Situation, SituationRulesSchema]

    @model_validator(mode="after")
    def _every_situation(self) -> ScriptsSchema:
        missing = [name for name in choices(Situation) if name not in self.situations]
        if missing:
            raise ValueError(f"situations: missing {', '.join(missing)}")
        return self


# The call companion's branches (records in callprep.model.companion)


class BranchSpecSchema(Model):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    modes: list[CompanionMode] = Field(min_length=1)
    hear: str | None = None
    answer: list[str] = []
    say: list[str] = []
    note: str | None = None
    dial: bool = False

    @model_validator(mode="after")
    def _one_turn(self) -> BranchSpecSchema:
        if bool(self.say) == bool(self.hear):
            raise ValueError("a branch has either `say` or `hear` (with or without `answer`)")
        if len(set(self.modes)) != len(self.modes):
            raise ValueError("modes: a mode is listed twice")
        return self


class CompanionFlowSchema(Model):
    branch: list[BranchSpecSchema] = Field(min_length=1)


# The applications' wording (records in callprep.model.wording)


class WordingSchema(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class WordingFileSchema(RootModel[dict[str, dict[str, WordingSchema]]]):
    pass


# Speech words (record in callprep.model.spoken)


class SpeechWordsSchema(Model):
    number_stress: dict[str, str]
    spoken: dict[str, str]

    @field_validator("number_stress")
    @classmethod
    def _same_word_stressed(cls, table: dict[str, str]) -> dict[str, str]:
        for word, stressed in table.items():
            if strip_stress(stressed) != word:
                raise ValueError(f"{word!r}: {shown(stressed)} is not the same word with a stress mark")
            if stress_problems(stressed):
                raise ValueError(f"{word!r}: stress mark missing or misplaced in {shown(stressed)}")
        return table

    @field_validator("spoken")
    @classmethod
    def _stressed(cls, table: dict[str, str]) -> dict[str, str]:
        for token, spoken in table.items():
            if stress_problems(spoken):
                raise ValueError(f"{token!r}: stress mark missing or misplaced in {shown(spoken)}")
        return table
