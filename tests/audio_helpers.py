"""Helpers for the audio tests: a silent MP3, a mocked Google TTS endpoint, and a real local HTTP
server for the fault tests."""

import base64
import http.server
import json
import re
import socket
import ssl
import threading
import urllib.parse

import responses

GTTS_URL = re.compile(r"https://translate\.google\.com/_/TranslateWebserverUi/data/batchexecute.*")
FRAME_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC4])  # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono
FRAME_SIZE = 417  # 144 * 128000 / 44100


def silent_mp3(seconds: float = 1.0) -> bytes:
    frames = max(1, round(seconds * 44100 / 1152))
    return (FRAME_HEADER + bytes(FRAME_SIZE - len(FRAME_HEADER))) * frames


def duration(path) -> float:
    """The length in seconds of the MP3 file at ``path``, as the audio cache measures it."""
    from callprep.speech.cache import duration as audio_length

    return audio_length(path.read_bytes())


def fill_the_disk(monkeypatch, when=lambda data: True) -> None:
    """From now on, writing ``data`` for which ``when(data)`` is true through ``os.fdopen`` (as the
    audio cache writes its clips) stores a hundred bytes, then fails: the disk is full."""
    import errno
    import os

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, fd, *args, **kwargs):
            self.handle = real_fdopen(fd, *args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc_info):
            self.handle.close()

        def write(self, data):
            if not when(data):
                return self.handle.write(data)
            self.handle.write(data[:100])
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", FullDisk)


def gtts_body(audio: bytes) -> str:
    encoded = base64.b64encode(audio).decode("ascii")
    return ')]}\'\n\n[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]\n'


def ok(mock: responses.RequestsMock, seconds: float = 1.0) -> None:
    mock.add(responses.POST, GTTS_URL, body=gtts_body(silent_mp3(seconds)), status=200)


def sent_parameters(mock: responses.RequestsMock) -> list[list]:
    """[text, lang, speed, ...] of every request that reached the mocked Google TTS endpoint."""
    sent = []
    for call in mock.calls:
        body = call.request.body
        sent.append(parameters_of(body.decode() if isinstance(body, bytes) else body))
    return sent


def sent_texts(mock: responses.RequestsMock) -> list[str]:
    return [parameters[0] for parameters in sent_parameters(mock)]


# A real HTTP server on 127.0.0.1 for the fault tests: each request gets the next answer.


class LocalServer:
    """A threaded HTTP (or, given an ``ssl.SSLContext``, HTTPS) server on 127.0.0.1, port 0.

    ``answers`` are functions ``answer(handler, stop)`` that write a raw response; the n-th request
    gets the n-th answer and the last one repeats. ``bodies`` holds what every request sent, and
    ``connections`` how many connections were opened. ``close()`` ends any answer still waiting."""

    def __init__(self, *answers, tls: ssl.SSLContext | None = None):
        self.answers = list(answers)
        self.bodies: list[bytes] = []
        self.connections = 0
        self.stop = threading.Event()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            timeout = 5  # an idle kept-alive connection ends after this

            def setup(self):
                server.connections += 1
                super().setup()

            def do_POST(self):
                server.bodies.append(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                answer = server.answers[min(len(server.bodies), len(server.answers)) - 1]
                try:
                    answer(self, server.stop)
                except OSError:  # the client gave up: that is what a fault test expects
                    self.close_connection = True

            def log_message(self, format, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.httpd.server_address[1]}/_/TranslateWebserverUi/data/batchexecute"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def sent_texts(self) -> list[str]:
        return [parameters_of(body.decode())[0] for body in self.bodies]

    def close(self) -> None:
        self.stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


def parameters_of(body: str) -> list:
    rpc = json.loads(urllib.parse.unquote(body).removeprefix("f.req=").rstrip("&"))
    return json.loads(rpc[0][0][1])


def answer(status: int = 200, body: bytes = b"", headers: dict | None = None, chunked: bool = False):
    """A complete response: ``body`` as it is, with Content-Length or in two chunks."""

    def write(handler, stop):
        handler.send_response(status)
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        if chunked:
            handler.send_header("Transfer-Encoding", "chunked")
            handler.end_headers()
            half = len(body) // 2
            for piece in (body[:half], body[half:], b""):
                handler.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
        else:
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
        handler.wfile.flush()

    return write


def audio_answer(seconds: float = 1.0, **options):
    return answer(200, gtts_body(silent_mp3(seconds)).encode("ascii"), **options)


def drip(every: float, length: int):
    """Headers at once, then one byte of a ``length``-byte body every ``every`` seconds."""

    def write(handler, stop):
        handler.send_response(200)
        handler.send_header("Content-Length", str(length))
        handler.end_headers()
        handler.wfile.flush()
        for _ in range(length):
            handler.wfile.write(b" ")
            handler.wfile.flush()
            if stop.wait(every):
                break
        handler.close_connection = True

    return write


def stall(after_headers: bool):
    """Say nothing until the test ends, before the headers or after them."""

    def write(handler, stop):
        if after_headers:
            handler.send_response(200)
            handler.send_header("Content-Length", "1000")
            handler.end_headers()
            handler.wfile.flush()
        stop.wait(120)
        handler.close_connection = True

    return write


def cut_short(handler, stop):
    """Promise 1000 bytes, send 10 and close the connection."""
    handler.send_response(200)
    handler.send_header("Content-Length", "1000")
    handler.end_headers()
    handler.wfile.write(b")]}'\n\n[[\"w")
    handler.wfile.flush()
    handler.close_connection = True


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens: a connection there is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
