"""The carrier records and the loading of carrier data files (built-in and ``--data DIR``).

A built-in carrier comes from its validated snapshot (:mod:`callprep.model.records`); a carrier
asked for by id is read from ``<id>.toml`` alone, so one sheet costs the same however many carrier
files there are.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

from callprep.errors import N_, DataFileError, Msg, UnknownName
from callprep.model.common_facts import common_facts
from callprep.model.facts import Days, Fact, Flag, Phone, SourcedStatement, TextFact
from callprep.model.records import (
    DATA,
    builtin_label,
    frozen,
    load_builtin_records,
    read_regular_file,
    record,
    shown,
)
from callprep.model.types import CarrierKind, Channel, OnlineStatus, Origin, RefundRoute, choices

ORIGINS = choices(Origin)
CARRIERS = "carriers"  # the built-in carrier files' folder in callprep/data
CARRIER_ID = re.compile(r"[a-z][a-z0-9-]{0,30}")  # a carrier's id, and so the name of its file


@record
class Names:
    """How the carrier is called; the Russian case forms are used inside phrases."""

    en: str
    ru: str
    ru_gen: str
    ru_ins: str
    ru_prep: str
    former: list[str]


@record
class HotlineNumbers:
    """The hotline number to dial from each origin, where one is sourced."""

    own_sim: Phone | None
    any_phone: Phone | None
    abroad: Phone | None


@record
class VoiceMenu(Fact):
    keys: list[str] | None
    words: str | None


@record
class ChannelsOffered(Fact):
    """The ways this carrier ends a contract: a virtual operator may have no stores."""

    offered: list[Channel]


@record
class OnlineTermination(Fact):
    status: OnlineStatus


@record
class DocumentList(Fact):
    """The document ids (see the catalogue in common.toml) a carrier's sources list for the counter."""

    required: list[str]
    optional: list[str]
    proxy: list[str]


@record
class RefundRoutes(Fact):
    routes: list[RefundRoute]


@record
class Carrier:
    id: str
    names: Names
    kind: CarrierKind
    channels: ChannelsOffered | None
    legal_entity: TextFact | None
    hotline: HotlineNumbers
    voice_menu: VoiceMenu | None
    app: TextFact | None
    online_termination: OnlineTermination | None
    termination_in_store: Flag | None
    no_debt_required: Flag | None
    documents: DocumentList | None
    refund: RefundRoutes | None
    inactivity_days: Days | None
    esim: Flag | None
    extra: list[SourcedStatement]

    def named_facts(self) -> list[tuple[str, Fact]]:
        """Every sourced fact of this carrier with its field path, in file order."""
        found: list[tuple[str, Fact]] = []
        for field in dataclasses.fields(self):
            name, value = field.name, getattr(self, field.name)
            if isinstance(value, Fact):
                found.append((name, value))
            elif isinstance(value, HotlineNumbers):
                found.extend((f"hotline.{o}", getattr(value, o)) for o in ORIGINS if getattr(value, o))
            elif isinstance(value, list):
                found.extend((f"{name}.{i}", item) for i, item in enumerate(value) if isinstance(item, Fact))
        return found

    def offered_channels(self) -> tuple[str, ...]:
        """The channels this carrier ends contracts through; every channel when its data says nothing."""
        return tuple(self.channels.offered) if self.channels else choices(Channel)

    def facts(self) -> list[Fact]:
        return [fact for _, fact in self.named_facts()]


@frozen
class CarrierFile:
    path: str
    carrier: Carrier


def parse_carrier_file(path: str, text: str) -> Carrier:
    """Validate one carrier file's text; errors name the file and the field."""
    from callprep.model.datafile import load_records
    from callprep.model.schema import CarrierSchema

    carrier = load_records(path, text, CarrierSchema)
    stem = Path(path).stem
    if carrier.id != stem:
        raise DataFileError(
            Msg(
                N_("%(file)s: id: %(value)s: must match the file name %(stem)s"),
                file=path,
                value=repr(carrier.id),
                stem=repr(stem),
            )
        )
    check_documents(path, carrier)
    return carrier


def check_documents(path: str, carrier: Carrier) -> None:
    """Every document id a carrier lists must be in the document catalogue."""
    known = common_facts().documents
    docs = carrier.documents
    for field in ("required", "optional", "proxy"):
        for index, doc_id in enumerate(getattr(docs, field) if docs else []):
            if doc_id not in known:
                raise DataFileError(
                    Msg(
                        N_("%(file)s: %(field)s: %(value)s: unknown document; valid: %(valid)s"),
                        file=path,
                        field=f"documents.{field}.{index}",
                        value=shown(doc_id),
                        valid=", ".join(sorted(known)),
                    )
                )


def builtin_names() -> list[str]:
    """The built-in carrier files' names (``carriers/mts.toml``), sorted."""
    try:
        names = os.listdir(DATA / CARRIERS)
    except OSError as exc:  # a damaged install
        raise DataFileError(
            Msg(
                N_("%(folder)s: cannot read the folder: %(reason)s"),
                folder=repr(builtin_label(CARRIERS)),
                reason=exc.strerror,
            )
        ) from None
    return sorted(f"{CARRIERS}/{name}" for name in names if name.endswith(".toml"))


def builtin_files() -> list[tuple[str, str]]:
    """(label, text) of every built-in carrier file, for ``check-data``."""
    return [(builtin_label(name), (DATA / name).read_text(encoding="utf-8")) for name in builtin_names()]


def builtin_carrier(name: str) -> Carrier:
    """A built-in carrier file's record (validated once, then from its snapshot)."""
    return load_builtin_records(name, Carrier, parse_carrier_file, also=("common.toml",))


def folder_files(folder: Path) -> list[tuple[str, str]]:
    """(path, text) of each ``*.toml`` in ``folder``; a folder that cannot be read is an error."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".toml"))
    except OSError as exc:
        raise DataFileError(
            Msg(N_("%(folder)s: cannot read the folder: %(reason)s"), folder=repr(str(folder)), reason=exc.strerror)
        ) from None
    return [(str(folder / name), read_data_file(folder / name)) for name in names]


def read_data_file(path: Path) -> str:
    """The text of a ``--data`` file; one that cannot be read is an error that says why."""
    try:
        return read_regular_file(path)
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or Msg(N_("not UTF-8 text"))
        raise DataFileError(Msg(N_("%(file)s: cannot read: %(reason)s"), file=path, reason=reason)) from None


def is_carrier_text(text: str) -> bool:
    """Whether a TOML text is meant as a carrier file (it has ``id`` or ``names``). Other files in
    a data folder (a profile, notes) are skipped without a word of their content; a file that is
    not valid TOML counts as a carrier file, so that its error is shown."""
    import tomllib

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    return "id" in raw or "names" in raw


def load_files(files: list[tuple[str, str]]) -> list[CarrierFile]:
    return [CarrierFile(path, parse_carrier_file(path, text)) for path, text in files if is_carrier_text(text)]


def load_carriers(extra: Path | None = None) -> dict[str, Carrier]:
    """Built-in carriers, then those in ``extra``, which add to or replace them by id."""
    carriers = {carrier.id: carrier for carrier in map(builtin_carrier, builtin_names())}
    if extra is not None:
        added = load_files(folder_files(extra))
        if not added:
            raise DataFileError(
                Msg(
                    N_("--data %(folder)s: no carrier files (*.toml with id and names) in it"), folder=shown(str(extra))
                )
            )
        carriers.update({item.carrier.id: item.carrier for item in added})
    return dict(sorted(carriers.items()))


def carrier_named(name: str, extra: Path | None = None) -> Carrier:
    """The carrier called ``name`` (an id or a name, any case). An id is read from ``<id>.toml``
    alone, in ``extra`` first; any other name is looked up among all carriers (:func:`find_carrier`)."""
    wanted = name.strip().lower()
    if CARRIER_ID.fullmatch(wanted):
        if extra is None:
            if os.path.isfile(DATA / CARRIERS / f"{wanted}.toml"):
                return builtin_carrier(f"{CARRIERS}/{wanted}.toml")
        elif os.path.lexists(extra / f"{wanted}.toml"):
            path = extra / f"{wanted}.toml"
            text = read_data_file(path)
            if is_carrier_text(text):
                return parse_carrier_file(str(path), text)
    return find_carrier(load_carriers(extra), name)


def find_carrier(carriers: dict[str, Carrier], name: str) -> Carrier:
    """Look a carrier up by id or by a name (any case); raise with the close match."""
    wanted = name.strip().lower()
    for carrier in carriers.values():
        aliases = {carrier.id, carrier.names.en.lower(), *(n.lower() for n in carrier.names.former)}
        if wanted in aliases:
            return carrier
    raise UnknownName("carrier", name, list(carriers))


def carrier_rows(carriers: dict[str, Carrier]) -> list[dict]:
    """One row per carrier for ``callprep carriers``: names, hotline numbers, check date."""
    rows = []
    for carrier in carriers.values():
        facts = carrier.facts()
        rows.append(
            {
                "id": carrier.id,
                "en": carrier.names.en,
                "ru": carrier.names.ru,
                "former": list(carrier.names.former),
                "numbers": {
                    origin: (phone.display(abroad=origin == "abroad") if phone else None)
                    for origin in ORIGINS
                    for phone in [getattr(carrier.hotline, origin)]
                },
                "checked": max(fact.checked for fact in facts).isoformat() if facts else None,
            }
        )
    return rows
