"""Output targets under real faults: each is checked before any work and ends in one line.

Every test makes the fault happen for real (a FIFO, a full device, a closed pipe, a folder that
cannot be entered, a read-only or plain-file cache, a terminal) in a real ``python -m callprep``.
"""

import os
import pty
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# Root ignores permission bits; without these capabilities it obeys them like any user.
DROP_ROOT_OVERRIDES = [
    "setpriv",
    "--inh-caps=-dac_override,-dac_read_search,-fowner",
    "--bounding-set=-dac_override,-dac_read_search,-fowner",
    "--",
]


def callprep(*args, cwd, env=None, stdout=subprocess.PIPE, obey_permissions=False, timeout=120):
    """Run ``python -m callprep`` for real; ``obey_permissions`` makes root obey permission bits."""
    environment = {**os.environ, "LANG": "C.UTF-8", **(env or {})}
    prefix = DROP_ROOT_OVERRIDES if obey_permissions and os.getuid() == 0 else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "callprep", *args],
        cwd=cwd,
        env=environment,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=timeout,
        check=False,
    )


def one_line(done) -> str:
    err = done.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines, "no message"
    # the message; after a mistake on the command line, one more line says where to get help
    assert len(lines) == 1 or (len(lines) == 2 and " -h" in lines[1]), err
    return lines[0]


@pytest.fixture
def shared(tmp_path):
    """A folder whose locked parts are unlocked again after the test, so they can be removed."""
    yield tmp_path
    subprocess.run(["chmod", "-R", "u+rwx", str(tmp_path)], check=False)


def cache_env(folder: Path) -> dict:
    return {"XDG_CACHE_HOME": str(folder / "cache"), "HOME": str(folder)}


@pytest.mark.parametrize("command", [["audio", "--engine", "offline"], ["bundle", "mts", "--engine", "offline"]])
def test_non_empty_folder_is_refused_before_any_speech(tmp_path, command):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "mine.txt").write_text("mine", encoding="utf-8")
    done = callprep(*command, "-o", "out", cwd=tmp_path, env=cache_env(tmp_path))
    assert done.returncode == 1
    assert one_line(done) == "Error: output folder 'out' is not empty; pass --force to write into it"
    # nothing was spoken, not even one clip cached (the cache holds only the checked data's snapshots)
    cached = tmp_path / "cache" / "callprep"
    assert not cached.exists() or [path.name for path in cached.iterdir()] == ["data"]
    assert (tmp_path / "out" / "mine.txt").read_text(encoding="utf-8") == "mine"


def test_file_name_too_long(tmp_path):
    done = callprep("sheet", "mts", "-o", "a" * 300 + ".md", cwd=tmp_path)
    assert done.returncode == 1
    line = one_line(done)
    assert line.startswith("Error: cannot write 'aaaa") and line.endswith("File name too long")
    assert len(line) < 160


def test_parent_folder_that_cannot_be_entered(shared):
    locked = shared / "locked"
    locked.mkdir()
    locked.chmod(0)
    done = callprep("sheet", "mts", "-o", "locked/sheet.md", cwd=shared, env=cache_env(shared), obey_permissions=True)
    assert done.returncode == 1
    assert "locked/sheet.md" in one_line(done)
    locked.chmod(0o700)
    assert list(locked.iterdir()) == []


def test_standard_output_on_a_full_device(tmp_path):
    with open("/dev/full", "w") as full:
        done = callprep("sheet", "mts", cwd=tmp_path, stdout=full)
    assert done.returncode == 1
    assert one_line(done) == "Error: cannot write to standard output: No space left on device"


def test_standard_output_closed(tmp_path):
    process = subprocess.Popen(
        [sys.executable, "-m", "callprep", "sheet", "mts"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "LANG": "C.UTF-8"},
    )
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err
    assert err.strip().splitlines() == ["Error: cannot write to standard output: Broken pipe"]


def test_cache_that_is_a_plain_file(tmp_path):
    (tmp_path / "cache").write_text("not a folder", encoding="utf-8")
    done = callprep(
        "audio",
        "yota",
        "--channel",
        "hotline",
        "--engine",
        "offline",
        "-o",
        "out",
        cwd=tmp_path,
        env=cache_env(tmp_path),
    )
    assert done.returncode == 1
    assert "audio cache" in one_line(done)
    assert not (tmp_path / "out").exists()


def test_cache_that_is_read_only(shared):
    cache = shared / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    done = callprep(
        "audio",
        "yota",
        "--channel",
        "hotline",
        "--engine",
        "offline",
        "-o",
        "out",
        cwd=shared,
        env=cache_env(shared),
        obey_permissions=True,
    )
    assert done.returncode == 1
    assert "audio cache" in one_line(done)
    assert not (shared / "out").exists()


def test_force_never_replaces_a_device_a_fifo_or_a_folder(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "folder").mkdir()
    names = ["pipe", "folder"]
    if os.getuid() == 0:  # CI runs as root: a real character device (the same as /dev/null)
        os.mknod(tmp_path / "device", 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        names.append("device")
    for name in names:
        done = callprep("sheet", "mts", "-o", name, "--force", cwd=tmp_path)
        assert done.returncode == 1, name
        assert f"'{name}'" in one_line(done)
    assert stat.S_ISFIFO(os.lstat(tmp_path / "pipe").st_mode)
    if "device" in names:
        assert stat.S_ISCHR(os.lstat(tmp_path / "device").st_mode)
    assert (tmp_path / "folder").is_dir()


def test_trailing_slash_is_a_folder(tmp_path):
    done = callprep("sheet", "mts", "-o", "new/", cwd=tmp_path)
    assert done.returncode == 1
    assert one_line(done) == "Error: output 'new/' names a folder; give a file name"
    # nothing written; the user cache (here under tmp_path) keeps the checked language registry
    assert [path for path in tmp_path.iterdir() if path.name != "cache"] == []


def test_dangling_symlink_needs_force(tmp_path):
    (tmp_path / "link.md").symlink_to(tmp_path / "nowhere")
    done = callprep("sheet", "mts", "-o", "link.md", cwd=tmp_path)
    assert done.returncode == 1
    assert one_line(done) == "Error: output 'link.md' exists; pass --force to overwrite it"
    assert (tmp_path / "link.md").is_symlink()
    assert callprep("sheet", "mts", "-o", "link.md", "--force", cwd=tmp_path).returncode == 0
    assert not (tmp_path / "link.md").is_symlink() and not (tmp_path / "nowhere").exists()


def test_unknown_extension_lists_the_formats(tmp_path):
    done = callprep("sheet", "mts", "-o", "out.pdf", cwd=tmp_path)
    assert done.returncode == 2
    line = one_line(done)
    assert "callprep does not write .pdf files; use one of: .md, .txt, .html, .json" in line
    assert "print it from a browser" in line
    assert not (tmp_path / "out.pdf").exists()


@pytest.mark.parametrize(
    ("command", "what"),
    [(["phrasebook", "--no-audio"], "phrasebook"), (["application", "mts", "--blank"], "application")],
)
def test_html_is_not_dumped_on_a_terminal(tmp_path, command, what):
    primary, secondary = pty.openpty()
    try:
        done = callprep(*command, cwd=tmp_path, stdout=secondary)
    finally:
        os.close(secondary)
        os.close(primary)
    assert done.returncode == 2
    line = one_line(done)
    assert f"The {what} is HTML for a browser, not for a terminal" in line and "-o " in line


def on_a_full_disk(*args, cwd):
    """Run callprep with ``full/`` a real tmpfs filled to the last byte (a private mount namespace)."""
    script = (
        'mount -t tmpfs -o size=256k tmpfs full && (head -c 1M /dev/zero > full/filler 2>/dev/null; true) && exec "$@"'
    )
    command = ["unshare", "-rm", "sh", "-c", script, "sh", sys.executable, "-m", "callprep", *args]
    environment = {**os.environ, "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(cwd / "full" / "cache")}
    return subprocess.run(command, cwd=cwd, env=environment, capture_output=True, timeout=120, check=False)


def test_cache_on_a_full_disk(tmp_path):
    (tmp_path / "full").mkdir()
    done = on_a_full_disk("audio", "yota", "--channel", "hotline", "--engine", "offline", "-o", "out", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    line = one_line(done)
    assert "audio cache" in line and "No space left on device" in line
    assert not (tmp_path / "out").exists()


def test_output_on_a_full_disk(tmp_path):
    (tmp_path / "full").mkdir()
    done = on_a_full_disk("sheet", "mts", "-o", "full/sheet.md", cwd=tmp_path)
    assert done.returncode == 1
    assert one_line(done) == "Error: cannot write 'full/sheet.md': No space left on device"
