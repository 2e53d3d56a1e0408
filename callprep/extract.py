"""Babel extractors (used by babel.cfg) for what Babel's own do not find.

Data files: the translatable values are those under the keys ``en``, ``generic_en``, ``proxy_en``,
``note``, ``text``, ``title`` and ``label`` (outside a carrier's ``names``); the TOML files keep the
English, and the catalogs in ``callprep/locales`` carry every other language.

Command-line modules: Babel's Python extraction, and the help of every Click command, which Click
takes from the command function's docstring (cleaned as Click cleans it).
"""

from __future__ import annotations

import ast
import io
import tomllib
from collections.abc import Iterator

COMMAND_DECORATORS = frozenset({"command", "group"})  # click.command, click.group, profile.command...
COMMAND_HELP_COMMENT = "Help of a command (callprep --help): keep each \\b line and the example commands as they are."

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


def extract_commands(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """Babel's Python extraction, then the docstring of each function decorated as a Click command
    or group (``@click.command(...)``, ``@profile.command("init", ...)``)."""
    from babel.messages.extract import extract_python

    source = fileobj.read()
    yield from extract_python(io.BytesIO(source), keywords, comment_tags, options)
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and any(map(_is_command_decorator, node.decorator_list)):
            help_text = ast.get_docstring(node, clean=False)
            if help_text:
                yield node.body[0].lineno, None, help_id(help_text), [COMMAND_HELP_COMMENT]


def help_id(help_text: str) -> str:
    """A command's help as the catalogs know it: cleaned as Click cleans it, and Click's mark for
    a paragraph not to be rewrapped (a backspace on a line of its own) written as the two
    characters ``\\b``, as in the source (a catalog holds no control characters)."""
    import inspect

    return inspect.cleandoc(help_text).replace("\b", "\\b")


def _is_command_decorator(decorator: ast.expr) -> bool:
    call = decorator.func if isinstance(decorator, ast.Call) else decorator
    return isinstance(call, ast.Attribute) and call.attr in COMMAND_DECORATORS
