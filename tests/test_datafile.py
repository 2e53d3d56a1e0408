"""The one TOML loader: every data file fails in the same shape (file, line or field, value cut
to 80 characters, what is valid); the profile never shows a value."""

import pytest

from callprep.errors import DataFileError
from callprep.model.carriers import parse_carrier_file
from callprep.model.common_facts import CommonFacts
from callprep.model.datafile import VALUE_LIMIT, load_toml
from callprep.model.phrases import PhraseFile
from callprep.model.scripts import Scripts
from callprep.model.spoken import SpeechWords
from callprep.model.wording import WordingFile


@pytest.mark.parametrize("model", [CommonFacts, Scripts, PhraseFile, WordingFile, SpeechWords])
def test_broken_toml_names_file_line_and_column(model):
    with pytest.raises(DataFileError) as error:
        load_toml("callprep/data/x.toml", 'a = 1\n[b\nc = "d"\n', model)
    assert str(error.value).startswith("callprep/data/x.toml: line 2, column 3: not valid TOML: Expected ']'")


def test_broken_toml_at_the_end_of_the_file():
    with pytest.raises(DataFileError, match=r"^x\.toml: end of file: not valid TOML: Unterminated string$"):
        load_toml("x.toml", 'a = "open', SpeechWords)


def test_long_values_are_cut():
    long = "Ф" * 200
    with pytest.raises(DataFileError) as error:
        load_toml("speech.toml", f'[number_stress]\n"один" = "{long}"\n[spoken]\n', SpeechWords)
    message = str(error.value)
    assert message.startswith("speech.toml: number_stress: ")
    assert long not in message
    quoted = message.split(": ")[3].split(" is not")[0]
    assert len(quoted) == VALUE_LIMIT and quoted.endswith("…")


def test_unknown_field_lists_the_valid_ones_with_a_close_match():
    text = "[number_stress]\n[spokn]\n"
    with pytest.raises(DataFileError) as error:
        load_toml("speech.toml", text, SpeechWords)
    assert "speech.toml: spokn: not a known field (did you mean 'spoken'?); valid: number_stress, spoken" in str(
        error.value
    )


def test_speech_words_are_validated():
    with pytest.raises(DataFileError, match="stress mark missing or misplaced"):
        load_toml("speech.toml", '[number_stress]\n"сорок" = "сорок"\n[spoken]\n', SpeechWords)
    with pytest.raises(DataFileError, match="is not the same word"):
        load_toml("speech.toml", '[number_stress]\n"сорок" = "со́рак"\n[spoken]\n', SpeechWords)


def test_application_wording_gets_the_same_shape():
    with pytest.raises(DataFileError, match=r"^forms\.toml: labels\.to\.ru: Field required$"):
        load_toml("forms.toml", '[labels.to]\nen = "To"\n', WordingFile)


def test_nested_unknown_field_in_a_carrier():
    from importlib import resources

    text = (resources.files("callprep") / "data" / "carriers" / "mts.toml").read_text(encoding="utf-8")
    text = text.replace("[legal_entity]\n", "[legal_entity]\nvalu = 1\n", 1)
    with pytest.raises(DataFileError) as error:
        parse_carrier_file("mts.toml", text)
    assert "mts.toml: legal_entity.valu: not a known field (did you mean 'value'?); valid: confidence," in str(
        error.value
    )


def test_long_field_value_is_cut_in_a_carrier_error():
    from importlib import resources

    text = (resources.files("callprep") / "data" / "carriers" / "mts.toml").read_text(encoding="utf-8")
    text = text.replace('confidence = "high"', f'confidence = "{"x" * 300}"', 1)
    with pytest.raises(DataFileError) as error:
        parse_carrier_file("mts.toml", text)
    message = str(error.value)
    value = message.split(": ")[2]
    assert message.startswith("mts.toml: legal_entity.confidence: 'xxx")
    assert len(value) == VALUE_LIMIT and "x" * 300 not in message
    assert "Input should be 'high', 'medium-high', 'medium', 'low-medium' or 'low'" in message
