"""Generate the fictional county at a named scale, deterministically from a seed.

Each stage draws from its own random stream (named after the stage), so the same scale
and seed give byte-identical data, and changing one stage does not reshuffle the rest.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from seed import agencies, agreements, background, contexts, geography, population, services
from seed.clock import SEED_TODAY
from seed.dataset import Builder, Dataset
from seed.events import PhonePool
from seed.storylines import plant


@dataclass(frozen=True)
class Scale:
    """How big each part of the county is at one scale."""

    name: str
    people: int
    incidents: int
    missing_episodes: int
    referrals: int
    years: int  # how far back the history goes
    places_per_ward: tuple[int, int]
    children_homes: int
    practitioners: int
    extra_lines: int  # background county lines beyond the planted four
    peer_groups: int  # background recognised groups
    assessments: int
    panel_months: int
    mash_weeks: int


SCALES: dict[str, Scale] = {
    # Enough to show every kind of record and every planted storyline; seeds in seconds.
    "demo": Scale("demo", people=1500, incidents=1300, missing_episodes=360, referrals=420,
                  years=3, places_per_ward=(3, 5), children_homes=4, practitioners=48,
                  extra_lines=2, peer_groups=4, assessments=20, panel_months=6,
                  mash_weeks=8),
    # A county's worth of history over five years: at least 100,000 people, 300,000
    # relationships and 150,000 incidents and missing episodes.
    "county": Scale("county", people=104000, incidents=114000, missing_episodes=38000,
                    referrals=26000, years=5, places_per_ward=(8, 14), children_homes=28,
                    practitioners=420, extra_lines=36, peer_groups=120, assessments=400,
                    panel_months=24, mash_weeks=52),
}


def generate(scale: str, seed: int = 7) -> Dataset:
    """The whole county as rows for the seed statements, plus the planted manifest."""
    try:
        size = SCALES[scale]
    except KeyError:
        raise ValueError(f"unknown scale {scale!r}; choose one of {sorted(SCALES)}") from None

    def stream(stage: str) -> random.Random:
        return random.Random(f"{seed}:{stage}")

    b = Builder()
    workforce = agencies.build(b, stream("agencies"), size.practitioners)
    agreement_ids = agreements.build(b, workforce.agencies)
    geo = geography.build(b, stream("geography"), size.places_per_ward, size.children_homes,
                          size.name)
    pop = population.build(b, stream("population"), geo, size.people)
    phones = PhonePool(stream("phones"))
    planted = plant(b, stream("storylines"), geo, pop, workforce, phones)
    planted.agreements = agreement_ids

    signals = background.Signals()
    services.protection_plans(stream("protection"), pop)
    background.incidents(b, stream("incidents"), geo, pop, size.incidents, size.years, signals)
    background.missing(b, stream("missing"), geo, pop, size.missing_episodes, size.years,
                       signals)
    background.associations(b, stream("associations"), pop, signals)
    background.county_lines(b, stream("lines"), geo, pop, size.extra_lines, phones, signals)

    ap_schools = {s.id for (_, phase), group in geo.schools.items() if phase == "ap"
                  for s in group}
    services.flags(b, stream("flags"), pop, signals, planted, ap_schools)
    services.referrals(b, stream("referrals"), pop, signals, workforce.agencies, planted,
                       size.referrals, size.years)
    services.diversion(b, stream("diversion"), signals)

    groups = contexts.peer_groups(b, stream("groups"), pop, workforce, size.peer_groups)
    groups += [g.group_id for g in planted.peer_groups if g.group_id]
    contexts.assessments(b, stream("assessments"), geo, groups, planted, size.assessments)
    contexts.panels(b, stream("panels"), pop, geo, workforce, signals, groups, planted,
                    size.panel_months, size.mash_weeks)
    return b.finish(scale, seed, planted)


__all__ = ["SCALES", "SEED_TODAY", "Scale", "generate"]
