"""The county's map: real town names, invented wards, small areas, streets, places and schools.

Towns and their rough sizes follow Northamptonshire (two unitary councils); everything
below the town is invented: ward names, small-area codes (`E01099…`, a range no real
LSOA uses), outward postcodes `NN90`-`NN99` (beyond the real `NN` districts), streets,
addresses, businesses and schools.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from seed import names
from seed.dataset import Builder

WEST = "West Northamptonshire"
NORTH = "North Northamptonshire"
OUT_OF_COUNTY = "Out of county"
REGION = "East Midlands"


@dataclass(frozen=True)
class Town:
    name: str
    district: str
    population_k: int  # thousands, for weighting who lives where
    lat: float
    lon: float
    rail: bool
    wards: tuple[str, ...]


TOWNS: tuple[Town, ...] = (
    Town("Northampton", WEST, 225, 52.2405, -0.9027, True, (
        "Ashby Fields", "Briarwood", "Carrow Hill", "Dunmore", "Eastgate Vale", "Fernhill",
        "Garston Park", "Hollins", "Ivydene", "Jubilee Heath", "Kestrel Rise", "Larkmead",
        "Millbrook", "Nettleford", "Oakridge", "Pennyfield")),
    Town("Daventry", WEST, 28, 52.2570, -1.1630, False, (
        "Quarry Edge", "Ridgeway", "Saxon Fields", "Tennant Green")),
    Town("Brackley", WEST, 16, 52.0320, -1.1470, False, (
        "Upton Chase", "Vicarage Park", "Westbury Hill")),
    Town("Towcester", WEST, 11, 52.1340, -0.9900, False, (
        "Watling Meadows", "Yardley Brook")),
    Town("Kettering", NORTH, 63, 52.3980, -0.7250, True, (
        "Alder Cross", "Bramblecote", "Cranleigh", "Deeping Vale", "Elmstead", "Foxcote")),
    Town("Corby", NORTH, 68, 52.4880, -0.7010, True, (
        "Gainsford Park", "Hazelmere", "Ironmead", "Juniper Hill", "Kilnworth",
        "Lintonfield")),
    Town("Wellingborough", NORTH, 56, 52.3020, -0.6940, True, (
        "Marshbrook", "Nenevale", "Orchard Rise", "Pikestone", "Quillbrook")),
    Town("Rushden", NORTH, 31, 52.2900, -0.6010, False, (
        "Rookwell", "Sorrel Hill", "Tudor Fields", "Upper Knoll")),
    Town("Raunds", NORTH, 9, 52.3450, -0.5380, False, ("Vane Fields", "Warren Rise")),
    Town("Oundle", NORTH, 6, 52.4800, -0.4700, False, ("Ashton Mead", "Barnwell Rise")),
)
TOWN_BY_NAME: dict[str, Town] = {t.name: t for t in TOWNS}

# Cities lines are run from (exporting areas); county towns are the importing areas.
CITIES: tuple[tuple[str, str], ...] = (
    ("London", "London"), ("Birmingham", "West Midlands"), ("Leicester", "East Midlands"),
    ("Coventry", "West Midlands"), ("Nottingham", "East Midlands"), ("Luton", "East of England"),
)

# Wards with the highest need in the story the youth justice plan tells (gang activity in
# the main towns): they get more incidents, more missing episodes and more places.
HIGH_NEED_WARDS: frozenset[str] = frozenset({
    "Carrow Hill", "Eastgate Vale", "Millbrook", "Kilnworth", "Ironmead", "Marshbrook",
    "Nenevale", "Alder Cross", "Dunmore",
})

_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass
class Ward:
    name: str
    town: Town
    index: int  # position in the county, for stable codes
    need: float  # 0.3 to 1.0; higher means more incidents and episodes
    lsoas: tuple[str, ...]
    streets: tuple[str, ...]
    lat: float
    lon: float


@dataclass
class PlaceInfo:
    """What the generator needs to know about a place it made (not the row itself)."""

    id: str
    kind: str
    town: str
    ward: str


@dataclass
class SchoolInfo:
    id: str
    phase: str
    town: str
    ward: str
    place_id: str


@dataclass
class Geography:
    wards: list[Ward]
    wards_by_town: dict[str, list[Ward]]
    areas: dict[str, str]  # area name -> Area id
    public_places: dict[str, list[PlaceInfo]] = field(default_factory=dict)
    place_cum_weights: dict[str, list[float]] = field(default_factory=dict)
    children_homes: dict[str, list[PlaceInfo]] = field(default_factory=dict)
    schools: dict[tuple[str, str], list[SchoolInfo]] = field(default_factory=dict)

    def ward(self, name: str) -> Ward:
        for ward in self.wards:
            if ward.name == name:
                return ward
        raise KeyError(name)

    def hotspot(self, rng: random.Random, town: str) -> PlaceInfo:
        """A public place in `town`, busier places far more often (harm recurs at a few)."""
        places = self.public_places[town]
        cum = self.place_cum_weights[town]
        return places[bisect(cum, rng.random() * cum[-1])]

    def public_in_ward(self, ward: str) -> list[PlaceInfo]:
        return [p for ps in self.public_places.values() for p in ps if p.ward == ward]


def build(b: Builder, rng: random.Random, scale_places: tuple[int, int],
          children_homes: int, school_density: str) -> Geography:
    """Areas, wards, public places, children's homes and schools for one scale."""
    areas: dict[str, str] = {}
    for town in TOWNS:
        areas[town.name] = b.node("area", "police", "reference", "2021-06-01T09:00:00",
                                  name=town.name, kind="town", region=REGION)
    for city, region in CITIES:
        areas[city] = b.node("area", "police", "reference", "2021-06-01T09:00:00",
                             name=city, kind="city", region=region)

    wards: list[Ward] = []
    wards_by_town: dict[str, list[Ward]] = {}
    lsoa = 99000
    for town in TOWNS:
        for name in town.wards:
            count = rng.randint(3, 7)
            codes = tuple(f"E01{lsoa + i + 1:06d}" for i in range(count))
            lsoa += count
            need = rng.uniform(0.85, 1.0) if name in HIGH_NEED_WARDS else rng.uniform(0.3, 0.7)
            streets = tuple(sorted({names.street_name(rng) for _ in range(rng.randint(10, 22))}))
            ward = Ward(name, town, len(wards), need, codes, streets,
                        round(town.lat + rng.uniform(-0.02, 0.02), 5),
                        round(town.lon + rng.uniform(-0.03, 0.03), 5))
            wards.append(ward)
            wards_by_town.setdefault(town.name, []).append(ward)
    geo = Geography(wards, wards_by_town, areas)

    for town in TOWNS:
        _public_places(b, rng, geo, town, scale_places)
    _children_homes(b, rng, geo, children_homes)
    _schools(b, rng, geo, school_density)
    return geo


def address(rng: random.Random, ward: Ward) -> tuple[str, str, str, float, float]:
    """An invented street address, postcode, small area and position inside `ward`."""
    street = rng.choice(ward.streets)
    number = rng.randint(1, 140)
    town_no = TOWNS.index(ward.town)
    postcode = (f"NN9{town_no} {rng.randint(1, 9)}"
                f"{rng.choice(_POSTCODE_LETTERS)}{rng.choice(_POSTCODE_LETTERS)}")
    lat = round(ward.lat + rng.uniform(-0.006, 0.006), 5)
    lon = round(ward.lon + rng.uniform(-0.009, 0.009), 5)
    return f"{number} {street}", postcode, rng.choice(ward.lsoas), lat, lon


def place_props(rng: random.Random, ward: Ward, name: str | None,
                kind: str) -> dict[str, Any]:
    line, postcode, lsoa, lat, lon = address(rng, ward)
    return {
        "name": name or f"{line}, {ward.town.name}",
        "kind": kind,
        "address": f"{line}, {ward.town.name}",
        "postcode": postcode,
        "town": ward.town.name,
        "district": ward.town.district,
        "ward": ward.name,
        "lsoa": lsoa,
        "lat": lat,
        "lon": lon,
    }


def add_place(b: Builder, rng: random.Random, geo: Geography, ward: Ward, kind: str,
              name: str | None, owner: str, recorded_at: str) -> PlaceInfo:
    """One Place node and its IN_AREA link to its town."""
    place_id = b.node("place", owner, "reference", recorded_at,
                      **place_props(rng, ward, name, kind))
    b.rel("IN_AREA", place_id, geo.areas[ward.town.name], owner, "reference", recorded_at)
    return PlaceInfo(place_id, kind, ward.town.name, ward.name)


def _public_name(rng: random.Random, kind: str, ward: Ward) -> str:
    street = rng.choice(ward.streets)
    if kind == "park":
        return rng.choice((f"{ward.name} Recreation Ground", f"{street.split()[0]} Park",
                           f"{ward.name} Play Area"))
    if kind == "shop":
        return f"{rng.choice(names.STREET_WORDS)} {rng.choice(names.SHOPS)}, {street}"
    if kind == "takeaway":
        return f"{rng.choice(names.TAKEAWAYS)}, {street}"
    if kind == "street":
        return f"{street} shopping parade"
    return f"{ward.name} {rng.choice(names.OTHER_PLACES)}"


def _public_places(b: Builder, rng: random.Random, geo: Geography, town: Town,
                   per_ward: tuple[int, int]) -> None:
    kinds = ("park", "shop", "takeaway", "street", "other")
    kind_weight = {"park": 1.6, "shop": 1.0, "takeaway": 1.5, "street": 1.3, "other": 0.8,
                   "station": 2.5}
    places: list[PlaceInfo] = []
    weights: list[float] = []
    wards = geo.wards_by_town[town.name]
    station_ward = wards[0]
    station = "Railway Station" if town.rail else "Bus Station"
    places.append(add_place(b, rng, geo, station_ward, "station", f"{town.name} {station}",
                            "police", "2021-06-01T09:00:00"))
    weights.append(kind_weight["station"] * 2)
    for ward in wards:
        low, high = per_ward
        extra = 2 if ward.name in HIGH_NEED_WARDS else 0
        for _ in range(rng.randint(low, high) + extra):
            kind = rng.choice(kinds)
            places.append(add_place(b, rng, geo, ward, kind, _public_name(rng, kind, ward),
                                    "police", "2021-06-01T09:00:00"))
            weights.append(kind_weight[kind] * ward.need)
    # A few places in every town draw far more harm than the rest.
    order = list(range(len(places)))
    rng.shuffle(order)
    for rank, i in enumerate(order, start=1):
        weights[i] *= 1.0 / rank ** 0.7
    geo.public_places[town.name] = places
    geo.place_cum_weights[town.name] = list(accumulate(weights))


def _children_homes(b: Builder, rng: random.Random, geo: Geography, count: int) -> None:
    towns = [t.name for t in TOWNS]
    weights = [t.population_k for t in TOWNS]
    house_words = ("Willow", "Beech", "Rowan", "Linden", "Hawthorn", "Cedar", "Aspen", "Holly")
    for n in range(count):
        town = towns[n] if n < 2 else rng.choices(towns, weights)[0]
        ward = rng.choice(geo.wards_by_town[town])
        name = f"{rng.choice(house_words)} House children's home ({ward.name})"
        home = add_place(b, rng, geo, ward, "home", name, "trust", "2021-06-01T09:00:00")
        geo.children_homes.setdefault(town, []).append(home)


def _schools(b: Builder, rng: random.Random, geo: Geography, density: str) -> None:
    urn = 990000
    county = density == "county"
    for town in TOWNS:
        wards = geo.wards_by_town[town.name]
        plan: list[tuple[str, Ward, str]] = []
        primaries = 3 if county else 1
        for i, ward in enumerate(wards):
            for k in range(primaries):
                if not county and i % 2 == 1:
                    continue
                word = rng.choice(names.STREET_WORDS)
                kind = rng.choice(("Primary Academy", "Junior School", "CE Primary School"))
                name = f"{ward.name} Primary School" if k == 0 else f"{word} {kind}"
                plan.append(("primary", ward, name))
        secondaries = max(1, len(wards) // 2) if county else (2 if len(wards) > 10 else 1)
        for k in range(secondaries):
            ward = wards[(k * 2) % len(wards)]
            suffix = ("Academy", "School", "Community College", "Technology College")[k % 4]
            plan.append(("secondary", ward, f"{town.name} {ward.name} {suffix}"))
        ap_towns = {"Northampton", "Kettering", "Corby", "Wellingborough"} if county \
            else {"Northampton", "Corby"}
        if town.name in ap_towns:
            plan.append(("ap", wards[-1], f"{town.name} Pathways Learning Centre"))
        special_towns = {"Northampton", "Kettering", "Daventry"} if county else {"Northampton"}
        if town.name in special_towns:
            plan.append(("special", wards[1 % len(wards)],
                         f"{rng.choice(names.STREET_WORDS)} Hill Special School"))
        for phase, ward, name in plan:
            urn += 1
            place = add_place(b, rng, geo, ward, "school", name, "education",
                              "2021-06-01T09:00:00")
            school_id = b.node("school", "education", "reference", "2021-06-01T09:00:00",
                               name=name, phase=phase, urn=str(urn), town=town.name)
            b.rel("LOCATED_AT", school_id, place.id, "education", "reference",
                  "2021-06-01T09:00:00")
            geo.schools.setdefault((town.name, phase), []).append(
                SchoolInfo(school_id, phase, town.name, ward.name, place.id))
