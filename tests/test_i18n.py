"""Catalogs: complete, current and compiled; language selection."""

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from callprep.errors import UnknownName
from callprep.i18n import LANGUAGES, SOURCE_LANGUAGE, language_from_environment, localizer, resolve_language

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "callprep" / "locales"
CATALOG_LANGUAGES = [lang for lang in LANGUAGES if lang != SOURCE_LANGUAGE]


def _po(language):
    with open(LOCALES / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle)


def _singular(message_id):
    """A plural entry (Click's, through ngettext) is named by its singular."""
    return message_id if isinstance(message_id, str) else message_id[0]


def _hashable(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _pot_ids():
    with open(LOCALES / "messages.pot", "rb") as handle:
        return {_singular(message.id) for message in read_po(handle) if message.id}


def test_pot_is_current():
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    extracted = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT),
            method_map,
            options_map,
            keywords=DEFAULT_KEYWORDS,  # as pybabel: _, N_...
        )
    }
    extracted = {m if isinstance(m, str) else m[0] for m in extracted}
    assert extracted == _pot_ids(), "messages.pot is stale: run the pybabel extract command in README.md"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_complete(language):
    catalog = _po(language)
    ids = {_singular(message.id) for message in catalog if message.id}
    assert ids == _pot_ids(), "run pybabel update (README.md)"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
        assert all(strings), f"{language}: empty translation for {message.id!r}"
        assert "fuzzy" not in message.flags, f"{language}: fuzzy translation for {message.id!r}"
        assert not message.check(catalog), f"{language}: {message.id!r}: {message.check(catalog)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_compiled_catalog_matches_po(language):
    folder = LOCALES / language / "LC_MESSAGES"
    with open(folder / "messages.mo", "rb") as handle:
        compiled = {_hashable(message.id): _hashable(message.string) for message in read_mo(handle) if message.id}
    source = {_hashable(message.id): _hashable(message.string) for message in _po(language) if message.id}
    assert compiled == source, "run: pybabel compile -d callprep/locales"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("zh", "zh"), ("zh_CN", "zh"), ("zh-Hans", "zh"), ("en_GB", "en"), ("en", "en")],
)
def test_resolve_language(given, expected):
    assert resolve_language(given) == expected


@pytest.mark.parametrize("given", ["fr", "xx", "ru"])
def test_unsupported_language(given):
    with pytest.raises(UnknownName):
        resolve_language(given)


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_TW:en", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),  # LC_ALL wins over LANG, as in gettext
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "C.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh", "LC_ALL": "C"}, "en"),  # gettext ignores LANGUAGE in the C locale
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_from_environment(environ, expected):
    assert language_from_environment(environ) == expected


def test_dates_are_localised():
    import datetime as dt

    day = dt.date(2026, 11, 26)
    assert localizer("zh").date(day) == "2026年11月26日"
    assert localizer("en").date(day) == "November 26, 2026"
