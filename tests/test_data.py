"""The built-in data: carriers, phrases, scripts; and the validation of data files."""

import dataclasses
import datetime as dt

import pytest

from callprep.errors import DataFileError
from callprep.model import carriers
from callprep.model.common_facts import common_facts
from callprep.model.phones import display_number, normalize_number
from callprep.model.phrases import catalogue, parse_phrases
from callprep.model.scripts import scripts as load_scripts
from callprep.model.types import PhraseGroup, choices

BUILTIN = carriers.load_carriers()
REQUIRED_CARRIERS = {"mts", "megafon", "beeline", "t2", "yota", "t-mobile"}


def test_required_carriers_present():
    assert set(BUILTIN) >= REQUIRED_CARRIERS


@pytest.mark.parametrize("carrier", BUILTIN.values(), ids=list(BUILTIN))
def test_every_fact_sourced_and_dated(carrier):
    facts = carrier.named_facts()
    assert facts
    for name, fact in facts:
        assert fact.sources and all(source.strip() for source in fact.sources), name
        assert dt.date(2024, 1, 1) <= fact.checked <= dt.date.today(), name


@pytest.mark.parametrize("carrier", BUILTIN.values(), ids=list(BUILTIN))
def test_names_have_case_forms_with_stress(carrier):
    from callprep.russian import stress_problems

    names = carrier.names
    for form in (names.ru, names.ru_gen, names.ru_ins, names.ru_prep):
        assert stress_problems(form) == [], form


def _common_statements():
    facts = common_facts()
    found = []
    for name in (field.name for field in dataclasses.fields(facts)):
        value = getattr(facts, name)
        if isinstance(value, list):
            items = value
        elif isinstance(value, dict):
            items = list(value.values())
        else:
            items = [getattr(value, field.name) for field in dataclasses.fields(value)]
        found += [item for item in items if hasattr(item, "sources")]
    return found


def test_sources_are_real_sources_not_internal_references():
    """A source names a page, a document or a dataset, never our own notes ("research notes §12")."""
    facts = [fact for carrier in BUILTIN.values() for fact in carrier.facts()] + _common_statements()
    assert len(facts) > 60
    for fact in facts:
        for source in fact.sources:
            assert "research notes" not in source.lower() and "§" not in source, source


def test_known_numbers_are_exact():
    assert BUILTIN["mts"].hotline.any_phone.number == "+78002500890"
    assert BUILTIN["mts"].hotline.own_sim.number == "0890"
    assert BUILTIN["t2"].hotline.any_phone is None  # not found in the research: absent, not guessed
    assert BUILTIN["megafon"].hotline.abroad is None
    assert BUILTIN["beeline"].hotline.abroad is None  # §13: the current number was not found
    assert BUILTIN["beeline"].hotline.any_phone.number == "+78007000611"


@pytest.mark.parametrize(
    ("given", "normalised", "shown"),
    [
        ("8 800 250-08-90", "+78002500890", "8 800 250-08-90"),
        ("+7 (495) 766-01-66", "+74957660166", "8 495 766-01-66"),
        ("0611", "0611", "0611"),
        ("611", "611", "611"),
    ],
)
def test_phone_numbers(given, normalised, shown):
    assert normalize_number(given) == normalised
    assert display_number(normalised) == shown


def test_abroad_numbers_are_international():
    assert display_number("+74957660166", international=True) == "+7 495 766-01-66"


@pytest.mark.parametrize("bad", ["12345678", "8 800 25", "call us", "+7 000 000-00-00"])
def test_bad_phone_numbers(bad):
    with pytest.raises(ValueError):
        normalize_number(bad)


def _mts_text():
    from importlib import resources

    return (resources.files("callprep") / "data" / "carriers" / "mts.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('confidence = "high"', 'confidence = "certain"'), "legal_entity.confidence: 'certain': Input should be"),
        (("checked = 2026-11-27", 'checked = "soon"'), "channels.checked: 'soon'"),
        (("dated = 2025-07-14", 'dated = "2025-13"'), "hotline.own_sim.dated: '2025-13': not a real date"),
        (('required = ["passport"]', 'required = ["visa"]'), "documents.required.0: 'visa': unknown document"),
        (('ru = "МТС"', 'ru = ""'), "names.ru: '': String should have at least 1 character"),
        (('id = "mts"', 'id = "other"'), "id: 'other': must match the file name 'mts'"),
        (
            ('kind = "mno"', 'kind = "mno"\ncolour = "red"'),
            "colour: not a known field; valid: id, names,",
        ),
    ],
)
def test_data_errors_name_file_field_and_value(change, message):
    old, new = change
    text = _mts_text()
    assert old in text
    with pytest.raises(DataFileError) as error:
        carriers.parse_carrier_file("x/mts.toml", text.replace(old, new, 1))
    assert f"x/mts.toml: {message}" in str(error.value)


def test_missing_sources_is_an_error():
    text = _mts_text()
    line = next(line for line in text.splitlines(keepends=True) if line.startswith("sources = "))
    text = text.replace(line, "", 1)
    with pytest.raises(DataFileError, match=r"channels\.sources: Field required"):
        carriers.parse_carrier_file("mts.toml", text)


def test_phrases_all_stressed_and_unique():
    entries = catalogue()
    assert len(entries) > 50
    assert {entry.group for entry in entries.values()} == set(choices(PhraseGroup))


def test_unstressed_phrase_rejected():
    text = '[[phrase]]\nid = "x"\ngroup = "greeting"\nspeaker = "you"\nru = "Здравствуйте"\nen = "Hello"\n'
    with pytest.raises(DataFileError, match="stress mark missing or misplaced in Здравствуйте"):
        parse_phrases("p.toml", text)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('proxy_ru = "Есть ли задолженность?"\nproxy_en = "Any debt?"\n', "stress mark missing or misplaced"),
        ('proxy_ru = "Есть ли задо́лженность?"\n', "proxy_ru and proxy_en go together"),
        ('proxy_ru = "Я от {carrier_gen}."\nproxy_en = "I am from %(carrier)s."\n', "a proxy variant names no carrier"),
    ],
)
def test_proxy_variant_validated_like_ru(extra, message):
    entry = '[[phrase]]\nid = "x"\ngroup = "money"\nspeaker = "you"\nru = "Да."\nen = "Yes."\n'
    with pytest.raises(DataFileError, match=message):
        parse_phrases("p.toml", entry + extra)


def test_duplicate_phrase_id_rejected():
    entry = '[[phrase]]\nid = "x"\ngroup = "greeting"\nspeaker = "you"\nru = "Да."\nen = "Yes."\n'
    with pytest.raises(DataFileError, match="used twice"):
        parse_phrases("p.toml", entry * 2)


def test_scripts_refer_to_known_phrases_and_documents():
    known = catalogue()
    scripts = load_scripts()
    for step in scripts.hotline + scripts.store + scripts.chat:
        for phrase_id in step.say + step.answer + ([step.hear] if step.hear else []):
            assert phrase_id in known, phrase_id
    documents = common_facts().documents
    for situation in scripts.situations.values():
        for doc_id in situation.add_documents + situation.drop_documents:
            assert doc_id in documents


def test_extractor_takes_the_proxy_meanings():
    import io
    from importlib import resources

    from callprep.extract import extract_data

    data = (resources.files("callprep") / "data" / "phrases.toml").read_bytes()
    messages = {message for _line, _func, message, _comments in extract_data(io.BytesIO(data), [], [], {})}
    assert "Is there any debt on this number?" in messages
    assert all(entry.proxy_en in messages for entry in catalogue().values() if entry.proxy_en)


def test_online_advice_in_the_chat_notes():
    """The how-to's advice on cancelling online, for the layout to show beside the chat messages."""
    notes = " ".join(step.note or "" for step in load_scripts().chat)
    assert "access to the phone or e-mail bound to the account" in notes
    assert "phishing sites and fake apps exist" in notes
    assert "any e-mail with the request number" in notes
    assert "the number gone from the «Сим-карты» list on Gosuslugi" in notes
    assert "access to the phone or e-mail bound to it" in common_facts().documents["app_login"].en
