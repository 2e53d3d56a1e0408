"""Snapshots: what checking a file of the package gave, kept in the user's cache folder.

Checking a data file needs pydantic (:mod:`callprep.model.records`), and reading the language
registry needs tomllib; each costs more than reading a pickle. So the checked result is kept under a
name that is the SHA-256 of everything it depends on: the file's bytes (and those of the files it is
checked against), callprep's version and the source of the code that checks it. A changed file or a
changed check is a new name, so a stale snapshot is never read; a missing, damaged or unwritable
cache means checking as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from callprep import __version__

PACKAGE = Path(__file__).resolve().parent
# The code whose change may change what a file checks to: the schemas and their checks, the registry's.
VALIDATING_CODE = ("model/*.py", "russian.py", "errors.py", "i18n.py", "cldr.py")
SNAPSHOT_SUFFIX = ".pickle"
T = TypeVar("T")


@cache
def code_key() -> bytes:
    """The version and the validating code's source, hashed: part of every snapshot's name."""
    digest = hashlib.sha256(__version__.encode())
    for pattern in VALIDATING_CODE:
        for path in sorted(PACKAGE.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


@cache
def snapshot_folder() -> Path | None:
    """``<user cache>/callprep/data``, private to the user; None when it cannot be made."""
    import platformdirs

    folder = platformdirs.user_cache_path("callprep") / "data"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def read_snapshot(path: Path, kind: type) -> object | None:
    """The records kept at ``path``, or None when there are none or they are not what is expected."""
    try:
        with open(path, "rb") as handle:
            value = pickle.load(handle)
    except Exception:  # missing, truncated or written by other code: validate again
        return None
    return value if isinstance(value, kind) else None


def write_snapshot(path: Path, value: object) -> None:
    """Keep ``value`` at ``path``, atomically; a cache that cannot be written is simply not used."""
    part = path.with_name(f".part-{os.getpid()}-{path.name}")
    with contextlib.suppress(OSError):
        fd = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    with contextlib.suppress(OSError):
        part.unlink(missing_ok=True)


def kept_or_validated(key: str, label: str, content: bytes, kind: type[T], validate: Callable[[str, str], T]) -> T:
    """The snapshot named ``key`` when there is a current one, else ``validate(label, text)`` (which
    may raise) and keep the result."""
    folder = snapshot_folder()
    path = folder / (key + SNAPSHOT_SUFFIX) if folder else None
    if path is not None:
        found = read_snapshot(path, kind)
        if found is not None:
            return found
    value = validate(label, content.decode("utf-8"))
    if path is not None:
        write_snapshot(path, value)
    return value


def load_package_records(relative: str, kind: type[T], validate: Callable[[str, str], T]) -> T:
    """The checked content of a file of the package (``locales/languages.toml``), named in errors by
    its path."""
    path = PACKAGE / relative
    content = path.read_bytes()
    digest = hashlib.sha256(code_key())
    digest.update(f"{relative}\0{len(content)}\0".encode() + content)
    return kept_or_validated(digest.hexdigest(), str(path), content, kind, validate)
