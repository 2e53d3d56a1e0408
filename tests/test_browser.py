"""The phrasebook in a real headless Chromium (Debian's), with the network off, with JavaScript on and off:
without it, native audio controls, the big-letter view by a link (:target) and plain section links; with it,
one-tap ▶ buttons instead of the native controls.

A missing browser is a failure, not a skip: `.ci/run` installs it. Set CALLPREP_CHROMIUM to use
another Chromium binary, and CALLPREP_SCREENSHOTS to a folder to keep the screenshots.
"""

import io
import os
import time
import unicodedata
from pathlib import Path

import pytest
from browser_helpers import DESKTOP, PHONE, contrast
from click.testing import CliRunner

from callprep.cli import cli


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


def poll(page, expression: str, timeout: float = 30.0):
    """Evaluate ``expression`` until it is truthy. ``page.wait_for_function`` polls from inside the page, which
    does not run with JavaScript off; ``page.evaluate`` still works there for test code."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression)
        if value or time.monotonic() > deadline:
            assert value, f"still false after {timeout} s: {expression}"
            return value
        time.sleep(0.05)


def open_page(browser, path: Path, javascript: bool, viewport=PHONE):
    """``path`` loaded from file:// with the network off; records requests and console errors."""
    context = browser.new_context(viewport=viewport, offline=True, java_script_enabled=javascript)
    opened = context.new_page()
    opened.requests, opened.errors = [], []
    opened.on("request", lambda request: opened.requests.append(request.url))
    opened.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.goto(path.as_uri())
    return context, opened


@pytest.fixture(params=[True, False], ids=["js", "nojs"])
def page(request, browser, book):
    """The phrasebook with JavaScript on (``page.javascript``) and off."""
    context, opened = open_page(browser, book, request.param)
    opened.javascript = request.param
    yield opened
    context.close()


@pytest.fixture
def js_page(browser, book):
    context, opened = open_page(browser, book, True)
    yield opened
    context.close()


@pytest.fixture
def nojs_page(browser, book):
    context, opened = open_page(browser, book, False)
    yield opened
    context.close()


def test_nothing_leaves_the_page(page):
    page.wait_for_load_state("load")
    outside = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert outside == []
    assert page.errors == []
    assert page.evaluate("document.documentElement.classList.contains('js')") == page.javascript


def test_every_audio_decodes(page):
    count = page.locator("audio").count()
    assert count > 100  # every phrase, normal and slow
    assert page.locator("audio:not([preload='none'])").count() == 0  # nothing decoded before a tap
    page.evaluate("() => document.querySelectorAll('audio').forEach(a => a.load())")
    poll(page, "() => [...document.querySelectorAll('audio')].every(a => a.readyState >= 1 && a.duration > 0)")
    durations = page.evaluate("() => [...document.querySelectorAll('audio')].map(a => a.duration)")
    assert min(durations) > 0.1 and max(durations) < 30


def test_without_javascript_every_phrase_has_native_controls(nojs_page):
    """Each phrase: a visible, labelled native control for normal and slow speed; no dead ▶ buttons."""
    page = nojs_page
    phrases = page.locator("article.phrase")
    assert phrases.count() > 80
    assert page.locator("button").count() > 0 and page.locator("button:visible").count() == 0
    clips = page.evaluate(NATIVE_CLIPS_JS)
    assert len(clips) == phrases.count()
    for phrase_id, found in clips.items():
        assert [clip["id"] for clip in found] == [f"a-{phrase_id}", f"s-{phrase_id}"], phrase_id
        for clip, (caption, label) in zip(found, (("正常语速", "播放："), ("慢速", "慢速播放：")), strict=True):
            assert clip["visible"] and clip["controls"], clip
            assert clip["caption"] == caption and clip["label"].startswith(label), clip
            assert clip["height"] >= 44 and clip["left"] >= 0 and clip["right"] <= PHONE["width"], clip
    assert page.locator("audio:visible").count() == 2 * phrases.count()


NATIVE_CLIPS_JS = """
() => Object.fromEntries([...document.querySelectorAll('article.phrase')].map(card => [card.id.slice(2),
  [...card.querySelectorAll('audio')].map(a => {
    const box = a.getBoundingClientRect();
    return {id: a.id, visible: a.checkVisibility(), controls: a.controls, label: a.getAttribute('aria-label'),
            caption: a.previousElementSibling.checkVisibility() ? a.previousElementSibling.textContent : null,
            height: box.height, left: box.left, right: box.right};
  })]))
"""


def test_without_javascript_one_tap_on_the_native_control_plays(nojs_page):
    page = nojs_page
    audio = page.locator("#a-greeting")
    audio.scroll_into_view_if_needed()
    box = audio.bounding_box()
    audio.click(position={"x": 22, "y": box["height"] / 2})  # the control's ▶ at its left end
    poll(page, "() => { const a = document.getElementById('a-greeting'); return !a.paused || a.ended; }", 10)
    assert page.errors == []


def test_play_button_plays(js_page):
    page = js_page
    assert page.locator(".clips").first.is_hidden() and page.locator("audio:visible").count() == 0
    page.click("#p-greeting button.play:not(.slow)")
    poll(
        page,
        "() => { const a = document.getElementById('a-greeting'); return !a.paused || a.ended || a.currentTime > 0; }",
    )
    page.click("#p-thank_you button.play.slow")
    poll(page, "() => document.getElementById('a-greeting').paused")  # the other stops
    poll(page, "() => { const a = document.getElementById('s-thank_you'); return !a.paused || a.ended; }")
    assert page.errors == []


def test_show_to_staff_opens_and_closes(page):
    """A link to a big-letter view (CSS :target) and a link back to the phrase, with JavaScript on and off."""
    staff = page.locator("#staff-terminate_contract")
    assert staff.is_hidden()
    page.click("#p-terminate_contract a.show")
    assert staff.is_visible()
    assert page.evaluate("location.hash") == "#staff-terminate_contract"
    assert staff.locator(".big").inner_text() == "Я хочу́ расто́ргнуть догово́р с МТС и закры́ть но́мер."
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('#staff-terminate_contract .big')).fontSize)"
    )
    assert size >= 32
    assert staff.bounding_box() == {"x": 0, "y": 0, **PHONE}  # covers the screen
    assert page.locator(".staffview:visible").count() == 1
    assert staff.locator("button.play").is_visible() == page.javascript
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.click("#staff-terminate_contract a.close")
    poll(page, "() => location.hash === '#p-terminate_contract'", 5)
    assert staff.is_hidden()
    card = page.locator("#p-terminate_contract").bounding_box()
    assert 0 <= card["y"] < PHONE["height"]  # back at the phrase
    if page.javascript:
        poll(page, "() => document.activeElement.matches('#p-terminate_contract a.show')", 5)
        page.click("#p-greeting a.show")
        assert page.locator("#staff-greeting").is_visible()
        poll(page, "() => document.activeElement.matches('#staff-greeting a.close')", 5)
        page.click("#staff-greeting button.play")
        poll(page, "() => { const a = document.getElementById('a-greeting'); return !a.paused || a.ended; }")
        page.keyboard.press("Escape")
        poll(page, "() => location.hash === '#p-greeting'", 5)
        assert page.locator("#staff-greeting").is_hidden()
        page.go_back()  # closing leaves no entry that reopens the view
        assert page.locator(".staffview:visible").count() == 0
    assert page.errors == []


def test_nav_links_resolve(page):
    targets = page.evaluate(
        "() => [...document.querySelectorAll('a[href^=\"#\"]')]"
        ".map(a => a.getAttribute('href').slice(1)).filter(id => !document.getElementById(id))"
    )
    assert targets == []
    page.click("nav a[href='#g-numbers']")
    assert page.evaluate("location.hash") == "#g-numbers"
    heading = page.locator("#h-numbers").bounding_box()
    assert 0 <= heading["y"] < PHONE["height"] / 2


def test_no_sideways_scroll_on_a_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    wide = page.evaluate(
        "() => [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > innerWidth)"
        ".map(e => e.tagName + '#' + e.id)"
    )
    assert wide == []


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_print_has_phrases_and_no_buttons(browser, book, javascript):
    from pypdf import PdfReader

    context, page = open_page(browser, book, javascript)
    pdf = page.pdf(format="A4")
    context.close()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Zdrávstvuyte!" in text and "您好！" in text and "请说慢一点" in text.replace("⼀", "一")
    assert "▶" not in text and "给工作人员看" not in text and "播放" not in text and "慢速" not in text
    assert text.count("Zdrávstvuyte!") == 1  # the big-letter views do not print


def test_accessibility(page):
    unlabeled = page.evaluate(
        "() => [...document.querySelectorAll('button, a, audio')].filter(e => e.checkVisibility())"
        ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim())).length"
    )
    assert unlabeled == 0
    assert page.locator(".phrase .ru:not([lang='ru'])").count() == 0
    assert page.locator(".phrase .meaning:not([lang='zh'])").count() == 0
    assert page.locator(".staffview .big:not([lang='ru'])").count() == 0
    assert page.get_attribute("html", "lang") == "zh"
    assert page.get_attribute("#p-greeting button.play:not(.slow)", "aria-label") == "播放：您好！"
    assert page.get_attribute("#a-greeting", "aria-label") == "播放：您好！"
    assert page.get_attribute("#s-greeting", "aria-label") == "慢速播放：您好！"
    assert page.get_attribute("#p-greeting a.show", "aria-label") == "给工作人员看：您好！"
    small = page.evaluate(
        "() => [...document.querySelectorAll('nav a, a.show, button')].filter(e => e.checkVisibility())"
        ".filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML)"
    )
    assert small == []  # tap targets of 2.75rem at least
    ratios = contrast(
        page,
        [
            ".phrase .ru",
            ".phrase .translit",
            ".phrase .meaning",
            "button.play",
            "button.play.slow",
            "a.show",
            ".clips .cap",
            "a.close",
            "nav a",
            ".hint",
            "h2",
        ],
    )
    for selector, ratio in ratios.items():
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"


def test_personal_phrase_is_there_and_offline(page):
    assert "девятьсо́т двена́дцать" in page.locator("#p-my_number .ru").inner_text()


def test_screenshots(browser, book, tmp_path):
    keep = Path(os.environ.get("CALLPREP_SCREENSHOTS") or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    names = []
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        for javascript in (True, False):
            shot = f"phrasebook-{name}{'' if javascript else '-nojs'}"
            context, shown = open_page(browser, book, javascript, viewport)
            shown.screenshot(path=str(keep / f"{shot}.png"))
            shown.locator("#p-greeting").scroll_into_view_if_needed()
            shown.screenshot(path=str(keep / f"{shot}-phrase.png"))
            shown.click("#p-here_passport a.show")
            shown.screenshot(path=str(keep / f"{shot}-staff.png"))
            context.close()
            names.append(shot)
    assert all((keep / f"{n}.png").stat().st_size > 10000 for n in names)


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
