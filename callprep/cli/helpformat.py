"""Help that fits the terminal in every language. Click measures text in characters and breaks
lines at spaces only; a Chinese character takes two columns, and Chinese has no spaces. This
formatter measures columns and breaks lines between Chinese characters too (never before a
closing punctuation mark); text without wide characters is left to Click as it is."""

from __future__ import annotations

from collections.abc import Sequence

import click

NO_LINE_START = "，。、；：？！）」』》〉】…％"  # stays with the character before it
NO_LINE_END = "（「『《〈【"  # stays with the character after it


def char_width(char: str) -> int:
    import unicodedata

    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def display_width(text: str) -> int:
    """The columns ``text`` takes on a terminal."""
    return sum(map(char_width, text))


def has_wide(text: str) -> bool:
    return any(char_width(char) == 2 for char in text)


def tokens(text: str) -> list[str]:
    """Words (runs of narrow characters), single wide characters (with the closing punctuation
    after them and the opening punctuation before them), Click's bracketed notes (``[默认：own]``,
    ``[必填]``) whole, and runs of spaces: a line may break between two of them."""
    found: list[str] = []
    for char in text:
        last = found[-1] if found else ""
        glued = last and ((last[-1] in NO_LINE_END and not char.isspace()) or char in NO_LINE_START)
        in_note = last.startswith("[") and "]" not in last
        if glued or in_note or (last and same_run(last, char)):
            found[-1] += char
        else:
            found.append(char)
    return found


def same_run(token: str, char: str) -> bool:
    """Whether ``char`` goes on the word or the spaces ``token`` ends with (narrow characters, no break)."""
    return char_width(char) < 2 and char_width(token[-1]) < 2 and token[-1].isspace() == char.isspace()


def wrap(text: str, width: int) -> list[str]:
    """One paragraph in lines of at most ``width`` columns (a word longer than that has a line of
    its own); spaces become single spaces and none starts or ends a line."""
    lines: list[str] = []
    line, space = "", False
    for token in tokens(" ".join(text.split())):
        if token.isspace():
            space = bool(line)
            continue
        candidate = line + " " * space + token
        if line and display_width(candidate) > width:
            lines.append(line)
            candidate = token
        line, space = candidate, False
    if line:
        lines.append(line)
    return lines


class HelpFormatter(click.HelpFormatter):
    """Click's help formatter, measuring columns where the text has wide characters; a Chinese
    heading or usage prefix takes a full-width colon with no space after it (选项：, 用法：callprep)."""

    def write_heading(self, heading: str) -> None:
        if not has_wide(heading):
            return super().write_heading(heading)
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        if prefix is None:
            from callprep.cli.messages import _

            word = _("Usage:")  # Click's own word, from callprep's catalog
            prefix = word if has_wide(word[-1:]) else f"{word} "
        super().write_usage(prog, args, prefix)

    def write_text(self, text: str) -> None:
        if not has_wide(text):
            return super().write_text(text)
        indent = " " * self.current_indent
        for number, paragraph in enumerate(text.split("\n\n")):
            if number:
                self.write("\n")
            lines = paragraph.splitlines()
            if lines and lines[0].strip() == "\b":  # Click's mark: this paragraph as it is
                kept = lines[1:]
            else:
                kept = wrap(paragraph, max(self.width - self.current_indent, 11))
            for line in kept:
                self.write(f"{indent}{line}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        if not any(has_wide(second) for _, second in rows):
            return super().write_dl(rows, col_max, col_spacing)
        first_col = min(max((display_width(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if display_width(first) <= first_col - col_spacing:
                self.write(" " * (first_col - display_width(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = wrap(second, max(self.width - first_col - 2 - self.current_indent, 10)) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class Context(click.Context):
    formatter_class = HelpFormatter
