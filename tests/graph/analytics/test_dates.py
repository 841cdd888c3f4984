from __future__ import annotations

from datetime import date, datetime

from hub.graph.analytics.dates import (
    age_on,
    months_from,
    overlaps_window,
    to_date,
    to_datetime,
    years_between,
)


def test_iso_strings_are_read_as_dates_and_datetimes() -> None:
    assert to_date("2025-03-04T10:15:00") == date(2025, 3, 4)
    assert to_date(None) is None
    assert to_datetime("2025-03-04T10:15:00+01:00") == datetime(2025, 3, 4, 10, 15)
    assert to_datetime("2025-03-04") == datetime(2025, 3, 4)


def test_age_turns_on_the_birthday() -> None:
    assert age_on("2009-06-01", date(2027, 5, 31)) == 17
    assert age_on("2009-06-01", date(2027, 6, 1)) == 18
    assert age_on(None, date(2027, 6, 1)) is None


def test_years_between_two_dates_of_birth() -> None:
    assert years_between("1996-01-15", "2010-03-01") == 14.1
    assert years_between("1996-01-15", None) is None


def test_a_link_overlaps_a_window_when_any_part_of_its_span_falls_in_it() -> None:
    window = (date(2025, 1, 1), date(2025, 3, 31))
    assert overlaps_window("2024-06-01", "2025-01-01", window)
    assert overlaps_window("2025-03-31", None, window)
    assert overlaps_window(None, "2025-02-01", window)
    assert not overlaps_window("2024-01-01", "2024-12-31", window)
    assert not overlaps_window("2025-04-01", None, window)


def test_an_undated_link_is_kept_unless_asked_otherwise() -> None:
    window = (date(2025, 1, 1), None)
    assert overlaps_window(None, None, window)
    assert not overlaps_window(None, None, window, keep_undated=False)
    assert overlaps_window("2020-01-01", "2020-02-01", None)


def test_months_run_across_a_year_end() -> None:
    assert months_from(date(2024, 12, 31), date(2025, 2, 1)) == ["2024-12", "2025-01", "2025-02"]
