"""The call as a picture: the hotline script of a Sheet laid out as a flow, for an inline SVG (HTML)
and a short branch table (Markdown, text). Built from the same steps as the call script.

The happy path runs down the middle: dial, reach a person, what you say, the likely outcome. What
the operator may ask on the way (the script's ``hear`` steps after the first) are branches drawn to
the side, each with its key Russian phrase and the answer to give.
"""

from __future__ import annotations

import itertools
import textwrap
import unicodedata

from callprep.i18n import Localizer
from callprep.model.records import frozen
from callprep.sheet.model import Sheet

WIDTH = 360  # the SVG's own units; it scales to the page (readable at 390 px wide)
MAIN_X, MAIN_W = 8, 196
SIDE_X, SIDE_W = 216, 136
LINE = 15  # px between text lines
PAD = 8
GAP = 14


@frozen
class Box:
    """One box of the picture: its lines of text (the first in bold), where it stands."""

    x: int
    y: int
    width: int
    height: int
    lines: tuple[str, ...]
    russian: tuple[str, ...]  # lines in Russian (lang="ru")
    side: bool


@frozen
class CallFlow:
    """The boxes of the picture, the arrows between them (pairs of box indexes), its height."""

    boxes: tuple[Box, ...]
    arrows: tuple[tuple[int, int], ...]
    height: int
    rows: tuple[tuple[str, str, str], ...]  # for the branch table: (they may say, in Russian, you answer)


def _wide(text: str) -> bool:
    return any(unicodedata.east_asian_width(char) in "WF" for char in text)


# A line may not start with these (closing punctuation stays with what it closes).
NO_LINE_START = "，。、；：！？）》」』”’,.;:!?)»"


def _kind(char: str) -> str:
    return "space" if char.isspace() else "cjk" if "\u2e80" <= char <= "\uffef" else "word"


def break_units(text: str) -> list[str]:
    """``text`` as the units a line may break between: runs of space, runs of characters that are
    neither space nor CJK (a Latin word, a number), and each CJK character alone. (The regular
    expression ``\\s+|[^\\s\\u2e80-\\uffef]+|.`` says the same, but compiling its character
    class takes Python some 4 ms, on every run.)"""
    found: list[str] = []
    for kind, chars in itertools.groupby(text, _kind):
        run = "".join(chars)
        found.extend(run if kind == "cjk" else [run])
    return found


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` columns. CJK text (two columns a character) breaks between
    characters, but never inside a Latin word or a number, and never before closing punctuation."""
    if not _wide(text):
        return textwrap.wrap(text, width) or [""]
    units: list[str] = []
    for unit in break_units(text):
        if units and unit[0] in NO_LINE_START:
            units[-1] += unit
        else:
            units.append(unit)
    lines, line = [], ""
    for unit in units:
        if line and _columns(line + unit.rstrip()) > width:
            lines.append(line.rstrip())
            line = "" if unit.isspace() else unit
        else:
            line += unit
    lines.append(line.rstrip())
    return [each for each in lines if each] or [""]


def _box(x: int, y: int, width: int, label: str, russian: str, side: bool) -> Box:
    columns = (width - 2 * PAD) // 7
    lines = wrap(label, columns)
    ru = wrap(russian, columns) if russian else []
    height = PAD * 2 + LINE * (len(lines) + len(ru))
    return Box(x, y, width, height, tuple(lines), tuple(ru), side)


def build_callflow(sheet: Sheet, words: dict[str, str]) -> CallFlow | None:
    """The picture of the sheet's hotline call, or None without a hotline. ``words`` are the
    labels in the user's language: ``dial``, ``person``, ``outcome``, ``asks`` (with %(question)s)."""
    if sheet.hotline is None or not sheet.hotline.steps:
        return None
    boxes: list[Box] = []
    arrows: list[tuple[int, int]] = []
    rows: list[tuple[str, str, str]] = []
    y = PAD
    dial = next((number.display for number in sheet.hotline.numbers if number.dial), None)
    operator = sheet.hotline.fallback[0] if sheet.hotline.fallback else None
    main: list[tuple[str, str]] = [(words["dial"] % {"number": dial} if dial else words["chat"], "")]
    if operator:
        main.append((words["person"], operator.ru))
    branches: list[tuple[int, str, str, str]] = []  # (after which main box, label, russian, answer)
    first_hear = True
    for step in sheet.hotline.steps:
        if step.kind == "hear" and not first_hear:
            answer = step.say[0]
            branches.append((len(main) - 1, step.heard.meaning, step.heard.ru, answer.meaning))
            rows.append((step.heard.meaning, step.heard.ru, f"{answer.meaning} ({answer.ru})"))
            continue
        said = step.say[-1] if step.kind == "hear" else step.say[0]
        first_hear = first_hear and step.kind != "hear"
        main.append((said.meaning, said.ru))
    main.append((words["outcome"], ""))
    main_index: list[int] = []
    side_y = PAD
    for position, (label, russian) in enumerate(main):
        box = _box(MAIN_X, y, MAIN_W, label, russian, side=False)
        if main_index:
            arrows.append((main_index[-1], len(boxes)))
        main_index.append(len(boxes))
        boxes.append(box)
        for _after, question, russian_q, _answer in [b for b in branches if b[0] == position]:
            side = _box(SIDE_X, max(side_y, box.y), SIDE_W, words["asks"] % {"question": question}, russian_q, True)
            arrows.append((main_index[-1], len(boxes)))
            boxes.append(side)
            side_y = side.y + side.height + GAP // 2
        y = max(y + box.height + GAP, side_y if any(b[0] == position for b in branches) else 0)
    height = max(box.y + box.height for box in boxes) + PAD
    return CallFlow(tuple(boxes), tuple(arrows), height, tuple(rows))


def flow_words(sheet: Sheet, loc: Localizer) -> dict[str, str]:
    """The picture's own labels in the user's language."""
    stores = sheet.offered.value is None or "store" in sheet.offered.value
    return {
        "dial": loc.gettext("Dial %(number)s"),
        "chat": loc.gettext("Write to support in the app"),
        "person": loc.gettext("Reach a person: say"),
        "asks": loc.gettext("If asked: %(question)s"),
        "outcome": loc.gettext("Likely outcome: come to a store with your passport; write down the request number")
        if stores
        else loc.gettext("Likely outcome: support ends the contract; write down the request number"),
    }
