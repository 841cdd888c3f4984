"""Plain data in: the service inputs are dataclasses of plain values, built from mappings.

A resolver turns its GraphQL input into plain data (`from_data(PersonData, values)`), and so
does the bulk importer from a row of an extract: both then meet the same checks. Field names
in errors are the API's (camelCase, `input.participants[1].personId`).
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from hub.domain.errors import InvalidInput

T = TypeVar("T")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def from_data(cls: type[T], data: Mapping[str, Any], where: str = "input") -> T:
    """A `cls` from a mapping of its fields (snake_case or camelCase keys), nested dataclasses
    and lists of them included; InvalidInput naming the field for anything else."""
    if not isinstance(data, Mapping):
        raise InvalidInput(f"{where} must be an object of fields", field=where)
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    by_key = {**{camel(n): n for n in fields}, **{n: n for n in fields}}
    values: dict[str, Any] = {}
    for key, value in data.items():
        name = by_key.get(key)
        if name is None:
            raise InvalidInput(f"{where}.{key} is not a field here", field=f"{where}.{key}")
        values[name] = _convert(hints[name], value, f"{where}.{camel(name)}")
    for name, f in fields.items():
        required = (f.default is dataclasses.MISSING
                    and f.default_factory is dataclasses.MISSING)
        if required and values.get(name) is None:
            raise InvalidInput(f"{where}.{camel(name)} is required", field=f"{where}.{camel(name)}")
    return cls(**values)


def _convert(hint: Any, value: Any, where: str) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(hint) if a is not type(None)]
        return _convert(inner[0], value, where) if len(inner) == 1 else value
    if origin is list:
        if not isinstance(value, list | tuple):
            raise InvalidInput(f"{where} must be a list", field=where)
        (item,) = typing.get_args(hint)
        return [_convert(item, v, f"{where}[{i}]") for i, v in enumerate(value)]
    if dataclasses.is_dataclass(hint):
        return from_data(hint, value, where)  # type: ignore[arg-type]
    if hint is str and not isinstance(value, str):
        raise InvalidInput(f"{where} must be text", field=where)
    if hint is bool and not isinstance(value, bool):
        raise InvalidInput(f"{where} must be true or false", field=where)
    if hint is float and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise InvalidInput(f"{where} must be a number", field=where)
    return float(value) if hint is float else value
