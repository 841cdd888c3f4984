"""Identifiers: an NHS number, a unique pupil number, a police or social care person
reference that an agency holds for a person. Each is checked (a mistyped one must never
join two children), stored in its normal form as its own record owned by the agency that
recorded it, and shared like any fact under the category its scheme implies
(`hub.domain.identifiers.CATEGORY`).

Entry point: `plan_identifier(ctx, IdentifierData)`, returning a Plan for `commit`.
`checked_identifiers` checks the identifiers sent with a person (`recordPerson`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from hub.domain.errors import InvalidInput
from hub.domain.identifiers import CATEGORY, SCHEMES, normalise, problem
from hub.services.context import RequestContext
from hub.services.recording.checks import (
    PEOPLE,
    at_most,
    choice,
    may_record,
    ref,
    required,
)
from hub.services.recording.core import Plan, Recorded, Write, params, planned, provenance

IDENTIFIERS_PER_PERSON = 8  # sent with one recordPerson


@dataclass
class IdentifierData:
    person_id: str
    scheme: str
    value: str
    client_ref: str | None = None


@dataclass
class NewIdentifierData:
    """An identifier sent with the person it belongs to (no person id yet)."""

    scheme: str
    value: str


def checked(ctx: RequestContext, scheme_in: str | None, value_in: str | None,
            where: str) -> tuple[str, str, str]:
    """(scheme, normal form, category) of one identifier, or InvalidInput naming the field;
    Forbidden when the caller's role may not record that category."""
    scheme = choice(scheme_in, tuple(SCHEMES), f"{where}scheme")
    raw = required(value_in, f"{where}value")
    wrong = problem(scheme, raw)
    if wrong is not None:
        raise InvalidInput(f"{where}value: {wrong}", field=f"{where}value")
    category = CATEGORY[scheme]
    may_record(ctx, category)
    return scheme, normalise(scheme, raw), category


def identifier_props(ctx: RequestContext, scheme: str, value: str, category: str,
                     client_ref: str | None = None) -> dict[str, Any]:
    return {**provenance(ctx, "idn", category, client_ref), "scheme": scheme, "value": value}


def checked_identifiers(ctx: RequestContext, given: Sequence[NewIdentifierData] | None,
                        where: str = "input.identifiers") -> list[dict[str, Any]]:
    """The identifiers sent with a new person, each checked, as the records to write with it
    (`props` of the Identifier and `rel` of its HAS_IDENTIFIER link)."""
    if not given:
        return []
    at_most(given, IDENTIFIERS_PER_PERSON, where)
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for i, one in enumerate(given):
        scheme, value, category = checked(ctx, one.scheme, one.value, f"{where}[{i}].")
        if (scheme, value) in seen:
            raise InvalidInput(f"{where}[{i}]: this identifier is already named",
                               field=f"{where}[{i}].value")
        seen.add((scheme, value))
        out.append({"props": identifier_props(ctx, scheme, value, category),
                    "rel": provenance(ctx, "rel", category)})
    return out


async def plan_identifier(ctx: RequestContext, data: IdentifierData) -> Plan:
    scheme, value, category = checked(ctx, data.scheme, data.value, "input.")
    person = ref(data.person_id, "input.personId", PEOPLE)
    props = identifier_props(ctx, scheme, value, category, data.client_ref)
    write = Write("record_identifier", params(ctx, props, person_id=person.raw_id,
                                              rel=provenance(ctx, "rel", category)),
                  label="Identifier", client_ref=props.get("client_ref"),
                  subjects=(person.raw_id,))
    plan = await planned(ctx, write, person)
    if isinstance(plan, Recorded):
        return plan
    # The same agency recording the same identifier for the same person again changes
    # nothing: the one it holds is the answer.
    held = await ctx.store.run_one("identifier_held", {
        "person_id": person.raw_id, "scheme": scheme, "value": value, "owner": ctx.agency,
        "scopes": ctx.scopes})
    if held is not None:
        return Recorded(held["n"], False)
    return plan
