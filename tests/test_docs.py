"""The README documents every command, and every command has help."""

import re
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


LAYOUT = README.split("## Layout", 1)[1]
TABLE_PATHS = set(re.findall(r"^\| `(callprep/[^`]*)` \|", LAYOUT, flags=re.M))
PACKAGE = Path(__file__).resolve().parent.parent / "callprep"


def _tree() -> set[str]:
    modules = {f"callprep/{path.relative_to(PACKAGE).as_posix()}" for path in PACKAGE.rglob("*.py")}
    modules -= {
        name
        for name in modules
        if name.endswith("/__init__.py") and name.count("/") > 1 and not name.startswith("callprep/cli/")
    }
    folders = {
        f"callprep/{path.relative_to(PACKAGE).as_posix()}/"
        for path in PACKAGE.iterdir()
        if path.is_dir() and path.name in ("data", "templates", "locales")
    }
    templates = {f"callprep/templates/{path.name}/" for path in (PACKAGE / "templates").iterdir() if path.is_dir()}
    return modules | folders | templates


def test_layout_table_and_tree_agree_one_to_one():
    assert _tree() == TABLE_PATHS
