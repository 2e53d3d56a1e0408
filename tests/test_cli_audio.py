"""`callprep audio` end to end, with gTTS mocked at the HTTP transport and eSpeak NG for real."""

import json

import pytest
import responses
from audio_helpers import GTTS_URL, closed_port, ok, sent_texts


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr("callprep.speech.engines.time.sleep", lambda seconds: None)


def manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def test_offline_needs_no_network(run, tmp_path):
    folder = tmp_path / "audio"
    with responses.RequestsMock() as mock:  # any request would fail the test
        result = run("audio", "--engine", "offline", "-o", str(folder))
        assert len(mock.calls) == 0
    assert result.exit_code == 0, result.output
    data = manifest(folder)
    assert data["carrier"] is None and len(data["clips"]) > 50
    assert {clip["engine"] for clip in data["clips"]} == {"offline"}
    assert all(clip["duration"] > 0.1 for clip in data["clips"])
    assert "Speaking" not in result.output  # no progress bar when not on a terminal
    assert "Я хочу́ расто́ргнуть догово́р и закры́ть но́мер." in {clip["ru"] for clip in data["clips"]}


@responses.activate
def test_gtts_for_a_carrier_in_chinese(run, tmp_path):
    ok(responses)
    folder = tmp_path / "mts"
    result = run("audio", "mts", "--lang", "zh", "--engine", "gtts", "-o", str(folder))
    assert result.exit_code == 0, result.output
    data = manifest(folder)
    assert data["carrier"] == "mts" and data["language"] == "zh"
    assert data["clips"][0]["translation"] == "有什么可以帮您？"
    sent = len(responses.calls)
    assert sent >= len(data["clips"])  # gTTS sends a phrase longer than 100 characters in parts
    playlist = (folder / "playlist.m3u8").read_text(encoding="utf-8")
    assert playlist.splitlines()[3] == "q_how_help.mp3"
    said = " ".join(sent_texts(responses))
    assert "тэ-два" not in said and "с эм-тэ-эс" in said  # MTS said as Russians say it, no other carrier
    again = run("audio", "mts", "--lang", "zh", "--engine", "gtts", "-o", str(tmp_path / "again"))
    assert again.exit_code == 0 and len(responses.calls) == sent  # all from the cache


@responses.activate
def test_rate_limit_is_one_clear_line(run, tmp_path):
    responses.add(responses.POST, GTTS_URL, status=429)
    folder = tmp_path / "out"
    result = run("audio", "yota", "--engine", "gtts", "-o", str(folder))
    assert result.exit_code == 1
    assert result.output.strip().endswith(
        "Error: rate limited by the Google TTS service (HTTP 429) after 3 tries; "
        "finished phrases are cached, run again later or use --engine offline"
    )
    assert "Traceback" not in result.output
    assert not folder.exists()


@responses.activate
def test_my_number_stays_offline(run, tmp_path):
    ok(responses)
    folder = tmp_path / "out"
    result = run(
        "audio", "t2", "--channel", "hotline", "--engine", "gtts", "--my-number", "+7 912 345-67-89", "-o", str(folder)
    )
    assert result.exit_code == 0, result.output
    sent = " ".join(sent_texts(responses))
    assert "девятьсот двенадцать" not in sent and "912" not in sent
    clip = next(c for c in manifest(folder)["clips"] if c["id"] == "my_number")
    assert clip["engine"] == "offline" and clip["personal"] is True and "offline" in clip["note"]
    assert not any("912" in path.name for path in tmp_path.rglob("*"))


@pytest.mark.parametrize("number", ["12", "0611", "+1 650 253 0000", "+7 701 123 4567", "+7 912 CALL-NOW"])
def test_bad_number(run, tmp_path, number):
    result = run("audio", "--my-number", number, "-o", str(tmp_path / "x"))
    assert result.exit_code == 2
    assert "'--my-number': not a Russian phone number" in result.output


def test_output_folder_not_empty(run, tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("audio", "--engine", "offline", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "is not empty; pass --force" in result.output
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_unknown_carrier(run, tmp_path):
    result = run("audio", "mtss", "-o", str(tmp_path / "x"))
    assert result.exit_code == 2 and "did you mean 'mts'" in result.output


def test_progress_bar_on_a_terminal(tmp_path):
    """On a terminal the audio command shows Click's progress bar on stderr."""
    import os
    import pty
    import subprocess
    import sys

    primary, secondary = pty.openpty()
    command = [
        sys.executable,
        "-m",
        "callprep",
        "audio",
        "yota",
        "--channel",
        "hotline",
        "--engine",
        "offline",
        "-o",
        str(tmp_path / "out"),
    ]
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "COLUMNS": "100"}
    done = subprocess.run(command, stdin=secondary, stdout=subprocess.PIPE, stderr=secondary, env=env, timeout=120)
    os.close(secondary)
    shown = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(primary)
    assert done.returncode == 0
    assert b"Speaking" in shown and b"100%" in shown


@pytest.fixture
def refused_url(monkeypatch):
    """CALLPREP_GTTS_URL at a port of 127.0.0.1 where nothing listens (and no proxy in between)."""
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.setenv(name, "127.0.0.1,localhost")
    monkeypatch.setenv(
        "CALLPREP_GTTS_URL", f"http://127.0.0.1:{closed_port()}/_/TranslateWebserverUi/data/batchexecute"
    )


def test_auto_without_network_falls_back_at_once(run, tmp_path, monkeypatch, refused_url):
    """A refused connection (what no network looks like) is not tried again: one warning, no wait."""
    waits = []
    monkeypatch.setattr("callprep.speech.engines.time.sleep", waits.append)
    folder = tmp_path / "out"
    result = run("audio", "yota", "--channel", "hotline", "--engine", "auto", "-o", str(folder))
    assert result.exit_code == 0, result.output
    *before, last = result.output.strip().splitlines()
    assert before == [
        "warning: cannot reach the Google TTS service (no network?); using the offline engine for the rest of this run"
    ]
    assert last.startswith("wrote ")
    assert waits == []
    assert {clip["engine"] for clip in manifest(folder)["clips"]} == {"offline"}


def test_gtts_without_network_is_one_line(run, tmp_path, refused_url):
    folder = tmp_path / "out"
    result = run("audio", "yota", "--channel", "hotline", "--engine", "gtts", "-o", str(folder))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: cannot reach the Google TTS service (no network?); "
        "finished phrases are cached, run again later or use --engine offline"
    ]
    assert not folder.exists()


def test_a_bad_gtts_url_is_one_line(run, tmp_path, monkeypatch):
    monkeypatch.setenv("CALLPREP_GTTS_URL", "translate.example.org/tts")
    result = run("audio", "yota", "--engine", "auto", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        "Error: CALLPREP_GTTS_URL must be an http:// or https:// address, not 'translate.example.org/tts'"
    ]
    assert run("audio", "yota", "--engine", "offline", "-o", str(tmp_path / "offline")).exit_code == 0
