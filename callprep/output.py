"""Writing results: atomic, never over an existing file unless asked."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from callprep.errors import OutputError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_target(path: Path, force: bool) -> None:
    """Refuse a folder, or an existing file without ``force``: before any work is done."""
    if path.is_dir():
        raise OutputError(f"output {str(path)!r} is a directory; give a file name")
    if path.exists() and not force:
        raise OutputError(f"output {str(path)!r} exists; pass --force to overwrite it")


def write_text(path: Path, text: str, *, force: bool = False, private: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename).

    An existing file is kept unless ``force``; on any failure no partial file is left.
    A ``private`` file (personal data) is readable by its owner only.
    """
    check_target(path, force)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {str(path)!r}: folder {str(folder)!r} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"cannot write {str(path)!r}: {exc.strerror}") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        if not private:
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the user's usual rights
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {str(path)!r}: {exc.strerror}") from exc
        raise


Content = str | bytes | Path


def write_tree(folder: Path, entries: Mapping[str, Content], *, force: bool = False) -> None:
    """Write a folder of files at once: text (UTF-8), bytes, or a copy of a file, by relative path.

    The files are made in a staging folder beside ``folder`` and moved in at the end, so a failure
    or Ctrl-C leaves nothing half-written. A folder that is not empty needs ``force``; then only
    the files named in ``entries`` are replaced.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"output {str(folder)!r} is a file; give a folder")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise OutputError(f"output folder {str(folder)!r} is not empty; pass --force to write into it")
    parent = folder.parent if str(folder.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"cannot write {str(folder)!r}: folder {str(parent)!r} does not exist")
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    except OSError as exc:
        raise OutputError(f"cannot write {str(folder)!r}: {exc.strerror}") from exc
    try:
        for name, content in entries.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Path):
                shutil.copyfile(content, target)
            elif isinstance(content, bytes):
                target.write_bytes(content)
            else:
                target.write_text(content, encoding="utf-8", newline="\n")
        if not folder.exists():
            mask = _umask()
            for path in staging.rglob("*"):
                os.chmod(path, (0o777 if path.is_dir() else 0o666) & ~mask)
            os.chmod(staging, 0o777 & ~mask)  # mkdtemp makes 0700
            os.replace(staging, folder)
            return
        for name in entries:
            destination = folder / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / name, destination)
    except OSError as exc:
        raise OutputError(f"cannot write {str(folder)!r}: {exc.strerror}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
