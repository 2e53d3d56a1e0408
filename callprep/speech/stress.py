"""Stress for eSpeak NG: the offline voice says each word with the stress our text marks.

eSpeak NG guesses Russian stress from its own dictionary and rules, and reads U+0301 as a word
break, so «со́рок» would come out as «соро́к». Its one way to be told is phoneme input: text
between ``[[`` and ``]]`` is read as its phoneme mnemonics (with the espeakPHONEMES synth flag).

So, driven by our marks alone (no list of words): each word whose marked part has two or more
vowels is looked up in eSpeak NG (its phonemes for the bare word, ``phonemes``). Where eSpeak
stresses another vowel, or none, the word is replaced by eSpeak's own phonemes with the vowels
recomputed for our stress: consonants and their softness stay eSpeak's; the stressed vowel takes
the full quality of its letter and the others are reduced as eSpeak's Russian reduces them.
Words eSpeak already stresses right, and words without marks (names, the user's text), stay text.

A word is a run of Cyrillic letters, hyphens joining its parts (по-ру́сски, сим-ка́рта); the part
with the mark must carry the one primary stress, the other parts are left as eSpeak says them."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import accumulate

from callprep.russian import STRESS, WORD, strip_stress

Phonemize = Callable[[str], Sequence[str]]  # a bare word -> eSpeak NG's phonemes, one item each

VOWEL_LETTERS = "аеёиоуыэюя"
HARD = "жшц"  # always hard: е, ё, и after them are said э, о, ы
PRIMARY, SECONDARY = "'", ","
SEPARATOR = "|"  # between two phonemes in phoneme input, so that t|s is not read as ts
NUCLEUS = re.compile(r"j?[aAV@EeiIo8uy]")  # a vowel phoneme (ja, ju: eSpeak's iotated vowels)
EPENTHETIC = "@-"  # the short schwa eSpeak puts into some consonant clusters: no letter of its own


def is_nucleus(phoneme: str) -> bool:
    """Whether an eSpeak NG mnemonic (stress marks allowed in front) is a vowel with a letter."""
    bare = phoneme.lstrip(PRIMARY + SECONDARY)
    return bare != EPENTHETIC and NUCLEUS.match(bare) is not None


def marked_vowel(word: str) -> int | None:
    """Which vowel letter of ``word`` (counting from 0) our text stresses: the one before U+0301,
    else ``ё`` (always stressed); None for a word without either."""
    count = 0
    stressed = None
    for char in word.lower():
        if char == STRESS and count:
            return count - 1
        if char in VOWEL_LETTERS:
            if char == "ё" and stressed is None:
                stressed = count
            count += 1
    return stressed


def _letters(plain: str) -> list[tuple[str, str, bool, int]]:
    """Each vowel letter of ``plain`` (lower case): the letter, the character before it in its part
    ("" at the start), whether it ends its part, and the part's number."""
    found = []
    for part_number, part in enumerate(plain.lower().split("-")):
        for index, char in enumerate(part):
            if char in VOWEL_LETTERS:
                found.append((char, part[index - 1] if index else "", index == len(part) - 1, part_number))
    return found


def stresses(phonemes: Sequence[str]) -> list[str]:
    """The stress eSpeak NG gives each vowel phoneme: PRIMARY, SECONDARY or ""; a mark counts for
    the next vowel (eSpeak writes it before the vowel or before its syllable's onset)."""
    found, pending = [], ""
    for phoneme in phonemes:
        marks = phoneme[: len(phoneme) - len(phoneme.lstrip(PRIMARY + SECONDARY))]
        pending = marks[-1:] or pending
        if is_nucleus(phoneme):
            found.append(pending)
            pending = ""
    return found


def vowel_phoneme(letter: str, before: str, place: str, final: bool) -> str:
    """The eSpeak NG Russian vowel for a letter: ``place`` is "stressed", "pretonic" (right before
    the stress), "early" (further before) or "post" (after it); ``before`` is the character before
    the letter in its word ("" at the start), ``final`` whether the letter ends the word.

    Learnt from what eSpeak NG itself says for the words it stresses right: о is o stressed and V
    otherwise; а (я after a consonant) is A stressed, a right before the stress, a# at the end and V
    elsewhere; е and и are e/i after a soft consonant, E/y after ж ш ц, and I at the start, after a
    vowel or at the end; у after ч щ is u#; ю after a consonant is u"; unstressed э is E#."""
    stressed = place == "stressed"
    start = before == "" or before in VOWEL_LETTERS or before in "ьъ"
    if letter in "ая":
        if stressed:
            return "A"
        if place == "pretonic" and before:
            return "a"
        return "a#" if final and place == "post" and letter == "а" else "V"
    if letter == "о":
        return "o" if stressed else "V"
    if letter == "э":
        return "E" if stressed else "E#"
    if letter == "ы":
        return "y"
    if letter == "у":
        return "u#" if stressed and before and before in "чщ" else "u"
    if letter == "ю":
        return 'u"'
    if letter == "ё":
        return "o" if before and before in HARD else "8"
    hard = bool(before) and before in HARD
    if letter == "е":
        if hard:
            return "E" if stressed else "y"
        if stressed:
            return "e"
        return "I" if start and (before == "" or final) else "i"
    # и
    if hard:
        return "y"
    if stressed:
        return "I" if start else "i"
    return "I" if start or final else "i"


def restressed_word(word: str, phonemize: Phonemize, said: Sequence[str] | None = None) -> str | None:
    """``word`` as eSpeak NG phoneme input (``[[...]]``) stressed where our mark is, or None when
    eSpeak already stresses it there, when it has no mark, when its marked part has one vowel, or
    when eSpeak's phonemes cannot be matched to its letters (an abbreviation said letter by letter).

    ``said`` is the stress eSpeak NG gives each vowel of the word where it stands in its phrase
    (see ``restress``); without it, the stress of the word said alone."""
    stressed = marked_vowel(word)
    if stressed is None:
        return None
    plain = strip_stress(word)
    letters = _letters(plain)
    part = letters[stressed][3]
    in_part = [index for index, letter in enumerate(letters) if letter[3] == part]
    if len(in_part) < 2:
        return None
    phonemes = list(phonemize(plain))
    nuclei = [index for index, phoneme in enumerate(phonemes) if is_nucleus(phoneme)]
    if len(nuclei) != len(letters):
        return None
    said = stresses(phonemes) if said is None else said
    if [index for index in in_part if said[index] == PRIMARY] == [stressed]:
        return None
    last = nuclei[in_part[-1]]
    start = 0 if in_part[0] == 0 else nuclei[in_part[0] - 1] + 1  # the part's onset: marks there go
    for index in range(start, last + 1):
        phonemes[index] = phonemes[index].lstrip(PRIMARY + SECONDARY)
    for index in in_part:
        letter, before, final, _ = letters[index]
        phoneme = phonemes[nuclei[index]]
        if not phoneme.startswith("j"):  # eSpeak's ja, ju (the j of я, ю) stay: only the stress moves
            phoneme = vowel_phoneme(letter, before, _place(index, stressed), final and index == len(letters) - 1)
        phonemes[nuclei[index]] = (PRIMARY if index == stressed else "") + phoneme
    return "[[" + SEPARATOR.join(phonemes) + "]]"


def _place(index: int, stressed: int) -> str:
    if index == stressed:
        return "stressed"
    if index == stressed - 1:
        return "pretonic"
    return "early" if index < stressed else "post"


def restress(text: str, phonemize: Phonemize) -> str:
    """Every word of ``text`` that eSpeak NG would stress elsewhere than our mark, as phoneme
    input; the rest of the text as it is (stress marks included: a later step removes them).

    eSpeak's stress is taken where each word stands in the phrase (it leaves some words unstressed
    there, «и́ли», that it stresses said alone) when the vowels it says for the phrase match the
    phrase's words one for one; else each word's stress said alone."""
    counts = [vowels_said(match.group(), phonemize) for match in WORD.finditer(text)]
    in_phrase = stresses(phonemize(strip_stress(text)))
    if len(in_phrase) == sum(counts):
        ends = list(accumulate(counts))
        said = iter([in_phrase[end - count : end] for end, count in zip(ends, counts, strict=True)])
    else:
        said = iter([None] * len(counts))
    return WORD.sub(lambda match: restressed_word(match.group(), phonemize, next(said)) or match.group(), text)


def vowels_said(word: str, phonemize: Phonemize) -> int:
    """How many vowels eSpeak NG says for ``word``: one a vowel letter, but an abbreviation (МТС,
    the Т of Т-Моба́йлом) is spelled, letter names and all."""
    parts = strip_stress(word).split("-")
    count = 0
    for part in parts:
        if part.isupper() and (len(part) > 1 or len(parts) > 1):
            count += sum(1 for phoneme in phonemize(part) if is_nucleus(phoneme))
        else:
            count += sum(1 for char in part.lower() if char in VOWEL_LETTERS)
    return count


def drop_brackets(text: str) -> str:
    """Square brackets are not spoken, and with phoneme input on ``[[`` would start phonemes."""
    return text.replace("[", "").replace("]", "")
