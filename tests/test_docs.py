"""The README documents every command, and every command has help."""

from pathlib import Path

import pytest

from callprep.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_in_readme(name):
    assert f"callprep {name}" in README


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help(name):
    assert (cli.commands[name].help or "").strip()
