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
    assert "получатель WANG XIAOMING, БИК 044525225, счёт № 40817810938160925982" in text
    assert "статья 32 Закона «О защите прав потребителей»" in text


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
        assert "☐ на банковский счёт: получатель ____" in text and "☐ на банковскую карту № ____" in text


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
