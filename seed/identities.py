"""The county's children as several agencies' records, with the noise real records carry.

Each agency writes its own record of a child: its own spelling, an old address, a
nickname, a date of birth typed day-first, or none at all. Twins and siblings share a
surname, an address and (twins) a date of birth, and are different children: linkage
must not join them. The true identity of every record is kept in a manifest, outside
the store, so a benchmark can score the linker against it.

>>> county = agency_records(200, seed=3)
>>> len({county.truth[r["record_id"]] for r in county.records}) == 200
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hub.domain.identifiers import nhs_check_digit, pnc_check_letter, upn_check_letter
from hub.linkage.nicknames import VARIANTS, canonical
from seed import names
from seed.geography import TOWNS

AGENCIES = ("police", "trust", "eis", "education", "yos", "health")
# How many agencies hold a child, and which agencies are likeliest to.
_RECORDS_PER_CHILD = ((1, 30), (2, 35), (3, 22), (4, 10), (5, 3))
_AGENCY_WEIGHT = {"police": 30, "trust": 30, "education": 25, "health": 20, "eis": 8, "yos": 5}
# The identifier each agency holds of its own, and how often it records the others'.
_OWN_SCHEME = {"health": "nhs", "education": "upn", "police": "police", "trust": "social_care"}
_RECORDS_NHS = {"trust": 0.35, "health": 0.95, "eis": 0.1, "yos": 0.2}
_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


@dataclass
class Child:
    key: str
    given: str
    family: str
    gender: str
    dob: date
    town: str
    postcode: str
    nhs: str
    upn: str
    police: str
    social_care: str
    twin_of: str | None = None


@dataclass
class Manifest:
    """The records, and the truth about them that only a test or a benchmark may read."""

    records: list[dict[str, Any]]
    truth: dict[str, str]  # record id -> the true child's key
    twins: set[frozenset[str]]  # pairs of true child keys that are twins

    def twin_record_pairs(self) -> list[tuple[str, str]]:
        """Every pair of records, one of each twin: these must never be joined."""
        by_child: dict[str, list[str]] = {}
        for record, child in self.truth.items():
            by_child.setdefault(child, []).append(record)
        return [(a, b) for pair in self.twins for a in by_child.get(min(pair), [])
                for b in by_child.get(max(pair), [])]


def agency_records(children: int, seed: int = 7, twin_share: float = 0.02) -> Manifest:
    """`children` true children as agency records, with the truth kept beside them.

    About `twin_share` of households hold twins; a third of children have a sibling in
    the county, sharing surname, address and town.
    """
    rng = random.Random(seed)
    people = _children(rng, children, twin_share)
    _unique_identifiers(rng, people)
    records: list[dict[str, Any]] = []
    truth: dict[str, str] = {}
    counts, weights = zip(*_RECORDS_PER_CHILD, strict=True)
    agencies, agency_weights = zip(*_AGENCY_WEIGHT.items(), strict=True)
    for child in people:
        how_many = rng.choices(counts, weights)[0]
        held_by: list[str] = []
        while len(held_by) < how_many:
            agency = rng.choices(agencies, agency_weights)[0]
            if agency not in held_by:
                held_by.append(agency)
        for agency in held_by:
            record = _record(rng, child, agency, f"rec_{len(records):07d}")
            records.append(record)
            truth[record["record_id"]] = child.key
    twins = {frozenset((c.key, c.twin_of)) for c in people if c.twin_of}
    return Manifest(records, truth, twins)


def _children(rng: random.Random, count: int, twin_share: float) -> list[Child]:
    people: list[Child] = []
    today = date(2026, 11, 1)
    while len(people) < count:
        town = rng.choice(TOWNS)
        ethnicity = rng.choice(("white", "white", "white", "white", "black", "asian", "other"))
        family = names.family_name(rng, ethnicity)
        postcode = f"NN9{TOWNS.index(town)} {rng.randint(1, 9)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"
        size = 2 if rng.random() < twin_share else rng.choice((1, 1, 1, 2, 3))
        twins = size == 2 and rng.random() < twin_share * 10
        first_dob = today - timedelta(days=rng.randint(365 * 8, 365 * 18))
        for i in range(size):
            gender = rng.choice(("female", "male"))
            dob = first_dob if twins or i == 0 else first_dob - timedelta(days=rng.randint(400, 2500))
            given = names.given_name(rng, gender, ethnicity)
            while any(canonical(p.given) == canonical(given) for p in people[len(people) - i:]):
                given = names.given_name(rng, gender, ethnicity)
            people.append(Child(f"child_{len(people):06d}", given, family, gender, dob,
                                town.name, postcode, _nhs(rng), _upn(rng), _pnc(rng),
                                str(rng.randint(100000, 9999999)),
                                twin_of=people[-1].key if twins and i == 1 else None))
    return people[:count]


def _unique_identifiers(rng: random.Random, people: list[Child]) -> None:
    """Draw again any identifier two children were given: a real one names one person."""
    for scheme, draw in (("nhs", _nhs), ("upn", _upn), ("police", _pnc),
                         ("social_care", lambda r: str(r.randint(100000, 9999999)))):
        seen: set[str] = set()
        for child in people:
            value = getattr(child, scheme)
            while value in seen:
                value = draw(rng)
            seen.add(value)
            setattr(child, scheme, value)


def _record(rng: random.Random, child: Child, agency: str, record_id: str) -> dict[str, Any]:
    given, family = child.given, child.family
    roll = rng.random()
    if roll < 0.10 and given in VARIANTS:
        given = rng.choice(VARIANTS[given])
    elif roll < 0.16:
        given = _typo(rng, given)
    roll = rng.random()
    if roll < 0.07:
        family = _typo(rng, family)
    elif roll < 0.11:
        family = f"{family}-{names.family_name(rng, 'white')}" if rng.random() < 0.5 else family
    if rng.random() < 0.02:
        given, family = family, given
    dob: str | None = child.dob.isoformat()
    roll = rng.random()
    if roll < 0.08:
        dob = None
    elif roll < 0.11 and child.dob.day <= 12 and child.dob.day != child.dob.month:
        dob = date(child.dob.year, child.dob.day, child.dob.month).isoformat()
    elif roll < 0.13:
        dob = (child.dob + timedelta(days=rng.choice((-1, 1)))).isoformat()
    town, postcode = child.town, child.postcode
    if rng.random() < 0.15:
        moved = rng.choice(TOWNS)
        town = moved.name
        postcode = f"NN9{TOWNS.index(moved)} {rng.randint(1, 9)}{rng.choice(_LETTERS)}{rng.choice(_LETTERS)}"
    gender = "unknown" if rng.random() < 0.04 else child.gender
    identifiers: dict[str, str] = {}
    own = _OWN_SCHEME.get(agency)
    if own and rng.random() < 0.9:
        identifiers[own] = getattr(child, own)
    if own != "nhs" and rng.random() < _RECORDS_NHS.get(agency, 0.05):
        identifiers["nhs"] = child.nhs
    if "nhs" in identifiers and rng.random() < 0.01:
        identifiers["nhs"] = _mistype(rng, identifiers["nhs"])
    return {"record_id": record_id, "agency": agency, "given_name": given,
            "family_name": family, "dob": dob, "gender": gender, "town": town,
            "postcode": postcode, "identifiers": identifiers}


def _typo(rng: random.Random, word: str) -> str:
    """One slip of the keyboard: a letter swapped with the next, dropped, doubled or changed."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    kind = rng.randint(0, 3)
    if kind == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:
        return word[:i] + word[i + 1:]
    if kind == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("aeiourstnl") + word[i + 1:]


def _mistype(rng: random.Random, digits: str) -> str:
    i = rng.randrange(len(digits))
    return digits[:i] + str((int(digits[i]) + rng.randint(1, 9)) % 10) + digits[i + 1:]


def _nhs(rng: random.Random) -> str:
    """A valid number in the 999 range the NHS keeps for test data, never a real patient's."""
    while True:
        first = f"999{rng.randint(0, 999999):06d}"
        check = nhs_check_digit(first)
        if check is not None:
            return f"{first}{check}"


def _upn(rng: random.Random) -> str:
    # LA code 999 is not a real authority's.
    rest = f"999{rng.randint(1000, 9999)}{rng.randint(10, 26)}{rng.randint(0, 999):03d}"
    return upn_check_letter(rest) + rest


def _pnc(rng: random.Random) -> str:
    year, serial = f"{rng.randint(18, 26)}", str(rng.randint(1, 9999999))
    return f"{year}/{serial}{pnc_check_letter(year, serial)}"
