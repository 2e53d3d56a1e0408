"""Stress marks and transliteration."""

import pytest

from callprep.russian import STRESS, stress_problems, strip_stress, transliterate


def test_strip_stress():
    assert strip_stress("Здра́вствуйте") == "Здравствуйте"
    assert STRESS not in strip_stress("расто́ргнуть догово́р")


@pytest.mark.parametrize(
    ("russian", "latin"),
    [
        ("Здра́вствуйте!", "Zdrávstvuyte!"),
        ("Я хочу́ расто́ргнуть догово́р.", "Ya khochú rastórgnut dogovór."),
        ("по-ру́сски", "po-rússki"),
        ("Вот SIM-ка́рта.", "Vot SIM-kárta."),
        ("ещё", "yeshchyó"),
        ("заключён", "zaklyuchyón"),
        ("всё", "vsyo"),
        ("МТС", "MTS"),
    ],
)
def test_transliterate_keeps_stress(russian, latin):
    assert transliterate(russian) == latin


@pytest.mark.parametrize(
    ("russian", "latin"),
    [
        ("Пришли́те код из SMS.", "Prishlíte kod iz es-em-és."),
        ("Я хочу́ расто́ргнуть догово́р с МТС.", "Ya khochú rastórgnut dogovór s em-te-és."),
        ("догово́р с t2", "dogovór s te-dvá"),
        ("Вот SIM-ка́рта.", "Vot sim-kárta."),
        ("У меня́ eSIM.", "U menyá i-sím."),
    ],
)
def test_tokens_are_shown_as_said(russian, latin):
    from callprep.model.spoken import speech_words

    assert transliterate(russian, speech_words().spoken) == latin


@pytest.mark.parametrize(
    "text",
    ["Здра́вствуйте!", "два", "МТС", "ещё", "по-ру́сски", "Спаси́бо, э́то всё.", "SIM-ка́рта"],
)
def test_well_stressed(text):
    assert stress_problems(text) == []


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Здравствуйте!", ["Здравствуйте"]),
        ("спа́си́бо", ["спа́си́бо"]),
        ("два́", ["два́"]),
        ("ещё́", ["ещё́"]),
        ("пас́порт", ["пас́порт"]),
    ],
)
def test_stress_problems_found(text, bad):
    assert stress_problems(text) == bad
