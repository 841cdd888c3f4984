"""The checks every recording makes on its input: text, dates, codes, lists and ids, each
refusal naming the field; and the one batched read that checks every id names a record the
caller may see."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hub.domain.errors import Forbidden, InvalidInput, NotFound
from hub.domain.ids import BadGlobalId, decode
from hub.graph.model import RECORD_KINDS, kind_of
from hub.graph.store import Row
from hub.services.context import RequestContext

NAME_LIMIT = 100  # names, towns, references, list items
TEXT_LIMIT = 4000  # summaries, findings, decisions, plans
LIST_LIMIT = 20  # push and pull factors, presenting factors, found-with
MAX_REFS = 50  # participants, concerns, actions
WEIGHTING_LIMIT = 4000
CLOCK_SKEW = timedelta(minutes=5)  # a partner's clock a little ahead is not "the future"
ADULT_AGE = 18
OLDEST_AGE = 120

PEOPLE = ("Child", "Adult")
CONTEXTS = ("Place", "School", "PeerGroup")


@dataclass(frozen=True)
class Ref:
    """An id from the input, decoded, with the field it came from."""

    field: str
    raw_id: str
    type_name: str


def may_record(ctx: RequestContext, category: str) -> None:
    """A caller records only what its own role may read back of its own agency's records."""
    if not ctx.access.allows(ctx.agency, category):
        raise Forbidden(f"your agency and role may not record {category.replace('_', ' ')} "
                        "information")


def required(value: str | None, name: str, limit: int = NAME_LIMIT) -> str:
    text = (value or "").strip()
    if not text:
        raise InvalidInput(f"{name} must not be empty", field=name)
    return limited(text, name, limit)


def optional(value: str | None, name: str, limit: int = NAME_LIMIT) -> str | None:
    if value is None or not value.strip():
        return None
    return limited(value.strip(), name, limit)


def limited(text: str, name: str, limit: int) -> str:
    if len(text) > limit:
        raise InvalidInput(f"{name} must be at most {limit} characters (it has {len(text)})",
                           field=name)
    return text


def choice(value: str | None, codes: Sequence[str], name: str) -> str:
    """One of a vocabulary's codes (any case), or a refusal listing them."""
    if value is not None:
        if value in codes:  # as the API and the importer send them: no folding needed
            return value
        for code in codes:
            if value.strip().lower() == code.lower():
                return code
    raise InvalidInput(f"{name} must be one of: {', '.join(codes)}", field=name)


def optional_choice(value: str | None, codes: Sequence[str], name: str) -> str | None:
    return None if value is None else choice(value, codes, name)


def texts(values: list[str] | None, name: str) -> list[str] | None:
    if not values:
        return None  # an empty list is stored as no list: not every store can hold one
    at_most(values, LIST_LIMIT, name)
    return [required(v, f"{name}[{i}]", NAME_LIMIT) for i, v in enumerate(values)]


def at_most(values: Sequence[Any], limit: int, name: str) -> None:
    if len(values) > limit:
        raise InvalidInput(f"{name} may hold at most {limit} items (it has {len(values)})",
                           field=name)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def stamp() -> str:
    return now().isoformat()


def moment(value: str, name: str | None = None) -> datetime:
    """A stored date or date-time as a moment; a bare date is its midnight."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        where = name or "a date"
        raise InvalidInput(f"{where} is not a date or date-time (YYYY-MM-DD or "
                           "YYYY-MM-DDTHH:MM:SS)", field=name) from None


def day(value: str | None, name: str) -> str | None:
    """A calendar date as YYYY-MM-DD, checked."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except (TypeError, ValueError):
        raise InvalidInput(f"{name} is not a date (YYYY-MM-DD)", field=name) from None


def not_future_time(value: str, name: str) -> datetime:
    when = moment(value, name)
    if when > now() + CLOCK_SKEW:
        raise InvalidInput(f"{name} must not be in the future", field=name)
    return when


def not_future_day(value: str | None, name: str, today: date | None = None) -> str | None:
    checked = day(value, name)
    if checked is not None and date.fromisoformat(checked) > (today or now().date()):
        raise InvalidInput(f"{name} must not be in the future", field=name)
    return checked


def in_order(earlier: str | None, later: str | None, later_name: str, earlier_name: str) -> None:
    if earlier is not None and later is not None and moment(later) < moment(earlier):
        raise InvalidInput(f"{later_name} must not be before {earlier_name}", field=later_name)


def age(born: date, today: date, name: str) -> int:
    if born > today:
        raise InvalidInput(f"{name} must not be in the future", field=name)
    years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    if years > OLDEST_AGE:
        raise InvalidInput(f"{name} is more than {OLDEST_AGE} years ago", field=name)
    return years


def number(value: float | None, name: str, low: float, high: float) -> float | None:
    if value is None:
        return None
    if not math.isfinite(value) or not low <= value <= high:
        raise InvalidInput(f"{name} must be between {low:g} and {high:g}", field=name)
    return value


def weighting(raw: str | None) -> str | None:
    """The weights as canonical JSON, so the same weights always read the same."""
    name = "input.weighting"
    if raw is None or not raw.strip():
        return None
    limited(raw, name, WEIGHTING_LIMIT)
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput(f"{name} is not valid JSON: {exc}", field=name) from None
    except RecursionError:
        raise InvalidInput(f"{name} is nested too deeply: send a flat JSON object of numbers",
                           field=name) from None
    if not isinstance(parsed, dict) or not parsed:
        raise InvalidInput(f'{name} must be a JSON object of numbers, like {{"incidents": 0.5}}',
                           field=name)
    for key, value in parsed.items():
        if not key.strip() or len(key) > NAME_LIMIT:
            raise InvalidInput(f"{name}: every factor needs a name of 1 to {NAME_LIMIT} "
                               "characters", field=name)
        is_number = isinstance(value, int | float) and not isinstance(value, bool)
        if not is_number or not math.isfinite(value):
            raise InvalidInput(f"{name}: the weight of {key!r} must be a number", field=name)
    return json.dumps(parsed, sort_keys=True, separators=(",", ":"))


# ---------------------------------------------------------------- ids and what the caller sees

def ref(value: str | None, name: str, kinds: tuple[str, ...]) -> Ref:
    if value is None:
        raise InvalidInput(f"{name} is required", field=name)
    try:
        type_name, raw_id = decode(value)
    except BadGlobalId:
        raise InvalidInput(f"{name} is not a valid id", field=name) from None
    if type_name not in RECORD_KINDS:
        raise InvalidInput(f"{name} is not a valid id", field=name)
    if type_name not in kinds:
        raise InvalidInput(f"{name} must be the id of a {' or '.join(kinds)}, not of a "
                           f"{type_name}", field=name)
    return Ref(name, raw_id, type_name)


def ref_or_none(value: str | None, name: str, kinds: tuple[str, ...]) -> Ref | None:
    return None if value is None else ref(value, name, kinds)


def distinct(refs: list[Ref], what: str) -> list[Ref]:
    seen: set[str] = set()
    for one in refs:
        if one.raw_id in seen:
            raise InvalidInput(f"{one.field}: this {what} is already named", field=one.field)
        seen.add(one.raw_id)
    return refs


async def visible(ctx: RequestContext, refs: Sequence[Ref]) -> dict[str, Row]:
    """Every referenced record, if the caller may see it; else NotFound on the first that is
    missing or hidden, in the same words either way."""
    rows = await ctx.loaders.entities([one.raw_id for one in refs])
    found: dict[str, Row] = {}
    for one, row in zip(refs, rows, strict=True):
        kind = kind_of(row.get("_labels") or []) if row is not None else None
        if row is None or kind != one.type_name:
            raise NotFound(f"{one.field}: no record you may see has this id", field=one.field)
        found[one.raw_id] = row
    return found
