"""Background noise: the everyday incidents, missing episodes, associations and county
lines of a county, in realistic proportions and with the skews the seeds describe.

Planted people are left out of all of it, so nothing here blurs a planted storyline;
the noise is dense enough that finding the storylines is a real test.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from seed import events, names
from seed.clock import SEED_NOW, evening_bias
from seed.dataset import Builder
from seed.draw import Weighted
from seed.geography import CITIES, TOWNS, Geography, SchoolInfo
from seed.population import Household, Population, Resident, add_person

INCIDENT_KINDS: tuple[tuple[str, float], ...] = (
    ("violence", 22), ("asb", 14), ("theft", 14), ("domestic_abuse", 14),
    ("criminal_damage", 9), ("drugs", 8), ("robbery", 5), ("knife_crime", 4),
    ("sexual_offence", 3), ("exploitation", 2), ("other", 5),
)
# Of all disposals for a child suspect, how often each is given (most are out of court).
OUTCOME_KINDS: tuple[tuple[str, float], ...] = (
    ("CRD", 30), ("OUTCOME_21", 14), ("OUTCOME_22", 20), ("YC", 10), ("YCC", 8),
    ("REFERRAL_ORDER", 11), ("YRO", 5), ("CUSTODY", 2),
)
NO_VICTIM = frozenset({"asb", "drugs", "exploitation"})
_KIND = Weighted.of(INCIDENT_KINDS)
_OUTCOME = Weighted.of(OUTCOME_KINDS)
_SUSPECTS = Weighted((0, 1, 2, 3, 4), (25, 50, 15, 7, 3))
_TOWN = Weighted(TOWNS, [t.population_k * (1.3 if t.rail else 0.8) for t in TOWNS])
_EPISODES = Weighted((1, 2, 3, 4, 6, 9, 14, 24), (25, 15, 12, 10, 12, 11, 9, 6))
_RISK = Weighted(("no_apparent_risk", "low", "medium", "high"), (15, 40, 35, 10))
_RHI = Weighted(("completed", "declined", "offered"), (68, 22, 10))


@dataclass
class Signals:
    """What the noise did to whom, for referrals, flags and panels to draw on."""

    weight: Counter[str] = field(default_factory=Counter)
    da_victims: list[tuple[str, datetime]] = field(default_factory=list)
    da_perpetrators: list[tuple[str, datetime]] = field(default_factory=list)
    da_children: list[tuple[str, datetime]] = field(default_factory=list)
    missing_children: list[str] = field(default_factory=list)
    exploited: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, str, datetime]] = field(default_factory=list)  # person, kind


def window_start(years: int) -> datetime:
    return SEED_NOW - timedelta(days=365 * years)


def _when(rng: random.Random, start: datetime, earliest: datetime | None = None) -> datetime:
    """A day in the window, a little more often recent (recording has improved), at a
    plausible hour."""
    low = max(start, earliest) if earliest else start
    span = (SEED_NOW - low).total_seconds()
    if span <= 3600:
        return SEED_NOW - timedelta(hours=1)
    moment = low + timedelta(seconds=span * rng.random() ** 0.8)
    moment = evening_bias(rng, moment)
    return min(moment, SEED_NOW - timedelta(hours=1))


def _adult_from(person: Resident, age: int) -> datetime:
    return datetime(person.dob.year + age, person.dob.month, min(person.dob.day, 28))


def incidents(b: Builder, rng: random.Random, geo: Geography, pop: Population, count: int,
              years: int, signals: Signals) -> None:
    start = window_start(years)
    free = [p for p in pop.people if pop.free(p) and p.home]
    suspects: dict[str, Weighted[Resident]] = {}
    anyone: dict[str, list[Resident]] = defaultdict(list)
    pupils: dict[str, list[Resident]] = defaultdict(list)
    for p in free:
        anyone[p.town].append(p)
        if p.school and p.child and p.age >= 11:
            pupils[p.school].append(p)
    for town in TOWNS:
        pool = [p for p in anyone[town.name] if p.offending > 0]
        suspects[town.name] = Weighted(pool, [p.offending for p in pool])
    households: dict[str, list[Household]] = defaultdict(list)
    for house in pop.households:
        if house.adults and all(pop.free(a) for a in house.adults):
            households[house.ward.town.name].append(house)
    school_list = [s for group in geo.schools.values() for s in group if s.phase != "primary"]

    for _ in range(count):
        town_name = _TOWN(rng).name
        kind = _KIND(rng)
        if kind == "domestic_abuse" and households[town_name]:
            _domestic(b, rng, rng.choice(households[town_name]), start, signals)
            continue
        if rng.random() < 0.03 and school_list:
            _at_school(b, rng, rng.choice(school_list), pupils, start, signals)
            continue
        n_suspects = _SUSPECTS(rng)
        sampler = suspects[town_name]
        chosen: list[Resident] = []
        while sampler and len(chosen) < n_suspects:
            person = sampler(rng)
            if person not in chosen:
                chosen.append(person)
            elif rng.random() < 0.3:
                break
        youngest = max((p.dob for p in chosen), default=None)
        earliest = (datetime(youngest.year + 10, youngest.month, min(youngest.day, 28))
                    if youngest else None)
        occurred = _when(rng, start, earliest)
        place = geo.hotspot(rng, town_name)
        parts = [(p.id, "suspect") for p in chosen]
        if kind not in NO_VICTIM or rng.random() < 0.2:
            victim = rng.choice(anyone[town_name])
            if victim not in chosen:
                parts.append((victim.id, "victim"))
                signals.weight[victim.id] += 1
        if rng.random() < 0.25:
            witness = rng.choice(anyone[town_name])
            if witness not in chosen:
                parts.append((witness.id, rng.choice(("witness", "present"))))
        incident_id = events.incident(b, kind=kind, occurred=occurred, place_id=place.id,
                                      place_name=_place_label(place.kind), rng=rng,
                                      participants=parts)
        for p in chosen:
            signals.weight[p.id] += 2
        _disposals(b, rng, chosen, incident_id, occurred, signals)
        if len(chosen) >= 2 and rng.random() < 0.3:
            a, c = chosen[0], chosen[1]
            events.associate(b, a.id, c.id, context="co_offending",
                             strength=rng.uniform(0.2, 0.5), first_seen=occurred,
                             last_seen=occurred)


def _place_label(kind: str) -> str:
    return {"station": "the station", "park": "the park", "shop": "a local shop",
            "takeaway": "a takeaway", "street": "a shopping parade", "school": "the school",
            "home": "an address"}.get(kind, "a community venue")


def _disposals(b: Builder, rng: random.Random, suspects: list[Resident], incident_id: str,
               occurred: datetime, signals: Signals) -> None:
    for person in suspects:
        if occurred >= _adult_from(person, 18) or rng.random() > 0.15:
            continue
        decided = occurred + timedelta(days=rng.randint(20, 120))
        if decided >= SEED_NOW:
            continue
        kind = _OUTCOME(rng)
        events.outcome(b, person.id, incident_id, kind, decided)
        signals.outcomes.append((person.id, kind, decided))


def _domestic(b: Builder, rng: random.Random, house: Household, start: datetime,
              signals: Signals) -> None:
    men = [a for a in house.adults if a.gender == "male"]
    perpetrator = men[0] if men and rng.random() < 0.8 else house.adults[-1]
    victims = [a for a in house.adults if a is not perpetrator]
    occurred = _when(rng, start)
    parts = [(perpetrator.id, "suspect")]
    if victims:
        parts.append((victims[0].id, "victim"))
        signals.da_victims.append((victims[0].id, occurred))
    signals.da_perpetrators.append((perpetrator.id, occurred))
    for child in house.children:
        if child.child and rng.random() < 0.7:
            parts.append((child.id, "present"))
            signals.da_children.append((child.id, occurred))
            signals.weight[child.id] += 1
    events.incident(b, kind="domestic_abuse", occurred=occurred, place_id=house.home.id,
                    place_name="the home address", rng=rng, participants=parts)


def _at_school(b: Builder, rng: random.Random, school: SchoolInfo,
               pupils: dict[str, list[Resident]], start: datetime, signals: Signals) -> None:
    roll = pupils.get(school.id) or []
    if len(roll) < 2:
        return
    suspect, victim = rng.sample(roll, 2)
    occurred = _when(rng, max(start, SEED_NOW - timedelta(days=700)))
    occurred = occurred.replace(hour=rng.randint(9, 15))
    kind = rng.choice(("violence", "asb", "other", "theft"))
    events.incident(b, kind=kind, occurred=occurred, place_id=school.place_id,
                    place_name="the school", rng=rng, owner="education",
                    participants=[(suspect.id, "suspect"), (victim.id, "victim")])
    signals.weight[suspect.id] += 1


def missing(b: Builder, rng: random.Random, geo: Geography, pop: Population, count: int,
            years: int, signals: Signals) -> None:
    """Missing episodes: a minority of children, many of them repeatedly; children in care
    go missing far more often."""
    start = window_start(years)
    candidates = [p for p in pop.people if p.child and p.missing > 0 and pop.free(p) and p.home]
    weights = [p.missing * (6 if p.cic else 2.5 if p.cp else 1) for p in candidates]
    # Weighted order without replacement (Efraimidis-Spirakis keys).
    keyed = sorted(zip(candidates, weights, strict=True),
                   key=lambda cw: -math.log(1.0 - rng.random()) / cw[1])
    homes_by_town: dict[str, list[str]] = defaultdict(list)
    for house in pop.households:
        homes_by_town[house.ward.town.name].append(house.home.id)
    by_town: dict[str, list[Resident]] = defaultdict(list)
    young_adults: dict[str, list[Resident]] = defaultdict(list)
    for p in pop.people:
        if not p.child and 18 <= p.age <= 30 and pop.free(p):
            young_adults[p.town].append(p)
    made = 0
    for child, _weight in keyed:
        if made >= count:
            break
        n = _EPISODES(rng)
        n = min(n, count - made)
        by_town[child.town].append(child)
        signals.missing_children.append(child.id)
        signals.weight[child.id] += n
        earliest = max(start, datetime(child.dob.year + 10, child.dob.month,
                                       min(child.dob.day, 28)))
        room = (SEED_NOW - earliest).total_seconds() / 86400 - 0.1
        span_days = min(365.0, 20 + n * 15, room)
        first = earliest + timedelta(days=(room - span_days) * rng.random() ** 0.8)
        for _ in range(n):
            reported = evening_bias(rng, first + timedelta(days=rng.random() * span_days))
            if reported >= SEED_NOW:
                reported = SEED_NOW - timedelta(hours=rng.randint(2, 30))
            _one_episode(b, rng, geo, child, reported, by_town, young_adults, homes_by_town)
            made += 1


def _one_episode(b: Builder, rng: random.Random, geo: Geography, child: Resident,
                 reported: datetime, by_town: dict[str, list[Resident]],
                 young_adults: dict[str, list[Resident]],
                 homes_by_town: dict[str, list[str]]) -> None:
    hours = round(min(max(rng.lognormvariate(math.log(7), 1.0), 0.5), 150.0), 1)
    recent = SEED_NOW - reported < timedelta(days=7)
    if reported + timedelta(hours=hours) >= SEED_NOW or (recent and rng.random() < 0.4):
        closed: float | None = None
    else:
        closed = hours
    risk = _RISK(rng)
    if closed is not None and closed > 24:
        risk = "high"
    found_place: str | None = None
    found_with: list[str] = []
    if closed is not None:
        roll = rng.random()
        if roll < 0.35:
            found_place = child.home
        elif roll < 0.75:
            found_place = geo.hotspot(rng, child.town).id
        elif roll < 0.85:
            found_place = geo.hotspot(rng, rng.choice(TOWNS).name).id
        elif roll < 0.95 and homes_by_town[child.town]:
            found_place = rng.choice(homes_by_town[child.town])
        mates = by_town[child.town]
        if rng.random() < 0.1 and len(mates) > 1:
            mate = rng.choice(mates)
            if mate is not child:
                found_with.append(mate.id)
        if rng.random() < 0.02 and young_adults[child.town]:
            found_with.append(rng.choice(young_adults[child.town]).id)
    episode_id = events.episode(
        b, rng, child_id=child.id, reported=reported, hours=closed, risk=risk,
        from_place=child.home, found_place=found_place, found_with=found_with,
        circumstances=rng.choice(events.CIRCUMSTANCES))
    if closed is None or rng.random() > 0.88:
        return
    returned = reported + timedelta(hours=closed)
    offer_h = rng.uniform(4, 70) if rng.random() < 0.8 else rng.uniform(73, 240)
    offered = returned + timedelta(hours=offer_h)
    if offered >= SEED_NOW:
        offered = SEED_NOW - timedelta(hours=1)
        status = "offered"
    else:
        status = _RHI(rng)
    completed = offered + timedelta(hours=rng.uniform(0, 72)) if status == "completed" else None
    if completed is not None and completed >= SEED_NOW:
        completed, status = None, "offered"
    push = rng.sample(events.PUSH_FACTORS, rng.randint(1, 2)) if completed else []
    pull = rng.sample(events.PULL_FACTORS, rng.randint(1, 3)) if completed else []
    events.interview(b, episode_id=episode_id, offered=offered, status=status,
                     completed=completed, push=push, pull=pull,
                     summary="Return home interview completed by the Missing Persons Unit."
                     if completed else "Interview offered by the Missing Persons Unit.")


def associations(b: Builder, rng: random.Random, pop: Population, signals: Signals) -> None:
    """Peer, online, school and exploitation links, thinner and weaker than the planted ones."""
    children = [p for p in pop.people if p.child and p.age >= 10 and pop.free(p)]
    by_town_age: dict[tuple[str, int], list[Resident]] = defaultdict(list)
    by_school: dict[str, list[Resident]] = defaultdict(list)
    for c in children:
        by_town_age[(c.town, c.age)].append(c)
        if c.school:
            by_school[c.school].append(c)
    recent = SEED_NOW - timedelta(days=700)
    for child in children:
        roll = rng.random()
        if roll < 0.2:
            for _ in range(rng.randint(1, 3)):
                age = min(17, max(10, child.age + rng.randint(-2, 2)))
                pool = by_town_age.get((child.town, age)) or []
                if not pool:
                    continue
                other = rng.choice(pool)
                if other is child:
                    continue
                first = SEED_NOW - timedelta(days=rng.randint(30, 1000))
                owner, category = ("police", "intelligence") if rng.random() < 0.8 \
                    else ("eis", "safeguarding")
                events.associate(b, child.id, other.id, context="peer",
                                 strength=rng.uniform(0.2, 0.6), first_seen=first,
                                 last_seen=first + timedelta(days=rng.randint(0, 200)),
                                 owner=owner, category=category)
        elif roll < 0.23 and child.age >= 12:
            pool = by_town_age.get((rng.choice(TOWNS).name, child.age)) or []
            if pool:
                other = rng.choice(pool)
                if other is not child:
                    seen = recent + timedelta(days=rng.randint(0, 690))
                    events.associate(b, child.id, other.id, context="online",
                                     strength=rng.uniform(0.2, 0.5), first_seen=seen,
                                     last_seen=seen)
        elif roll < 0.25 and child.school:
            mates = by_school[child.school]
            other = rng.choice(mates)
            if other is not child:
                seen = recent + timedelta(days=rng.randint(0, 690))
                events.associate(b, child.id, other.id, context="same_school",
                                 strength=rng.uniform(0.2, 0.4), first_seen=seen,
                                 last_seen=seen, owner="education", category="education")
        elif roll < 0.26:
            mentor = _adult_near(rng, pop, child.town)
            if mentor is not None:
                seen = recent + timedelta(days=rng.randint(0, 600))
                events.associate(b, mentor.id, child.id,
                                 context=rng.choice(("trusted_adult", "positive_activity")),
                                 strength=rng.uniform(0.4, 0.7), first_seen=seen,
                                 last_seen=seen + timedelta(days=rng.randint(0, 90)),
                                 owner="eis", category="safeguarding")
    concerning = [p for p in pop.people if p.of_concern and pop.free(p)]
    for adult in concerning:
        for _ in range(rng.randint(1, 2)):
            pool = by_town_age.get((adult.town, rng.randint(13, 17))) or []
            if not pool:
                continue
            child = rng.choice(pool)
            seen = recent + timedelta(days=rng.randint(0, 690))
            events.associate(b, adult.id, child.id, context="exploitation",
                             strength=rng.uniform(0.25, 0.55), first_seen=seen,
                             last_seen=seen + timedelta(days=rng.randint(0, 60)))
            signals.exploited.append(child.id)
            signals.weight[child.id] += 2


def _adult_near(rng: random.Random, pop: Population, town: str) -> Resident | None:
    for _ in range(20):
        person = pop.people[rng.randrange(len(pop.people))]
        if not person.child and person.town == town and 25 <= person.age <= 65 \
                and pop.free(person) and not person.of_concern:
            return person
    return None


def county_lines(b: Builder, rng: random.Random, geo: Geography, pop: Population, count: int,
                 phones: events.PhonePool, signals: Signals) -> None:
    """Lines beyond the planted ones, each with a phone or two, a controller, runners and
    sometimes a cuckooed address."""
    free_young: dict[str, list[Resident]] = defaultdict(list)
    tenants: dict[str, list[Resident]] = defaultdict(list)
    for p in pop.people:
        if not pop.free(p) or not p.home:
            continue
        if 14 <= p.age <= 21:
            free_young[p.town].append(p)
        elif p.age >= 40 and p.household < 0:
            tenants[p.town].append(p)
    towns = [t.name for t in TOWNS]
    town_weights = [t.population_k for t in TOWNS]
    for k in range(count):
        name = names.LINE_NAMES[(k + 4) % len(names.LINE_NAMES)]
        if k + 4 >= len(names.LINE_NAMES):
            name = f"{name} {k // len(names.LINE_NAMES) + 2}"
        city = rng.choice(CITIES)[0]
        importing = list(dict.fromkeys(rng.choices(towns, town_weights, k=2)))
        status = rng.choices(("active", "disrupted", "closed"), (45, 30, 25))[0]
        first_seen = SEED_NOW - timedelta(days=rng.randint(120, 1500))
        last_seen = (SEED_NOW - timedelta(days=rng.randint(1, 30)) if status == "active"
                     else first_seen + timedelta(days=rng.randint(60, 110)))
        line_id = events.county_line(b, name=name, status=status, first_seen=first_seen,
                                     last_seen=last_seen, exporting=geo.areas[city],
                                     importing=[geo.areas[t] for t in importing])
        for n in range(rng.randint(1, 2)):
            since = first_seen + timedelta(days=n * 40)
            events.line_phone(b, phones, line_id, since,
                              None if status == "active" else last_seen)
        # Controllers live where the line is run from, outside the county.
        controller = add_person(b, rng, pop, age=rng.randint(20, 35), gender="male",
                                ethnicity=rng.choice(("white", "black", "mixed", "asian")),
                                ward=None, home=None, household=-1, of_concern=True,
                                town=city, owner="police")
        pop.reserved.add(controller.id)
        events.on_line(b, controller.id, line_id, "controller", first_seen, last_seen)
        for _ in range(rng.randint(1, 3)):
            pool = free_young[importing[0]]
            if pool:
                runner = rng.choice(pool)
                events.on_line(b, runner.id, line_id, "runner", first_seen, last_seen)
                signals.exploited.append(runner.id)
                signals.weight[runner.id] += 3
        for town in importing[: rng.randint(0, 2)]:
            if tenants[town]:
                tenant = rng.choice(tenants[town])
                assert tenant.home is not None
                events.on_line(b, tenant.home, line_id, "cuckooed_address", first_seen,
                               last_seen)
