"""A partner system POSTs an extract to the running hub with its feed token; the same importer
runs, and the report and the rejected rows come back from the hub."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support import RunningHub, start_hub, stop_hub

PEOPLE = "NOMINAL_REF,FORENAMES,SURNAME,DOB,SEX,ETHNIC_GROUP,HOME_TOWN,DISTRICT,WARD,NOMINAL_TYPE,OF_CONCERN"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningHub]:
    running = start_hub(tmp_path_factory.mktemp("feedhub") / "data")
    yield running
    stop_hub(running)


def bearer(hub: RunningHub, agency: str, *roles: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {hub.token(agency, *roles)}"}


def finished(hub: RunningHub, run: str, headers: dict[str, str]) -> dict[str, Any]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        report = hub.client.get(f"/feeds/runs/{run}", headers=headers).json()
        if report["status"] != "running":
            return report  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError("the import did not finish in 60 s")


def test_a_police_feed_posts_people_and_gets_the_report_and_rejects(served: RunningHub) -> None:
    t = uuid.uuid4().hex[:8]
    body = "\n".join([PEOPLE, f"W{t}1,Tegan,Marwood,14/03/2011,F,W,Corby,,,C,",
                      f"W{t}2,Tegan,Marwood,31/02/2011,F,W,Corby,,,C,"]) + "\n"
    feed = bearer(served, "police", "feed")
    answer = served.client.post("/feeds/police/people.csv", content=body.encode(),
                                headers={**feed, "Content-Type": "text/csv"})
    assert answer.status_code == 202, answer.text
    report = finished(served, answer.json()["run"], feed)
    assert report["status"] == "finished" and report["actor"] == "police-feed"
    assert report["totals"] == {"rows_read": 2, "created": 1, "unchanged": 0, "corrected": 0,
                                "rejected": 1, "held_back": 0}
    rejects = served.client.get(report["files"][0]["rejects_file"], headers=feed)
    assert rejects.status_code == 200 and "31/02/2011" in rejects.text
    # What was imported reads back through the API, to a caller allowed to see it.
    data = served.data('{ people(filter: {name: "Tegan Marwood"}, first: 50) { totalCount } }',
                       headers=served.caller("police", "analyst"))
    assert data["people"]["totalCount"] >= 1
    # Another agency learns nothing about this run.
    other = served.client.get(f"/feeds/runs/{report['run']}", headers=bearer(served, "trust", "feed"))
    assert other.status_code == 404


def test_only_the_owning_agency_with_the_feed_role_may_send(served: RunningHub) -> None:
    body = (PEOPLE + "\n").encode()
    assert served.client.post("/feeds/police/people.csv", content=body).status_code == 401
    analyst = served.client.post("/feeds/police/people.csv", content=body,
                                 headers=bearer(served, "police", "analyst"))
    assert analyst.status_code == 403 and "feed role" in analyst.text
    trust = served.client.post("/feeds/police/people.csv", content=body,
                               headers=bearer(served, "trust", "feed"))
    assert trust.status_code == 403 and "it is police's" in trust.text
    unknown = served.client.post("/feeds/nosuch/people.csv", content=body,
                                 headers=bearer(served, "police", "feed"))
    assert unknown.status_code == 400 and "known sources" in unknown.text


def test_a_feed_token_reads_nothing_through_the_api(served: RunningHub) -> None:
    data = served.data("{ children(first: 5) { totalCount } }",
                       headers={**bearer(served, "police", "feed"), "X-Purpose": "mace",
                                "X-Justification": "test: a feed reads nothing"})
    assert data["children"]["totalCount"] == 0


def test_an_extract_bigger_than_a_graphql_body_is_accepted(served: RunningHub) -> None:
    t = uuid.uuid4().hex[:8]
    rows = [f"V{t}{i},Tegan,Marwood,14/03/2011,F,W,Corby,North Northamptonshire,Lodge Park,C,"
            for i in range(6000)]
    body = ("\n".join([PEOPLE, *rows]) + "\n").encode()
    assert len(body) > 256 * 1024
    feed = bearer(served, "police", "feed")
    answer = served.client.post("/feeds/police/people.csv", content=body, headers=feed)
    assert answer.status_code == 202, answer.text
    assert finished(served, answer.json()["run"], feed)["totals"]["created"] == 6000
