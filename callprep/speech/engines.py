"""Speech engines behind one small interface: gTTS (online) and eSpeak NG (offline)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from callprep.errors import SpeechUnavailable

GTTS_RETRIES = 3
GTTS_BACKOFF = 1.0  # seconds before the second try; doubles each time
GTTS_TIMEOUT = 15.0
RESUME_HINT = "finished phrases are cached, run again later or use --engine offline"


class Engine(Protocol):
    name: str
    voice: str
    extension: str

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        """Write speech for ``text`` (already prepared for speech) to ``target``."""


@dataclass
class GttsEngine:
    """Google Translate's text-to-speech through gTTS, Russian voice, with bounded retries."""

    retries: int = GTTS_RETRIES
    backoff: float = GTTS_BACKOFF
    timeout: float = GTTS_TIMEOUT
    sleep: Callable[[float], None] | None = None  # time.sleep unless a test gives another
    name: str = "gtts"
    voice: str = "ru (translate.google.com)"
    extension: str = "mp3"

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        from gtts import gTTS, gTTSError

        for attempt in range(1, self.retries + 1):
            try:
                speech = gTTS(text, lang="ru", slow=slow, timeout=self.timeout, pre_processor_funcs=[])
                with open(target, "wb") as handle:
                    speech.write_to_fp(handle)
                return
            except gTTSError as exc:
                cause, status, wait = classify(exc)
                if cause not in ("timeout", "rate", "server", "network") or attempt == self.retries:
                    raise SpeechUnavailable(cause, *explain(cause, status, attempt)) from None
                (self.sleep or time.sleep)(wait if wait is not None else self.backoff * 2 ** (attempt - 1))


def classify(error: Exception) -> tuple[str, int | None, float | None]:
    """(cause, HTTP status, seconds the server asked us to wait) for a gTTS error."""
    import requests

    response = getattr(error, "rsp", None)
    if response is None:
        context = error.__context__
        return ("timeout" if isinstance(context, requests.Timeout) else "network"), None, None
    status = response.status_code
    retry_after = response.headers.get("Retry-After", "")
    wait = float(retry_after) if retry_after.isdigit() else None
    if status == 429:
        return "rate", status, wait
    if status >= 500:
        return "server", status, wait
    return "refused", status, None


def explain(cause: str, status: int | None, attempts: int) -> tuple[str, str]:
    """(what went wrong, what to do) for a gTTS failure."""
    tries = f"after {attempts} {'try' if attempts == 1 else 'tries'}"
    if cause == "refused":
        return (
            f"the Google TTS service refused the request (HTTP {status})",
            "probable cause: the service changed; use --engine offline",
        )
    reason = {
        "rate": f"rate limited by the Google TTS service (HTTP 429) {tries}",
        "server": f"the Google TTS service failed (HTTP {status}) {tries}",
        "timeout": f"the Google TTS service did not answer in time {tries}",
        "network": f"cannot reach the Google TTS service (no network?) {tries}",
    }[cause]
    return reason, RESUME_HINT


@dataclass
class OfflineEngine:
    """eSpeak NG, Russian voice, from the espeakng-loader wheel; needs no network."""

    cache_root: Path
    name: str = "offline"
    voice: str = "espeak-ng ru, mp3 32k"
    extension: str = "mp3"

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        from callprep.speech import espeak

        espeak.synthesize(text, target, slow=slow, cache_root=self.cache_root)
