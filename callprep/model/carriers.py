"""The carrier model and the loading of carrier data files (built-in and ``--data DIR``)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, StringConstraints, field_validator

from callprep.errors import N_, DataFileError, Msg, UnknownName
from callprep.model.common_facts import common_facts
from callprep.model.datafile import Model, load_toml, read_regular_file, shown
from callprep.model.facts import Days, Fact, Flag, Phone, SourcedStatement, TextFact
from callprep.model.phones import display_number
from callprep.model.types import CarrierKind, Channel, OnlineStatus, Origin, RefundRoute, choices

CARRIER_ID = re.compile(r"[a-z][a-z0-9-]{0,30}")
ORIGINS = choices(Origin)


class Names(Model):
    """How the carrier is called; the Russian case forms are used inside phrases."""

    en: str = Field(min_length=1, pattern=r"\S")
    ru: str = Field(min_length=1, pattern=r"\S")
    ru_gen: str = Field(min_length=1, pattern=r"\S")
    ru_ins: str = Field(min_length=1, pattern=r"\S")
    ru_prep: str = Field(min_length=1, pattern=r"\S")
    former: list[str] = []


class HotlineNumbers(Model):
    """The hotline number to dial from each origin, where one is sourced."""

    own_sim: Phone | None = None
    any_phone: Phone | None = None
    abroad: Phone | None = None


class VoiceMenu(Fact):
    """The keys to press in the voice menu, in order (each a digit, * or #), and what to say."""

    keys: list[Annotated[str, StringConstraints(pattern=r"^[0-9*#]$")]] | None = Field(default=None, min_length=1)
    words: str | None = None


class ChannelsOffered(Fact):
    """The ways this carrier ends a contract: a virtual operator may have no stores."""

    offered: list[Channel] = Field(min_length=1)

    @field_validator("offered")
    @classmethod
    def _once_each(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("a channel is listed twice")
        return value


class OnlineTermination(Fact):
    status: OnlineStatus


class DocumentList(Fact):
    """The document ids (see the catalogue in common.toml) a carrier's sources list for the counter."""

    required: list[str] = Field(min_length=1)
    optional: list[str] = []
    proxy: list[str] = []


class RefundRoutes(Fact):
    routes: list[RefundRoute] = Field(min_length=1)


class Carrier(Model):
    id: str
    names: Names
    kind: CarrierKind = "mno"
    channels: ChannelsOffered | None = None
    legal_entity: TextFact | None = None
    hotline: HotlineNumbers = HotlineNumbers()
    voice_menu: VoiceMenu | None = None
    app: TextFact | None = None
    online_termination: OnlineTermination | None = None
    termination_in_store: Flag | None = None
    no_debt_required: Flag | None = None
    documents: DocumentList | None = None
    refund: RefundRoutes | None = None
    inactivity_days: Days | None = None
    esim: Flag | None = None
    extra: list[SourcedStatement] = []

    @field_validator("id")
    @classmethod
    def _valid_id(cls, value: str) -> str:
        if not CARRIER_ID.fullmatch(value):
            raise ValueError("not a carrier id (lowercase letters, digits and '-')")
        return value

    def named_facts(self) -> list[tuple[str, Fact]]:
        """Every sourced fact of this carrier with its field path, in file order."""
        found: list[tuple[str, Fact]] = []
        for name in type(self).model_fields:
            value = getattr(self, name)
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


@dataclass(frozen=True)
class CarrierFile:
    path: str
    carrier: Carrier


def parse_carrier_file(path: str, text: str) -> Carrier:
    """Validate one carrier file's text; errors name the file and the field."""
    carrier = load_toml(path, text, Carrier)
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


def builtin_files() -> list[tuple[str, str]]:
    folder = resources.files("callprep") / "data" / "carriers"
    return sorted(
        (f"callprep/data/carriers/{entry.name}", entry.read_text(encoding="utf-8"))
        for entry in folder.iterdir()
        if entry.name.endswith(".toml")
    )


def folder_files(folder: Path) -> list[tuple[str, str]]:
    """(path, text) of each ``*.toml`` in ``folder``; a folder that cannot be read is an error."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if entry.name.endswith(".toml"))
    except OSError as exc:
        raise DataFileError(
            Msg(N_("%(folder)s: cannot read the folder: %(reason)s"), folder=repr(str(folder)), reason=exc.strerror)
        ) from None
    files = []
    for name in names:
        path = folder / name
        try:
            files.append((str(path), read_regular_file(path)))
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or Msg(N_("not UTF-8 text"))
            raise DataFileError(Msg(N_("%(file)s: cannot read: %(reason)s"), file=path, reason=reason)) from None
    return files


def is_carrier_text(text: str) -> bool:
    """Whether a TOML text is meant as a carrier file (it has ``id`` or ``names``). Other files in
    a data folder (a profile, notes) are skipped without a word of their content; a file that is
    not valid TOML counts as a carrier file, so that its error is shown."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return True
    return "id" in raw or "names" in raw


def load_files(files: list[tuple[str, str]]) -> list[CarrierFile]:
    return [CarrierFile(path, parse_carrier_file(path, text)) for path, text in files if is_carrier_text(text)]


def load_carriers(extra: Path | None = None) -> dict[str, Carrier]:
    """Built-in carriers, then those in ``extra``, which add to or replace them by id."""
    carriers = {item.carrier.id: item.carrier for item in load_files(builtin_files())}
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
                    origin: (display_number(phone.number, international=origin == "abroad") if phone else None)
                    for origin in ORIGINS
                    for phone in [getattr(carrier.hotline, origin)]
                },
                "checked": max(fact.checked for fact in facts).isoformat() if facts else None,
            }
        )
    return rows
