"""The audio cache under real damage: clips cut short, junk clips, missing records, personal
names that cannot be reversed, leftovers of killed runs, and `callprep cache info | clear`."""

import hashlib
import json
import os
import time
from pathlib import Path

import pytest
from audio_helpers import duration, fill_the_disk

from callprep.errors import CacheError, SpeechUnavailable
from callprep.speech.cache import PART_PREFIX, AudioCache
from callprep.speech.engines import OfflineEngine

TEXT = "Я хочу расторгнуть договор."


class Counting:
    """An engine that really speaks (eSpeak NG) and counts how often it is asked."""

    def __init__(self, root):
        self.inner = OfflineEngine(root)
        self.name, self.voice, self.extension = self.inner.name, self.inner.voice, self.inner.extension
        self.calls = 0

    def synthesize(self, text, target, *, slow):
        self.calls += 1
        self.inner.synthesize(text, target, slow=slow)


@pytest.fixture
def cache(tmp_path):
    return AudioCache(tmp_path / "cache")


@pytest.fixture
def engine(tmp_path):
    return Counting(tmp_path / "cache")


def test_a_clip_is_stored_with_its_record_and_served_once_made(cache, engine):
    made = cache.store(engine, TEXT, slow=False)
    record = json.loads(made.path.with_suffix(".mp3.json").read_text(encoding="utf-8"))
    data = made.path.read_bytes()
    assert record["size"] == len(data) and record["sha256"] == hashlib.sha256(data).hexdigest()
    assert record["duration"] == pytest.approx(duration(made.path), abs=0.01)
    assert record["duration"] > 1
    assert cache.fetch(engine, TEXT, slow=False) == made
    assert engine.calls == 1


@pytest.mark.parametrize("damage", ["half", "hundred_bytes", "flipped_byte", "no_record", "bad_record"])
def test_a_damaged_clip_is_dropped_and_made_again(cache, engine, damage):
    made = cache.store(engine, TEXT, slow=False)
    data = made.path.read_bytes()
    record = made.path.with_suffix(".mp3.json")
    if damage == "half":
        made.path.write_bytes(data[: len(data) // 2])
    elif damage == "hundred_bytes":
        made.path.write_bytes(data[:100])
    elif damage == "flipped_byte":
        made.path.write_bytes(data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:])
    elif damage == "no_record":
        record.unlink()
    else:
        record.write_text("{not json", encoding="utf-8")
    assert cache.fetch(engine, TEXT, slow=False) is None
    assert not made.path.exists() and not record.exists()
    again = cache.store(engine, TEXT, slow=False)
    assert again.duration == made.duration and engine.calls == 2
    assert cache.fetch(engine, TEXT, slow=False) == again


def test_audio_made_in_memory_is_kept_as_a_stored_clip_would_be(cache, engine):
    """The offline engine encodes in memory and the cache writes the clip once (``keep``): the same
    file, record and mode as ``store``, and what is not audio is refused with nothing left behind."""
    stored = cache.store(engine, TEXT, slow=False)
    audio, record = stored.path.read_bytes(), stored.path.with_suffix(".mp3.json").read_text(encoding="utf-8")
    stored.path.unlink()
    stored.path.with_suffix(".mp3.json").unlink()
    kept = cache.keep(engine, TEXT, False, False, audio)
    assert kept == stored and kept.path.read_bytes() == audio
    assert kept.path.with_suffix(".mp3.json").read_text(encoding="utf-8") == record
    assert kept.path.stat().st_mode & 0o777 == 0o600
    mine = cache.keep(engine, TEXT, False, True, audio)  # personal: named and checked by the install's key
    assert mine.path == cache.path(engine, TEXT, False, personal=True) != kept.path
    assert cache.fetch(engine, TEXT, False, personal=True) == mine
    with pytest.raises(SpeechUnavailable, match="returned something that is not audio"):
        cache.keep(engine, "Другое.", False, False, b"<html>error</html>")
    assert not cache.path(engine, "Другое.", False).exists()
    assert not list(cache.audio.rglob(PART_PREFIX + "*"))


def test_a_clip_the_disk_cannot_hold_leaves_nothing_behind(cache, engine, monkeypatch):
    audio = cache.store(engine, TEXT, slow=False).path.read_bytes()
    fill_the_disk(monkeypatch)
    with pytest.raises(CacheError, match="No space left on device"):
        cache.keep(engine, "Другое.", False, False, audio)
    monkeypatch.undo()
    assert not cache.path(engine, "Другое.", False).exists()
    assert not list(cache.audio.rglob(PART_PREFIX + "*"))


def test_an_engine_that_leaves_no_file_made_no_audio(cache):
    """Refused as not audio (so ``auto`` falls back to the offline engine), not as a cache fault."""

    class Vanishing:
        name, voice, extension = "gtts", "ru", "mp3"

        def synthesize(self, text, target, *, slow):
            target.unlink()

    with pytest.raises(SpeechUnavailable, match="returned something that is not audio"):
        cache.store(Vanishing(), TEXT, slow=False)
    assert not list(cache.audio.rglob("*.mp3"))


def test_junk_is_never_cached(cache, tmp_path):
    class Junk:
        name, voice, extension = "gtts", "ru", "mp3"

        def synthesize(self, text, target, *, slow):
            target.write_bytes(b"<html><body>Before you continue to Google</body></html>")

    with pytest.raises(SpeechUnavailable, match="not audio") as error:
        cache.store(Junk(), TEXT, slow=False)
    assert error.value.cause == "not-audio"
    assert [p for p in cache.root.rglob("*") if p.is_file()] == []


def test_personal_clips_are_named_by_a_per_install_secret(cache, engine, tmp_path):
    number_text = "Мой номер: плюс семь, девятьсот двенадцать."
    plain = cache.path(engine, number_text, slow=False)
    personal = cache.path(engine, number_text, slow=False, personal=True)
    material = "\n".join((engine.name, engine.voice, "normal", number_text)).encode()
    assert plain.stem == hashlib.sha256(material).hexdigest()  # what a guesser could compute
    assert personal.stem != plain.stem
    secret = cache.root / "secret"
    assert secret.stat().st_mode & 0o777 == 0o600 and len(secret.read_bytes()) == 32
    assert AudioCache(cache.root).path(engine, number_text, slow=False, personal=True) == personal
    other = AudioCache(tmp_path / "other-install")
    assert other.path(engine, number_text, slow=False, personal=True) != personal


def test_old_partial_clips_are_swept(cache, engine):
    made = cache.store(engine, TEXT, slow=False)
    old = made.path.parent / f"{PART_PREFIX}k1ll3d_1.mp3"
    new = made.path.parent / f"{PART_PREFIX}running.mp3"
    for path in (old, new):
        path.write_bytes(b"partial")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    cache.sweep()
    assert not old.exists() and new.exists() and made.path.exists()


def test_cache_that_is_a_file_is_one_clear_error(tmp_path, engine):
    (tmp_path / "cache").write_text("x", encoding="utf-8")
    with pytest.raises(CacheError, match=r"cannot use the audio cache in .*: .*; set XDG_CACHE_HOME"):
        AudioCache(tmp_path / "cache").store(engine, TEXT, slow=False)


@pytest.mark.parametrize("command", ["info", "clear"])
def test_cache_info_and_clear_where_no_cache_can_be_are_one_clear_error(run, tmp_path, command):
    """XDG_CACHE_HOME names a file: there is no cache to describe or clear, and the file is not touched."""
    (tmp_path / "cache").write_text("mine", encoding="utf-8")
    result = run("cache", command)
    assert result.exit_code == 1
    assert "cannot use the audio cache in" in result.output and "set XDG_CACHE_HOME" in result.output
    assert (tmp_path / "cache").read_text(encoding="utf-8") == "mine"


def test_cache_info_and_clear(run, tmp_path):
    assert run("audio", "yota", "--channel", "hotline", "--engine", "offline", "-o", str(tmp_path / "a")).exit_code == 0
    clips = len(list((tmp_path / "a").glob("*.mp3")))
    info = run("cache", "info")
    assert info.exit_code == 0
    assert f"folder: {tmp_path / 'cache' / 'callprep'}" in info.output
    assert f"clips: {clips} (" in info.output
    cleared = run("cache", "clear")
    assert cleared.exit_code == 0 and f"removed {clips} clips" in cleared.output
    assert not (tmp_path / "cache" / "callprep").exists()
    assert "clips: 0 (0.0 MiB)" in run("cache", "info").output


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX FIFOs")
@pytest.mark.parametrize("planted", ["fifo_clip", "fifo_record", "linked_clip", "folder_record"])
def test_what_is_not_a_regular_file_in_the_cache_is_dropped_never_read(cache, engine, tmp_path, planted):
    """A FIFO would block a plain open for ever, and a link could point anywhere: the cache opens
    its files without following links or waiting, and drops anything that is not a regular file."""
    made = cache.store(engine, TEXT, slow=False)
    record = made.path.with_suffix(".mp3.json")
    elsewhere = tmp_path / "elsewhere.mp3"
    elsewhere.write_bytes(made.path.read_bytes())  # the same audio: refused all the same
    if planted == "fifo_clip":
        made.path.unlink()
        os.mkfifo(made.path)
    elif planted == "fifo_record":
        record.unlink()
        os.mkfifo(record)
    elif planted == "linked_clip":
        made.path.unlink()
        made.path.symlink_to(elsewhere)
    else:
        record.unlink()
        record.mkdir()
    assert cache.fetch(engine, TEXT, slow=False) is None
    assert not os.path.lexists(made.path) and not os.path.lexists(record)
    assert elsewhere.exists()  # what a link pointed to is left alone
    assert cache.store(engine, TEXT, slow=False).duration == made.duration


def test_the_offline_engines_own_partial_file_is_one_the_cache_sweeps(tmp_path, monkeypatch):
    """eSpeak NG's MP3 is written beside its target and renamed; a run killed in between leaves a
    file named as the audio cache's partial clips, which its sweep removes an hour later."""
    from callprep.output import staging_name
    from callprep.speech import espeak

    renamed = []

    def interrupted(source, target):
        renamed.append(Path(source).name)
        raise KeyboardInterrupt

    monkeypatch.setattr(espeak.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        espeak.write_mp3(espeak.Speech(b"\0\0" * 22050, 22050), tmp_path / "clip.mp3")
    assert staging_name(PART_PREFIX).fullmatch(renamed[0]), renamed
    assert list(tmp_path.iterdir()) == []  # and a Ctrl-C leaves nothing


def test_a_cache_cleared_while_a_clip_is_kept_says_so(cache, engine, monkeypatch):
    """`callprep cache clear` in another window between a clip's folder and its move into place."""
    import shutil

    from callprep.speech import cache as cache_module

    audio = cache.store(engine, TEXT, slow=False).path.read_bytes()
    real_replace = os.replace

    def cleared_first(source, target):
        shutil.rmtree(cache.root)
        real_replace(source, target)

    monkeypatch.setattr(cache_module.os, "replace", cleared_first)
    with pytest.raises(CacheError, match="the audio cache was emptied while this run used it; run the command again"):
        cache.keep(engine, "Другое.", False, False, audio)


def test_clear_moves_the_cache_aside_first_and_removes_what_a_killed_clear_left(cache, engine, tmp_path):
    from callprep.speech.cache import CLEARING, clear

    cache.store(engine, TEXT, slow=False)
    leftover = cache.root.parent / f"{cache.root.name}{CLEARING}killed"
    (leftover / cache.root.name / "audio").mkdir(parents=True)
    summary = clear(cache.root)
    assert summary.clips == 1
    assert not cache.root.exists() and not leftover.exists()
    assert list(cache.root.parent.iterdir()) == []  # nothing else in the cache's parent, nothing left aside
