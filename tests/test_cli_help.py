"""``--help`` in the user's language: every command's text and every option's help come from the
catalogs (the commands' docstrings are extracted as the catalogs know them), Click's own words
too; in Chinese the lines are measured in columns and broken between characters."""

from __future__ import annotations

import gettext

import click
import pytest
from click.testing import CliRunner

from callprep.cli import cli
from callprep.cli.helpformat import display_width, wrap
from callprep.extract import help_id
from callprep.i18n import DOMAIN, SOURCE_LANGUAGE, languages, locales_dir

LANGUAGES = [code for code in languages() if code != SOURCE_LANGUAGE]


def commands(group: click.Group = cli, path: tuple[str, ...] = ()):
    """Every command and group of callprep, by the words that name it on the command line."""
    yield path, group
    for name in group.commands:
        command = group.commands[name]
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))
        else:
            yield (*path, name), command


COMMANDS = dict(commands())


def help_output(path: tuple[str, ...], language: str, columns: int = 80) -> str:
    """``callprep PATH --help`` as a user whose locale is ``language`` sees it."""
    env = {"LC_ALL": f"{language}.UTF-8" if language != SOURCE_LANGUAGE else "C"}
    result = CliRunner().invoke(cli, [*path, "--help"], env=env, prog_name="callprep", terminal_width=columns)
    assert result.exit_code == 0, result.output
    return result.output


def texts(command: click.Command) -> list[tuple[str, dict | None]]:
    """What the help of ``command`` says, as catalog ids: its text, each option's help,
    with the values an option's help puts in after it is translated."""
    found = [(help_id(command.help), None)]
    params = [param for param in command.params if getattr(param, "help", None)]
    return found + [(param.help, getattr(param, "help_values", None)) for param in params]


def solid(text: str) -> str:
    """The text without its white space and Click's no-rewrap marks: as it is found in the help
    whichever way the lines were broken."""
    return "".join(text.replace("\\b", "").split())


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "callprep")
def test_every_help_text_is_shown_in_the_users_language(path, language):
    catalog = gettext.translation(DOMAIN, locales_dir(), [language])
    shown = solid(help_output(path, language))
    for english, values in texts(COMMANDS[path]):
        translated = catalog.gettext(english)
        assert translated != english, f"{language}: no translation of {english!r}"
        assert solid(translated % values if values else translated) in shown, f"{language}: {english!r} not shown"
        assert solid(english % values if values else english) not in shown
    assert solid(catalog.gettext("Show this message and exit.")) in shown


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "callprep")
def test_english_help_shows_every_text(path):
    shown = solid(help_output(path, SOURCE_LANGUAGE))
    for english, values in texts(COMMANDS[path]):
        assert solid(english % values if values else english) in shown


@pytest.mark.parametrize("path", [("sheet",), ("companion",), ("application",), ()], ids=" ".join)
def test_chinese_help_fits_the_terminal_and_keeps_the_examples(path):
    output = help_output(path, "zh", columns=60)
    examples = [line for line in help_id(COMMANDS[path].help).splitlines() if line.startswith("    callprep")]
    assert examples and all(f"  {line}" in output.splitlines() for line in examples)  # as written, indented
    for line in output.splitlines():
        if line.strip().startswith(("callprep ", "--situation [", "用法")):
            continue  # an example, the list of values of an option, the usage line: as Click writes them
        assert display_width(line) <= 60, line


def test_chinese_lines_break_between_characters_never_before_a_closing_mark():
    text = "您打算通过哪种方式注销：热线（hotline）、营业厅（store）、网上（online），或全部（all）。"
    lines = wrap(text, 20)
    assert "".join(lines) == text
    assert all(display_width(line) <= 20 for line in lines)
    assert not any(line[0] in "，。、：）" or line[-1] == "（" for line in lines)
    assert wrap("hello wide world", 10) == ["hello wide", "world"]  # other languages: at spaces, as Click
    noted = wrap("您本人的合同；您换了护照；凭经公证的委托书替他人办理。  [默认：own]", 30)
    assert noted[-1].endswith("[默认：own]") and all(line.count("[") == line.count("]") for line in noted)


@pytest.mark.parametrize("columns", range(52, 101, 2))
def test_chinese_help_never_cuts_clicks_notes(columns):
    """Click adds [默认：…] and [必填] to an option's help: each stays whole on one line."""
    for path in [("sheet",), ("bundle",), ("audio",)]:
        for line in help_output(path, "zh", columns).splitlines():
            if line.strip().startswith(("callprep ", "--", "-o,", "用法")):
                continue
            assert line.count("[") == line.count("]"), f"{columns} columns: {line!r}"


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda path: " ".join(path) or "callprep")
def test_every_command_and_group_takes_lang(path):
    """A user whose computer speaks English asks for Chinese wherever --lang may go."""
    catalog = gettext.translation(DOMAIN, locales_dir(), ["zh"])
    for args in ([*path, "--lang", "zh", "--help"], ["--lang", "zh", *path, "--help"]):
        result = CliRunner().invoke(cli, args, env={"LC_ALL": "C"}, prog_name="callprep")
        assert result.exit_code == 0, result.output
        assert solid(catalog.gettext("Show this message and exit.")) in solid(result.output)


def test_a_groups_lang_is_its_commands_default():
    def run(*args):
        result = CliRunner().invoke(cli, list(args), env={"LC_ALL": "C"}, prog_name="callprep")
        assert result.exit_code == 0, result.output
        return result.output

    assert run("--lang", "zh", "sheet", "mts") == run("sheet", "mts", "--lang", "zh") != run("sheet", "mts")
    assert run("--lang", "zh", "sheet", "mts", "--lang", "uz") == run("sheet", "mts", "--lang", "uz")
    unknown = CliRunner().invoke(cli, ["--lang", "xx", "sheet", "mts"], env={"LC_ALL": "C"}, prog_name="callprep")
    assert unknown.exit_code == 2 and "unknown language 'xx'" in unknown.output


def test_chinese_headings_take_a_full_width_colon_and_other_languages_keep_clicks():
    chinese = help_output(("cache",), "zh")
    assert chinese.startswith("用法：callprep cache ") and "\n选项：\n" in chinese and "\n命令：\n" in chinese
    english = help_output(("cache",), SOURCE_LANGUAGE)
    assert english.startswith("Usage: callprep cache ") and "\nOptions:\n" in english and "\nCommands:\n" in english
    uzbek = help_output(("cache",), "uz")
    assert uzbek.startswith(gettext.translation(DOMAIN, locales_dir(), ["uz"]).gettext("Usage:") + " callprep")


MISTAKES = [
    ["sheet", "mts", "--bogus"],  # no such option
    ["sheet", "mts", "--channel", "fax"],  # not one of the choices
    ["sheet"],  # the carrier is missing
    ["sheet", "mst"],  # no such carrier (with the close match)
    ["shet", "mts"],  # no such command
    ["profile", "check"],  # a subcommand's argument is missing
    ["cache", "info", "extra"],  # an argument too many
]


@pytest.mark.parametrize("language", [SOURCE_LANGUAGE, "zh"])
@pytest.mark.parametrize("args", MISTAKES, ids=" ".join)
def test_a_mistake_on_the_command_line_is_the_error_then_where_to_get_help(args, language):
    """Not Click's usage line, a hint and a blank line before the error: the error first, one line."""
    catalog = gettext.translation(DOMAIN, locales_dir(), [language], fallback=True)
    env = {"LC_ALL": f"{language}.UTF-8" if language != SOURCE_LANGUAGE else "C"}
    result = CliRunner().invoke(cli, args, env=env, prog_name="callprep")
    assert result.exit_code == 2
    error, hint = result.output.splitlines()
    assert error.startswith(catalog.gettext("Error: {message}").split("{")[0])
    command = "callprep " + " ".join(word for word in args if word in ("sheet", "profile", "check", "cache", "info"))
    expected = catalog.gettext("Try '{command} {option}' for help.")
    assert hint == expected.format(command=command.strip(), option="-h")
