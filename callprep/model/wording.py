"""The wording of the applications (data/forms.toml): by section and key, the Russian to submit
and the English msgid of the user's translation."""

from __future__ import annotations

from pydantic import Field, RootModel

from callprep.model.datafile import Model, load_builtin


class Wording(Model):
    ru: str = Field(min_length=1)
    en: str = Field(min_length=1)


class WordingFile(RootModel[dict[str, dict[str, Wording]]]):
    pass


def wording() -> dict[str, dict[str, Wording]]:
    return load_builtin("forms.toml", WordingFile).root
