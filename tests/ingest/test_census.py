"""A school census feed: pupils, their place on a school's roll (a link record, found again by
the census's own roll id) and exclusions; re-sent rolls are unchanged or corrected, never doubled."""

from __future__ import annotations

import uuid
from pathlib import Path

from hub.config import Settings
from hub.graph.runtime import OpenStore
from hub.ingest.runner import run_import

PUPILS = "UPN,LEGAL_FORENAME,LEGAL_SURNAME,DOB,GENDER,ETHNICITY,TOWN,DISTRICT,WARD"
ROLLS = "ROLL_ID,UPN,SCHOOL_ID,ENTRY_DATE,LEAVING_DATE,NC_YEAR"
EXCLUSIONS = "EXCLUSION_ID,UPN,CATEGORY,REASON,START_DATE,END_DATE"


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


async def test_rolls_are_saved_once_and_corrected_when_the_census_changes(
        feed_store: OpenStore, feed_settings: Settings, tmp_path: Path) -> None:
    t = uuid.uuid4().hex[:6].upper()
    pupils = write(tmp_path / "pupils.csv", PUPILS,
                   f"U{t},Ellis,Harrowgate,2012-05-02,M,WBRI,Rushden,North Northamptonshire,Bramley")
    rolls = write(tmp_path / "rolls.csv", ROLLS, f"R{t},U{t},sch_000001,2023-09-05,,8",
                  f"S{t},U{t},sch_000001,2023-09-05,,8.5", f"T{t},U{t},pla_000001,2023-09-05,,8")
    report = await run_import(feed_store.store, feed_settings, "census", [pupils, rolls])
    f = report.files[1]
    assert (f.created, f.rejected) == (1, 2)
    reasons = [r["reason"] for r in f.rejections]
    assert "NC_YEAR: 8.5 is not a whole year group" in reasons[0]
    assert "SCHOOL_ID: 'hub:pla_000001' names no School" in reasons[1]

    again = await run_import(feed_store.store, feed_settings, "census", [rolls])
    assert (again.files[0].created, again.files[0].unchanged) == (0, 1)

    moved_up = write(tmp_path / "rolls.csv", ROLLS, f"R{t},U{t},sch_000001,2023-09-05,,9")
    corrected = await run_import(feed_store.store, feed_settings, "census", [moved_up])
    assert corrected.files[0].corrected == 1
    rows = await feed_store.store.run("ingest_existing_rolls",
                                      {"refs": [f"R{t}"], "owner": "education"})
    assert len(rows) == 1 and rows[0]["n"]["year_group"] == 9


async def test_an_exclusion_is_an_education_flag_on_the_pupil(
        feed_store: OpenStore, feed_settings: Settings, tmp_path: Path) -> None:
    t = uuid.uuid4().hex[:6].upper()
    pupils = write(tmp_path / "pupils.csv", PUPILS,
                   f"U{t},Kai,Wendover,2011-01-20,M,BCRB,Corby,North Northamptonshire,Lodge Park")
    exclusions = write(tmp_path / "exclusions.csv", EXCLUSIONS,
                       f"E{t},U{t},PERM,Serious assault on a pupil,2026-10-01,",
                       f"F{t},U{t},SUSP,,2026-10-20,2026-10-02")
    report = await run_import(feed_store.store, feed_settings, "census", [pupils, exclusions])
    f = report.files[1]
    assert (f.created, f.rejected) == (1, 1)
    assert "END_DATE must not be before START_DATE" in f.rejections[0]["reason"]
    rows = await feed_store.store.run("ingest_existing", {"refs": [f"E{t}"], "owner": "education"})
    flag = rows[0]["n"]
    assert (flag["kind"], flag["category"], flag["source"]) == ("excluded", "education", "sims")
