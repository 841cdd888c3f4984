"""One child across agencies: SAME_PERSON links, the review queue, exact identifier search.

A link joins two agencies' records of one child; it never merges them: each record keeps
its owner, category and facts, and the joined person a caller sees is the records they may
see, walked from one to the next (`linked_records`). Links and review items belong to no
agency (owner "hub", category "linkage", a scope no caller holds), so no generic read or
traversal ever sees one; the statements here show one only when the caller may see both
records, and every record shown is loaded through the caller's own loaders (agreements,
need to know and consent).

What a caller is told about a pair (its reasons) is decided again with only the
identifiers that caller may see, so a hidden identifier never shows through a reason.

Who decides: an information governance lead (`ig_lead`), or a practitioner, analyst or
panel member working for the MASH (purpose `mash`). Every link, confirmation, rejection
and unlink is an audited change, written with its audit entry in one statement. Links and
reviews made when a person arrives are the linkage's own changes, attributed to the
system on the recorder's request.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, replace
from typing import Any

from hub.domain.errors import Conflict, Forbidden, InvalidInput, NotFound
from hub.domain.ids import BadGlobalId, decode
from hub.graph.model import LINKAGE_CATEGORY, LINKAGE_OWNER, scope_of
from hub.graph.store import Row
from hub.linkage.decide import Decision, Evidence, decide
from hub.linkage.records import valid_identifiers
from hub.services.access import ALL_SCOPES
from hub.services.context import RequestContext
from hub.services.loaders import Loaders
from hub.services.matching import Candidate, Matching, thresholds
from hub.services.recording.checks import TEXT_LIMIT, now, optional, required, stamp
from hub.services.recording.core import Write, commit

REVIEW_ROLES = frozenset({"ig_lead"})
MASH_ROLES = frozenset({"practitioner", "analyst", "panel_member"})
MASH_PURPOSE = "mash"
STATUSES = ("open", "confirmed", "rejected", "unlinked")
MAX_HOPS = 8  # a joined person is a handful of records; a longer chain is a data problem
# Review items one arrival may queue, strongest first: a reviewer works a handful of
# candidates per child, and hundreds of look-alikes (one common name, no date of birth)
# would each cost an audited write while every other write waits.
MAX_REVIEWS_PER_ARRIVAL = 10
SEARCH_LIMIT = 50


def may_review(ctx: RequestContext) -> bool:
    roles = set(getattr(ctx.principal, "roles", ()) or ())
    return bool(roles & REVIEW_ROLES) or (
        ctx.access.purpose == MASH_PURPOSE and bool(roles & MASH_ROLES))


def require_reviewer(ctx: RequestContext, what: str) -> None:
    if not may_review(ctx):
        raise Forbidden(f"{what} is for an IG lead (ig_lead role), or a practitioner, analyst "
                        "or panel member working for the MASH (purpose mash)")


def linkage_provenance(prefix: str) -> dict[str, Any]:
    return {"id": f"{prefix}_{uuid.uuid4().hex}", "owner": LINKAGE_OWNER,
            "category": LINKAGE_CATEGORY, "scope": scope_of(LINKAGE_OWNER, LINKAGE_CATEGORY),
            "source": "hub", "recorded_at": stamp()}


def system_context(ctx: RequestContext) -> RequestContext:
    """The linkage acting on a caller's request: every scope (it links whatever the hub
    holds) and no principal (its changes are the system's, not the recorder's)."""
    return replace(ctx, principal=None, loaders=Loaders(ctx.store, sorted(ALL_SCOPES)),
                   _glass_loaders=None)


# ---------------------------------------------------------------- the scored pair, kept

def scored_json(decision: Decision) -> str:
    """What a pair's evidence is, kept with its link or review item to be decided again for
    each reader: the comparisons' levels, the weight, each comparison's part."""
    return json.dumps({
        "match_weight": decision.match_weight, "match_probability": decision.probability,
        "levels": {e.comparison: e.level for e in decision.evidence},
        "evidence": [[e.comparison, e.level, e.weight] for e in decision.evidence],
    }, sort_keys=True)


def scored_row(text: str | None) -> dict[str, Any]:
    loaded = json.loads(text) if text else {}
    return {"match_weight": loaded.get("match_weight", float("-inf")),
            "match_probability": loaded.get("match_probability", 0.0),
            **(loaded.get("levels") or {}),
            "evidence": [Evidence(c, lv, w) for c, lv, w in loaded.get("evidence") or []]}


# ---------------------------------------------------------------- on arrival

async def act_on_matching(ctx: RequestContext, person: Row, matching: Matching) -> tuple[int, int]:
    """Link the new record to the held ones decided "link", queue those decided "review".
    Returns how many of each were written (whoever may see them).

    A link is made only if it joins no two records a person has decided are different
    people (a rejected review or an unlink), and no two different valid identifiers of one
    scheme, directly or through the records each side is already linked to; such a pair
    is queued for review instead.
    """
    system = system_context(ctx)
    reason = f"record linkage on arrival, recorded by {ctx.actor} ({ctx.agency})"
    joined = {str(person["id"])}
    links = reviews = 0
    chosen = strongest([c for c in matching.candidates
                        if c.decision.outcome in ("link", "review")])
    known = {str(row["other"]) for row in await ctx.store.run("linkage_pair_states", {
        "a": person["id"], "others": [str(c.row["id"]) for c in chosen]})} if chosen else set()
    for candidate in chosen:
        outcome = candidate.decision.outcome
        other = str(candidate.row["id"])
        if other in known:
            continue  # already linked, queued or decided: a person's decision stands
        if outcome == "link":
            group = await component(ctx, other)
            if joined & group:
                continue  # already joined through another record
            apart = await ctx.store.run_one("linkage_kept_apart", {
                "left": sorted(joined), "right": sorted(group)})
            if (apart is not None and apart["n"]) or await clashing(ctx, joined | group):
                outcome = "review"
        try:
            if outcome == "link":
                await commit(system, link_write(person["id"], other, candidate, "automatic",
                                                reason, by=ctx.actor))
                joined |= group
                links += 1
            elif reviews < MAX_REVIEWS_PER_ARRIVAL:
                await commit(system, review_write(person["id"], other, candidate, reason,
                                                  by=ctx.actor))
                reviews += 1
        except Conflict:
            continue  # another writer linked or queued the pair in between
    return links, reviews


def strongest(candidates: list[Candidate]) -> list[Candidate]:
    """Candidates strongest first, ties by id: the review items an arrival may queue are
    its best, and the same arrival is always decided alike."""
    return sorted(candidates, key=lambda c: (-_finite(c.decision.match_weight),
                                             str(c.row["id"])))


async def clashing(ctx: RequestContext, records: set[str]) -> bool:
    """Whether these records together hold two different valid identifiers of one scheme:
    then they cannot all be one person, and a link joining them waits for a person."""
    held: dict[str, set[str]] = {}
    for row in await ctx.store.run("linkage_identifiers_of", {"ids": sorted(records),
                                                              "scopes": sorted(ALL_SCOPES)}):
        if valid_identifiers({"identifiers": {row["scheme"]: row["value"]}}):
            held.setdefault(str(row["scheme"]), set()).add(str(row["value"]))
    return any(len(values) > 1 for values in held.values())


async def component(ctx: RequestContext, record_id: str) -> set[str]:
    """Every record joined to this one by links, whoever may see them (the linkage's own
    view, never shown)."""
    seen = {record_id}
    frontier = [record_id]
    for _ in range(MAX_HOPS):
        if not frontier:
            break
        rows = await ctx.store.run("same_person_neighbours", {"ids": frontier,
                                                              "scopes": sorted(ALL_SCOPES)})
        frontier = sorted({str(r["to"]) for r in rows} - seen)
        seen.update(frontier)
    return seen


def link_write(left: str, right: str, candidate: Candidate | None, how: str, reason: str,
               by: str, scored: str | None = None, review: str | None = None) -> Write:
    props = {**linkage_provenance("sam"), "how": how, "made_by": by, "made_at": stamp(),
             "scored": scored if scored is not None else (
                 scored_json(candidate.decision) if candidate else None),
             "match_weight": _finite(candidate.decision.match_weight) if candidate else None,
             "review": review}
    props = {k: v for k, v in props.items() if v is not None}
    return Write("link_same_person", {"props": props, "a": left, "b": right},
                 label="SAME_PERSON", subjects=(left, right), reason=reason,
                 conflict="these records are already linked, or one of them changed: nothing "
                          "was saved")


def review_write(left: str, right: str, candidate: Candidate, reason: str, by: str) -> Write:
    decision = candidate.decision
    props = {**linkage_provenance("mrv"), "status": "open", "left": left, "right": right,
             "match_weight": _finite(decision.match_weight),
             "probability": decision.probability, "scored": scored_json(decision),
             "queued_at": stamp(), "queued_by": by, "origin": "arrival"}
    return Write("queue_match_review", {"props": props, "a": left, "b": right,
                                        "rel": linkage_provenance("rel")},
                 label="MatchReview", subjects=(left, right), reason=reason)


def _finite(value: float) -> float:
    return value if value not in (float("inf"), float("-inf")) and value == value else -99.0


# ---------------------------------------------------------------- reading

@dataclass
class PairView:
    """A link or review item as one caller may see it: both records loaded through their
    loaders, and the pair decided again with the identifiers they may see."""

    row: Row  # the link or review item
    left: Row
    right: Row
    decision: Decision


async def _views(ctx: RequestContext, rows: list[Row], key: str) -> list[PairView]:
    """The items whose two records the caller may see (consent included), with the
    caller's own reading of the evidence."""
    ends = sorted({str(r["left"]) for r in rows} | {str(r["right"]) for r in rows})
    if not ends:
        return []
    loaded = dict(zip(ends, await ctx.loaders.entity.load_many(ends), strict=True))
    ids: dict[str, dict[str, str]] = {e: {} for e in ends}
    for row in await ctx.store.run("linkage_identifiers_of", {"ids": ends,
                                                              "scopes": ctx.scopes}):
        found = valid_identifiers({"identifiers": {row["scheme"]: row["value"]}})
        ids[row["person"]].update(found)
    out = []
    for r in rows:
        left, right = loaded.get(str(r["left"])), loaded.get(str(r["right"]))
        if left is None or right is None:
            continue
        item = r[key]
        decision = decide(scored_row(item.get("scored")), ids[str(r["left"])],
                          ids[str(r["right"])], thresholds(ctx))
        out.append(PairView(item, left, right, decision))
    return out


async def review_queue(ctx: RequestContext, status: str, first: int,
                       offset: int) -> list[PairView]:
    require_reviewer(ctx, "the match review queue")
    if status not in STATUSES:
        raise InvalidInput(f"status must be one of: {', '.join(STATUSES)}", field="status")
    rows = await ctx.store.run("match_reviews", {"status": status, "scopes": ctx.scopes,
                                                 "offset": offset, "limit": first})
    return await _views(ctx, rows, "n")


async def review_item(ctx: RequestContext, review_id: str, field: str) -> PairView:
    return await _pair(ctx, review_id, field, "MatchReview", "match_review", "review item")


async def link_item(ctx: RequestContext, link_id: str, field: str) -> PairView:
    return await _pair(ctx, link_id, field, "SamePersonLink", "same_person_link", "link")


async def _pair(ctx: RequestContext, global_id: str, field: str, kind: str, statement: str,
                what: str) -> PairView:
    """One review item or link by id, if the caller may see both its records; NotFound in
    the same words whether it is missing or hidden."""
    row = await ctx.store.run_one(statement, {"id": _raw(global_id, kind, field),
                                              "scopes": ctx.scopes})
    views = await _views(ctx, [row] if row is not None else [], "n")
    if not views:
        raise NotFound(f"{field}: no {what} you may see has this id", field=field)
    return views[0]


@dataclass
class LinkedRecord:
    """A record of the same person, reached through links between records the caller may
    see; `via` is the record it was reached from."""

    row: Row
    link: Row
    via: str
    decision: Decision


async def linked_records(ctx: RequestContext, person_id: str) -> list[LinkedRecord]:
    """The other records of this person the caller may see, walking SAME_PERSON links only
    through records the caller may see (no path through a hidden record shows)."""
    seen = {person_id}
    frontier = [person_id]
    found: list[tuple[Row, str, str]] = []  # link, from, to
    for _ in range(MAX_HOPS):
        if not frontier:
            break
        rows = await ctx.store.run("same_person_neighbours", {"ids": frontier,
                                                              "scopes": sorted(ALL_SCOPES)})
        fresh = sorted({str(r["to"]) for r in rows} - seen)
        if not fresh:
            break
        loaded = dict(zip(fresh, await ctx.loaders.entity.load_many(fresh), strict=True))
        frontier = []
        for r in sorted(rows, key=lambda r: (str(r["to"]), str(r["from"]))):
            to = str(r["to"])
            if to in seen or loaded.get(to) is None:
                continue
            seen.add(to)
            frontier.append(to)
            found.append((r["link"], str(r["from"]), to))
    if not found:
        return []
    views = await _views(ctx, [{"n": link, "left": a, "right": b} for link, a, b in found], "n")
    by_pair = {(str(v.row["id"])): v for v in views}
    out = []
    for link, via, to in found:
        view = by_pair.get(str(link["id"]))
        if view is None:
            continue
        row = view.right if str(view.right["id"]) == to else view.left
        out.append(LinkedRecord(row, link, via, view.decision))
    return out


async def people_by_identifier(ctx: RequestContext, scheme: str, value: str) -> list[Row]:
    """The people holding exactly this identifier whom the caller may see, with the
    identifier itself visible to them: a search finds nothing the caller could not read."""
    scheme, normal, _ = checked_for_search(scheme, value)
    rows = await ctx.store.run("people_by_identifier", {
        "scheme": scheme, "value": normal, "scopes": ctx.scopes, "limit": SEARCH_LIMIT})
    ids = [str(r["id"]) for r in rows]
    loaded = await ctx.loaders.entity.load_many(ids)
    return sorted((row for row in loaded if row is not None), key=lambda r: str(r["id"]))


def checked_for_search(scheme: str, value: str) -> tuple[str, str, str]:
    """A search checks its identifier as a recording would (a number failing its check
    digit is no one's), without the recording's permission check."""
    from hub.domain.identifiers import CATEGORY, SCHEMES, normalise, problem
    from hub.services.recording.checks import choice

    code = choice(scheme, tuple(SCHEMES), "scheme")
    raw = required(value, "value")
    wrong = problem(code, raw)
    if wrong is not None:
        raise InvalidInput(f"value: {wrong}", field="value")
    return code, normalise(code, raw), CATEGORY[code]


# ---------------------------------------------------------------- deciding

async def confirm_match(ctx: RequestContext, review_id: str, note: str | None) -> Row:
    """Confirm a review item: the two records are one person, and are linked."""
    return await _decide(ctx, review_id, "confirmed", note)


async def reject_match(ctx: RequestContext, review_id: str, note: str | None) -> Row:
    """Reject a review item: two people; matching will not link or queue them again."""
    return await _decide(ctx, review_id, "rejected", note)


async def _decide(ctx: RequestContext, review_id: str, status: str, note: str | None) -> Row:
    require_reviewer(ctx, "deciding a match")
    view = await review_item(ctx, review_id, "reviewId")
    if view.row.get("status") != "open":
        raise Conflict(f"reviewId: this review item is already {view.row.get('status')}",
                       field="reviewId")
    text = optional(note, "note", TEXT_LIMIT)
    decision = {"status": status, "decided_at": stamp(), "decided_by": ctx.actor,
                "decided_agency": ctx.agency, **({"note": text} if text else {})}
    link = None
    if status == "confirmed":
        link = link_write(str(view.left["id"]), str(view.right["id"]), None, "confirmed",
                          text or "", by=ctx.actor, scored=view.row.get("scored"),
                          review=str(view.row["id"])).params["props"]
        link["match_weight"] = view.row.get("match_weight")
    write = Write("decide_match_review", {"id": view.row["id"], "decision": decision,
                                          "link": link},
                  label="MatchReview", record_id=str(view.row["id"]),
                  subjects=(str(view.left["id"]), str(view.right["id"])),
                  before={"status": "open"}, after={**decision, "linked": link is not None},
                  reason=text, conflict="reviewId: this review item was decided by someone "
                                        "else in between; read it again",
                  conflict_field="reviewId")
    return (await commit(ctx, write)).row


async def unlink(ctx: RequestContext, link_id: str, reason: str) -> Row:
    """Remove a link made in error; the pair is kept apart from then on."""
    require_reviewer(ctx, "unlinking records")
    view = await link_item(ctx, link_id, "linkId")
    why = required(reason, "reason", TEXT_LIMIT)
    at = now().isoformat()
    decision = {"status": "unlinked", "decided_at": at, "decided_by": ctx.actor,
                "decided_agency": ctx.agency, "note": why}
    left, right = str(view.left["id"]), str(view.right["id"])
    props = {**linkage_provenance("mrv"), "left": left, "right": right,
             "match_weight": view.row.get("match_weight", -99.0),
             "scored": view.row.get("scored"), "queued_at": at, "queued_by": ctx.actor,
             "origin": "unlink", **decision}
    props = {k: v for k, v in props.items() if v is not None}
    write = Write("unlink_same_person", {"id": view.row["id"], "decision": decision,
                                         "props": props, "rel": linkage_provenance("rel")},
                  label="SAME_PERSON", record_id=str(view.row["id"]), subjects=(left, right),
                  before={"linked": True, "how": view.row.get("how")},
                  after={"linked": False, **decision}, reason=why,
                  conflict="linkId: this link was removed in between", conflict_field="linkId")
    return (await commit(ctx, write)).row


def _raw(global_id: str, kind: str, field: str) -> str:
    try:
        type_name, raw = decode(global_id)
    except BadGlobalId:
        raise InvalidInput(f"{field} is not a valid id", field=field) from None
    if type_name != kind:
        raise InvalidInput(f"{field} must be the id of a {kind}", field=field)
    return raw
