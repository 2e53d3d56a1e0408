"""Helpers for the audio tests: a silent MP3 and a mocked Google TTS endpoint."""

import base64
import json
import re
import urllib.parse

import responses

GTTS_URL = re.compile(r"https://translate\.google\.com/_/TranslateWebserverUi/data/batchexecute.*")
FRAME_HEADER = bytes([0xFF, 0xFB, 0x90, 0xC4])  # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, mono
FRAME_SIZE = 417  # 144 * 128000 / 44100


def silent_mp3(seconds: float = 1.0) -> bytes:
    frames = max(1, round(seconds * 44100 / 1152))
    return (FRAME_HEADER + bytes(FRAME_SIZE - len(FRAME_HEADER))) * frames


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
        body = body.decode() if isinstance(body, bytes) else body
        rpc = json.loads(urllib.parse.unquote(body).removeprefix("f.req=").rstrip("&"))
        sent.append(json.loads(rpc[0][0][1]))
    return sent


def sent_texts(mock: responses.RequestsMock) -> list[str]:
    return [parameters[0] for parameters in sent_parameters(mock)]
