"""The make-up of a cohort by age, gender, ethnicity and area, set beside the county's
population, so a panel sees over-representation (a stated concern of the youth justice
plan) rather than raw counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from hub.graph.analytics.dates import age_on
from hub.graph.analytics.limits import DEFAULT_LIMITS, AnalysisLimits
from hub.graph.analytics.results import AsDict
from hub.graph.analytics.shapes import PersonRow

AGE_BANDS: tuple[str, ...] = ("0-9", "10-13", "14-15", "16-17", "18-24", "25+")
DIMENSIONS: tuple[str, ...] = ("age_band", "gender", "ethnicity", "area")
# Recorded, but saying nothing about the person: counted apart, never compared.
NOT_KNOWN: frozenset[str] = frozenset({"", "unknown", "not_stated", "not_known"})
# When a dimension's population has this key, values it does not list are counted under it.
OTHER = "other"

# Illustrative figures for a county of about 750,000 people shaped like Northamptonshire,
# rounded and not official statistics: a deployment passes its own census shares. The
# areas are the towns the seed data places people in, weighted by their population.
COUNTY_POPULATION_SHARES: dict[str, dict[str, float]] = {
    "age_band": {
        "0-9": 0.121, "10-13": 0.050, "14-15": 0.025, "16-17": 0.024,
        "18-24": 0.078, "25+": 0.702,
    },
    "gender": {"female": 0.507, "male": 0.491, "non_binary": 0.002},
    "ethnicity": {
        "white": 0.875, "asian": 0.044, "black": 0.036, "mixed": 0.028, "other": 0.017,
    },
    "area": {
        "Northampton": 0.4386, "Corby": 0.1326, "Kettering": 0.1228, "Wellingborough": 0.1092,
        "Rushden": 0.0604, "Daventry": 0.0546, "Brackley": 0.0312, "Towcester": 0.0214,
        "Raunds": 0.0175, "Oundle": 0.0117,
    },
}


@dataclass(frozen=True)
class ShareRow(AsDict):
    """One value of one dimension: its count, its share of those whose value is known,
    the population share, and the ratio of the two (above 1: over-represented)."""

    value: str
    count: int
    share: float
    population_share: float | None
    ratio: float | None


@dataclass(frozen=True)
class DimensionBreakdown(AsDict):
    """One dimension of the cohort; `unknown` people are left out of the shares."""

    dimension: str
    known: int
    unknown: int
    rows: tuple[ShareRow, ...]


@dataclass(frozen=True)
class Breakdown(AsDict):
    """A cohort by age band, gender, ethnicity and area (town)."""

    total: int
    as_of: str
    age_band: DimensionBreakdown
    gender: DimensionBreakdown
    ethnicity: DimensionBreakdown
    area: DimensionBreakdown

    def over_represented(self, min_ratio: float = 1.5,
                         min_count: int = 1) -> list[tuple[str, str, float]]:
        """(dimension, value, ratio) for every value at least `min_ratio` times its
        population share, largest ratio first."""
        found = [(d.dimension, row.value, row.ratio)
                 for d in (self.age_band, self.gender, self.ethnicity, self.area)
                 for row in d.rows
                 if row.ratio is not None and row.ratio >= min_ratio and row.count >= min_count]
        return sorted(found, key=lambda item: (-item[2], item[0], item[1]))


def age_band(age: int) -> str:
    """The cohort age band an age falls in.

    >>> age_band(13), age_band(17), age_band(30)
    ('10-13', '16-17', '25+')
    """
    if age < 10:
        return "0-9"
    if age < 14:
        return "10-13"
    if age < 16:
        return "14-15"
    if age < 18:
        return "16-17"
    return "18-24" if age < 25 else "25+"


def cohort_breakdown(people: Iterable[PersonRow],
                     population_shares: Mapping[str, Mapping[str, float]], today: date,
                     limits: AnalysisLimits = DEFAULT_LIMITS) -> Breakdown:
    """Counts and shares by age band (at `today`), gender, ethnicity and area, each beside
    its population share. Every population value gets a row, even at zero, since an
    absence can matter as much as a crowd.

    >>> shares = {"gender": {"female": 0.5, "male": 0.5}}
    >>> b = cohort_breakdown([{"id": "a", "gender": "male", "dob": "2010-01-01"},
    ...                       {"id": "b", "gender": "male", "dob": "2009-06-01"},
    ...                       {"id": "c", "gender": None, "dob": None}], shares, date(2025, 1, 1))
    >>> [(r.value, r.count, r.share, r.ratio) for r in b.gender.rows], b.gender.unknown
    ([('female', 0, 0.0, 0.0), ('male', 2, 1.0, 2.0)], 1)
    """
    rows = list(people)
    limits.check_size(len(rows))
    values: dict[str, list[str | None]] = {dimension: [] for dimension in DIMENSIONS}
    for person in rows:
        age = age_on(person.get("dob"), today)
        values["age_band"].append(age_band(age) if age is not None and age >= 0 else None)
        values["gender"].append(person.get("gender"))
        values["ethnicity"].append(person.get("ethnicity"))
        values["area"].append(person.get("town"))
    parts = {
        dimension: _dimension(dimension, values[dimension], population_shares.get(dimension, {}))
        for dimension in DIMENSIONS
    }
    return Breakdown(total=len(rows), as_of=today.isoformat(), **parts)


def _dimension(dimension: str, raw: list[str | None],
               population: Mapping[str, float]) -> DimensionBreakdown:
    by_folded = {key.casefold(): key for key in population}
    counts: Counter[str] = Counter()
    unknown = 0
    for value in raw:
        text = (value or "").strip()
        if text.casefold() in NOT_KNOWN:
            unknown += 1
            continue
        key = by_folded.get(text.casefold())
        if key is None:
            key = OTHER if OTHER in population else text
        counts[key] += 1
    known = sum(counts.values())
    order = list(AGE_BANDS) if dimension == "age_band" else list(population)
    order += sorted(value for value in counts if value not in order)
    share_rows = []
    for value in order:
        count = counts.get(value, 0)
        share = count / known if known else 0.0
        population_share = population.get(value)
        ratio = round(share / population_share, 2) if known and population_share else None
        share_rows.append(ShareRow(value, count, round(share, 4), population_share, ratio))
    return DimensionBreakdown(dimension, known, unknown, tuple(share_rows))
