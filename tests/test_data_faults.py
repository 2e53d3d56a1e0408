"""Smaller faults in data files and options, each made for real: a FIFO, a folder that cannot
be entered, values that only look right, a huge value, raw HTML, empty or bogus names."""

import os
import subprocess
import sys
from importlib import resources

import pytest
from test_output_targets import DROP_ROOT_OVERRIDES

from callprep.errors import DataFileError
from callprep.model.carriers import parse_carrier_file


def mts_text():
    return (resources.files("callprep") / "data" / "carriers" / "mts.toml").read_text(encoding="utf-8")


def run_module(*args, cwd, timeout=30, obey_permissions=False):
    prefix = DROP_ROOT_OVERRIDES if obey_permissions and os.getuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "callprep", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "LANG": "C.UTF-8"},
        check=False,
    )


def test_a_fifo_as_a_data_file_or_profile_is_refused_not_read(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "mts.toml")
    os.mkfifo(tmp_path / "me.toml")
    done = run_module("sheet", "mts", "--data", "data", cwd=tmp_path)  # would hang forever reading the FIFO
    assert done.returncode == 1 and done.stderr.strip() == "Error: data/mts.toml: not a regular file"
    done = run_module("profile", "check", "me.toml", cwd=tmp_path)
    assert done.returncode == 1 and "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_a_data_folder_that_cannot_be_entered_is_an_error(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "mts.toml").write_text(mts_text(), encoding="utf-8")
    locked.chmod(0o600)  # readable names, but the folder cannot be entered
    try:
        done = run_module("sheet", "mts", "--data", "locked", cwd=tmp_path, obey_permissions=True)
    finally:
        locked.chmod(0o700)
    assert done.returncode == 1
    assert "Permission denied" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("folder", ["nope", "file.toml"])
def test_check_data_has_one_rule_for_a_bad_folder(run, tmp_path, monkeypatch, folder):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "file.toml").write_text(mts_text(), encoding="utf-8")
    result = run("check-data", folder)
    assert result.exit_code == 2
    assert "Invalid value for '[FOLDER]'" in result.output


@pytest.mark.parametrize(
    "command", [["audio", "", "--engine", "offline", "-o", "out"], ["phrasebook", "", "--no-audio"]]
)
def test_an_empty_carrier_name_is_an_error_not_no_carrier(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(*command)
    assert result.exit_code == 2
    assert "unknown carrier ''; valid: beeline" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["C", "POSIX", "und", "C.UTF-8", "und-Latn"])
def test_an_explicit_c_or_undetermined_language_is_refused(run, lang):
    result = run("sheet", "mts", "--lang", lang)
    assert result.exit_code == 2
    assert f"unknown language '{lang}'" in result.output


def test_the_environment_may_still_fall_back_to_english(run):
    assert run("sheet", "mts", env={"LANG": "C"}).output.startswith("# MTS:")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("value = true", 'value = "no"'), "Input should be a valid boolean"),
        (("checked = 2026-11-26", "checked = 2999-01-01"), "in the future"),
        (("dated = 2025-07-14", 'dated = "2999-01"'), "in the future"),
    ],
)
def test_values_that_only_look_right_are_refused(change, message):
    old, new = change
    assert old in mts_text()
    with pytest.raises(DataFileError, match=message):
        parse_carrier_file("mts.toml", mts_text().replace(old, new, 1))


def test_a_huge_value_gives_a_short_error_line(run, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    huge = "x" * 1_000_000
    (folder / "mts.toml").write_text(mts_text().replace('confidence = "high"', f'confidence = "{huge}"', 1), "utf-8")
    result = run("sheet", "mts", "--data", str(folder))
    assert result.exit_code == 1
    assert len(result.output) < 1000


def test_raw_html_from_a_data_file_is_escaped_in_markdown(run, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    text = mts_text().replace('value = "ПАО «МТС»"', 'value = "<img src=x onerror=alert(1)> ПАО «МТС»"', 1)
    assert text != mts_text()
    (folder / "mts.toml").write_text(text, encoding="utf-8")
    markdown = run("sheet", "mts", "--data", str(folder)).output
    assert "<img" not in markdown and "&lt;img src=x onerror=alert(1)&gt; ПАО «МТС»" in markdown
    plain = run("sheet", "mts", "--data", str(folder), "--format", "txt").output
    assert "<img src=x onerror=alert(1)> ПАО «МТС»" in plain  # plain text is shown as it is
