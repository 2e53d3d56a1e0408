"""Audio: engines, cache, faults, the personal-data guard and the output folder."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import responses
from audio_helpers import GTTS_URL, duration, fill_the_disk, gtts_body, ok, sent_parameters, sent_texts, silent_mp3

from callprep.errors import CacheError, OutputError, SpeechUnavailable
from callprep.i18n import localizer
from callprep.speech.cache import AudioCache
from callprep.speech.engines import GttsEngine, OfflineEngine
from callprep.speech.folder import clips, write_folder
from callprep.speech.selection import number_phrase, phrases_for_audio
from callprep.speech.speaker import Speaker, synthesize_all
from callprep.speech.text import for_speech

MY_NUMBER = "+7 912 345-67-89"


@pytest.fixture
def cache(tmp_path):
    return AudioCache(tmp_path / "cache")


def speaker(cache, choice="gtts", allow=False, warnings=None):
    online = GttsEngine(sleep=lambda seconds: None)
    offline = OfflineEngine(cache.root)
    return Speaker(choice, online, offline, cache, allow, warn=(warnings.append if warnings is not None else print))


def few_phrases(count=3, with_number=False):
    phrases = list(phrases_for_audio(None, None, localizer("en"))[:count])
    if with_number:
        phrases.append(number_phrase(MY_NUMBER, localizer("en").gettext))
    return phrases


def test_offline_engine_speaks_for_real(tmp_path):
    from mutagen.mp3 import MP3

    short, long = tmp_path / "short.mp3", tmp_path / "long.mp3"
    engine = OfflineEngine(tmp_path / "cache")
    engine.synthesize("Да.", short, slow=False)
    engine.synthesize("Я хочу расторгнуть договор и закрыть номер.", long, slow=False)
    info = MP3(str(long)).info
    assert info.channels == 1 and info.sample_rate >= 16000 and info.bitrate == 32000
    assert 0.1 < duration(short) < 2 < duration(long) < 10


def test_offline_slow_is_longer(tmp_path):
    engine = OfflineEngine(tmp_path / "cache")
    engine.synthesize("Повторите, пожалуйста.", tmp_path / "n.mp3", slow=False)
    engine.synthesize("Повторите, пожалуйста.", tmp_path / "s.mp3", slow=True)
    assert duration(tmp_path / "s.mp3") > duration(tmp_path / "n.mp3") * 1.2


def test_long_data_path_is_copied_to_a_short_one(tmp_path):
    """eSpeak NG exits the process on a long data path, so this runs in a child process."""
    script = f"""
import shutil, sys
from pathlib import Path
import espeakng_loader
from callprep.speech import espeak
deep = Path({str(tmp_path)!r}) / ("d" * 80) / ("e" * 80)
deep.mkdir(parents=True)
shutil.copytree(espeakng_loader.get_data_path(), deep / "espeak-ng-data")
espeakng_loader.get_data_path = lambda: str(deep / "espeak-ng-data")
cache = Path({str(tmp_path)!r}) / "c"
espeak.synthesize("Да.", Path({str(tmp_path)!r}) / "out.mp3", slow=False, cache_root=cache)
print(espeak._state["data"])
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    used = Path(done.stdout.strip())
    assert used.is_relative_to(tmp_path / "c") and len(str(used).encode()) <= 150
    assert duration(tmp_path / "out.mp3") > 0.1


def test_short_data_path_when_cache_too_long(tmp_path, monkeypatch):
    from callprep.speech import espeak

    source = tmp_path / ("s" * 100) / ("t" * 60)
    source.mkdir(parents=True)
    for name in espeak.REQUIRED_FILES:
        (source / name).write_bytes(b"x")
    monkeypatch.setattr(espeak.tempfile, "gettempdir", lambda: str(tmp_path))
    target = espeak.short_data_path(source, cache_root=tmp_path / ("c" * 160))
    assert espeak.data_is_complete(target) and len(str(target).encode()) <= espeak.PATH_LIMIT
    assert espeak.short_data_path(target, cache_root=tmp_path) == target  # short enough: used as it is


@responses.activate
def test_gtts_success_and_cache_hit_makes_no_request(cache):
    ok(responses)
    phrases = few_phrases()
    first = synthesize_all(phrases, speaker(cache), slow=False)
    assert len(responses.calls) == len(phrases)
    assert all(each.engine.name == "gtts" and each.path.suffix == ".mp3" for each in first)
    assert all(duration(each.path) > 0.5 for each in first)
    responses.calls.reset()
    second = synthesize_all(phrases, speaker(cache), slow=False)
    assert len(responses.calls) == 0
    assert [r[1] for r in second] == [r[1] for r in first]


@responses.activate
def test_gtts_slow_is_a_separate_request(cache):
    ok(responses)
    phrase = few_phrases(1)
    synthesize_all(phrase, speaker(cache), slow=False)
    synthesize_all(phrase, speaker(cache), slow=True)
    assert len(responses.calls) == 2
    assert [(lang, speed) for _, lang, speed, _ in sent_parameters(responses)] == [("ru", None), ("ru", True)]


@responses.activate
def test_gtts_rate_limit_retries_then_explains(cache):
    responses.add(responses.POST, GTTS_URL, status=429)
    with pytest.raises(SpeechUnavailable) as error:
        synthesize_all(few_phrases(1), speaker(cache), slow=False)
    assert len(responses.calls) == 3
    assert str(error.value) == (
        "rate limited by the Google TTS service (HTTP 429) after 3 tries; "
        "finished phrases are cached, run again later or use --engine offline"
    )
    assert not list(cache.root.rglob("*.mp3")) and not list(cache.root.rglob(".part-*"))


@responses.activate
def test_gtts_server_error_then_success(cache):
    responses.add(responses.POST, GTTS_URL, status=500)
    ok(responses)
    waits = []
    engine_speaker = speaker(cache)
    engine_speaker.online.sleep = waits.append
    result = synthesize_all(few_phrases(1), engine_speaker, slow=False)
    assert len(responses.calls) == 2 and waits == [1.0]
    assert result[0][2].name == "gtts"


@responses.activate
def test_gtts_honours_retry_after(cache):
    responses.add(responses.POST, GTTS_URL, status=429, headers={"Retry-After": "7"})
    ok(responses)
    waits = []
    engine_speaker = speaker(cache)
    engine_speaker.online.sleep = waits.append
    synthesize_all(few_phrases(1), engine_speaker, slow=False)
    assert waits == [7.0]


@responses.activate
def test_gtts_timeout(cache):
    responses.add(responses.POST, GTTS_URL, body=requests.exceptions.ConnectTimeout("slow"))
    with pytest.raises(SpeechUnavailable, match="did not answer in time after 3 tries"):
        synthesize_all(few_phrases(1), speaker(cache), slow=False)


@responses.activate
def test_gtts_refusal_is_not_retried(cache):
    responses.add(responses.POST, GTTS_URL, status=403)
    with pytest.raises(SpeechUnavailable, match=r"refused the request \(HTTP 403\)"):
        synthesize_all(few_phrases(1), speaker(cache), slow=False)
    assert len(responses.calls) == 1


@responses.activate
def test_auto_falls_back_to_offline_once(cache):
    responses.add(responses.POST, GTTS_URL, body=requests.exceptions.ConnectionError("no route"))
    warnings = []
    result = synthesize_all(few_phrases(4), speaker(cache, "auto", warnings=warnings), slow=False)
    assert len(responses.calls) == 1  # no network is not tried again, nor asked again for the next phrases
    assert [each.engine.name for each in result] == ["offline"] * 4
    assert [str(warning) for warning in warnings] == [
        "warning: cannot reach the Google TTS service (no network?); using the offline engine for the rest of this run"
    ]


@responses.activate
def test_rerun_resumes_after_a_failure(cache):
    ok(responses)
    responses.add(responses.POST, GTTS_URL, status=429)
    phrases = few_phrases(3)
    with pytest.raises(SpeechUnavailable):
        synthesize_all(phrases, speaker(cache), slow=False)
    assert len(responses.calls) == 4  # one success, then three tries
    responses.reset()
    ok(responses)
    synthesize_all(phrases, speaker(cache), slow=False)
    assert len(responses.calls) == 2  # only what was missing


@responses.activate
def test_personal_data_never_sent_by_default(cache):
    ok(responses)
    phrases = few_phrases(2, with_number=True)
    result = synthesize_all(phrases, speaker(cache), slow=False)
    texts = sent_texts(responses)
    assert len(texts) == 2
    for text in texts:
        assert "912" not in text and "девятьсот двенадцать" not in text and "номер" not in text.lower()
    personal = [r for r in result if r[0].personal]
    assert personal[0][2].name == "offline" and personal[0][3] == "personal data: spoken offline"
    assert not any(str(r[1]).find("912") >= 0 for r in result)  # cache names are hashes


@responses.activate
def test_personal_data_sent_only_when_allowed(cache):
    ok(responses)
    synthesize_all(few_phrases(0, with_number=True), speaker(cache, allow=True), slow=False)
    assert any("девятьсот двенадцать" in text for text in sent_texts(responses))


def test_interrupt_leaves_no_partial_audio(cache):
    class Interrupted:
        name, voice, extension = "gtts", "test", "mp3"
        speech_text = staticmethod(for_speech)

        def synthesize(self, text, target, *, slow):
            target.write_bytes(b"half")
            raise KeyboardInterrupt

    broken = Speaker("gtts", Interrupted(), OfflineEngine(cache.root), cache)
    with pytest.raises(KeyboardInterrupt):
        synthesize_all(few_phrases(1), broken, slow=False)
    assert [p for p in cache.audio.rglob("*") if p.is_file()] == []  # (the data snapshots may be beside it)


@responses.activate
def test_output_folder_playlist_and_manifest(cache, tmp_path):
    ok(responses, seconds=1.5)
    phrases = few_phrases(3, with_number=True)
    results = synthesize_all(phrases, speaker(cache), slow=False)
    made = clips(results, slow=False)
    folder = tmp_path / "out"
    write_folder(folder, results, made, {"carrier": None}, force=False)
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*(f"{p.id}.mp3" for p in phrases[:3]), "my_number.mp3", "playlist.m3u8", "manifest.json"])
    playlist = (folder / "playlist.m3u8").read_text(encoding="utf-8").splitlines()
    assert playlist[0] == "#EXTM3U"
    assert [line for line in playlist if not line.startswith("#")] == [c.file for c in made]
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    first = data["clips"][0]
    assert set(first) >= {"id", "ru", "translit", "translation", "file", "engine", "duration"}
    assert first["duration"] == pytest.approx(1.5, abs=0.1)
    assert data["clips"][-1]["personal"] is True and data["clips"][-1]["engine"] == "offline"
    with pytest.raises(OutputError, match="not empty; pass --force"):
        write_folder(folder, results, made, {}, force=False)
    write_folder(folder, results, made, {}, force=True)


def test_not_audio_is_rejected(cache, tmp_path):
    class Garbage:
        name, voice, extension = "gtts", "test", "mp3"
        speech_text = staticmethod(for_speech)

        def synthesize(self, text, target, *, slow):
            target.write_bytes(b"<html>error</html>")

    with pytest.raises(SpeechUnavailable, match="the gtts engine returned something that is not audio"):
        synthesize_all(few_phrases(1), Speaker("gtts", Garbage(), OfflineEngine(cache.root), cache), slow=False)
    assert not list(cache.root.rglob("*.mp3"))  # nothing that is not audio is cached


def test_silent_mp3_helper_is_audio(tmp_path):
    path = tmp_path / "x.mp3"
    path.write_bytes(silent_mp3(2.0))
    assert duration(path) == pytest.approx(2.0, abs=0.1)
    assert "jQ1olc" in gtts_body(b"x")


class Recording:
    """An offline engine in two steps, as eSpeak NG's: it notes the order in which it speaks and
    which thread writes each clip (a real MP3), and fails on the phrase ``fail_on`` (by its text),
    when writing it, after a pause so that others are under way."""

    name, voice, extension = "offline", "recording", "mp3"
    speech_text = staticmethod(for_speech)

    def __init__(self, fail_on=None):
        import threading

        self.lock = threading.Lock()
        self.spoken: list[tuple[str, str]] = []  # (text, thread) in the order spoken
        self.threads: dict[str, str] = {}  # text: the thread that wrote it
        self.fail_on = fail_on

    def speak(self, text, *, slow):
        import threading

        self.spoken.append((text, threading.current_thread().name))
        return text

    def encode(self, speech):
        import threading
        import time

        time.sleep(0.02)
        if speech == self.fail_on:
            raise SpeechUnavailable("test", "the engine failed")
        with self.lock:
            self.threads[speech] = threading.current_thread().name
        return silent_mp3(0.5 + len(speech) / 100)

    def synthesize(self, text, target, *, slow):
        target.write_bytes(self.encode(self.speak(text, slow=slow)))


def test_offline_clips_are_spoken_in_order_and_encoded_on_every_core(cache, monkeypatch):
    import threading

    from callprep.speech import speaker as speaker_module

    monkeypatch.setattr(speaker_module, "cores", lambda: 2)
    engine = Recording()
    phrases = few_phrases(12)
    cached_first = phrases[3]
    Speaker("offline", GttsEngine(), engine, cache).speak(cached_first, False)
    engine.threads.clear()
    engine.spoken.clear()
    progress = []
    results = synthesize_all(phrases, Speaker("offline", GttsEngine(), engine, cache), False, progress.append)
    assert [result.phrase.id for result in results] == [phrase.id for phrase in phrases]
    assert sum(progress) == len(phrases)
    texts = [for_speech(phrase.ru) for phrase in phrases]
    lengths = [0.5 + len(text) / 100 for text in texts]
    assert all(abs(result.duration - length) < 0.1 for result, length in zip(results, lengths, strict=True))
    # spoken here, one at a time, in the phrases' order (eSpeak NG's audio depends on the order)
    assert engine.spoken == [(text, threading.current_thread().name) for text in texts if text != texts[3]]
    assert for_speech(cached_first.ru) not in engine.threads  # the cached clip was not made again
    assert len(set(engine.threads.values())) == 2, engine.threads  # both encoders wrote clips


def test_two_phrases_said_alike_are_spoken_once(cache, monkeypatch):
    """As one at a time would find the second in the cache (the proxy phrasebook has two such)."""
    from dataclasses import replace

    from callprep.speech import speaker as speaker_module

    monkeypatch.setattr(speaker_module, "cores", lambda: 2)
    engine = Recording()
    phrases = few_phrases(6)
    twin = replace(phrases[1], id="twin")
    phrases = [*phrases[:4], twin, *phrases[4:]]
    progress = []
    results = synthesize_all(phrases, Speaker("offline", GttsEngine(), engine, cache), False, progress.append)
    texts = [for_speech(phrase.ru) for phrase in phrases]
    assert [text for text, _ in engine.spoken] == list(dict.fromkeys(texts))  # each text once, in order
    assert results[4].phrase.id == "twin" and results[4].path == results[1].path
    assert sum(progress) == len(phrases)


def test_a_failure_on_an_encoder_stops_the_run_and_leaves_only_whole_clips(cache, monkeypatch):
    from callprep.speech import speaker as speaker_module

    monkeypatch.setattr(speaker_module, "cores", lambda: 2)
    phrases = few_phrases(12)
    engine = Recording(fail_on=for_speech(phrases[2].ru))
    with pytest.raises(SpeechUnavailable):
        synthesize_all(phrases, Speaker("offline", GttsEngine(), engine, cache), False)
    assert len(engine.spoken) < len(phrases)  # the run stopped speaking soon after the failure
    clips = list(cache.audio.rglob("*.mp3"))
    assert len(clips) == len(engine.threads) and all(duration(path) >= 0.5 for path in clips)
    assert not list(cache.audio.rglob(".part-*"))


def test_a_clip_the_disk_cannot_hold_on_an_encoder_stops_the_run_and_leaves_no_partial_file(cache, monkeypatch):
    import threading

    from callprep.speech import speaker as speaker_module

    monkeypatch.setattr(speaker_module, "cores", lambda: 2)
    phrases = few_phrases(12)
    engine = Recording()
    doomed = silent_mp3(0.5 + len(for_speech(phrases[2].ru)) / 100)
    fill_the_disk(monkeypatch, when=lambda data: data == doomed)
    with pytest.raises(CacheError, match="No space left on device"):
        synthesize_all(phrases, Speaker("offline", GttsEngine(), engine, cache), False)
    assert engine.threads[for_speech(phrases[2].ru)] != threading.current_thread().name  # failed on a worker
    assert len(engine.spoken) < len(phrases)  # the run stopped speaking soon after the failure
    clips = list(cache.audio.rglob("*.mp3"))
    assert all(duration(path) >= 0.5 for path in clips) and len(clips) < len(phrases)
    assert not list(cache.audio.rglob(".part-*"))


def test_many_offline_clips_make_the_same_audio_as_one_at_a_time(tmp_path):
    """eSpeak NG carries state from one phrase to the next: clips are the same bytes only if they
    are spoken in the same order from the start of a process. Made with encoders on two threads,
    they are those of a process that makes them one at a time (real eSpeak NG and LAME)."""
    script = """
import sys
from pathlib import Path
from callprep.i18n import localizer
from callprep.speech import speaker
from callprep.speech.cache import AudioCache
from callprep.speech.engines import GttsEngine, OfflineEngine
from callprep.speech.selection import phrases_for_audio
workers, root = int(sys.argv[1]), Path(sys.argv[2])
speaker.cores = lambda: workers
cache = AudioCache(root)
choice = speaker.Speaker("offline", GttsEngine(), OfflineEngine(root), cache)
phrases = phrases_for_audio(None, None, localizer("en"))[:10]
for slow in (False, True):
    for result in speaker.synthesize_all(phrases, choice, slow):
        print(result.path.name)
"""
    made = {}
    for workers in (1, 2):
        root = tmp_path / f"cache{workers}"
        done = subprocess.run([sys.executable, "-c", script, str(workers), str(root)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        names = done.stdout.split()
        made[workers] = [next(root.rglob(name)).read_bytes() for name in names]
    assert len(made[1]) == 20 and made[1] == made[2]


def test_a_cache_cleared_during_a_run_is_made_again(cache):
    """Folders are made once a run; when the cache is cleared meanwhile (callprep cache clear from
    another window), the next clip makes them again instead of failing."""
    import shutil

    engine = Recording()
    speaker_ = Speaker("offline", GttsEngine(), engine, cache)
    first, second, mine = few_phrases(2, with_number=True)
    assert speaker_.speak(first, False).path.is_file()
    shutil.rmtree(cache.root)
    assert speaker_.speak(second, False).path.is_file()
    assert speaker_.speak(first, False).path.is_file()
    shutil.rmtree(cache.root)
    assert mine.personal and speaker_.speak(mine, False).path.is_file()  # its key is made again too
