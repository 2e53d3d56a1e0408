"""Speech engines behind one small interface: gTTS (online) and eSpeak NG (offline).

gTTS builds the requests (tokenizing, the RPC body); callprep sends them itself, with certificate
verification, a connect timeout, a per-read timeout and a total deadline per request, and decodes
the answer itself, so that no fault of the network or the service can hang a run or pass for audio."""

from __future__ import annotations

import base64
import io
import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, runtime_checkable

from callprep.errors import N_, Message, Msg, SpeechUnavailable

if TYPE_CHECKING:
    import requests

    from callprep.speech import espeak

# gTTS's own endpoint, as gTTS builds it (tld "com"); a test checks that they agree.
GTTS_URL = "https://translate.google.com/_/TranslateWebserverUi/data/batchexecute"
GTTS_RETRIES = 3  # tries per request, for HTTP 429, 5xx and timeouts only
GTTS_BACKOFF = 1.0  # seconds before the second try; doubles each time
GTTS_CONNECT_TIMEOUT = 5.0  # seconds to open the connection
GTTS_READ_TIMEOUT = 10.0  # seconds of silence allowed between two reads
GTTS_DEADLINE = 15.0  # seconds for one whole request: connect, headers and body
GTTS_MAX_WAIT = 30.0  # the longest Retry-After obeyed; a longer one ends the tries at once
GTTS_MAX_REDIRECTS = 3
CHUNK = 16384
AUDIO_LINE = re.compile(r'jQ1olc","\[\\"(.*)\\"]')  # gTTS's pattern for the audio in an answer line
RETRIED = ("rate", "server", "timeout")
RESUME_HINT = Msg(N_("finished phrases are cached, run again later or use --engine offline"))
NOT_AUDIO_HINT = Msg(
    N_("probable cause: the network intercepts the request or the service changed; use --engine offline")
)
CERTIFICATE_HINT = Msg(
    N_(
        "probable cause: a captive portal, proxy or antivirus intercepts secure connections; "
        "use another network or --engine offline"
    )
)


class Engine(Protocol):
    name: str
    voice: str
    extension: str

    def speech_text(self, ru: str) -> str:
        """What this engine should say for a displayed phrase (stress-marked Russian)."""

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        """Write speech for ``text`` (made by ``speech_text``) to ``target``."""


class Trouble(NamedTuple):
    """Why one request to the Google TTS service gave no answer: a cause (``RETRIED`` ones are
    tried again), the HTTP status, the seconds the server asked us to wait and what happened."""

    cause: str
    reason: Message
    status: int | None = None
    wait: float | None = None
    asked: str = ""  # the Retry-After header as sent


@dataclass
class GttsEngine:
    """Google Translate's text-to-speech, Russian voice: gTTS builds the requests, callprep sends
    them (certificates verified, every wait bounded) and decodes the answer."""

    url: str = GTTS_URL
    retries: int = GTTS_RETRIES
    backoff: float = GTTS_BACKOFF
    connect_timeout: float = GTTS_CONNECT_TIMEOUT
    read_timeout: float = GTTS_READ_TIMEOUT
    deadline: float = GTTS_DEADLINE
    max_wait: float = GTTS_MAX_WAIT
    ca_bundle: str | None = None  # a CA bundle file to trust; None: the system's (or REQUESTS_CA_BUNDLE)
    sleep: Callable[[float], None] | None = None  # time.sleep unless a test gives another
    session: requests.Session | None = field(default=None, repr=False)  # made on first use
    name: str = "gtts"
    voice: str = "ru (translate.google.com)"
    extension: str = "mp3"

    def speech_text(self, ru: str) -> str:
        """Numbers and Latin tokens in words, no stress marks (nothing shows that Google reads them)."""
        from callprep.speech.text import for_speech

        return for_speech(ru)

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        from gtts import gTTS

        bodies = gTTS(text, lang="ru", slow=slow, pre_processor_funcs=[]).get_bodies()
        audio = b"".join(self._fetch(body) for body in bodies)
        target.write_bytes(audio)

    def _fetch(self, body: str) -> bytes:
        """The audio of one request, tried again on a rate limit, a server error or a timeout."""
        for attempt in range(1, self.retries + 1):
            answer = self._send(body)
            if not isinstance(answer, Trouble):
                return decode_answer(answer)
            if answer.cause not in RETRIED or attempt == self.retries:
                raise SpeechUnavailable(answer.cause, *explain(answer, attempt))
            wait = answer.wait if answer.wait is not None else self.backoff * 2 ** (attempt - 1)
            if wait > self.max_wait:
                asked = f"{wait:.0f}" if math.isfinite(wait) else answer.asked[:20] + "…" * (len(answer.asked) > 20)
                raise SpeechUnavailable(
                    answer.cause,
                    Msg(
                        N_("the Google TTS service asked to wait %(seconds)s seconds (HTTP %(status)s)"),
                        seconds=asked,
                        status=answer.status,
                    ),
                    RESUME_HINT,
                )
            (self.sleep or time.sleep)(wait)
        raise AssertionError("unreachable: the last try returns or raises")

    def _send(self, body: str) -> bytes | Trouble:
        """POST one body; the answer's bytes, or why there are none. Never longer than the deadline."""
        import requests
        from gtts import gTTS

        session = self._session()
        verify: bool | str = self.ca_bundle or True  # never False
        started = time.monotonic()
        try:
            prepared = session.prepare_request(
                requests.Request("POST", self.url, data=body, headers=gTTS.GOOGLE_TTS_HEADERS)
            )
            settings = session.merge_environment_settings(prepared.url, {}, True, verify, None)
            response = session.send(
                prepared, timeout=(self.connect_timeout, min(self.read_timeout, self.deadline)), **settings
            )
        except requests.RequestException as exc:
            return request_trouble(exc)
        try:
            if response.status_code == 429 or response.status_code >= 500:
                cause = "rate" if response.status_code == 429 else "server"
                header = response.headers.get("Retry-After", "")
                return Trouble(cause, "", response.status_code, retry_after(header), header)
            if not 200 <= response.status_code < 300:
                return Trouble("refused", "", response.status_code)
            content = self._read(response, started)
        except Exception:
            response.close()
            raise
        if isinstance(content, Trouble):
            response.close()
        else:
            response.raw.release_conn()  # read to the end: the connection can serve the next request
        return content

    def _read(self, response: requests.Response, started: float) -> bytes | Trouble:
        """The body, read as it comes, each read bounded by the time left before the deadline."""
        from urllib3.exceptions import HTTPError, ReadTimeoutError

        chunks = []
        while True:
            left = started + self.deadline - time.monotonic()
            if left <= 0:
                return Trouble("timeout", "")
            limit_next_read(response.raw, min(self.read_timeout, left))
            try:
                chunk = response.raw.read1(CHUNK, decode_content=True)
            except (ReadTimeoutError, TimeoutError):
                return Trouble("timeout", "")
            except (HTTPError, OSError):
                return Trouble("network", Msg(N_("the connection to the Google TTS service broke off")))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def _session(self) -> requests.Session:
        if self.session is None:
            import requests

            self.session = requests.Session()
            self.session.max_redirects = GTTS_MAX_REDIRECTS
        return self.session


def limit_next_read(raw: Any, seconds: float) -> None:
    """Bound the next socket read of a streamed urllib3 response (a mocked one has no socket)."""
    sock = getattr(getattr(raw, "connection", None), "sock", None)
    if hasattr(sock, "settimeout"):
        sock.settimeout(max(seconds, 0.001))


def request_trouble(error: Exception) -> Trouble:
    """What a failed ``session.send`` means: a timeout (tried again) or a fault no retry can fix
    (name resolution, connection refused, no route, a certificate that cannot be verified)."""
    import ssl

    import requests

    if isinstance(error, requests.Timeout):
        return Trouble("timeout", "")
    if isinstance(error, requests.exceptions.SSLError) and caused_by(error, ssl.SSLCertVerificationError):
        return Trouble(
            "certificate",
            Msg(N_("the certificate of the Google TTS service could not be verified, so nothing was accepted from it")),
        )
    return Trouble("network", "")


def caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    """Whether ``kind`` is anywhere in the chain of ``error`` (causes, contexts, urllib3 reasons, args)."""
    seen: set[int] = set()
    pending: list[Any] = [error]
    while pending:
        current = pending.pop()
        if not isinstance(current, BaseException) or id(current) in seen:
            continue
        if isinstance(current, kind):
            return True
        seen.add(id(current))
        pending += [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
    return False


def retry_after(value: str, now: datetime | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP-date); inf when absurdly large,
    None when absent or unreadable."""
    value = value.strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return float(value) if len(value) <= 15 else math.inf
    import email.utils  # with ssl, only for the online engine: some 20 ms an offline run need not spend

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def decode_answer(body: bytes) -> bytes:
    """The MP3 audio in a batchexecute answer, decoded the way gTTS does it (the ``jQ1olc`` lines,
    base64), or SpeechUnavailable("not-audio") when the answer holds no readable MP3 audio."""
    no_audio = Msg(N_("the Google TTS service answered without audio (a captive portal or consent page?)"))
    try:
        lines = [line for line in body.decode("utf-8").split("\n") if "jQ1olc" in line]
    except UnicodeDecodeError:
        raise not_audio(
            Msg(N_("the Google TTS service answered with something that is not text (invalid UTF-8)"))
        ) from None
    found = [AUDIO_LINE.search(line) for line in lines]
    if not found or not all(found):
        raise not_audio(no_audio)
    try:
        parts = [base64.b64decode(match.group(1).encode("ascii")) for match in found if match]
    except ValueError:  # binascii.Error, or a character that is not ASCII
        raise not_audio(
            Msg(N_("the Google TTS service answered with audio that cannot be decoded (invalid base64)"))
        ) from None
    if not all(parts):
        raise not_audio(no_audio)
    if not all(is_mp3(part) for part in parts):
        raise not_audio(Msg(N_("the Google TTS service answered with data that is not MP3 audio")))
    return b"".join(parts)


def not_audio(reason: Message) -> SpeechUnavailable:
    return SpeechUnavailable("not-audio", reason, NOT_AUDIO_HINT)


def is_mp3(data: bytes) -> bool:
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        return MP3(io.BytesIO(data)).info.length > 0
    except (MutagenError, ValueError, EOFError):
        return False


def explain(trouble: Trouble, attempts: int) -> tuple[Message, Message]:
    """(what went wrong, what to do) for a request that failed for good."""
    tries = Msg(N_(" after %(count)s try") if attempts == 1 else N_(" after %(count)s tries"), count=attempts)
    if trouble.cause == "refused":
        return (
            Msg(N_("the Google TTS service refused the request (HTTP %(status)s)"), status=trouble.status),
            Msg(N_("probable cause: the service changed; use --engine offline")),
        )
    if trouble.cause == "certificate":
        return trouble.reason, CERTIFICATE_HINT
    reason = (
        trouble.reason
        or {
            "rate": Msg(N_("rate limited by the Google TTS service (HTTP 429)")),
            "server": Msg(N_("the Google TTS service failed (HTTP %(status)s)"), status=trouble.status),
            "timeout": Msg(N_("the Google TTS service did not answer in time")),
            "network": Msg(N_("cannot reach the Google TTS service (no network?)")),
        }[trouble.cause]
    )
    return Msg("%(reason)s%(tries)s", reason=reason, tries=tries if trouble.cause in RETRIED or attempts > 1 else ""), (
        RESUME_HINT
    )


@dataclass
class OfflineEngine:
    """eSpeak NG, Russian voice, from the espeakng-loader wheel; needs no network. It says each
    word with the stress our text marks (see ``speech.stress``)."""

    cache_root: Path
    name: str = "offline"
    voice: str = "espeak-ng ru, stress as marked, mp3 32k 16 kHz q5"  # a new voice: clips from before are not reused
    extension: str = "mp3"

    def speech_text(self, ru: str) -> str:
        """Numbers and Latin tokens in words, the stress marks kept (they say how each word is
        stressed, so the text names the clip in the cache; eSpeak NG is not asked until a clip
        has to be made: see :meth:`said`)."""
        from callprep.speech.stress import drop_brackets
        from callprep.speech.text import SPOKEN, for_speech

        return for_speech(ru, (*SPOKEN, drop_brackets))

    def said(self, text: str) -> str:
        """What eSpeak NG is given for ``text`` (from :meth:`speech_text`): the words it would stress
        elsewhere than our marks as its phoneme input (``[[...]]``), then no stress marks."""
        from callprep.russian import strip_stress
        from callprep.speech import espeak
        from callprep.speech.stress import restress

        def phonemes(word: str) -> tuple[str, ...]:
            return espeak.word_phonemes(word, self.cache_root)

        return strip_stress(restress(text, phonemes))

    def speak(self, text: str, *, slow: bool) -> espeak.Speech:
        """``text`` (from :meth:`speech_text`) spoken, not yet encoded."""
        from callprep.speech import espeak

        return espeak.speak(self.said(text), slow=slow, cache_root=self.cache_root)

    def encode(self, speech: espeak.Speech) -> bytes:
        """``speech`` (from :meth:`speak`) as MP3 audio; safe on several threads at once."""
        from callprep.speech import espeak

        return espeak.encode_mp3(speech.pcm, speech.rate)

    def synthesize(self, text: str, target: Path, *, slow: bool) -> None:
        from callprep.speech import espeak

        espeak.write_mp3(self.speak(text, slow=slow), target)


@runtime_checkable
class SpeaksAhead(Engine, Protocol):
    """An engine whose work comes in two steps: speaking (one phrase at a time, in order) and
    encoding the audio (on any thread), such as the offline engine."""

    def speak(self, text: str, *, slow: bool) -> Any: ...

    def encode(self, speech: Any) -> bytes: ...
