"""Phone numbers: the one parser (phonenumbers) for carrier data, profiles and options.

Messages never repeat the number: the caller adds it where showing it is safe.
"""

from __future__ import annotations

import re

import phonenumbers

SHORT_NUMBER = re.compile(r"\d{3,4}")
SEPARATORS = re.compile(r"[\s()\-]")
EXPECTED = "expected a short number of 3-4 digits, 8 XXX XXX-XX-XX or +<country> ..."
EXPECTED_FULL = "expected +7 XXX XXX-XX-XX or 8 XXX XXX-XX-XX"


def normalize_number(value: str, *, short: bool = True, region: str | None = None) -> str:
    """A short number (when ``short``) as its digits, any other number as E.164; with ``region``,
    only a number of that region (``RU``: Russia, not Kazakhstan's +7 7XX).

    >>> normalize_number("8 800 250-08-90")
    '+78002500890'
    """
    compact = SEPARATORS.sub("", value)
    if short and SHORT_NUMBER.fullmatch(compact):
        return compact
    expected = EXPECTED if short else EXPECTED_FULL
    if not re.fullmatch(r"\+?\d+", compact):  # no letters: phonenumbers would read them as a vanity number
        raise ValueError(f"not a phone number ({expected})")
    try:
        parsed = phonenumbers.parse(compact, "RU")
    except phonenumbers.NumberParseException:
        raise ValueError(f"not a phone number ({expected})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"not a valid phone number ({expected})")
    if region and phonenumbers.region_code_for_number(parsed) != region:
        raise ValueError(f"not a number of {region} ({expected})")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_number(number: str, *, international: bool = False) -> str:
    """Format a normalised number the way a Russian dials it (or as +7 ... from abroad)."""
    if SHORT_NUMBER.fullmatch(number):
        return number
    parsed = phonenumbers.parse(number, "RU")
    if international or parsed.country_code != 7:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return national.replace("(", "").replace(")", "")
