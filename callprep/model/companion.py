"""The call companion's branches as the data gives them (data/companion.toml): phrase ids, never text."""

from __future__ import annotations

from pydantic import Field, model_validator

from callprep.errors import DataFileError
from callprep.model.datafile import Model, load_builtin
from callprep.model.phrases import catalogue
from callprep.model.types import CompanionMode


class BranchSpec(Model):
    """What may happen at any step of a mode: a turn of the scripts named by what staff say (``hear``
    alone), or a turn of its own (``hear`` with ``answer``, or ``say``); its button's English label."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str = Field(min_length=1)
    modes: list[CompanionMode] = Field(min_length=1)
    hear: str | None = None
    answer: list[str] = []
    say: list[str] = []
    note: str | None = None
    dial: bool = False

    @model_validator(mode="after")
    def _one_turn(self) -> BranchSpec:
        if bool(self.say) == bool(self.hear):
            raise ValueError("a branch has either `say` or `hear` (with or without `answer`)")
        if len(set(self.modes)) != len(self.modes):
            raise ValueError("modes: a mode is listed twice")
        return self

    @property
    def from_script(self) -> bool:
        """The turn is the script's (its answers and note as the sheet has them)."""
        return bool(self.hear) and not self.answer

    def phrase_ids(self) -> list[str]:
        return ([self.hear] if self.hear else []) + self.answer + self.say


class CompanionFlow(Model):
    branch: list[BranchSpec] = Field(min_length=1)


def parse_flow(flow: CompanionFlow, path: str = "companion.toml") -> CompanionFlow:
    """The flow, once its ids are unique and every phrase id is in the catalogue."""
    seen: set[str] = set()
    known = catalogue()
    for index, spec in enumerate(flow.branch):
        if spec.id in seen:
            raise DataFileError(f"{path}: branch.{index}.id: {spec.id!r}: used twice; ids must be unique")
        seen.add(spec.id)
        unknown = [phrase_id for phrase_id in spec.phrase_ids() if phrase_id not in known]
        if unknown:
            raise DataFileError(f"{path}: branch.{index}: unknown phrase {', '.join(map(repr, unknown))}")
        if spec.hear and known[spec.hear].speaker != "staff":
            raise DataFileError(f"{path}: branch.{index}.hear: {spec.hear!r}: staff say it, not you")
        said = [phrase_id for phrase_id in spec.answer + spec.say if known[phrase_id].speaker != "you"]
        if said:
            raise DataFileError(f"{path}: branch.{index}: {', '.join(map(repr, said))}: you say it, not staff")
    return flow


def companion_flow() -> CompanionFlow:
    """The built-in branches, checked against the phrase catalogue."""
    return parse_flow(load_builtin("companion.toml", CompanionFlow))
