"""The command line, end to end: exit codes, messages and files written."""

import json

import click
import pytest

from callprep import __version__
from callprep.cli import cli


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def _command_paths(group=cli, prefix=()):
    """Every command of the CLI as its argument list, groups and subcommands included."""
    yield list(prefix)
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield from _command_paths(command, (*prefix, name))


@pytest.mark.parametrize("command", list(_command_paths()), ids=lambda path: " ".join(path) or "callprep")
def test_every_command_has_help(run, command):
    result = run(*command, "-h")
    assert result.exit_code == 0
    assert "Usage:" in result.output
    target = cli
    for name in command:
        target = target.commands[name]
    if target.params and any(isinstance(p, click.Argument) for p in target.params):
        assert "Example" in result.output  # a command that takes an argument shows how


def test_sheet_markdown_to_stdout(run):
    result = run("sheet", "mts")
    assert result.exit_code == 0
    assert result.output.startswith("# MTS: getting ready to cancel your number")
    assert "**8 800 250-08-90**" in result.output
    assert "Расто́ргнуть" not in result.output and "расто́ргнуть" in result.output


def test_sheet_in_chinese(run):
    result = run("sheet", "mts", "--lang", "zh")
    assert result.exit_code == 0
    assert "MTS：注销号码准备单" in result.output
    assert "我想终止与 MTS 的合同并注销这个号码。" in result.output


def test_language_from_environment(run):
    result = run("sheet", "mts", env={"LANG": "zh_CN.UTF-8"})
    assert "注销号码准备单" in result.output


def test_language_accepts_locale_forms(run):
    assert "注销号码准备单" in run("sheet", "yota", "--lang", "zh-Hans").output


def test_sheet_html_to_file_and_overwrite_rules(run, tmp_path):
    target = tmp_path / "beeline.html"
    args = ["sheet", "beeline", "--channel", "store", "--sim", "esim", "--format", "html", "-o", str(target)]
    first = run(*args)
    assert first.exit_code == 0, first.output
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'href="tel:+78007000611"' in html
    again = run(*args)
    assert again.exit_code == 1
    assert "exists; pass --force" in again.output
    assert target.read_text(encoding="utf-8") == html
    forced = run(*args, "--force")
    assert forced.exit_code == 0


def test_format_from_output_extension(run, tmp_path):
    target = tmp_path / "t2.json"
    assert run("sheet", "t2", "-o", str(target)).exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["sheet"]["carrier_en"] == "T2"


def test_format_and_extension_must_agree(run, tmp_path):
    result = run("sheet", "t2", "--format", "md", "-o", str(tmp_path / "t2.html"))
    assert result.exit_code == 2
    assert "--format md does not match" in result.output
    assert not (tmp_path / "t2.html").exists()


def test_unknown_carrier_suggests_close_match(run):
    result = run("sheet", "megafn")
    assert result.exit_code == 2
    assert "unknown carrier 'megafn' (did you mean 'megafon'?)" in result.output
    assert "Traceback" not in result.output


def test_carrier_by_former_name(run):
    result = run("sheet", "Tele2")
    assert result.exit_code == 0
    assert result.output.startswith("# T2:")


def test_unknown_language(run):
    result = run("sheet", "mts", "--lang", "fr")
    assert result.exit_code == 2
    assert "unknown language 'fr'" in result.output
    assert "valid: en, zh" in result.output


def test_bad_option_choice_lists_valid_values(run):
    result = run("sheet", "mts", "--channel", "fax")
    assert result.exit_code == 2
    assert "'fax' is not one of" in result.output


def test_proxy_needs_the_store(run):
    result = run("sheet", "mts", "--channel", "hotline", "--situation", "proxy")
    assert result.exit_code == 2
    assert "--situation proxy does not go with --channel hotline" in result.output


def test_unwritable_output(run, tmp_path):
    result = run("sheet", "mts", "-o", str(tmp_path / "missing" / "x.md"))
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert "Traceback" not in result.output


def test_output_is_a_directory(run, tmp_path):
    result = run("sheet", "mts", "-o", str(tmp_path))
    assert result.exit_code == 1
    assert "is a directory" in result.output


def test_malformed_data_file_names_file_and_field(run, tmp_path):
    bad = tmp_path / "mts.toml"
    source = _builtin("mts").replace('number = "0890"', 'number = "12345678"')
    bad.write_text(source, encoding="utf-8")
    result = run("sheet", "mts", "--data", str(tmp_path))
    assert result.exit_code == 1
    assert f"{bad}: hotline.own_sim.number: '12345678'" in result.output
    assert "not a valid phone number" in result.output


def test_data_folder_adds_a_carrier(run, tmp_path):
    source = _builtin("yota").replace('id = "yota"', 'id = "myyota"').replace('en = "Yota"', 'en = "MyYota"', 1)
    (tmp_path / "myyota.toml").write_text(source, encoding="utf-8")
    listing = run("carriers", "--data", str(tmp_path), "--format", "json")
    ids = [row["id"] for row in json.loads(listing.output)["carriers"]]
    assert "myyota" in ids and "mts" in ids
    assert run("sheet", "myyota", "--data", str(tmp_path)).output.startswith("# MyYota:")


def test_carriers_table(run):
    result = run("carriers")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("| id |")
    assert any(
        line.startswith("| mts | MTS (МТС) | 0890 | 8 800 250-08-90 | +7 495 766-01-66 | 2026-11-27 |")
        for line in lines
    )
    assert any("| t2 |" in line and "not verified" in line for line in lines)


def test_carriers_text_in_chinese(run):
    result = run("carriers", "--format", "txt", "--lang", "zh")
    assert "用该运营商的SIM卡拨打：0890" in result.output


def test_check_data_builtin(run):
    result = run("check-data", "--as-of", "2026-12-01")
    assert result.exit_code == 0
    assert "ok: callprep/data/carriers/mts.toml" in result.output
    assert "0 with errors, 0 stale facts" in result.output


def test_check_data_flags_stale_facts(run):
    result = run("check-data", "--as-of", "2028-01-01")
    assert result.exit_code == 0
    assert "stale: callprep/data/carriers/t2.toml: legal_entity: checked 2026-11-26" in result.output
    assert run("check-data", "--as-of", "2028-01-01", "--strict").exit_code == 1


def test_check_data_reports_bad_files(run, tmp_path):
    (tmp_path / "broken.toml").write_text("id = [", encoding="utf-8")
    (tmp_path / "mts.toml").write_text(_builtin("mts"), encoding="utf-8")
    result = run("check-data", str(tmp_path))
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'broken.toml'}: end of file: not valid TOML: Invalid value" in result.output
    assert f"ok: {tmp_path / 'mts.toml'}" in result.output


def test_check_data_bad_date(run):
    result = run("check-data", "--as-of", "yesterday")
    assert result.exit_code == 2
    assert "expected YYYY-MM-DD" in result.output


def test_check_data_empty_folder(run, tmp_path):
    result = run("check-data", str(tmp_path))
    assert result.exit_code == 1
    assert "no carrier files" in result.output


def _builtin(carrier_id):
    from importlib import resources

    return (resources.files("callprep") / "data" / "carriers" / f"{carrier_id}.toml").read_text(encoding="utf-8")


def test_python_dash_m():
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "callprep", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert __version__ in done.stdout


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_is_answered_before_the_cli_is_imported(flag):
    import subprocess
    import sys

    code = (
        f"import sys; sys.argv = ['callprep', {flag!r}]; from callprep.entry import main; main(); "
        "print('click' in sys.modules, 'jinja2' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines() == [f"callprep, version {__version__}", "False False"]
    assert run_cli_version() == f"callprep, version {__version__}"  # the same line as Click's option


def run_cli_version():
    from click.testing import CliRunner

    return CliRunner().invoke(cli, ["--version"]).output.strip()
