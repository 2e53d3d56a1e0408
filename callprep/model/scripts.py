"""The scripts by channel (what you say, what you may hear and answer) and the rules by situation."""

from __future__ import annotations

from functools import cache

from callprep.model.records import load_builtin_records, record
from callprep.model.types import Channel, Sim, Situation


@record
class ScriptStep:
    """One turn of a script as the data gives it: phrase ids, limited to some cases."""

    say: list[str]
    hear: str | None
    answer: list[str]
    note: str | None
    sim: Sim | None
    situations: list[Situation]
    application: bool | None  # True: only when a filled application comes with the sheet
    offered: Channel | None  # only for a carrier that has this channel (e.g. stores)

    def applies(self, sim: str, situation: str, application: bool = False, offered: tuple = ()) -> bool:
        return (
            self.offered in (None, *offered)
            and self.sim in (None, sim)
            and (not self.situations or situation in self.situations)
            and self.application in (None, application)
        )


@record
class SituationRules:
    """What a situation changes: the channels that work, documents to add or drop, a note."""

    channels: list[Channel]
    add_documents: list[str]
    drop_documents: list[str]
    note: str | None


@record
class Scripts:
    hotline: list[ScriptStep]
    store: list[ScriptStep]
    chat: list[ScriptStep]
    situations: dict[Situation, SituationRules]


@cache
def scripts() -> Scripts:
    return load_builtin_records("scripts.toml", Scripts)
