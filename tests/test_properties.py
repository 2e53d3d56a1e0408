"""Property tests: no carrier x option combination renders a placeholder, None or an empty section."""

import dataclasses
import functools
import json
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callprep.documents.render import render_sheet
from callprep.errors import UsageProblem
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.model.scripts import scripts
from callprep.model.types import Situation, choices
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request

CARRIERS = load_carriers()
OPTIONAL = (
    "legal_entity",
    "voice_menu",
    "app",
    "online_termination",
    "termination_in_store",
    "no_debt_required",
    "documents",
    "refund",
    "inactivity_days",
    "esim",
)
LEFTOVERS = re.compile(r"\{\{|\}\}|\{carrier|%\(|\bNone\b|Undefined|\bnull\b")


@st.composite
def carriers(draw):
    """A built-in carrier with any subset of its optional facts and numbers taken away."""
    carrier = draw(st.sampled_from(list(CARRIERS.values())))
    dropped = draw(st.sets(st.sampled_from(OPTIONAL)))
    hotline = dataclasses.replace(
        carrier.hotline, **dict.fromkeys(draw(st.sets(st.sampled_from(("own_sim", "any_phone", "abroad")))))
    )
    return dataclasses.replace(carrier, **dict.fromkeys(dropped), hotline=hotline), dropped


def sections(markdown_text, level):
    """(heading, body) pairs for the Markdown headings of ``level``; a body runs to the next one."""
    parts = re.split(rf"^(#{{1,{level}}} .*)$", markdown_text, flags=re.M)
    return [(h, b) for h, b in zip(parts[1::2], parts[2::2], strict=True) if h.startswith("#" * level + " ")]


requests = st.fixed_dictionaries(
    {
        "channel": st.sampled_from(("all", "hotline", "store", "online")),
        "sim": st.sampled_from(("physical", "esim")),
        "situation": st.sampled_from(choices(Situation)),
        "language": st.sampled_from(("en", "zh")),
    }
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(carriers(), requests, st.sampled_from(("md", "txt", "html", "json")))
def test_no_placeholder_none_or_empty_section(carrier_and_dropped, options, fmt):
    carrier, dropped = carrier_and_dropped
    request = Request(carrier.id, **options)
    loc = localizer(request.language)
    try:
        sheet = build_sheet(request, carrier, loc)
    except UsageProblem:
        allowed = scripts().situations[options["situation"]].channels
        offered = carrier.offered_channels()
        wanted = allowed if options["channel"] == "all" else [options["channel"]]
        assert not any(channel in allowed and channel in offered for channel in wanted)
        return
    assert 1 <= len(sheet.plan) <= 7
    assert sheet.route in sheet.channels
    text = render_sheet(sheet, fmt, loc)
    if fmt == "json":
        assert json.loads(text)["sheet"]["request"]["carrier"] == carrier.id
        return
    assert not LEFTOVERS.search(text), LEFTOVERS.search(text).group()
    if fmt == "md":
        for level in (2, 3):
            for heading, body in sections(text, level):
                assert body.strip(), f"empty section {heading}"
        if "legal_entity" in dropped:
            assert ("Legal entity: not verified" if request.language == "en" else "法人实体：未核实") in text
    if fmt == "html":
        assert not re.search(r"<(ul|ol)[^>]*>\s*</\1>", text), "empty list"
        assert not re.search(r"<section[^>]*>\s*<h2>[^<]*</h2>\s*</section>", text), "empty section"


hostile = st.text(alphabet=st.sampled_from(list("<>&\"'/ascript=on")), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(hostile)
def test_data_text_cannot_inject_markup(note):
    carrier = CARRIERS["mts"]
    legal = dataclasses.replace(carrier.legal_entity, value=note, note=note)
    tampered = dataclasses.replace(carrier, legal_entity=legal)
    html = render_sheet(build_sheet(Request("mts"), tampered, localizer("en")), "html")
    body = html.split("<body>", 1)[1]
    ours = ("<section", "<span", "<sup", "<summary", "<svg")
    assert "<script" not in body and "<s" not in functools.reduce(lambda text, tag: text.replace(tag, ""), ours, body)
