"""Applications to the carrier (termination; refund of the balance), from a Profile or blank.

The wording lives in data/forms.toml (Russian to submit, English as the msgid for the user's
translation); this module only picks the pieces and fills in the values.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from babel.dates import format_date

from callprep.i18n import LANGUAGES, Localizer
from callprep.model.carriers import Carrier
from callprep.model.records import frozen
from callprep.model.types import ApplicationKind, choices
from callprep.model.wording import wording

if TYPE_CHECKING:  # a profile (pydantic, phonenumbers, python-stdnum) is loaded only with --profile
    from callprep.model.profile import Profile

KINDS = choices(ApplicationKind)
# Every fill-in line of the forms is here (the templates write none): a value to fill in, a short one
# (the signature), and the lines of the acceptance box that the carrier's clerk fills in.
LINE = "_" * 28
SHORT = "_" * 12
ACCEPTANCE_LINE = "_" * 30


@frozen
class Bilingual:
    """One piece of the application: the Russian to submit and its translation for the user."""

    ru: str
    local: str


@frozen
class FormField:
    """A labelled line of the form: "label: value", in both languages (the value may be a fill-in line)."""

    label: Bilingual
    value: Bilingual


@frozen
class Application:
    kind: str
    blank: bool
    carrier_en: str
    addressee: FormField
    fields: tuple[FormField, ...]
    title: Bilingual
    subject: Bilingual
    paragraphs: tuple[Bilingual, ...]
    refund_lines: tuple[Bilingual, ...]
    closing: Bilingual
    date: FormField
    signature: FormField
    acceptance: Bilingual
    acceptance_fields: tuple[FormField, ...]
    notice: Bilingual


class _Filler:
    """Fills the wording with values, in Russian and in the user's language."""

    def __init__(self, loc: Localizer):
        self.loc = loc

    def text(
        self, section: str, key: str, ru_values: dict | None = None, local_values: dict | None = None
    ) -> Bilingual:
        item = wording()[section][key]
        ru_values = ru_values or {}
        local_values = ru_values if local_values is None else local_values
        return Bilingual(
            item.ru % ru_values if ru_values else item.ru,
            self.loc.gettext(item.en) % local_values if local_values else self.loc.gettext(item.en),
        )

    def field(self, key: str, value_ru: str, value_local: str | None = None) -> FormField:
        value_local = value_ru if value_local is None else value_local
        return FormField(self.text("labels", key), Bilingual(value_ru, value_local))


def _passport(fill: _Filler, profile: Profile, issued_ru: str, issued_local: str) -> Bilingual:
    passport = profile.passport
    key = "with_series" if passport.series else "without_series"
    values = {"series": passport.series or "", "number": passport.number, "issuer": passport.issuer}
    return fill.text("passport", key, {**values, "issued": issued_ru}, {**values, "issued": issued_local})


def _route(fill: _Filler, profile: Profile) -> Bilingual | None:
    from callprep.model import phones

    refund = profile.refund
    if refund is None:
        return None
    values = {
        "recipient": refund.recipient or "",
        "bik": refund.bik or "",
        "account": refund.account or "",
        "card": refund.card or "",
        "number": phones.display_number(refund.number, international=True) if refund.number else "",
    }
    return fill.text("routes", refund.method, values)


def _blank_routes(fill: _Filler) -> tuple[Bilingual, ...]:
    values = {"line": LINE, "short": SHORT}
    return tuple(fill.text("routes", f"blank_{method}", values) for method in ("bank_account", "card", "other_number"))


def addressee_entity(carrier: Carrier) -> str | None:
    """The legal entity to address, or None for a line to fill in from the contract: absent, or so
    weakly sourced (low) that the user must read it off the contract rather than copy ours."""
    fact = carrier.legal_entity
    return fact.value if fact and fact.confidence != "low" else None


def build_application(
    kind: str,
    carrier: Carrier,
    loc: Localizer,
    profile: Profile | None = None,
    today: dt.date | None = None,
    proxy: bool = False,
) -> Application:
    """One application, filled from ``profile``, or blank (lines to fill in) without one.

    With ``proxy`` a representative submits it for the subscriber: the profile holds the
    subscriber's details, and the representative writes their own name, passport and power of
    attorney by hand; the request says «заключённый с …» (the subscriber), never «со мной»."""
    fill = _Filler(loc)
    entity = addressee_entity(carrier)
    addressee = (
        fill.field("to", entity)
        if entity
        else FormField(
            fill.text("labels", "to"),
            Bilingual(
                f"{LINE} ({wording()['labels']['not_verified_entity'].ru})",
                f"{LINE} ({loc.gettext(wording()['labels']['not_verified_entity'].en)})",
            ),
        )
    )
    blank = profile is None
    if blank:
        keys = ("applicant", "citizenship", "passport", "address", "phone", "contract", "contact")
        if proxy:
            keys = ("subscriber", "phone", "contract", "representative", "power_of_attorney", "contact")
        fields = tuple(fill.field(key, LINE) for key in keys)
        phone = LINE
        date = fill.field("date", LINE)
        name = LINE
    else:
        from callprep.model import phones

        day = today or dt.date.today()
        issued = profile.passport.issued
        issued_ru, issued_local = format_date(issued, format="long", locale="ru"), loc.date(issued)
        name = f"{profile.name.cyrillic} ({profile.name.latin})" if profile.name.cyrillic else profile.name.latin
        phone = phones.display_number(profile.phone, international=True)
        passport = _passport(fill, profile, issued_ru, issued_local)
        fields = [
            fill.field("subscriber" if proxy else "applicant", name),
            fill.field("citizenship", profile.citizenship_in("ru"), profile.citizenship_in(LANGUAGES[loc.language])),
            FormField(fill.text("labels", "passport"), passport),
        ]
        if profile.address and not proxy:
            fields.append(fill.field("address", profile.address))
        fields.append(fill.field("phone", phone))
        if profile.contract:
            fields.append(fill.field("contract", profile.contract))
        if proxy:
            fields += [fill.field("representative", LINE), fill.field("power_of_attorney", LINE)]
        fields.append(fill.field("contact", profile.contact or LINE))
        fields = tuple(fields)
        date = fill.field("date", format_date(day, format="long", locale="ru"), loc.date(day))
    contract_key = "with_number" if kind == "termination" else "of_number"
    contract = profile.contract if profile and profile.contract else None
    contract_text = fill.text("contract", contract_key, {"contract": contract}) if contract else Bilingual("", "")
    owner = LINE if blank else name
    request = fill.text(
        kind,
        "request_proxy" if proxy else "request",
        {"phone": phone, "contract": contract_text.ru, "owner": owner},
        {"phone": phone, "contract": contract_text.local, "owner": owner},
    )
    paragraphs = [request, fill.text(kind, "basis")]
    refund_lines: tuple[Bilingual, ...] = ()
    route = None if blank else _route(fill, profile)
    if kind == "termination":
        if route:
            paragraphs.append(fill.text("termination", "refund", {"route": route.ru}, {"route": route.local}))
        else:
            paragraphs.append(fill.text("termination", "refund_separate"))
    elif route:
        paragraphs.append(fill.text("refund", "route", {"route": route.ru}, {"route": route.local}))
    else:
        paragraphs.append(fill.text("refund", "choose"))
        refund_lines = _blank_routes(fill)
    return Application(
        kind=kind,
        blank=blank,
        carrier_en=carrier.names.en,
        addressee=addressee,
        fields=fields,
        title=fill.text(kind, "title"),
        subject=fill.text(kind, "subject"),
        paragraphs=tuple(paragraphs),
        refund_lines=refund_lines,
        closing=fill.text(kind, "copy"),
        date=date,
        signature=fill.field("signature", f"{SHORT} / {LINE if proxy else name} /"),  # the representative signs
        acceptance=fill.text("labels", "accepted"),
        acceptance_fields=tuple(
            fill.field(key, ACCEPTANCE_LINE) for key in ("accepted_by", "request_number", "date", "signature")
        ),
        notice=fill.text("notice", "translation"),
    )
