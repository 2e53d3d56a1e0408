"""The scripts by channel (what you say, what you may hear and answer) and the rules by situation."""

from __future__ import annotations

from pydantic import Field, model_validator

from callprep.model.datafile import Model, load_builtin
from callprep.model.types import Channel, Sim, Situation, choices


class ScriptStep(Model):
    """One turn of a script as the data gives it: phrase ids, limited to some cases."""

    say: list[str] = []
    hear: str | None = None
    answer: list[str] = []
    note: str | None = None
    sim: Sim | None = None
    situations: list[Situation] = []
    application: bool | None = None  # True: only when a filled application comes with the sheet
    offered: Channel | None = None  # only for a carrier that has this channel (e.g. stores)

    @model_validator(mode="after")
    def _says_or_hears(self) -> ScriptStep:
        if bool(self.say) == bool(self.hear):
            raise ValueError("a step has either `say` or `hear` (with `answer`)")
        if self.hear and not self.answer:
            raise ValueError("a `hear` step needs at least one `answer`")
        return self

    def applies(self, sim: str, situation: str, application: bool = False, offered: tuple = ()) -> bool:
        return (
            self.offered in (None, *offered)
            and self.sim in (None, sim)
            and (not self.situations or situation in self.situations)
            and self.application in (None, application)
        )


class SituationRules(Model):
    """What a situation changes: the channels that work, documents to add or drop, a note."""

    channels: list[Channel] = list(choices(Channel))
    add_documents: list[str] = []
    drop_documents: list[str] = []
    note: str | None = None


class Scripts(Model):
    hotline: list[ScriptStep] = Field(min_length=1)
    store: list[ScriptStep] = Field(min_length=1)
    chat: list[ScriptStep] = Field(min_length=1)
    situations: dict[Situation, SituationRules]

    @model_validator(mode="after")
    def _every_situation(self) -> Scripts:
        missing = [name for name in choices(Situation) if name not in self.situations]
        if missing:
            raise ValueError(f"situations: missing {', '.join(missing)}")
        return self


def scripts() -> Scripts:
    return load_builtin("scripts.toml", Scripts)
