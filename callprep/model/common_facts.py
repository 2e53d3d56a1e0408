"""Facts that hold for every carrier: eSIM, the rules for foreign citizens, the user's rights,
and the catalogue of documents (Russian name and English label by id)."""

from __future__ import annotations

from functools import cache

from callprep.model.facts import SourcedStatement
from callprep.model.records import load_builtin_records, record


@record
class ESimFacts:
    """Why deleting the profile is not cancelling, and how to delete it once the contract has ended.
    ``iphone_warning`` and ``android_keeps_plan`` are what the phones themselves say when an eSIM is
    deleted; ``android_ru`` is the path with Android's Russian labels (the iPhone's were not found)."""

    not_termination: SourcedStatement
    iphone: SourcedStatement
    iphone_warning: SourcedStatement
    android: SourcedStatement
    android_ru: SourcedStatement
    android_keeps_plan: SourcedStatement


@record
class DiallingFacts:
    """Calling a carrier: ``from_abroad`` warns that 8-800 numbers are free only within Russia."""

    from_abroad: SourcedStatement


@record
class DocumentKind:
    ru: str
    en: str


@record
class CommonFacts:
    esim: ESimFacts
    dialling: DiallingFacts
    rules: list[SourcedStatement]
    legal: list[SourcedStatement]
    documents: dict[str, DocumentKind]


@cache
def common_facts() -> CommonFacts:
    return load_builtin_records("common.toml", CommonFacts)
