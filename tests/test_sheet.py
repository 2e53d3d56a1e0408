"""The sheet: snapshots for every carrier x channel x language, and what each must contain."""

import dataclasses
import json
import re

import pytest

from callprep.documents.render import render_sheet
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.russian import strip_stress
from callprep.sheet.build import build_sheet
from callprep.sheet.model import Request

CARRIERS = load_carriers()


def render(carrier_id, fmt="md", **options):
    request = Request(carrier_id, **options)
    return render_sheet(build_sheet(request, CARRIERS[carrier_id], localizer(request.language)), fmt)


@pytest.mark.parametrize("carrier_id", list(CARRIERS))
def test_snapshot_every_carrier(carrier_id, snapshot):
    """Each carrier's full sheet (all channels) in English."""
    snapshot(f"{carrier_id}-all-en.md", render(carrier_id, channel="all", language="en"))


def test_snapshot_chinese(snapshot):
    snapshot("mts-all-zh.md", render("mts", channel="all", language="zh"))


@pytest.mark.parametrize("fmt", ["txt", "html", "json"])
def test_snapshot_other_formats(fmt, snapshot):
    snapshot(f"beeline-store-esim-zh.{fmt}", render("beeline", fmt, channel="store", sim="esim", language="zh"))


def test_sections_by_channel():
    everything = render("mts")
    assert "## Hotline call script" in everything and "## Store visit script" in everything
    hotline = render("mts", channel="hotline")
    assert "## Store visit script" not in hotline and "## Hotline call script" in hotline
    online = render("mts", channel="online")
    assert "## Hotline call script" not in online and "## Appendix A: cancelling online" in online
    for text in (everything, hotline, online):
        assert "## Appendix B: eSIM" in text and "## Rules for foreign citizens" in text


def numbered_sources(text: str) -> dict[int, str]:
    """The Sources list at the end of a Markdown sheet: number -> source."""
    part = text.split("\n## Sources\n", 1)[1]
    return {int(n): source for n, source in re.findall(r"^\[(\d+)\] (.+)$", part, flags=re.M)}


def assert_sourced(text: str, line: str, source: str, certainty: str | None = None) -> None:
    """``line`` is in the sheet, and the references right after it (same or next line) lead to
    a source in the Sources list that contains ``source``."""
    lines = text.splitlines()
    at = next(index for index, each in enumerate(lines) if line in each)
    near = " ".join(lines[at : at + 4])
    refs = [int(n) for n in re.findall(r"\[(\d+)\]", near)]
    listed = numbered_sources(text)
    assert any(source in listed[n] for n in refs), (line, source, [listed[n] for n in refs])
    if certainty:
        assert certainty in near, (line, certainty)


def test_header_numbers_and_one_sources_list():
    text = render("beeline")
    assert_sourced(text, "Legal entity: ПАО «ВымпелКом»", "news on VimpelCom as the Beeline operator")
    assert "From a SIM card of this carrier: **0611**" in text
    assert "From abroad: not verified" in text
    listed = numbered_sources(text)
    assert len(set(listed.values())) == len(listed)  # each source once
    assert "Facts were last checked on November 27, 2026" in text


@pytest.mark.parametrize(
    ("carrier_id", "line", "source"),
    [
        ("beeline", "From any Russian phone: **8 800 700-06-11**", "public GitHub code of a Beeline-themed help bot"),
        ("megafon", "Keys reported for this carrier: 0", "eng.kakprosto.ru/how-114390"),
        ("megafon", "From any Russian phone: **8 800 550-05-00**", "two more public data files"),
        ("mts", "Keys reported for this carrier: 1, then 0", "sovetclub.ru (translated page)"),
        ("mts", "Legal entity: ПАО «МТС»", "saved copy of mts.ru in a public repository"),
        ("megafon", "Legal entity: ПАО «МегаФон»", "saratov.megafon.ru/help/faq/terms_of_sales.html"),
        ("t-mobile", "Legal entity: ООО «Т-Мобайл» (ИНН 7743202958)", "one public data file"),
        ("beeline", "Google Play: ru.beeline.services; App Store: id569251594.", "help bot"),
        ("beeline", "At the office Beeline asks foreign nationals for the original passport", "notice-en"),
    ],
)
def test_second_research_pass_facts_shown_with_their_source(carrier_id, line, source):
    assert_sourced(render(carrier_id), line, source)


def test_unknown_facts_say_not_verified():
    text = render("t-mobile")
    assert "Official app: not verified" in text
    assert "From abroad: not verified" in text
    unknown = dataclasses.replace(CARRIERS["t-mobile"], legal_entity=None)
    sheet = build_sheet(Request("t-mobile"), unknown, localizer("en"))
    assert "Legal entity: not verified" in render_sheet(sheet, "md")


def test_store_script_asks_for_refund_and_stamped_copy():
    text = render("t2", channel="store")
    assert "Я хочу́ верну́ть оста́ток де́нег с бала́нса." in text
    assert "Да́йте, пожа́луйста, ко́пию заявле́ния с отме́ткой о приёме." in text


def test_hotline_script_has_questions_answers_and_write_down():
    text = render("mts", channel="hotline")
    for expected in (
        "Назови́те, пожа́луйста, ко́довое сло́во.",
        "Продикту́йте, пожа́луйста, се́рию и но́мер па́спорта.",
        "Почему́ вы хоти́те расто́ргнуть догово́р?",
        "Мы мо́жем предложи́ть вам бо́лее вы́годный тари́ф.",
        "Где ближа́йший сало́н, в кото́ром мо́жно расто́ргнуть догово́р?",
        "the request number; the date and time of the call; the operator's name",
        "Keys reported for this carrier: 1, then 0",
    ):
        assert expected in text


def test_carrier_name_declined_in_phrases():
    assert "догово́р с «МегаФо́ном»" in render("megafon")
    assert "догово́р с «Била́йном»" in render("beeline")


@pytest.mark.parametrize(
    ("situation", "present", "absent"),
    [
        ("own", ["Your passport: the identity document"], ["notarized power of attorney from the subscriber —"]),
        (
            "proxy",
            ["A notarized power of attorney from the subscriber", "The representative's own passport"],
            ["## Hotline call script"],
        ),
        ("passport-changed", ["The old passport, or a paper showing that it was replaced"], []),
        ("sim-lost", ["У меня́ потеря́лась SIM-ка́рта."], ["- The SIM card — SIM-карта"]),
    ],
)
def test_documents_by_situation(situation, present, absent):
    text = render("mts", situation=situation)
    for expected in present:
        assert expected in text
    for unexpected in absent:
        assert unexpected not in text


def test_t2_proxy_needs_money_power_of_attorney():
    text = render("t2", situation="proxy")
    assert "covering acting under the contract and receiving money" in text


def test_esim_sheet_warns_to_keep_the_profile():
    text = render("yota", sim="esim")
    assert "Keep the eSIM on your phone until the contract is ended" in text
    assert "У меня́ eSIM, электро́нная SIM-ка́рта." in text
    assert "У меня́ eSIM" not in render("yota", sim="physical")


def test_html_is_escaped_and_links_numbers():
    html = render("mts", "html")
    assert 'href="tel:+78002500890"' in html
    assert 'href="tel:0890"' in html
    assert '<p class="ru" lang="ru">' in html
    assert "ПАО «МТС»" in html
    assert "<script" not in html


def test_json_is_the_data_model():
    data = json.loads(render("t2", "json", channel="store", language="zh"))
    sheet = data["sheet"]
    assert sheet["request"] == {
        "carrier": "t2",
        "channel": "store",
        "sim": "physical",
        "situation": "own",
        "language": "zh",
        "application": False,
    }
    assert sheet["hotline"] is None
    assert sheet["legal_entity"]["value"] == "ООО «Т2 Мобайл»"
    assert sheet["store"]["steps"][0]["heard"]["meaning"] == "有什么可以帮您？"


def test_languages_switch_within_one_process():
    english = render("mts", language="en")
    chinese = render("mts", language="zh")
    assert render("mts", language="en") == english
    assert render("mts", language="zh") == chinese
    assert "Mobile network operator" not in chinese and "移动网络运营商" not in english


def test_online_sheet_has_chat_messages_without_stress():
    text = render("t-mobile", channel="online")
    assert "### Messages for the support chat" in text
    assert (
        "- Я хочу расторгнуть договор с «Т-Мобайлом» и закрыть номер. — I want to terminate my contract with T-Mobile"
        in text
    )
    chat = text.split("### Messages for the support chat", 1)[1].split("## Appendix B", 1)[0]
    assert "\u0301" not in chat
    assert "Messages for the support chat" not in render("mts", channel="store")


def test_rules_and_rights_from_the_second_pass_shown_with_their_source():
    text = render("mts")
    rules = text.split("## Rules for foreign citizens", 1)[1].split("\n## ", 1)[0]
    for expected in (
        "no more than 10 numbers, corporate numbers included (a Russian citizen: 20)",
        "The Gosuslugi service «Сим-карты» (since 1 April 2025) lists the numbers registered to you",
        "the SIM does not work until the new IMEI is added",
        "Gosuslugi is not needed.",
    ):
        assert expected in rules, expected
    # only what matters to someone ending a contract: no rules about getting a new SIM
    for gone in ("303-FZ", "SNILS", "A new contract is signed only in person"):
        assert gone not in rules, gone
    listed = numbered_sources(text).values()
    for source in ("ferra.ru (quoting Mintsifry)", "kommersant.ru/doc/8193569", "ealegislation.com"):
        assert any(source in each for each in listed), source
    rights = text.split("## Your rights", 1)[1].split("\n## ", 1)[0]
    for expected in (
        "in force from 1 September 2024 for 6 years (they replaced the rules of Decree No. 1342 of 9 December 2014",
        "Article 32 of the Consumer Protection Law (Law No. 2300-1 of 7 February 1992: a consumer may refuse",
        "on condition of paying the provider's actual costs) and from Article 782, point 1, of the Civil Code.",
        "a review of the Supreme Court of 18 October 2023 (point 10)",
        "source dated October 18, 2023",
    ):
        assert expected in rights, expected


def test_new_shared_facts_carry_their_source():
    """The eSIM and dialling facts of the second pass, in the data with source and check date
    (the sheet's layout decides where they are shown)."""
    from callprep.model.common_facts import common_facts

    facts = common_facts()
    expected = [
        (facts.esim.android_ru, "«Стереть SIM-карту»", "high", "aosp-mirror/platform_packages_apps_settings"),
        (facts.esim.android_keeps_plan, "останется активным", "high", "res/values-ru/strings.xml"),
        (facts.esim.iphone_warning, "Your cellular plan will not be canceled.", "medium", "esimdb.com"),
        (facts.dialling.from_abroad, "never an 8-800 number", "low-medium", "ph4.org"),
    ]
    for fact, text, confidence, source in expected:
        assert text in fact.text and fact.confidence == confidence
        assert any(source in each for each in fact.sources)
        assert str(fact.checked) == "2026-11-27"
    shown = render("mts", sim="esim")
    assert "Deleting an eSIM profile from the phone does not end the contract" in shown
    assert_sourced(
        shown, "«Стереть SIM-карту»", "Android Settings translations", "official or several reputable sources"
    )


FIRST_PERSON_OWNER = re.compile(r"\b(у меня|мой|моя|моё|мои|моего|моей|мою|моим|моих|мне|меня|мной)\b", re.IGNORECASE)
GENDERED = re.compile(r"\b(уехал|уехала|ему|ей|него|неё|потерял|потеряла|забыл|забыла)\b", re.IGNORECASE)


def test_every_proxy_variant_speaks_of_the_owner_in_the_third_person():
    """What a representative says never makes them the owner, and never shows the owner's gender."""
    from callprep.model.phrases import catalogue, make_phrase

    variants = 0
    for entry in catalogue().values():
        for carrier in (None, CARRIERS["mts"]):
            said = strip_stress(make_phrase(entry, carrier, lambda text: text, "proxy").ru)
            if entry.speaker == "you":
                assert not FIRST_PERSON_OWNER.search(said), (entry.id, said)
            assert not GENDERED.search(said), (entry.id, said)
        variants += entry.proxy_ru is not None
    assert variants >= 19


@pytest.mark.parametrize("carrier_id", [c for c in CARRIERS if "store" in CARRIERS[c].offered_channels()])
@pytest.mark.parametrize("sim", ["physical", "esim"])
def test_proxy_sheet_russian_is_third_person(carrier_id, sim):
    request = Request(carrier_id, situation="proxy", sim=sim)
    sheet = build_sheet(request, CARRIERS[carrier_id], localizer("en"))
    for phrase in sheet.phrases:
        assert not FIRST_PERSON_OWNER.search(strip_stress(phrase.ru)), phrase.ru
    text = strip_stress(render(carrier_id, situation="proxy", sim=sim))
    text = re.sub(r"«Мой [^»]+»", "«app»", text)  # app brands such as «Мой МТС»
    assert not FIRST_PERSON_OWNER.search(text) and not GENDERED.search(text)
    assert "Есть ли задолженность по этому номеру?" in text
    assert "Is there any debt on this number?" in text
    assert "Владелец номера уже не живёт в России, и этот номер больше не нужен." in text


def test_own_sheet_keeps_the_first_person():
    text = render("mts", channel="store")
    assert "Есть ли у меня́ задо́лженность?" in text and "Вот мой па́спорт." in text
    assert "по э́тому но́меру" not in text


def test_proxy_phrases_in_the_audio_are_the_spoken_ones():
    from callprep.speech.selection import phrases_for_audio

    request = Request("t2", situation="proxy")
    spoken = {p.id: p.ru for p in phrases_for_audio(request, CARRIERS["t2"], localizer("en"))}
    assert spoken["any_debt"] == "Есть ли задо́лженность по э́тому но́меру?"
    assert spoken["here_passport"] == "Вот па́спорт."


def test_hotline_asks_for_the_registration_address_with_answers_for_a_foreigner():
    text = render("mts", channel="hotline")
    step = text.rsplit("Назови́те, пожа́луйста, а́дрес регистра́ции.", 1)[1].split("They may say:", 1)[0]
    assert "Мой а́дрес по ме́сту пребыва́ния: …" in step
    assert "У меня́ нет а́дреса регистра́ции в Росси́и." in step and "I have no registration address in Russia." in step
    assert "tear-off slip of the migration registration" in step


def test_original_advice_kept_in_the_scripts():
    hotline = render("beeline", channel="hotline", sim="esim")
    assert "Скажи́те, пожа́луйста, часы́ рабо́ты сало́на." in hotline
    assert "look at the store map in the carrier's app or on its website" in hotline
    assert "Record the call if your phone can, and keep the recording, the SMS and any e-mail" in hotline
    assert "Пришли́те, пожа́луйста, подтвержде́ние на электро́нную по́чту." in hotline
    assert "the number gone from the «Сим-карты» list on Gosuslugi" in hotline
    store = render("beeline", channel="store", sim="esim")
    assert "check the store's opening hours on the store map in the carrier's app" in store
    assert "the number gone from the «Сим-карты» list on Gosuslugi" in store
    assert "any SMS or e-mail with the request number" in store
    online = render("beeline", channel="online")
    assert "access to the phone or e-mail bound to it" in online


def test_abroad_sheet_is_hotline_and_online_with_the_abroad_phrases():
    text = render("mts", situation="abroad")
    assert "## Hotline call script" in text and "## Store visit script" not in text
    assert "you have left Russia" in text
    assert "never an 8-800 number (those are free only for calls made in Russia)" in text
    assert "Я сейча́с за грани́цей." in text and "I am abroad now." in text
    assert "Я уже́ не живу́ в Росси́и, и э́тот но́мер мне бо́льше не ну́жен." in text
    assert "Как мо́жно расто́ргнуть догово́р дистанцио́нно?" in text
    assert "Мо́жно расто́ргнуть догово́р че́рез представи́теля по нотариа́льной дове́ренности?" in text
    assert "Где ближа́йший сало́н" not in text.split("### Messages for the support chat")[0]
    assert "Я уезжа́ю из Росси́и" not in text
    assert "Я сейчас за границей." in text.split("### Messages for the support chat", 1)[1]
    assert "From abroad: **+7 495 766-01-66**" in text


def test_abroad_does_not_go_with_the_store():
    from callprep.errors import UsageProblem

    with pytest.raises(UsageProblem, match="--situation abroad does not go with --channel store"):
        render("t2", channel="store", situation="abroad")


def test_proxy_bundle_phrasebook_and_number_are_third_person():
    from callprep.documents.bundle import plan_bundle

    plan = plan_bundle(Request("t2", situation="proxy"), CARRIERS["t2"], localizer("en"), my_number="+79123456789")
    for phrase in plan.book_phrases + plan.sheet_phrases:
        if phrase.speaker == "you":
            assert not FIRST_PERSON_OWNER.search(strip_stress(phrase.ru)), phrase.ru
    number = next(p for p in plan.book_phrases if p.id == "my_number")
    assert number.ru.startswith("Но́мер владе́льца: ") and number.meaning.startswith("The owner's number is +7 912")
    own = plan_bundle(Request("t2"), CARRIERS["t2"], localizer("en"), my_number="+79123456789")
    assert next(p for p in own.book_phrases if p.id == "my_number").ru.startswith("Мой но́мер: ")


@pytest.mark.parametrize("carrier_id", list(CARRIERS))
def test_tap_to_dial_links_are_e164_or_short_and_never_carry_keys(carrier_id):
    html = render(carrier_id, "html")
    links = re.findall(r'href="tel:([^"]*)"', html)
    assert links
    for link in links:
        assert re.fullmatch(r"\+\d{11,15}|\d{3,4}", link), link  # no *, #, pauses or key presses
    assert '<p class="then">' in html  # what to do after the number: keys, or say «Опера́тор»


def text_rows(carrier_id):
    table = render(carrier_id, channel="hotline").split("| They may ask |", 1)[1].split("\n\n", 1)[0]
    return table.count("\n| ")  # the rows under the header and its rule


def test_the_call_as_a_picture_and_as_a_branch_table():
    html = render("mts", "html", channel="hotline")
    svg = html.split('<figure class="callflow">', 1)[1].split("</figure>", 1)[0]
    assert "<script" not in svg and 'lang="ru"' in svg and "<title" in svg
    assert "Dial 0890" in svg and "Likely outcome" in svg
    assert svg.count("If asked:") == text_rows("mts") > 5  # one box to the side per branch of the script
    text = render("mts", channel="hotline")
    assert "| They may ask | In Russian | You answer |" in text
    assert "| Please tell me your code word. | Назови́те, пожа́луйста, ко́довое сло́во." in text
    plain = render("mts", "txt", channel="hotline")
    assert "If they ask: Please tell me your code word. («Назови́те, пожа́луйста, ко́довое сло́во.») →" in plain
    assert '<figure class="callflow">' not in render("mts", "html", channel="store")


def test_the_call_pictures_text_units_are_those_of_the_plain_character_class():
    """callflow.break_units avoids the class [^\\s\\u2e80-\\uffef] only because it is slow to compile."""
    import random
    import re

    from callprep.documents.callflow import break_units

    plain = re.compile(r"\s+|[^\s\u2e80-\uffef]+|.", re.S)
    pieces = ["拨打", "0890", " ", "MTS", "，", "请转人工。", "SIM-карта", "\u3000", "eSIM", "（", "）", "\n", "a", "—"]
    chooser = random.Random(7)
    for _ in range(500):
        text = "".join(chooser.choice(pieces) for _ in range(chooser.randrange(1, 12)))
        assert break_units(text) == plain.findall(text), text
