"""Facts that hold for every carrier: eSIM, the rules for foreign citizens, the user's rights,
and the catalogue of documents (Russian name and English label by id)."""

from __future__ import annotations

from pydantic import Field

from callprep.model.datafile import Model, load_builtin
from callprep.model.facts import SourcedStatement


class ESimFacts(Model):
    not_termination: SourcedStatement
    iphone: SourcedStatement
    android: SourcedStatement


class DocumentKind(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class CommonFacts(Model):
    esim: ESimFacts
    rules: list[SourcedStatement] = Field(min_length=1)
    legal: list[SourcedStatement] = Field(min_length=1)
    documents: dict[str, DocumentKind]


def common_facts() -> CommonFacts:
    return load_builtin("common.toml", CommonFacts)
