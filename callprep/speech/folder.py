"""The audio folder: one file per phrase named by its id, an M3U8 playlist in sheet order and a
JSON manifest (id, Russian, transliteration, translation, file, engine, duration)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

from callprep import __version__
from callprep.model.records import frozen
from callprep.output import write_tree
from callprep.speech.speaker import Spoken


@frozen
class Clip:
    """One phrase's audio, as the manifest lists it."""

    id: str
    ru: str
    translit: str
    translation: str
    file: str
    engine: str
    voice: str
    slow: bool
    duration: float
    personal: bool
    note: str | None = None


def clips(results: Sequence[Spoken], slow: bool) -> list[Clip]:
    """The manifest's entry for each clip (the clips are verified audio: the cache saw to it)."""
    made = []
    for phrase, _path, engine, note, seconds in results:
        made.append(
            Clip(
                phrase.id,
                phrase.ru,
                phrase.translit,
                phrase.meaning,
                f"{phrase.id}.{engine.extension}",
                engine.name,
                engine.voice,
                slow,
                round(seconds, 2),
                phrase.personal,
                note,
            )
        )
    return made


def playlist(items: Sequence[Clip]) -> str:
    lines = ["#EXTM3U", "#PLAYLIST:callprep"]
    for clip in items:
        lines.append(f"#EXTINF:{round(clip.duration)},{clip.ru} — {clip.translation}")
        lines.append(clip.file)
    return "\n".join(lines) + "\n"


def manifest(items: Sequence[Clip], context: dict) -> str:
    data = {"callprep": __version__, **context, "clips": [asdict(clip) for clip in items]}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def folder_entries(
    results: Sequence[Spoken], items: Sequence[Clip], context: dict, prefix: str = ""
) -> dict[str, Path | str]:
    """The files of an audio folder: one per phrase, playlist.m3u8 and manifest.json."""
    entries: dict[str, Path | str] = {
        f"{prefix}{clip.file}": spoken.path for spoken, clip in zip(results, items, strict=True)
    }
    entries[f"{prefix}playlist.m3u8"] = playlist(items)
    entries[f"{prefix}manifest.json"] = manifest(items, context)
    return entries


def write_folder(
    folder: Path, results: Sequence[Spoken], items: Sequence[Clip], context: dict, force: bool, private: bool = False
) -> None:
    """Write the audio files, playlist.m3u8 and manifest.json; all or nothing (owner-only when ``private``)."""
    write_tree(folder, folder_entries(results, items, context), force=force, private=private)
