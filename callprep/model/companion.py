"""The call companion's branches as the data gives them (data/companion.toml): phrase ids, never text."""

from __future__ import annotations

from functools import cache

from callprep.errors import DataFileError
from callprep.model.phrases import catalogue
from callprep.model.records import load_builtin_records, record
from callprep.model.types import CompanionMode


@record
class BranchSpec:
    """What may happen at any step of a mode: a turn of the scripts named by what staff say (``hear``
    alone), or a turn of its own (``hear`` with ``answer``, or ``say``); its button's English label."""

    id: str
    label: str
    modes: list[CompanionMode]
    hear: str | None
    answer: list[str]
    say: list[str]
    note: str | None
    dial: bool

    @property
    def from_script(self) -> bool:
        """The turn is the script's (its answers and note as the sheet has them)."""
        return bool(self.hear) and not self.answer

    def phrase_ids(self) -> list[str]:
        return ([self.hear] if self.hear else []) + self.answer + self.say


@record
class CompanionFlow:
    branch: list[BranchSpec]


def parse_flow(flow: CompanionFlow, path: str = "companion.toml") -> CompanionFlow:
    """The flow (records, or the schema's instance), once its ids are unique and every phrase id
    is in the catalogue."""
    seen: set[str] = set()
    known = catalogue()
    for index, spec in enumerate(flow.branch):
        if spec.id in seen:
            raise DataFileError(f"{path}: branch.{index}.id: {spec.id!r}: used twice; ids must be unique")
        seen.add(spec.id)
        ids = ([spec.hear] if spec.hear else []) + spec.answer + spec.say  # a schema's instance has no phrase_ids
        unknown = [phrase_id for phrase_id in ids if phrase_id not in known]
        if unknown:
            raise DataFileError(f"{path}: branch.{index}: unknown phrase {', '.join(map(repr, unknown))}")
        if spec.hear and known[spec.hear].speaker != "staff":
            raise DataFileError(f"{path}: branch.{index}.hear: {spec.hear!r}: staff say it, not you")
        said = [phrase_id for phrase_id in spec.answer + spec.say if known[phrase_id].speaker != "you"]
        if said:
            raise DataFileError(f"{path}: branch.{index}: {', '.join(map(repr, said))}: you say it, not staff")
    return flow


def validate_flow(label: str, text: str) -> CompanionFlow:
    from callprep.model.datafile import load_records
    from callprep.model.schema import CompanionFlowSchema

    return parse_flow(load_records(label, text, CompanionFlowSchema), label.rsplit("/", 1)[-1])


@cache
def companion_flow() -> CompanionFlow:
    """The built-in branches, checked against the phrase catalogue."""
    return load_builtin_records("companion.toml", CompanionFlow, validate_flow, also=("phrases.toml",))
