"""Audio speed: the whole phrase set, offline (eSpeak NG, real) and online (gTTS, HTTP mocked),
cold and cached, beside one process per phrase running stock gTTS with the same mock.

Run: python benchmarks/bench_audio.py   (needs the test extra: responses)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import responses

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from audio_helpers import ok

from callprep.i18n import localizer
from callprep.speech.cache import AudioCache
from callprep.speech.engines import GttsEngine, OfflineEngine
from callprep.speech.selection import phrases_for_audio
from callprep.speech.speaker import Speaker, synthesize_all
from callprep.speech.text import for_speech

BASELINE = """
import sys, responses
sys.path.insert(0, {tests!r})
from audio_helpers import ok
from gtts import gTTS
with responses.RequestsMock() as mock:
    ok(mock)
    gTTS(sys.argv[1], lang="ru").save(sys.argv[2])
"""


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    phrases = phrases_for_audio(None, None, localizer("en"))
    work = Path(tempfile.mkdtemp(prefix="callprep-bench-"))
    try:
        cache = AudioCache(work / "cache")
        offline = OfflineEngine(cache.root)
        online = GttsEngine(sleep=lambda seconds: None)
        print(f"phrase set: {len(phrases)} phrases")

        speak_offline = Speaker("offline", online, offline, cache)
        print(f"offline (eSpeak NG), cold:   {timed(lambda: synthesize_all(phrases, speak_offline, False)):6.2f} s")
        print(f"offline (eSpeak NG), cached: {timed(lambda: synthesize_all(phrases, speak_offline, False)):6.3f} s")

        with responses.RequestsMock() as mock:
            ok(mock)
            speak_online = Speaker("gtts", online, offline, cache)
            cold = timed(lambda: synthesize_all(phrases, speak_online, False))
            requests_cold = len(mock.calls)
            cached = timed(lambda: synthesize_all(phrases, speak_online, False))
            requests_cached = len(mock.calls) - requests_cold
        print(f"gTTS (HTTP mocked), cold:    {cold:6.2f} s  ({requests_cold} requests)")
        print(f"gTTS (HTTP mocked), cached:  {cached:6.3f} s  ({requests_cached} requests; target < 0.5 s)")

        script = BASELINE.format(tests=str(Path(__file__).resolve().parent.parent / "tests"))
        out = work / "baseline"
        out.mkdir()

        def per_process():
            for index, phrase in enumerate(phrases):
                subprocess.run(
                    [sys.executable, "-c", script, for_speech(phrase.ru), str(out / f"{index}.mp3")], check=True
                )

        print(f"baseline, stock gTTS one process per phrase (same mock): {timed(per_process):6.2f} s")

        callprep = shutil.which("callprep")
        if callprep:
            env = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
            command = [callprep, "audio", "--engine", "offline", "-o"]
            first = timed(
                lambda: subprocess.run([*command, str(work / "o1")], check=True, env=env, capture_output=True)
            )
            again = timed(
                lambda: subprocess.run([*command, str(work / "o2")], check=True, env=env, capture_output=True)
            )
            print(
                f"`callprep audio --engine offline` whole command, cold: {first:6.2f} s; cached rerun: {again:6.2f} s"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
