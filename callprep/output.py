"""Writing results: atomic, checked before any work, never over an existing file unless asked.

Rules for every target: a name that ends in ``/`` or is an existing folder is a folder; a device,
FIFO or socket is never replaced, ``--force`` or not; an existing file or link (even a dangling
one) is kept unless ``force``. Files with personal data are ``private``: readable by their owner
only (folders 0700, files 0600). Staging files left by a killed run are cleaned after an hour.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from callprep.errors import N_, Message, Msg, OutputError, cut

STALE_AFTER = 3600  # seconds: a staging file or folder older than this was left by a killed run
STAGING = "callprep-"  # in every staging name, so a sweep never touches a file of the user's


# Open a file as it is: never through a symbolic link, and never waiting on a FIFO.
READ_AS_IS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_as_is(path: Path) -> bytes:
    """The bytes of ``path``; OSError when it is not a regular file (a link, a folder, a FIFO).
    An open, an fstat and a read, with no file object: a cached bundle reads some 900 files (its
    clips, their records, again for the pages and the audio folder), and this takes half the time of
    ``open(path, "rb").read()``."""
    fd = os.open(path, READ_AS_IS)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks = []
        while chunk := os.read(fd, max(status.st_size, 1 << 12)):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _named(path: Path | str) -> str:
    return repr(cut(str(path)))


def _cannot_write(path: Path | str, reason: object) -> OutputError:
    return OutputError(Msg(N_("cannot write %(path)s: %(reason)s"), path=_named(path), reason=reason))


def _cannot_write_into(folder: Path | str, reason: object) -> OutputError:
    return OutputError(Msg(N_("cannot write into %(folder)s: %(reason)s"), folder=_named(folder), reason=reason))


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_write(path, exc.strerror) from None


def _check_parent(path: Path) -> Path:
    folder = path.parent if str(path.parent) else Path(".")
    try:
        is_folder = folder.is_dir()
    except OSError as exc:
        raise _cannot_write(path, exc.strerror) from None
    if not is_folder:
        raise _cannot_write(path, Msg(N_("folder %(folder)s does not exist"), folder=_named(folder)))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot_write(path, Msg(N_("no permission to write into %(folder)s"), folder=_named(folder)))
    return folder


def check_target(path: Path | str, force: bool) -> Path:
    """Refuse a file target that cannot or must not be written: before any work is done."""
    text = str(path)
    path = Path(path)
    if text.endswith(("/", os.sep)):
        raise OutputError(Msg(N_("output %(path)s names a folder; give a file name"), path=_named(text)))
    _check_replaceable(path, force, Msg(N_("output %(path)s"), path=_named(path)))
    _check_parent(path)
    return path


def _check_replaceable(path: Path, force: bool, named: Message) -> None:
    """A file callprep may write at ``path``: nothing there, or (with ``force``) a regular file or a
    link to one or to nothing. A folder, device, FIFO or socket, or a link to one, never."""
    info = _lstat(path)
    if info is None:
        return
    target = info
    if stat.S_ISLNK(info.st_mode):
        try:
            target = os.stat(path)
        except OSError:
            target = None  # a dangling link
    if target is not None and stat.S_ISDIR(target.st_mode):
        raise OutputError(Msg(N_("%(target)s is a directory; give a file name"), target=named))
    if target is not None and not stat.S_ISREG(target.st_mode):
        raise OutputError(
            Msg(N_("%(target)s is not a regular file (a device, FIFO or socket); give another name"), target=named)
        )
    if not force:
        raise OutputError(Msg(N_("%(target)s exists; pass --force to overwrite it"), target=named))


def check_folder_target(folder: Path, force: bool) -> Path:
    """Refuse a folder target that cannot or must not be written into: before any work is done."""
    info = _lstat(folder)
    if info is not None and stat.S_ISLNK(info.st_mode):
        try:
            info = os.stat(folder)  # a link to a folder is that folder
        except OSError:
            raise OutputError(
                Msg(N_("output %(path)s is a link to nothing; give a folder"), path=_named(folder))
            ) from None
    if info is not None and not stat.S_ISDIR(info.st_mode):
        raise OutputError(Msg(N_("output %(path)s is a file; give a folder"), path=_named(folder)))
    if info is not None:
        try:
            empty = not any(folder.iterdir())
        except OSError as exc:
            raise _cannot_write_into(folder, exc.strerror) from None
        if not empty and not force:
            raise OutputError(
                Msg(N_("output folder %(path)s is not empty; pass --force to write into it"), path=_named(folder))
            )
        if not os.access(folder, os.W_OK | os.X_OK):
            raise _cannot_write_into(folder, Msg(N_("permission denied")))
    _check_parent(folder)
    return folder


def staging_name(prefix: str) -> re.Pattern:
    """The names tempfile gives with ``prefix`` (eight random letters, digits or ``_``) and an
    optional ``.tmp``: a sweep removes these and nothing else."""
    return re.compile(re.escape(prefix) + r"[A-Za-z0-9_]{8}(\.tmp|\.mp3)?")


def check_entry(folder: Path, name: str, force: bool) -> None:
    """One file of a folder being written into: its folders are folders, and it may be replaced."""
    path = folder
    for part in Path(name).parts[:-1]:
        path = path / part
        info = _lstat(path)
        if info is not None and not stat.S_ISDIR(info.st_mode):
            raise _cannot_write(folder / name, Msg(N_("%(path)s is not a folder"), path=_named(path)))
    _check_replaceable(folder / name, force, _named(folder / name))


def sweep_stale(folder: Path, prefix: str, now: float | None = None) -> None:
    """Remove what killed runs left in ``folder``: callprep's own staging names (``prefix`` and
    eight random characters, as tempfile makes them) older than an hour."""
    limit = (time.time() if now is None else now) - STALE_AFTER
    pattern = staging_name(prefix)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        try:
            if entry.stat(follow_symlinks=False).st_mtime >= limit:
                continue
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path, ignore_errors=True)
            else:
                os.unlink(entry.path)
        except OSError:
            continue


def _mode(private: bool, folder: bool) -> int:
    if private:
        return 0o700 if folder else 0o600
    return (0o777 if folder else 0o666) & ~_umask()


def write_text(path: Path, text: str, *, force: bool = False, private: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename).

    An existing file is kept unless ``force``; on any failure no partial file is left.
    A ``private`` file (personal data) is readable by its owner only.
    """
    path = check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    sweep_stale(folder, f".{path.name}.{STAGING}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{STAGING}", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(path, exc.strerror) from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(tmp, _mode(private, folder=False))  # mkstemp makes 0600
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc.strerror) from exc
        raise


Content = str | bytes | Path


def write_tree(folder: Path, entries: Mapping[str, Content], *, force: bool = False, private: bool = False) -> None:
    """Write a folder of files at once: text (UTF-8), bytes, or a copy of a file, by relative path.

    The files are made in a staging folder beside ``folder`` and moved in at the end, so a failure
    or Ctrl-C leaves nothing half-written. A folder that is not empty needs ``force``; then only
    the files named in ``entries`` are replaced. A ``private`` folder (personal data) and its
    files are readable by their owner only.
    """
    folder = check_folder_target(folder, force)
    if folder.exists():
        for name in entries:  # all or nothing: check every place before anything is moved in
            check_entry(folder, name, force)
    parent = folder.parent if str(folder.parent) else Path(".")
    sweep_stale(parent, f".{folder.name}.{STAGING}")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.{STAGING}", dir=parent))
    except OSError as exc:
        raise _cannot_write(folder, exc.strerror) from exc
    try:
        made = {staging}
        file_mode, folder_mode = _mode(private, folder=False), _mode(private, folder=True)
        for name, content in entries.items():
            target = staging / name
            for sub in (staging / above for above in reversed(Path(name).parents[:-1])):
                if sub not in made:
                    os.mkdir(sub, folder_mode)
                    os.chmod(sub, folder_mode)  # as asked, whatever the umask
                    made.add(sub)
            if isinstance(content, Path):
                data = read_as_is(content)  # OSError if it is not a regular file: an output error
            else:
                data = content if isinstance(content, bytes) else content.encode("utf-8")
            # Made with its mode (0666 less the umask; 0600, and a chmod for it to be exactly that,
            # when private): no walk over the tree afterwards.
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), file_mode)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            if private:
                os.chmod(target, file_mode)
        if not folder.exists():
            os.chmod(staging, folder_mode)  # mkdtemp makes 0700
            os.replace(staging, folder)
            return
        if private:
            os.chmod(folder, folder_mode)
        for name in entries:
            destination = folder / name
            destination.parent.mkdir(mode=folder_mode, parents=True, exist_ok=True)
            os.replace(staging / name, destination)
    except OSError as exc:
        raise _cannot_write(folder, exc.strerror) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
