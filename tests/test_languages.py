"""Languages beyond English and Chinese (uz, tg, ky): registered, complete, honest about their review,
transliteration by the reader's script, every document made in each, no English line left, and every
letter of the script drawn by a real font in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser

import pytest
from profile_helpers import write

from callprep.i18n import REGISTERED, UNREVIEWED, review_notice
from callprep.model.carriers import load_carriers

CARRIERS = list(load_carriers())
NEW = [code for code in REGISTERED if code not in ("en", "zh")]  # uz, tg, ky
# Letters of each script that Russian Cyrillic lacks: a missing font shows them as boxes.
OWN_LETTERS = {"tg": "ӣӯҳқғҷ ӢӮҲҚҒҶ", "ky": "ңөү ҢӨҮ", "uz": "oʻgʻ Oʻ Gʻ"}


def test_languages_command_lists_every_language(run):
    result = run("languages", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = {row["code"]: row for row in json.loads(result.stdout)}
    assert set(rows) == {"en", "zh", "uz", "tg", "ky"} == set(REGISTERED)
    assert (
        rows["uz"]["name"].startswith("o‘zbek") and rows["tg"]["name"] == "тоҷикӣ" and rows["ky"]["name"] == "кыргызча"
    )
    assert rows["tg"]["translit"] is False and rows["ky"]["translit"] is False and rows["uz"]["translit"] is True
    for code in NEW:
        assert rows[code]["status"] == "unreviewed" and rows[code]["reviewer"] == ""
        assert rows[code]["status_text"] == "not yet reviewed by a native speaker"
    assert rows["tg"]["script"] == rows["ky"]["script"] == "Cyrl" and rows["uz"]["script"] == "Latn"
    assert rows["zh"]["status"] == "reviewed" and rows["en"]["status"] == "source"
    text = run("languages").stdout
    assert len(text.splitlines()) == 5 and "тоҷикӣ (Tajik)" in text and "Cyrillic" not in text.split("uz")[0]


@pytest.mark.parametrize("language", NEW)
def test_unreviewed_line_in_the_language_and_in_english(run, language, tmp_path):
    translated, english = review_notice(language)
    assert english == UNREVIEWED and translated != english and translated.strip()
    sheet = run("sheet", "mts", "--lang", language, "--format", "html").stdout
    assert translated in sheet and english in sheet
    for fmt in ("md", "txt"):
        text = run("sheet", "mts", "--lang", language, "--format", fmt).stdout
        assert translated in text and english in text
    book = run("phrasebook", "mts", "--lang", language, "--no-audio", "-o", "-").stdout
    assert translated in book and english in book
    target = tmp_path / "application.html"
    assert run("application", "mts", "--blank", "--lang", language, "-o", str(target)).exit_code == 0
    html = target.read_text(encoding="utf-8")
    russian, translation = html.split('class="translation"', 1)
    assert translated not in russian and translated in translation  # the page to submit stays clean


@pytest.mark.parametrize("language", ["en", "zh"])
def test_reviewed_languages_carry_no_such_line(run, language):
    assert review_notice(language) is None
    assert UNREVIEWED not in run("sheet", "mts", "--lang", language).stdout


@pytest.mark.parametrize(
    ("language", "shown"),
    [(code, shown) for code, shown in (("uz", True), ("tg", False), ("ky", False), ("en", True)) if code in REGISTERED],
)
def test_transliteration_default_follows_the_script(run, language, shown):
    latin = "Zdrávstvuyte"
    assert (latin in run("sheet", "mts", "--lang", language).stdout) is shown
    assert latin in run("sheet", "mts", "--lang", language, "--translit").stdout
    assert latin not in run("sheet", "mts", "--lang", language, "--no-translit").stdout
    book = run("phrasebook", "mts", "--lang", language, "--no-audio", "--format", "md", "-o", "-").stdout
    assert (latin in book) is shown


class Lines(HTMLParser):
    """The lines a user reads, one per block element; Russian (lang="ru…") and scripts left out."""

    BLOCK = {"p", "li", "h1", "h2", "h3", "td", "th", "summary", "figcaption", "dt", "dd", "a", "button", "label"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []
        self.lines: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "img", "input", "meta", "link", "source", "hr", "wbr"):
            return
        attrs = dict(attrs)
        self.stack.append(
            tag in ("script", "style")
            or (attrs.get("lang") or "").startswith("ru")
            or "sources" in (attrs.get("class") or "").split()  # the sources, as the data names them
        )
        if tag in self.BLOCK:
            self.flush()

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
        if tag in self.BLOCK:
            self.flush()

    def handle_data(self, data):
        if not any(self.stack):
            self.current.append(data)

    def flush(self):
        line = " ".join("".join(self.current).split())
        if line:
            self.lines.append(line)
        self.current = []


def reading_lines(html: str) -> set[str]:
    parser = Lines()
    parser.feed(html)
    parser.flush()
    lines = set()
    for line in parser.lines:
        plain = re.sub(r"https?://\S+|\b[\w.-]+\.(ru|com|org|net)\S*|\[\d+\]|[\u0400-\u04ff\u0301«»]+", " ", line)
        if len(re.findall(r"[A-Za-z]{3,}", plain)) >= 2:  # a line of words, not a number, code or brand
            lines.add(line)
    return lines


def english_documents(run, tmp_path, carrier):
    return documents(run, tmp_path / "en", carrier, "en")


def documents(run, folder, carrier, language):
    folder.mkdir(parents=True, exist_ok=True)
    pages = {}
    for what, args in {
        "sheet": ("sheet", carrier, "--format", "html", "--sim", "esim"),
        "phrasebook": ("phrasebook", carrier, "--no-audio"),
        "companion": ("companion", carrier, "--no-audio"),
        "application": ("application", carrier, "--blank", "--kind", "refund"),
    }.items():
        target = folder / f"{what}.html"
        translit = () if what == "application" else ("--translit",)
        result = run(*args, "--lang", language, *translit, "-o", str(target))
        assert result.exit_code == 0, (language, what, result.output)
        pages[what] = target.read_text(encoding="utf-8")
    return pages


@pytest.mark.parametrize("carrier", CARRIERS)
@pytest.mark.parametrize("language", NEW)
def test_no_line_is_left_in_english(run, tmp_path, carrier, language):
    """Every document in uz, tg and ky, for every carrier: no line reads the same as in English,
    apart from sources, addresses, numbers and Russian (and the English half of the review line)."""
    english = english_documents(run, tmp_path, carrier)
    translated = documents(run, tmp_path / language, carrier, language)
    for what, html in translated.items():
        same = reading_lines(html) & reading_lines(english[what])
        same = {line for line in same if UNREVIEWED not in line and not SOURCE_LINE.search(line)}
        assert not same, f"{language} {what} of {carrier}: lines left in English: {sorted(same)[:8]}"


# A source as the data names it ("sovetclub.ru (translated page)", "Kommersant, reprinted by rambler.ru"):
# kept as written in every language.
SOURCE_LINE = re.compile(r"\.(ru|com|org|net)\b|^\[\d+\]")


@pytest.mark.parametrize("language", NEW)
def test_bundle_in_each_language(run, tmp_path, language):
    folder = tmp_path / f"mts-{language}"
    profile = write(tmp_path / "me.toml")
    result = run("bundle", "mts", "--lang", language, "--no-audio", "--profile", str(profile), "-o", str(folder))
    assert result.exit_code == 0, result.output
    names = {path.name for path in folder.iterdir()}
    assert {"index.html", "sheet.html", "sheet.md", "phrasebook.html", "companion.html"} <= names
    assert {"application-termination.html", "application-refund.html"} <= names
    translated, _english = review_notice(language)
    for name in ("index.html", "sheet.html", "phrasebook.html", "companion.html"):
        assert translated in (folder / name).read_text(encoding="utf-8"), name


@pytest.mark.parametrize("language", NEW)
def test_every_letter_is_drawn_by_a_real_font(browser, tmp_path, run, language):
    """Chromium at 390 px: the language's own letters come from an installed font that has them
    (no boxes); Chromium reports the font each glyph was drawn with."""
    from browser_helpers import PHONE

    target = tmp_path / "sheet.html"
    assert run("sheet", "mts", "--lang", language, "--format", "html", "-o", str(target)).exit_code == 0
    page = browser.new_page(viewport=PHONE)
    page.goto(target.as_uri())
    letters = [char for char in OWN_LETTERS[language] if not char.isspace()]
    page.evaluate(
        "(letters) => { for (const [i, c] of letters.entries()) { const p = document.createElement('p');"
        " p.id = 'letter-' + i; p.textContent = c; document.body.prepend(p); } }",
        letters,
    )
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument")["root"]["nodeId"]
    for index, char in enumerate(letters):
        node = session.send("DOM.querySelector", {"nodeId": root, "selector": f"#letter-{index}"})["nodeId"]
        fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        assert len(fonts) == 1, (char, fonts)
        family = fonts[0]["familyName"]
        # the font Chromium drew it with really has the letter (fontconfig says so): no box
        found = subprocess.run(
            ["fc-list", f"{family}:charset={ord(char):x}", "family"], capture_output=True, text=True, check=True
        ).stdout
        assert found.strip(), f"{char!r} (U+{ord(char):04X}) drawn with {family}, which lacks it"
    keep = __import__("os").environ.get("CALLPREP_SCREENSHOTS")
    if keep:
        page.screenshot(path=f"{keep}/sheet-{language}.png", full_page=False)
    # nothing scrolls sideways at 390 px
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.close()


def test_the_english_line_check_can_fail(run, tmp_path):
    """The same document in English shares its lines with itself: the comparison finds them."""
    english = english_documents(run, tmp_path, "mts")
    assert len(reading_lines(english["sheet"]) & reading_lines(english["sheet"])) > 50
    assert len(reading_lines(english["phrasebook"])) > 50


# The installed package, with its language registry and data read from a copy a test damages.
DAMAGED_INSTALL = (
    "import sys\n"
    "from pathlib import Path\n"
    "from callprep import snapshots\n"
    "snapshots.PACKAGE = Path(sys.argv[1])\n"
    "from callprep.entry import main\n"
    "sys.argv = ['callprep', *sys.argv[2:]]\n"
    "main()\n"
)


def package_copy(folder):
    """``folder`` with a copy of the package's locales and data (for DAMAGED_INSTALL)."""
    import shutil

    from callprep import snapshots

    for name in ("locales", "data"):
        shutil.copytree(snapshots.PACKAGE / name, folder / name)
    return folder


def run_damaged(folder, command, lang):
    import os
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(folder / "cache"), "LANG": lang}
    return subprocess.run(
        [sys.executable, "-c", DAMAGED_INSTALL, str(folder), *command], env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("damage", ["broken", "missing"])
def test_a_damaged_language_list_is_one_clear_error(tmp_path, damage):
    """A damaged install (languages.toml unreadable or gone): every command says so in one line and
    exits non-zero, without a traceback (the registry is read when first needed, inside the
    command line's error handling, not when callprep.i18n is imported)."""
    registry = package_copy(tmp_path) / "locales" / "languages.toml"
    if damage == "broken":
        registry.write_text(registry.read_text(encoding="utf-8") + "\nzh = { locale = \n", encoding="utf-8")
    else:
        registry.unlink()
    for command in (["sheet", "mts"], ["sheet", "mts", "--lang", "zh"], ["languages"], ["carriers"]):
        done = run_damaged(tmp_path, command, "zh_CN.UTF-8")
        assert done.returncode == 1, (command, done.stderr)
        assert "Traceback" not in done.stderr and done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "languages.toml is damaged" in lines[0] and "reinstall callprep" in lines[0], lines


def test_a_missing_carrier_folder_is_one_clear_error(tmp_path):
    """Another damaged install: the built-in carrier files are gone."""
    import shutil

    shutil.rmtree(package_copy(tmp_path) / "data" / "carriers")
    for command in (["sheet", "megafon"], ["carriers"], ["sheet", "МТС"]):
        done = run_damaged(tmp_path, command, "C.UTF-8")
        assert done.returncode == 1, (command, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "cannot read the folder" in lines[0] and "standard output" not in lines[0], lines
