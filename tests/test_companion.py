"""The call companion: its branches in the data (data/companion.toml), the companion built from the Sheet,
`callprep companion` and the bundle's companion.html, and the page in Debian's Chromium with JavaScript on and
off (network off, 390 px): walked by clicking, the record kept across a reload and exported, every clip decodes,
nothing leaves the page, no console error, no sideways scroll, labels, lang and contrast. Set
CALLPREP_SCREENSHOTS to a folder to keep the phone screenshots."""

import os
import re
import time
from pathlib import Path

import pytest
from browser_helpers import PHONE, contrast
from click.testing import CliRunner
from test_browser import open_page, poll

from callprep.cli import cli
from callprep.errors import DataFileError
from callprep.model.companion import companion_flow, parse_flow
from callprep.model.phrases import catalogue
from callprep.model.schema import CompanionFlowSchema as CompanionFlow
from callprep.model.scripts import scripts


def test_branches_refer_to_known_phrases_of_the_right_speaker():
    known = catalogue()
    flow = companion_flow()
    for spec in flow.branch:
        assert spec.phrase_ids(), spec.id
        if spec.hear:
            assert known[spec.hear].speaker == "staff", spec.id
        assert all(known[pid].speaker == "you" for pid in spec.answer + spec.say), spec.id
    issue = {"codeword", "passport", "address", "birth_date", "offer", "store", "hold", "dropped", "unclear"}
    assert issue <= {spec.id for spec in flow.branch}


def test_branches_from_the_script_name_a_turn_of_their_modes():
    """A branch that takes its turn from the scripts names one that the scripts of each of its modes have."""
    turns = scripts()
    for spec in companion_flow().branch:
        if spec.from_script:
            for mode in spec.modes:
                assert any(step.hear == spec.hear for step in getattr(turns, mode)), (spec.id, mode)


def test_the_companion_adds_its_own_turns_as_phrase_ids():
    own = {spec.id: spec for spec in companion_flow().branch if not spec.from_script}
    assert own["birth_date"].hear == "q_birth_date" and own["birth_date"].answer == ["a_birth_date"]
    assert own["dropped"].dial and own["dropped"].say[:2] == ["greeting", "call_again"]
    assert {"say_simpler", "repeat_slowly", "send_by_sms"} <= set(own["unclear"].say)
    for phrase_id in ("q_birth_date", "a_birth_date", "call_again", "have_request_number", "repeat_slowly"):
        assert catalogue()[phrase_id].en


def _flow(**branch):
    base = {"id": "x", "label": "X", "modes": ["hotline"]}
    return CompanionFlow.model_validate({"branch": [{**base, **branch}]}, strict=False)


@pytest.mark.parametrize(
    ("branch", "message"),
    [
        ({"say": ["no_such_phrase"]}, "unknown phrase 'no_such_phrase'"),
        ({"hear": "greeting"}, "staff say it, not you"),
        ({"say": ["q_offer"]}, "you say it, not staff"),
    ],
)
def test_a_bad_branch_is_refused(branch, message):
    with pytest.raises(DataFileError, match=message):
        parse_flow(_flow(**branch))


def test_a_branch_has_one_turn():
    with pytest.raises(ValueError, match="either `say` or `hear`"):
        _flow(hear="q_offer", say=["greeting"])
    with pytest.raises(ValueError, match="either `say` or `hear`"):
        _flow()


def test_branch_ids_are_unique():
    flow = CompanionFlow.model_validate(
        {"branch": [{"id": "x", "label": "X", "modes": ["store"], "say": ["greeting"]}] * 2}, strict=False
    )
    with pytest.raises(DataFileError, match="used twice"):
        parse_flow(flow)


# The companion built from the Sheet


def companion_of(carrier_id, language="en", my_number=None, **request):
    from callprep.documents.companion import companion_for
    from callprep.i18n import localizer
    from callprep.model.carriers import load_carriers
    from callprep.sheet.model import Request

    carrier = load_carriers()[carrier_id]
    return companion_for(Request(carrier_id, language=language, **request), carrier, localizer(language), my_number)


CARRIER_IDS = ["beeline", "megafon", "mts", "t-mobile", "t2", "yota"]
HOTLINE_BRANCHES = {"codeword", "passport", "address", "birth_date", "offer", "hold", "dropped", "unclear"}


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_every_turn_of_the_script_is_a_step_or_a_branch(carrier_id):
    """No second copy of the conversation: the steps and branches are the sheet's turns, each once, in order."""
    from callprep.i18n import localizer
    from callprep.model.carriers import load_carriers
    from callprep.sheet.build import build_sheet
    from callprep.sheet.model import Request

    sheet = build_sheet(Request(carrier_id), load_carriers()[carrier_id], localizer("en"))
    companion = companion_of(carrier_id)
    for mode in companion.modes:
        script = getattr(sheet, mode.id).steps
        turns = [(t.heard, t.say) for t in mode.steps[1:]] + [(t.heard, t.say) for t in mode.branches]
        for step in script:
            assert (step.heard, step.say) in turns, (mode.id, step)
        main = [(t.heard, t.say) for t in mode.steps[1:]]
        assert main == [(s.heard, s.say) for s in script if (s.heard, s.say) in main]  # the script's order
        assert [t.position for t in mode.steps] == list(range(1, len(mode.steps) + 1))
        assert [t.next for t in mode.steps] == [t.id for t in mode.steps[1:]] + [None]
        assert [t.previous for t in mode.steps] == [None] + [t.id for t in mode.steps[:-1]]


@pytest.mark.parametrize("carrier_id", CARRIER_IDS)
def test_branches_for_every_carrier(carrier_id):
    from callprep.model.carriers import load_carriers

    companion = companion_of(carrier_id)
    has_stores = "store" in load_carriers()[carrier_id].offered_channels()
    modes = {mode.id: mode for mode in companion.modes}
    assert set(modes) == ({"hotline", "store"} if has_stores else {"hotline"})
    hotline = {turn.id.removeprefix("hotline-") for turn in modes["hotline"].branches}
    assert hotline == HOTLINE_BRANCHES | ({"store"} if has_stores else set())
    if has_stores:
        assert {turn.id for turn in modes["store"].branches} == {"store-offer", "store-unclear_store"}
        assert modes["store"].steps[0].kind == "bring" and modes["store"].steps[0].documents
    dial = modes["hotline"].steps[0]
    assert dial.kind == "dial" and dial.numbers and [p.id for p in dial.say] == ["operator_word", "connect_operator"]
    assert dial.keys is not None  # with its source (and certainty) when the keys are known
    for turn in companion.turns():
        assert turn.phrases or turn.kind in ("dial", "bring"), turn.id
        assert all(phrase.id in catalogue() for phrase in turn.phrases), turn.id
        assert all(phrase.ru and phrase.translit and phrase.meaning for phrase in turn.phrases)


def test_t_mobile_has_no_store_mode_and_is_never_sent_to_a_store():
    companion = companion_of("t-mobile")
    assert [mode.id for mode in companion.modes] == ["hotline"]
    assert "q_come_to_office" not in {phrase.id for phrase in companion.phrases}


def test_the_branches_questions_leave_the_main_path():
    main = {t.heard.id for mode in companion_of("mts").modes for t in mode.steps if t.heard}
    assert not main & {"q_codeword", "q_passport", "q_reg_address", "q_offer", "q_come_to_office", "q_stay_on_line"}
    assert {"q_how_help", "q_phone_number", "q_reason", "q_anything_else", "q_sign_here"} <= main


def test_each_phrase_once_with_every_turn_that_shows_it():
    companion = companion_of("mts")
    ids = [phrase.id for phrase in companion.phrases]
    assert len(ids) == len(set(ids))
    shown = {listen.phrase.id: listen.shown_in for listen in companion.listens}
    assert shown["greeting"] == ("hotline-2", "hotline-dropped", "store-2")
    assert shown["terminate_contract"] == ("hotline-2", "hotline-dropped", "store-2")
    for turn in companion.turns():
        for phrase in turn.phrases:
            assert turn.id in shown[phrase.id]


def test_situations_change_the_companion():
    proxy = companion_of("t2", situation="proxy")
    assert [mode.id for mode in proxy.modes] == ["store"]
    assert "terminate_for_owner" in {phrase.id for phrase in proxy.phrases}
    abroad = companion_of("mts", situation="abroad")
    assert [mode.id for mode in abroad.modes] == ["hotline"]
    assert [n.origin for n in abroad.modes[0].steps[0].numbers] == ["abroad"]
    assert "abroad_now" in {phrase.id for phrase in abroad.phrases}
    assert {n.origin for n in companion_of("mts").modes[0].steps[0].numbers} == {"own_sim", "any_phone"}
    esim = companion_of("beeline", sim="esim")
    assert "have_esim" in {phrase.id for phrase in esim.phrases}


def test_the_users_number_follows_my_number_is():
    companion = companion_of("mts", my_number="+7 912 345-67-89")
    step = next(t for t in companion.modes[0].steps if t.heard and t.heard.id == "q_phone_number")
    assert [p.id for p in step.say] == ["a_my_number", "my_number"] and step.say[1].personal


def test_a_sheet_without_the_call_or_the_visit_has_no_companion():
    from callprep.errors import UsageProblem

    with pytest.raises(UsageProblem, match="hotline call or the store visit"):
        companion_of("mts", channel="online")


def test_the_template_holds_no_conversation():
    """Russian reaches the page only from the data: the templates hold no Cyrillic at all."""
    import re
    from importlib import resources

    templates = resources.files("callprep") / "templates"
    for name in ("companion.html.j2", "partials/companion.js.j2"):
        text = (templates / name).read_text(encoding="utf-8")
        assert not re.search("[А-Яа-яЁё]", text), name


# `callprep companion` and the bundle

MIB = 1024 * 1024
AUDIO_SRC = re.compile(r'<audio id="([as])-([a-z0-9_]+)" controls preload="none" aria-label="[^"]+" src="(data:[^"]+)"')


def test_cli_without_audio(run, tmp_path):
    target = tmp_path / "companion.html"
    result = run("companion", "mts", "--no-audio", "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "<audio" not in html and 'class="play' not in html
    assert 'id="hotline-1"' in html and 'id="store-1"' in html and 'id="record"' in html
    assert 'href="tel:0890"' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    assert f"wrote {target}" in result.output


def test_cli_with_the_users_number_writes_a_private_file(run, tmp_path):
    target = tmp_path / "mine.html"
    result = run("companion", "mts", "--no-audio", "--my-number", "+7 912 345-67-89", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "девятьсо́т двена́дцать" in target.read_text(encoding="utf-8")
    assert target.stat().st_mode & 0o077 == 0  # personal data: readable by the user only


def test_cli_refuses_bad_requests(run, tmp_path):
    assert run("companion", "nope", "--no-audio", "-o", str(tmp_path / "a.html")).exit_code == 2
    wrong = run("companion", "mts", "--no-audio", "-o", str(tmp_path / "a.md"))
    assert wrong.exit_code == 2 and "use one of: .html" in wrong.output
    online = run("companion", "mts", "--channel", "online", "--no-audio", "-o", str(tmp_path / "b.html"))
    assert online.exit_code == 2 and "hotline call or the store visit" in online.output
    assert run("companion", "t-mobile", "--channel", "store", "-o", str(tmp_path / "c.html")).exit_code == 2
    assert not list(tmp_path.iterdir())


def test_cli_keeps_an_existing_file_unless_forced(run, tmp_path):
    target = tmp_path / "c.html"
    target.write_text("mine", encoding="utf-8")
    kept = run("companion", "t2", "--no-audio", "-o", str(target))
    assert kept.exit_code == 1 and "exists; pass --force" in kept.output
    assert target.read_text(encoding="utf-8") == "mine"
    assert run("companion", "t2", "--no-audio", "--force", "-o", str(target)).exit_code == 0
    assert "<section" in target.read_text(encoding="utf-8")


def test_cli_refuses_a_terminal(tmp_path):
    import os
    import pty

    from test_output_targets import callprep, one_line

    primary, secondary = pty.openpty()
    try:
        done = callprep("companion", "mts", "--no-audio", cwd=tmp_path, stdout=secondary)
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 2
    line = one_line(done)
    assert "The call companion is HTML for a browser, not for a terminal: write it to a file with -o" in line
    assert "--format md" not in line


def test_cli_with_audio_embeds_each_clip_once(run, tmp_path):
    target = tmp_path / "companion.html"
    result = run("companion", "mts", "--engine", "offline", "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    clips = AUDIO_SRC.findall(html)
    phrases = {phrase_id for _kind, phrase_id, _src in clips}
    assert phrases == {phrase.id for phrase in companion_of("mts").phrases}
    assert len(clips) == 2 * len(phrases)  # normal and slow, once each
    assert html.count("data:audio/mpeg;base64,") == len(clips)
    assert target.stat().st_size <= 2.5 * MIB
    slowless = tmp_path / "fast.html"
    assert run("companion", "mts", "--engine", "offline", "--no-slow", "-o", str(slowless)).exit_code == 0
    assert {kind for kind, _id, _src in AUDIO_SRC.findall(slowless.read_text(encoding="utf-8"))} == {"a"}


def test_bundle_has_the_companion_with_the_phrasebooks_audio(run, tmp_path):
    folder = tmp_path / "prep"
    result = run("bundle", "mts", "--lang", "zh", "--engine", "offline", "-o", str(folder))
    assert result.exit_code == 0, result.output
    companion = (folder / "companion.html").read_text(encoding="utf-8")
    book = (folder / "phrasebook.html").read_text(encoding="utf-8")
    assert 'href="companion.html"' in (folder / "index.html").read_text(encoding="utf-8")
    book_clips = {(kind, phrase_id): src for kind, phrase_id, src in AUDIO_SRC.findall(book)}
    clips = AUDIO_SRC.findall(companion)
    assert clips and all(book_clips[(kind, phrase_id)] == src for kind, phrase_id, src in clips)
    assert '<html lang="zh">' in companion and "口令" in companion


def test_bundle_without_the_call_or_the_visit_has_no_companion(run, tmp_path):
    folder = tmp_path / "online"
    assert run("bundle", "mts", "--channel", "online", "--no-audio", "-o", str(folder)).exit_code == 0
    assert not (folder / "companion.html").exists()
    assert "companion.html" not in (folder / "index.html").read_text(encoding="utf-8")
    proxy = tmp_path / "proxy"
    assert run("bundle", "t2", "--situation", "proxy", "--no-audio", "-o", str(proxy)).exit_code == 0
    html = (proxy / "companion.html").read_text(encoding="utf-8")
    assert 'id="store-1"' in html and 'id="hotline-1"' not in html


# The page in Chromium, JavaScript on and off

MODES = pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
SCREENSHOTS = os.environ.get("CALLPREP_SCREENSHOTS")
REQUEST_NUMBER = "MTS-2026-0417-88"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """The English MTS companion from `callprep companion` and the Chinese one of an MTS bundle, with offline audio."""
    folder = tmp_path_factory.mktemp("companion")
    env = {"XDG_CACHE_HOME": str(folder / "cache")}
    for args in (
        ["companion", "mts", "--engine", "offline", "-o", str(folder / "companion.html")],
        ["bundle", "mts", "--lang", "zh", "--engine", "offline", "-o", str(folder / "bundle")],
    ):
        result = CliRunner().invoke(cli, args, env=env, catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return {"en": folder / "companion.html", "zh": folder / "bundle" / "companion.html"}


def shoot(page, name: str) -> None:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"companion-{name}.png"))


SHOWN_JS = "() => [...document.querySelectorAll('section.step')].filter(s => s.checkVisibility()).map(s => s.id)"


def shown_sections(page) -> list[str]:
    return page.evaluate(SHOWN_JS)


def expect_shown(page, expected: list[str], timeout: float = 5.0) -> None:
    """The page shows the sections ``expected``, once it has answered the last click or Back: the
    new address reaches the script as a hashchange event a moment later."""
    deadline = time.monotonic() + timeout
    while shown_sections(page) != expected and time.monotonic() < deadline:
        time.sleep(0.02)
    assert shown_sections(page) == expected


SECTIONS_JS = "() => [...document.querySelectorAll('section.step')].map(s => s.id)"
WIDER_THAN_SCREEN_JS = """
() => [...document.body.querySelectorAll('*')]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''))
"""


@MODES
@pytest.mark.parametrize("language", ["en", "zh"])
def test_loads_offline_and_fits_a_phone(browser, pages, language, javascript):
    """Every section (with JavaScript, each shown in turn) fits 390 px; nothing leaves the page; no console error."""
    context, page = open_page(browser, pages[language], javascript)
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.classList.contains('js')") == javascript
    sections = page.evaluate(SECTIONS_JS)
    assert len(sections) > 25
    for section in sections if javascript else ["start"]:
        if javascript:
            page.evaluate(f"location.hash = '#{section}'")
            poll(page, f"() => document.getElementById('{section}').checkVisibility()", 5)
            expect_shown(page, [section])
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{section}: {width} px wide at {PHONE['width']} px"
        assert page.evaluate(WIDER_THAN_SCREEN_JS) == [], section
    if not javascript:
        assert shown_sections(page) == sections  # a page of steps
    outside = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert outside == []
    assert page.errors == []
    context.close()


def test_walk_the_call_with_javascript(browser, pages):
    """The happy path by clicking, two branches and back, the record filled, kept across a reload, exported."""
    context, page = open_page(browser, pages["en"], True)
    expect_shown(page, ["start"])
    shoot(page, "start-js")
    page.click("a.mode[href='#hotline-1']")
    expect_shown(page, ["hotline-1"])
    assert page.locator("#hotline-1 a.tel").first.get_attribute("href") == "tel:0890"
    assert "1, then 0" in page.locator("#hotline-1 .keys").inner_text()
    assert "unofficial sources only" in page.locator("#hotline-1").inner_text()  # the carrier's confidence
    shoot(page, "dial-js")
    steps = page.evaluate("() => [...document.querySelectorAll('section.step.main[id^=hotline-]')].map(s => s.id)")
    assert steps == [f"hotline-{n}" for n in range(1, len(steps) + 1)]
    for index, step in enumerate(steps):
        expect_shown(page, [step])
        assert page.evaluate("() => document.activeElement.id") == f"{step}-h"
        if step == "hotline-3":  # asked for the code word
            page.click("#hotline-3 a.branch[href='#hotline-codeword--hotline-3']")
            expect_shown(page, ["hotline-codeword"])
            assert "Назови́те, пожа́луйста, ко́довое сло́во." in page.locator("#hotline-codeword .hear .ru").inner_text()
            back = page.locator("#hotline-codeword a.back:visible")
            assert back.count() == 1 and back.inner_text() == "← Back to step 3"
            shoot(page, "branch-js")
            back.click()
            expect_shown(page, ["hotline-3"])
        if step == "hotline-5":  # the call dropped: the numbers again, and what to say first
            page.click("#hotline-5 a.branch[href='#hotline-dropped--hotline-5']")
            expect_shown(page, ["hotline-dropped"])
            assert page.locator("#hotline-dropped a.tel").count() == 2
            said = page.locator("#hotline-dropped .say .ru").all_inner_texts()
            assert said[:2] == ["Здра́вствуйте!", "Звоно́к прерва́лся, я звоню́ сно́ва."]
            page.go_back()  # the phone's own Back works too
            poll(page, "() => location.hash === '#hotline-5'", 5)
            expect_shown(page, ["hotline-5"])
        if index + 1 < len(steps):
            page.click(f"#{step} a.next")
    page.click(f"#{steps[-1]} a.next")
    expect_shown(page, ["record"])
    assert page.locator("#record a.back:visible").inner_text() == f"← Back to step {len(steps)}"
    page.fill("#r-request", REQUEST_NUMBER)
    page.fill("#r-operator", "Анна")
    page.click("#r-stamp")
    page.fill("#r-notes", "Told to come to a store with the passport.")
    stamped = page.input_value("#r-time")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", stamped)
    assert page.inner_text("#r-status") == "Kept on this phone."
    shoot(page, "record-js")
    page.reload()
    page.wait_for_load_state("load")
    expect_shown(page, ["record"])
    assert page.input_value("#r-request") == REQUEST_NUMBER and page.input_value("#r-operator") == "Анна"
    assert page.input_value("#r-time") == stamped
    page.click("#r-copy")
    poll(page, "() => document.getElementById('r-status').textContent !== ''", 5)
    text = page.input_value("#r-text")
    assert f"Request number: {REQUEST_NUMBER}" in text and "Operator's name: Анна" in text
    assert f"Date and time: {stamped}" in text and text.startswith("Record of the call — MTS")
    page.click("#r-share")  # no navigator.share here: the text is selected for the user to copy
    assert page.evaluate(
        "() => { const t = document.getElementById('r-text');"
        " return document.activeElement === t && t.selectionStart === 0 && t.selectionEnd === t.value.length; }"
    )
    assert page.errors == []
    context.close()


def test_walk_the_visit_with_javascript(browser, pages):
    context, page = open_page(browser, pages["zh"], True)
    page.click("a.mode[href='#store-1']")
    expect_shown(page, ["store-1"])
    assert page.locator("#store-1 .documents li").count() >= 2
    page.click("#store-1 a.next")
    page.click("#store-2 a.branch[href='#store-unclear_store--store-2']")
    expect_shown(page, ["store-unclear_store"])
    assert "Напиши́те мне э́то, пожа́луйста." in page.locator("#store-unclear_store .say").inner_text()
    page.click("#store-unclear_store a.back:visible")
    expect_shown(page, ["store-2"])
    page.click("#store-2 a.tool")  # the record from any step, and back
    expect_shown(page, ["record"])
    page.click("#record a.back:visible")
    expect_shown(page, ["store-2"])
    page.click("#store-2 a.prev")
    page.click("#store-1 a.prev")
    expect_shown(page, ["start"])
    assert page.errors == []
    context.close()


def test_play_and_large_letters_with_javascript(browser, pages):
    context, page = open_page(browser, pages["en"], True)
    page.goto(pages["en"].as_uri() + "#hotline-2")
    assert page.locator("audio:visible").count() == 0
    page.click("#hotline-2 .say .phrase:nth-of-type(3) button.play:not(.slow)")  # «Я хочу́ расто́ргнуть…»
    poll(page, "() => { const a = document.getElementById('a-terminate_contract'); return !a.paused || a.ended; }")
    page.click("#hotline-2 .hear button.play.slow")
    poll(page, "() => document.getElementById('a-terminate_contract').paused")  # one clip at a time
    poll(page, "() => { const a = document.getElementById('s-q_how_help'); return !a.paused || a.ended; }")
    page.click("#hotline-2 .say .phrase:nth-of-type(3) a.show")
    view = page.locator("#l-terminate_contract .panel")
    assert view.is_visible() and view.bounding_box() == {"x": 0, "y": 0, **PHONE}
    assert view.locator(".big").inner_text() == "Я хочу́ расто́ргнуть догово́р с МТС и закры́ть но́мер."
    assert float(view.locator(".big").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 32
    poll(page, "() => document.activeElement.matches('#l-terminate_contract a.close')", 5)
    shoot(page, "large-js")
    page.keyboard.press("Escape")
    poll(page, "() => location.hash === '#hotline-2'", 5)
    expect_shown(page, ["hotline-2"])
    assert view.is_hidden()
    assert page.errors == []
    context.close()


REACHABLE_JS = """
() => {
  const sectionOf = (el) => el && el.closest('section.step');
  const seen = new Set(['start']), queue = ['start'], broken = [];
  while (queue.length) {
    const section = document.getElementById(queue.shift());
    for (const a of section.querySelectorAll('a[href^="#"]')) {
      const target = document.getElementById(a.getAttribute('href').slice(1));
      if (!target) { broken.push(a.getAttribute('href')); continue; }
      const next = sectionOf(target);
      if (next && !seen.has(next.id)) { seen.add(next.id); queue.push(next.id); }
    }
  }
  return {seen: [...seen], broken};
}
"""


def test_without_javascript_every_step_is_reached_by_links(browser, pages):
    context, page = open_page(browser, pages["en"], False)
    found = page.evaluate(REACHABLE_JS)
    assert found["broken"] == []
    assert sorted(found["seen"]) == sorted(page.evaluate(SECTIONS_JS))
    page.click("a.mode[href='#hotline-1']")
    assert page.evaluate("location.hash") == "#hotline-1"
    page.click("#hotline-1 a.next")
    page.click("#hotline-2 a.next")
    page.click("#hotline-3 a.branch[href='#hotline-passport--hotline-3']")
    back = page.locator("#hotline-passport a.back:visible")
    assert back.count() == 1 and back.inner_text() == "← Back to step 3"
    assert 0 <= page.locator("#hotline-passport h2").bounding_box()["y"] < PHONE["height"] / 2
    shoot(page, "branch-nojs")
    back.click()
    assert page.evaluate("location.hash") == "#hotline-3"
    assert 0 <= page.locator("#hotline-3").bounding_box()["y"] < PHONE["height"] / 2
    assert page.locator("button:visible").count() == 0  # no dead buttons
    assert page.errors == []
    context.close()


def test_without_javascript_the_large_letters_view_has_native_players(browser, pages):
    context, page = open_page(browser, pages["zh"], False)
    page.goto(pages["zh"].as_uri() + "#hotline-2")
    link = page.locator("#hotline-2 .say a.show").first
    assert link.inner_text() == "▶ 收听，大字显示"
    link.click()
    assert page.evaluate("location.hash") == "#l-greeting--hotline-2"
    clips = page.locator("#l-greeting audio[controls]:visible")
    assert clips.count() == 2
    shoot(page, "large-nojs")
    box = clips.first.bounding_box()
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    clips.first.click(position={"x": 22, "y": box["height"] / 2})  # the control's ▶ at its left end
    poll(page, "() => { const a = document.getElementById('a-greeting'); return !a.paused || a.ended; }", 10)
    page.click("#l-greeting a.close:visible")
    assert page.evaluate("location.hash") == "#hotline-2"
    assert page.locator("#l-greeting .panel").is_hidden()
    assert page.errors == []
    context.close()


def test_without_javascript_the_record_is_a_form_on_paper(browser, pages):
    context, page = open_page(browser, pages["zh"], False)
    page.goto(pages["zh"].as_uri() + "#record--hotline-10")
    assert page.locator("#record-form").is_hidden() and page.locator("#record .paper").is_visible()
    paper = page.locator("#record .paper").inner_text()
    assert "JavaScript" in paper and "受理编号" in paper and "MTS" in paper
    shoot(page, "record-nojs")
    context.close()


@MODES
def test_every_audio_decodes(browser, pages, javascript):
    context, page = open_page(browser, pages["zh"], javascript)
    count = page.locator("audio").count()
    assert count == 2 * page.locator(".listen").count() > 100
    assert page.locator("audio:not([preload='none'])").count() == 0  # nothing decoded before a tap
    page.evaluate("() => document.querySelectorAll('audio').forEach(a => a.load())")
    poll(page, "() => [...document.querySelectorAll('audio')].every(a => a.readyState >= 1 && a.duration > 0)")
    durations = page.evaluate("() => [...document.querySelectorAll('audio')].map(a => a.duration)")
    assert min(durations) > 0.1 and max(durations) < 30
    outside = [url for url in page.requests if not url.startswith(("file:", "data:"))]
    assert outside == [] and page.errors == []
    context.close()


@MODES
def test_accessibility(browser, pages, javascript):
    context, page = open_page(browser, pages["zh"], javascript)
    assert page.get_attribute("html", "lang") == "zh"
    for section in ("hotline-1", "hotline-2", "hotline-codeword", "store-1", "record"):
        page.goto(pages["zh"].as_uri() + f"#{section}")
        unlabeled = page.evaluate(
            "() => [...document.querySelectorAll('button, a, audio, input, textarea')].filter(e => e.checkVisibility())"
            ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim() || e.labels && e.labels.length))"
            ".map(e => e.outerHTML)"
        )
        assert unlabeled == [], section
        small = page.evaluate(
            "() => [...document.querySelectorAll('button, a, input')].filter(e => e.checkVisibility())"
            ".filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML)"
        )
        assert small == [], section  # tap targets of 2.75rem at least
    assert page.locator(".phrase .ru:not([lang='ru']), .panel .big:not([lang='ru'])").count() == 0
    assert page.locator(".documents .ru:not([lang='ru'])").count() == 0
    assert page.locator(".phrase .meaning:not([lang='zh'])").count() == 0
    say = page.evaluate(
        "() => Math.min(...[...document.querySelectorAll('.say .ru')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
    )
    assert say >= 1.6 * 16  # the phrase you say, at arm's length
    page.goto(pages["zh"].as_uri() + "#hotline-2")
    assert page.get_attribute("#hotline-2 .say button.play", "aria-label") == "播放：您好！"
    assert page.get_attribute("#a-greeting", "aria-label") == "播放：您好！"
    ratios = contrast(page, COMPANION_CONTRAST, visible_only=True)
    for selector, ratio in ratios.items():
        assert ratio >= 4.5, f"{selector}: contrast {ratio:.2f}"
    context.close()


COMPANION_CONTRAST = [
    "#hotline-2 .hear .ru",
    "#hotline-2 .hear .translit",
    "#hotline-2 .say .ru",
    "#hotline-2 .say .translit",
    "#hotline-2 .say .meaning",
    "#hotline-2 button.play",
    "#hotline-2 button.play.slow",
    "#hotline-2 a.show",
    "#hotline-2 a.next",
    "#hotline-2 a.prev",
    "#hotline-2 a.branch",
    "#hotline-2 a.tool",
    "#hotline-2 .where",
    "#hotline-2 .note",
    "#hotline-2 .who",
]


@MODES
def test_screenshots(browser, pages, javascript, tmp_path):
    keep = Path(SCREENSHOTS or tmp_path)
    keep.mkdir(parents=True, exist_ok=True)
    context, page = open_page(browser, pages["zh"], javascript)
    mode = "js" if javascript else "nojs"
    for section in ("start", "hotline-1", "hotline-2", "hotline-address--hotline-4", "store-1", "record--start"):
        page.goto(pages["zh"].as_uri() + f"#{section}")
        page.screenshot(path=str(keep / f"companion-zh-{section}-{mode}.png"))
    assert all(path.stat().st_size > 5000 for path in keep.glob(f"companion-zh-*-{mode}.png"))
    context.close()


def test_the_companion_shows_the_call_as_a_picture(run, tmp_path):
    target = tmp_path / "call.html"
    assert run("companion", "mts", "--no-audio", "-o", str(target)).exit_code == 0
    html = target.read_text(encoding="utf-8")
    svg = html.split('<figure class="callflow">', 1)[1].split("</figure>", 1)[0]
    assert "Dial 0890" in svg and svg.count("If asked:") > 5 and 'lang="ru"' in svg
