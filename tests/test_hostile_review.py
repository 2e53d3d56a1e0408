"""What a hostile review found after the first round of fault fixes, each made to happen for real."""

import json
import os
import stat
import subprocess
import sys
from importlib import resources

import pytest
from profile_helpers import SAMPLE, write
from test_output_targets import callprep, one_line

from callprep.errors import DataFileError
from callprep.model.carriers import parse_carrier_file
from callprep.model.profile import load_profile


def mts_text():
    return (resources.files("callprep") / "data" / "carriers" / "mts.toml").read_text(encoding="utf-8")


def test_dev_stdout_is_standard_output(tmp_path):
    done = callprep("sheet", "mts", "-o", "/dev/stdout", "--force", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.decode().startswith("# MTS:")


@pytest.mark.parametrize("target", ["fifo", "device"])
def test_force_never_replaces_a_link_to_a_fifo_or_device(tmp_path, target):
    if target == "fifo":
        os.mkfifo(tmp_path / "pipe")
        (tmp_path / "link.md").symlink_to(tmp_path / "pipe")
    else:
        (tmp_path / "link.md").symlink_to("/dev/null")
    done = callprep("sheet", "mts", "-o", "link.md", "--force", cwd=tmp_path)
    assert done.returncode == 1
    assert "is not a regular file" in one_line(done)
    assert (tmp_path / "link.md").is_symlink()


@pytest.mark.parametrize("command", [["cache", "info"], ["check-data"], ["--help"], ["-V"], ["carriers"]])
def test_every_command_on_a_full_device_ends_in_one_line(tmp_path, command):
    with open("/dev/full", "w") as full:
        done = callprep(*command, cwd=tmp_path, stdout=full, env={"XDG_CACHE_HOME": str(tmp_path)})
    assert done.returncode == 1
    assert one_line(done) == "Error: cannot write to standard output: No space left on device"


def test_closed_standard_output_is_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "callprep", "sheet", "mts"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert one_line(done) == "Error: cannot write to standard output: it is closed; give a file with -o"


@pytest.mark.parametrize("obstacle", ["folder", "fifo", "file_for_folder"])
def test_bundle_checks_every_entry_before_moving_any(tmp_path, obstacle):
    out = tmp_path / "ex"
    out.mkdir()
    (out / "sheet.md").write_text("OLD", encoding="utf-8")
    if obstacle == "folder":
        (out / "phrasebook.html").mkdir()
    elif obstacle == "fifo":
        os.mkfifo(out / "index.html")
    else:
        (out / "audio").write_text("a file where a folder goes", encoding="utf-8")
    command = ["bundle", "mts", "-o", "ex", "--force"] + (
        ["--engine", "offline"] if obstacle == "file_for_folder" else ["--no-audio"]
    )
    done = callprep(*command, cwd=tmp_path, env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert done.returncode == 1
    assert "ex/" in one_line(done)
    assert (out / "sheet.md").read_text(encoding="utf-8") == "OLD"  # nothing was moved in
    if obstacle == "fifo":
        assert stat.S_ISFIFO(os.lstat(out / "index.html").st_mode)


def test_a_link_to_a_folder_is_that_folder(tmp_path):
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    done = callprep("bundle", "mts", "--no-audio", "-o", "link/", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "real" / "index.html").is_file()


def test_personal_clip_records_are_private_and_keyed(run, tmp_path):
    assert (
        run(
            "audio",
            "yota",
            "--channel",
            "hotline",
            "--engine",
            "offline",
            "--my-number",
            "+7 912 345-67-89",
            "-o",
            str(tmp_path / "a"),
        ).exit_code
        == 0
    )
    root = tmp_path / "cache" / "callprep"
    for path in [root / "secret", root / "audio", *(root / "audio").rglob("*")]:
        assert stat.S_IMODE(path.stat().st_mode) == (0o700 if path.is_dir() else 0o600), path
    mine = (tmp_path / "a" / "my_number.mp3").read_bytes()
    import hashlib

    plain = hashlib.sha256(mine).hexdigest()
    records = [json.loads(p.read_text()) for p in root.rglob("*.json")]
    assert records and all(record["sha256"] != plain for record in records)


def test_a_fifo_or_folder_in_the_cache_does_not_hang_or_stop_a_run(run, tmp_path):
    root = tmp_path / "cache" / "callprep"
    root.mkdir(parents=True)
    os.mkfifo(root / "secret")
    result = run("phrasebook", "--format", "md", "--my-number", "+7 912 345-67-89")
    assert result.exit_code == 0  # md needs no audio: the key is not read
    args = ("audio", "yota", "--channel", "hotline", "--engine", "offline", "--my-number", "+7 912 345-67-89")
    result = run(*args, "-o", str(tmp_path / "a"))
    assert result.exit_code == 1 and "is damaged; run: callprep cache clear" in result.output
    os.unlink(root / "secret")
    assert run(*args, "-o", str(tmp_path / "b")).exit_code == 0
    clip = next(p for p in (root / "audio").rglob("*.mp3"))
    clip.unlink()
    clip.mkdir()  # a folder where a clip was
    assert run(*args, "-o", str(tmp_path / "c")).exit_code == 0
    assert clip.is_file()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("dated = 2025-07-11", "dated = 2999-07-11"), "in the future"),
        (("dated = 2025-07-11", "dated = 2025-07-11T00:00:00"), "a date and time"),
        (('ru = "МТС"', 'ru = "МТС\\n# heading"'), "line break or control character"),
        (('ru = "МТС"', 'ru = "\\u001b[31mМТС"'), "line break or control character"),
        (('en = "MTS"', 'en = "   "'), "String should match pattern"),
    ],
)
def test_data_values_that_only_look_right(change, message):
    old, new = change
    assert old in mts_text()
    with pytest.raises(DataFileError, match=message):
        parse_carrier_file("mts.toml", mts_text().replace(old, new, 1))


def test_dated_after_checked_is_refused():
    text = mts_text().replace("dated = 2025-07-14\nchecked = 2026-11-26", "dated = 2026-11-27\nchecked = 2026-11-26", 1)
    with pytest.raises(DataFileError, match="later than checked"):
        parse_carrier_file("mts.toml", text)


def test_long_ids_and_keys_are_cut():
    for text in (
        mts_text().replace('required = ["passport"]', f'required = ["{"p" * 100_000}"]', 1),
        mts_text().replace("[legal_entity]\n", f"[legal_entity]\n{'k' * 100_000} = 1\n", 1),
    ):
        with pytest.raises(DataFileError) as error:
            parse_carrier_file("mts.toml", text)
        assert len(str(error.value)) < 1000


def test_profile_init_refuses_standard_output(tmp_path):
    done = callprep("profile", "init", "--template", "-o", "-", cwd=tmp_path)
    assert done.returncode == 2 and "give -o FILE" in done.stderr.decode()
    # nothing written; the user cache (here under tmp_path) keeps the checked language registry
    assert [path for path in tmp_path.iterdir() if path.name != "cache"] == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("citizenship", "ZZ"), ("citizenship", "EU"), ("citizenship", "QO"), ("phone", "+7 912 CALL-NOW")],
)
def test_profile_values_that_only_look_right(tmp_path, field, value):
    with pytest.raises(DataFileError, match=rf"{field}: not valid"):
        load_profile(write(tmp_path / "me.toml", {**SAMPLE, field: value}))


def test_blank_issuer_and_implausible_date(tmp_path):
    for passport in ({**SAMPLE["passport"], "issuer": "   "}, {**SAMPLE["passport"], "issued": "0001-01-01"}):
        with pytest.raises(DataFileError, match=r"passport\.(issuer|issued): not valid"):
            load_profile(write(tmp_path / "me.toml", {**SAMPLE, "passport": passport}))


def test_terminal_escapes_never_reach_a_message(tmp_path):
    done = callprep("sheet", "mts", "-o", "a\x1b[31mred.pdf", cwd=tmp_path)
    assert "\x1b" not in done.stderr.decode() and "a?[31mred.pdf" in done.stderr.decode()


def test_a_pipe_in_a_carrier_name_does_not_break_the_table(run, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "mts.toml").write_text(mts_text().replace('en = "MTS"', 'en = "MTS | x"', 1), encoding="utf-8")
    row = next(line for line in run("carriers", "--data", str(folder)).output.splitlines() if line.startswith("| mts"))
    assert row.count(" | ") == 5 and "MTS \\| x" in row  # six columns, the pipe in the name escaped


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "me.toml"
    with open(huge, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: costs no disk
    with pytest.raises(DataFileError, match="too large for a data file"):
        load_profile(huge)


def test_a_file_error_no_command_converted_names_the_file_not_standard_output(tmp_path):
    """The last line of defence: an OSError about a file that escapes a command is one line naming
    that file (it used to say standard output could not be written)."""
    script = (
        "import sys\n"
        "from callprep.model import carriers\n"
        "def broken(*args):\n"
        "    raise PermissionError(13, 'Permission denied', '/somewhere/mts.toml')\n"
        "carriers.carrier_named = broken\n"
        "from callprep.entry import main\n"
        "sys.argv = ['callprep', 'sheet', 'mts']\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        env={**os.environ, "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 1
    assert one_line(done) == "Error: /somewhere/mts.toml: Permission denied"


@pytest.mark.parametrize("language", ["C", "zh_CN.UTF-8"])
def test_ctrl_c_while_the_cli_starts_is_one_line_and_exit_130(language):
    """Ctrl-C can land before any command's own handler: while the CLI's modules are imported."""
    script = """
import builtins, sys
real_import = builtins.__import__
def interrupted_import(name, *args, **kwargs):
    if name == "callprep.cli.options":  # imported by callprep.cli, before any command runs
        raise KeyboardInterrupt
    return real_import(name, *args, **kwargs)
builtins.__import__ = interrupted_import
sys.argv = ["callprep", "sheet", "mts"]
from callprep.entry import main
main()
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env={**os.environ, "LC_ALL": language}
    )
    assert done.returncode == 130, done.stderr
    assert done.stderr == "interrupted\n"  # no language is chosen yet: the source language
