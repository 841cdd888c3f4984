"""What one import run did, saved beside the run: counts, rejected lines and why, and the
rejected rows themselves in a file the partner can correct and send again."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

MAX_LISTED = 200  # rejected lines listed in the report itself; all are in the reasons file


@dataclass
class FileReport:
    """One file of a run."""

    file: str
    layout: str
    kind: str
    sha256: str = ""
    rows_read: int = 0
    records: int = 0
    created: int = 0
    unchanged: int = 0
    corrected: int = 0
    rejected: int = 0
    held_back: int = 0
    held_back_reason: str | None = None
    notes: list[str] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)
    rejects_file: str | None = None
    reasons_file: str | None = None
    seconds: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        text = (f"{self.file} ({self.layout}): {self.rows_read} rows read, {self.created} created, "
                f"{self.unchanged} unchanged, {self.corrected} corrected, {self.rejected} "
                f"rejected")
        if self.held_back:
            text += f", {self.held_back} held back"
        return text + f" in {self.seconds:.1f}s ({self.rows_per_second:,.0f} rows/s)"


@dataclass
class RunReport:
    run: str
    source: str
    system: str
    agency: str
    actor: str
    started_at: str
    status: str = "running"
    finished_at: str | None = None
    files: list[FileReport] = field(default_factory=list)
    error: str | None = None

    def totals(self) -> dict[str, int]:
        keys = ("rows_read", "created", "unchanged", "corrected", "rejected", "held_back")
        return {k: sum(getattr(f, k) for f in self.files) for k in keys}

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["totals"] = self.totals()
        return data

    def save(self, folder: Path) -> Path:
        path = folder / "report.json"
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.as_dict(), indent=2) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


class Rejects:
    """The rejected rows of one file, as sent (header first), and a reasons file beside them."""

    def __init__(self, folder: Path, source: Path, header_line: str | None) -> None:
        self.path = folder / f"rejected-{source.name}"
        self.reasons_path = folder / f"rejected-{source.stem}.reasons.csv"
        self._rows: IO[str] | None = None
        self._reasons: Any = None
        self._reasons_file: IO[str] | None = None
        self._header = header_line
        self._written = 1 if header_line is not None else 0

    def add(self, line: int, reason: str, rows: list[tuple[int, str]]) -> None:
        if self._rows is None:
            self._rows = self.path.open("w", encoding="utf-8", newline="")
            if self._header is not None:
                self._rows.write(self._header + "\n")
            self._reasons_file = self.reasons_path.open("w", encoding="utf-8", newline="")
            self._reasons = csv.writer(self._reasons_file)
            self._reasons.writerow(["line_in_extract", "line_in_rejects_file", "reason"])
        for number, text in rows:
            self._written += 1
            self._rows.write(text + "\n")
            self._reasons.writerow([number, self._written, reason])

    @property
    def used(self) -> bool:
        return self._rows is not None

    def close(self) -> None:
        for handle in (self._rows, self._reasons_file):
            if handle is not None:
                handle.close()
