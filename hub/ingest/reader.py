"""Reading an extract a row at a time, whatever its size: CSV or JSON Lines, with line numbers.

Nothing is read ahead beyond one line, so memory stays flat for any file. A line that is not
valid in the mapping's encoding, a CSV row with too few or too many fields, a JSON line that
does not parse, and a last line cut off mid-record each become a `BadRow` naming the line and
what is wrong, and reading goes on with the next line.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class ExtractError(ValueError):
    """The file as a whole cannot be read (its encoding, its header); nothing was imported."""


@dataclass(frozen=True)
class RawRow:
    line: int
    values: dict[str, Any]
    text: str  # the row as it was sent, for the rejects file


@dataclass(frozen=True)
class BadRow:
    line: int
    reason: str
    text: str


def file_format(path: Path) -> str:
    name = path.name.lower()
    if name.endswith((".jsonl", ".ndjson", ".jsonl.part")):
        return "jsonl"
    if name.endswith((".csv", ".csv.part")):
        return "csv"
    raise ExtractError(f"{path.name}: send CSV (.csv) or JSON Lines (.jsonl)")


def _lines(handle: IO[bytes], encoding: str) -> Iterator[tuple[int, str, str | None]]:
    """(line number, text, encoding problem or None) for each physical line."""
    for number, raw in enumerate(handle, start=1):
        if number == 1:
            if raw.startswith(UTF16_BOMS):
                raise ExtractError("the file is UTF-16; save it as UTF-8 (or as the mapping's "
                                   f"encoding, {encoding}) and send it again")
            if raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8):]
        try:
            yield number, raw.decode(encoding), None
        except UnicodeDecodeError as exc:
            problem = (f"line {number} is not valid {encoding} (byte 0x{raw[exc.start]:02x} at "
                       f"position {exc.start + 1}); save the file as {encoding}")
            yield number, raw.decode(encoding, errors="replace"), problem


def read_header(path: Path, encoding: str) -> list[str] | None:
    """The column names of a CSV, or the keys of a JSON Lines file's first row."""
    with path.open("rb") as handle:
        for _, text, problem in _lines(handle, encoding):
            if problem:
                raise ExtractError(f"the header {problem.removeprefix('line 1 ')}")
            if not text.strip():
                continue
            if file_format(path) == "csv":
                return [c.strip() for c in next(csv.reader([text]))]
            try:
                first = json.loads(text)
            except ValueError:
                return None
            return list(first) if isinstance(first, dict) else None
    return None


def rows(path: Path, encoding: str) -> Iterator[RawRow | BadRow]:
    """Every row of the extract in order, good or bad."""
    if file_format(path) == "csv":
        yield from _csv_rows(path, encoding)
    else:
        yield from _jsonl_rows(path, encoding)


def _jsonl_rows(path: Path, encoding: str) -> Iterator[RawRow | BadRow]:
    with path.open("rb") as handle:
        for number, text, problem in _lines(handle, encoding):
            shown = text.rstrip("\r\n")
            if not shown.strip():
                continue
            if problem:
                yield BadRow(number, problem, shown)
                continue
            try:
                value = json.loads(shown)
            except json.JSONDecodeError as exc:
                cut = not text.endswith("\n")
                reason = (f"line {number} is cut off (the file ends in the middle of it)" if cut
                          else f"line {number} is not valid JSON: {exc.msg}")
                yield BadRow(number, reason, shown)
                continue
            if not isinstance(value, dict):
                yield BadRow(number, f"line {number} is not a JSON object", shown)
                continue
            yield RawRow(number, value, shown)


def _csv_rows(path: Path, encoding: str) -> Iterator[RawRow | BadRow]:
    problems: dict[int, str] = {}
    ended_cleanly = [True]
    physical: list[str] = []

    with path.open("rb") as handle:
        def feed() -> Iterator[str]:
            for number, text, problem in _lines(handle, encoding):
                if problem:
                    problems[number] = problem
                ended_cleanly[0] = text.endswith("\n")
                physical.append(text)
                yield text

        reader = csv.reader(feed())
        try:
            header = [c.strip() for c in next(reader)]
        except StopIteration:
            return
        if 1 in problems:
            raise ExtractError(f"the header {problems[1].removeprefix('line 1 ')}")
        physical.clear()
        start = reader.line_num + 1
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                text = "".join(physical).rstrip("\r\n")
                physical.clear()
                yield BadRow(start, f"line {start} is not valid CSV: {exc}", text)
                start = reader.line_num + 1
                continue
            end = reader.line_num
            text = "".join(physical).rstrip("\r\n")
            physical.clear()
            line, start = start, end + 1
            if not fields or (len(fields) == 1 and not fields[0].strip()):
                continue
            bad = next((problems.pop(n) for n in range(line, end + 1) if n in problems), None)
            if bad:
                yield BadRow(line, bad, text)
            elif len(fields) != len(header):
                # Only the file's last line can lack its line end.
                if not ended_cleanly[0] and len(fields) < len(header):
                    yield BadRow(line, f"line {line} is cut off (the file ends in the middle "
                                       "of it)", text)
                else:
                    yield BadRow(line, f"line {line} has {len(fields)} fields; the header has "
                                       f"{len(header)}", text)
            else:
                yield RawRow(line, dict(zip(header, fields, strict=True)), text)

