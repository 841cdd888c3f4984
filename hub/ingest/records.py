"""Partner rows read through a mapping into records: fields named as the hub names them.

Rows of a grouped layout (an incident with one row per participant) become one record when
they sit together in the file, as partner systems export them; the incident's own columns
must agree on every row of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hub.ingest.adapters import Record
from hub.ingest.mapping import FieldError, FileSpec
from hub.ingest.reader import BadRow, RawRow, rows


@dataclass(frozen=True)
class BadRecord:
    """A record refused before planning; every row of it goes to the rejects file."""

    line: int
    reason: str
    rows: list[tuple[int, str]]


def _fields(spec: FileSpec, raw: RawRow) -> tuple[dict[str, Any], dict[str, Any]]:
    """(record fields, link fields) of one row; FieldError naming the first bad column."""
    own: dict[str, Any] = {}
    link: dict[str, Any] = {}
    for column in spec.columns:
        if column.name not in raw.values:
            if column.required:
                raise FieldError(f"{column.name} is missing from this row")
            continue
        value = column.read(raw.values[column.name])
        target = link if spec.group_by and not column.group else own
        target[column.field] = value
    return own, link


def records(path: Path, spec: FileSpec, encoding: str) -> Iterator[Record | BadRecord]:
    """Each record of the file in order, good or bad, holding at most one group in memory."""
    group: Record | None = None
    group_bad: str | None = None

    def close() -> Iterator[Record | BadRecord]:
        if group is None:
            return
        if group_bad:
            yield BadRecord(group.line, group_bad, group.rows)
        else:
            yield group

    for item in rows(path, encoding):
        if isinstance(item, BadRow):  # unreadable: it cannot be placed in a group
            yield BadRecord(item.line, item.reason, [(item.line, item.text)])
            continue
        ref_raw = item.values.get(spec.ref)
        ref = str(ref_raw).strip() if ref_raw is not None else ""
        try:
            if not ref:
                raise FieldError(f"{spec.ref} (the record reference) is empty")
            own, link = _fields(spec, item)
            problem = None
        except FieldError as exc:
            own, link, problem = {}, {}, f"line {item.line}: {exc}"
        if not spec.group_by:
            if problem:
                yield BadRecord(item.line, problem, [(item.line, item.text)])
            else:
                yield Record(ref, item.line, own, [], [(item.line, item.text)])
            continue
        if group is not None and group.ref == ref:
            group.rows.append((item.line, item.text))
            if problem and not group_bad:
                group_bad = problem
            elif not problem and not group_bad:
                for key, value in own.items():
                    if group.fields.get(key) != value:
                        column = next(c.name for c in spec.columns if c.field == key)
                        group_bad = (f"line {item.line}: {column} is {value!r} here but "
                                     f"{group.fields.get(key)!r} on line {group.line} of the "
                                     "same record")
                        break
                group.links.append(link)
            continue
        yield from close()
        group = Record(ref or f"line {item.line}", item.line, own, [link] if not problem else [],
                       [(item.line, item.text)])
        group_bad = problem
    yield from close()
