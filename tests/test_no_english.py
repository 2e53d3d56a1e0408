"""A Chinese user sees no English: every document in zh, read as a user reads it, has no English word
outside what is not English to begin with (sources, addresses, Russian and its transliteration, brand
and product names, the labels of English phone menus quoted as such, option names)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from profile_helpers import write

from callprep.model.carriers import load_carriers

CARRIERS = list(load_carriers())

# Names that stay in Latin letters in Chinese text: brands, products, services, abbreviations of
# Russian terms that the clerk will recognise, and the option names of callprep itself.
ALLOWED = {
    *[
        "MTS",
        "MegaFon",
        "Beeline",
        "T2",
        "t2",
        "Tele2",
        "Yota",
        "T-Mobile",
        "T-Bank",
        "Gosuslugi",
        "SNILS",
        "INN",
        "BIK",
        "IMEI",
        "SIM",
        "eSIM",
        "SMS",
    ],
    *[
        "WeChat",
        "Telegram",
        "WhatsApp",
        "Viber",
        "Alipay",
        "iPhone",
        "iOS",
        "Android",
        "Pixel",
        "Samsung",
        "Google",
        "Play",
        "App",
        "Store",
        "Apple",
    ],
    *["gTTS", "eSpeak", "NG", "callprep", "JavaScript", "HTML", "PDF", "A4", "USB", "TLS", "Wi-Fi"],
    "captcha",  # 人机验证（captcha）: the word the carrier's page shows
    # callprep's own options, quoted in advice
    *["situation", "proxy", "channel", "store", "sim", "esim"],
}
# The eSIM appendix quotes the English labels of iPhone and Android menus on purpose: the user
# follows them on an English-language phone. They are allowed only in that appendix.
MENU_LABELS = re.compile(
    r"Settings|Cellular|Mobile Data|Delete eSIM|Remove Cellular Plan|Erase All Content and Settings|Network & internet"
    r"|SIMs|Erase SIM|Connections|SIM cards & mobile networks|Manage eSIM|SIM manager"
)
URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:ru|com|org|net|io|su|рф)(?:/\S*)?", re.I)
APP_ID = re.compile(r"\b[a-z]+(?:\.[a-z0-9]+)+\b|\bid\d+\b")  # store identifiers: ru.beeline.services, id569251594
WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*[A-Za-z0-9]|[A-Za-z]")


class Reader(HTMLParser):
    """The text a user reads: no scripts, styles or attributes; Russian and its transliteration
    (elements with lang="ru…"), sources and the eSIM appendix's quoted menu labels set aside."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        skipped = (
            tag in self.SKIP
            or (attrs.get("lang") or "").startswith("ru")
            or attrs.get("id") in ("sources", "src-list")
            or "sources" in (attrs.get("class") or "").split()
            or tag == "code"
        )
        if tag in ("br", "img", "input", "meta", "link", "source", "hr", "wbr"):
            return
        self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not any(skipped for _, skipped in self.stack):
            self.parts.append(data)


def english_words(html: str, sources: set[str]) -> list[str]:
    reader = Reader()
    reader.feed(html)
    text = " ".join(reader.parts)
    for source in sorted(sources, key=len, reverse=True):
        text = text.replace(source, " ")
    text = URL.sub(" ", text)
    text = APP_ID.sub(" ", text)
    text = MENU_LABELS.sub(" ", text)
    text = re.sub(r"--[a-z-]+", " ", text)  # option names
    text = re.sub(r"[\u0400-\u04ff\u0301]+", " ", text)  # Russian
    return [word for word in WORD.findall(text) if word not in ALLOWED and not re.fullmatch(r"[A-Z]", word)]


def all_sources() -> set[str]:
    from dataclasses import asdict

    from callprep.model.common_facts import common_facts

    found: set[str] = set()

    def collect(value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "sources":
                    found.update(item)
                else:
                    collect(item)
        elif isinstance(value, list):
            for item in value:
                collect(item)

    for carrier in load_carriers().values():
        collect(asdict(carrier))
    collect(asdict(common_facts()))
    return found


@pytest.fixture(scope="module")
def sources():
    return all_sources()


def check(html: str, sources: set[str], what: str) -> None:
    words = english_words(html, sources)
    assert not words, f"English in the zh {what}: {sorted(set(words))[:40]}"


@pytest.mark.parametrize("carrier", CARRIERS)
def test_sheet_has_no_english(run, carrier, sources):
    offered = load_carriers()[carrier].offered_channels()
    for situation in ("own", "proxy", "abroad", "sim-lost"):
        if situation == "proxy" and "store" not in offered:
            continue  # refused with a clear error: a representative needs a store
        result = run("sheet", carrier, "--lang", "zh", "--format", "html", "--situation", situation, "--sim", "esim")
        assert result.exit_code == 0, result.output
        check(result.stdout, sources, f"sheet of {carrier} ({situation})")


@pytest.mark.parametrize("carrier", CARRIERS)
def test_phrasebook_companion_and_applications_have_no_english(run, carrier, sources, tmp_path):
    profile = write(tmp_path / "me.toml")
    pages = {
        "phrasebook": ("phrasebook", carrier, "--no-audio"),
        "companion": ("companion", carrier, "--no-audio"),
        "blank application": ("application", carrier, "--blank"),
        "proxy application": ("application", carrier, "--blank", "--situation", "proxy", "--kind", "refund"),
        "application": ("application", carrier, "--profile", str(profile)),
    }
    for what, args in pages.items():
        target = tmp_path / f"{what}.html"
        result = run(*args, "--lang", "zh", "-o", str(target))
        assert result.exit_code == 0, (what, result.output)
        check(target.read_text(encoding="utf-8"), sources, f"{what} of {carrier}")


def test_the_check_finds_english(sources):
    """The test can fail: an English sentence in Chinese text, or in a Russian element's neighbour, is found."""
    assert english_words("<p>请带上护照 and the SIM card</p>", sources) == ["and", "the", "card"]
    assert english_words('<p lang="ru">Здра́вствуйте</p><p lang="ru-Latn">Zdrávstvuyte</p>', sources) == []
    assert english_words("<p>见 sovetclub.ru/page 和 MTS</p>", sources) == []
    assert english_words("<p>Settings → Cellular</p>", sources) == []
