"""The CLDR data a document is formatted with (list patterns, dates), kept like the data files.

Babel reads a locale by unpickling its file and every parent's (root, zh, zh_Hans, zh_Hans_CN) and
merging them, some 130 kB of names, units and time zones, to format one list and a few dates: about
20 ms of every run. What callprep formats with is a few kilobytes of it; that part is kept in the
user's cache (:mod:`callprep.snapshots`) under the hash of the locale, Babel's version and callprep's
code, and a :class:`KeptLocale` reads it. Babel still does all the formatting, and anything not kept
(a country's name, a currency) is read from Babel's own data when it is asked for.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

import babel
from babel import Locale, localedata
from babel.core import parse_locale

from callprep.snapshots import code_key, kept_or_validated

# Babel's largest tables, which no document formats with: left to Babel's own data, read if asked.
NOT_KEPT = frozenset(
    {
        "compound_unit_patterns",
        "currency_names",
        "currency_names_plural",
        "currency_symbols",
        "date_fields",
        "languages",
        "meta_zones",
        "scripts",
        "territories",
        "time_zones",
        "unit_display_names",
        "unit_patterns",
        "variants",
        "zone_formats",
    }
)


def kept_subset(identifier: str) -> dict[str, Any]:
    """Babel's merged data for ``identifier`` without the tables in NOT_KEPT."""
    return {key: value for key, value in localedata.load(identifier).items() if key not in NOT_KEPT}


class KeptData(localedata.LocaleDataDict):
    """Babel's alias-resolving view over the kept data; a table that was not kept comes from
    Babel's full data for the locale, loaded when first asked for."""

    def __init__(self, kept: dict[str, Any], identifier: str):
        super().__init__(kept)
        self.kept = kept
        self.identifier = identifier
        self.full: localedata.LocaleDataDict | None = None

    def everything(self) -> localedata.LocaleDataDict:
        if self.full is None:
            self.full = localedata.LocaleDataDict(localedata.load(self.identifier))
        return self.full

    def __getitem__(self, key: Any) -> Any:
        if key in self.kept:
            return super().__getitem__(key)
        return self.everything()[key]

    def __contains__(self, key: object) -> bool:
        return key in self.kept or key in self.everything()


class KeptLocale(Locale):
    """A Babel locale that formats from the kept data (every Babel function takes it as a Locale).
    ``identifier`` is a full one, as Babel names its data (``zh_Hans_CN``: see :func:`kept_locale`)."""

    def __init__(self, identifier: str, kept: Mapping[str, Any]):
        super().__init__(*parse_locale(identifier))
        self.kept = KeptData(dict(kept), str(self))

    @property
    def _data(self) -> localedata.LocaleDataDict:
        return self.kept


def kept_locale(identifier: str) -> Locale:
    """The locale ``identifier`` reading its kept data; ``zh_CN`` is the ``zh_Hans_CN`` Babel
    resolves it to (an identifier Babel has a file for, as the registry's, is used as it is and
    needs none of Babel's global data)."""
    identifier = str(Locale.parse(identifier))
    digest = hashlib.sha256(code_key())
    digest.update(f"cldr\0{babel.__version__}\0{identifier}".encode())
    kept = kept_or_validated(digest.hexdigest(), identifier, b"", dict, lambda label, text: kept_subset(label))
    return KeptLocale(identifier, kept)
