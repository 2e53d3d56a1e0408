"""The plan's steps as the data gives them (data/plan.toml): when each applies and its words."""

from __future__ import annotations

import re

from pydantic import Field, field_validator, model_validator

from callprep.model.datafile import Model, load_builtin
from callprep.model.types import Channel, Sim, Situation

MAX_STEPS = 7
SLOTS = frozenset({"carrier", "number", "number_any", "number_abroad", "app", "routes", "days", "poa", "say"})
SLOT = re.compile(r"%\((\w+)\)s")


class PlanStepSpec(Model):
    """One step of the plan: where it applies, the slots it needs, its English text."""

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
    def _needs_are_slots(self) -> PlanStepSpec:
        missing = [slot for slot in self.needs if slot not in SLOTS]
        if missing:
            raise ValueError(f"needs: unknown slot {', '.join(missing)}")
        for field in ("text_unknown", "title_unknown"):
            if set(SLOT.findall(getattr(self, field) or "")) & set(self.needs):
                raise ValueError(f"{field} uses a slot it is said without")
        if set(SLOT.findall(self.title)) & set(self.needs) and self.text_unknown and not self.title_unknown:
            raise ValueError("title uses a slot it may be said without: add title_unknown")
        return self

    def applies(self, route: str, situation: str, sim: str, application: bool, offered: tuple[str, ...]) -> bool:
        return (
            (not self.routes or route in self.routes)
            and self.offered in (None, *offered)
            and (self.lacks is None or self.lacks not in offered)
            and (not self.situations or situation in self.situations)
            and self.sim in (None, sim)
            and self.application in (None, application)
        )


class PlanFile(Model):
    step: list[PlanStepSpec] = Field(min_length=1)


def plan_steps() -> list[PlanStepSpec]:
    return load_builtin("plan.toml", PlanFile).step
