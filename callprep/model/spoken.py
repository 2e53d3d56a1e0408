"""The speech words file (data/speech.toml), validated: how number words are stressed, and how
the Latin tokens in the phrases (SIM, SMS, t2...) are said in Russian."""

from __future__ import annotations

from pydantic import field_validator

from callprep.model.datafile import Model, load_builtin, shown
from callprep.russian import stress_problems, strip_stress


class SpeechWords(Model):
    number_stress: dict[str, str]
    spoken: dict[str, str]

    @field_validator("number_stress")
    @classmethod
    def _same_word_stressed(cls, table: dict[str, str]) -> dict[str, str]:
        for word, stressed in table.items():
            if strip_stress(stressed) != word:
                raise ValueError(f"{word!r}: {shown(stressed)} is not the same word with a stress mark")
            if stress_problems(stressed):
                raise ValueError(f"{word!r}: stress mark missing or misplaced in {shown(stressed)}")
        return table

    @field_validator("spoken")
    @classmethod
    def _stressed(cls, table: dict[str, str]) -> dict[str, str]:
        for token, spoken in table.items():
            if stress_problems(spoken):
                raise ValueError(f"{token!r}: stress mark missing or misplaced in {shown(spoken)}")
        return table


def speech_words() -> SpeechWords:
    return load_builtin("speech.toml", SpeechWords)
