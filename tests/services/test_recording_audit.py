"""The audit of what was recorded cannot diverge from the data, and a refusal or a replay says
no more than the caller may know. These drive the recording service on a store and an audit
log of their own, to lose an answer or stop the hub at exactly the point that matters."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hub.auth.audit import AuditLog
from hub.domain.errors import Conflict
from hub.domain.ids import encode
from hub.graph.store import GraphStore, StoreUnavailable
from hub.services import changes, recording
from hub.services.context import RequestContext
from hub.services.recording import CloseMissingData, InterviewData, MissingData, PersonData
from tests.services.callers import Caller

NOW = datetime.now().replace(microsecond=0)


def ago(hours: float) -> str:
    return (NOW - timedelta(hours=hours)).isoformat()


@pytest.fixture
def audit(tmp_path: Path) -> AsyncIterator[AuditLog]:  # type: ignore[misc]
    log = AuditLog(tmp_path / "audit.log", durability="os")
    yield log
    log.close()


class LosesAnswers:
    """The real store, except that the answer to one write is lost after the write landed,
    as when the store restarts while the hub waits for its reply."""

    def __init__(self, store: GraphStore, statement: str) -> None:
        self._store, self._statement, self.lost = store, statement, 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store, name)

    async def run(self, name: str, params: dict[str, Any] | None = None) -> Any:
        rows = await self._store.run(name, params)
        if name == self._statement and not self.lost:
            self.lost += 1
            raise StoreUnavailable("the store restarted before it answered")
        return rows


def caller(store: Any, audit: AuditLog | None, agency: str = "police",
           scopes: set[str] | None = None) -> RequestContext:
    return Caller(store, audit)(agency, scopes)


def changes_of(audit: AuditLog, record: str) -> list[dict[str, Any]]:
    found = []
    with audit.path.open() as fh:
        for line in fh:
            data = json.loads(line)
            if data["kind"] == "change" and (data.get("after") or {}).get("id") == record:
                found.append(data)
    return found


def child(ref: str | None = None) -> PersonData:
    return PersonData(kind="child", given_name="Wren",
                      family_name="Auditson" + uuid.uuid4().hex[:6], client_ref=ref)


async def record_person(ctx: RequestContext, data: PersonData) -> recording.Recorded:
    return await recording.commit(ctx, await recording.plan_person(ctx, data))


async def test_a_write_whose_answer_was_lost_is_audited_when_replayed(
    own_store: GraphStore, audit: AuditLog
) -> None:
    ref = "lost-" + uuid.uuid4().hex
    losing = LosesAnswers(own_store, "record_child")
    with pytest.raises(StoreUnavailable):
        await record_person(caller(losing, audit), child(ref))
    assert losing.lost == 1
    again = await record_person(caller(own_store, audit), child(ref))
    assert again.created is False
    [entry] = changes_of(audit, again.row["id"])
    assert entry["operation"] == "record_child" and entry["subjects"] == [again.row["id"]]
    assert "entered in the audit log when next settled" in entry["note"]
    # Replaying once more settles nothing twice.
    await record_person(caller(own_store, audit), child(ref))
    assert len(changes_of(audit, again.row["id"])) == 1


async def test_a_hub_stopped_between_the_write_and_the_audit_settles_it_at_start(
    own_store: GraphStore, tmp_path: Path
) -> None:
    class Dies(AuditLog):
        async def aappend(self, entry: Any) -> Any:
            raise SystemExit("the hub was stopped here")

    dying = Dies(tmp_path / "audit.log", durability="os")
    with pytest.raises(SystemExit):
        await record_person(caller(own_store, dying), child())
    dying.close()
    with AuditLog(tmp_path / "audit.log", durability="os") as restarted:
        assert await changes.drain(own_store, restarted) >= 1
        people = [json.loads(line) for line in restarted.path.open()]
        assert [p["operation"] for p in people] == ["record_child"]
        assert await changes.drain(own_store, restarted) == 0


async def test_a_change_settled_twice_is_in_the_log_once(
    own_store: GraphStore, audit: AuditLog
) -> None:
    done = await record_person(caller(own_store, audit), child())
    [entry] = changes_of(audit, done.row["id"])
    # A hub killed after the append and before clearing the store settles it again.
    again = changes.Change(entry["change_id"], done.row["id"], "then", audit.get(
        entry["seq"]).entry)  # type: ignore[union-attr]
    await changes.settle(own_store, audit, [again], late=True)
    assert len(changes_of(audit, done.row["id"])) == 1


async def test_a_hidden_interview_is_not_named_in_the_refusal(
    own_store: GraphStore, audit: AuditLog
) -> None:
    police = caller(own_store, audit)
    kid = await record_person(police, child())
    episode = await recording.commit(police, await recording.plan_missing(police, MissingData(
        child_id=encode("Child", kid.row["id"]), reported_at=ago(30), risk="low")))
    episode_id = encode("MissingEpisode", episode.row["id"])
    await recording.commit(police, await recording.plan_close_missing_episode(
        police, CloseMissingData(episode_id=episode_id, found_at_time=ago(20))))
    interview = InterviewData(episode_id=episode_id, offered_at=ago(10), status="offered")

    async def record_interview(ctx: RequestContext) -> None:
        await recording.commit(ctx, await recording.plan_interview(ctx, interview))
    # The early intervention service sees the episode and records the interview, which the
    # police (no grant for eis records) cannot see.
    eis = caller(own_store, audit, "eis", scopes={"police:identity", "police:missing",
                                                  "eis:missing"})
    await record_interview(eis)
    with pytest.raises(Conflict) as refused:
        await record_interview(caller(own_store, audit))
    assert "interview" not in refused.value.message
    assert refused.value.message == recording.Write("x", {}, "x").conflict
    # The service that can see it is told plainly.
    with pytest.raises(Conflict, match="already has a return home interview"):
        await record_interview(eis)
