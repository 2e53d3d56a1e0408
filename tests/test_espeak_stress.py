"""The offline voice stresses each word where our text marks it.

Every phrase that callprep speaks (the catalogue for every carrier and for none, in the owner's and
a representative's wording, the user's number with the groups 40 to 49) is synthesised for real by
eSpeak NG, through the offline engine's own text and the same call that makes the audio, while
eSpeak NG writes the phonemes it speaks to a file (``espeak_SetPhonemeTrace``). For every word part
of two or more syllables that carries our stress mark (or ё), the one primary stress (') that
eSpeak NG gave that part must be on the vowel our text marks."""

import ctypes
import dataclasses
import re
import tempfile
from pathlib import Path

import pytest

from callprep.i18n import localizer
from callprep.model.carriers import load_carriers
from callprep.russian import STRESS, WORD, strip_stress
from callprep.speech import espeak
from callprep.speech.cache import AudioCache
from callprep.speech.engines import GttsEngine, OfflineEngine
from callprep.speech.selection import number_phrase, phrasebook_phrases, phrases_for_audio
from callprep.speech.speaker import Speaker
from callprep.speech.stress import restressed_word
from callprep.speech.text import SPOKEN, for_speech

VOWEL_LETTERS = "аеёиоуыэюя"
# One vowel phoneme in eSpeak NG's mnemonics (its ja/ju hold one vowel); "@-" is the short schwa
# eSpeak puts between consonants, which has no letter; everything else is a consonant or a mark.
TRACE_ITEM = re.compile(r"@-|j?[aAV@EeiIo8uy]|[',]|.", re.DOTALL)
NUMBERS_40_TO_49 = ("+7 940 340-41-42", "+7 912 343-44-45", "+7 912 346-47-48", "8 912 349-40-49")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return OfflineEngine(tmp_path_factory.mktemp("cache"))


def spoken_phrases():
    """Every phrase callprep speaks, once each: the audio command's and the phrasebook's (which the
    companion plays too), for every built-in carrier and without one, in both situations."""
    loc = localizer("en")
    phrases = {phrase.ru: phrase for phrase in phrases_for_audio(None, None, loc)}
    for carrier in [None, *load_carriers().values()]:
        for situation in ("own", "proxy"):
            for phrase in phrasebook_phrases(carrier, loc, "+7 912 345-67-89", situation):
                phrases.setdefault(phrase.ru, phrase)
    for number in NUMBERS_40_TO_49:
        for situation in ("own", "proxy"):
            phrase = number_phrase(number, loc.gettext, situation)
            phrases[phrase.ru] = phrase
    return list(phrases.values())


def spoken_phonemes(text: str, cache_root: Path) -> str:
    """What eSpeak NG says for ``text`` (synthesised as the offline engine does), as its phoneme trace."""
    libc = ctypes.CDLL(None)
    libc.fopen.restype = ctypes.c_void_p
    libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    libc.fclose.argtypes = [ctypes.c_void_p]
    with espeak._lock, tempfile.TemporaryDirectory() as folder:
        lib, _ = espeak._library(cache_root)
        lib.espeak_SetPhonemeTrace.argtypes = [ctypes.c_int, ctypes.c_void_p]
        trace = Path(folder) / "trace.txt"
        handle = libc.fopen(str(trace).encode(), b"w")
        assert handle, "cannot open a file for eSpeak NG's phoneme trace"
        lib.espeak_SetPhonemeTrace(1, handle)  # 1: phoneme mnemonics
        try:
            espeak._speak(lib, text, slow=False, stop=lambda: False)
        finally:
            lib.espeak_SetPhonemeTrace(0, None)
            libc.fclose(handle)
        return trace.read_text(encoding="utf-8")


def said_vowels(trace: str) -> list[str]:
    """The stress of each vowel eSpeak NG spoke, in order: "'" primary, "," secondary, "" none."""
    found, pending = [], ""
    for item in TRACE_ITEM.findall(trace):
        if item in ("'", ","):
            pending = item
        elif item != "@-" and item[-1] in "aAV@EeiIo8uy":
            found.append(pending)
            pending = ""
    return found


def vowel_count(part: str, parts: int, cache_root: Path) -> int:
    """How many vowels eSpeak NG says for one part of a word of ``parts`` parts: one per vowel
    letter, except for an abbreviation, which it spells (МТС: эм-тэ-эс; the Т of Т-Моба́йлом)."""
    plain = strip_stress(part)
    if plain.isupper() and (len(plain) > 1 or parts > 1):
        return sum(1 for phoneme in espeak.word_phonemes(plain, cache_root) if re.search("[aAV@EeiIo8uy]", phoneme))
    return sum(1 for char in plain.lower() if char in VOWEL_LETTERS)


def marked_parts(text: str, cache_root: Path):
    """(part, the index of its first vowel among all vowels spoken, the marked vowel within it) for
    every word part of ``text`` with two or more vowels and a stress mark or ё; and the total."""
    checks, position = [], 0
    for match in WORD.finditer(text):
        parts = match.group().split("-")
        for part in parts:
            letters = [char for char in part.lower() if char in VOWEL_LETTERS + STRESS]
            vowels = [char for char in letters if char != STRESS]
            if STRESS in letters:
                checks.append((part, position, letters.index(STRESS) - 1))
            elif "ё" in vowels:
                checks.append((part, position, vowels.index("ё")))
            if len(vowels) < 2 and checks and checks[-1][0] == part:
                checks.pop()
            position += vowel_count(part, len(parts), cache_root)
    return checks, position


def test_every_spoken_word_is_stressed_where_our_text_marks_it(engine):
    wrong, checked = [], 0
    for phrase in spoken_phrases():
        marked = for_speech(phrase.ru, SPOKEN)
        said = said_vowels(spoken_phonemes(engine.said(engine.speech_text(phrase.ru)), engine.cache_root))
        checks, total = marked_parts(marked, engine.cache_root)
        assert len(said) == total, f"{marked!r}: eSpeak NG said {len(said)} vowels, the text has {total}"
        for part, first, stressed in checks:
            vowels = sum(1 for char in part.lower() if char in VOWEL_LETTERS)
            primaries = [index for index in range(vowels) if said[first + index] == "'"]
            checked += 1
            if primaries != [stressed]:
                wrong.append(f"{part} (in {marked!r}): primary stress on vowel {primaries}, marked {stressed}")
    assert not wrong, "\n".join(wrong)
    assert checked > 400


def test_the_forty_group_is_said_with_its_stress(engine):
    phrase = number_phrase("+7 940 340-41-42", localizer("en").gettext)
    text = engine.said(engine.speech_text(phrase.ru))
    assert "со́рок" in phrase.ru and "[[s|'o|r|V|k]]" in text
    assert "\u0301" not in text and "сорок" not in text


def phonemes_of(engine):
    return lambda word: espeak.word_phonemes(word, engine.cache_root)


@pytest.mark.parametrize(
    ("word", "said"),
    [
        ("со́рок", "[[s|'o|r|V|k]]"),  # eSpeak NG: соро́к
        ("но́мера", "[[n|'o|m;|i|r|a#]]"),  # номе́ра
        ("па́спорта", "[[p|'A|s|p|V|r|t|a#]]"),  # паспо́рта
        ("догово́ра", "[[d|V|g|V|v|'o|r|a#]]"),  # дого́вора
        ("до́говора", "[[d|'o|g|V|v|V|r|a#]]"),
        ("моя́", "[[m|V|'ja]]"),  # мо́я
        ("Моя́", "[[m|V|'ja]]"),  # a capital letter changes nothing
        ("банко́вский", "[[b|a|n|k|'o|f|s|k|;|i|j]]"),  # ба́нковский
        ("МегаФо́ном", "[[m;|i|g|a|f|'o|n|V|m]]"),  # eSpeak NG: two words, Ме́га Фо́ном
        ("мо́жем", "[[m|'o|Z|y|m]]"),  # eSpeak NG: no primary stress at all
        ("оплати́ть", None),  # eSpeak NG already says these as marked
        ("заявле́ние", None),
        ("ещё", None),
        ("по-ру́сски", None),  # the marked part is right; по is left as eSpeak NG says it
        ("сим-ка́рта", None),
        ("Т-Моба́йлом", None),  # Т is spelled: no vowel letter to match, and it is right anyway
        ("МТС", None),  # no mark: never changed
        ("дом", None),  # one vowel
    ],
)
def test_restressed_word(engine, word, said):
    assert restressed_word(word, phonemes_of(engine)) == said


def test_restressed_iotated_and_soft_vowels(engine):
    phonemes = phonemes_of(engine)
    assert restressed_word("ёлка", phonemes) is None
    # е at the start, я after a vowel and after ь: eSpeak's own j stays, only the stress moves
    assert restressed_word("е́да", phonemes) == "[[j|'e|d|a#]]"
    assert restressed_word("за́явление", phonemes) == "[[z|'A|ja|v|l|;|i|n|;|i|j|I]]"
    assert restressed_word("се́мья", phonemes) == "[[s;|'e|m;|j|ja]]"


def test_offline_text_keeps_punctuation_and_drops_marks(engine):
    text = engine.said(engine.speech_text("«Моя́» SIM-ка́рта, со́рок — [[x]] но́мера?"))
    assert text == "[[m|V|'ja]] сим-карта, [[s|'o|r|V|k]] — x [[n|'o|m;|i|r|a#]]?"


def test_each_engine_gets_its_own_text(engine, tmp_path):
    phrase = number_phrase("+7 940 340-41-42", localizer("en").gettext)
    online = GttsEngine().speech_text(phrase.ru)
    assert online == "Мой номер: плюс семь, девятьсот сорок, триста сорок, сорок один, сорок два."
    assert STRESS not in online and "[" not in online
    offline = engine.speech_text(phrase.ru)  # the clip's name: marks kept, eSpeak NG not yet asked
    assert "со́рок" in offline and "[" not in offline
    said = engine.said(offline)
    assert STRESS not in said and said.count("[[s|'o|r|V|k]]") == 4
    # the user's number is personal: spoken offline, its clip named by the install's HMAC of the offline text
    cache = AudioCache(tmp_path / "cache")
    spoken = Speaker("auto", GttsEngine(url="http://127.0.0.1:9/never"), engine, cache).speak(phrase, slow=False)
    assert spoken.engine is engine and spoken.path == cache.path(engine, offline, False, personal=True)
    assert cache.fetch(engine, offline, False, personal=True) is not None


def test_the_offline_voice_names_the_encoding_so_clips_encoded_otherwise_are_not_reused(engine, tmp_path):
    from callprep.speech import espeak

    settings = f"mp3 {espeak.MP3_BITRATE}k {espeak.MP3_SAMPLE_RATE // 1000} kHz q{espeak.MP3_QUALITY}"
    assert engine.voice.endswith(settings)
    cache = AudioCache(tmp_path / "cache")
    before = dataclasses.replace(engine, voice="espeak-ng ru, stress as marked, mp3 32k")  # 22,050 Hz, quality 2
    text = engine.speech_text(spoken_phrases()[0].ru)
    assert cache.path(engine, text, False) != cache.path(before, text, False)


def test_clips_made_before_stress_was_fixed_are_not_reused(engine, tmp_path):
    cache = AudioCache(tmp_path / "cache")
    before = dataclasses.replace(engine, voice="espeak-ng ru, mp3 32k")  # the voice, and text, of the old clips
    for phrase in spoken_phrases():
        for personal in (False, True):
            new = cache.path(engine, engine.speech_text(phrase.ru), False, personal)
            assert new != cache.path(before, for_speech(phrase.ru), False, personal)
