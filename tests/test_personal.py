"""Personal data at rest: files with it are the owner's only, the profile never shows up in a
message, and a folder of data files never prints a profile back."""

import os
import stat

import pytest
from profile_helpers import SAMPLE, SECRETS, write

from callprep.errors import DataFileError
from callprep.model.profile import load_profile


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def usual_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_filled_application_is_private_blank_is_not(run, tmp_path):
    me = write(tmp_path / "me.toml")
    assert run("application", "mts", "--profile", str(me), "-o", str(tmp_path / "filled.html")).exit_code == 0
    assert run("application", "mts", "--blank", "-o", str(tmp_path / "blank.html")).exit_code == 0
    assert mode(tmp_path / "filled.html") == 0o600
    assert mode(tmp_path / "blank.html") == 0o644


def test_bundle_with_a_profile_is_private(run, tmp_path):
    me = write(tmp_path / "me.toml")
    out = tmp_path / "prep"
    result = run("bundle", "mts", "--profile", str(me), "--engine", "offline", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o700
    for path in out.rglob("*"):
        assert mode(path) == (0o700 if path.is_dir() else 0o600), path


def test_bundle_without_personal_data_keeps_the_usual_rights(run, tmp_path):
    out = tmp_path / "prep"
    assert run("bundle", "mts", "--no-audio", "-o", str(out)).exit_code == 0
    assert mode(out) == 0o755 and mode(out / "index.html") == 0o644


def test_audio_and_phrasebook_with_my_number_are_private(run, tmp_path):
    number = "+7 912 345-67-89"
    assert (
        run(
            "audio",
            "yota",
            "--channel",
            "hotline",
            "--engine",
            "offline",
            "--my-number",
            number,
            "-o",
            str(tmp_path / "a"),
        ).exit_code
        == 0
    )
    assert mode(tmp_path / "a") == 0o700 and mode(tmp_path / "a" / "my_number.mp3") == 0o600
    assert run("phrasebook", "--no-audio", "--my-number", number, "-o", str(tmp_path / "p.html")).exit_code == 0
    assert mode(tmp_path / "p.html") == 0o600


def test_readable_profile_is_warned_about(run, tmp_path):
    me = write(tmp_path / "me.toml")
    me.chmod(0o644)
    result = run("profile", "check", str(me))
    assert result.exit_code == 0
    assert (
        f"warning: {me} can be read by other users of this computer; make it private with: chmod 600" in result.output
    )
    me.chmod(0o600)
    assert "warning" not in run("profile", "check", str(me)).output
    me.chmod(0o640)
    assert "can be read by other users" in run("application", "mts", "--profile", str(me), "--format", "md").output


@pytest.mark.parametrize(
    "text",
    [
        '[name]\nlatin = "WANG XIAOMING"\nE98765432 = "x"\n',  # an unknown key holding a passport number
        "[E98765432]\nx = 1\n",  # an unknown table named after one
        '[name]\nlatin = "WANG"\n[name.E98765432]\n',  # a table header under a known one
        'phone = "+7 912 345-67-89"\nphone = "E98765432"\n',  # not valid TOML: the parser names the key
    ],
)
def test_profile_errors_never_echo_user_text(tmp_path, text):
    path = tmp_path / "me.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataFileError) as error:
        load_profile(path)
    message = str(error.value)
    assert "E98765432" not in message and "WANG" not in message and "912" not in message
    assert message.startswith(str(path))


def test_the_number_cancelled_must_be_russian(tmp_path):
    for foreign in ("+1 202 555 0143", "+7 701 123 4567"):  # USA; Kazakhstan shares +7
        with pytest.raises(DataFileError, match=r"phone: not valid; expected the Russian number"):
            load_profile(write(tmp_path / "me.toml", {**SAMPLE, "phone": foreign}))


@pytest.mark.parametrize("command", [["check-data", "{folder}"], ["sheet", "mts", "--data", "{folder}"]])
def test_a_profile_in_a_data_folder_is_skipped_unread(run, tmp_path, command):
    folder = tmp_path / "data"
    folder.mkdir()
    write(folder / "me.toml")
    result = run(*(part.format(folder=folder) for part in command))
    assert result.exit_code == (0 if command[0] == "check-data" else 1), result.output
    if command[0] == "sheet":
        assert f"--data '{folder}': no carrier files (*.toml with id and names) in it" in result.output
    for secret in SECRETS:
        assert secret not in result.output
    if command[0] == "check-data":
        assert f"skipped: {folder / 'me.toml'} (not a carrier file: no id or names)" in result.output
