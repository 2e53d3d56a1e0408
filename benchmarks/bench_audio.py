"""Audio speed: the whole phrase set, offline (eSpeak NG, real) and online (gTTS, HTTP mocked),
cold and cached, beside one process per phrase running stock gTTS with the same mock; then the
whole `callprep audio --engine offline` command, cached and cold, alternating with a bare
`python -c pass` in the same rounds (benchmarks/alternate.py).

Run: python benchmarks/bench_audio.py [--runs N]   (needs the test extra: responses)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import responses

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from alternate import Step, alternate, report
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
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
            warm = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg")}
            cold = {**os.environ, "XDG_CACHE_HOME": str(work / "xdg-cold")}
            command = [callprep, "audio", "--engine", "offline", "--force", "-o"]
            figures = alternate(
                {
                    "callprep audio --engine offline, cached": Step([*command, str(work / "o1")], warm),
                    "callprep audio --engine offline, cold": Step(
                        [*command, str(work / "o2")],
                        cold,
                        before=lambda: shutil.rmtree(work / "xdg-cold" / "callprep" / "audio", ignore_errors=True),
                    ),
                },
                args.runs,
            )
            report(figures)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
