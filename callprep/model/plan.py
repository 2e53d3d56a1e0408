"""The plan's steps as the data gives them (data/plan.toml): when each applies and its words."""

from __future__ import annotations

import re
from functools import cache

from callprep.model.records import load_builtin_records, record
from callprep.model.types import Channel, Sim, Situation

MAX_STEPS = 7
SLOTS = frozenset({"carrier", "number", "number_any", "number_abroad", "app", "routes", "days", "poa", "say"})
SLOT = re.compile(r"%\((\w+)\)s")


@record
class PlanStepSpec:
    """One step of the plan: where it applies, the slots it needs, its English text."""

    id: str
    routes: list[Channel]
    situations: list[Situation]
    sim: Sim | None
    application: bool | None
    offered: Channel | None
    lacks: Channel | None
    needs: list[str]
    title: str
    title_unknown: str | None
    text: str
    text_unknown: str | None

    def applies(self, route: str, situation: str, sim: str, application: bool, offered: tuple[str, ...]) -> bool:
        return (
            (not self.routes or route in self.routes)
            and self.offered in (None, *offered)
            and (self.lacks is None or self.lacks not in offered)
            and (not self.situations or situation in self.situations)
            and self.sim in (None, sim)
            and self.application in (None, application)
        )


@record
class PlanFile:
    step: list[PlanStepSpec]


@cache
def plan_steps() -> list[PlanStepSpec]:
    return load_builtin_records("plan.toml", PlanFile).step
