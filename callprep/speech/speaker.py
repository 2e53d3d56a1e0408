"""Which engine speaks each phrase: the user's choice, the fallback of ``auto``, and the
personal-data guard (a phrase with the user's own data is spoken offline unless allowed)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from callprep.errors import SpeechUnavailable
from callprep.model.phrases import Phrase
from callprep.speech.cache import AudioCache
from callprep.speech.engines import Engine
from callprep.speech.text import for_speech

PERSONAL_NOTE = "personal data: spoken offline"


class Spoken(NamedTuple):
    """One phrase's audio file, the engine that made it, and a note for the manifest."""

    phrase: Phrase
    path: Path
    engine: Engine
    note: str | None


@dataclass
class Speaker:
    """Chooses the engine for each phrase and keeps to the choice for the rest of the run."""

    choice: str
    online: Engine
    offline: Engine
    cache: AudioCache
    allow_online_personal: bool = False
    warn: Callable[[str], None] = lambda message: None
    fell_back: bool = False

    def speak(self, phrase: Phrase, slow: bool) -> tuple[Path, Engine, str | None]:
        text = for_speech(phrase.ru)
        if (phrase.personal and not self.allow_online_personal) or self.choice == "offline":
            note = PERSONAL_NOTE if phrase.personal and self.choice != "offline" else None
            return self._get(self.offline, text, slow), self.offline, note
        cached = self.cache.fetch(self.online, text, slow)
        if cached:
            return cached, self.online, None
        if self.choice == "auto" and self.fell_back:
            return self._get(self.offline, text, slow), self.offline, None
        try:
            return self.cache.store(self.online, text, slow), self.online, None
        except SpeechUnavailable as exc:
            if self.choice != "auto":
                raise
            self.fell_back = True
            self.warn(f"warning: {exc.cause_text()}; using the offline engine for the rest of this run")
            return self._get(self.offline, text, slow), self.offline, None

    def _get(self, engine: Engine, text: str, slow: bool) -> Path:
        return self.cache.fetch(engine, text, slow) or self.cache.store(engine, text, slow)


def synthesize_all(
    phrases: Sequence[Phrase], speaker: Speaker, slow: bool, progress: Callable[[int], None] = lambda done: None
) -> list[Spoken]:
    """Audio for every phrase, in order, from the cache or the engines."""
    results = []
    for phrase in phrases:
        results.append(Spoken(phrase, *speaker.speak(phrase, slow)))
        progress(1)
    return results
