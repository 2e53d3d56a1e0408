"""Russian text helpers: stress marks and transliteration (Wikipedia scheme via iuliia)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache

import iuliia

STRESS = "\u0301"
VOWELS_RU = "аеёиоуыэюяАЕЁИОУЫЭЮЯ"
VOWELS_LATIN = "aeiouyAEIOUY"
WORD = re.compile(r"[А-Яа-яЁё\u0301]+(?:-[А-Яа-яЁё\u0301]+)*")
SCHEMA = iuliia.WIKIPEDIA


def strip_stress(text: str) -> str:
    """Remove the combining acute used to show stress (for speech, search and comparison)."""
    return text.replace(STRESS, "")


def stress_problems(text: str) -> list[str]:
    """Words that need exactly one stress mark and do not have it.

    A word needs one when it has two or more vowels and no ``ё`` (which is always stressed);
    all-capital abbreviations (МТС, SMS) and one-vowel words need none.
    """
    problems = []
    for match in WORD.finditer(text):
        word = match.group()
        letters = strip_stress(word)
        vowels = sum(1 for char in letters if char in VOWELS_RU)
        marks = word.count(STRESS)
        if marks and any(word[i - 1] not in VOWELS_RU for i, char in enumerate(word) if char == STRESS):
            problems.append(word)
        elif letters.isupper() and len(letters) > 1:
            continue
        elif "ё" in letters.lower():
            if marks:
                problems.append(word)
        elif (vowels >= 2 and marks != 1) or (vowels < 2 and marks):
            problems.append(word)
    return problems


def say_tokens(text: str, spoken: Mapping[str, str]) -> str:
    """Abbreviations and Latin tokens (SIM, SMS, МТС, t2...) replaced by how they are said in Russian."""
    for token, said in sorted(spoken.items(), key=lambda item: -len(item[0])):
        if token in text:  # most phrases hold none: no pattern to compile or run
            text = re.sub(rf"(?<![\w-]){re.escape(token)}(?![\w])", said, text)
    return text


def _mark_last_vowel(latin: str) -> str:
    for index in range(len(latin) - 1, -1, -1):
        if latin[index] in VOWELS_LATIN:
            return latin[: index + 1] + STRESS + latin[index + 1 :]
    return latin


@lru_cache(maxsize=4096)
def _transliterate_word(word: str) -> str:
    if STRESS not in word and sum(1 for char in word if char in VOWELS_RU) > 1:
        # ё is always stressed: show it like a marked vowel (ещё -> yeshchyó)
        index = max(word.find("ё"), word.find("Ё"))
        if index >= 0:
            word = word[: index + 1] + STRESS + word[index + 1 :]
    plain = strip_stress(word)
    latin = SCHEMA.translate(plain)
    if STRESS not in word:
        return latin
    head = word[: word.index(STRESS)]
    head_latin = SCHEMA.translate(head)
    if not latin.startswith(head_latin):
        return latin
    return _mark_last_vowel(head_latin) + latin[len(head_latin) :]


def transliterate(text: str, spoken: Mapping[str, str] | None = None) -> str:
    """Latin letters for reading Russian aloud, keeping the stress as an acute accent.

    ``spoken`` says how abbreviations and Latin tokens are said (SMS -> эс-эм-э́с); they are shown
    as said (es-em-és), since their letters are not read as in English.

    >>> transliterate("Здра́вствуйте!")
    'Zdrávstvuyte!'
    """
    if spoken:
        text = say_tokens(text, spoken)
    latin = WORD.sub(lambda match: _transliterate_word(match.group()), text)
    return unicodedata.normalize("NFC", latin)
