"""The online engine against real faults: a real HTTP(S) server on 127.0.0.1 per scenario, no mocks.

Each test reproduces what a network or a service can really do (rate limits with absurd waits, a
body that drips, a server that stalls, a refused connection, a page that is not the answer, a
certificate that cannot be verified) and checks that the engine stops in bounded time with the
right cause, retrying only what a retry can fix."""

import base64
import gzip
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
import requests
import trustme
from audio_helpers import (
    LocalServer,
    answer,
    audio_answer,
    closed_port,
    cut_short,
    drip,
    gtts_body,
    silent_mp3,
    stall,
)

from callprep.errors import SpeechUnavailable
from callprep.i18n import localizer
from callprep.speech.cache import AudioCache
from callprep.speech.engines import GTTS_URL, GttsEngine, OfflineEngine, retry_after
from callprep.speech.selection import phrases_for_audio
from callprep.speech.speaker import Speaker

HELLO = "Здравствуйте."
LONG = (
    "Здравствуйте. Я хочу расторгнуть договор и закрыть номер, потому что уезжаю из России. "
    "Скажите, пожалуйста, что для этого нужно и сколько это займёт времени."
)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch):
    """Requests to 127.0.0.1 go straight to the test's server, whatever proxy the machine has."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")


@pytest.fixture
def serve():
    """``serve(*answers, tls=None)``: a started LocalServer, closed after the test."""
    servers = []

    def start(*answers, tls=None):
        servers.append(LocalServer(*answers, tls=tls))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


class Counting(requests.adapters.HTTPAdapter):
    """A transport adapter that counts what it sends (urllib3 makes one connection attempt per send)."""

    def __init__(self):
        super().__init__()
        self.sends = 0

    def send(self, *args, **kwargs):
        self.sends += 1
        return super().send(*args, **kwargs)


def engine(url, **fields):
    """A GttsEngine at ``url`` whose waits are recorded in ``.sleeps`` instead of slept."""
    made = GttsEngine(url=url, **fields)
    made.sleeps = []
    made.sleep = made.sleeps.append
    return made


def fails(made, tmp_path, text=HELLO) -> SpeechUnavailable:
    target = tmp_path / "out.mp3"
    with pytest.raises(SpeechUnavailable) as error:
        made.synthesize(text, target, slow=False)
    assert not target.exists()  # nothing is written unless it is audio
    return error.value


def test_the_default_url_is_the_one_gtts_builds():
    from gtts import gTTS

    assert {request.url for request in gTTS(LONG, lang="ru")._prepare_requests()} == {GTTS_URL}


# What works


def test_audio_over_a_real_connection(serve, tmp_path):
    server = serve(audio_answer())
    made = engine(server.url)
    made.synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert (tmp_path / "a.mp3").read_bytes() == silent_mp3()
    assert server.sent_texts() == [HELLO] and made.sleeps == []


def test_a_long_text_is_sent_in_parts_and_joined(serve, tmp_path):
    from gtts import gTTS

    bodies = gTTS(LONG, lang="ru", pre_processor_funcs=[]).get_bodies()
    assert len(bodies) > 1  # gTTS cuts a long text at its punctuation
    server = serve(audio_answer(1.0), audio_answer(2.0))
    engine(server.url).synthesize(LONG, tmp_path / "a.mp3", slow=False)
    assert [body.decode() for body in server.bodies] == bodies
    assert (tmp_path / "a.mp3").read_bytes() == silent_mp3(1.0) + silent_mp3(2.0) * (len(bodies) - 1)


@pytest.mark.parametrize("chunked", [False, True], ids=["length", "chunked"])
def test_a_gzip_answer_is_decoded(serve, tmp_path, chunked):
    body = gzip.compress(gtts_body(silent_mp3()).encode("ascii"))
    server = serve(answer(200, body, {"Content-Encoding": "gzip"}, chunked=chunked))
    engine(server.url).synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert (tmp_path / "a.mp3").read_bytes() == silent_mp3()


def test_one_connection_serves_every_phrase(serve, tmp_path):
    server = serve(audio_answer())
    made = engine(server.url)
    for name in ("a", "b", "c"):
        made.synthesize(f"{HELLO} {name}", tmp_path / f"{name}.mp3", slow=False)
    assert len(server.bodies) == 3 and server.connections == 1


# Waits the server asks for


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize(
    "header", ["3600", "99999999999", "9" * 400, "in two hours"], ids=["3600", "11-digits", "400-digits", "date"]
)
def test_a_wait_beyond_the_cap_ends_the_tries_at_once(serve, tmp_path, status, header):
    if header == "in two hours":
        header = format_datetime(datetime.now(UTC) + timedelta(hours=2), usegmt=True)
    server = serve(answer(status, headers={"Retry-After": header}))
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert made.sleeps == [] and len(server.bodies) == 1
    assert error.cause == ("rate" if status == 429 else "server")
    expected = {"3600": "3600", "99999999999": "99999999999", "9" * 400: "9" * 20 + "…"}.get(header, "")
    assert str(error).startswith(f"the Google TTS service asked to wait {expected}")
    assert f"seconds (HTTP {status}); finished phrases are cached" in str(error)
    assert len(str(error)) < 200


@pytest.mark.parametrize("header", ["7", "in 20 seconds"])
def test_a_wait_within_the_cap_is_obeyed(serve, tmp_path, header):
    seconds = 7.0
    if header != "7":
        seconds = 20.0
        header = format_datetime(datetime.now(UTC) + timedelta(seconds=20), usegmt=True)
    server = serve(answer(429, headers={"Retry-After": header}), audio_answer())
    made = engine(server.url)
    made.synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert len(server.bodies) == 2 and len(made.sleeps) == 1
    assert made.sleeps[0] == pytest.approx(seconds, abs=2)  # an HTTP-date has whole seconds


def test_retry_after_forms():
    now = datetime(2025, 1, 1, tzinfo=UTC)
    assert retry_after("120", now) == 120.0
    assert retry_after("Wed, 01 Jan 2025 00:01:00 GMT", now) == 60.0
    assert retry_after("Tue, 31 Dec 2024 23:00:00 GMT", now) == 0.0  # in the past: no wait
    assert retry_after("9" * 5000, now) == float("inf")
    assert retry_after("", now) is None and retry_after("soon", now) is None and retry_after("-5", now) is None


def test_a_server_error_is_tried_again(serve, tmp_path):
    server = serve(answer(503), audio_answer())
    made = engine(server.url)
    made.synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert len(server.bodies) == 2 and made.sleeps == [1.0]
    assert (tmp_path / "a.mp3").read_bytes() == silent_mp3()


def test_a_server_error_every_time_ends_after_three_tries(serve, tmp_path):
    server = serve(answer(500))
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert len(server.bodies) == 3 and made.sleeps == [1.0, 2.0]
    assert str(error).startswith("the Google TTS service failed (HTTP 500) after 3 tries;")


def test_a_refusal_is_not_tried_again(serve, tmp_path):
    server = serve(answer(403, b"<html>Forbidden</html>", {"Content-Type": "text/html"}))
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert len(server.bodies) == 1 and made.sleeps == []
    assert error.cause == "refused" and "HTTP 403" in str(error)


# Servers that do not finish


@pytest.mark.parametrize(
    "fault",
    [drip(every=1.0, length=120), stall(after_headers=True), stall(after_headers=False)],
    ids=["drip", "stall-after-headers", "stall-before-headers"],
)
def test_a_slow_server_stops_by_the_deadline(serve, tmp_path, fault):
    """Each would hold a request for 120 s or more; the deadline ends each try after 1 s."""
    server = serve(fault)
    made = engine(server.url, deadline=1.0)
    started = time.monotonic()
    error = fails(made, tmp_path)
    assert time.monotonic() - started < 20
    assert error.cause == "timeout" and len(server.bodies) == 3 and made.sleeps == [1.0, 2.0]
    assert str(error).startswith("the Google TTS service did not answer in time after 3 tries;")


def test_a_slow_try_then_an_answer(serve, tmp_path):
    server = serve(stall(after_headers=True), audio_answer())
    made = engine(server.url, deadline=1.0)
    made.synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert len(server.bodies) == 2 and made.sleeps == [1.0]


def test_a_connection_cut_short_is_not_tried_again(serve, tmp_path):
    server = serve(cut_short)
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert error.cause == "network" and "broke off" in str(error)
    assert len(server.bodies) == 1 and made.sleeps == []


# No network: one try, no wait


def test_a_refused_connection_is_tried_once(tmp_path):
    made = engine(f"http://127.0.0.1:{closed_port()}/_/TranslateWebserverUi/data/batchexecute")
    made.session = requests.Session()
    adapter = Counting()
    made.session.mount("http://", adapter)
    started = time.monotonic()
    error = fails(made, tmp_path)
    assert time.monotonic() - started < 5
    assert adapter.sends == 1 and made.sleeps == []
    assert error.cause == "network"
    assert str(error) == (
        "cannot reach the Google TTS service (no network?); "
        "finished phrases are cached, run again later or use --engine offline"
    )


def test_a_name_that_does_not_resolve_is_tried_once(tmp_path):
    made = engine("http://callprep-test.invalid/_/TranslateWebserverUi/data/batchexecute")
    made.session = requests.Session()
    adapter = Counting()
    made.session.mount("http://", adapter)
    error = fails(made, tmp_path)
    assert adapter.sends == 1 and made.sleeps == [] and error.cause == "network"


# Answers that are not audio


NOT_AUDIO = {
    "html": (b"<!doctype html><title>Before you continue</title><form>Accept all</form>", "without audio"),
    "utf8": (b')]}\'\n\n[["wrb.fr","jQ1olc","[\\"\xff\xfe\\"]"]]\n', "not text (invalid UTF-8)"),
    "base64": (gtts_body(b"x").replace("eA==", "eA=").encode(), "cannot be decoded (invalid base64)"),
    "noise": (gtts_body(b"%PDF-1.7 this is no MP3 " * 40).encode(), "not MP3 audio"),
    "null": (b')]}\'\n\n[["wrb.fr","jQ1olc",null,null,null,[3],"generic"]]\n', "without audio"),
}


@pytest.mark.parametrize("kind", list(NOT_AUDIO))
def test_an_answer_without_audio_is_an_error(serve, tmp_path, kind):
    body, reason = NOT_AUDIO[kind]
    server = serve(answer(200, body, {"Content-Type": "text/html; charset=utf-8"}))
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert error.cause == "not-audio" and reason in error.cause_text()
    assert len(server.bodies) == 1 and made.sleeps == []
    assert len(str(error).splitlines()) == 1


def test_auto_falls_back_on_a_consent_page(serve, tmp_path):
    server = serve(answer(200, NOT_AUDIO["html"][0], {"Content-Type": "text/html"}))
    cache = AudioCache(tmp_path / "cache")
    warnings = []
    speaker = Speaker("auto", engine(server.url), OfflineEngine(cache.root), cache, warn=warnings.append)
    phrases = phrases_for_audio(None, None, localizer("en"))[:3]
    used = [speaker.speak(phrase, slow=False).engine.name for phrase in phrases]
    assert used == ["offline"] * 3 and len(server.bodies) == 1
    assert [str(warning) for warning in warnings] == [
        "warning: the Google TTS service answered without audio (a captive portal or consent page?); "
        "using the offline engine for the rest of this run"
    ]


# Certificates


@pytest.fixture(scope="module")
def ca():
    return trustme.CA()


def tls_context(ca, *names):
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(*names).configure_cert(context)
    return context


def test_a_certificate_that_cannot_be_verified_is_an_error(serve, tmp_path, ca):
    server = serve(audio_answer(), tls=tls_context(ca, "127.0.0.1"))
    made = engine(server.url)
    error = fails(made, tmp_path)
    assert error.cause == "certificate" and server.bodies == [] and made.sleeps == []
    assert str(error).startswith("the certificate of the Google TTS service could not be verified")


def test_the_same_server_works_when_its_ca_is_trusted(serve, tmp_path, ca):
    """The check above is real: with the test CA trusted, the same kind of server gives audio."""
    server = serve(audio_answer(), tls=tls_context(ca, "127.0.0.1"))
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    made = engine(server.url, ca_bundle=str(bundle))
    made.synthesize(HELLO, tmp_path / "a.mp3", slow=False)
    assert (tmp_path / "a.mp3").read_bytes() == silent_mp3() and server.sent_texts() == [HELLO]


def test_a_certificate_for_another_host_is_an_error(serve, tmp_path, ca):
    server = serve(audio_answer(), tls=tls_context(ca, "translate.example.org"))
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    error = fails(engine(server.url, ca_bundle=str(bundle)), tmp_path)
    assert error.cause == "certificate" and server.bodies == []


def test_the_base64_of_the_helper_is_what_gtts_decodes():
    """The fixtures' body format is gTTS's own: gTTS's pattern finds the audio in it."""
    import re

    line = gtts_body(b"abc").splitlines()[2]
    found = re.search(r'jQ1olc","\[\\"(.*)\\"]', line)
    assert found and base64.b64decode(found.group(1)) == b"abc"
