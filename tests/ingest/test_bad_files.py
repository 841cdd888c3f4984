"""Partner files as they really arrive: each fault is reported with its line and reason, the
good rows around it are saved, nothing is saved twice, and the rejects can be fixed and resent."""

from __future__ import annotations

import csv
import json
import tracemalloc
import uuid
from pathlib import Path
from typing import Any

import pytest

from hub.config import Settings
from hub.graph.runtime import OpenStore
from hub.ingest.reader import ExtractError
from hub.ingest.report import RunReport
from hub.ingest.runner import run_import
from seed.extracts import write_people_extract

PEOPLE = "NOMINAL_REF,FORENAMES,SURNAME,DOB,SEX,ETHNIC_GROUP,HOME_TOWN,DISTRICT,WARD,NOMINAL_TYPE,OF_CONCERN"
INCIDENTS = "OCCURRENCE_REF,CRIME_NO,OCCURRENCE_TYPE,OCCURRED,LOCATION_ID,SUMMARY,PERSON_REF,INVOLVEMENT"


def tag() -> str:
    return uuid.uuid4().hex[:8].upper()


def person(ref: str, dob: str = "14/03/2011", given: str = "Tegan") -> str:
    return f"{ref},{given},Marwood,{dob},F,W,Corby,North Northamptonshire,Lodge Park,C,"


def write(path: Path, lines: list[str], end: str = "\n", encoding: str = "utf-8") -> Path:
    path.write_bytes((("\n".join(lines)) + end).encode(encoding))
    return path


async def load(feed_store: OpenStore, settings: Settings, *paths: Path,
               source: str = "police", **kw: Any) -> RunReport:
    return await run_import(feed_store.store, settings, source, list(paths), **kw)


async def count_refs(feed_store: OpenStore, refs: list[str]) -> int:
    rows = await feed_store.store.run("ingest_existing", {"refs": refs, "owner": "police"})
    return len(rows)


async def test_good_rows_are_saved_with_source_and_partner_reference(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, person(f"A{t}1"), person(f"A{t}2")])
    report = await load(feed_store, feed_settings, path)
    f = report.files[0]
    assert (f.rows_read, f.created, f.rejected) == (2, 2, 0)
    rows = await feed_store.store.run("ingest_existing", {"refs": [f"A{t}1"], "owner": "police"})
    saved = rows[0]["n"]
    assert saved["source"] == "niche" and saved["client_ref"] == f"A{t}1"
    assert saved["owner"] == "police" and saved["dob"] == "2011-03-14"
    assert "Child" in saved["_labels"] and saved["import_run"] == report.run
    saved_report = json.loads((feed_settings.data_dir / "imports" / report.run /
                               "report.json").read_text())
    assert saved_report["status"] == "finished" and saved_report["totals"]["created"] == 2


async def test_running_the_same_file_again_changes_nothing(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, *(person(f"B{t}{i}") for i in range(5))])
    await load(feed_store, feed_settings, path)
    again = (await load(feed_store, feed_settings, path)).files[0]
    assert (again.created, again.unchanged, again.corrected, again.rejected) == (0, 5, 0, 0)
    assert await count_refs(feed_store, [f"B{t}{i}" for i in range(5)]) == 5


async def test_a_changed_field_is_a_correction(feed_store: OpenStore, feed_settings: Settings,
                                               extracts: Path) -> None:
    t = tag()
    await load(feed_store, feed_settings, write(extracts / "people.csv",
                                                [PEOPLE, person(f"C{t}")]))
    fixed = write(extracts / "people.csv", [PEOPLE, person(f"C{t}", given="Teagan")])
    f = (await load(feed_store, feed_settings, fixed)).files[0]
    assert (f.created, f.corrected, f.unchanged) == (0, 1, 0)
    rows = await feed_store.store.run("ingest_existing", {"refs": [f"C{t}"], "owner": "police"})
    assert rows[0]["n"]["given_name"] == "Teagan" and rows[0]["n"]["name"] == "Teagan Marwood"


async def test_wrong_encoding_rejects_the_line_and_keeps_the_rest(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = extracts / "people.csv"
    path.write_bytes(f"{PEOPLE}\n{person(f'D{t}1')}\n".encode() +
                     person(f"D{t}2", given="Zo\xeb").encode("latin-1") + b"\n")
    f = (await load(feed_store, feed_settings, path)).files[0]
    assert (f.created, f.rejected) == (1, 1)
    assert "line 3 is not valid utf-8 (byte 0xeb" in f.rejections[0]["reason"]


async def test_a_utf16_file_is_refused_whole(feed_store: OpenStore, feed_settings: Settings,
                                             extracts: Path) -> None:
    path = extracts / "people.csv"
    path.write_bytes("\n".join([PEOPLE, person("E1")]).encode("utf-16"))
    with pytest.raises(ExtractError, match="UTF-16"):
        await load(feed_store, feed_settings, path)


async def test_a_missing_column_refuses_the_file_and_an_extra_one_is_noted(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    no_surname = write(extracts / "people.csv", ["NOMINAL_REF,FORENAMES,DOB", "F1,Tegan,01/01/2011"])
    with pytest.raises(ExtractError, match="missing the column SURNAME"):
        await load(feed_store, feed_settings, no_surname)
    t = tag()
    extra = write(extracts / "people.csv", [PEOPLE + ",SHOE_SIZE", person(f"F{t}") + ",5"])
    f = (await load(feed_store, feed_settings, extra)).files[0]
    assert f.created == 1 and any("SHOE_SIZE" in note for note in f.notes)


async def test_bad_dates_and_codes_name_the_column(feed_store: OpenStore, feed_settings: Settings,
                                                   extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [
        PEOPLE, person(f"G{t}1", dob="31/02/2011"), person(f"G{t}2", dob="2011-03-14"),
        person(f"G{t}3", dob="14/03/2031"),
        f"G{t}4,Tegan,Marwood,14/03/2011,Q,W,Corby,,,C,"])
    f = (await load(feed_store, feed_settings, path)).files[0]
    reasons = {r["line"]: r["reason"] for r in f.rejections}
    assert f.rejected == 4 and f.created == 0
    assert "DOB: '31/02/2011' is not a date in the form %d/%m/%Y" in reasons[2]
    assert "DOB: '2011-03-14' is not a date" in reasons[3]
    assert "DOB must not be in the future" in reasons[4]  # the recording service's own check
    assert "SEX: 'Q' is not one of the codes" in reasons[5]


async def test_unknown_references_are_rejected_and_nothing_half_written(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    people = write(extracts / "people.csv", [PEOPLE, person(f"H{t}")])
    await load(feed_store, feed_settings, people)
    incidents = write(extracts / "incidents.csv", [
        INCIDENTS,
        f"I{t}1,NIC/1,VIOL,01/06/2026 20:00:00,pla_000001,Assault.,H{t},V",
        f"I{t}1,NIC/1,VIOL,01/06/2026 20:00:00,pla_000001,Assault.,NOBODY{t},S",
        f"I{t}2,NIC/2,ROB,02/06/2026 20:00:00,pla_999999,Robbery.,H{t},V",
        f"I{t}3,NIC/3,ROB,03/06/2026 20:00:00,pla_000001,Robbery.,H{t},V",
    ])
    f = (await load(feed_store, feed_settings, incidents)).files[0]
    assert (f.rows_read, f.created, f.rejected) == (4, 1, 3)
    reasons = " | ".join(r["reason"] for r in f.rejections)
    assert f"PERSON_REF: 'NOBODY{t}' names no Child or Adult" in reasons
    assert "LOCATION_ID: 'hub:pla_999999' names no Place" in reasons
    # The incident with an unknown participant was not saved with the one known participant.
    assert await count_refs(feed_store, [f"I{t}1", f"I{t}2", f"I{t}3"]) == 1
    rejects = Path(str(f.rejects_file)).read_text().splitlines()
    assert rejects[0] == INCIDENTS and len(rejects) == 4  # the header and the three rows


async def test_an_occurrence_naming_nobody_needs_its_place(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    incidents = write(extracts / "incidents.csv", [
        INCIDENTS,
        f"P{t}1,NIC/1,KNIFE,01/06/2026 20:00:00,pla_000001,Knife found in a hedge.,,",
        f"P{t}2,NIC/2,DRUG,02/06/2026 20:00:00,,Drugs found.,,",
        f"P{t}3,NIC/3,DRUG,02/06/2026 21:00:00,pla_000001,Drugs found on a person.,,S",
    ])
    f = (await load(feed_store, feed_settings, incidents)).files[0]
    assert (f.created, f.rejected) == (1, 2)
    reasons = [r["reason"] for r in f.rejections]
    assert "PERSON_REF must name at least one person, or LOCATION_ID the place" in reasons[0]
    assert "line 4: PERSON_REF is required" in reasons[1]
    assert await count_refs(feed_store, [f"P{t}1", f"P{t}2", f"P{t}3"]) == 1


async def test_duplicates_inside_one_file_are_rejected_with_the_first_line(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, person(f"J{t}"), person(f"K{t}"),
                                           person(f"J{t}", given="Other")])
    f = (await load(feed_store, feed_settings, path)).files[0]
    assert (f.created, f.rejected) == (2, 1)
    assert f"NOMINAL_REF 'J{t}' is already on line 2 of this file" in f.rejections[0]["reason"]


async def test_duplicates_in_later_batches_are_rejected_too(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, person(f"L{t}"), person(f"M{t}"),
                                           person(f"L{t}")])
    f = (await load(feed_store, feed_settings, path, batch_size=1)).files[0]
    assert (f.created, f.rejected) == (2, 1)
    assert "is already earlier in this file" in f.rejections[0]["reason"]


async def test_a_file_cut_off_mid_line(feed_store: OpenStore, feed_settings: Settings,
                                       extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, person(f"N{t}"), f"O{t},Tegan,Marw"], end="")
    f = (await load(feed_store, feed_settings, path)).files[0]
    assert (f.created, f.rejected) == (1, 1)
    assert "line 3 is cut off (the file ends in the middle of it)" in f.rejections[0]["reason"]
    jsonl = extracts / "flags.jsonl"
    jsonl.write_text('{"flag_id": "X1", "patient": "hub:per_000001", "code": "camhs_open", '
                     '"open_to_partners": true}\n{"flag_id": "X2", "pat', encoding="utf-8")
    h = (await load(feed_store, feed_settings, jsonl, source="health",
                    principal=None)).files[0]
    assert h.rejected == 1 and "line 2 is cut off" in h.rejections[0]["reason"]
    assert h.created == 1  # the whole line before the cut is saved


async def test_rejected_rows_can_be_fixed_and_sent_again(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    t = tag()
    path = write(extracts / "people.csv", [PEOPLE, person(f"P{t}1"), person(f"P{t}2", dob="99/99/2011")])
    f = (await load(feed_store, feed_settings, path)).files[0]
    rejects = Path(str(f.rejects_file))
    reasons = list(csv.reader(Path(str(f.reasons_file)).read_text().splitlines()))
    assert reasons[1][:2] == ["3", "2"] and "DOB" in reasons[1][2]
    fixed = extracts / "fixed-people.csv"
    fixed.write_text(rejects.read_text().replace("99/99/2011", "09/09/2011"))
    again = (await load(feed_store, feed_settings, fixed)).files[0]
    assert (again.created, again.rejected) == (1, 0)


async def test_memory_stays_flat_however_long_the_file(
        feed_store: OpenStore, feed_settings: Settings, extracts: Path) -> None:
    """Peak memory of an import of 2,000 rows and of 10,000: the same bound, not five times it."""
    peaks = []
    for count in (2000, 10000):
        path = extracts / f"people-{count}.csv"
        write_people_extract(path, count, prefix=f"Q{tag()}")
        tracemalloc.start()
        report = await load(feed_store, feed_settings, path, batch_size=500)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
        assert report.files[0].created == count
    assert peaks[1] < peaks[0] * 1.6, peaks


async def test_the_store_restarting_mid_import_loses_and_duplicates_nothing(
        tmp_path: Path) -> None:
    import asyncio
    import os
    import signal

    from hub.graph.runtime import open_store

    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data")})
    handle = await open_store(settings, watch=True)
    try:
        path = tmp_path / "people.csv"
        refs = write_people_extract(path, 30000, prefix=f"R{tag()}")
        running = asyncio.create_task(run_import(handle.store, settings, "police", [path],
                                                 batch_size=500))
        runs = settings.data_dir / "imports"
        while not running.done():
            reports = list(runs.glob("*/report.json"))
            try:
                created = json.loads(reports[0].read_text())["files"][0]["created"] if reports else 0
            except ValueError:
                created = 0
            if created >= 1500:
                break
            await asyncio.sleep(0.02)
        assert handle.server is not None and handle.server.process is not None
        os.kill(handle.server.process.pid, signal.SIGKILL)  # the store dies under the import
        report = await asyncio.wait_for(running, timeout=300)
        assert handle.server.restarts >= 1
        f = report.files[0]
        assert report.status == "finished" and f.rejected == 0
        assert f.created + f.unchanged == 30000
        rows = await handle.store.run("ingest_existing", {"refs": refs, "owner": "police"})
        assert len(rows) == 30000
    finally:
        await handle.close()
