"""The speech words file (data/speech.toml), validated (:class:`callprep.model.schema.SpeechWordsSchema`):
how number words are stressed, and how the Latin tokens in the phrases (SIM, SMS, t2...) are said in Russian."""

from __future__ import annotations

from functools import cache

from callprep.model.records import load_builtin_records, record


@record
class SpeechWords:
    number_stress: dict[str, str]
    spoken: dict[str, str]


@cache
def speech_words() -> SpeechWords:
    return load_builtin_records("speech.toml", SpeechWords)
