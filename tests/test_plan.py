"""The plan at the top of every sheet: built from data/plan.toml and the carrier's facts, at most
seven steps, for every carrier x channel x SIM x situation; the channels each carrier has."""

import itertools
import re

import pytest

from callprep.documents.render import render_sheet
from callprep.errors import UsageProblem
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.model.plan import plan_steps
from callprep.model.types import ChannelChoice, Sim, Situation, choices
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request

CARRIERS = load_carriers()
STEP_IDS = {step.id for step in plan_steps()}
COMBINATIONS = list(itertools.product(CARRIERS, choices(ChannelChoice), choices(Sim), choices(Situation)))


def sheets():
    for carrier, channel, sim, situation in COMBINATIONS:
        request = Request(carrier, channel, sim, situation, "en")
        try:
            yield request, build_sheet(request, CARRIERS[carrier], localizer("en"))
        except UsageProblem:
            continue


def test_every_plan_comes_from_the_data_and_fits_in_seven_steps():
    built = 0
    for request, sheet in sheets():
        built += 1
        assert 1 <= len(sheet.plan) <= 7, request
        assert {step.id for step in sheet.plan} <= STEP_IDS
        first = "block" if request.situation == "sim-lost" else "prepare"
        assert sheet.plan[0].id.startswith(first), request
        for step in sheet.plan:
            assert step.title and step.text and not re.search(r"%\(|None|\{", step.title + step.text), step
        assert sheet.bring, request
    assert built > 150


def test_a_carrier_without_stores_has_no_store_channel(run):
    result = run("sheet", "t-mobile", "--channel", "store")
    assert result.exit_code == 2
    assert "T-Mobile has no store channel; its channels: hotline, online (or all)" in result.output
    sheet = build_sheet(Request("t-mobile"), CARRIERS["t-mobile"], localizer("en"))
    assert sheet.channels == ("hotline", "online") and sheet.store is None
    assert sheet.route == "hotline"
    assert [step.id for step in sheet.plan][:4] == ["prepare", "check_money", "call", "say_call"]
    assert "8 800 555-97-77" in sheet.plan[2].title


def test_a_representative_needs_a_carrier_with_stores(run):
    result = run("sheet", "t-mobile", "--situation", "proxy")
    assert result.exit_code == 2
    assert "--situation proxy needs the store channel, which T-Mobile does not have" in result.output


def test_the_recommended_route_is_never_shown_as_not_verified():
    for carrier in ("mts", "megafon", "beeline", "yota"):
        text = render_sheet(build_sheet(Request(carrier), CARRIERS[carrier], localizer("en")), "md")
        first_screen = text.split("## Numbers", 1)[0]
        assert "not verified" not in first_screen
        line = next(each for each in text.splitlines() if each.startswith("- Where the contract is ended:"))
        assert "at a store" in line and "not verified" not in line
    mts = render_sheet(build_sheet(Request("mts"), CARRIERS["mts"], localizer("en")), "md")
    assert "every source we found agrees; no official page found" in mts
    assert "Every source found sends you to an MTS store with your passport" in mts


def test_a_conflict_says_which_number_to_try_first():
    text = render_sheet(build_sheet(Request("mts"), CARRIERS["mts"], localizer("en")), "md")
    assert "Try 8 800 250-08-90 first; if it does not connect, try 8 800 333-08-90" in text
    assert "sources disagree" in text


def test_abroad_plan_calls_the_from_abroad_number_never_an_8_800():
    sheet = build_sheet(Request("mts", situation="abroad"), CARRIERS["mts"], localizer("en"))
    steps = {step.id: step for step in sheet.plan}
    assert steps["call_abroad"].title == "Call +7 495 766-01-66"
    assert "Never dial an 8-800 number from abroad" in steps["call_abroad"].text
    assert "183 days" in steps["if_nothing"].text and "Rules No. 59: at least 90" in steps["if_nothing"].text
    assert "representative" in steps and sheet.channels == ("hotline", "online")
    unknown = build_sheet(Request("yota", situation="abroad"), CARRIERS["yota"], localizer("en"))
    call = next(step for step in unknown.plan if step.id == "call_abroad")
    assert call.title == "Write to support in the app" and "No from-abroad number of Yota is verified" in call.text


def test_leaving_soon_means_finishing_before_departure():
    sheet = build_sheet(Request("t2"), CARRIERS["t2"], localizer("en"))
    assert "Leaving Russia? Finish all of this before you leave." in sheet.plan[0].text


def test_esim_is_deleted_last_with_proof():
    sheet = build_sheet(Request("beeline", sim="esim"), CARRIERS["beeline"], localizer("en"))
    assert sheet.plan[-1].id == "esim_after" and "«Сим-карты»" in sheet.plan[-1].text


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_no_internal_reference_reaches_the_user(fmt):
    for carrier in CARRIERS:
        text = render_sheet(build_sheet(Request(carrier), CARRIERS[carrier], localizer("en")), fmt)
        assert "research notes" not in text and "§" not in text


def test_each_source_is_listed_once_and_every_reference_points_into_the_list():
    for request, sheet in sheets():
        assert len(set(sheet.sources)) == len(sheet.sources)
        text = render_sheet(sheet, "md")
        refs = {int(n) for n in re.findall(r"\[(\d+)\]", text.split("\n## Sources\n")[0])}
        assert refs <= set(range(1, len(sheet.sources) + 1)), request


def test_a_carrier_without_stores_never_sends_you_to_one():
    for situation in ("own", "sim-lost", "abroad"):
        sheet = build_sheet(Request("t-mobile", situation=situation), CARRIERS["t-mobile"], localizer("en"))
        ids = [step.id for step in sheet.plan]
        assert "likely_store" not in ids and "representative" not in ids and "go_store" not in ids
        text = render_sheet(sheet, "md")
        assert "come to a store" not in text and "Где ближа́йший сало́н" not in text
    sheet = build_sheet(Request("t-mobile"), CARRIERS["t-mobile"], localizer("en"))
    assert "chat_instead" in [step.id for step in sheet.plan]
    assert "The carrier has no stores" in render_sheet(sheet, "md")


def test_a_lost_sim_is_blocked_first_from_any_phone():
    for carrier in CARRIERS:
        for sim in ("physical", "esim"):
            sheet = build_sheet(Request(carrier, situation="sim-lost", sim=sim), CARRIERS[carrier], localizer("en"))
            block = sheet.plan[0]
            assert block.id == "block", (carrier, [step.id for step in sheet.plan])
            own = CARRIERS[carrier].hotline.own_sim
            if own:  # the short number works only from the lost SIM: never the one to call
                assert own.number not in block.text
            assert "esim_after" not in [step.id for step in sheet.plan]  # a lost eSIM is a lost phone
            assert "esim_keep" not in sheet.checklist


def test_t2_ends_contracts_only_in_stores():
    sheet = build_sheet(Request("t2"), CARRIERS["t2"], localizer("en"))
    assert sheet.channels == ("hotline", "store")
    assert "covers: by phone and at a store;" in render_sheet(sheet, "md").splitlines()[2]


def test_markdown_turns_are_separate_items():
    text = render_sheet(build_sheet(Request("mts", channel="hotline"), CARRIERS["mts"], localizer("en")), "md")
    assert "\n- You answer:\n" in text and "\n  You answer:" not in text
