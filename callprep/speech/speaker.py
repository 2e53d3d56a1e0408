"""Which engine speaks each phrase: the user's choice, the fallback of ``auto``, and the
personal-data guard (a phrase with the user's own data is spoken offline unless allowed)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from callprep.errors import N_, Message, Msg, SpeechUnavailable
from callprep.model.phrases import Phrase
from callprep.speech.cache import AudioCache, CachedClip
from callprep.speech.engines import Engine, SpeaksAhead

PERSONAL_NOTE = "personal data: spoken offline"


class Spoken(NamedTuple):
    """One phrase's audio file, the engine that made it, a note for the manifest, its length."""

    phrase: Phrase
    path: Path
    engine: Engine
    note: str | None
    duration: float


@dataclass
class Speaker:
    """Chooses the engine for each phrase and keeps to the choice for the rest of the run."""

    choice: str
    online: Engine
    offline: Engine
    cache: AudioCache
    allow_online_personal: bool = False
    warn: Callable[[Message], None] = lambda message: None  # the CLI translates and prints it
    fell_back: bool = False

    def speak(self, phrase: Phrase, slow: bool) -> Spoken:
        """The phrase's clip; each engine says its own text for it (``Engine.speech_text``)."""
        personal = phrase.personal
        if (personal and not self.allow_online_personal) or self.choice == "offline":
            note = PERSONAL_NOTE if personal and self.choice != "offline" else None
            return self._spoken(phrase, self._get(self.offline, phrase, slow), self.offline, note)
        text = self.online.speech_text(phrase.ru)
        cached = self.cache.fetch(self.online, text, slow, personal)
        if cached:
            return self._spoken(phrase, cached, self.online)
        if self.choice == "auto" and self.fell_back:
            return self._spoken(phrase, self._get(self.offline, phrase, slow), self.offline)
        try:
            return self._spoken(phrase, self.cache.store(self.online, text, slow, personal), self.online)
        except SpeechUnavailable as exc:
            if self.choice != "auto":
                raise
            self.fell_back = True
            self.warn(
                Msg(N_("warning: %(cause)s; using the offline engine for the rest of this run"), cause=exc.reason)
            )
            return self._spoken(phrase, self._get(self.offline, phrase, slow), self.offline)

    @staticmethod
    def _spoken(phrase: Phrase, clip: CachedClip, engine: Engine, note: str | None = None) -> Spoken:
        return Spoken(phrase, clip.path, engine, note, clip.duration)

    def _get(self, engine: Engine, phrase: Phrase, slow: bool) -> CachedClip:
        text, personal = engine.speech_text(phrase.ru), phrase.personal
        found = self.cache.fetch(engine, text, slow, personal)
        if found:
            return found
        if isinstance(engine, SpeaksAhead):  # encoded in memory, written once
            return _encoded(self.cache, engine, text, slow, personal, engine.speak(text, slow=slow))
        return self.cache.store(engine, text, slow, personal)


def synthesize_all(
    phrases: Sequence[Phrase], speaker: Speaker, slow: bool, progress: Callable[[int], None] = lambda done: None
) -> list[Spoken]:
    """Audio for every phrase, in order, from the cache or the engines.

    With the offline engine, the clips not cached are spoken by eSpeak NG here, one after another
    in the phrases' order (so a run makes the same audio as one clip at a time, and Ctrl-C stops
    eSpeak NG at once), and encoded by LAME on every core meanwhile (LAME releases the GIL). The
    online engine gets one request at a time (the service limits the rate, and ``auto`` falls
    back in order)."""
    if speaker.choice != "offline":
        return [_done(speaker.speak(phrase, slow), progress) for phrase in phrases]
    engine = speaker.offline
    texts = [engine.speech_text(phrase.ru) for phrase in phrases]
    found: list[Spoken | None] = []
    for phrase, text in zip(phrases, texts, strict=True):
        clip = speaker.cache.fetch(engine, text, slow, phrase.personal)
        found.append(_done(speaker._spoken(phrase, clip, engine), progress) if clip else None)
    missing = [index for index, spoken in enumerate(found) if spoken is None]
    # Two phrases said alike are one clip: spoken once, as one at a time would find it cached.
    clips: dict[tuple[str, bool], list[int]] = {}
    for index in missing:
        clips.setdefault((texts[index], phrases[index].personal), []).append(index)
    workers = min(len(clips), cores())
    if workers <= 1 or not isinstance(engine, SpeaksAhead):
        for index in missing:
            found[index] = _done(speaker.speak(phrases[index], slow), progress)
        return found
    from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

    pending: dict = {}  # future: the indices of the phrases it is the clip of

    def collect(block: bool) -> None:
        """Take in the clips encoded so far (with ``block``, at least one); a failure raises here."""
        done = wait(pending, return_when=FIRST_COMPLETED).done if block else [f for f in pending if f.done()]
        for future in done:
            clip = future.result()
            for index in pending.pop(future):
                found[index] = _done(speaker._spoken(phrases[index], clip, engine), progress)

    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="callprep-encode")
    try:
        for (text, personal), indices in clips.items():  # in the order of the phrases
            speech = engine.speak(text, slow=slow)
            pending[pool.submit(_encoded, speaker.cache, engine, text, slow, personal, speech)] = indices
            collect(block=False)
            while len(pending) > 2 * workers:  # a few spoken phrases wait for LAME, not all of them
                collect(block=True)
        while pending:
            collect(block=True)
    finally:
        # On an error or Ctrl-C, the phrases not begun are dropped; those being encoded are
        # finished (each is written whole or not at all), so the run ends within a phrase.
        pool.shutdown(wait=True, cancel_futures=True)
    return found


def _encoded(cache: AudioCache, engine: SpeaksAhead, text: str, slow: bool, personal: bool, speech) -> CachedClip:
    """``speech`` encoded and kept in the cache (on a worker thread)."""
    return cache.keep(engine, text, slow, personal, engine.encode(speech))


def _done(spoken: Spoken, progress: Callable[[int], None]) -> Spoken:
    progress(1)
    return spoken


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
