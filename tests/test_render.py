"""Rendering: one Jinja2 environment per language, so a template keeps its language."""

from pathlib import Path

import pytest

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
    before = english.render(sheet=sheet("en"), sections=SHEET_SECTIONS, markdown=True, show_translit=True)
    chinese = render_sheet(sheet("zh"), "md")
    assert "移动网络运营商" in chinese
    after = english.render(sheet=sheet("en"), sections=SHEET_SECTIONS, markdown=True, show_translit=True)
    assert after == before
    assert "Mobile network operator" in after and "移动网络运营商" not in after


def test_each_language_has_its_own_dates_and_lists():
    english, chinese = (template("sheet.text.j2", localizer(language)) for language in ("en", "zh"))
    assert english.environment is not chinese.environment
    assert english.environment.globals["language"] == "en" and chinese.environment.globals["language"] == "zh"
    assert english.environment.filters["or_list"](["a", "b"]) == "a or b"
    assert chinese.environment.filters["or_list"](["a", "b"]) == "a或b"


def test_compiled_templates_are_cached_and_an_unusable_cache_is_ignored(tmp_path):
    import os
    import subprocess
    import sys

    from callprep import __version__

    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LANG": "C.UTF-8"}

    def sheet_text(fmt):
        command = [sys.executable, "-m", "callprep", "sheet", "mts", "--lang", "zh", "--format", fmt]
        return subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout

    first = {fmt: sheet_text(fmt) for fmt in ("md", "html")}
    [folder] = (tmp_path / "cache" / "callprep" / "templates").iterdir()
    assert folder.name.startswith(f"{__version__}-")  # and the hash of the code that sets up the environments
    # Markdown's compiled code differs (its finalize makes data safe for Markdown): a folder of its own
    assert list(folder.glob("*.cache")) and list((folder / "markdown").glob("*.cache")), "no compiled template kept"
    assert {fmt: sheet_text(fmt) for fmt in first} == first  # from the compiled templates
    for cached in folder.glob("**/*.cache"):
        cached.write_bytes(b"not bytecode")  # damaged entries are recompiled, not trusted
    assert {fmt: sheet_text(fmt) for fmt in first} == first


def test_compiled_templates_of_other_environment_settings_are_never_read(tmp_path):
    """Jinja2 checks a compiled template against its source, not against the environment that
    compiled it (a finalize, autoescape...): those settings live in render.py, so its source is part
    of the folder's name, and a changed render.py (a new install of the same version) starts afresh."""
    from callprep.documents import render

    module = Path(render.__file__)
    changed = tmp_path / "render.py"
    changed.write_bytes(module.read_bytes().replace(b"finalize=_markdown_text if markdown else None", b"finalize=None"))
    assert changed.read_bytes() != module.read_bytes()
    assert render.compiled_key(changed) != render.compiled_key(module)
    assert render.compiled_key(module) == render.compiled_key()


@pytest.mark.parametrize("autoescape", [True, False])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_templates_gettext_says_what_jinja2s_own_says(language, autoescape):
    """callprep's ``_`` (one call) and the i18n extension's new-style gettext (three nested calls)
    give the same text: translated, marked safe where autoescaped, %-formatted with escaped values."""
    import jinja2

    from callprep.documents.render import template_gettext

    translations = localizer(language).translations
    cases = [
        "{{ _('Play') }}",
        "{{ _('Play: %(phrase)s', phrase=value) }}",
        "{{ _('Voice: %(engines)s.', engines=value) }}",
        "{{ _('100%% of %(x)s', x=value) }}",  # always formatted, even a message not in the catalog
        "{{ _('a <b>tag</b> in a message') }}",
        "{% set t = _('Close') %}{{ t ~ value }}",
        "{{ _('%(message)s, %(eval_ctx)s', message=value, eval_ctx=value) }}",  # any name a message may use
    ]
    outputs = {}
    for ours in (False, True):
        env = jinja2.Environment(autoescape=autoescape, extensions=["jinja2.ext.i18n"])
        env.install_gettext_translations(translations, newstyle=True)
        if ours:
            env.globals["_"] = env.globals["gettext"] = template_gettext(translations)
        outputs[ours] = [env.from_string(case).render(value='<img src=x> & "q"') for case in cases]
    assert outputs[True] == outputs[False]
    assert ("&lt;img" in outputs[True][1]) == autoescape
