"""Facts that hold for every carrier: eSIM, the rules for foreign citizens, the user's rights,
and the catalogue of documents (Russian name and English label by id)."""

from __future__ import annotations

from pydantic import Field

from callprep.model.datafile import Model, load_builtin
from callprep.model.facts import SourcedStatement


class ESimFacts(Model):
    """Why deleting the profile is not cancelling, and how to delete it once the contract has ended.
    ``iphone_warning`` and ``android_keeps_plan`` are what the phones themselves say when an eSIM is
    deleted; ``android_ru`` is the path with Android's Russian labels (the iPhone's were not found)."""

    not_termination: SourcedStatement
    iphone: SourcedStatement
    iphone_warning: SourcedStatement
    android: SourcedStatement
    android_ru: SourcedStatement
    android_keeps_plan: SourcedStatement


class DiallingFacts(Model):
    """Calling a carrier: ``from_abroad`` warns that 8-800 numbers are free only within Russia."""

    from_abroad: SourcedStatement


class DocumentKind(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class CommonFacts(Model):
    esim: ESimFacts
    dialling: DiallingFacts
    rules: list[SourcedStatement] = Field(min_length=1)
    legal: list[SourcedStatement] = Field(min_length=1)
    documents: dict[str, DocumentKind]


def common_facts() -> CommonFacts:
    return load_builtin("common.toml", CommonFacts)
