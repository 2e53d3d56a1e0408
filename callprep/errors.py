"""The one exception hierarchy of callprep, and the messages it carries; the CLI turns an error
into one line in the user's language.

The core never translates and never prints: a message is a :class:`Msg`, an English template
marked with :func:`N_` (so ``pybabel extract`` finds it) and its named parameters. Whoever shows it
renders it with a ``gettext`` function. Parameters (paths, field names, values, option names) are
inserted as they are; only the template's words are translated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

INTERRUPTED = 130  # the exit code of a run ended by Ctrl-C, as the shell gives for SIGINT (128 + 2)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated where it is shown, not here."""
    return message


def _same(message: str) -> str:
    return message


class Msg:
    """A message for the user: an English ``template`` with ``%(name)s`` slots and its ``params``.

    A parameter may itself be a :class:`Msg` or :class:`Joined` (a clause in the same language);
    anything else is shown as it is. ``str()`` is the English text."""

    __slots__ = ("params", "template")

    def __init__(self, template: str, /, **params: object):
        self.template = template
        self.params = params

    def render(self, gettext: Callable[[str], str] = _same) -> str:
        text = gettext(self.template)
        if not self.params:
            return text
        return text % {name: render(value, gettext) for name, value in self.params.items()}

    def __str__(self) -> str:
        return self.render()

    def __repr__(self) -> str:
        return f"Msg({self.template!r}, {self.params!r})"


class Joined:
    """Messages shown as one line, joined by ``sep`` (several problems of one file)."""

    __slots__ = ("parts", "sep")

    def __init__(self, parts: Sequence[Msg | Joined | str], sep: Msg | str = "; "):
        self.parts = list(parts)
        self.sep = sep

    def render(self, gettext: Callable[[str], str] = _same) -> str:
        return render(self.sep, gettext).join(render(part, gettext) for part in self.parts)

    def __str__(self) -> str:
        return self.render()


Message = Msg | Joined | str
OR = Msg(N_(" or "))  # the separator of alternatives: hotline or store


def render(message: object, gettext: Callable[[str], str] = _same) -> str:
    """``message`` in the language of ``gettext`` (a plain value is shown as it is)."""
    return message.render(gettext) if isinstance(message, Msg | Joined) else str(message)


class CallprepError(Exception):
    """Base of every error a user can cause. The message is the whole explanation; ``str()`` is
    English, :meth:`render` is in the language of the ``gettext`` given."""

    exit_code = 1

    def __init__(self, message: Message):
        super().__init__(render(message))
        self.message = message

    def render(self, gettext: Callable[[str], str] = _same) -> str:
        return render(self.message, gettext)


class UsageProblem(CallprepError):
    """An option or argument has a value callprep cannot use (exit code 2)."""

    exit_code = 2


DID_YOU_MEAN = N_(" (did you mean %(name)s?)")
KINDS = {
    "carrier": N_("unknown carrier %(value)s%(hint)s; valid: %(valid)s"),
    "language": N_("unknown language %(value)s%(hint)s; valid: %(valid)s"),
}


class UnknownName(UsageProblem):
    """A carrier id or language code that does not exist, with the close match if any."""

    def __init__(self, what: str, value: str, valid: list[str]):
        hint = close_match(value, valid)
        message = Msg(
            KINDS[what],
            value=repr(cut(value)),
            hint=Msg(DID_YOU_MEAN, name=repr(hint)) if hint else "",
            valid=", ".join(valid),
        )
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

    def __init__(self, cause: str, message: Message, hint: Message = ""):
        super().__init__(Joined([message, hint]) if hint else message)
        self.cause = cause
        self.reason = message

    def cause_text(self) -> str:
        """The message without the advice to rerun, for the one-line fallback warning (English)."""
        return render(self.reason)


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
