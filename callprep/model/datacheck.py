"""``check-data``: validate carrier files and flag facts that are due for a new check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from callprep.errors import N_, DataFileError, Message, Msg
from callprep.model import carriers

STALE_AFTER = dt.timedelta(days=365)


@dataclass
class FileReport:
    path: str
    facts: int = 0
    error: Message | None = None
    stale: list[Msg] = field(default_factory=list)
    skipped: bool = False  # not a carrier file (no id or names): its content is never shown


def check_files(files: list[tuple[str, str]], today: dt.date) -> list[FileReport]:
    """One report per file: the validation error, or the facts checked more than 12 months ago."""
    reports = []
    for path, text in files:
        report = FileReport(path)
        if not carriers.is_carrier_text(text):
            report.skipped = True
            reports.append(report)
            continue
        try:
            carrier = carriers.parse_carrier_file(path, text)
        except DataFileError as exc:
            report.error = exc.message
        else:
            named = carrier.named_facts()
            report.facts = len(named)
            report.stale = [
                Msg(
                    N_("%(file)s: %(field)s: checked %(date)s, more than 12 months ago"),
                    file=path,
                    field=name,
                    date=fact.checked.isoformat(),
                )
                for name, fact in named
                if today - fact.checked > STALE_AFTER
            ]
        reports.append(report)
    return reports


def check_data(folder: Path | None, today: dt.date) -> list[FileReport]:
    files = carriers.builtin_files() if folder is None else carriers.folder_files(folder)
    if not files:
        raise DataFileError(Msg(N_("%(folder)s: no carrier files (*.toml) found"), folder=folder))
    return check_files(files, today)
