"""The phrasebook in a real headless Chromium (Debian's), with the network off.

A missing browser is a failure, not a skip: `.ci/run` installs it. Set CALLPREP_CHROMIUM to use
another Chromium binary, and CALLPREP_SCREENSHOTS to a folder to keep the screenshots.
"""

import io
import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from callprep.cli import cli

CHROMIUM = os.environ.get("CALLPREP_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set CALLPREP_CHROMIUM",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    """A Chinese phrasebook with real offline audio (normal and slow) and the user's number."""
    folder = tmp_path_factory.mktemp("book")
    target = folder / "phrases.html"
    result = CliRunner().invoke(
        cli,
        [
            "phrasebook",
            "mts",
            "--lang",
            "zh",
            "--engine",
            "offline",
            "--my-number",
            "+7 912 345-67-89",
            "-o",
            str(target),
        ],
        env={"XDG_CACHE_HOME": str(folder / "cache")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture
def page(browser, book):
    """The phrasebook loaded from file:// with the network off; records requests and console errors."""
    context = browser.new_context(viewport=PHONE, offline=True)
    opened = context.new_page()
    opened.requests, opened.errors = [], []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.goto(book.as_uri())
    yield opened
    context.close()


def test_nothing_leaves_the_page(page):
    page.wait_for_load_state("load")
    outside = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert outside == []
    assert page.errors == []


def test_every_audio_decodes(page):
    count = page.locator("audio").count()
    assert count > 100  # every phrase, normal and slow
    page.wait_for_function(
        "() => [...document.querySelectorAll('audio')].every(a => a.readyState >= 1 && a.duration > 0)",
        timeout=30000,
    )
    durations = page.evaluate("() => [...document.querySelectorAll('audio')].map(a => a.duration)")
    assert min(durations) > 0.1 and max(durations) < 30


def test_play_button_plays(page):
    page.click("#p-greeting button.play:not(.slow)")
    page.wait_for_function(
        "() => { const a = document.getElementById('a-greeting'); return !a.paused || a.ended || a.currentTime > 0; }"
    )
    page.click("#p-thank_you button.play.slow")
    page.wait_for_function("() => document.getElementById('a-greeting').paused")  # the other stops
    assert page.errors == []


def test_show_to_staff_opens_and_closes(page):
    staff = page.locator("#staff")
    assert staff.is_hidden()
    page.click("#p-terminate_contract button.show")
    assert staff.is_visible()
    assert page.locator("#staff .big").inner_text() == "Я хочу́ расто́ргнуть догово́р с МТС и закры́ть но́мер."
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('#staff .big')).fontSize)")
    assert size >= 32
    page.click("#staff-close")
    assert staff.is_hidden()
    assert page.evaluate("() => document.activeElement.dataset.show") == "p-terminate_contract"
    page.click("#p-greeting button.show")
    page.keyboard.press("Escape")
    assert staff.is_hidden()
    assert page.errors == []


def test_print_has_phrases_and_no_buttons(page):
    from pypdf import PdfReader

    pdf = page.pdf(format="A4")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Zdrávstvuyte!" in text and "您好！" in text and "请说慢一点" in text.replace("⼀", "一")
    assert "▶" not in text and "给工作人员看" not in text and "播放" not in text


def test_accessibility(page):
    unlabeled = page.evaluate(
        "() => [...document.querySelectorAll('button')]"
        ".filter(b => !(b.getAttribute('aria-label') || b.textContent.trim())).length"
    )
    assert unlabeled == 0
    assert page.locator(".phrase .ru:not([lang='ru'])").count() == 0
    assert page.locator(".phrase .meaning:not([lang='zh'])").count() == 0
    assert page.get_attribute("html", "lang") == "zh"
    label = page.get_attribute("#p-greeting button.play:not(.slow)", "aria-label")
    assert label == "播放：您好！"
    ratios = page.evaluate(CONTRAST_JS)
    for selector, ratio in ratios.items():
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"


def test_personal_phrase_is_there_and_offline(page):
    assert "девятьсо́т двена́дцать" in page.locator("#p-my_number .ru").inner_text()


def test_screenshots(browser, book, tmp_path):
    keep = Path(os.environ.get("CALLPREP_SCREENSHOTS") or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, offline=True)
        shown = context.new_page()
        shown.goto(book.as_uri())
        shown.screenshot(path=str(keep / f"phrasebook-{name}.png"))
        shown.click("#p-here_passport button.show")
        shown.screenshot(path=str(keep / f"phrasebook-{name}-staff.png"))
        context.close()
    assert all((keep / f"phrasebook-{n}.png").stat().st_size > 10000 for n in ("phone", "desktop"))


CONTRAST_JS = """
() => {
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(v => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el) => {
    while (el) {
      const bg = getComputedStyle(el).backgroundColor;
      if (bg && !bg.endsWith(", 0)") && bg !== "transparent") return bg;
      el = el.parentElement;
    }
    return "rgb(255, 255, 255)";
  };
  const out = {};
  for (const sel of [".phrase .ru", ".phrase .translit", ".phrase .meaning", "button.play", "button.play.slow",
                     "button.show", "nav a", ".hint", "h2"]) {
    const el = document.querySelector(sel);
    const a = lum(getComputedStyle(el).color), b = lum(background(el));
    out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  return out;
}
"""


@pytest.mark.parametrize("kind", ["termination", "refund"])
@pytest.mark.parametrize("blank", [False, True])
def test_application_prints_on_one_a4_page(browser, tmp_path, kind, blank):
    """The application fills page 1 (with the signature and acceptance lines); the translation is page 2."""
    from profile_helpers import write
    from pypdf import PdfReader

    target = tmp_path / "application.html"
    source = ["--blank"] if blank else ["--profile", str(write(tmp_path / "me.toml"))]
    result = CliRunner().invoke(
        cli,
        ["application", "megafon", *source, "--kind", kind, "--lang", "zh", "-o", str(target)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    context = browser.new_context(offline=True)
    shown = context.new_page()
    shown.goto(target.as_uri())
    pages = PdfReader(io.BytesIO(shown.pdf(format="A4", prefer_css_page_size=True))).pages
    keep = os.environ.get("CALLPREP_SCREENSHOTS")
    if keep:
        shown.screenshot(path=str(Path(keep) / f"application-{kind}{'-blank' if blank else ''}.png"), full_page=True)
    context.close()
    assert len(pages) == 2
    # PDF text of CJK fonts may come back as compatibility radicals; NFKC folds most of them back.
    first, second = (unicodedata.normalize("NFKC", page.extract_text()) for page in pages)
    assert "ЗАЯВЛЕНИЕ" in first and "Отметка о принятии заявления" in first and "Подпись" in first
    assert "申请" not in first
    assert "请勿提交" in second and "申请" in second
