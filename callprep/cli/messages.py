"""The language of the command line: callprep's messages and Click's own words (Usage:, Error:,
No such option...) come from the same gettext catalog, chosen once per run.

The language is ``--lang`` when the command line gives a valid one, else the environment's locale
(:func:`callprep.i18n.language_from_environment`), else English. It is chosen before Click parses
anything, so that Click's own errors about the command line are in that language too.

Click translates with the standard library's ``gettext`` functions, which it imports into each of
its modules as ``_`` and ``ngettext``; :func:`bind_click` points those names at our catalog. Click
moves or renames them in a release, and :mod:`tests.test_cli_messages` says so.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from gettext import NullTranslations

from callprep.errors import CallprepError, Message, render

_state: dict[str, NullTranslations] = {"translations": NullTranslations()}


def _(message: str) -> str:
    """``message`` (a literal, so that ``pybabel extract`` finds it) in the run's language."""
    return _state["translations"].gettext(message)


def say(message: Message) -> str:
    """A core message (:class:`callprep.errors.Msg`) or an error's message in the run's language."""
    if isinstance(message, CallprepError):
        return message.render(_state["translations"].gettext)
    return render(message, _state["translations"].gettext)


def lang_given(args: Sequence[str]) -> str | None:
    """The value of the last ``--lang`` on the command line (``--lang zh`` or ``--lang=zh``)."""
    value = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(args):
            value = args[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    return value


def message_language(args: Sequence[str]) -> str:
    """``--lang`` when it is valid, else the environment's language (an invalid ``--lang`` is
    reported in the environment's language)."""
    from callprep.i18n import SOURCE_LANGUAGE, language_from_environment, resolve_language

    value = lang_given(args)
    if value is not None:
        try:
            return resolve_language(value)
        except CallprepError:
            pass
    try:
        return language_from_environment()
    except CallprepError:  # a damaged install: the command says so, in English
        return SOURCE_LANGUAGE


def use_language(language: str) -> None:
    """Show every message of this run in ``language`` (English when its catalog is missing: the
    command itself then says that the catalog is missing)."""
    from callprep.i18n import localizer

    try:
        translations = localizer(language).translations
    except CallprepError:
        translations = NullTranslations()
    _state["translations"] = translations
    bind_click(translations)


def bind_click(translations: NullTranslations) -> None:
    """Make Click's modules translate with ``translations``: they call ``_`` and ``ngettext``,
    bound at import to the standard library's ``gettext.gettext`` and ``gettext.ngettext``."""
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "click" or name.startswith("click.")):
            continue
        for attribute in ("_", "ngettext"):
            current = vars(module).get(attribute)
            wanted = "gettext" if attribute == "_" else "ngettext"
            if callable(current) and getattr(current, "__name__", "") == wanted:
                setattr(module, attribute, getattr(translations, wanted))
