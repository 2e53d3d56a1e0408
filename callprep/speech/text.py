"""Text for speech: small pure steps that turn a displayed phrase into what an engine should say.

``SPOKEN`` keeps the stress marks, for an engine that can use them (the offline engine, see
``speech.stress``); ``PIPELINE`` (gTTS's) ends by removing them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from callprep.model.spoken import speech_words
from callprep.russian import say_tokens, strip_stress
from callprep.speech.numerals import number_words, phone_words

NUMBER = re.compile(r"\+?\d(?:[\d ()\-]*\d)?")


def expand_numbers(text: str) -> str:
    """Every number in ``text`` as Russian words: up to 999 as one number, longer ones and
    phone-like runs (with +, spaces or hyphens) group by group."""

    def say(match: re.Match) -> str:
        run = match.group()
        if len(run) <= 3 and run.isdigit():
            return number_words(int(run))
        return phone_words(run)

    return NUMBER.sub(say, text)


def spoken_latin(text: str) -> str:
    """Abbreviations and Latin tokens (SIM, SMS, МТС, t2...) replaced by how they are said in Russian."""
    return say_tokens(text, speech_words().spoken)


def drop_marks(text: str) -> str:
    """Quotes and the ellipsis that stands for what the user adds are not spoken."""
    text = text.replace("«", "").replace("»", "").replace("…", "")
    text = re.sub(r"\s*:\s*$", ".", text.strip())
    return re.sub(r"\s{2,}", " ", text).strip()


SPOKEN: tuple[Callable[[str], str], ...] = (drop_marks, spoken_latin, expand_numbers)
PIPELINE: tuple[Callable[[str], str], ...] = (*SPOKEN, strip_stress)


def for_speech(text: str, steps: Iterable[Callable[[str], str]] = PIPELINE) -> str:
    """The text an engine should speak, made by ``steps``; by default (gTTS's text) with no stress
    marks, and numbers and Latin tokens in words."""
    for step in steps:
        text = step(text)
    return text
