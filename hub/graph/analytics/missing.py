"""Missing episodes: one child's pattern, repeat missing, children who go missing
together, the places they are found, and how return home interviews keep up.

Triggers are configuration, not code: each is a dict naming its kind and parameters, so
a partnership can set its own thresholds (three in 30 days, or in 90) without a release.
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations
from statistics import median
from typing import Any

from hub.graph.analytics.dates import to_date, to_datetime
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import EpisodeRow, IncidentRow, InterviewRow

Trigger = Mapping[str, Any]

# Statutory guidance: a return home interview within 72 hours of the child's return.
RHI_HOURS = 72

# Each trigger kind and the parameters it needs beside `code` and `kind`.
TRIGGER_PARAMETERS: dict[str, tuple[str, ...]] = {
    "count_in_window": ("episodes", "days"),
    "duration_over": ("hours",),
    "incident_during": (),
}
# The roles in an incident that make it a crime while missing, unless a trigger says
# otherwise with `roles`: being the victim of a crime while missing is a harm, not offending.
DEFAULT_CRIME_ROLES: tuple[str, ...] = ("suspect",)

DEFAULT_TRIGGERS: tuple[Trigger, ...] = (
    {"code": "repeat_30d", "kind": "count_in_window", "episodes": 3, "days": 30},
    {"code": "repeat_90d", "kind": "count_in_window", "episodes": 3, "days": 90},
    {"code": "long_episode", "kind": "duration_over", "hours": 24},
    {"code": "crime_while_missing", "kind": "incident_during", "roles": ["suspect"]},
)


@dataclass(frozen=True)
class EpisodeSummary(AsDict):
    """One episode as the profile reads it."""

    id: str
    reported_at: str
    found_at_time: str | None
    open: bool
    duration_hours: float  # to the return, or so far when still open
    found_place_id: str | None
    found_with: tuple[str, ...]
    risk: str | None
    incident_ids: tuple[str, ...]  # incidents while missing


@dataclass(frozen=True)
class Tally(AsDict):
    """How often one place or person comes up."""

    id: str
    count: int


@dataclass(frozen=True)
class FiredTrigger(AsDict):
    """A trigger that fired, and the episodes that made it fire."""

    code: str
    kind: str
    detail: str
    episode_ids: tuple[str, ...]


@dataclass(frozen=True)
class MissingProfile(AsDict):
    """One child's missing history in one read."""

    person_id: str | None
    episodes: tuple[EpisodeSummary, ...]
    total: int
    open: int
    total_hours: float
    longest_hours: float | None
    median_hours: float | None
    gaps_days: tuple[float, ...]  # from each return to the next report
    found_places: tuple[Tally, ...]
    companions: tuple[Tally, ...]
    crimes_while_missing: tuple[str, ...]
    triggers: tuple[FiredTrigger, ...]


@dataclass(frozen=True)
class RepeatMissing(AsDict):
    """A child with repeat episodes in a period."""

    person_id: str
    episodes: int
    episode_ids: tuple[str, ...]
    first: str
    last: str


@dataclass(frozen=True)
class MissingPair(AsDict):
    """Two people whose missing episodes are tied, with the evidence counted by kind."""

    a: str
    b: str
    overlapping: int  # pairs of their episodes that overlap in time
    found_together: int  # episodes of either that record the other as found with them
    same_place: int  # places where both have been found, at any time
    places: tuple[str, ...]
    episode_ids: tuple[str, ...]
    total: int


@dataclass(frozen=True)
class FoundPlace(AsDict):
    """A place where missing children are found again and again."""

    place_id: str
    episodes: int
    children: tuple[str, ...]
    first: str
    last: str


@dataclass(frozen=True)
class RhiPerformance(AsDict):
    """Return home interviews against returns; rates are None when nobody returned."""

    returns: int
    offered: int
    completed: int
    completed_within_72h: int
    declined: int
    offered_rate: float | None
    completed_rate: float | None
    within_72h_rate: float | None
    not_offered: tuple[str, ...]  # episode ids of returns with no interview offered


def child_missing_profile(episodes: Iterable[EpisodeRow], incidents: Iterable[IncidentRow],
                          triggers: Iterable[Trigger], now: datetime,
                          limits: AnalysisLimits = DEFAULT_LIMITS) -> MissingProfile:
    """Durations, gaps, found places, companions and fired triggers for one child.

    Every trigger is checked for a known kind and its parameters before anything is
    counted, so a mistyped configuration fails loudly rather than never firing.

    Only what was known at `now` counts: an episode reported after it is left out, one
    whose return came after it is still open at `now`, and an incident after it did not
    happen yet. So a profile as of a past date is the one a panel would have seen then.
    `crimes_while_missing` are incidents during an episode in any role; the
    `incident_during` trigger fires only for the roles it names (`roles`, default suspect).

    >>> eps = [{"id": f"e{d}", "person_id": "ann", "reported_at": f"2025-01-{d:02d}T20:00",
    ...         "found_at_time": f"2025-01-{d + 1:02d}T02:00", "found_place_id": "takeaway",
    ...         "found_with": ["ben"], "risk": "medium"} for d in (3, 10, 17)]
    >>> p = child_missing_profile(eps, [], DEFAULT_TRIGGERS, datetime(2025, 2, 1))
    >>> p.total, p.longest_hours, p.gaps_days, [t.code for t in p.triggers]
    (3, 6.0, (6.8, 6.8), ['repeat_30d', 'repeat_90d'])
    """
    rules = [_checked(trigger) for trigger in triggers]
    rows = sorted((_as_known_at(e, now) for e in episodes if _dt(e["reported_at"]) <= now),
                  key=lambda e: (e["reported_at"], e["id"]))
    people = {row["person_id"] for row in rows}
    if len(people) > 1:
        raise ValueError(f"a profile is for one child, these episodes are of {len(people)}")
    person_id = next(iter(people), None)
    crimes = [i for i in incidents if (person_id is None or i["person_id"] == person_id)
              and i["occurred_at"] and _dt(i["occurred_at"]) <= now]
    limits.check_size(len(rows), len(crimes))

    summaries = tuple(_summary(row, crimes, now) for row in rows)
    durations = [s.duration_hours for s in summaries]
    gaps = []
    for before, after in zip(rows, rows[1:], strict=False):
        back = _dt(before["found_at_time"] or before["reported_at"])
        gone = _dt(after["reported_at"])
        gaps.append(round(max((gone - back).total_seconds(), 0) / 86400, 1))
    places = Counter(r["found_place_id"] for r in rows if r["found_place_id"])
    companions = Counter(p for r in rows for p in set(r["found_with"]) if p != person_id)
    crime_ids = sorted({i for s in summaries for i in s.incident_ids})

    fired = []
    role_of = {i["id"]: i.get("role") for i in crimes}
    for rule in rules:
        result = _fire(rule, summaries, role_of)
        if result is not None:
            fired.append(result)

    return MissingProfile(
        person_id=person_id,
        episodes=summaries,
        total=len(summaries),
        open=sum(s.open for s in summaries),
        total_hours=round(sum(durations), 1),
        longest_hours=max(durations, default=None),
        median_hours=round(median(durations), 1) if durations else None,
        gaps_days=tuple(gaps),
        found_places=_tallies(places),
        companions=_tallies(companions),
        crimes_while_missing=tuple(crime_ids),
        triggers=tuple(fired),
    )


def repeat_missing(episodes: Iterable[EpisodeRow], min_episodes: int,
                   period: tuple[date | None, date | None],
                   limits: AnalysisLimits = DEFAULT_LIMITS) -> list[RepeatMissing]:
    """Children with at least `min_episodes` episodes reported in `period` (inclusive;
    None leaves that end open), most episodes first.

    >>> eps = [{"id": f"e{d}", "person_id": "ann", "reported_at": f"2025-03-{d:02d}T20:00",
    ...         "found_at_time": None, "found_place_id": None, "found_with": [], "risk": None}
    ...        for d in (1, 9, 20)]
    >>> [(r.person_id, r.episodes) for r in repeat_missing(eps, 3, (date(2025, 3, 1), None))]
    [('ann', 3)]
    """
    rows = list(episodes)
    limits.check_size(len(rows))
    start, end = period
    by_person: dict[str, list[EpisodeRow]] = defaultdict(list)
    for row in rows:
        day = to_date(row["reported_at"])
        if day is None or (start and day < start) or (end and day > end):
            continue
        by_person[row["person_id"]].append(row)
    found = []
    for person, own in by_person.items():
        if len(own) < min_episodes:
            continue
        own.sort(key=lambda e: (e["reported_at"], e["id"]))
        found.append(RepeatMissing(person, len(own), tuple(e["id"] for e in own),
                                   own[0]["reported_at"], own[-1]["reported_at"]))
    found.sort(key=lambda r: (-r.episodes, r.person_id))
    return found


def missing_together(episodes: Iterable[EpisodeRow], now: datetime | None = None,
                     limits: AnalysisLimits = DEFAULT_LIMITS,
                     min_total: int = 1, first: int | None = None) -> list[MissingPair]:
    """Pairs tied by their missing episodes: overlapping in time, found with each other, or
    found at the same place (counted once per place, whenever each was found there).
    Strongest evidence first. With `min_total`, only pairs with at least that much evidence,
    or found together at least once, are kept (a county summary drops pairs whose only tie
    is one overlap); with `first`, only the strongest that many.

    A `found_with` person need not have episodes of their own in the input (an adult, or
    a child whose episodes the caller cannot see); the pair is still listed. An open
    episode runs to `now`, or only covers its report time when `now` is not given.

    Overlaps are counted first as bare pair counts in one sweep, and their episodes
    gathered only for the pairs that are kept, from the two children's own episodes: at
    county scale most overlapping pairs are two strangers missing on the same night, and
    building a record for each was most of the time.

    >>> def ep(i, who, start, end, place, found_with=()):
    ...     return {"id": i, "person_id": who, "reported_at": start, "found_at_time": end,
    ...             "found_place_id": place, "found_with": list(found_with), "risk": None}
    >>> eps = [ep("a1", "ann", "2025-01-03T20:00", "2025-01-04T02:00", "chicken", ["ben"]),
    ...        ep("b1", "ben", "2025-01-03T21:00", "2025-01-04T02:00", "chicken")]
    >>> p = missing_together(eps)[0]
    >>> (p.a, p.b, p.overlapping, p.found_together, p.same_place, p.total)
    ('ann', 'ben', 1, 1, 1, 3)
    """
    rows = sorted(episodes, key=lambda e: (e["reported_at"], e["id"]))
    limits.check_size(len(rows))
    spans = sorted(((_dt(r["reported_at"]), _end(r, now), r["person_id"], r["id"]) for r in rows),
                   key=lambda s: (s[0], s[3]))
    overlaps = _Overlaps(spans)

    found_together: Counter[tuple[str, str]] = Counter()
    episodes_of_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        for companion in sorted(set(row["found_with"])):
            if companion != row["person_id"]:
                pair = _pair(row["person_id"], companion)
                found_together[pair] += 1
                episodes_of_pair[pair].add(row["id"])

    places_of_pair: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_place: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if row["found_place_id"]:
            by_place[row["found_place_id"]][row["person_id"]].append(row["id"])
    for place, episodes_there in sorted(by_place.items()):
        for x, y in combinations(sorted(episodes_there), 2):
            pair = (x, y)
            places_of_pair[pair].add(place)
            episodes_of_pair[pair].update(episodes_there[x], episodes_there[y])

    totals = overlaps.at_least(min_total)
    for pair, count in found_together.items():
        totals[pair] = overlaps.get(pair) + count
    for pair, places in places_of_pair.items():
        total = overlaps.get(pair) + found_together.get(pair, 0) + len(places)
        if total >= min_total or pair in totals:
            totals[pair] = total
    kept = (heapq.nsmallest(first, totals, key=lambda pair: (-totals[pair], pair))
            if first is not None else list(totals))
    spans_of: dict[str, list[tuple[datetime, datetime, str]]] = defaultdict(list)
    for start, end, person, episode_id in spans:
        spans_of[person].append((start, end, episode_id))
    for a, b in kept:
        for start, end, episode_id in spans_of.get(a, ()):
            for other_start, other_end, other_id in spans_of.get(b, ()):
                if other_start <= end and start <= other_end:
                    episodes_of_pair[(a, b)].update((episode_id, other_id))

    pairs = [MissingPair(
        a=a, b=b, overlapping=overlaps.get((a, b)), found_together=found_together[(a, b)],
        same_place=len(places_of_pair.get((a, b), ())),
        places=tuple(sorted(places_of_pair.get((a, b), ()))),
        episode_ids=tuple(sorted(episodes_of_pair.get((a, b), ()))), total=totals[(a, b)],
    ) for a, b in kept]
    pairs.sort(key=lambda p: (-p.total, p.a, p.b))
    return pairs


class _Overlaps:
    """How many pairs of episodes overlap in time, per pair of children, counted in one
    sweep over episodes sorted by start (an episode overlaps every later one starting
    before it ends).

    Children are counted by number and a pair as one integer, so the sweep's inner step is
    C code (`Counter.update` over a slice) and only the pairs asked for are turned back
    into names: at county scale an open episode overlaps everything reported after it, and
    tens of thousands of increments a summary were most of its Python time.

    >>> t = datetime.fromisoformat
    >>> counts = _Overlaps([(t("2025-01-03T20:00"), t("2025-01-04T02:00"), "ann", "a1"),
    ...                     (t("2025-01-03T21:00"), t("2025-01-03T22:00"), "ben", "b1"),
    ...                     (t("2025-01-05T21:00"), t("2025-01-05T22:00"), "ann", "a2")])
    >>> counts.at_least(1), counts.get(("ann", "ben")), counts.get(("ann", "cal"))
    ({('ann', 'ben'): 1}, 1, 0)
    """

    def __init__(self, spans: list[tuple[datetime, datetime, str, str]]) -> None:
        self._names = sorted({person for _, _, person, _ in spans})
        self._number = {name: i for i, name in enumerate(self._names)}
        size = self._size = len(self._names)
        people = [self._number[person] for _, _, person, _ in spans]
        starts = [start for start, _, _, _ in spans]
        self._codes: Counter[int] = Counter()
        for i, (_, end, _, _) in enumerate(spans):
            last = bisect_right(starts, end, lo=i + 1)
            if last > i + 1:
                me = people[i]
                low, high = me * size, me
                self._codes.update([low + other if other > me else other * size + high
                                    for other in people[i + 1:last] if other != me])

    def at_least(self, count: int) -> dict[tuple[str, str], int]:
        names, size = self._names, self._size
        return {(names[code // size], names[code % size]): n
                for code, n in self._codes.items() if n >= count}

    def get(self, pair: tuple[str, str]) -> int:
        a, b = self._number.get(pair[0]), self._number.get(pair[1])
        return 0 if a is None or b is None else self._codes.get(a * self._size + b, 0)


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def recurring_found_places(episodes: Iterable[EpisodeRow], min_count: int = 2,
                           limits: AnalysisLimits = DEFAULT_LIMITS) -> list[FoundPlace]:
    """Places where at least `min_count` episodes ended, most used first.

    >>> eps = [{"id": f"e{n}", "person_id": who, "reported_at": f"2025-01-0{n}T20:00",
    ...         "found_at_time": None, "found_place_id": "chicken", "found_with": [],
    ...         "risk": None} for n, who in ((1, "ann"), (2, "ben"))]
    >>> [(p.place_id, p.episodes, p.children) for p in recurring_found_places(eps)]
    [('chicken', 2, ('ann', 'ben'))]
    """
    rows = list(episodes)
    limits.check_size(len(rows))
    by_place: dict[str, list[EpisodeRow]] = defaultdict(list)
    for row in rows:
        if row["found_place_id"]:
            by_place[row["found_place_id"]].append(row)
    places = []
    for place, found_there in by_place.items():
        if len(found_there) < min_count:
            continue
        times = sorted(r["found_at_time"] or r["reported_at"] for r in found_there)
        places.append(FoundPlace(place, len(found_there),
                                 tuple(sorted({r["person_id"] for r in found_there})),
                                 times[0], times[-1]))
    places.sort(key=lambda p: (-p.episodes, -len(p.children), p.place_id))
    return places


def rhi_performance(episodes: Iterable[EpisodeRow], interviews: Iterable[InterviewRow],
                    limits: AnalysisLimits = DEFAULT_LIMITS) -> RhiPerformance:
    """Return home interviews offered, completed, and completed within 72 hours of the
    child's return, against the episodes that have ended. An interview for an episode not
    in the input is not counted: its return is not the caller's to see.

    >>> eps = [{"id": "e1", "person_id": "ann", "reported_at": "2025-01-03T20:00",
    ...         "found_at_time": "2025-01-04T02:00", "found_place_id": None,
    ...         "found_with": [], "risk": None}]
    >>> rhi = [{"episode_id": "e1", "offered_at": "2025-01-04T10:00",
    ...         "completed_at": "2025-01-06T11:00", "status": "completed"}]
    >>> r = rhi_performance(eps, rhi)
    >>> r.returns, r.completed_within_72h, r.within_72h_rate
    (1, 1, 1.0)
    """
    rows = list(episodes)
    interview_rows = list(interviews)
    limits.check_size(len(rows), len(interview_rows))
    returned = {r["id"]: r for r in rows if r["found_at_time"]}
    by_episode: dict[str, list[InterviewRow]] = defaultdict(list)
    for interview in interview_rows:
        if interview["episode_id"] in returned:
            by_episode[interview["episode_id"]].append(interview)

    offered = completed = within = declined = 0
    not_offered = []
    for episode_id, episode in sorted(returned.items()):
        own = by_episode.get(episode_id, [])
        done = [i for i in own if i["status"] == "completed" or i["completed_at"]]
        if own:
            offered += 1
        else:
            not_offered.append(episode_id)
        if done:
            completed += 1
            back = _dt(episode["found_at_time"] or episode["reported_at"])
            first_done = min(_dt(i["completed_at"]) if i["completed_at"] else datetime.max
                             for i in done)
            if first_done - back <= timedelta(hours=RHI_HOURS):
                within += 1
        elif any(i["status"] == "declined" for i in own):
            declined += 1

    def rate(count: int) -> float | None:
        return round(count / len(returned), 3) if returned else None

    return RhiPerformance(
        returns=len(returned), offered=offered, completed=completed,
        completed_within_72h=within, declined=declined, offered_rate=rate(offered),
        completed_rate=rate(completed), within_72h_rate=rate(within),
        not_offered=tuple(not_offered),
    )


def _dt(value: str) -> datetime:
    parsed = to_datetime(value)
    assert parsed is not None
    return parsed


def _end(row: EpisodeRow, now: datetime | None) -> datetime:
    if row["found_at_time"]:
        return _dt(row["found_at_time"])
    return max(now, _dt(row["reported_at"])) if now is not None else _dt(row["reported_at"])


def _during(occurred_at: str, start: datetime, end: datetime) -> bool:
    """A bare date (time not recorded) counts when it falls on any day of the episode."""
    if len(occurred_at) <= 10:
        day = date.fromisoformat(occurred_at)
        return start.date() <= day <= end.date()
    return start <= _dt(occurred_at) <= end


def _summary(row: EpisodeRow, crimes: list[IncidentRow], now: datetime) -> EpisodeSummary:
    start, end = _dt(row["reported_at"]), _end(row, now)
    during = sorted(c["id"] for c in crimes
                    if c["occurred_at"] and _during(c["occurred_at"], start, end))
    return EpisodeSummary(
        id=row["id"], reported_at=row["reported_at"], found_at_time=row["found_at_time"],
        open=not row["found_at_time"],
        duration_hours=round((end - start).total_seconds() / 3600, 1),
        found_place_id=row["found_place_id"], found_with=tuple(sorted(set(row["found_with"]))),
        risk=row.get("risk"), incident_ids=tuple(during),
    )


def _tallies(counts: Counter[str]) -> tuple[Tally, ...]:
    return tuple(Tally(key, n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1],
                                                                                      kv[0])))


def _checked(trigger: Trigger) -> Trigger:
    kind = trigger.get("kind")
    code = trigger.get("code", "?")
    if kind not in TRIGGER_PARAMETERS:
        raise ValueError(f"trigger {code!r} has unknown kind {kind!r}; "
                         f"known kinds are {', '.join(sorted(TRIGGER_PARAMETERS))}")
    missing = [name for name in TRIGGER_PARAMETERS[kind] if trigger.get(name) is None]
    if missing:
        raise ValueError(f"trigger {code!r} of kind {kind!r} needs {', '.join(missing)}")
    return trigger


def _as_known_at(row: EpisodeRow, now: datetime) -> EpisodeRow:
    """The episode as it stood at `now`: a return after then had not happened."""
    if row["found_at_time"] and _dt(row["found_at_time"]) > now:
        return {**row, "found_at_time": None, "found_place_id": None, "found_with": []}
    return row


def _fire(rule: Trigger, episodes: tuple[EpisodeSummary, ...],
          role_of: Mapping[str, str | None]) -> FiredTrigger | None:
    kind, code = rule["kind"], str(rule.get("code", rule["kind"]))
    if kind == "count_in_window":
        needed, span = int(rule["episodes"]), timedelta(days=float(rule["days"]))
        best: list[EpisodeSummary] = []
        start = 0
        for end, episode in enumerate(episodes):
            while _dt(episode.reported_at) - _dt(episodes[start].reported_at) > span:
                start += 1
            if end + 1 - start > len(best):
                best = list(episodes[start:end + 1])
        if len(best) < needed:
            return None
        detail = (f"{len(best)} episodes within {rule['days']} days "
                  f"({best[0].reported_at[:10]} to {best[-1].reported_at[:10]})")
        return FiredTrigger(code, kind, detail, tuple(e.id for e in best))
    if kind == "duration_over":
        hours = float(rule["hours"])
        long = [e for e in episodes if e.duration_hours > hours]
        if not long:
            return None
        longest = max(e.duration_hours for e in long)
        detail = f"{len(long)} episodes over {rule['hours']} hours (longest {longest})"
        return FiredTrigger(code, kind, detail, tuple(e.id for e in long))
    roles = tuple(rule.get("roles") or DEFAULT_CRIME_ROLES)
    counted = {e.id: [i for i in e.incident_ids if role_of.get(i) in roles] for e in episodes}
    with_crime = [e for e in episodes if counted[e.id]]
    if not with_crime:
        return None
    count = sum(len(counted[e.id]) for e in with_crime)
    return FiredTrigger(code, kind, f"{count} incidents while missing as "
                        f"{' or '.join(roles)}", tuple(e.id for e in with_crime))
