"""A Babel extractor for the English text in callprep's data files (used by babel.cfg).

The translatable values are those under the keys ``en``, ``generic_en``, ``proxy_en``, ``note``, ``text``,
``title`` and ``label`` (outside a carrier's ``names``); the TOML
files keep the English, and the catalogs in ``callprep/locales`` carry every other language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator

TRANSLATABLE_KEYS = frozenset(
    {"en", "generic_en", "proxy_en", "note", "text", "text_unknown", "title", "title_unknown", "label"}
)
SKIPPED_TABLES = frozenset({"names"})  # a carrier's name is a brand, not a message


def _strings(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TRANSLATABLE_KEYS and isinstance(value, str):
                yield value
            elif key not in SKIPPED_TABLES:
                yield from _strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _strings(item)


def extract_data(fileobj, keywords, comment_tags, options) -> Iterator[tuple[int, None, str, list[str]]]:
    """Yield ``(line, funcname, message, comments)`` for each translatable value."""
    text = fileobj.read().decode("utf-8")
    lines = text.splitlines()
    for message in _strings(tomllib.loads(text)):
        quoted = tomllib_quote(message)
        lineno = next((number for number, line in enumerate(lines, 1) if quoted in line), 0)
        yield lineno, None, message, []


def tomllib_quote(message: str) -> str:
    """The message as it appears between double quotes in a TOML basic string."""
    return '"' + message.replace("\\", "\\\\").replace('"', '\\"') + '"'
