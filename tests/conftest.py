import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from callprep.cli import cli

SNAPSHOTS = Path(__file__).parent / "snapshots"
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture(autouse=True)
def isolated_machine(tmp_path, monkeypatch):
    """Keep every test off the developer's home, cache and locale."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture
def run():
    """Invoke the CLI; ``result.output`` holds stdout and stderr on Click 8.1 and 8.2+."""

    def invoke(*args, env=None, input=None):
        return CliRunner().invoke(cli, list(args), env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.fixture
def snapshot():
    """``snapshot(name, text)`` compares ``text`` with tests/snapshots/NAME byte for byte;
    ``UPDATE_SNAPSHOTS=1`` rewrites the file instead (then read the diff)."""

    def check(name: str, text: str) -> None:
        path = SNAPSHOTS / name
        if os.environ.get("UPDATE_SNAPSHOTS") == "1":
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert path.exists(), f"no snapshot {path}; run UPDATE_SNAPSHOTS=1 tests/run to create it"
        assert text == path.read_text(encoding="utf-8"), f"{name} differs from its snapshot"

    return check


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium through Playwright, one per test module; a missing browser fails, never skips."""
    from browser_helpers import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
            "or set CALLPREP_CHROMIUM",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()
