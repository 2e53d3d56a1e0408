"""Records, and the built-in data as records without validating it on every run.

A record is a frozen dataclass with the fields of a data file's schema (:mod:`callprep.model.schema`,
``CarrierSchema`` → the record ``Carrier``): what the rest of callprep reads. Validating a file
needs pydantic, whose import and model building cost more than a whole sheet, so a built-in file
is validated once and its records kept in the user's cache folder (:mod:`callprep.snapshots`), under
a name that is the SHA-256 of everything the result depends on: the file's bytes, the files it is
checked against, callprep's version and the source of the code that validates it. A changed data
file or a changed validator is a new name, so a stale snapshot is never read, and nobody has a step
to remember; a missing, damaged or unwritable cache means validating as before. ``--data`` files, ``check-data``
and profiles are always validated in full.
"""

from __future__ import annotations

import dataclasses
import hashlib
import stat
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TypeVar

from callprep.errors import N_, VALUE_LIMIT, DataFileError, Msg, cut
from callprep.snapshots import (
    PACKAGE,
    SNAPSHOT_SUFFIX,
    code_key,
    kept_or_validated,
    read_snapshot,
    snapshot_folder,
    write_snapshot,
)

__all__ = ["PACKAGE", "SNAPSHOT_SUFFIX", "code_key", "read_snapshot", "snapshot_folder", "write_snapshot"]

DATA = PACKAGE / "data"
MAX_FILE_BYTES = 1_000_000  # a carrier file is a few kB; a profile less than one

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
        raise DataFileError(Msg(N_("%(file)s: not a regular file"), file=cut(str(path))))
    if info.st_size > MAX_FILE_BYTES:
        raise DataFileError(
            Msg(
                N_("%(file)s: too large for a data file (%(size)s bytes; at most %(limit)s)"),
                file=cut(str(path)),
                size=info.st_size,
                limit=MAX_FILE_BYTES,
            )
        )
    return path.read_text(encoding="utf-8")


def builtin_label(name: str) -> str:
    """How errors name a built-in data file: ``callprep/data/carriers/mts.toml``."""
    return f"callprep/data/{name}"


def builtin_bytes(name: str) -> bytes:
    """A built-in data file (``common.toml``, ``carriers/mts.toml``) as it is on disk."""
    return (DATA / name).read_bytes()


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
    return kept_or_validated(snapshot_key(name, content, also), builtin_label(name), content, kind, validate)
