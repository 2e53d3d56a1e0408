"""Writing results: atomic, never over an existing file unless asked."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from callprep.errors import OutputError


def write_text(path: Path, text: str, *, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically (temp file in the same folder, then rename).

    An existing file is kept unless ``force``; on any failure no partial file is left.
    """
    if path.is_dir():
        raise OutputError(f"output {str(path)!r} is a directory; give a file name")
    if path.exists() and not force:
        raise OutputError(f"output {str(path)!r} exists; pass --force to overwrite it")
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
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write {str(path)!r}: {exc.strerror}") from exc
        raise
