"""The CLI speaks the user's language: callprep's messages and Click's own words come from the
same catalog, by --lang or else by the locale; paths, option names and values stay as typed."""

import io
import re
import sys
from pathlib import Path

import click
import pytest
from profile_helpers import write

from callprep.cli.clickwords import PLURALS, WORDS
from callprep.cli.messages import _, message_language, use_language
from callprep.cli.options import with_progress
from callprep.i18n import LANGUAGES

ZH_ENV = {"LANG": "zh_CN.UTF-8"}
WORDS_RUN = re.compile(r"[A-Za-z]{2,}(?:[ ,;:]+[A-Za-z]{2,})+")  # two English words in a row: a sentence left over


def english_left(text: str, *allowed: str) -> list[str]:
    """Runs of English words in ``text`` once paths, options, quoted values, upper-case names and
    the ``allowed`` values are taken out."""
    for value in sorted(allowed, key=len, reverse=True):
        text = text.replace(value, " ")
    text = re.sub(r"'[^']*'|\"[^\"]*\"", " ", text)  # quoted values
    text = re.sub(r"\S*[/\\]\S*", " ", text)  # paths
    text = re.sub(r"(?<!\w)--?[\w-]+", " ", text)  # options
    text = re.sub(r"\b[A-Z][A-Z0-9_-]+\b", " ", text)  # CARRIER, TOML, OPTIONS...
    text = re.sub(r"\b(?:cli|callprep)(?: [a-z][\w-]*)*", " ", text)  # command paths
    return WORDS_RUN.findall(text)


@pytest.fixture(params=["--lang", "LANG"])
def chinese(request, run):
    """Run the CLI in Chinese, by ``--lang zh`` or by ``LANG=zh_CN.UTF-8`` (commands without
    --lang always by the locale)."""

    def invoke(*args, input=None, lang_option=True):
        if request.param == "--lang" and lang_option:
            return run(*args, "--lang", "zh", input=input)
        return run(*args, env=ZH_ENV, input=input)

    return invoke


def assert_chinese(output: str, *allowed: str) -> None:
    assert re.search(r"[\u4e00-\u9fff]", output), output
    assert english_left(output, *allowed) == [], output


def test_unknown_carrier_with_hint(chinese):
    result = chinese("sheet", "mst")
    assert result.exit_code == 2
    first, hint = result.output.splitlines()  # the mistake, then where to get help: no usage line first
    assert first.startswith("错误：未知的运营商 'mst'") and "'mts'" in first and "查看帮助" in hint
    assert_chinese(result.output, "beeline, megafon, mts, t-mobile, t2, yota")


def test_unknown_language_in_the_environments_language(run):
    result = run("sheet", "mts", "--lang", "xx", env=ZH_ENV)
    assert result.exit_code == 2 and "未知的语言 'xx'" in result.output
    assert_chinese(result.output, ", ".join(LANGUAGES))
    english = run("sheet", "mts", "--lang", "xx")
    assert f"unknown language 'xx'; valid: {', '.join(LANGUAGES)}" in english.output


def test_output_exists_without_force(chinese, tmp_path):
    target = tmp_path / "mts.md"
    target.write_text("mine", encoding="utf-8")
    result = chinese("sheet", "mts", "-o", str(target))
    assert result.exit_code == 1 and "已存在" in result.output and "--force" in result.output
    assert_chinese(result.output)
    assert target.read_text(encoding="utf-8") == "mine"


def test_broken_data_file_names_file_and_line(chinese, tmp_path):
    folder = tmp_path / "carriers"
    folder.mkdir()
    (folder / "bad.toml").write_text('id = "bad"\nnames = \n', encoding="utf-8")
    result = chinese("sheet", "mts", "--data", str(folder))
    assert result.exit_code == 1
    assert str(folder / "bad.toml") in result.output and "第 2 行" in result.output and "TOML" in result.output
    assert_chinese(result.output)


def test_unknown_field_in_a_data_file(chinese, tmp_path):
    folder = tmp_path / "carriers"
    folder.mkdir()
    (folder / "mts.toml").write_text('id = "mts"\nnamez = 1\n', encoding="utf-8")
    result = chinese("sheet", "mts", "--data", str(folder))
    assert result.exit_code == 1 and "不是已知字段" in result.output and "namez" in result.output


def test_click_errors_and_help(chinese):
    missing = chinese("sheet")
    assert missing.exit_code == 2 and "缺少参数 'CARRIER'" in missing.output
    assert_chinese(missing.output)
    unknown = chinese("sheet", "mts", "--bogus")
    assert unknown.exit_code == 2 and "没有这个选项：--bogus" in unknown.output
    assert_chinese(unknown.output)
    helped = chinese("cache", "-h", lang_option=False)
    assert "用法" in helped.output and "选项" in helped.output and "显示此帮助并退出。" in helped.output


def test_profile_check_and_readable_warning(chinese, tmp_path):
    profile = write(tmp_path / "me.toml")
    profile.chmod(0o644)
    result = chinese("profile", "check", str(profile), lang_option=False)
    assert result.exit_code == 0
    assert "警告" in result.output and "chmod 600" in result.output and "正常：" in result.output
    assert_chinese(result.output)


def test_profile_check_error(chinese, tmp_path):
    profile = tmp_path / "me.toml"
    profile.write_text('[name]\nlatin = ""\n', encoding="utf-8")
    result = chinese("profile", "check", str(profile), lang_option=False)
    assert result.exit_code == 1 and "name.latin：无效" in result.output
    assert_chinese(result.output, "name.latin", "passport.number")


def test_profile_init_asks_in_chinese(chinese, tmp_path):
    target = tmp_path / "me.toml"
    answers = ["WANG XIAOMING", "", "CN", "", "E98765432", "2021-03-15", "MPS of the PRC"]
    answers += ["12345", "", "", "", "none", "+7 912 345-67-89"]  # phone (bad), contract, address, contact
    result = chinese("profile", "init", "--prompt", "-o", str(target), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("您的姓名（拉丁字母）（与护照一致）：")
    assert "您要注销的俄罗斯号码：无效" in result.output
    assert result.output.count("您要注销的俄罗斯号码（") == 2  # asked again, and only that
    assert_chinese(result.output, "WANG XIAOMING", "MPS of the PRC", "bank_account", "other_number", "none", "card")


def test_progress_label_is_translated(monkeypatch):
    terminal = io.StringIO()
    terminal.isatty = lambda: True
    monkeypatch.setattr(sys, "stderr", terminal)
    use_language("zh")
    try:
        assert with_progress(2, lambda step: (step(1), step(1), "done")[-1]) == "done"
    finally:
        use_language("en")
    assert "正在生成语音" in terminal.getvalue() and "Speaking" not in terminal.getvalue()


def test_offline_fallback_warning_is_translated():
    from callprep.errors import render
    from callprep.speech.engines import Trouble, explain

    reason, _hint = explain(Trouble("network", ""), 1)
    use_language("zh")
    try:
        text = _("warning: %(cause)s; using the offline engine for the rest of this run") % {"cause": render(reason, _)}
    finally:
        use_language("en")
    assert text.startswith("警告：无法连接 Google TTS 服务")
    assert english_left(text, "Google TTS") == []


@pytest.mark.parametrize(
    ("args", "environ", "expected"),
    [
        (["sheet", "mts", "--lang", "zh"], {}, "zh"),
        (["sheet", "mts", "--lang=zh_CN"], {}, "zh"),
        (["sheet", "mts", "--lang", "xx"], ZH_ENV, "zh"),
        (["sheet", "mts", "--lang", "en"], ZH_ENV, "en"),
        (["sheet", "mts"], {}, "en"),
    ],
)
def test_message_language(monkeypatch, args, environ, expected):
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert message_language(args) == expected


def test_click_words_are_clicks():
    """Every Click string in the catalog is still Click's (a new Click that rewords one shows up here)."""
    source = "".join(path.read_text(encoding="utf-8") for path in Path(click.__file__).parent.glob("*.py"))
    for word in [*WORDS, *(text for pair in PLURALS for text in pair)]:
        assert repr(word)[1:-1] in source or word in source, word


def test_english_is_unchanged(run):
    result = run("sheet", "mst")
    assert result.output.splitlines() == [
        "Error: unknown carrier 'mst' (did you mean 'mts'?); valid: beeline, megafon, mts, t-mobile, t2, yota",
        "Try 'cli sheet -h' for help.",
    ]


def test_a_clip_that_vanished_before_a_page_read_it_is_the_emptied_cache_message(tmp_path, monkeypatch):
    """A page reads each clip from the cache; ``cache clear`` in another window may remove it first."""
    from click.testing import CliRunner

    from callprep.cli.options import CallprepCommand

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))

    def read_a_clip(where):
        raise FileNotFoundError(2, "No such file or directory", str(where))

    vanished = CallprepCommand("x", callback=lambda: read_a_clip(tmp_path / "cache" / "callprep" / "audio" / "ab.mp3"))
    result = CliRunner().invoke(vanished, [])
    assert result.exit_code == 1
    assert result.output == "Error: the audio cache was emptied while this run used it; run the command again\n"
    elsewhere = CallprepCommand("y", callback=lambda: read_a_clip(tmp_path / "mine.mp3"))
    assert isinstance(CliRunner().invoke(elsewhere, []).exception, FileNotFoundError)  # not the cache: as it is
