"""The audio cache: clips named by a hash of (engine, voice, speed, text), each verified before use.

A clip is stored with a record beside it (size, SHA-256, duration); a clip whose record is missing
or does not match is dropped and made again, and nothing that is not audio is ever stored. A clip
with personal data is named, and its record's hash keyed, by an HMAC under a secret made once per
install, so neither can be reversed by guessing numbers; the cache is readable by its owner only
(folders 0700, files 0600). Partial files left by a killed run are cleaned after an hour.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import hashlib
import hmac
import io
import json
import os
import secrets
import shutil
import stat
import tempfile
import threading
from pathlib import Path
from typing import NamedTuple

from callprep.errors import N_, CacheError, Msg, SpeechUnavailable
from callprep.model.records import frozen
from callprep.output import read_as_is, sweep_stale
from callprep.speech.engines import Engine

MIN_SECONDS = 0.05  # shorter than any syllable: not speech
PART_PREFIX = ".part-"
RECORD_SUFFIX = ".json"
SECRET_FILE = "secret"
NOT_AUDIO_HINT = Msg(N_("nothing was cached; run again later or use --engine offline"))
CLEARING = ".clearing-"  # a cleared cache is renamed to this, then removed


class CachedClip(NamedTuple):
    """A verified clip in the cache and its length in seconds."""

    path: Path
    duration: float


def duration(audio: bytes) -> float:
    """Length in seconds of MP3 audio; 0 when it is not readable audio."""
    from mutagen import MutagenError
    from mutagen.mp3 import MP3

    try:
        return float(MP3(io.BytesIO(audio)).info.length)
    except (MutagenError, ValueError, EOFError):
        return 0.0


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _write_private(path: Path, text: str) -> None:
    """A small file readable by its owner only (a FIFO or folder in the way is replaced)."""
    if os.path.lexists(path) and not _regular(path):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def emptied() -> CacheError:
    """A clip or folder of the cache vanished while a run used it: ``callprep cache clear`` ran meanwhile."""
    return CacheError(Msg(N_("the audio cache was emptied while this run used it; run the command again")))


def unusable(root: Path, reason: str) -> CacheError:
    return CacheError(
        Msg(
            N_(
                "cannot use the audio cache in %(folder)s: %(reason)s; "
                "set XDG_CACHE_HOME to a writable folder with free space"
            ),
            folder=repr(str(root)),
            reason=reason,
        )
    )


class AudioCache:
    """Content-addressed, verified audio clips under ``root/audio``."""

    def __init__(self, root: Path):
        self.root = root
        self.audio = root / "audio"
        self._key: bytes | None = None  # the install's secret, read once per run
        self._key_lock = threading.Lock()  # clips are made on several threads
        self._made: set[Path] = set()  # folders made (or found) in this run

    def _fail(self, exc: OSError) -> CacheError:
        return unusable(self.root, exc.strerror or str(exc))

    def _folder(self, path: Path) -> None:
        if path not in self._made:  # each folder once per run, not three times per clip
            path.mkdir(mode=0o700, parents=True, exist_ok=True)
            self._made.add(path)

    def _new_part(self, path: Path, extension: str, content: bytes = b"") -> Path:
        """A temporary file holding ``content`` beside where ``path`` goes, readable by its owner
        only, its folders made first (once a run, again if they were removed meanwhile, as by
        ``callprep cache clear``)."""

        def make() -> Path:
            for folder in (self.root, self.audio, path.parent):
                self._folder(folder)
            fd, tmp = tempfile.mkstemp(prefix=PART_PREFIX, suffix=f".{extension}", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(content)
            except BaseException:  # a full disk, Ctrl-C: no partial file stays behind
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            return Path(tmp)

        try:
            return make()
        except FileNotFoundError:  # the cache was cleared since its folders were made
            self._made.clear()
            return make()

    def _secret(self) -> bytes:
        """The per-install key for personal clips: made once, atomically, readable by the owner only."""
        with self._key_lock:
            if self._key is None:
                self._key = self._read_or_make_secret()
            return self._key

    def _read_or_make_secret(self) -> bytes:
        path = self.root / SECRET_FILE
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)  # read once a run: made (again) here
            try:
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                key = path.read_bytes() if stat.S_ISREG(os.lstat(path).st_mode) else b""
                if len(key) == 32:
                    return key
                raise CacheError(
                    Msg(
                        N_("the audio cache's key %(path)s is damaged; run: callprep cache clear"), path=repr(str(path))
                    )
                ) from None
            with os.fdopen(fd, "wb") as handle:
                key = secrets.token_bytes(32)
                handle.write(key)
            return key
        except OSError as exc:
            raise self._fail(exc) from None

    def path(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> Path:
        material = "\n".join((engine.name, engine.voice, "slow" if slow else "normal", text)).encode("utf-8")
        if personal:
            digest = hmac.new(self._secret(), material, hashlib.sha256).hexdigest()
        else:
            digest = hashlib.sha256(material).hexdigest()
        return self.audio / digest[:2] / f"{digest}.{engine.extension}"

    @staticmethod
    def _record(path: Path) -> Path:
        return path.with_suffix(path.suffix + RECORD_SUFFIX)

    def _digest(self, data: bytes, personal: bool) -> str:
        """A clip's SHA-256, or for a personal clip its HMAC under the install's secret."""
        if not personal:
            return hashlib.sha256(data).hexdigest()
        return hmac.new(self._secret(), data, hashlib.sha256).hexdigest()

    def _drop(self, path: Path) -> None:
        for each in (path, self._record(path)):
            try:
                if each.is_dir() and not each.is_symlink():
                    shutil.rmtree(each)
                else:
                    each.unlink(missing_ok=True)
            except OSError as exc:
                raise self._fail(exc) from None

    def fetch(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> CachedClip | None:
        """The clip, if it is cached and still what was stored; a damaged clip is dropped."""
        path = self.path(engine, text, slow, personal)
        try:
            try:
                data = read_as_is(path)
            except FileNotFoundError:
                return None
            record = json.loads(read_as_is(self._record(path)))
            if (
                isinstance(record, dict)
                and record.get("size") == len(data)
                and record.get("sha256") == self._digest(data, personal)
                and isinstance(record.get("duration"), int | float)
                and record["duration"] >= MIN_SECONDS
            ):
                return CachedClip(path, float(record["duration"]))
        except (OSError, ValueError):
            pass
        self._drop(path)
        return None

    def store(self, engine: Engine, text: str, slow: bool, personal: bool = False) -> CachedClip:
        """Synthesise into the cache; a failure or Ctrl-C leaves no partial file, and what is not
        audio is refused (for the online engine as :class:`SpeechUnavailable`, so ``auto`` falls back)."""
        return self._put(engine, text, slow, personal, None)

    def keep(self, engine: Engine, text: str, slow: bool, personal: bool, audio: bytes) -> CachedClip:
        """Store ``audio``, which ``engine`` made for ``text``, as :meth:`store` would have: written
        once, whole or not at all, and refused if it is not audio."""
        return self._put(engine, text, slow, personal, audio)

    def _put(self, engine: Engine, text: str, slow: bool, personal: bool, audio: bytes | None) -> CachedClip:
        """The clip written to a partial file (by the engine when ``audio`` is None), checked, then
        moved into place and its record written."""
        path = self.path(engine, text, slow, personal)
        part: Path | None = None
        try:
            part = self._new_part(path, engine.extension, audio or b"")
            if audio is None:
                engine.synthesize(text, part, slow=slow)
                try:
                    audio = part.read_bytes()
                except FileNotFoundError:  # the engine left nothing there: not audio (below)
                    audio = b""
                else:
                    os.chmod(part, 0o600)  # an engine may have replaced mkstemp's file with one of its own
            seconds = duration(audio)
            if seconds < MIN_SECONDS:
                raise SpeechUnavailable(
                    "not-audio",
                    Msg(N_("the %(engine)s engine returned something that is not audio"), engine=engine.name),
                    NOT_AUDIO_HINT,
                )
            seconds = round(seconds, 3)
            record = {"size": len(audio), "sha256": self._digest(audio, personal), "duration": seconds}
            if os.path.lexists(path) and not _regular(path):
                self._drop(path)
            os.replace(part, path)
            _write_private(self._record(path), json.dumps(record))
        except FileNotFoundError:  # its folder was made (again) a moment ago: the cache was cleared since
            raise emptied() from None
        except OSError as exc:
            raise self._fail(exc) from None
        finally:
            if part is not None:
                part.unlink(missing_ok=True)
        return CachedClip(path, seconds)

    def sweep(self) -> None:
        """Remove partial clips that killed runs left, once they are an hour old."""
        try:
            folders = [entry.path for entry in os.scandir(self.audio) if entry.is_dir()]
        except OSError:
            return
        for folder in folders:
            sweep_stale(Path(folder), PART_PREFIX)


@frozen
class CacheSummary:
    """What the cache holds: clips, their size, everything else (eSpeak's data copy, the key)."""

    root: Path
    clips: int
    clip_bytes: int
    other_bytes: int


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def summarize(root: Path) -> CacheSummary:
    if os.path.lexists(root) and not root.is_dir():
        raise CacheError(
            Msg(N_("%(path)s is not a folder: the audio cache cannot be there; remove it"), path=repr(str(root)))
        )
    above = next((folder for folder in root.parents if os.path.lexists(folder)), None)
    if above is not None and not above.is_dir():  # XDG_CACHE_HOME names a file: no cache can be made there
        raise unusable(root, os.strerror(errno.ENOTDIR))
    clips = clip_bytes = other = 0
    if root.is_dir():
        for path in root.rglob("*"):
            if path.is_dir():
                continue
            if path.parent.parent == root / "audio" and not path.name.endswith(RECORD_SUFFIX):
                clips += not path.name.startswith(PART_PREFIX)
                clip_bytes += _size(path)
            else:
                other += _size(path)
    return CacheSummary(root, clips, clip_bytes, other)


def clear(root: Path) -> CacheSummary:
    """Remove the whole cache folder; returns what it held. The folder is first moved aside in one
    step, so a run writing clips meanwhile makes a new cache instead of refilling the one being
    removed (that run is told the cache was emptied, or finds its clip missing and makes it again)."""
    summary = summarize(root)
    for leftover in root.parent.glob(glob.escape(root.name) + CLEARING + "*"):  # a clear that was killed
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        if root.is_symlink() or root.is_file():
            raise CacheError(
                Msg(N_("%(path)s is not a cache folder; remove it yourself if it is yours"), path=repr(str(root)))
            )
        if root.exists():
            aside = Path(tempfile.mkdtemp(prefix=root.name + CLEARING, dir=root.parent))
            os.replace(root, aside / root.name)
            shutil.rmtree(aside)
    except OSError as exc:
        raise CacheError(
            Msg(
                N_("cannot clear the audio cache in %(folder)s: %(reason)s"),
                folder=repr(str(root)),
                reason=exc.strerror or exc,
            )
        ) from None
    return summary
