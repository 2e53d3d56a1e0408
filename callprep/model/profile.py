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

from callprep.errors import N_, DataFileError, Joined, Message, Msg
from callprep.model.datafile import Model, load_toml, read_regular_file
from callprep.model.phones import normalize_number

# What each field holds, in the user's words (the questions of ``profile init``) and the form expected
# (errors and questions). Both are translated where they are shown.
LABELS = {
    "name.latin": N_("Your name in Latin letters"),
    "name.cyrillic": N_("Your name in Cyrillic letters"),
    "citizenship": N_("Citizenship"),
    "passport.series": N_("Passport series"),
    "passport.number": N_("Passport number"),
    "passport.issued": N_("Passport date of issue"),
    "passport.issuer": N_("Passport issued by"),
    "phone": N_("The Russian number you are cancelling"),
    "contract": N_("Contract number"),
    "address": N_("Your address in Russia"),
    "contact": N_("Your phone or e-mail for the carrier's reply"),
    "refund.method": N_("Refund of the remaining balance"),
    "refund.bik": N_("Bank BIK"),
    "refund.account": N_("Bank account number"),
    "refund.recipient": N_("Account holder"),
    "refund.card": N_("Card number"),
    "refund.number": N_("The other Russian phone number"),
}
# The short hint after each question of ``profile init``.
FORMS = {
    "name.latin": N_("as in the passport"),
    "name.cyrillic": N_("optional"),
    "citizenship": N_("two letters, such as CN"),
    "passport.series": N_("optional"),
    "passport.number": N_("5 to 20 letters and digits"),
    "passport.issued": N_("YYYY-MM-DD"),
    "passport.issuer": N_("as written in the passport"),
    "phone": N_("+7 XXX XXX-XX-XX"),
    "contract": N_("optional"),
    "address": N_("optional"),
    "contact": N_("optional: a phone number with its country code, or an e-mail address"),
    "refund.bik": N_("9 digits"),
    "refund.account": N_("20 digits"),
    "refund.recipient": N_("the name, as the bank has it"),
    "refund.card": N_("16 to 19 digits"),
    "refund.number": N_("+7 XXX XXX-XX-XX"),
}
EXPECTED = {
    "name.latin": N_("your name in Latin letters, as in the passport"),
    "name.cyrillic": N_("your name in Cyrillic letters (optional)"),
    "citizenship": N_("a two-letter country code such as CN, UZ, TJ, KG (ISO 3166)"),
    "passport.series": N_("the series, if your passport has one (letters and digits)"),
    "passport.number": N_("the passport number: 5 to 20 letters and digits"),
    "passport.issued": N_("the date of issue as YYYY-MM-DD, not in the future"),
    "passport.issuer": N_("the authority that issued the passport, as written in it"),
    "phone": N_("the Russian number you are cancelling, as +7 XXX XXX-XX-XX or 8 XXX XXX-XX-XX"),
    "contract": N_("the contract number, if you know it (letters, digits, - and /)"),
    "address": N_("your address in Russia, if any"),
    "contact": N_(
        "where the carrier can answer you, not the number you are cancelling: "
        "a phone number with its country code (+…) or an e-mail address"
    ),
    "refund.method": N_("bank_account, card or other_number"),
    "refund.bik": N_("the bank's BIK: 9 digits"),
    "refund.account": N_("the account number: 20 digits that match the BIK's control key"),
    "refund.recipient": N_("the account holder's name"),
    "refund.card": N_("the card number: 16 to 19 digits that pass the card checksum"),
    "refund.number": N_("the other Russian phone number, as +7 XXX XXX-XX-XX"),
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

    @model_validator(mode="after")
    def _contact_is_another_number(self) -> Profile:
        """The number being cancelled stops working: it cannot be where the carrier answers."""
        if self.contact and re.sub(r"\D", "", self.contact) == re.sub(r"\D", "", self.phone):
            raise ValueError("mismatch:contact")
        return self

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


def _unknown_field(path: str, parent: tuple) -> Msg:
    """A field the profile does not have, named only by the known table it sits in."""
    table = ".".join(str(part) for part in parent)
    if table:
        valid = sorted({key.split(".")[1] for key in EXPECTED if key.startswith(table + ".")})
        return Msg(
            N_("%(file)s: [%(table)s] has a field that is not a profile field; valid fields there: %(valid)s"),
            file=path,
            table=table,
            valid=", ".join(valid),
        )
    valid = list(dict.fromkeys(key.split(".")[0] for key in EXPECTED))
    return Msg(
        N_("%(file)s: a field or table that is not a profile field; valid: %(valid)s"),
        file=path,
        valid=", ".join(valid),
    )


def expected(field: str) -> Msg:
    return Msg(EXPECTED[field]) if field in EXPECTED else Msg(N_("see callprep profile init"))


def _is_missing(problem: dict) -> bool:
    return problem["type"] == "missing" or "missing:" in problem.get("msg", "")


def explain(path: str, error: ValidationError) -> Joined:
    """One line per problem, naming the field and the expected form; never the value."""
    lines: list[Message] = []
    for problem in error.errors():
        field = _field_of(problem)
        if problem["type"] == "extra_forbidden":
            lines.append(_unknown_field(path, problem["loc"][:-1]))  # the unknown key itself is never shown
            continue
        template = (
            N_("%(file)s: %(field)s: missing; expected %(expected)s")
            if _is_missing(problem)
            else N_("%(file)s: %(field)s: not valid; expected %(expected)s")
        )
        lines.append(Msg(template, file=path, field=field, expected=expected(field)))
    return Joined(lines)


def load_profile(path: Path) -> Profile:
    """Read and validate a profile; errors name the file and field, never the values."""
    try:
        text = read_regular_file(path)
    except FileNotFoundError:
        raise DataFileError(
            Msg(N_("%(file)s: no such profile; make one with: callprep profile init -o %(file)s"), file=path)
        ) from None
    except (OSError, UnicodeDecodeError, DataFileError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "message", None) or exc
        if isinstance(exc, UnicodeDecodeError):
            reason = Msg(N_("not UTF-8 text"))
        raise DataFileError(
            Msg(N_("%(file)s: cannot read the profile (%(reason)s)"), file=path, reason=reason)
        ) from None
    return load_toml(str(path), text, Profile, explain=explain, private=True)


def readable_by_others(path: Path) -> bool:
    """True when users other than the owner may read the profile (it holds passport data)."""
    try:
        return bool(path.stat().st_mode & 0o077)
    except OSError:
        return False


# The order of the questions: who you are, your passport, the number, then the rest.
FIELDS = (
    "name.latin",
    "name.cyrillic",
    "citizenship",
    "passport.series",
    "passport.number",
    "passport.issued",
    "passport.issuer",
    "phone",
    "contract",
    "address",
    "contact",
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


def _answer_problem(field: str, missing: bool) -> Msg:
    """Why an answer to ``profile init`` is refused, by the question's label (never the value)."""
    template = (
        N_("%(label)s: missing; expected %(expected)s")
        if missing
        else N_("%(label)s: not valid; expected %(expected)s")
    )
    return Msg(template, label=Msg(LABELS.get(field, field)), expected=expected(field))


def invalid_fields(flat: dict[str, str]) -> tuple[list[str], list[Msg]]:
    """The dotted fields that fail validation, in the order they are asked, and one explanation
    each (no values); ([], []) when all are valid."""
    raw = nest(flat)
    if "passport" in raw and "issued" in raw["passport"]:
        try:
            raw["passport"]["issued"] = dt.date.fromisoformat(raw["passport"]["issued"])
        except ValueError:
            return ["passport.issued"], [_answer_problem("passport.issued", missing=False)]
    try:
        Profile.model_validate(raw)
    except ValidationError as exc:
        problems = {_field_of(problem): _is_missing(problem) for problem in exc.errors()}
        order = [*FIELDS, "refund.method", *(field for fields in REFUND_FIELDS.values() for field in fields)]
        fields = sorted(problems, key=lambda field: order.index(field) if field in order else len(order))
        return fields, [_answer_problem(field, problems[field]) for field in fields]
    return [], []
