"""The user's profile: one local TOML file with the data that goes into the applications.

Its values are personal: no error message, log line or cache name ever shows them. Errors name
the file and the field and say what form is expected, never what was written.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Literal

import phonenumbers
from babel import Locale
from pydantic import ConfigDict, Field, ValidationError, field_validator, model_validator
from stdnum import luhn

from callprep.errors import DataFileError
from callprep.model.datafile import Model, load_toml, read_regular_file
from callprep.model.phones import normalize_number

EXPECTED = {
    "name.latin": "your name in Latin letters, as in the passport",
    "name.cyrillic": "your name in Cyrillic letters (optional)",
    "citizenship": "a two-letter country code such as CN, UZ, TJ, KG (ISO 3166)",
    "passport.series": "the series, if your passport has one (letters and digits)",
    "passport.number": "the passport number: 5 to 20 letters and digits",
    "passport.issued": "the date of issue as YYYY-MM-DD, not in the future",
    "passport.issuer": "the authority that issued the passport, as written in it",
    "phone": "the Russian number you are cancelling, as +7 XXX XXX-XX-XX or 8 XXX XXX-XX-XX",
    "contract": "the contract number, if you know it (letters, digits, - and /)",
    "address": "your address in Russia, if any",
    "contact": "where the carrier can answer you: a phone number with its country code (+…) or an e-mail address",
    "refund.method": "bank_account, card or other_number",
    "refund.bik": "the bank's BIK: 9 digits",
    "refund.account": "the account number: 20 digits that match the BIK's control key",
    "refund.recipient": "the account holder's name",
    "refund.card": "the card number: 16 to 19 digits that pass the card checksum",
    "refund.number": "the other Russian phone number, as +7 XXX XXX-XX-XX",
}


class ProfileModel(Model):
    """The profile is written by hand: a date may be quoted ("2021-03-15") as well as bare."""

    model_config = ConfigDict(strict=False)


ACCOUNT_WEIGHTS = (7, 1, 3) * 8  # for the 3 BIK digits + 20 account digits (23 digits)


def account_matches_bik(bik: str, account: str) -> bool:
    """The control key of a Russian bank account (Bank of Russia rules): the last three digits of
    the BIK (for a bank) followed by the 20 account digits, weighted 7-1-3, sum to a multiple of 10."""
    digits = bik[-3:] + account
    return sum(int(d) * w % 10 for d, w in zip(digits, ACCOUNT_WEIGHTS, strict=False)) % 10 == 0


class Name(ProfileModel):
    latin: str = Field(min_length=2, max_length=120, pattern=r"^[A-Za-z][A-Za-z' .\-]*$")
    cyrillic: str | None = Field(default=None, min_length=2, max_length=120, pattern=r"^[А-Яа-яЁё][А-Яа-яЁё' .\-]*$")


class Passport(ProfileModel):
    series: str | None = Field(default=None, pattern=r"^[A-Za-z0-9]{1,10}$")
    number: str = Field(pattern=r"^[A-Za-z0-9]{5,20}$")
    issued: dt.date
    issuer: str = Field(min_length=2, max_length=200, pattern=r"\S.*\S")

    @field_validator("issued")
    @classmethod
    def _not_future(cls, value: dt.date) -> dt.date:
        if value > dt.date.today() or value.year < 1950:
            raise ValueError("in the future or implausibly old")
        return value


class RefundDetails(ProfileModel):
    """Where the carrier should send the remaining balance."""

    method: Literal["bank_account", "card", "other_number"]
    bik: str | None = Field(default=None, pattern=r"^\d{9}$")
    account: str | None = Field(default=None, pattern=r"^\d{20}$")
    recipient: str | None = Field(default=None, min_length=2, max_length=200)
    card: str | None = None
    number: str | None = None

    @field_validator("card")
    @classmethod
    def _card(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = re.sub(r"[\s-]", "", value)
        if not (digits.isdigit() and 16 <= len(digits) <= 19 and luhn.is_valid(digits)):
            raise ValueError("not a card number")
        return digits

    @field_validator("number")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        return None if value is None else normalize_number(value, short=False, region="RU")

    @model_validator(mode="after")
    def _complete(self) -> RefundDetails:
        needed = {"bank_account": ("bik", "account", "recipient"), "card": ("card",), "other_number": ("number",)}
        for field in needed[self.method]:
            if getattr(self, field) is None:
                raise ValueError(f"missing:{field}")
        if self.method == "bank_account" and not account_matches_bik(self.bik, self.account):
            raise ValueError("mismatch:account")
        return self


class Profile(ProfileModel):
    name: Name
    citizenship: str
    passport: Passport
    phone: str
    contract: str | None = Field(default=None, pattern=r"^[A-Za-z0-9А-Яа-я/\-.]{1,40}$")
    address: str | None = Field(default=None, min_length=5, max_length=300, pattern=r"\S.*\S")
    contact: str | None = None
    refund: RefundDetails | None = None

    @field_validator("contact")
    @classmethod
    def _contact(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if re.fullmatch(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}", value) and len(value) <= 254:
            return value
        try:
            parsed = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            raise ValueError("neither an e-mail address nor a phone number with its country code") from None
        if not phonenumbers.is_possible_number(parsed):
            raise ValueError("neither an e-mail address nor a phone number with its country code")
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)

    @field_validator("citizenship")
    @classmethod
    def _country(cls, value: str) -> str:
        code = value.strip().upper()
        # a real country (one with its own telephone numbering), not a region such as EU or QO
        if not re.fullmatch(r"[A-Z]{2}", code) or code not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError("unknown country code")
        if code not in Locale("ru").territories:
            raise ValueError("unknown country code")
        return code

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        return normalize_number(value, short=False, region="RU")

    def citizenship_in(self, locale: str) -> str:
        return Locale.parse(locale).territories[self.citizenship]


def _field_of(problem: dict) -> str:
    parts = [str(part) for part in problem["loc"]]
    message = problem.get("msg", "")
    for tag in ("missing:", "mismatch:"):
        if tag in message:
            parts.append(message.split(tag, 1)[1].strip())
    return ".".join(parts)


def _unknown_field(path: str, parent: tuple) -> str:
    """A field the profile does not have, named only by the known table it sits in."""
    table = ".".join(str(part) for part in parent)
    if table:
        valid = sorted({key.split(".")[1] for key in EXPECTED if key.startswith(table + ".")})
        return f"{path}: [{table}] has a field that is not a profile field; valid fields there: {', '.join(valid)}"
    valid = list(dict.fromkeys(key.split(".")[0] for key in EXPECTED))
    return f"{path}: a field or table that is not a profile field; valid: {', '.join(valid)}"


def explain(path: str, error: ValidationError) -> str:
    """One line per problem, naming the field and the expected form; never the value."""
    lines = []
    for problem in error.errors():
        field = _field_of(problem)
        if problem["type"] == "missing" or "missing:" in problem.get("msg", ""):
            what = "missing"
        elif problem["type"] == "extra_forbidden":
            lines.append(_unknown_field(path, problem["loc"][:-1]))  # the unknown key itself is never shown
            continue
        else:
            what = "not valid"
        lines.append(f"{path}: {field}: {what}; expected {EXPECTED.get(field, 'see callprep profile init')}")
    return "; ".join(lines)


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; errors name the file and field, never the values."""
    try:
        text = read_regular_file(path)
    except FileNotFoundError:
        raise DataFileError(f"{path}: no such profile; make one with: callprep profile init -o {path}") from None
    except (OSError, UnicodeDecodeError, DataFileError) as exc:
        raise DataFileError(f"{path}: cannot read the profile ({getattr(exc, 'strerror', None) or exc})") from None
    return load_toml(str(path), text, Profile, explain=explain, private=True)


def readable_by_others(path: Path) -> bool:
    """True when users other than the owner may read the profile (it holds passport data)."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


FIELDS = (
    "citizenship",
    "phone",
    "contract",
    "address",
    "contact",
    "name.latin",
    "name.cyrillic",
    "passport.series",
    "passport.number",
    "passport.issued",
    "passport.issuer",
)
OPTIONAL = frozenset({"contract", "address", "contact", "name.cyrillic", "passport.series"})
REFUND_FIELDS = {
    "bank_account": ("refund.bik", "refund.account", "refund.recipient"),
    "card": ("refund.card",),
    "other_number": ("refund.number",),
}


def nest(flat: dict[str, str]) -> dict:
    """{"name.latin": "X"} -> {"name": {"latin": "X"}}, leaving out empty values."""
    nested: dict = {}
    for path, value in flat.items():
        if value in ("", None):
            continue
        *tables, key = path.split(".")
        node = nested
        for table in tables:
            node = node.setdefault(table, {})
        node[key] = value
    return nested


def invalid_fields(flat: dict[str, str]) -> tuple[list[str], str | None]:
    """The dotted fields that fail validation, and the explanation (no values), or ([], None)."""
    raw = nest(flat)
    if "passport" in raw and "issued" in raw["passport"]:
        try:
            raw["passport"]["issued"] = dt.date.fromisoformat(raw["passport"]["issued"])
        except ValueError:
            return ["passport.issued"], f"passport.issued: not valid; expected {EXPECTED['passport.issued']}"
    try:
        Profile.model_validate(raw)
    except ValidationError as exc:
        return sorted({_field_of(problem) for problem in exc.errors()}), explain("profile", exc)
    return [], None
