"""Text for speech: small pure steps that turn a displayed phrase into what an engine should say."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from functools import cache
from importlib import resources

from num2words import num2words

from callprep.russian import strip_stress

NUMBER = re.compile(r"\+?\d(?:[\d ()\-]*\d)?")
GROUP = re.compile(r"\+|\d+")


@cache
def _tables() -> dict[str, dict[str, str]]:
    text = (resources.files("callprep") / "data" / "speech.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def number_words(value: int) -> str:
    """A number from 0 to 999 in Russian words with stress marks: 250 -> 'две́сти пятьдеся́т'."""
    if not 0 <= value <= 999:
        raise ValueError(f"{value} is outside 0..999; read longer numbers in groups")
    stress = _tables()["number_stress"]
    return " ".join(stress[word] for word in num2words(value, lang="ru").split())


def group_words(group: str) -> str:
    """One written group of digits: '250' -> 'две́сти пятьдеся́т', '08' -> 'ноль во́семь'."""
    if group == "+":
        return _tables()["number_stress"]["плюс"]
    if len(group) > 3 or (group.startswith("0") and len(group) > 1):
        return " ".join(number_words(int(digit)) for digit in group)
    return number_words(int(group))


def phone_words(number: str) -> str:
    """A phone number said as a Russian says it, group by group as written.

    '+7 495 766-01-66' -> 'плюс семь, четы́реста девяно́сто пять, семьсо́т шестьдеся́т шесть, ноль оди́н, шестьдеся́т шесть'.
    A number written without separators (0890) is said digit by digit.
    """
    groups = GROUP.findall(number)
    if len(groups) == 1 and groups[0] != "+":
        return " ".join(number_words(int(digit)) for digit in groups[0])
    words = []
    for index, group in enumerate(groups):
        if group == "+" and index + 1 < len(groups):
            groups[index + 1] = "+" + groups[index + 1]
            continue
        if group.startswith("+"):
            words.append(f"{group_words('+')} {group_words(group[1:])}")
        else:
            words.append(group_words(group))
    return ", ".join(words)


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
    """Latin tokens (SIM, SMS, t2...) replaced by how they are said in Russian."""
    for token, spoken in sorted(_tables()["spoken"].items(), key=lambda item: -len(item[0])):
        text = re.sub(rf"(?<![\w-]){re.escape(token)}(?![\w])", spoken, text)
    return text


def drop_marks(text: str) -> str:
    """Quotes and the ellipsis that stands for what the user adds are not spoken."""
    text = text.replace("«", "").replace("»", "").replace("…", "")
    text = re.sub(r"\s*:\s*$", ".", text.strip())
    return re.sub(r"\s{2,}", " ", text).strip()


PIPELINE: tuple[Callable[[str], str], ...] = (drop_marks, spoken_latin, expand_numbers, strip_stress)


def for_speech(text: str, steps: Iterable[Callable[[str], str]] = PIPELINE) -> str:
    """The text an engine should speak: no stress marks, numbers and Latin tokens in words."""
    for step in steps:
        text = step(text)
    return text
