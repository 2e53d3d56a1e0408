"""Atomic writes that never clobber a file by accident."""

import os

import pytest

from callprep.errors import OutputError
from callprep.output import write_text


def test_writes_utf8_with_unix_newlines(tmp_path):
    target = tmp_path / "sheet.md"
    write_text(target, "Здра́вствуйте\n")
    assert target.read_bytes() == "Здра́вствуйте\n".encode()


def test_existing_file_needs_force(tmp_path):
    target = tmp_path / "sheet.md"
    target.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputError, match="exists; pass --force"):
        write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "mine"
    write_text(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"


def test_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "sheet.md"

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left on device"):
        write_text(target, "x" * 1000)
    assert list(tmp_path.iterdir()) == []


def test_interrupt_leaves_no_partial_file(tmp_path, monkeypatch):
    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_text(tmp_path / "sheet.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_folder(tmp_path, monkeypatch):
    import tempfile

    def refused(**kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match=r"cannot write .*: Permission denied"):
        write_text(tmp_path / "x.md", "x")
    assert list(tmp_path.iterdir()) == []


def test_files_get_the_usual_permissions(tmp_path):
    from callprep.output import write_tree

    old = os.umask(0o022)
    try:
        write_text(tmp_path / "a.md", "x")
        write_tree(tmp_path / "folder", {"sub/b.txt": "y", "c.bin": b"z"})
    finally:
        os.umask(old)
    assert (tmp_path / "a.md").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "folder").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "folder" / "sub" / "b.txt").stat().st_mode & 0o777 == 0o644


def test_staging_left_by_killed_runs_is_swept_after_an_hour(tmp_path):
    import time

    from callprep.output import write_tree

    old_dir, new_dir = tmp_path / ".prep.callprep-k1ll3d_1", tmp_path / ".prep.callprep-running"
    old_file = tmp_path / ".sheet.md.callprep-k1ll3d_2.tmp"
    users = [tmp_path / ".sheet.md.swp", tmp_path / ".prep.notes", tmp_path / ".sheet.md.d"]  # the user's own
    for folder in (old_dir, new_dir, users[2]):
        folder.mkdir()
        (folder / "index.html").write_text("partial", encoding="utf-8")
    for path in (old_file, *users[:2]):
        path.write_text("partial", encoding="utf-8")
    two_hours_ago = time.time() - 7200
    for path in (old_dir, old_file, *users):
        os.utime(path, (two_hours_ago, two_hours_ago))
    write_tree(tmp_path / "prep", {"index.html": "new"})
    write_text(tmp_path / "sheet.md", "new")
    assert not old_dir.exists() and not old_file.exists()
    assert new_dir.exists()  # a run still going stays
    assert all(path.exists() for path in users)  # files that are not callprep's are never touched


def test_a_copied_file_that_is_not_a_regular_file_is_an_output_error(tmp_path):
    """A file to copy into a tree (a clip) replaced by a FIFO or a folder since it was checked: one
    clear error, no traceback, nothing left behind, and no wait on the FIFO."""
    import os

    import pytest

    from callprep.errors import OutputError
    from callprep.output import write_tree

    for kind in ("fifo", "folder"):
        source = tmp_path / f"clip-{kind}.mp3"
        os.mkfifo(source) if kind == "fifo" else source.mkdir()
        with pytest.raises(OutputError, match="cannot write"):
            write_tree(tmp_path / f"out-{kind}", {"index.html": "<p>", "audio/a.mp3": source})
        assert not (tmp_path / f"out-{kind}").exists()
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
