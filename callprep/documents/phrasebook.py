"""The phrasebook: every phrase grouped by situation, with its audio embedded for offline use."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from pathlib import Path

from callprep.model.phrases import GROUPS, Phrase
from callprep.model.records import frozen
from callprep.output import read_as_is
from callprep.speech.speaker import Speaker, synthesize_all

AUDIO_MIME = {".mp3": "audio/mpeg"}


@frozen
class Entry:
    phrase: Phrase
    audio: str | None = None
    audio_slow: str | None = None


@frozen
class Group:
    id: str
    entries: tuple[Entry, ...]


@frozen
class Phrasebook:
    language: str
    carrier_en: str | None
    groups: tuple[Group, ...]
    has_audio: bool
    has_slow: bool
    engines: tuple[str, ...]


def data_uri(path: Path) -> str:
    """The file as a ``data:`` URI, so the page needs no other file and no network."""
    mime = AUDIO_MIME.get(path.suffix, "application/octet-stream")
    return f"data:{mime};base64,{base64.b64encode(read_as_is(path)).decode('ascii')}"


def build_phrasebook(
    phrases: Sequence[Phrase],
    language: str,
    carrier_en: str | None = None,
    normal: Mapping[str, Path] | None = None,
    slow: Mapping[str, Path] | None = None,
    engines: Sequence[str] = (),
) -> Phrasebook:
    """Group ``phrases`` by situation (in GROUPS order) and attach their audio files by phrase id."""
    normal = normal or {}
    slow = slow or {}
    groups = []
    for group_id in GROUPS:
        entries = tuple(
            Entry(
                phrase,
                data_uri(normal[phrase.id]) if phrase.id in normal else None,
                data_uri(slow[phrase.id]) if phrase.id in slow else None,
            )
            for phrase in phrases
            if phrase.group == group_id
        )
        if entries:
            groups.append(Group(group_id, entries))
    return Phrasebook(language, carrier_en, tuple(groups), bool(normal), bool(slow), tuple(dict.fromkeys(engines)))


def spoken(phrases: Sequence[Phrase], speaker: Speaker, slow: bool, progress=lambda done: None):
    """Audio files by phrase id, and the engines used, from the cache or the engines."""
    results = synthesize_all(phrases, speaker, slow, progress)
    return {each.phrase.id: each.path for each in results}, [each.engine.name for each in results]


def phrasebook_with_audio(
    phrases: Sequence[Phrase],
    language: str,
    carrier_en: str | None,
    speaker: Speaker,
    with_slow: bool,
    progress=lambda done: None,
) -> Phrasebook:
    """A phrasebook whose every phrase can be played (normally, and slowly if asked)."""
    normal, engines = spoken(phrases, speaker, False, progress)
    slow, slow_engines = spoken(phrases, speaker, True, progress) if with_slow else ({}, [])
    return build_phrasebook(phrases, language, carrier_en, normal, slow, engines + slow_engines)
