"""Matching a person on arrival against the people the hub already holds.

`record_person` is `recordPerson`: it plans the person as the recording service does, then
asks whether the hub already holds them before anything is written:

1. candidates come from the store, found by a shared identifier (any scheme, valid) and by
   the model's blocking keys (date of birth, name with its short forms, year of birth with
   the given or family name), among every agency's records: matching sees what the hub
   holds, so a child is joined across agencies whoever recorded them;
2. each candidate is scored by the shipped splink model (`hub.linkage.pairs`) and decided
   by `hub.linkage.decide` (identifiers decisive, twins never linked automatically);
3. the caller is told of a likely match, and nothing is written, when a candidate THEY MAY
   SEE is at or above the review threshold, unless they send `confirmNew: true`. What the
   caller is shown is decided again with only the identifiers they may see, so a hidden
   identifier never shows through a reason or an outcome; a candidate they may not see is
   not shown at all (nor counted);
4. once the person is written, a pair decided "link" is linked (a SAME_PERSON link) and a
   pair decided "review" is queued for a MASH or IG decision (`hub.services.linking`),
   whether or not the caller may see the other record. These are the hub's own changes,
   audited as made by the linkage on the caller's request.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass, field
from typing import Any

from hub.linkage.decide import Decision, Thresholds, decide
from hub.linkage.nicknames import GROUPS
from hub.linkage.pairs import PairScorer, waterfall
from hub.linkage.records import valid_identifiers
from hub.services.access import ALL_SCOPES
from hub.services.context import RequestContext
from hub.services.recording.core import Recorded, Write, commit
from hub.services.recording.people import PersonData, plan_person

CANDIDATE_LIMIT = 200  # per blocking key: a county holds a few dozen children per birthday
SHOWN_LIMIT = 10  # likely matches shown to the recorder


@dataclass
class Candidate:
    """A held record compared with the arrival: the hub's decision and, if the caller may
    see the record, the caller's (made with only the identifiers they may see)."""

    row: dict[str, Any]
    decision: Decision
    shown: dict[str, Any] | None = None  # the record as the caller's loaders return it
    caller_decision: Decision | None = None
    waterfall: list[tuple[str, str, float]] = field(default_factory=list)


@dataclass
class Matching:
    candidates: list[Candidate]

    def likely(self) -> list[Candidate]:
        """What the recorder is told: candidates they may see that reach review or link."""
        found = [c for c in self.candidates if c.shown is not None and c.caller_decision
                 is not None and c.caller_decision.outcome in ("link", "review")]
        found.sort(key=lambda c: (-_weight(c.caller_decision), c.row["id"]))
        return found[:SHOWN_LIMIT]


@dataclass
class PersonOutcome:
    recorded: Recorded | None  # None: not written, a likely match was answered instead
    likely: list[Candidate]
    links: int = 0
    reviews: int = 0


def thresholds(ctx: RequestContext) -> Thresholds:
    return Thresholds(link=ctx.settings.link_threshold, review=ctx.settings.review_threshold)


@functools.cache
def scorer(population: int) -> PairScorer:
    """One scorer per process and population (its DuckDB connection and cached SQL)."""
    return PairScorer(population=population or None)


async def record_person(ctx: RequestContext, data: PersonData,
                        confirm_new: bool = False) -> PersonOutcome:
    """Record a person unless the caller may see a likely match for them (see the module)."""
    plan = await plan_person(ctx, data)
    if isinstance(plan, Recorded):  # the same clientRef again: nothing new arrives
        return PersonOutcome(plan, [])
    matching = await match(ctx, arriving(plan))
    likely = matching.likely()
    if likely and not confirm_new:
        return PersonOutcome(None, likely)
    done = await commit(ctx, plan)
    from hub.services.linking import act_on_matching  # linking builds on this module

    links, reviews = await act_on_matching(ctx, done.row, matching)
    return PersonOutcome(done, likely, links, reviews)


def arriving(plan: Write) -> dict[str, Any]:
    """The planned person in the form the matcher compares (its identifiers included)."""
    props = plan.params["props"]
    ids = {x["props"]["scheme"]: x["props"]["value"] for x in plan.params.get("identifiers", [])}
    return {**props, "identifiers": ids}


def linkage_record(row: dict[str, Any], identifiers: dict[str, str]) -> dict[str, Any]:
    return {"record_id": row["id"], "agency": row.get("owner"),
            "given_name": row.get("given_name"), "family_name": row.get("family_name"),
            "dob": row.get("dob"), "gender": row.get("gender"), "postcode": None,
            "town": row.get("town"), "identifiers": identifiers}


async def match(ctx: RequestContext, person: dict[str, Any]) -> Matching:
    """Every held record that the model would compare with `person`, scored and decided."""
    everything = sorted(ALL_SCOPES)
    own_ids = valid_identifiers(person)
    held: dict[str, dict[str, Any]] = {
        row["p"]["id"]: row["p"]
        for row in await ctx.store.run("linkage_candidates", {
            **blocking_params(person), "scopes": everything, "limit": CANDIDATE_LIMIT})}
    if own_ids:
        keys = [{"scheme": s, "value": v} for s, v in sorted(own_ids.items())]
        for row in await ctx.store.run("linkage_identifier_holders",
                                       {"keys": keys, "scopes": everything}):
            held.setdefault(row["p"]["id"], row["p"])
    held.pop(person["id"], None)
    if not held:
        return Matching([])
    all_ids: dict[str, dict[str, str]] = {pid: {} for pid in held}
    seen_ids: dict[str, dict[str, str]] = {pid: {} for pid in held}
    for row in await ctx.store.run("linkage_identifiers_of",
                                   {"ids": sorted(held), "scopes": everything}):
        ident = {row["scheme"]: row["value"]}
        if valid_identifiers({"identifiers": ident}):
            all_ids[row["person"]].update(ident)
            if row["scope"] in ctx.scopes and row["link_scope"] in ctx.scopes:
                seen_ids[row["person"]].update(ident)
    visible = dict(zip(held, await ctx.loaders.entity.load_many(list(held)), strict=True))
    records = [linkage_record(row, all_ids[pid]) for pid, row in held.items()]
    me = linkage_record(person, own_ids)
    scored = await asyncio.to_thread(scorer(ctx.settings.link_population).score, me, records)
    limits = thresholds(ctx)
    candidates: list[Candidate] = []
    for one in scored:
        decision = decide(one.row, own_ids, all_ids[one.record_id], limits)
        shown = visible.get(one.record_id)
        caller = decide(one.row, own_ids, seen_ids[one.record_id], limits) if shown else None
        if decision.outcome == "apart" and (caller is None or caller.outcome == "apart"):
            continue
        candidates.append(Candidate(held[one.record_id], decision, shown, caller,
                                    waterfall(one.row)))
    candidates.sort(key=lambda c: (-_weight(c.decision), c.row["id"]))
    return Matching(candidates)


def blocking_params(person: dict[str, Any]) -> dict[str, Any]:
    """The model's blocking keys as the store's indexes can use them (`name_lc`, `dob`)."""
    given = (person.get("given_name") or "").strip().lower()
    family = (person.get("family_name") or "").strip().lower()
    forms = _forms(given)
    names = sorted({f"{g} {family}" for g in forms} | {f"{family} {given}"})
    dob = person.get("dob")
    year = dob[:4] if isinstance(dob, str) and len(dob) >= 4 else None
    return {"dob": dob, "names": names, "prefixes": sorted(f"{g} " for g in forms),
            "suffix": f" {family}" if family else "\u0000",
            "year_from": f"{year}-01-01" if year else None,
            "year_to": f"{year}-12-31" if year else None}


@functools.cache
def _groups() -> dict[str, tuple[str, ...]]:
    return {form.lower(): tuple(f.lower() for f in group) for group in GROUPS for form in group}


def _forms(given: str) -> tuple[str, ...]:
    """A given name and every form it is known by (Alex, Alexander, Xander)."""
    return _groups().get(given, (given,)) if given else ()


def _weight(decision: Decision | None) -> float:
    return decision.match_weight if decision is not None else float("-inf")
