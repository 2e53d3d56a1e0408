"""The action-first sheet in Debian's Chromium (network off), with JavaScript on and off: the plan
and what to bring on the first phone screen, no sideways scroll at 390 px, and the printed length."""

import io
import os
from pathlib import Path

import pytest
from browser_helpers import PHONE

from callprep.documents.render import render_sheet
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request

CARRIERS = load_carriers()
SCREENSHOTS = os.environ.get("CALLPREP_SCREENSHOTS")


def sheet_file(tmp_path, carrier, language="en", **options) -> Path:
    request = Request(carrier, language=language, **options)
    loc = localizer(language)
    path = tmp_path / f"{carrier}-{language}-{options.get('channel', 'all')}.html"
    path.write_text(render_sheet(build_sheet(request, CARRIERS[carrier], loc), "html", loc), encoding="utf-8")
    return path


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize(("carrier", "language"), [("mts", "en"), ("t-mobile", "en"), ("megafon", "zh")])
def test_plan_and_what_to_bring_start_on_the_first_phone_screen(browser, tmp_path, carrier, language, javascript):
    context = browser.new_context(viewport=PHONE, offline=True, java_script_enabled=javascript)
    page = context.new_page()
    page.goto(sheet_file(tmp_path, carrier, language).as_uri())
    plan_top = page.locator("#plan").bounding_box()["y"]
    bring_top = page.locator("#bring").bounding_box()["y"]
    assert plan_top < 200, plan_top
    assert bring_top < PHONE["height"], f"“What to bring” starts at {bring_top} px, below the first screen"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide at a {PHONE['width']} px viewport"
    # every step's text is there without scripts: a tap on the title opens it
    first = page.locator("ol.plan > li").first
    first.locator("summary").click()
    assert first.locator("details p").is_visible()
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"sheet-{carrier}-{language}-js{int(javascript)}.png"))
    context.close()


def pages_printed(browser, path: Path) -> int:
    from pypdf import PdfReader

    context = browser.new_context(offline=True)
    page = context.new_page()
    page.goto(path.as_uri())
    pdf = page.pdf(format="A4")
    context.close()
    return len(PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("carrier", list(CARRIERS))
def test_printed_length(browser, tmp_path, carrier):
    channel = "store" if "store" in CARRIERS[carrier].offered_channels() else "hotline"
    one = pages_printed(browser, sheet_file(tmp_path, carrier, channel=channel))
    every = pages_printed(browser, sheet_file(tmp_path, carrier))
    assert one <= 4, f"the {channel} sheet prints on {one} A4 pages"
    assert every <= 8, f"the sheet for every channel prints on {every} A4 pages"
