"""eSpeak NG through ctypes, from the ``espeakng-loader`` wheel: offline speech after pip alone.

The library keeps its data path in a 160-byte buffer and exits the whole process when it cannot
find its data, so a path that is too long is never handed to it: the data is copied once to a
short folder under the user's cache (or the temporary folder) and used from there.

Text between ``[[`` and ``]]`` is read as eSpeak NG phoneme mnemonics (the espeakPHONEMES flag):
that is how ``speech.stress`` puts the stress where our marks put it. ``word_phonemes`` asks the
library how it would say one word.

A phrase is written only when eSpeak NG spoke all of it, and Ctrl-C while it speaks ends the run
(see ``DeferredInterrupt``): no clip cut short can reach the audio cache.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import functools
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from callprep.errors import N_, Msg, OfflineSpeechError

PATH_LIMIT = 150  # bytes; eSpeak NG's buffer is 160 with room needed for file names after it
SAMPLE_WIDTH = 2
MP3_BITRATE = 32  # kbit/s: speech stays clear and a phrasebook with every phrase stays small
# LAME resamples eSpeak NG's 22,050 Hz to 16 kHz and encodes at quality 5. At 32 kbit/s it cuts
# above about 7.3 kHz so (8.2 kHz at 22,050 Hz: the band between is some 30 dB below the speech's
# loudest), and on average the clips are closer to the speech than at 22,050 Hz and quality 2 in
# STOI and in spectral distance up to 7 kHz, for a sixth less CPU (benchmarks/lame_quality.py).
MP3_SAMPLE_RATE = 16000
MP3_QUALITY = 5
AUDIO_OUTPUT_SYNCHRONOUS = 2
POS_CHARACTER = 1
ESPEAK_CHARS_UTF8 = 1
ESPEAK_PHONEMES = 0x100  # espeak_Synth flag: text in [[ ]] is phoneme mnemonics
PHONEME_SEPARATOR = "|"  # between phonemes in espeak_TextToPhonemes' answer (bits 8-23 of its mode)
ESPEAK_RATE = 1
DEFAULT_RATE = 160  # words per minute
SLOW_RATE = 110
REQUIRED_FILES = ("phontab", "phondata", "phonindex", "intonations", "ru_dict")
DATA_FOLDER = "espeak-ng-data"
MANIFEST = "manifest.json"  # beside the copied data folder: every file and its size, written last
STALE_SECONDS = 3600

_lock = threading.Lock()
_state: dict[str, object] = {}


def _loader():
    try:
        import espeakng_loader
    except ImportError as exc:  # pragma: no cover - a dependency of callprep
        raise OfflineSpeechError(
            Msg(N_("the offline engine needs the espeakng-loader package: pip install espeakng-loader"))
        ) from exc
    return espeakng_loader


def data_is_complete(folder: Path) -> bool:
    """Whether ``folder`` has the files eSpeak NG needs to speak Russian."""
    return all((folder / name).is_file() for name in REQUIRED_FILES)


def data_manifest(folder: Path) -> dict[str, int]:
    """Every file under ``folder`` (a relative POSIX path) with its size in bytes."""
    files = {}
    for parent, _, names in os.walk(folder, followlinks=True):
        for name in names:
            path = Path(parent, name)
            files[path.relative_to(folder).as_posix()] = path.stat().st_size
    return files


def short_data_path(source: Path, cache_root: Path, limit: int = PATH_LIMIT) -> Path:
    """A path to eSpeak NG's data that fits the library's buffer, copying the data when needed.

    The copy is shared by every process of the user: it is made in a folder of its own and renamed
    into place only when complete, with a manifest (every file and its size) written last. A copy
    is used only when the manifest and the files on disk match the source exactly; a complete copy
    is never changed, since another process may be reading it."""
    if len(os.fsencode(source)) <= limit:
        return source
    manifest = _source_manifest(source)
    tag = hashlib.sha256(os.fsencode(source) + json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:12]
    failures = []
    for root in _short_roots(cache_root):
        folder = root / f"espeak-{tag}"
        if len(os.fsencode(folder / DATA_FOLDER)) > limit:
            continue
        try:
            if not _holds_copy(folder, manifest):
                _copy_atomically(source, folder, manifest)
        except OSError as exc:
            failures.append(f"{root}: {exc.strerror or exc}")
            continue
        return folder / DATA_FOLDER
    if failures:
        raise OfflineSpeechError(
            Msg(
                N_(
                    "cannot copy eSpeak NG data to a short folder (%(failures)s); "
                    "free some disk space, or set XDG_CACHE_HOME to a short folder you can write to"
                ),
                failures="; ".join(failures),
            )
        )
    raise OfflineSpeechError(
        Msg(
            N_(
                "eSpeak NG needs its data under a path of at most %(limit)s bytes; "
                "%(source)s is longer and no short cache folder is available (set XDG_CACHE_HOME to a short path)"
            ),
            limit=limit,
            source=source,
        )
    )


def _source_manifest(source: Path) -> dict[str, int]:
    """The installed data's manifest; the advice to reinstall is given only when it lacks a file."""
    manifest = data_manifest(source)
    missing = [name for name in REQUIRED_FILES if name not in manifest]
    if missing:
        raise OfflineSpeechError(
            Msg(
                N_("eSpeak NG data at %(source)s lacks %(missing)s; reinstall espeakng-loader"),
                source=source,
                missing=", ".join(missing),
            )
        )
    return manifest


def _short_roots(cache_root: Path):
    """Where a copy may go: the user's cache, else a private folder in the temporary folder."""
    yield cache_root
    private = Path(tempfile.gettempdir()) / f"callprep-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        private.mkdir(mode=0o700, exist_ok=True)
        status = private.lstat()
    except OSError:
        return
    if hasattr(os, "getuid"):
        # Another user may have made the folder first: eSpeak NG must not read data they could change.
        if stat.S_ISLNK(status.st_mode) or status.st_uid != os.getuid():
            return
        if status.st_mode & 0o077:
            with contextlib.suppress(OSError):
                private.chmod(0o700)
    yield private


def _holds_copy(folder: Path, manifest: dict[str, int]) -> bool:
    """Whether ``folder`` holds a finished copy of the data described by ``manifest``, exactly."""
    try:
        recorded = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return recorded == manifest and data_manifest(folder / DATA_FOLDER) == manifest
    except (OSError, ValueError):
        return False


def _copy_atomically(source: Path, folder: Path, manifest: dict[str, int]) -> None:
    """Copy into a new folder beside ``folder``, record the manifest last, then rename it into place.

    Processes that race each make their own copy; the first to rename it in wins and the others
    discard theirs and use it. The check and the rename hold a lock, so a folder found incomplete
    (made by hand, half deleted) is the one renamed aside: never a complete copy, and never deleted
    where it is (a later copy removes it an hour on)."""
    root = folder.parent
    root.mkdir(parents=True, exist_ok=True)
    _sweep(root)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", suffix=".tmp", dir=root))
    try:
        shutil.copytree(source, staging / DATA_FOLDER)
        if data_manifest(staging / DATA_FOLDER) != manifest:
            raise OSError(errno.EIO, f"the copy of {source} does not match it (was it changed meanwhile?)")
        (staging / MANIFEST).write_text(json.dumps(manifest, sort_keys=True, indent=0), encoding="utf-8")
        with _exclusive(root / f".{folder.name}.lock"):
            if _holds_copy(folder, manifest):
                return  # another process finished first: use its copy
            if os.path.lexists(folder):
                _set_aside(folder)
            os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _exclusive(path: Path):
    """Hold an exclusive lock on ``path`` between processes (released if the process dies)."""
    with open(path, "a+b") as handle:
        handle.seek(0)
        try:
            if os.name == "nt":  # pragma: no cover - Windows
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_LOCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        except OSError:
            pass  # a file system without locks: renames still keep every copy whole
        yield


def _set_aside(folder: Path) -> None:
    aside = folder.with_name(f".{folder.name}-{os.getpid()}-{time.time_ns()}.old")
    try:
        os.rename(folder, aside)
        os.utime(aside)  # its age, for _sweep, counts from now
    except FileNotFoundError:
        pass  # gone already (possible only where the file system has no locks)


def _sweep(root: Path) -> None:
    """Remove copies begun or set aside over an hour ago (by processes that were killed)."""
    now = time.time()
    for entry in root.glob(".espeak-*"):
        try:
            old = now - entry.lstat().st_mtime > STALE_SECONDS
        except OSError:
            continue
        if old and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)


def _library(cache_root: Path, data_source: Path | None = None):
    """Load and initialise eSpeak NG once per process; returns (library, sample rate)."""
    if "lib" in _state:
        return _state["lib"], _state["rate"]
    loader = _loader()
    source = data_source or Path(loader.get_data_path())
    data = short_data_path(source, cache_root)
    if not data_is_complete(data):  # the installed data, used where it is
        raise OfflineSpeechError(
            Msg(N_("eSpeak NG data is incomplete at %(data)s; reinstall espeakng-loader"), data=data)
        )
    lib = ctypes.CDLL(loader.get_library_path())
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_uint,
        ctypes.c_int,
        ctypes.c_uint,
        ctypes.c_uint,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int]
    rate = lib.espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 500, os.fsencode(data), 0)
    if rate <= 0:
        raise OfflineSpeechError(Msg(N_("eSpeak NG did not start with data at %(data)s"), data=data))
    if lib.espeak_SetVoiceByName(b"ru") != 0:
        raise OfflineSpeechError(Msg(N_("eSpeak NG has no Russian voice in its data")))
    _state.update(lib=lib, rate=rate, data=data)
    return lib, rate


SynthCallback = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)


class Speech(NamedTuple):
    """A whole phrase as eSpeak NG spoke it: 16-bit mono PCM and its sample rate."""

    pcm: bytes
    rate: int


def speak(text: str, *, slow: bool, cache_root: Path, data_source: Path | None = None) -> Speech:
    """Speak Russian ``text``: the whole phrase, or an exception. ``data_source`` replaces the
    wheel's data folder when the library is first loaded in this process (tests use it to give the
    data a long path).

    eSpeak NG carries some state from one phrase to the next (a few samples of timing and phase,
    not audible), so the same phrases spoken in the same order give the same audio: callers that
    make many clips speak them in order, and encode them on other threads (see :func:`write_mp3`)."""
    with _lock:
        lib, rate = _library(cache_root, data_source)
        while True:
            with DeferredInterrupt() as interrupt:
                pcm = _speak(lib, text, slow, stop=interrupt.received)
            if not interrupt.received():
                return Speech(pcm, rate)
            # A SIGINT handler that let the run go on: the phrase was cut short, so speak it again.


def write_mp3(speech: Speech, target: Path) -> None:
    """Encode ``speech`` into a mono MP3 file at ``target``, written whole or not at all. LAME
    releases the GIL: several threads encode at once."""
    _write_atomically(target, encode_mp3(speech.pcm, speech.rate))


def synthesize(text: str, target: Path, *, slow: bool, cache_root: Path, data_source: Path | None = None) -> None:
    """Speak Russian ``text`` into a mono MP3 file at ``target``; ``target`` is written only with
    the whole phrase."""
    write_mp3(speak(text, slow=slow, cache_root=cache_root, data_source=data_source), target)


def _speak(lib, text: str, slow: bool, stop: Callable[[], bool]) -> bytes:
    """The phrase as 16-bit PCM; raises unless eSpeak NG spoke all of it.

    The callback runs inside a C call: ctypes prints and drops any exception it raises, so it
    raises none. It asks eSpeak NG to stop (returns 1) when ``stop()`` is true or it failed, and
    only the call eSpeak NG makes after the last samples (no samples) marks a whole phrase."""
    chunks: list[bytes] = []
    ended: list[bool] = []
    failed: list[BaseException] = []

    @SynthCallback
    def collect(samples, count, events):
        try:
            if failed or stop():
                return 1
            if not samples:
                ended.append(True)
            elif count > 0:
                chunks.append(ctypes.string_at(samples, count * SAMPLE_WIDTH))
            return 0
        except BaseException as exc:  # re-raised after the C call returns
            failed.append(exc)
            return 1

    lib.espeak_SetSynthCallback(collect)
    try:
        lib.espeak_SetParameter(ESPEAK_RATE, SLOW_RATE if slow else DEFAULT_RATE, 0)
        encoded = text.encode("utf-8")
        flags = ESPEAK_CHARS_UTF8 | ESPEAK_PHONEMES
        status = lib.espeak_Synth(encoded, len(encoded) + 1, 0, POS_CHARACTER, 0, flags, None, None)
        status = lib.espeak_Synchronize() or status
    finally:
        lib.espeak_SetSynthCallback(None)
    if failed:
        raise failed[0]
    if stop():
        return b""  # the caller delivers the signal
    if status != 0 or not ended or not chunks:
        if status == 0:
            raise OfflineSpeechError(
                Msg(N_("eSpeak NG stopped before the end of the phrase; no audio was kept for it"))
            )
        raise OfflineSpeechError(
            Msg(N_("eSpeak NG failed (status %(status)s); no audio was kept for it"), status=status)
        )
    return b"".join(chunks)


@functools.lru_cache(maxsize=4096)
def word_phonemes(word: str, cache_root: Path) -> tuple[str, ...]:
    """How eSpeak NG says ``word`` (plain text, no stress marks): its phoneme mnemonics, one item
    per phoneme, a stress mark (' or ,) kept in front of the phoneme it precedes; the breaks
    between the words eSpeak makes of it (сим-карта: сим, карта) and its pauses are left out."""
    with _lock:
        lib, _ = _library(cache_root)
        buffer = ctypes.create_string_buffer(word.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        answers = []
        for _ in range(len(buffer)):  # each call reads one clause and moves the pointer on (NULL at the end)
            if not pointer.value:
                break
            answer = lib.espeak_TextToPhonemes(ctypes.byref(pointer), ESPEAK_CHARS_UTF8, ord(PHONEME_SEPARATOR) << 8)
            answers.append((answer or b"").decode("utf-8"))
    phonemes = (item.split("_")[0] for item in re.split(r"[\s|]+", " ".join(answers)))  # "_": a pause
    return tuple(phoneme for phoneme in phonemes if phoneme)


class DeferredInterrupt:
    """Holds back Ctrl-C (SIGINT) while eSpeak NG speaks, then delivers it.

    A KeyboardInterrupt raised inside the ctypes callback would be printed and dropped by ctypes,
    the run would go on and the phrase would lose a piece. Instead, while the block runs, SIGINT
    only sets a flag (the callback sees it and stops eSpeak NG); on leaving the block the previous
    handler is put back and called, so Python's own handler raises KeyboardInterrupt there, outside
    the C call and before anything is written. Only in the main thread, where Python runs signal
    handlers, and only over a handler installed from Python (an ignored SIGINT stays ignored)."""

    def __init__(self):
        self.previous = None
        self.caught: tuple[int, object] | None = None

    def received(self) -> bool:
        return self.caught is not None

    def _catch(self, signum, frame) -> None:
        self.caught = self.caught or (signum, frame)

    def __enter__(self) -> DeferredInterrupt:
        if threading.current_thread() is threading.main_thread() and callable(signal.getsignal(signal.SIGINT)):
            self.previous = signal.signal(signal.SIGINT, self._catch)
        return self

    def __exit__(self, *exc_info) -> None:
        if self.previous is None:
            return
        signal.signal(signal.SIGINT, self.previous)
        if self.caught is not None:
            self.previous(*self.caught)  # Python's default handler raises KeyboardInterrupt here


def _write_atomically(target: Path, content: bytes) -> None:
    """``target`` holds the whole file or is left as it was, even on Ctrl-C mid-write. The staged
    file is named as the audio cache names its partial files, so its sweep removes one a killed
    run left there."""
    from callprep.speech.cache import PART_PREFIX

    fd, name = tempfile.mkstemp(prefix=PART_PREFIX, suffix=".tmp", dir=target.parent)
    part = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def encode_mp3(pcm: bytes, rate: int) -> bytes:
    """16-bit mono PCM to MP3 with LAME (the lameenc wheel)."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(MP3_BITRATE)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(MP3_SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(MP3_QUALITY)
    return bytes(encoder.encode(pcm) + encoder.flush())
