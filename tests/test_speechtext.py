"""Text for speech: each small step on its own."""

import pytest

from callprep.speech.numerals import group_words, number_words, phone_words
from callprep.speech.text import drop_marks, expand_numbers, for_speech, spoken_latin


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "ноль"),
        (7, "семь"),
        (12, "двена́дцать"),
        (40, "со́рок"),
        (250, "две́сти пятьдеся́т"),
        (999, "девятьсо́т девяно́сто де́вять"),
    ],
)
def test_number_words(value, words):
    assert number_words(value) == words


def test_every_number_word_has_its_stress():
    from callprep.russian import stress_problems

    for value in range(1000):
        assert stress_problems(number_words(value)) == [], value


def test_every_number_is_written_as_num2words_writes_it():
    """Our own words for 0..999 (no num2words import on a run) are num2words' words."""
    from num2words import num2words

    from callprep.speech.numerals import cardinal

    for value in range(1000):
        assert cardinal(value) == num2words(value, lang="ru").split(), value


def test_number_words_range():
    with pytest.raises(ValueError):
        number_words(1000)


@pytest.mark.parametrize(
    ("group", "words"), [("08", "ноль во́семь"), ("90", "девяно́сто"), ("+", "плюс"), ("1234", "оди́н два три четы́ре")]
)
def test_group_words(group, words):
    assert group_words(group) == words


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (
            "+7 495 766-01-66",
            "плюс семь, четы́реста девяно́сто пять, семьсо́т шестьдеся́т шесть, ноль оди́н, шестьдеся́т шесть",
        ),
        ("8 800 250-08-90", "во́семь, восемьсо́т, две́сти пятьдеся́т, ноль во́семь, девяно́сто"),
        ("0890", "ноль восемьсо́т девяно́сто"),
        ("0500", "ноль пятьсо́т"),
        ("611", "шестьсо́т оди́ннадцать"),
        ("0611", "ноль шестьсо́т оди́ннадцать"),
        ("00", "ноль ноль"),
        ("88002500890", "во́семь во́семь ноль ноль два пять ноль ноль во́семь де́вять ноль"),
    ],
)
def test_phone_words(number, words):
    assert phone_words(number) == words


def test_expand_numbers():
    assert expand_numbers("Вот 5 рублей.") == "Вот пять рублей."
    assert expand_numbers("Звоните 0890.") == "Звоните ноль восемьсо́т девяно́сто."


def test_spoken_latin():
    assert spoken_latin("У меня́ eSIM, SIM-ка́рта и SMS.") == "У меня́ и-си́м, сим-ка́рта и эс-эм-э́с."
    assert spoken_latin("с t2") == "с тэ-два́"


def test_drop_marks():
    assert drop_marks("Мой но́мер: …") == "Мой но́мер."
    assert drop_marks("с «МегаФо́ном»") == "с МегаФо́ном"


def test_for_speech_has_no_stress_marks_or_digits():
    said = for_speech("Я хочу́ расто́ргнуть догово́р с t2. Мой но́мер: +7 912 345-67-89.")
    assert "\u0301" not in said
    assert not any(char.isdigit() for char in said)
    assert said.startswith("Я хочу расторгнуть договор с тэ-два.")
