"""What a partner's columns mean: per-source mapping files (TOML, data not code), read and checked.

A mapping names the partner system (`system`, stored as each record's `source`), the agency
that owns what it sends, and one `[[file]]` per layout the system exports: which files it is
(`match`, globs on the file name), the kind of record each row is (`person`, `incident`, …),
the column holding the partner's own record reference (`ref`), and what each column means.
A column maps to a field, with a type (`text`, `date`, `datetime`, `enum`, `bool`, `number`,
`list`, `ref`) and the formats or codes the partner system writes.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import functools
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MAPPINGS = Path(__file__).parent / "mappings"
TYPES = ("text", "date", "datetime", "enum", "bool", "number", "list", "ref")
TRUE = {"y", "yes", "true", "1", "t"}
FALSE = {"n", "no", "false", "0", "f"}


class MappingError(ValueError):
    """A mapping file is wrong, or no mapping exists for the source named."""


class FieldError(ValueError):
    """One value in one row does not read as its column says; the message names the column."""


@dataclass(frozen=True)
class Column:
    """One partner column: the field it fills and how its text reads."""

    name: str
    field: str
    type: str = "text"
    required: bool = False
    format: str | None = None
    values: dict[str, str] = dataclasses.field(default_factory=dict)
    separator: str = ";"
    refers_to: str | None = None  # for `ref` (and `list` of refs): the kind referred to
    group: bool = False  # part of the grouped record (an incident), not of the row's link
    prefix: str = ""  # put before a reference that names no system (`hub:` for hub ids)

    def read(self, raw: Any) -> Any:
        """The column's value as the hub reads it; None when blank; FieldError when it is bad."""
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if self.required:
                raise FieldError(f"{self.name} is required and is empty")
            return None
        if self.type == "list":
            items = raw if isinstance(raw, list) else str(raw).split(self.separator)
            refs = [self._qualified(str(i).strip()) for i in items if str(i).strip()]
            return refs or None
        text = raw.strip() if isinstance(raw, str) else raw
        if self.type == "ref":
            return self._qualified(str(text))
        if self.type == "text":
            return str(text)
        if self.type == "date":
            return self._when(str(text), date_only=True)
        if self.type == "datetime":
            return self._when(str(text), date_only=False)
        if self.type == "enum":
            code = str(text)
            found = self.values.get(code, self.values.get(code.upper(), self.values.get(code.lower())))
            if found is None:
                known = ", ".join(sorted(self.values))
                raise FieldError(f"{self.name}: {code!r} is not one of the codes {known}")
            return found
        if self.type == "bool":
            if isinstance(text, bool):
                return text
            word = str(text).lower()
            if word in TRUE or word in FALSE:
                return word in TRUE
            raise FieldError(f"{self.name}: {text!r} is not yes or no")
        if self.type == "number":
            try:
                return float(text)
            except (TypeError, ValueError):
                raise FieldError(f"{self.name}: {text!r} is not a number") from None
        raise FieldError(f"{self.name}: unknown type {self.type}")  # pragma: no cover

    def write(self, value: Any) -> str:
        """The text a partner system would write for this hub value (`read` reverses it)."""
        if value is None:
            return ""
        if self.type == "list":
            return self.separator.join(self._unqualified(str(v)) for v in value)
        if self.type == "ref":
            return self._unqualified(str(value))
        if self.type in ("date", "datetime"):
            moment = datetime.fromisoformat(str(value))
            if self.format:
                return moment.strftime(self.format)
            return moment.date().isoformat() if self.type == "date" else moment.isoformat()
        if self.type == "enum":
            return next(code for code, hub in self.values.items() if hub == value)
        if self.type == "bool":
            return "Y" if value else "N"
        return str(value)

    def _unqualified(self, ref: str) -> str:
        return ref[len(self.prefix):] if self.prefix and ref.startswith(self.prefix) else ref

    def _qualified(self, ref: str) -> str:
        return ref if not self.prefix or ":" in ref else self.prefix + ref

    def _when(self, text: str, date_only: bool) -> str:
        return _when(text, self.format, date_only, self.name)


@functools.lru_cache(maxsize=8192)  # a grouped record repeats its date on every row
def _when(text: str, fmt: str | None, date_only: bool, name: str) -> str:
    try:
        moment = datetime.strptime(text, fmt) if fmt else datetime.fromisoformat(text)
    except ValueError:
        shown = fmt or ("YYYY-MM-DD" if date_only else "YYYY-MM-DDTHH:MM:SS")
        raise FieldError(f"{name}: {text!r} is not a date in the form {shown}") from None
    if date_only:
        return moment.date().isoformat()
    return moment.replace(tzinfo=None, microsecond=0).isoformat()


@dataclass(frozen=True)
class FileSpec:
    """One layout a partner system exports: which files, which kind of record, which columns."""

    name: str
    kind: str
    ref: str
    columns: tuple[Column, ...]
    match: tuple[str, ...] = ()
    group_by: str | None = None  # rows sharing this column are one record (an incident)

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def matches(self, path: Path) -> bool:
        return any(fnmatch.fnmatch(path.name.lower(), pattern.lower()) for pattern in self.match)


@dataclass(frozen=True)
class Mapping:
    """A partner source: its system name, owning agency and the layouts it sends."""

    source: str
    system: str
    agency: str
    title: str
    encoding: str
    files: tuple[FileSpec, ...]

    def spec_for(self, path: Path, header: list[str] | None = None) -> FileSpec:
        """The layout of a file: by its name, else by its columns; MappingError when neither."""
        named = [f for f in self.files if f.matches(path)]
        if len(named) == 1:
            return named[0]
        if header is not None:
            fits = [f for f in self.files if set(f.required) <= set(header)]
            if len(fits) == 1:
                return fits[0]
        names = "; ".join(f"{f.name} ({', '.join(f.match)})" for f in self.files)
        raise MappingError(f"{path.name}: cannot tell which {self.source} extract this is; "
                           f"name the file after one of: {names}")


def _column(name: str, raw: Any, where: str) -> Column:
    if isinstance(raw, str):
        raw = {"field": raw}
    if not isinstance(raw, dict) or "field" not in raw:
        raise MappingError(f"{where}: column {name} needs a field")
    kind = raw.get("type", "text")
    if kind not in TYPES:
        raise MappingError(f"{where}: column {name} has unknown type {kind!r} (one of {TYPES})")
    if kind == "enum" and not raw.get("values"):
        raise MappingError(f"{where}: column {name} is an enum and lists no values")
    return Column(name=name, field=str(raw["field"]), type=kind,
                  required=bool(raw.get("required", False)), format=raw.get("format"),
                  values={str(k): str(v) for k, v in (raw.get("values") or {}).items()},
                  separator=str(raw.get("separator", ";")), refers_to=raw.get("refers_to"),
                  group=bool(raw.get("group", False)), prefix=str(raw.get("prefix", "")))


def parse(text: str, source: str) -> Mapping:
    """A mapping from its TOML text; MappingError naming what is wrong."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError(f"mapping {source}: {exc}") from None
    for key in ("system", "agency", "file"):
        if key not in data:
            raise MappingError(f"mapping {source}: missing {key!r}")
    files = []
    for i, spec in enumerate(data["file"]):
        where = f"mapping {source}, file {spec.get('name', i)}"
        columns = tuple(_column(n, c, where) for n, c in (spec.get("columns") or {}).items())
        ref = spec.get("ref")
        if not ref or ref not in {c.name for c in columns}:
            raise MappingError(f"{where}: 'ref' must name one of its columns")
        files.append(FileSpec(name=str(spec["name"]), kind=str(spec["kind"]), ref=str(ref),
                              columns=columns, match=tuple(spec.get("match") or ()),
                              group_by=spec.get("group_by")))
    return Mapping(source=source, system=str(data["system"]), agency=str(data["agency"]),
                   title=str(data.get("title", source)), encoding=str(data.get("encoding", "utf-8")),
                   files=tuple(files))


def sources() -> list[str]:
    return sorted(p.stem for p in MAPPINGS.glob("*.toml"))


def load(source: str) -> Mapping:
    """The mapping shipped for `source`; MappingError listing the sources when unknown."""
    path = MAPPINGS / f"{source}.toml"
    if not source.isidentifier() or not path.is_file():
        raise MappingError(f"no mapping for source {source!r}; known sources: "
                           f"{', '.join(sources())}")
    return parse(path.read_text(encoding="utf-8"), source)
