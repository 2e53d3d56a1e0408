"""Numbers and phone numbers in Russian words, with stress marks (the words from our stress table)."""

from __future__ import annotations

import re

from callprep.model.spoken import speech_words

GROUP = re.compile(r"\+|\d+")
# Russian cardinals up to 999 are at most three words, hundreds, tens (or a teen) and units, as
# num2words writes them (tests/test_speechtext.py checks every one against it); stressed from
# data/speech.toml.
UNITS = ("ноль", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
TEENS = (
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
)
TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто")
HUNDREDS = ("", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот")


def cardinal(value: int) -> list[str]:
    """A number from 0 to 999 as Russian words without stress: 250 -> ['двести', 'пятьдесят']."""
    if value == 0:
        return [UNITS[0]]
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words = [HUNDREDS[hundreds]] if hundreds else []
    if tens == 1:
        return [*words, TEENS[units]]
    if tens:
        words.append(TENS[tens])
    if units:
        words.append(UNITS[units])
    return words


def number_words(value: int) -> str:
    """A number from 0 to 999 in Russian words with stress marks: 250 -> 'две́сти пятьдеся́т'."""
    if not 0 <= value <= 999:
        raise ValueError(f"{value} is outside 0..999; read longer numbers in groups")
    stress = speech_words().number_stress
    return " ".join(stress[word] for word in cardinal(value))


def group_words(group: str) -> str:
    """One written group of digits: '250' -> 'две́сти пятьдеся́т', '08' -> 'ноль во́семь'."""
    if group == "+":
        return speech_words().number_stress["плюс"]
    if len(group) > 3 or (group.startswith("0") and len(group) > 1):
        return " ".join(number_words(int(digit)) for digit in group)
    return number_words(int(group))


def short_number_words(digits: str) -> str:
    """Digits written as one run: up to four digits as a service number (0890, 611, 0500), longer runs
    digit by digit."""
    rest = digits.lstrip("0")
    if len(digits) > 4 or len(rest) > 3:
        return " ".join(number_words(int(digit)) for digit in digits)
    zeros = [number_words(0)] * (len(digits) - len(rest))
    return " ".join([*zeros, number_words(int(rest))] if rest else zeros)


def said_as(number: str) -> str | None:
    """How Russians say a short service number written as one run of digits (0890, 611), with
    stress marks; None for longer numbers, which are dialled rather than said."""
    digits = number.strip()
    if not digits.isdigit() or len(digits) > 4:
        return None
    return short_number_words(digits)


def phone_words(number: str) -> str:
    """A phone number said as a Russian says it, group by group as written.

    '+7 495 766-01-66' -> 'плюс семь, четы́реста девяно́сто пять, семьсо́т шестьдеся́т шесть, ноль оди́н, шестьдеся́т шесть'.
    A short service number is said as Russians say it: its leading zeros one by one, then the rest
    as one number (0890 -> 'ноль восемьсо́т девяно́сто'); a longer number without separators digit by digit.
    """
    groups = GROUP.findall(number)
    if len(groups) == 1 and groups[0] != "+":
        return short_number_words(groups[0])
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
