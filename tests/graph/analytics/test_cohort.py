from __future__ import annotations

from datetime import date

import pytest

from hub.graph.analytics.cohort import (
    AGE_BANDS,
    COUNTY_POPULATION_SHARES,
    age_band,
    cohort_breakdown,
)
from hub.graph.analytics.limits import AnalysisLimits, AnalysisTooLarge
from hub.graph.analytics.shapes import PersonRow

TODAY = date(2025, 6, 1)


def person(id: str, dob: str | None, gender: str | None, ethnicity: str | None,
           town: str | None) -> PersonRow:
    return {"id": id, "dob": dob, "gender": gender, "ethnicity": ethnicity, "town": town}


def panel_cohort() -> list[PersonRow]:
    """Ten young people at a MACE panel: mostly boys of 14-17 from Northampton, four of them
    black; one with no recorded ethnicity, one living outside the listed towns."""
    return [
        person("p1", "2010-02-01", "male", "black", "Northampton"),
        person("p2", "2009-07-15", "male", "black", "Northampton"),
        person("p3", "2008-09-01", "male", "black", "Northampton"),
        person("p4", "2011-01-20", "male", "black", "Kettering"),
        person("p5", "2009-03-03", "male", "white", "Northampton"),
        person("p6", "2008-12-12", "male", "white", "Corby"),
        person("p7", "2010-05-05", "female", "white", "Northampton"),
        person("p8", "2009-10-10", "female", "mixed", "Northampton"),
        person("p9", "2007-06-02", "male", "not_stated", "Northampton"),
        person("p10", "2012-01-01", "male", "white", "Little Snorford"),
    ]


def rows_of(breakdown_part: object) -> dict[str, tuple[int, float, float | None]]:
    return {r.value: (r.count, r.share, r.ratio) for r in breakdown_part.rows}  # type: ignore[attr-defined]


def test_the_illustrative_population_shares_each_add_up_to_one() -> None:
    for dimension, shares in COUNTY_POPULATION_SHARES.items():
        assert sum(shares.values()) == pytest.approx(1.0), dimension
    assert list(COUNTY_POPULATION_SHARES["age_band"]) == list(AGE_BANDS)


def test_age_bands_have_the_stated_edges() -> None:
    assert [age_band(a) for a in (9, 10, 13, 14, 15, 16, 17, 18, 24, 25)] == [
        "0-9", "10-13", "10-13", "14-15", "14-15", "16-17", "16-17", "18-24", "18-24", "25+"]


def test_over_representation_of_black_boys_is_visible_beside_the_population() -> None:
    b = cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES, TODAY)

    ethnicity = rows_of(b.ethnicity)
    assert b.ethnicity.known == 9 and b.ethnicity.unknown == 1
    assert ethnicity["black"] == (4, 0.4444, round((4 / 9) / 0.036, 2))
    assert ethnicity["asian"] == (0, 0.0, 0.0)
    assert rows_of(b.gender)["male"][0] == 8
    flagged = {(dimension, value): ratio
               for dimension, value, ratio in b.over_represented(min_ratio=2.0)}
    assert flagged[("ethnicity", "black")] == 12.35
    assert flagged[("age_band", "14-15")] == 20.0
    assert ("ethnicity", "white") not in flagged
    assert b.over_represented()[0] == ("age_band", "14-15", 20.0)


def test_ages_are_counted_on_the_given_day() -> None:
    b = cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES, TODAY)
    ages = rows_of(b.age_band)
    assert [r.value for r in b.age_band.rows] == list(AGE_BANDS)
    # p9 turned 18 the day after TODAY would make them 18: still 17 on 2025-06-01
    assert ages["16-17"][0] == 4
    assert ages["18-24"][0] == 0
    later = rows_of(cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES,
                                     date(2025, 6, 2)).age_band)
    assert later["18-24"][0] == 1


def test_a_town_not_in_the_population_gets_its_own_row_and_no_ratio() -> None:
    b = cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES, TODAY)
    areas = {r.value: r for r in b.area.rows}
    assert areas["Northampton"].count == 7
    assert areas["Northampton"].ratio == round(0.7 / 0.4386, 2)
    assert areas["Little Snorford"].count == 1
    assert (areas["Little Snorford"].population_share, areas["Little Snorford"].ratio) == (
        None, None)
    assert [r.value for r in b.area.rows][-1] == "Little Snorford"


def test_when_the_population_has_an_other_bucket_unlisted_towns_count_under_it() -> None:
    shares = {"area": {"Northampton": 0.6, "Kettering": 0.2, "other": 0.2}}
    areas = rows_of(cohort_breakdown(panel_cohort(), shares, TODAY).area)
    assert areas["other"][0] == 2  # Corby and Little Snorford
    assert "Little Snorford" not in areas


def test_values_match_the_population_whatever_their_case() -> None:
    b = cohort_breakdown([person("x", None, "Female", None, "northampton")],
                         COUNTY_POPULATION_SHARES, TODAY)
    assert rows_of(b.gender)["female"][0] == 1
    assert rows_of(b.area)["Northampton"][0] == 1


def test_an_empty_cohort_has_no_ratios() -> None:
    b = cohort_breakdown([], COUNTY_POPULATION_SHARES, TODAY)
    assert b.total == 0
    assert all(r.ratio is None for r in b.gender.rows)


def test_as_dict_carries_every_dimension() -> None:
    d = cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES, TODAY).as_dict()
    assert set(d) == {"total", "as_of", "age_band", "gender", "ethnicity", "area"}
    assert d["as_of"] == "2025-06-01"


def test_a_cohort_beyond_the_limit_is_refused() -> None:
    with pytest.raises(AnalysisTooLarge, match="max_nodes"):
        cohort_breakdown(panel_cohort(), COUNTY_POPULATION_SHARES, TODAY,
                         limits=AnalysisLimits(max_nodes=5))
