"""The kept CLDR data (callprep/cldr.py) formats exactly as Babel's own, and a run reads no more."""

import datetime as dt
import os
import subprocess
import sys

import pytest
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.lists import format_list

from callprep.cldr import NOT_KEPT, KeptLocale, kept_locale, kept_subset
from callprep.i18n import LANGUAGES

DATES = [dt.date(2026, month, day) for month in range(1, 13) for day in (1, 9, 28)] + [dt.date(1999, 12, 31)]


@pytest.mark.parametrize("identifier", sorted({*LANGUAGES.values(), "ru"}))
def test_kept_locale_formats_as_babel_does(identifier):
    kept, full = KeptLocale(identifier, kept_subset(identifier)), Locale.parse(identifier)
    assert str(kept) == str(full) and kept.language == full.language
    for items in (["A"], ["A", "B"], ["A", "B", "C"], ["A", "B", "C", "D"]):
        for style in ("standard", "or"):  # the two callprep uses
            assert format_list(items, style=style, locale=kept) == format_list(items, style=style, locale=full)
    for day in DATES:
        for style in ("short", "medium", "long", "full"):
            assert format_date(day, format=style, locale=kept) == format_date(day, format=style, locale=full)
        for skeleton in ("y", "yMMMM", "yMMMd", "MMMMd"):
            assert format_skeleton(skeleton, day, locale=kept) == format_skeleton(skeleton, day, locale=full)
    assert kept.plural_form(3) == full.plural_form(3)
    # what is not kept is still there, read from Babel's own data when asked for
    assert kept.territories["RU"] == full.territories["RU"] and kept.languages["ru"] == full.languages["ru"]


def test_the_kept_data_leaves_out_the_large_tables():
    kept = kept_subset("zh_Hans_CN")
    assert not NOT_KEPT & kept.keys() and {"list_patterns", "date_formats", "months"} <= kept.keys()


def test_a_sheet_reads_the_kept_data_not_babels_locale_files(tmp_path):
    """The first run keeps the subset; the next one formats its lists and dates without loading
    any of Babel's locale files (babel.localedata's cache stays empty)."""
    script = (
        "import sys\n"
        "from callprep.entry import main\n"
        "out = sys.argv[1]\n"
        "sys.argv = ['callprep', 'sheet', 'mts', '--lang', 'zh', '--situation', 'sim-lost', '-o', out]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "import babel.core\n"
        "from babel import localedata\n"
        "print(sorted(localedata._cache), babel.core._global_data is not None)\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [
        subprocess.run([sys.executable, "-c", script, str(tmp_path / name)], env=env, capture_output=True, text=True)
        for name in ("a.md", "b.md")
    ]
    assert all(run.returncode == 0 for run in runs), [run.stderr for run in runs]
    assert "zh_Hans_CN" in runs[0].stdout  # kept from Babel's data on the first run
    assert runs[1].stdout.strip() == "[] False"  # no locale file, nor Babel's global data
    assert (tmp_path / "a.md").read_bytes() == (tmp_path / "b.md").read_bytes()


def test_kept_locale_is_what_a_localizer_formats_with():
    from callprep.i18n import localizer

    assert isinstance(localizer("zh").locale, KeptLocale)
    assert str(kept_locale("uz_Latn_UZ")) == "uz_Latn_UZ"
    # a short identifier is the one Babel resolves it to, with that locale's data
    for short, full in (("zh_CN", "zh_Hans_CN"), ("uz_UZ", "uz_Latn_UZ"), ("ru", "ru")):
        locale = kept_locale(short)
        assert str(locale) == full and format_list(["A", "B"], locale=locale) == format_list(["A", "B"], locale=full)
