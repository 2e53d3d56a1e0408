"""The audio cache: files named by a hash of (engine, voice, speed, text), so a rerun makes no
request and no text or personal data shows in a file name."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from callprep.errors import SpeechError
from callprep.speech.engines import Engine


class AudioCache:
    """Content-addressed audio files under ``root/audio``."""

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
