"""Rendering: one Jinja2 environment per language, so a template keeps its language."""

from callprep.documents.render import SHEET_SECTIONS, render_sheet, template
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request

CARRIERS = load_carriers()


def sheet(language):
    request = Request("mts", language=language)
    return build_sheet(request, CARRIERS["mts"], localizer(language))


def test_a_template_keeps_its_language_after_another_language_renders():
    english = template("sheet.text.j2", localizer("en"))
    before = english.render(sheet=sheet("en"), sections=SHEET_SECTIONS, markdown=True)
    chinese = render_sheet(sheet("zh"), "md")
    assert "移动网络运营商" in chinese
    after = english.render(sheet=sheet("en"), sections=SHEET_SECTIONS, markdown=True)
    assert after == before
    assert "Mobile network operator" in after and "移动网络运营商" not in after


def test_each_language_has_its_own_dates_and_lists():
    english, chinese = (template("sheet.text.j2", localizer(language)) for language in ("en", "zh"))
    assert english.environment is not chinese.environment
    assert english.environment.globals["language"] == "en" and chinese.environment.globals["language"] == "zh"
    assert english.environment.filters["or_list"](["a", "b"]) == "a or b"
    assert chinese.environment.filters["or_list"](["a", "b"]) == "a或b"
