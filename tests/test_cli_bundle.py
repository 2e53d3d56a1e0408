"""`callprep phrasebook` and `callprep bundle` end to end."""

import json
import re

import pytest
import responses
from audio_helpers import ok


@pytest.fixture(autouse=True)
def no_waiting(monkeypatch):
    monkeypatch.setattr("callprep.speech.engines.time.sleep", lambda seconds: None)


def test_phrasebook_markdown_has_every_group(run):
    result = run("phrasebook", "--format", "md", "--lang", "zh")
    assert result.exit_code == 0
    text = result.output
    for heading in (
        "问候与语言求助",
        "提出要求",
        "证件",
        "费用与退款",
        "确认与凭证",
        "结束语",
        "工作人员可能会说的话",
        "数字的说法",
    ):
        assert f"## {heading}" in text
    assert "Я хочу́ расто́ргнуть догово́р и закры́ть но́мер." in text  # generic: no carrier named


def test_phrasebook_html_without_audio(run, tmp_path):
    target = tmp_path / "p.html"
    result = run("phrasebook", "beeline", "--no-audio", "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    assert "<audio" not in html and 'class="show"' in html
    assert "догово́р с «Била́йном»" in html


@responses.activate
def test_phrasebook_embeds_gtts_audio(run, tmp_path):
    ok(responses)
    target = tmp_path / "p.html"
    result = run("phrasebook", "--engine", "gtts", "--no-slow", "-o", str(target))
    assert result.exit_code == 0, result.output
    html = target.read_text(encoding="utf-8")
    sources = re.findall(
        r'<audio id="a-[a-z0-9_]+" controls preload="none" aria-label="[^"]+" src="data:audio/mpeg;base64,', html
    )
    assert len(responses.calls) >= len(sources) > 50  # a phrase over 100 characters goes in parts
    assert 'class="play slow"' not in html
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing outside the file


def test_phrasebook_existing_file_needs_force(run, tmp_path):
    target = tmp_path / "p.md"
    target.write_text("mine", encoding="utf-8")
    result = run("phrasebook", "-o", str(target))
    assert result.exit_code == 1 and "exists; pass --force" in result.output


def test_bundle_with_offline_audio(run, tmp_path):
    folder = tmp_path / "mts-prep"
    result = run("bundle", "mts", "--lang", "zh", "--engine", "offline", "-o", str(folder))
    assert result.exit_code == 0, result.output
    for name in (
        "index.html",
        "sheet.html",
        "sheet.md",
        "phrasebook.html",
        "audio/playlist.m3u8",
        "audio/manifest.json",
    ):
        assert (folder / name).is_file(), name
    index = (folder / "index.html").read_text(encoding="utf-8")
    for link in re.findall(r'href="([^"]+)"', index):
        assert (folder / link).is_file(), link
    manifest = json.loads((folder / "audio" / "manifest.json").read_text(encoding="utf-8"))
    playlist = (folder / "audio" / "playlist.m3u8").read_text(encoding="utf-8")
    for clip in manifest["clips"]:
        assert (folder / "audio" / clip["file"]).is_file() and clip["file"] in playlist
    assert "<audio" in (folder / "phrasebook.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob(".mts-prep.*"))  # no staging folder left behind


def test_bundle_without_audio_and_overwrite_rules(run, tmp_path):
    folder = tmp_path / "t2"
    assert run("bundle", "t2", "--no-audio", "-o", str(folder)).exit_code == 0
    assert not (folder / "audio").exists()
    assert "audio/playlist.m3u8" not in (folder / "index.html").read_text(encoding="utf-8")
    again = run("bundle", "t2", "--no-audio", "-o", str(folder))
    assert again.exit_code == 1 and "is not empty; pass --force" in again.output
    assert run("bundle", "t2", "--no-audio", "--force", "-o", str(folder)).exit_code == 0


def test_bundle_bad_combination(run, tmp_path):
    result = run(
        "bundle", "mts", "--channel", "online", "--situation", "proxy", "--no-audio", "-o", str(tmp_path / "x")
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


def test_bundle_needs_output(run):
    result = run("bundle", "mts")
    assert result.exit_code == 2 and "-o" in result.output


def test_bundle_progress_counts_every_clip_made(tmp_path):
    """The progress bar's length is the number of clips the bundle asks for, profile included."""
    from profile_helpers import write

    from callprep.documents.bundle import make_bundle, plan_bundle
    from callprep.i18n import localizer
    from callprep.model.carriers import load_carriers
    from callprep.model.profile import load_profile
    from callprep.sheet.model import Request
    from callprep.speech.cache import AudioCache
    from callprep.speech.engines import GttsEngine, OfflineEngine
    from callprep.speech.speaker import Speaker

    profile = load_profile(write(tmp_path / "me.toml"))
    carrier, loc = load_carriers()["mts"], localizer("en")
    cache = AudioCache(tmp_path / "cache")
    speaker = Speaker("offline", GttsEngine(), OfflineEngine(cache.root), cache)
    plan = plan_bundle(Request("mts"), carrier, loc, my_number="+7 912 345-67-89", profile=profile)
    steps = []
    make_bundle(plan, loc, speaker, steps.append)
    assert len(steps) == plan.clips
    assert plan.clips == 2 * len(plan.book_phrases) + len(plan.sheet_phrases)
    assert any(phrase.personal for phrase in plan.sheet_phrases)  # the profile's number is spoken too


def test_a_bundle_whose_clips_are_cached_loads_no_speech_engine(tmp_path):
    """A second offline bundle takes every clip from the cache: eSpeak NG is not loaded, and nothing
    of the online engine's network stack (requests, ssl, email) is imported."""
    import os
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from callprep.entry import main\n"
        "out = sys.argv[1]\n"
        "sys.argv = ['callprep', 'bundle', 'mts', '--lang', 'zh', '--engine', 'offline', '--force', '-o', out]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from callprep.speech import espeak\n"
        "loaded = [name for name in ('ssl', 'email.utils', 'requests', 'urllib3', 'gtts', 'espeakng_loader')"
        " if name in sys.modules] + (['eSpeak NG'] if espeak._state else [])\n"
        "print(','.join(loaded))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    first = subprocess.run([sys.executable, "-c", script, str(tmp_path / "a")], env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    assert "eSpeak NG" in first.stdout  # the first run spoke every clip
    again = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], env=env, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == ""
    assert (tmp_path / "a" / "phrasebook.html").read_bytes() == (tmp_path / "b" / "phrasebook.html").read_bytes()
