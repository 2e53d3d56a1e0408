"""Audio for the phrases: which engine speaks what, the content-addressed cache, and the output
folder (one file per phrase, an M3U8 playlist in sheet order, a JSON manifest)."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from callprep import __version__
from callprep.speech.engines import Engine, SpeechError, SpeechUnavailable
from callprep.output import write_tree
from callprep.model.phrases import Phrase
from callprep.speech.text import for_speech



@dataclass(frozen=True)
class Clip:
    """One phrase's audio, as the manifest lists it."""

    id: str
    ru: str
    translit: str
    translation: str
    file: str
    engine: str
    voice: str
    slow: bool
    duration: float
    personal: bool
    note: str | None = None


class AudioCache:
    """Audio files named by a hash of (engine, voice, speed, text): no text or personal data in names."""

    def __init__(self, root: Path):
        self.root = root

    def path(self, engine: Engine, text: str, slow: bool) -> Path:
        key = "\n".join((engine.name, engine.voice, "slow" if slow else "normal", text))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.root / "audio" / digest[:2] / f"{digest}.{engine.extension}"

    def fetch(self, engine: Engine, text: str, slow: bool) -> Path | None:
        path = self.path(engine, text, slow)
        return path if path.is_file() and path.stat().st_size > 0 else None

    def store(self, engine: Engine, text: str, slow: bool) -> Path:
        """Synthesise into the cache; a failure or Ctrl-C leaves no partial file."""
        path = self.path(engine, text, slow)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".part-", suffix=f".{engine.extension}", dir=path.parent)
        os.close(fd)
        try:
            engine.synthesize(text, Path(tmp), slow=slow)
            if Path(tmp).stat().st_size == 0:
                raise SpeechError(f"the {engine.name} engine produced no audio")
            os.replace(tmp, path)
        finally:
            Path(tmp).unlink(missing_ok=True)
        return path


def duration(path: Path) -> float:
    """Length in seconds of an MP3 file; 0 when it is not readable audio."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        return float(MP3(str(path)).info.length)
    except (MutagenError, OSError):
        return 0.0


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
        if phrase.personal and not self.allow_online_personal or self.choice == "offline":
            note = "personal data: spoken offline" if phrase.personal and self.choice != "offline" else None
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
) -> list[tuple[Phrase, Path, Engine, str | None]]:
    """Audio for every phrase, in order, from the cache or the engines."""
    results = []
    for phrase in phrases:
        path, engine, note = speaker.speak(phrase, slow)
        results.append((phrase, path, engine, note))
        progress(1)
    return results


def clips(results, slow: bool) -> list[Clip]:
    made = []
    for phrase, path, engine, note in results:
        seconds = duration(path)
        if seconds <= 0:
            raise SpeechError(f"the {engine.name} engine returned something that is not audio for phrase {phrase.id!r}")
        made.append(
            Clip(phrase.id, phrase.ru, phrase.translit, phrase.meaning, f"{phrase.id}.{engine.extension}",
                 engine.name, engine.voice, slow, round(seconds, 2), phrase.personal, note)
        )
    return made


def playlist(items: Sequence[Clip]) -> str:
    lines = ["#EXTM3U", "#PLAYLIST:callprep"]
    for clip in items:
        lines.append(f"#EXTINF:{round(clip.duration)},{clip.ru} — {clip.translation}")
        lines.append(clip.file)
    return "\n".join(lines) + "\n"


def manifest(items: Sequence[Clip], context: dict) -> str:
    data = {"callprep": __version__, **context, "clips": [asdict(clip) for clip in items]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def folder_entries(results, items: Sequence[Clip], context: dict, prefix: str = "") -> dict[str, Path | str]:
    """The files of an audio folder: one per phrase, playlist.m3u8 and manifest.json."""
    entries: dict[str, Path | str] = {f"{prefix}{clip.file}": path for (_, path, _, _), clip in zip(results, items, strict=True)}
    entries[f"{prefix}playlist.m3u8"] = playlist(items)
    entries[f"{prefix}manifest.json"] = manifest(items, context)
    return entries


def write_folder(folder: Path, results, items: Sequence[Clip], context: dict, force: bool) -> None:
    """Write the audio files, playlist.m3u8 and manifest.json; all or nothing."""
    write_tree(folder, folder_entries(results, items, context), force=force)
