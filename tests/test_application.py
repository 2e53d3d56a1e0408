"""Applications: every carrier, both kinds, all formats; blank forms; no markup injection; privacy."""

import copy
import datetime as dt
import logging
import re

import pytest
import responses
from audio_helpers import ok, sent_texts
from hypothesis import given, settings
from hypothesis import strategies as st
from profile_helpers import SAMPLE, SECRETS, write
from pydantic import ValidationError

from callprep.documents.application import build_application
from callprep.documents.render import render_application
from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.model.profile import Profile

CARRIERS = load_carriers()
DAY = dt.date(2026, 11, 26)


def sample(**changes):
    raw = copy.deepcopy(SAMPLE)
    raw["passport"]["issued"] = dt.date.fromisoformat(raw["passport"]["issued"])
    for key, value in changes.items():
        raw[key] = value
    return Profile.model_validate(raw)


@pytest.mark.parametrize("kind", ["termination", "refund"])
@pytest.mark.parametrize("carrier_id", list(CARRIERS))
def test_every_carrier(carrier_id, kind):
    carrier = CARRIERS[carrier_id]
    text = render_application(build_application(kind, carrier, localizer("en"), sample(), DAY), "md", localizer("en"))
    entity = carrier.legal_entity.value if carrier.legal_entity and carrier.legal_entity.confidence != "low" else None
    if entity:
        assert text.startswith(f"В {entity}")
    else:
        assert "(название оператора — как в вашем договоре)" in text
    assert "Заявитель: Ван Сяомин (WANG XIAOMING)" in text and "Гражданство: Китай" in text
    assert "Паспорт: № E98765432, выдан 15 марта 2021\u202fг., Ministry of Public Security of the PRC" in text
    assert "Дата: 26 ноября 2026\u202fг." in text and "Подпись: ____________ / Ван Сяомин (WANG XIAOMING) /" in text
    assert "Отметка о принятии заявления (заполняет сотрудник оператора)" in text
    assert "Перевод для вас — не подавать · Translation for you: do not submit this page" in text
    subject = (
        "о расторжении договора об оказании услуг связи"
        if kind == "termination"
        else "о возврате остатка денежных средств"
    )
    assert subject in text
    details = "получатель WANG XIAOMING, БИК 044525225, счёт № 40817810938160925982"
    assert f"перечислить на банковский счёт по реквизитам: {details}" in text
    law = "статья 32 Закона Российской Федерации от 07.02.1992 № 2300-1 «О защите прав потребителей»"
    assert law in text
    # art. 32 is cited with its condition, in both applications
    assert "в любое время при условии оплаты исполнителю фактически понесённых им расходов (" + law in text
    assert "Контактный телефон / e-mail для ответа: ____" in text
    russian = text.split("Перевод для вас")[0]
    for line in russian.splitlines():
        assert "::" not in line.replace(" ", "") and ": на " not in line, line


def test_refund_routes_are_one_sentence_without_two_colons():
    for method, expected in (
        ("card", "Денежные средства прошу перечислить на банковскую карту № 4276380012345679."),
        ("other_number", "Денежные средства прошу перевести на абонентский номер +7 912 345-67-89."),
    ):
        profile = sample()
        refund = {"method": method, "card": "4276 3800 1234 5679"} if method == "card" else {}
        if method == "other_number":
            refund = {"method": method, "number": "+79123456789"}
        profile = Profile.model_validate({**profile.model_dump(exclude_none=True), "refund": refund})
        text = render_application(
            build_application("refund", CARRIERS["mts"], localizer("en"), profile, DAY), "txt", localizer("en")
        )
        assert expected in text
        assert "Реквизиты для возврата" not in text
    termination = render_application(
        build_application("termination", CARRIERS["mts"], localizer("en"), sample(), DAY), "txt", localizer("en")
    )
    assert (
        "Остаток денежных средств на лицевом счёте прошу перечислить на банковский счёт по реквизитам: "
        "получатель WANG XIAOMING, БИК 044525225, счёт № 40817810938160925982." in termination
    )


def test_separate_refund_application_is_announced():
    text = render_application(
        build_application("termination", CARRIERS["mts"], localizer("en")), "txt", localizer("en")
    )
    assert "Заявление о возврате остатка денежных средств на лицевом счёте подаю отдельно." in text


def test_contact_from_the_profile():
    profile = Profile.model_validate({**sample().model_dump(exclude_none=True), "contact": "wang@example.com"})
    text = render_application(
        build_application("termination", CARRIERS["mts"], localizer("en"), profile, DAY), "txt", localizer("en")
    )
    assert "Контактный телефон / e-mail для ответа: wang@example.com" in text
    phone = Profile.model_validate({**sample().model_dump(exclude_none=True), "contact": "+86 138 0013 8000"})
    assert phone.contact == "+86 138 0013 8000"
    with pytest.raises(ValidationError):
        Profile.model_validate({**sample().model_dump(exclude_none=True), "contact": "call me"})


@pytest.mark.parametrize("kind", ["termination", "refund"])
def test_a_representative_never_says_with_me(kind):
    """A representative submits it: «заключённый с» the subscriber, the representative's own lines, their signature."""
    for profile in (sample(), None):
        application = build_application(kind, CARRIERS["mts"], localizer("zh"), profile, DAY, proxy=True)
        text = render_application(application, "txt", localizer("zh"))
        assert "со мной" not in text and "Действуя от имени абонента" in text
        assert "Представитель абонента (ФИО, паспорт): ____" in text
        assert "Доверенность (номер, дата, нотариус): ____" in text
        if kind == "termination":
            owner = "Ван Сяомин (WANG XIAOMING)" if profile else "____"
            assert f"заключённый с {owner}" in text
        if profile:
            assert "Абонент (владелец номера): Ван Сяомин (WANG XIAOMING)" in text
            assert "Подпись: ____________ / ____" in text  # not the subscriber's name: the representative signs


def test_low_confidence_entity_is_a_line_to_fill_from_the_contract():
    """T-Mobile's legal entity has one weak source: the sheet shows it, the application leaves a line."""
    carrier = CARRIERS["t-mobile"]
    assert carrier.legal_entity.confidence == "low"
    text = render_application(
        build_application("termination", carrier, localizer("en"), sample(), DAY), "md", localizer("en")
    )
    assert "(название оператора — как в вашем договоре)" in text
    assert "Т-Мобайл" not in text


def test_termination_cites_rules_59():
    text = render_application(
        build_application("termination", CARRIERS["mts"], localizer("en"), sample(), DAY), "txt", localizer("en")
    )
    assert "постановлением Правительства Российской Федерации от 24.01.2024 № 59" in text
    assert (
        "Прошу расторгнуть договор об оказании услуг связи № 77-123456, заключённый со мной в отношении "
        "абонентского номера +7 912 345-67-89" in text
    )


@pytest.mark.parametrize(
    ("kind", "fmt"), [("termination", "html"), ("termination", "md"), ("termination", "txt"), ("refund", "md")]
)
def test_snapshots(kind, fmt, snapshot):
    """Each format once, and the refund's own wording once."""
    loc = localizer("zh")
    application = build_application(kind, CARRIERS["t2"], loc, sample(), DAY)
    snapshot(f"application-t2-{kind}-zh.{fmt}", render_application(application, fmt, loc))


@pytest.mark.parametrize("kind", ["termination", "refund"])
def test_blank_form(kind):
    text = render_application(build_application(kind, CARRIERS["beeline"], localizer("zh")), "md", localizer("zh"))
    assert "Заявитель: ____" in text and "Дата: ____" in text
    assert "WANG" not in text
    if kind == "refund":
        assert "Денежные средства прошу (отметьте один способ):" in text
        assert "☐ перечислить на банковский счёт по реквизитам: получатель ____" in text
        assert "☐ перечислить на банковскую карту № ____" in text and "☐ перевести на абонентский номер ____" in text


def test_cli_application(run, tmp_path):
    me = write(tmp_path / "me.toml")
    result = run("application", "t2", "--profile", str(me), "--kind", "refund", "--format", "md")
    assert result.exit_code == 0 and "о возврате остатка денежных средств" in result.output
    target = tmp_path / "zayavlenie.html"
    assert run("application", "mts", "--profile", str(me), "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert run("application", "mts", "--blank", "--format", "txt").exit_code == 0


def test_cli_application_needs_profile_or_blank(run, tmp_path):
    assert run("application", "mts").exit_code == 2
    both = run("application", "mts", "--blank", "--profile", str(write(tmp_path / "me.toml")))
    assert both.exit_code == 2 and "--profile FILE" in both.output


def test_cli_bad_profile_shows_no_value(run, tmp_path):
    bad = copy.deepcopy(SAMPLE)
    bad["refund"]["account"] = "40817810938160925983"
    result = run("application", "mts", "--profile", str(write(tmp_path / "me.toml", bad)))
    assert result.exit_code == 1 and "refund.account: not valid" in result.output
    assert not any(secret in result.output for secret in SECRETS)


free_text = st.text(alphabet=st.sampled_from(list("<>&\"'/ abcscript=onЖ")), min_size=5, max_size=60).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(issuer=free_text, address=free_text, recipient=free_text)
def test_profile_values_cannot_inject_markup(issuer, address, recipient):
    raw = copy.deepcopy(SAMPLE)
    raw["passport"] = {**raw["passport"], "issuer": issuer, "issued": dt.date(2021, 3, 15)}
    raw["address"] = address
    raw["refund"] = {**raw["refund"], "recipient": recipient}
    profile = Profile.model_validate(raw)
    for kind in ("termination", "refund"):
        html = render_application(
            build_application(kind, CARRIERS["mts"], localizer("en"), profile, DAY), "html", localizer("en")
        )
        body = html.split("<body>", 1)[1]
        tags = set(re.findall(r"</?([a-zA-Z0-9]+)", body))
        assert tags <= {"article", "p", "div", "h1", "span", "ul", "li", "b", "body", "html"}, tags


@responses.activate
def test_profile_values_never_leave_the_machine(run, tmp_path, caplog, monkeypatch):
    monkeypatch.setattr("callprep.speech.engines.time.sleep", lambda seconds: None)
    caplog.set_level(logging.DEBUG)
    ok(responses)
    me = write(tmp_path / "me.toml")
    result = run(
        "bundle",
        "mts",
        "--lang",
        "zh",
        "--engine",
        "gtts",
        "--no-slow",
        "--profile",
        str(me),
        "-o",
        str(tmp_path / "out"),
    )
    assert result.exit_code == 0, result.output
    sent = sent_texts(responses)
    assert len(sent) > 50
    spoken_number = "девятьсот двенадцать"
    for text in sent:
        assert spoken_number not in text and not any(secret in text for secret in SECRETS)
    assert not any(secret in result.output for secret in SECRETS)
    assert not any(secret in record.getMessage() for record in caplog.records for secret in SECRETS)
    assert not any(secret in str(path) for path in (tmp_path / "home").rglob("*") for secret in SECRETS)
    folder = tmp_path / "out"
    assert (folder / "application-termination.html").is_file() and (folder / "application-refund.html").is_file()
    assert "Вот запо́лненное заявле́ние." in (folder / "sheet.md").read_text(encoding="utf-8")
    assert "application-refund.html" in (folder / "index.html").read_text(encoding="utf-8")
    manifest = (folder / "audio" / "manifest.json").read_text(encoding="utf-8")
    assert '"id": "my_number"' in manifest and "personal data: spoken offline" in manifest
