"""What a POST /graphql body may hold, checked before strawberry sees it.

Every way a body can be wrong gets a sentence saying what to change: bytes that are not
UTF-8, JSON that is not an object, numbers too long to be a number, nesting deeper than
any input of the schema, fields of the wrong type, and strings holding a NUL or a lone
surrogate (refused as INVALID_INPUT naming the variable, like any bad argument).
"""

from __future__ import annotations

import json
from typing import Any

from strawberry.http import GraphQLRequestData

from hub.domain.errors import HubError, InvalidInput
from hub.domain.text import text_problem

MAX_JSON_DEPTH = 32  # the deepest input object of the schema is 3 levels; JSON scalars are strings
MAX_NUMBER_DIGITS = 40  # more than any Int or Float the schema takes


class BadBody(HubError):
    """The body is not a GraphQL-over-HTTP request at all: answered 400."""

    code = "BAD_REQUEST"


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise BadBody(f"a number in the body has {len(text.lstrip('-'))} digits; "
                      f"numbers may have at most {MAX_NUMBER_DIGITS}")
    return int(text)


def _decimal(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 10:
        raise BadBody(f"a number in the body has {len(text)} characters; numbers may have at "
                      f"most {MAX_NUMBER_DIGITS} digits")
    return float(text)


def _constant(name: str) -> None:
    raise BadBody(f"the body is not valid JSON: {name} is not a JSON number")


def _path(parts: list[str | int]) -> str:
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _check_values(root: Any, prefix: str) -> None:
    """Depth and text rules over one JSON value, without recursion (it may be very deep)."""
    stack: list[tuple[Any, list[str | int]]] = [(root, [])]
    while stack:
        value, parts = stack.pop()
        if len(parts) > MAX_JSON_DEPTH:
            raise BadBody(f"{prefix} is nested more than {MAX_JSON_DEPTH} levels deep",
                          field=_path([prefix, *parts[:MAX_JSON_DEPTH]]))
        if isinstance(value, str):
            if (problem := text_problem(value)) is not None:
                field = _path(parts) if parts else prefix
                where = f"variable ${field}" if prefix == "variables" and parts else prefix
                raise InvalidInput(f"{where} {problem}; remove it and send the request again",
                                   field=field)
        elif isinstance(value, dict):
            for key, item in value.items():
                if (problem := text_problem(key)) is not None:
                    raise InvalidInput(f"a key in {prefix} {problem}", field=_path([prefix, *parts]))
                stack.append((item, [*parts, key]))
        elif isinstance(value, list):
            stack.extend((item, [*parts, index]) for index, item in enumerate(value))


def parse_body(raw: bytes) -> GraphQLRequestData:
    """The request a POST body asks for, or BadBody / InvalidInput saying what is wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadBody(f"the body is not valid UTF-8 (byte {exc.start}): send JSON encoded "
                      "as UTF-8") from None
    try:
        data = json.loads(text, parse_int=_integer, parse_float=_decimal,
                          parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise BadBody(f"the body is not valid JSON: {exc.msg} at line {exc.lineno} "
                      f"column {exc.colno}") from None
    except RecursionError:
        raise BadBody(f"the body is nested too deeply (at most {MAX_JSON_DEPTH} levels)") from None
    if not isinstance(data, dict):
        raise BadBody('the body must be a JSON object like {"query": "{ me { agency } }"}, '
                      f"not {type(data).__name__ if data is not None else 'null'}")
    query = data.get("query")
    variables = data.get("variables")
    operation_name = data.get("operationName")
    extensions = data.get("extensions")
    if query is not None and not isinstance(query, str):
        raise BadBody("the body's query must be a string holding the GraphQL document",
                      field="query")
    if variables is not None and not isinstance(variables, dict):
        raise BadBody("the body's variables must be a JSON object of name to value",
                      field="variables")
    if operation_name is not None and not isinstance(operation_name, str):
        raise BadBody("the body's operationName must be a string naming an operation",
                      field="operationName")
    if extensions is not None and not isinstance(extensions, dict):
        raise BadBody("the body's extensions must be a JSON object", field="extensions")
    if query is not None and (problem := text_problem(query)) is not None:
        raise InvalidInput(f"the query {problem}; remove it and send the request again",
                           field="query")
    if operation_name is not None and (problem := text_problem(operation_name)) is not None:
        raise InvalidInput(f"operationName {problem}", field="operationName")
    if variables:
        _check_values(variables, "variables")
    if extensions:
        _check_values(extensions, "extensions")
    return GraphQLRequestData(query=query, variables=variables, operation_name=operation_name,
                              extensions=extensions, protocol="http")
