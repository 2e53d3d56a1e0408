"""The wording of the applications (data/forms.toml): by section and key, the Russian to submit
and the English msgid of the user's translation."""

from __future__ import annotations

from functools import cache

from callprep.model.records import load_builtin_records, record, validate_with


@record
class Wording:
    ru: str
    en: str


@cache
def wording() -> dict[str, dict[str, Wording]]:
    return load_builtin_records("forms.toml", dict, validate_with("WordingFileSchema"))
