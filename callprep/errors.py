"""The one exception hierarchy of callprep; the CLI turns it into a one-line error."""

from __future__ import annotations

import re


class CallprepError(Exception):
    """Base of every error a user can cause. The message is the whole explanation."""

    exit_code = 1


class UsageProblem(CallprepError):
    """An option or argument has a value callprep cannot use (exit code 2)."""

    exit_code = 2


class UnknownName(UsageProblem):
    """A carrier id or language code that does not exist, with the close match if any."""

    def __init__(self, what: str, value: str, valid: list[str]):
        hint = close_match(value, valid)
        message = f"unknown {what} {cut(value)!r}"
        if hint:
            message += f" (did you mean {hint!r}?)"
        message += f"; valid: {', '.join(valid)}"
        super().__init__(message)
        self.value = value
        self.valid = valid


class DataFileError(CallprepError):
    """A data file is malformed: names the file, the field, the value and what is valid."""


class CatalogMissing(CallprepError):
    """A supported language whose compiled catalog is not installed."""


class OutputError(CallprepError):
    """An output path exists (without --force) or cannot be written."""


class CacheError(CallprepError):
    """The audio cache cannot be read or written (read-only, not a folder, full disk, damaged key)."""


class SpeechError(CallprepError):
    """Speech failed; the message names the probable cause and what to do."""


class SpeechUnavailable(SpeechError):
    """The online service cannot be used now (network, timeout, rate limit, server error)."""

    def __init__(self, cause: str, message: str, hint: str = ""):
        super().__init__(f"{message}; {hint}" if hint else message)
        self.cause = cause
        self.reason = message

    def cause_text(self) -> str:
        """The message without the advice to rerun, for the one-line fallback warning."""
        return self.reason


class OfflineSpeechError(SpeechError):
    """The offline engine cannot start or cannot speak."""


VALUE_LIMIT = 80


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def cut(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` for a one-line message: control characters (line breaks, terminal escapes) shown
    as ``?``, and cut to ``limit`` characters with an ellipsis."""
    text = CONTROL.sub("?", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def close_match(value: str, valid: list[str]) -> str | None:
    """Return the valid name closest to ``value``, or None when nothing is close."""
    lowered = {name.lower(): name for name in valid}
    import difflib  # only for a name that is not known

    matches = difflib.get_close_matches(value.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None
