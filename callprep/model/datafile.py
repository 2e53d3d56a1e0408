"""Data files: the strict base of every model and the one TOML loader with one error shape.

Every data file callprep reads (carriers, shared facts, scripts, phrases, application wording,
speech words, the user's profile) goes through :func:`load_toml`, so a mistake always reads

    FILE: FIELD-OR-LINE: VALUE: what is wrong and what is valid

with the value cut to 80 characters, and left out for files that hold personal data.
"""

from __future__ import annotations

import re
import stat
import tomllib
import types
import typing
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from callprep.errors import CONTROL, VALUE_LIMIT, DataFileError, close_match, cut

POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")

M = TypeVar("M", bound=BaseModel)


class Model(BaseModel):
    """Strict base: unknown fields are errors, no value is coerced ("no" is not false, 1 is not
    "1"), no text holds a line break or control character, values are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def _one_line(cls, value: object) -> object:
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and CONTROL.search(text) for text in texts):
            raise ValueError("holds a line break or control character; write it on one line")
        return value


def shown(value: object) -> str:
    """A value for an error message: its repr, cut to VALUE_LIMIT characters."""
    return cut(repr(value), VALUE_LIMIT)


def decode_error(label: str, error: tomllib.TOMLDecodeError) -> str:
    """``FILE: line L, column C: not valid TOML: what the parser expected``."""
    message = str(error)
    position = POSITION.search(message)
    where = "end of file"
    if position and position.group(1):
        where = f"line {position.group(1)}, column {position.group(2)}"
    return f"{label}: {where}: not valid TOML: {POSITION.sub('', message)}"


def _unwrap(annotation: object) -> object:
    """The model class inside ``X | None``, ``list[X]`` or ``dict[str, X]``, if any."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        for argument in typing.get_args(annotation):
            found = _unwrap(argument)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return annotation
    if origin in (list, tuple, dict):
        return _unwrap(typing.get_args(annotation)[-1])
    return annotation


def _model_at(model: type[BaseModel], location: tuple) -> type[BaseModel] | None:
    """The model class that holds the field at ``location`` (for listing its valid fields)."""
    current: object = model
    for part in location[:-1]:
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        if isinstance(part, int) or part not in current.model_fields:
            continue
        current = _unwrap(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def validation_error(label: str, error: ValidationError, model: type[BaseModel]) -> str:
    """One ``FILE: field.path: value: message`` line per problem, joined by ``; ``."""
    lines = []
    for problem in error.errors():
        location = problem["loc"]
        field = cut(".".join(str(part) for part in location)) or "(file)"
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            holder = _model_at(model, location)
            valid = list(holder.model_fields) if holder else []
            hint = close_match(str(location[-1]), valid) if valid else None
            message = "not a known field" + (f" (did you mean {hint!r}?)" if hint else "")
            message += f"; valid: {', '.join(valid)}" if valid else ""
            lines.append(f"{label}: {field}: {message}")
            continue
        value = problem.get("input")
        quoted = "" if isinstance(value, dict | list) or problem["type"] == "missing" else f"{shown(value)}: "
        lines.append(f"{label}: {field}: {quoted}{message}")
    return "; ".join(lines)


MAX_FILE_BYTES = 1_000_000  # a carrier file is a few kB; a profile less than one


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


def load_toml(
    label: str,
    text: str,
    model: type[M],
    explain: Callable[[str, ValidationError], str] | None = None,
    private: bool = False,
) -> M:
    """Parse and validate one TOML text. ``label`` names the file in errors; ``explain``
    replaces the default message, and ``private`` keeps the parser's words out of it, for files
    whose text must never be shown (the profile)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = decode_error(label, exc)
        if private:
            message = message.split(": not valid TOML:")[0] + ": not valid TOML"
        raise DataFileError(message) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        message = explain(label, exc) if explain else validation_error(label, exc, model)
        raise DataFileError(message) from None


def builtin_text(*parts: str) -> tuple[str, str]:
    """(label, text) of a data file shipped in ``callprep/data``."""
    path = resources.files("callprep").joinpath("data", *parts)
    return "/".join(("callprep", "data", *parts)), path.read_text(encoding="utf-8")


@cache
def load_builtin(name: str, model: type[M]) -> M:
    """A built-in data file, validated once per process."""
    return load_toml(*builtin_text(name), model)
