from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import combinations
from typing import Any

import pytest

from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.missing import (
    DEFAULT_TRIGGERS,
    child_missing_profile,
    missing_together,
    recurring_found_places,
    repeat_missing,
    rhi_performance,
)
from hub.graph.analytics.shapes import EpisodeRow, IncidentRow, InterviewRow

NOW = datetime(2025, 4, 1, 12, 0)
TAKEAWAY = "plc_chicken_shack"


def episode(id: str, person: str, reported: str, found: str | None,
            place: str | None = None, found_with: tuple[str, ...] = (),
            risk: str = "medium") -> EpisodeRow:
    return {"id": id, "person_id": person, "reported_at": reported, "found_at_time": found,
            "found_place_id": place, "found_with": list(found_with), "risk": risk}


def interview(episode_id: str, offered: str | None, completed: str | None,
              status: str) -> InterviewRow:
    return {"episode_id": episode_id, "offered_at": offered, "completed_at": completed,
            "status": status}


def ann_and_ben() -> list[EpisodeRow]:
    """Ann and Ben go missing the same evenings three times in March and are found at the
    same takeaway; once each is recorded as found with the other. Cal went missing once,
    on his own, and was found at home."""
    return [
        episode("a1", "ann", "2025-03-01T19:00", "2025-03-02T01:30", TAKEAWAY, ("ben",)),
        episode("b1", "ben", "2025-03-01T19:30", "2025-03-02T01:30", TAKEAWAY, ("ann",)),
        episode("a2", "ann", "2025-03-08T18:00", "2025-03-09T00:10", TAKEAWAY),
        episode("b2", "ben", "2025-03-08T20:00", "2025-03-09T00:10", TAKEAWAY),
        episode("a3", "ann", "2025-03-15T21:00", "2025-03-16T23:30", TAKEAWAY),
        episode("b3", "ben", "2025-03-15T21:15", "2025-03-16T02:00", TAKEAWAY),
        episode("c1", "cal", "2025-03-20T16:00", "2025-03-20T22:00", "plc_home_cal"),
    ]


def only(person: str) -> list[EpisodeRow]:
    return [e for e in ann_and_ben() if e["person_id"] == person]


class TestMissingTogether:
    def test_two_children_missing_together_and_found_at_the_same_takeaway_pair_up(
            self) -> None:
        pairs = missing_together(ann_and_ben())

        assert len(pairs) == 1
        pair = pairs[0]
        assert (pair.a, pair.b) == ("ann", "ben")
        assert pair.overlapping == 3
        assert pair.found_together == 2
        assert pair.same_place == 1
        assert pair.places == (TAKEAWAY,)
        assert pair.total == 6
        assert pair.episode_ids == ("a1", "a2", "a3", "b1", "b2", "b3")

    def test_a_companion_with_no_episodes_of_their_own_is_still_paired(self) -> None:
        pairs = missing_together([episode("a1", "ann", "2025-03-01T19:00",
                                          "2025-03-02T01:00", None, ("per_adult_x",))])
        assert [(p.a, p.b, p.found_together) for p in pairs] == [("ann", "per_adult_x", 1)]

    def test_episodes_that_do_not_overlap_and_end_in_different_places_are_not_paired(
            self) -> None:
        pairs = missing_together([
            episode("a1", "ann", "2025-03-01T19:00", "2025-03-01T22:00", "plc_park"),
            episode("c1", "cal", "2025-03-01T23:00", "2025-03-02T01:00", "plc_station"),
        ])
        assert pairs == []

    def test_an_open_episode_runs_until_now(self) -> None:
        rows = [episode("a1", "ann", "2025-03-31T19:00", None),
                episode("b1", "ben", "2025-04-01T09:00", "2025-04-01T11:00")]
        assert missing_together(rows) == []
        assert missing_together(rows, now=NOW)[0].overlapping == 1


class TestRecurringFoundPlaces:
    def test_the_takeaway_recurs_with_both_children(self) -> None:
        places = recurring_found_places(ann_and_ben(), min_count=3)
        assert [(p.place_id, p.episodes, p.children) for p in places] == [
            (TAKEAWAY, 6, ("ann", "ben"))]
        assert places[0].first == "2025-03-02T01:30"
        assert places[0].last == "2025-03-16T23:30"

    def test_a_place_used_less_often_than_min_count_is_left_out(self) -> None:
        assert [p.place_id for p in recurring_found_places(ann_and_ben(), min_count=1)] == [
            TAKEAWAY, "plc_home_cal"]
        assert recurring_found_places(ann_and_ben(), min_count=7) == []


class TestChildMissingProfile:
    def test_durations_gaps_places_and_companions(self) -> None:
        p = child_missing_profile(only("ann"), [], [], NOW)

        assert p.person_id == "ann"
        assert [e.duration_hours for e in p.episodes] == [6.5, 6.2, 26.5]
        assert p.longest_hours == 26.5
        assert p.median_hours == 6.5
        assert p.gaps_days == (6.7, 6.9)
        assert [(t.id, t.count) for t in p.found_places] == [(TAKEAWAY, 3)]
        assert [(t.id, t.count) for t in p.companions] == [("ben", 1)]

    def test_the_default_triggers_fire_for_repeat_and_long_episodes(self) -> None:
        p = child_missing_profile(only("ann"), [], DEFAULT_TRIGGERS, NOW)

        fired = {t.code: t for t in p.triggers}
        assert set(fired) == {"repeat_30d", "repeat_90d", "long_episode"}
        assert fired["repeat_30d"].episode_ids == ("a1", "a2", "a3")
        assert fired["long_episode"].episode_ids == ("a3",)
        assert "26.5" in fired["long_episode"].detail

    def test_repeat_does_not_fire_when_the_episodes_are_spread_out(self) -> None:
        rows = [episode(f"e{m}", "ann", f"2025-0{m}-01T19:00", f"2025-0{m}-01T22:00")
                for m in (1, 3, 5)]
        trigger = {"code": "repeat_30d", "kind": "count_in_window", "episodes": 3, "days": 30}
        assert child_missing_profile(rows, [], [trigger], NOW).triggers == ()

    def test_crime_while_missing_fires_for_an_incident_inside_an_episode(self) -> None:
        incidents: list[IncidentRow] = [
            {"id": "inc_robbery", "person_id": "ann", "occurred_at": "2025-03-15T23:40",
             "role": "suspect"},
            {"id": "inc_before", "person_id": "ann", "occurred_at": "2025-03-15T12:00",
             "role": "suspect"},
            {"id": "inc_not_hers", "person_id": "ben", "occurred_at": "2025-03-15T23:40",
             "role": "suspect"},
            # a date with no time counts on any day of the episode
            {"id": "inc_dated", "person_id": "ann", "occurred_at": "2025-03-09",
             "role": "suspect"},
        ]
        trigger = {"code": "crime_while_missing", "kind": "incident_during"}
        p = child_missing_profile(only("ann"), incidents, [trigger], NOW)

        assert p.crimes_while_missing == ("inc_dated", "inc_robbery")
        assert p.triggers[0].episode_ids == ("a2", "a3")
        assert p.triggers[0].detail == "2 incidents while missing as suspect"

    def test_being_the_victim_while_missing_is_no_crime_while_missing_by_default(self) -> None:
        # Ann is robbed during a3 (the victim) and suspected of damage during a2.
        incidents: list[IncidentRow] = [
            {"id": "inc_robbed", "person_id": "ann", "occurred_at": "2025-03-15T23:40",
             "role": "victim"},
            {"id": "inc_damage", "person_id": "ann", "occurred_at": "2025-03-08T22:00",
             "role": "suspect"},
        ]
        default = child_missing_profile(only("ann"), incidents, DEFAULT_TRIGGERS, NOW)
        fired = {t.code: t for t in default.triggers}
        assert fired["crime_while_missing"].episode_ids == ("a2",)
        # both are still listed as incidents while missing
        assert default.crimes_while_missing == ("inc_damage", "inc_robbed")

        as_victim = {"code": "harmed_while_missing", "kind": "incident_during",
                     "roles": ["victim"]}
        p = child_missing_profile(only("ann"), incidents, [as_victim], NOW)
        assert [(t.code, t.episode_ids) for t in p.triggers] == [
            ("harmed_while_missing", ("a3",))]

    def test_as_of_a_date_only_what_was_known_then_counts(self) -> None:
        # On 2025-03-15T22:00 Ann had been missing twice and was missing a third time
        # (a3, reported at 21:00, found the next day): a3 is open, 1 hour long so far, and
        # the robbery at 23:40 had not happened yet.
        incidents: list[IncidentRow] = [
            {"id": "inc_robbery", "person_id": "ann", "occurred_at": "2025-03-15T23:40",
             "role": "suspect"}]
        later = [*only("ann"), episode("a4", "ann", "2025-03-28T20:00", "2025-03-29T10:00")]
        p = child_missing_profile(later, incidents, DEFAULT_TRIGGERS,
                                  datetime(2025, 3, 15, 22, 0))
        assert [e.id for e in p.episodes] == ["a1", "a2", "a3"]
        assert p.open == 1 and p.episodes[2].duration_hours == 1.0
        assert p.episodes[2].found_place_id is None
        assert p.crimes_while_missing == ()
        assert {t.code for t in p.triggers} == {"repeat_30d", "repeat_90d"}
        # today the long episode and the crime count too
        now = child_missing_profile(later, incidents, DEFAULT_TRIGGERS, NOW)
        assert {t.code for t in now.triggers} == {"repeat_30d", "repeat_90d", "long_episode",
                                                  "crime_while_missing"}

    def test_an_open_episode_counts_its_hours_so_far(self) -> None:
        rows = [episode("a9", "ann", "2025-03-30T12:00", None)]
        trigger = {"code": "long_episode", "kind": "duration_over", "hours": 24}
        p = child_missing_profile(rows, [], [trigger], NOW)
        assert p.open == 1
        assert p.episodes[0].duration_hours == 48.0
        assert [t.code for t in p.triggers] == ["long_episode"]

    def test_an_unknown_trigger_kind_is_refused_by_name(self) -> None:
        with pytest.raises(ValueError, match="'sudden_spike'"):
            child_missing_profile(only("ann"), [], [{"code": "x", "kind": "sudden_spike"}], NOW)

    def test_an_unknown_trigger_kind_is_refused_even_with_no_episodes(self) -> None:
        with pytest.raises(ValueError, match="unknown kind 'sudden_spike'"):
            child_missing_profile([], [], [{"code": "x", "kind": "sudden_spike"}], NOW)

    def test_a_trigger_missing_a_parameter_is_refused(self) -> None:
        trigger: dict[str, Any] = {"code": "repeat", "kind": "count_in_window", "episodes": 3}
        with pytest.raises(ValueError, match="needs days"):
            child_missing_profile(only("ann"), [], [trigger], NOW)

    def test_episodes_of_two_children_are_refused(self) -> None:
        with pytest.raises(ValueError, match="one child"):
            child_missing_profile(ann_and_ben(), [], [], NOW)

    def test_a_child_with_no_visible_episodes_has_an_empty_profile(self) -> None:
        p = child_missing_profile([], [], DEFAULT_TRIGGERS, NOW)
        assert (p.total, p.longest_hours, p.triggers) == (0, None, ())

    def test_too_many_episodes_are_refused(self) -> None:
        with pytest.raises(AnalysisTooLarge, match="max_nodes"):
            child_missing_profile(only("ann"), [], [], NOW, limits=AnalysisLimits(max_nodes=2))


class TestRepeatMissing:
    def test_children_with_enough_episodes_in_the_period_are_listed(self) -> None:
        found = repeat_missing(ann_and_ben(), 3, (date(2025, 3, 1), date(2025, 3, 31)))
        assert [(r.person_id, r.episodes) for r in found] == [("ann", 3), ("ben", 3)]
        assert found[0].episode_ids == ("a1", "a2", "a3")

    def test_episodes_outside_the_period_do_not_count(self) -> None:
        assert repeat_missing(ann_and_ben(), 3, (date(2025, 3, 2), None)) == []
        found = repeat_missing(ann_and_ben(), 2, (date(2025, 3, 2), None))
        assert [r.person_id for r in found] == ["ann", "ben"]


class TestRhiPerformance:
    def test_offered_completed_and_completed_within_72_hours(self) -> None:
        interviews = [
            interview("a1", "2025-03-02T09:00", "2025-03-03T15:00", "completed"),  # 37.5h
            interview("b1", "2025-03-02T09:00", "2025-03-06T10:00", "completed"),  # late
            interview("a2", "2025-03-09T09:00", None, "declined"),
            interview("b2", "2025-03-09T09:00", None, "offered"),
            interview("zz", "2025-03-09T09:00", "2025-03-09T12:00", "completed"),  # not seen
        ]
        episodes = [*ann_and_ben(), episode("o1", "dee", "2025-03-31T19:00", None)]
        r = rhi_performance(episodes, interviews)

        assert r.returns == 7
        assert (r.offered, r.completed, r.completed_within_72h, r.declined) == (4, 2, 1, 1)
        assert r.offered_rate == round(4 / 7, 3)
        assert r.within_72h_rate == round(1 / 7, 3)
        assert r.not_offered == ("a3", "b3", "c1")

    def test_no_returns_gives_no_rates_rather_than_zero(self) -> None:
        r = rhi_performance([episode("o1", "dee", "2025-03-31T19:00", None)], [])
        assert (r.returns, r.offered_rate, r.completed_rate, r.within_72h_rate) == (
            0, None, None, None)


def test_a_summary_keeps_the_pairs_with_enough_evidence_exactly_as_the_full_list_does() -> None:
    # Ann and Ben overlap three times and share a place and a found-with; Cal overlaps
    # Ben once at most, so with min_total=2 he is left out, and first=1 keeps the top.
    rows = [*ann_and_ben(), episode("c2", "cal", "2025-03-15T22:00", "2025-03-15T23:00")]
    every = missing_together(rows)
    assert {(p.a, p.b) for p in every} == {("ann", "ben"), ("ann", "cal"), ("ben", "cal")}
    strong = missing_together(rows, min_total=2)
    assert strong == [p for p in every if p.found_together or p.total >= 2]
    assert [(p.a, p.b) for p in strong] == [("ann", "ben")]
    assert missing_together(rows, min_total=2, first=1) == strong[:1]


def test_overlaps_counted_in_one_sweep_match_every_pair_of_episodes_compared() -> None:
    # Sixty children, three hundred episodes over a month, some still open (they run to
    # now and overlap everything after them): the sweep's counts are the naive ones.
    rng = random.Random(12)
    rows = []
    for n in range(300):
        start = datetime(2025, 3, 1) + timedelta(minutes=rng.randrange(0, 30 * 24 * 60))
        found = (None if rng.random() < 0.05
                 else (start + timedelta(minutes=rng.randrange(30, 3 * 24 * 60))).isoformat())
        who = f"c{rng.randrange(60):02d}"
        rows.append(episode(f"e{n:03d}", who, start.isoformat(), found,
                            place=rng.choice([None, "p1", "p2", "p3"]),
                            found_with=(f"c{rng.randrange(60):02d}",) if rng.random() < 0.1
                            else ()))

    def span(row: Any) -> tuple[datetime, datetime]:
        start = datetime.fromisoformat(row["reported_at"])
        return start, (datetime.fromisoformat(row["found_at_time"]) if row["found_at_time"]
                       else max(NOW, start))

    naive: dict[tuple[str, str], int] = {}
    for x, y in combinations(rows, 2):
        (s1, e1), (s2, e2) = span(x), span(y)
        if x["person_id"] != y["person_id"] and s1 <= e2 and s2 <= e1:
            pair = tuple(sorted((x["person_id"], y["person_id"])))
            naive[pair] = naive.get(pair, 0) + 1  # type: ignore[index]
    pairs = missing_together(rows, now=NOW)
    assert {(p.a, p.b): p.overlapping for p in pairs if p.overlapping} == naive
    assert all(p.total == p.overlapping + p.found_together + p.same_place for p in pairs)
    top = missing_together(rows, now=NOW, min_total=2, first=10)
    assert top == [p for p in pairs if p.found_together or p.total >= 2][:10]
