"""One child's missing profile and the county-wide missing summary."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from hub.domain.errors import (
    InvalidInput,
)
from hub.graph.analytics import (
    DEFAULT_LIMITS,
    AnalysisLimits,
    AnalysisTooLarge,
    FoundPlace,
    MissingPair,
    MissingProfile,
    RepeatMissing,
    RhiPerformance,
    child_missing_profile,
    missing_together,
    recurring_found_places,
    repeat_missing,
    rhi_performance,
)
from hub.graph.store import Row
from hub.services.analytics.common import (
    Node,
    disclose,
    justified,
    named_records,
    text_bounds,
    too_large_error,
    visible_person,
    window_of,
)
from hub.services.context import RequestContext

# County-wide missing summaries cover this many days when no start is given.
DEFAULT_SUMMARY_DAYS = 90
MAX_SUMMARY_ROWS = 200


@dataclass(frozen=True)
class ChildMissing:
    """One child's missing profile with the records it names."""

    person: Node
    profile: MissingProfile
    places: dict[str, Node]
    people: dict[str, Node]
    interviews: dict[str, list[Row]]
    labels: dict[str, str]  # trigger code -> label
    checked: tuple[str, ...]  # codes of every trigger checked


@dataclass(frozen=True)
class MissingSummary:
    """Repeat missing, missing together, recurring places and interviews, county-wide."""

    since: date
    until: date | None
    episodes: int
    repeat: tuple[RepeatMissing, ...]
    pairs: tuple[MissingPair, ...]
    places: tuple[FoundPlace, ...]
    rhi: RhiPerformance
    people: dict[str, Node]
    place_nodes: dict[str, Node]


# ---------------------------------------------------------------- missing

async def missing_profile(ctx: RequestContext, child_id: str, as_of: str | None = None,
                          limits: AnalysisLimits = DEFAULT_LIMITS) -> ChildMissing:
    """One child's episodes, durations, gaps, found places and companions, and which of
    the configured triggers fire."""
    justified(ctx)
    now = datetime.fromisoformat(as_of) if as_of else datetime.now().replace(microsecond=0)
    child = await visible_person(ctx, child_id, "childId")
    rows = await ctx.store.run("analytics_child_episodes",
                               {"id": child["id"], "scopes": ctx.scopes, **ctx.loaders.consent})
    incidents = await ctx.store.run("analytics_person_incidents",
                                    {"id": child["id"], "scopes": ctx.scopes})
    episodes, interviews = _episodes(rows)
    triggers = list(ctx.settings.missing_triggers)
    try:
        profile = child_missing_profile(
            episodes, [{"id": i["id"], "person_id": child["id"], "occurred_at": i["occurred_at"],
                         "role": i.get("role")}
                       for i in incidents if i.get("occurred_at")],
            triggers, now, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    named = await named_records(ctx, [*(t.id for t in profile.companions),
                               *(t.id for t in profile.found_places)])
    people = {n: node for n, node in named.items() if node["kind"] in {"child", "adult"}}
    places = {n: node for n, node in named.items() if node["kind"] == "place"}
    by_episode: dict[str, list[Row]] = defaultdict(list)
    for interview in interviews:
        by_episode[interview["episode_id"]].append(interview)
    disclose(ctx, {child["id"]: child, **people})
    labels = {str(t.get("code")): str(t.get("label") or t.get("code")) for t in triggers}
    return ChildMissing(child, profile, places, people, dict(by_episode), labels,
                        tuple(str(t.get("code")) for t in triggers))


async def missing_summary(ctx: RequestContext, since: str | None = None,
                          until: str | None = None, min_episodes: int = 3, first: int = 50,
                          limits: AnalysisLimits = DEFAULT_LIMITS) -> MissingSummary:
    """Repeat-missing children, children missing together (pairs with their evidence),
    recurring found places and return home interview performance in a period; the last
    `DEFAULT_SUMMARY_DAYS` days when no start is given."""
    justified(ctx)
    if not 1 <= min_episodes <= 100:
        raise InvalidInput("minEpisodes must be between 1 and 100", field="minEpisodes")
    if not 1 <= first <= MAX_SUMMARY_ROWS:
        raise InvalidInput(f"first must be between 1 and {MAX_SUMMARY_ROWS}", field="first")
    window_of(since, until)
    end_day = date.fromisoformat(until) if until else None
    start_day = (date.fromisoformat(since) if since
                 else (end_day or date.today()) - timedelta(days=DEFAULT_SUMMARY_DAYS))
    start, end = text_bounds(start_day.isoformat(), until)
    rows = await ctx.store.run("analytics_episodes",
                               {"since": start, "until": end, "scopes": ctx.scopes,
                                                      **ctx.loaders.consent})
    episodes, interviews = _episodes(rows)
    try:
        repeat = repeat_missing(episodes, min_episodes, (start_day, end_day), limits)
        pairs = missing_together(episodes, datetime.now(), limits, min_total=2,
                                 first=first)
        recurring = recurring_found_places(episodes, 2, limits)
        rhi = rhi_performance(episodes, interviews, limits)  # type: ignore[arg-type]
    except AnalysisTooLarge as too_large:
        raise too_large_error(too_large) from None
    repeat, pairs, recurring = repeat[:first], pairs[:first], recurring[:first]
    named = {r.person_id for r in repeat} | {p.a for p in pairs} | {p.b for p in pairs}
    named |= {c for place in recurring for c in place.children}
    found = await named_records(ctx, [*named, *(p.place_id for p in recurring),
                               *(place for p in pairs for place in p.places)])
    people = {n: node for n, node in found.items() if node["kind"] in {"child", "adult"}}
    disclose(ctx, people)
    return MissingSummary(start_day, end_day, len(episodes), tuple(repeat), tuple(pairs),
                          tuple(recurring), rhi, people,
                          {n: node for n, node in found.items() if node["kind"] == "place"})


def _episodes(rows: list[Row]) -> tuple[list[Any], list[Row]]:
    """Episode rows in the analytics' shape, and their return home interviews, from the
    one-row-per-link shape of `analytics_episodes`. A place, companion or interview whose
    episode the caller may not see (its child hidden) has no episode to join and is left."""
    found_at: dict[str, list[str]] = defaultdict(list)
    found_with: dict[str, list[str]] = defaultdict(list)
    interviews: list[Row] = []
    heads: list[Row] = []
    for row in rows:
        how = row["how"]
        if how == "episode":
            if row["a"]:
                heads.append(row)
        elif how == "FOUND_AT":
            found_at[row["id"]].append(row["other"])
        elif how == "FOUND_WITH":
            found_with[row["id"]].append(row["other"])
        else:
            interviews.append({"episode_id": row["id"], "status": row["other"],
                               "offered_at": row["a"], "completed_at": row["b"]})
    episodes: list[Any] = [{
        "id": row["id"], "person_id": row["other"], "reported_at": row["a"],
        "found_at_time": row["b"],
        "found_place_id": min(found_at[row["id"]]) if found_at.get(row["id"]) else None,
        "found_with": found_with.get(row["id"], []), "risk": row["c"],
    } for row in heads]
    seen = {row["id"] for row in heads}
    return episodes, [i for i in interviews if i["episode_id"] in seen]
