"""Records, and the built-in data as records without validating it on every run.

A record is a frozen dataclass with the fields of a data file's schema (:mod:`callprep.model.schema`,
``CarrierSchema`` → the record ``Carrier``): what the rest of callprep reads. Validating a file
needs pydantic, whose import and model building cost more than a whole sheet, so a built-in file
is validated once and its records kept in the user's cache folder, under a name that is the
SHA-256 of everything the result depends on: the file's bytes, the files it is checked against,
callprep's version and the source of the code that validates it. A changed data file or a changed
validator is a new name, so a stale snapshot is never read, and nobody has a step to remember; a
missing, damaged or unwritable cache means validating as before. ``--data`` files, ``check-data``
and profiles are always validated in full.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from callprep import __version__
from callprep.errors import VALUE_LIMIT, DataFileError, cut

PACKAGE = Path(__file__).resolve().parent.parent
DATA = PACKAGE / "data"
# The code whose change may change what a data file validates to: the schemas and their checks.
VALIDATING_CODE = ("model/*.py", "russian.py", "errors.py")
MAX_FILE_BYTES = 1_000_000  # a carrier file is a few kB; a profile less than one
SNAPSHOT_SUFFIX = ".pickle"

RECORDS: dict[str, type] = {}
T = TypeVar("T")
MISSING = dataclasses.MISSING


def _init(self, *args, **kwargs) -> None:
    fields = type(self).__frozen_fields__
    if len(args) > len(fields):
        raise TypeError(f"{type(self).__name__}() takes {len(fields)} arguments but {len(args)} were given")
    values = self.__dict__
    for (name, _, _), value in zip(fields, args, strict=False):
        if name in kwargs:
            raise TypeError(f"{type(self).__name__}() got multiple values for argument {name!r}")
        values[name] = value
    for name, default, factory in fields[len(args) :]:
        if name in kwargs:
            values[name] = kwargs.pop(name)
        elif default is not MISSING:
            values[name] = default
        elif factory is not MISSING:
            values[name] = factory()
        else:
            raise TypeError(f"{type(self).__name__}() missing required argument: {name!r}")
    if kwargs:
        raise TypeError(f"{type(self).__name__}() got an unexpected keyword argument {next(iter(kwargs))!r}")


def _values(self) -> tuple:
    return tuple(self.__dict__[name] for name, _, _ in type(self).__frozen_fields__)


def _eq(self, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented
    return _values(self) == _values(other)


def _hash(self) -> int:
    return hash(_values(self))


def _repr(self) -> str:
    shown = ", ".join(f"{name}={self.__dict__[name]!r}" for name, _, _ in type(self).__frozen_fields__)
    return f"{type(self).__qualname__}({shown})"


def _setattr(self, name: str, value: object) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")


def _delattr(self, name: str) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


def frozen(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` without its cost: the same fields, ``replace``, ``asdict`` and
    behaviour (init, repr, eq, hash, no assignment), but the methods are shared functions instead of
    code that ``dataclass`` writes and compiles for each class, six times per class: with some fifty
    such classes that compiling was the largest part of starting a sheet."""
    documented = bool(cls.__doc__)
    if not documented:  # else dataclass writes one with inspect.signature, which costs more than the class
        cls.__doc__ = cls.__name__
    made = dataclasses.dataclass(init=False, repr=False, eq=False)(cls)
    if not documented:  # the same text as dataclass's
        made.__doc__ = f"{cls.__name__}({', '.join(f'{f.name}: {f.type}' for f in dataclasses.fields(made))})"
    made.__frozen_fields__ = tuple((f.name, f.default, f.default_factory) for f in dataclasses.fields(made) if f.init)
    made.__init__, made.__repr__, made.__eq__, made.__hash__ = _init, _repr, _eq, _hash
    made.__setattr__, made.__delattr__ = _setattr, _delattr
    return made


def record(cls: type[T]) -> type[T]:
    """A frozen record, registered under its name so that a validated schema instance of
    ``<Name>Schema`` becomes this record (:func:`callprep.model.datafile.to_record`)."""
    made = frozen(cls)
    RECORDS[cls.__name__] = made
    return made


def shown(value: object) -> str:
    """A value for an error message: its repr, cut to VALUE_LIMIT characters."""
    return cut(repr(value), VALUE_LIMIT)


def read_regular_file(path: Path) -> str:
    """The text of a regular file; a FIFO, device or folder is refused (reading one could hang),
    and so is a file too large to be a data file."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise DataFileError(f"{cut(str(path))}: not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise DataFileError(
            f"{cut(str(path))}: too large for a data file ({info.st_size} bytes; at most {MAX_FILE_BYTES})"
        )
    return path.read_text(encoding="utf-8")


def builtin_label(name: str) -> str:
    """How errors name a built-in data file: ``callprep/data/carriers/mts.toml``."""
    return f"callprep/data/{name}"


def builtin_bytes(name: str) -> bytes:
    """A built-in data file (``common.toml``, ``carriers/mts.toml``) as it is on disk."""
    return (DATA / name).read_bytes()


@cache
def code_key() -> bytes:
    """The version and the validating code's source, hashed: part of every snapshot's name."""
    digest = hashlib.sha256(__version__.encode())
    for pattern in VALIDATING_CODE:
        for path in sorted(PACKAGE.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


@cache
def builtin_digest(name: str) -> bytes:
    """SHA-256 of a built-in file that others are checked against (read once per run)."""
    return hashlib.sha256(builtin_bytes(name)).digest()


def snapshot_key(name: str, content: bytes, also: tuple[str, ...]) -> str:
    """The name of a snapshot: SHA-256 of the code, the file and every file it is checked against."""
    digest = hashlib.sha256(code_key())
    digest.update(f"{name}\0{len(content)}\0".encode() + content)
    for other in also:
        digest.update(f"{other}\0".encode() + builtin_digest(other))
    return digest.hexdigest()


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


def validate_with(schema_name: str) -> Callable[[str, str], object]:
    """``validate(label, text)`` by the schema called ``schema_name``, as records (the schemas
    and pydantic are imported only when a file is validated)."""

    def validate(label: str, text: str) -> object:
        from callprep.model import schema
        from callprep.model.datafile import load_records

        return load_records(label, text, getattr(schema, schema_name))

    return validate


def load_builtin_records(
    name: str, kind: type[T], validate: Callable[[str, str], T] | None = None, also: tuple[str, ...] = ()
) -> T:
    """The records of the built-in file ``name``: from the snapshot when there is a current one,
    else ``validate(label, text)`` (which may raise :class:`DataFileError`; by default the schema
    ``<kind>Schema``) and keep the result. ``also`` names the built-in files the validation checks
    this one against."""
    validate = validate or validate_with(f"{kind.__name__}Schema")
    content = builtin_bytes(name)
    folder = snapshot_folder()
    path = folder / (snapshot_key(name, content, also) + SNAPSHOT_SUFFIX) if folder else None
    if path is not None:
        found = read_snapshot(path, kind)
        if found is not None:
            return found
    value = validate(builtin_label(name), content.decode("utf-8"))
    if path is not None:
        write_snapshot(path, value)
    return value
