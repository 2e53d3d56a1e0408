"""Facts shared by every carrier, the document catalogue, and the scripts by channel."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from callprep.errors import DataFileError
from callprep.model.facts import Model, Statement, format_validation_error

SITUATIONS = ("own", "passport_changed", "proxy", "sim_lost")
CHANNELS = ("hotline", "store", "online")


class ESimFacts(Model):
    not_termination: Statement
    iphone: Statement
    android: Statement


class DocumentKind(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class CommonFacts(Model):
    esim: ESimFacts
    rules: list[Statement] = Field(min_length=1)
    legal: list[Statement] = Field(min_length=1)
    documents: dict[str, DocumentKind]


class Step(Model):
    say: list[str] = []
    hear: str | None = None
    answer: list[str] = []
    note: str | None = None
    sim: Literal["physical", "esim"] | None = None
    situations: list[Literal["own", "passport_changed", "proxy", "sim_lost"]] = []
    application: bool | None = None  # True: only when a filled application comes with the sheet

    @model_validator(mode="after")
    def _says_or_hears(self) -> Step:
        if bool(self.say) == bool(self.hear):
            raise ValueError("a step has either `say` or `hear` (with `answer`)")
        if self.hear and not self.answer:
            raise ValueError("a `hear` step needs at least one `answer`")
        return self

    def applies(self, sim: str, situation: str, application: bool = False) -> bool:
        return (
            self.sim in (None, sim)
            and (not self.situations or situation in self.situations)
            and self.application in (None, application)
        )


class Situation(Model):
    channels: list[Literal["hotline", "store", "online"]] = list(CHANNELS)
    add_documents: list[str] = []
    drop_documents: list[str] = []
    note: str | None = None


class Scripts(Model):
    hotline: list[Step] = Field(min_length=1)
    store: list[Step] = Field(min_length=1)
    chat: list[Step] = Field(min_length=1)
    situations: dict[Literal["own", "passport_changed", "proxy", "sim_lost"], Situation]


def _load(name: str, model: type[Model]) -> Model:
    path = f"callprep/data/{name}"
    text = (resources.files("callprep") / "data" / name).read_text(encoding="utf-8")
    try:
        return model.model_validate(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(f"{path}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise DataFileError(format_validation_error(path, exc)) from exc


@cache
def common_facts() -> CommonFacts:
    return _load("common.toml", CommonFacts)


@cache
def scripts() -> Scripts:
    return _load("scripts.toml", Scripts)
