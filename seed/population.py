"""The people of the county: households, homes, family ties and who goes to which school.

Proportions are plausible for a Northamptonshire-like county: most people are White,
the larger towns are more diverse, households known to services have children mostly
of secondary age. Each person also gets a hidden propensity to offend and to go
missing, which the activity generators draw on; the over-representation of Black and
Mixed boys among young suspects that the youth justice plan describes comes from
there, not from the population itself.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from hub.domain.names import name_grams
from seed import names
from seed.clock import SEED_NOW, SEED_TODAY, between, dob_for_age, iso_day, iso_time
from seed.dataset import Builder
from seed.draw import Weighted
from seed.geography import OUT_OF_COUNTY, TOWNS, Geography, PlaceInfo, Ward, add_place

ETHNICITIES = ("white", "asian", "black", "mixed", "other", "not_stated")
ETHNICITY_MIX = (0.855, 0.04, 0.035, 0.035, 0.025, 0.01)
ETHNICITY_MIX_URBAN = (0.78, 0.06, 0.065, 0.045, 0.04, 0.01)
URBAN = frozenset({"Northampton", "Corby", "Wellingborough", "Kettering"})

# How much more often a young person of each group is named as a suspect, all else equal:
# the disproportionality the youth justice plan is concerned about, planted in the noise.
SUSPECT_ETHNICITY_FACTOR = {"white": 1.0, "asian": 0.9, "black": 2.4, "mixed": 1.9,
                            "other": 1.0, "not_stated": 1.0}
SUSPECT_GENDER_FACTOR = {"male": 4.0, "female": 1.0, "non_binary": 1.0, "unknown": 1.0}

# Children known to the hub are mostly adolescents; ages 0-17.
CHILD_AGE_WEIGHTS = (2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 6, 7, 8, 9, 10, 10, 9)
PERSON_OWNERS = ("police", "trust", "eis", "education", "yos", "health")
PERSON_OWNER_WEIGHTS = (50, 40, 5, 3, 1, 1)
_OWNER = Weighted(PERSON_OWNERS, PERSON_OWNER_WEIGHTS)
_ETHNICITY = {True: Weighted(ETHNICITIES, ETHNICITY_MIX_URBAN),
              False: Weighted(ETHNICITIES, ETHNICITY_MIX)}
_CHILD_AGE = Weighted(range(18), CHILD_AGE_WEIGHTS)
_CHILDREN = Weighted((1, 2, 3, 4, 5), (35, 35, 18, 8, 4))
_TOWN = Weighted(TOWNS, [t.population_k for t in TOWNS])


@dataclass(slots=True)
class Resident:
    id: str
    child: bool
    age: int
    dob: date
    gender: str
    ethnicity: str
    town: str
    district: str
    ward: str
    home: str | None
    household: int  # -1 when not in a household the hub knows
    given: str
    family: str
    need: float = 0.5  # the ward's need, carried for weighting
    offending: float = 0.0
    missing: float = 0.0
    school: str | None = None
    cic: bool = False
    cp: bool = False
    of_concern: bool = False

    @property
    def name(self) -> str:
        return f"{self.given} {self.family}"


@dataclass
class Household:
    index: int
    ward: Ward
    home: PlaceInfo
    family_id: str | None
    adults: list[Resident] = field(default_factory=list)
    children: list[Resident] = field(default_factory=list)


@dataclass
class Population:
    people: list[Resident] = field(default_factory=list)
    households: list[Household] = field(default_factory=list)
    by_id: dict[str, Resident] = field(default_factory=dict)
    reserved: set[str] = field(default_factory=set)  # planted people, kept out of the noise

    def add(self, person: Resident) -> None:
        self.people.append(person)
        self.by_id[person.id] = person

    def children(self) -> list[Resident]:
        return [p for p in self.people if p.child]

    def free(self, person: Resident) -> bool:
        return person.id not in self.reserved


def pick_gender(rng: random.Random, child: bool) -> str:
    r = rng.random()
    female = 0.485 if child else 0.52
    if r < female:
        return "female"
    if r < 0.99:
        return "male"
    return "non_binary" if r < 0.995 else "unknown"


def pick_ethnicity(rng: random.Random, town: str) -> str:
    return _ETHNICITY[town in URBAN](rng)


def person_recorded_at(rng: random.Random, dob: date) -> str:
    born = datetime.combine(dob, time(9, 0))
    earliest = max(born + timedelta(days=2), datetime(2019, 1, 1))
    latest = SEED_NOW - timedelta(hours=1)
    if earliest >= latest:
        earliest = born
    return iso_time(between(rng, earliest, latest))


def add_person(b: Builder, rng: random.Random, pop: Population, *, age: int, gender: str,
               ethnicity: str, ward: Ward | None, home: str | None, household: int,
               family: str | None = None, of_concern: bool | None = None,
               town: str | None = None, owner: str | None = None) -> Resident:
    """One Person node (Child or Adult by age on the seed's today) and where they live."""
    child = age < 18
    dob = dob_for_age(rng, age)
    given = names.given_name(rng, gender, ethnicity)
    family = family or names.family_name(rng, ethnicity)
    owner = owner or _OWNER(rng)
    where_town = ward.town.name if ward else (town or "London")
    district = ward.town.district if ward else OUT_OF_COUNTY
    ward_name = ward.name if ward else OUT_OF_COUNTY
    recorded = person_recorded_at(rng, dob)
    props: dict[str, Any] = {
        "given_name": given, "family_name": family, "name": f"{given} {family}",
        "name_lc": f"{given} {family}".lower(), "name_grams": name_grams(f"{given} {family}"),
        "dob": iso_day(dob), "gender": gender,
        "ethnicity": ethnicity, "town": where_town, "district": district, "ward": ward_name,
    }
    if not child:
        props["of_concern"] = bool(of_concern)
    person_id = b.node("child" if child else "adult", owner, "identity", recorded, **props)
    person = Resident(person_id, child, age, dob, gender, ethnicity, where_town, district,
                      ward_name, home, household, given, family,
                      need=ward.need if ward else 0.5, of_concern=bool(of_concern))
    if home is not None:
        b.rel("LIVES_AT", person_id, home, owner, "identity", recorded,
              **{"from": iso_day(dob if child and rng.random() < 0.5 else
                                 date.fromisoformat(recorded[:10]))})
    pop.add(person)
    return person


def _child_age(rng: random.Random) -> int:
    return _CHILD_AGE(rng)


def build(b: Builder, rng: random.Random, geo: Geography, target_people: int) -> Population:
    pop = Population()
    ward_of = {t.name: Weighted(geo.wards_by_town[t.name],
                                [w.need + 0.4 for w in geo.wards_by_town[t.name]])
               for t in TOWNS}
    household_target = int(target_people * 0.9)
    while len(pop.people) < household_target:
        _household(b, rng, geo, pop, ward_of[_TOWN(rng).name](rng))
    while len(pop.people) < target_people:
        town = _TOWN(rng)
        ward = rng.choice(geo.wards_by_town[town.name])
        roll = rng.random()
        age = (rng.randint(18, 24) if roll < 0.4 else rng.randint(25, 40) if roll < 0.8
               else rng.randint(41, 75))
        owner = rng.choice(("police", "police", "trust"))
        home = add_place(b, rng, geo, ward, "home", None, owner, "2021-06-01T09:00:00")
        gender = pick_gender(rng, False)
        concern = age <= 35 and gender == "male" and rng.random() < 0.04
        add_person(b, rng, pop, age=age, gender=gender,
                   ethnicity=pick_ethnicity(rng, town.name), ward=ward, home=home.id,
                   household=-1, owner=owner, of_concern=concern)
    _propensities(rng, pop)
    _schools(b, rng, geo, pop)
    return pop


def _household(b: Builder, rng: random.Random, geo: Geography, pop: Population,
               ward: Ward) -> None:
    owner = rng.choice(("trust", "trust", "police"))
    ethnicity = pick_ethnicity(rng, ward.town.name)
    surname = names.family_name(rng, ethnicity)
    home = add_place(b, rng, geo, ward, "home", None, owner, "2021-06-01T09:00:00")
    family_id = b.node("family", "trust", "identity",
                       iso_time(between(rng, SEED_NOW.replace(year=2020), SEED_NOW)),
                       name=f"{surname} family", town=ward.town.name)
    house = Household(len(pop.households), ward, home, family_id)
    pop.households.append(house)

    n_children = _CHILDREN(rng)
    first = _child_age(rng)
    ages = sorted({max(0, min(17, first - rng.randint(0, 7) * (k > 0))) for k in
                   range(n_children)}, reverse=True)
    oldest = ages[0]
    adults = 2 if rng.random() < 0.55 else 1
    parent_age = min(oldest + rng.randint(19, 36), 62)
    mixed_children = rng.random() < {"white": 0.03, "black": 0.12}.get(ethnicity, 0.0)
    for k in range(adults):
        gender = "female" if k == 0 and rng.random() < 0.9 else (
            "male" if k == 1 or rng.random() < 0.5 else "female")
        adult_surname = surname if k == 0 or rng.random() < 0.7 else None
        adult_ethnicity = ethnicity if not mixed_children or k == 0 else \
            ("black" if ethnicity == "white" else "white")
        house.adults.append(add_person(
            b, rng, pop, age=max(18, parent_age + rng.randint(-3, 4)), gender=gender,
            ethnicity=adult_ethnicity, ward=ward, home=home.id, household=house.index,
            family=adult_surname, owner=owner))
    if rng.random() < 0.1:
        ages.insert(0, rng.randint(18, 22))
    child_ethnicity = "mixed" if mixed_children or ethnicity == "mixed" else ethnicity
    for age in ages:
        in_care = 8 <= age < 18 and rng.random() < 0.02
        placement = _placement(rng, geo, ward) if in_care else None
        child = add_person(
            b, rng, pop, age=age, gender=pick_gender(rng, age < 18), ethnicity=child_ethnicity,
            ward=ward, home=placement.id if placement else home.id, household=house.index,
            family=surname, owner=owner)
        if placement is not None:
            child.cic = True
            moved = max(SEED_TODAY - timedelta(days=rng.randint(30, 1100)),
                        child.dob + timedelta(days=400))
            b.rel("LIVES_AT", child.id, home.id, "trust", "identity",
                  f"{iso_day(moved)}T10:00:00",
                  **{"from": iso_day(child.dob), "to": iso_day(moved)})
        house.children.append(child)
    _family_links(b, rng, house, owner)


def _placement(rng: random.Random, geo: Geography, ward: Ward) -> PlaceInfo:
    homes = geo.children_homes.get(ward.town.name) or geo.children_homes["Northampton"]
    return rng.choice(homes)


def _family_links(b: Builder, rng: random.Random, house: Household, owner: str) -> None:
    when = iso_time(between(rng, SEED_NOW.replace(year=2020), SEED_NOW - timedelta(days=30)))
    assert house.family_id is not None
    for k, adult in enumerate(house.adults):
        b.rel("MEMBER_OF_FAMILY", adult.id, house.family_id, owner, "identity", when,
              role="parent" if k == 0 or rng.random() < 0.85 else "carer")
    for child in house.children:
        b.rel("MEMBER_OF_FAMILY", child.id, house.family_id, owner, "identity", when,
              role="child")
        for k, adult in enumerate(house.adults):
            kind = "parent" if k == 0 or rng.random() < 0.85 else "carer"
            b.rel("FAMILY_OF", adult.id, child.id, owner, "identity", when, kind=kind)
    kids = house.children
    for i in range(len(kids)):
        for j in range(i + 1, len(kids)):
            b.rel("FAMILY_OF", kids[i].id, kids[j].id, owner, "identity", when, kind="sibling")


def _propensities(rng: random.Random, pop: Population) -> None:
    for p in pop.people:
        if p.age < 10 or p.age > 40:
            continue
        age_factor = (1.5 if p.age < 14 else 5.0 if p.age < 18 else 4.0 if p.age < 25
                      else 2.0 if p.age < 31 else 0.8)
        p.offending = (min(rng.lognormvariate(0, 0.9), 5.0) * age_factor
                       * SUSPECT_GENDER_FACTOR[p.gender]
                       * SUSPECT_ETHNICITY_FACTOR[p.ethnicity] * (0.4 + p.need))
        if p.child and 10 <= p.age <= 17:
            p.missing = rng.lognormvariate(0, 1.0) * (0.5 if p.age < 13 else 1.0) * (
                0.4 + p.need)


def attend(b: Builder, rng: random.Random, child: Resident, school_id: str) -> None:
    """An ATTENDS link for the current school year (year groups from Reception = 0)."""
    years_on_roll = rng.randint(0, max(0, min(4, child.age - 4)))
    started = date(SEED_TODAY.year - years_on_roll, 9, 3)
    b.rel("ATTENDS", child.id, school_id, "education", "education",
          iso_time(SEED_NOW.replace(year=started.year, month=9, day=5, hour=9)),
          **{"from": iso_day(started), "year_group": max(0, min(13, child.age - 4))})
    child.school = school_id


def _schools(b: Builder, rng: random.Random, geo: Geography, pop: Population) -> None:
    for child in pop.people:
        if not child.child or child.age < 4 or (child.age >= 16 and rng.random() < 0.4):
            continue
        phase = "primary" if child.age <= 10 else "secondary"
        roll = rng.random()
        if phase == "secondary" and roll < 0.012:
            phase = "ap"
        elif roll > 0.99:
            phase = "special"
        options = geo.schools.get((child.town, phase)) or geo.schools[("Northampton", phase)]
        same_ward = [s for s in options if s.ward == child.ward]
        school = rng.choice(same_ward if same_ward and rng.random() < 0.6 else options)
        attend(b, rng, child, school.id)
