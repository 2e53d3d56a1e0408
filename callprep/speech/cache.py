"""The audio cache: clips named by a hash of (engine, voice, speed, text), each verified before use.

A clip is stored with a record beside it (size, SHA-256, duration); a clip whose record is missing
or does not match is dropped and made again, and nothing that is not audio is ever stored. A clip
with personal data is named by an HMAC under a secret made once per install (readable by its
owner only), so its name cannot be reversed by guessing numbers. Partial files left by a killed
run are cleaned after an hour.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from callprep.errors import CacheError, SpeechUnavailable
from callprep.output import sweep_stale
from callprep.speech.engines import Engine

MIN_SECONDS = 0.05  # shorter than any syllable: not speech
PART_PREFIX = ".part-"
RECORD_SUFFIX = ".json"
SECRET_FILE = "secret"
NOT_AUDIO_HINT = "nothing was cached; run again later or use --engine offline"


class CachedClip(NamedTuple):
    """A verified clip in the cache and its length in seconds."""

    path: Path
    duration: float


def duration(path: Path) -> float:
    """Length in seconds of an MP3 file; 0 when it is not readable audio."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        return float(MP3(str(path)).info.length)
    except (MutagenError, OSError):
        return 0.0


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


class AudioCache:
    """Content-addressed, verified audio clips under ``root/audio``."""

    def __init__(self, root: Path):
        self.root = root
        self.audio = root / "audio"

    def _fail(self, exc: OSError) -> CacheError:
        return CacheError(
            f"cannot use the audio cache in {str(self.root)!r}: {exc.strerror or exc}; "
            "set XDG_CACHE_HOME to a writable folder with free space"
        )

    def _secret(self) -> bytes:
        """The per-install key for personal clips: made once, atomically, readable by the owner only."""
        path = self.root / SECRET_FILE
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = path.read_bytes()
                if len(key) == 32:
                    return key
                raise CacheError(f"the audio cache's key {str(path)!r} is damaged; run: callprep cache clear") from None
            with os.fdopen(fd, "wb") as handle:
                key = secrets.token_bytes(32)
                handle.write(key)
            return key
        except OSError as exc:
            raise self._fail(exc) from None

    def path(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> Path:
        material = "\n".join((engine.name, engine.voice, "slow" if slow else "normal", text)).encode("utf-8")
        if personal:
            digest = hmac.new(self._secret(), material, hashlib.sha256).hexdigest()
        else:
            digest = hashlib.sha256(material).hexdigest()
        return self.audio / digest[:2] / f"{digest}.{engine.extension}"

    @staticmethod
    def _record(path: Path) -> Path:
        return path.with_suffix(path.suffix + RECORD_SUFFIX)

    def _drop(self, path: Path) -> None:
        for each in (path, self._record(path)):
            try:
                each.unlink(missing_ok=True)
            except OSError as exc:
                raise self._fail(exc) from None

    def fetch(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> CachedClip | None:
        """The clip, if it is cached and still what was stored; a damaged clip is dropped."""
        path = self.path(engine, text, slow, personal)
        try:
            if not path.is_file():
                return None
            record = json.loads(self._record(path).read_text(encoding="utf-8"))
            if (
                isinstance(record, dict)
                and record.get("size") == path.stat().st_size
                and record.get("sha256") == _sha256(path)
                and isinstance(record.get("duration"), int | float)
                and record["duration"] >= MIN_SECONDS
            ):
                return CachedClip(path, float(record["duration"]))
        except (OSError, ValueError):
            pass
        self._drop(path)
        return None

    def store(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> CachedClip:
        """Synthesise into the cache; a failure or Ctrl-C leaves no partial file, and what is not
        audio is refused (for the online engine as :class:`SpeechUnavailable`, so ``auto`` falls back)."""
        path = self.path(engine, text, slow, personal)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=PART_PREFIX, suffix=f".{engine.extension}", dir=path.parent)
            os.close(fd)
        except OSError as exc:
            raise self._fail(exc) from None
        part = Path(tmp)
        try:
            engine.synthesize(text, part, slow=slow)
            seconds = duration(part)
            if seconds < MIN_SECONDS:
                raise SpeechUnavailable(
                    "not-audio", f"the {engine.name} engine returned something that is not audio", NOT_AUDIO_HINT
                )
            seconds = round(seconds, 3)
            record = {"size": part.stat().st_size, "sha256": _sha256(part), "duration": seconds}
            os.replace(part, path)
            self._record(path).write_text(json.dumps(record), encoding="utf-8")
        except OSError as exc:
            raise self._fail(exc) from None
        finally:
            part.unlink(missing_ok=True)
        return CachedClip(path, seconds)

    def sweep(self) -> None:
        """Remove partial clips that killed runs left, once they are an hour old."""
        try:
            folders = [entry.path for entry in os.scandir(self.audio) if entry.is_dir()]
        except OSError:
            return
        for folder in folders:
            sweep_stale(Path(folder), PART_PREFIX)


@dataclass(frozen=True)
class CacheSummary:
    """What the cache holds: clips, their size, everything else (eSpeak's data copy, the key)."""

    root: Path
    clips: int
    clip_bytes: int
    other_bytes: int


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def summarize(root: Path) -> CacheSummary:
    clips = clip_bytes = other = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_dir():
                continue
            if path.parent.parent == root / "audio" and not path.name.endswith(RECORD_SUFFIX):
                clips += not path.name.startswith(PART_PREFIX)
                clip_bytes += _size(path)
            else:
                other += _size(path)
    return CacheSummary(root, clips, clip_bytes, other)


def clear(root: Path) -> CacheSummary:
    """Remove the whole cache folder; returns what it held."""
    summary = summarize(root)
    try:
        if root.is_symlink() or root.is_file():
            raise CacheError(f"{str(root)!r} is not a cache folder; remove it yourself if it is yours")
        if root.exists():
            shutil.rmtree(root)
    except OSError as exc:
        raise CacheError(f"cannot clear the audio cache in {str(root)!r}: {exc.strerror or exc}") from None
    return summary
