"""Data files: the strict base of every model and the one TOML loader with one error shape.

Every data file callprep reads (carriers, shared facts, scripts, phrases, application wording,
speech words, the user's profile) goes through :func:`load_toml`, so a mistake always reads

    FILE: FIELD-OR-LINE: VALUE: what is wrong and what is valid

with the value cut to 80 characters, and left out for files that hold personal data.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import types
import typing
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, RootModel, ValidationError, field_validator

from callprep.errors import (
    CONTROL,
    DID_YOU_MEAN,
    N_,
    VALUE_LIMIT,
    DataFileError,
    Joined,
    Message,
    Msg,
    close_match,
    cut,
)
from callprep.model.records import MAX_FILE_BYTES, RECORDS, read_regular_file, shown

__all__ = ["MAX_FILE_BYTES", "VALUE_LIMIT", "Model", "load_toml", "read_regular_file", "shown", "to_record"]

POSITION = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)$")
# The parser's fixed explanations (tomllib's words), translated like ours; others are shown as they are.
TOML_MESSAGES = frozenset(
    {
        N_("Cannot overwrite a value"),
        N_("Escaped character is not a Unicode scalar value"),
        N_("Expected '=' after a key in a key/value pair"),
        N_("Expected ']' at the end of a table declaration"),
        N_("Expected ']]' at the end of an array declaration"),
        N_("Invalid date or datetime"),
        N_("Invalid hex value"),
        N_("Invalid initial character for a key part"),
        N_("Invalid statement"),
        N_("Invalid value"),
        N_("Unclosed array"),
        N_("Unclosed inline table"),
        N_("Unescaped '\\' in a string"),
        N_("Unterminated string"),
    }
)
# pydantic's fixed explanations for the commonest mistakes; others are shown as pydantic words them.
PYDANTIC_MESSAGES = frozenset(
    {
        N_("Field required"),
        N_("Input should be a valid string"),
        N_("Input should be a valid integer"),
        N_("Input should be a valid boolean"),
        N_("Input should be a valid list"),
        N_("Input should be a valid date"),
        N_("Input should be a valid number"),
    }
)

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
            raise ValueError(Msg(N_("holds a line break or control character; write it on one line")))
        return value


def decode_error(label: str, error: tomllib.TOMLDecodeError, private: bool = False) -> Msg:
    """``FILE: line L, column C: not valid TOML: what the parser expected`` (``private``: without
    the parser's words, which may quote the text)."""
    message = str(error)
    position = POSITION.search(message)
    where = Msg(N_("end of file"))
    if position and position.group(1):
        where = Msg(N_("line %(line)s, column %(column)s"), line=position.group(1), column=position.group(2))
    if private:
        return Msg(N_("%(file)s: %(where)s: not valid TOML"), file=label, where=where)
    detail = POSITION.sub("", message)
    return Msg(
        N_("%(file)s: %(where)s: not valid TOML: %(detail)s"),
        file=label,
        where=where,
        detail=Msg(detail) if detail in TOML_MESSAGES else detail,
    )


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


def problem_message(problem: dict) -> Message:
    """What pydantic found wrong: our own validators' :class:`Msg`, pydantic's commonest words as a
    translatable message, or pydantic's words as they are."""
    error = (problem.get("ctx") or {}).get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Msg):
        return error.args[0]
    message = problem["msg"].removeprefix("Value error, ")
    return Msg(message) if message in PYDANTIC_MESSAGES else message


def validation_error(label: str, error: ValidationError, model: type[BaseModel]) -> Joined:
    """One ``FILE: field.path: value: message`` line per problem, joined by ``; ``."""
    lines: list[Message] = []
    for problem in error.errors():
        location = problem["loc"]
        field = cut(".".join(str(part) for part in location)) or "(file)"
        if problem["type"] == "extra_forbidden":
            holder = _model_at(model, location)
            valid = list(holder.model_fields) if holder else []
            hint = close_match(str(location[-1]), valid) if valid else None
            message = Msg(
                N_("not a known field%(hint)s%(valid)s"),
                hint=Msg(DID_YOU_MEAN, name=repr(hint)) if hint else "",
                valid=Msg(N_("; valid: %(names)s"), names=", ".join(valid)) if valid else "",
            )
            lines.append(Msg("%(file)s: %(field)s: %(message)s", file=label, field=field, message=message))
            continue
        value = problem.get("input")
        message = problem_message(problem)
        if problem["type"] == "model_type" and isinstance(message, str):  # the record's name, not its schema's
            message = message.replace(problem["ctx"]["class_name"], record_name(problem["ctx"]["class_name"]))
        if isinstance(value, dict | list) or problem["type"] == "missing":
            lines.append(Msg("%(file)s: %(field)s: %(message)s", file=label, field=field, message=message))
        else:
            lines.append(
                Msg(
                    "%(file)s: %(field)s: %(value)s: %(message)s",
                    file=label,
                    field=field,
                    value=shown(value),
                    message=message,
                )
            )
    return Joined(lines)


def load_toml(
    label: str,
    text: str,
    model: type[M],
    explain: Callable[[str, ValidationError], Message] | None = None,
    private: bool = False,
) -> M:
    """Parse and validate one TOML text. ``label`` names the file in errors; ``explain``
    replaces the default message, and ``private`` keeps the parser's words out of it, for files
    whose text must never be shown (the profile)."""
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DataFileError(decode_error(label, exc, private)) from None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        message = explain(label, exc) if explain else validation_error(label, exc, model)
        raise DataFileError(message) from None


def record_name(schema_name: str) -> str:
    return schema_name.removesuffix("Schema")


def to_record(value: object) -> object:
    """A validated schema instance as its record (``CarrierSchema`` → ``Carrier``), all the way
    down; a record's field that the schema has as a property (a phone number as shown) is read too."""
    if isinstance(value, RootModel):
        return to_record(value.root)
    if isinstance(value, BaseModel):
        kind = RECORDS[record_name(type(value).__name__)]
        return kind(**{field.name: to_record(getattr(value, field.name)) for field in dataclasses.fields(kind)})
    if isinstance(value, list):
        return [to_record(item) for item in value]
    if isinstance(value, dict):
        return {key: to_record(item) for key, item in value.items()}
    return value


def load_records(label: str, text: str, model: type[BaseModel]) -> object:
    """Parse, validate and return the records of one TOML text (errors as :func:`load_toml`)."""
    return to_record(load_toml(label, text, model))
