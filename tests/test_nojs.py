"""Every page works without JavaScript: on an iPhone a local HTML file opened from Files or a messenger runs
no script. Each page (a bundle's index, phrasebook and call companion with audio, the sheet, a phrasebook
without audio) is loaded twice in Debian's Chromium, JavaScript on and off, network off, at 390 × 844: nothing
leaves the page, no console error, no sideways scroll, every link goes somewhere that exists, and what the
page offers works with plain links and native controls. Set CALLPREP_SCREENSHOTS to a folder to keep the screenshots."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browser_helpers import PHONE
from click.testing import CliRunner
from test_browser import open_page, poll

from callprep.cli import cli

SCREENSHOTS = os.environ.get("CALLPREP_SCREENSHOTS")


def invoke(*args, cache: Path):
    result = CliRunner().invoke(cli, list(args), env={"XDG_CACHE_HOME": str(cache)}, catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The pages, by name: a Chinese MTS bundle with offline audio (index, phrasebook, companion, sheet), the English
    sheet from `callprep sheet … --format html`, and an English phrasebook without audio."""
    folder = tmp_path_factory.mktemp("pages")
    cache = folder / "cache"
    invoke("bundle", "mts", "--lang", "zh", "--engine", "offline", "-o", str(folder / "bundle"), cache=cache)
    invoke("sheet", "mts", "--format", "html", "-o", str(folder / "sheet.html"), cache=cache)
    invoke("phrasebook", "beeline", "--no-audio", "-o", str(folder / "phrasebook-no-audio.html"), cache=cache)
    return {
        "index": folder / "bundle" / "index.html",
        "phrasebook": folder / "bundle" / "phrasebook.html",
        "companion": folder / "bundle" / "companion.html",
        "bundle-sheet": folder / "bundle" / "sheet.html",
        "sheet": folder / "sheet.html",
        "phrasebook-no-audio": folder / "phrasebook-no-audio.html",
    }


PAGES = ["index", "phrasebook", "companion", "bundle-sheet", "sheet", "phrasebook-no-audio"]
MODES = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])

WIDER_THAN_SCREEN_JS = """
() => [...document.body.querySelectorAll('*')]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
"""


@MODES
@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_and_fits_a_phone(browser, pages, name, javascript):
    context, page = open_page(browser, pages[name], javascript)
    page.wait_for_load_state("load")
    outside = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert outside == []
    assert page.errors == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width} px wide at a {PHONE['width']} px viewport"
    assert page.evaluate(WIDER_THAN_SCREEN_JS) == []
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"nojs-{name}-js{int(javascript)}.png"))
    context.close()


@pytest.mark.parametrize("name", PAGES)
def test_every_link_goes_somewhere(browser, pages, name):
    """In-page links point at an id of the page; links to files point at files of the bundle."""
    context, page = open_page(browser, pages[name], False)
    hrefs = page.evaluate("() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    ids = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)"))
    context.close()
    assert hrefs
    for href in hrefs:
        parts = urlsplit(href)
        if parts.scheme in ("tel", "mailto"):
            continue
        assert not parts.scheme and not parts.netloc, f"{name}: a link out of the page: {href}"
        if parts.path:
            assert (pages[name].parent / unquote(parts.path)).is_file(), f"{name}: {href} is not a file"
        else:
            assert parts.fragment in ids, f"{name}: {href} points at no id"


@pytest.mark.parametrize("name", ["index", "bundle-sheet", "sheet"])
def test_needs_no_script(pages, name):
    assert "<script" not in pages[name].read_text(encoding="utf-8")


@MODES
def test_index_cards_are_plain_links(browser, pages, javascript):
    context, page = open_page(browser, pages["index"], javascript)
    cards = page.locator("a.card")
    assert cards.count() >= 4
    for box in (cards.nth(i).bounding_box() for i in range(cards.count())):
        assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    page.click("a.card[href='phrasebook.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("/phrasebook.html") and page.locator("article.phrase").count() > 80
    page.go_back()
    page.click("a.card[href='sheet.html']")
    page.wait_for_load_state("load")
    assert page.url.endswith("/sheet.html") and page.locator("#plan").is_visible()
    assert page.errors == []
    context.close()


@MODES
@pytest.mark.parametrize("name", ["phrasebook", "phrasebook-no-audio"])
def test_phrasebook_every_phrase_plays_and_shows(browser, pages, name, javascript):
    """Without JavaScript every phrase has visible native controls whose audio decodes, and a link to its
    big-letter view with a link back; with it, ▶ buttons replace the native controls."""
    context, page = open_page(browser, pages[name], javascript)
    phrases = page.locator("article.phrase").count()
    assert phrases > 80
    audio = page.locator("audio").count()
    assert audio == (2 * phrases if name == "phrasebook" else 0)
    if javascript:
        assert page.locator("audio:visible").count() == 0
        assert page.locator("button.play:visible").count() == audio
    else:
        assert page.locator("audio[controls]:visible").count() == audio
        assert page.locator("button:visible").count() == 0
    if audio:
        page.evaluate("() => document.querySelectorAll('audio').forEach(a => a.load())")
        poll(page, "() => [...document.querySelectorAll('audio')].every(a => a.readyState >= 1 && a.duration > 0)")
    views = page.evaluate(
        """() => [...document.querySelectorAll('article.phrase')].map(card => {
             const show = card.querySelector('a.show');
             const view = show && document.getElementById(show.getAttribute('href').slice(1));
             const close = view && view.querySelector('a.close');
             return {card: card.id, view: view && view.className, close: close && close.getAttribute('href'),
                     big: view && view.querySelector('.big').textContent === card.querySelector('.ru').textContent};
           })"""
    )
    for found in views:
        assert found == {"card": found["card"], "view": "staffview", "close": f"#{found['card']}", "big": True}
    last = views[-1]["card"]
    page.click(f"#{last} a.show")
    view = page.locator(f"#staff-{last[2:]}")
    assert view.is_visible() and view.bounding_box() == {"x": 0, "y": 0, **PHONE}
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"nojs-{name}-staff-js{int(javascript)}.png"))
    view.locator("a.close").click()
    poll(page, f"() => location.hash === '#{last}'", 5)
    assert view.is_hidden()
    assert page.errors == []
    context.close()
