"""The audit log: every look is on the chain, tampering is caught, and reviews close break glass."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from hub.auth.audit import (
    GENESIS,
    AuditEntry,
    AuditError,
    AuditLog,
    AuditRecord,
    canonical,
    record_hash,
    verify,
)
from hub.auth.principal import Principal

START = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


class Ticks:
    """A clock that moves one minute per reading, so each record has its own known time."""

    def __init__(self) -> None:
        self.now = START - timedelta(minutes=1)

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def person(subject: str, agency: str = "trust", *roles: str) -> Principal:
    return Principal(subject=subject, agency=agency, roles=frozenset(roles or ("practitioner",)),
                     team=None, issuer="https://idp.example")


ANALYST = person("u-analyst", "police", "analyst")
PRACTITIONER = person("u-prac", "trust", "practitioner")
IG_LEAD = person("u-ig", "trust", "ig_lead")


def look(who: Principal, *subjects: str, agreements: tuple[str, ...] = ("agr_mace",),
         kind: str = "consultation") -> AuditEntry:
    return AuditEntry.by(who, kind, purpose="mace", justification="panel preparation",
                         agreements=agreements, subjects=subjects, operation="person",
                         request_id="req-1")


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "audit" / "audit.jsonl"


@pytest.fixture
def log(path: Path) -> Iterator[AuditLog]:
    with AuditLog(path, clock=Ticks()) as opened:
        yield opened


def fill(log: AuditLog) -> list[AuditRecord]:
    """Five records: three looks, a break glass and a disclosure."""
    return [
        log.append(look(ANALYST, "per_001")),
        log.append(look(PRACTITIONER, "per_001", "per_002", agreements=("agr_missing",))),
        log.append(look(ANALYST, "per_003", agreements=())),
        log.append(AuditEntry.by(PRACTITIONER, "break_glass", purpose="mace",
                                 subjects=("per_009",), reason="child missing overnight")),
        log.append(look(ANALYST, "per_002", kind="disclosure")),
    ]


def lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


# -- the chain ------------------------------------------------------------------------------

def test_each_record_is_chained_to_the_one_before(log: AuditLog, path: Path) -> None:
    records = fill(log)
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].prev == GENESIS
    for before, after in zip(records, records[1:], strict=False):
        assert after.prev == before.hash
    for record, raw in zip(records, lines(path), strict=True):
        assert record.hash == record_hash(record.as_dict())
        assert raw == canonical(record.as_dict()) + b"\n"
    assert records[0].at == "2025-06-02T09:00:00.000000Z"
    assert log.head() == (5, records[-1].hash)


def test_an_untouched_log_verifies(log: AuditLog, path: Path) -> None:
    fill(log)
    result = verify(path)
    assert result.ok, result.reason
    assert (result.entries, result.first_bad) == (5, None)


def test_an_empty_log_verifies_and_a_missing_one_does_not(log: AuditLog, path: Path,
                                                          tmp_path: Path) -> None:
    assert verify(path).ok
    assert log.head() == (0, GENESIS)
    assert not verify(tmp_path / "nowhere.jsonl").ok


def test_changing_any_byte_of_any_record_fails_naming_that_record(
    log: AuditLog, path: Path, tmp_path: Path
) -> None:
    fill(log)
    original = path.read_bytes()
    starts = [0]
    for raw in lines(path):
        starts.append(starts[-1] + len(raw))
    copy = tmp_path / "edited.jsonl"
    for position in range(len(original)):
        seq = max(i for i, start in enumerate(starts[:-1], start=1) if start <= position)
        edited = bytearray(original)
        edited[position] ^= 0x01
        copy.write_bytes(bytes(edited))
        result = verify(copy)
        assert not result.ok, f"a change at byte {position} went unnoticed"
        assert result.first_bad == seq, (position, result.reason)


def test_a_changed_value_is_reported_as_an_edit(log: AuditLog, path: Path) -> None:
    fill(log)
    raw = lines(path)
    record = json.loads(raw[1])
    record["subjects"] = ["per_001"]  # hide that per_002 was looked at
    raw[1] = canonical(record) + b"\n"
    path.write_bytes(b"".join(raw))
    result = verify(path)
    assert (result.ok, result.first_bad, result.line) == (False, 2, 2)
    assert "does not match its hash" in result.reason


def test_a_record_rewritten_in_another_json_spelling_is_caught(log: AuditLog, path: Path) -> None:
    fill(log)
    raw = lines(path)
    # the same values, spelled with spaces: the hash still matches, the bytes do not
    raw[2] = json.dumps(json.loads(raw[2]), sort_keys=True).encode() + b"\n"
    path.write_bytes(b"".join(raw))
    result = verify(path)
    assert (result.ok, result.first_bad) == (False, 3)
    assert "not in the form it was written in" in result.reason


def test_removing_a_middle_record_fails_naming_the_first_record_after_the_gap(
    log: AuditLog, path: Path
) -> None:
    fill(log)
    raw = lines(path)
    path.write_bytes(b"".join(raw[:2] + raw[3:]))
    result = verify(path)
    assert (result.ok, result.first_bad, result.entries) == (False, 4, 2)
    assert "removed" in result.reason


def test_removing_the_first_record_is_caught(log: AuditLog, path: Path) -> None:
    fill(log)
    path.write_bytes(b"".join(lines(path)[1:]))
    result = verify(path)
    assert (result.ok, result.first_bad) == (False, 2)


def test_reordered_or_repeated_records_are_caught(log: AuditLog, path: Path) -> None:
    fill(log)
    raw = lines(path)
    path.write_bytes(b"".join([raw[0], raw[2], raw[1], *raw[3:]]))
    assert verify(path).first_bad == 3
    path.write_bytes(b"".join([*raw[:3], raw[2], *raw[3:]]))
    repeated = verify(path)
    assert (repeated.ok, repeated.first_bad) == (False, 3)
    assert "repeated or out of order" in repeated.reason


def test_a_record_rehashed_after_an_edit_breaks_the_link_to_the_next(
    log: AuditLog, path: Path
) -> None:
    fill(log)
    raw = lines(path)
    record = json.loads(raw[2])
    record["actor"] = "someone-else"
    record["hash"] = record_hash(record)
    raw[2] = canonical(record) + b"\n"
    path.write_bytes(b"".join(raw))
    result = verify(path)
    assert (result.ok, result.first_bad) == (False, 4)
    assert "does not follow" in result.reason


def test_a_cut_tail_needs_an_anchor_to_be_seen(log: AuditLog, path: Path) -> None:
    fill(log)
    anchor = log.head()
    log.close()
    path.write_bytes(b"".join(lines(path)[:-1]))
    # what is left is a valid chain: the file alone cannot show the loss
    assert verify(path).ok
    result = verify(path, expect_head=anchor)
    assert (result.ok, result.first_bad, result.entries) == (False, 5, 4)
    assert "cut off" in result.reason


def test_a_rewritten_chain_is_seen_only_against_an_anchor(path: Path, tmp_path: Path) -> None:
    with AuditLog(path, clock=Ticks()) as log:
        fill(log)
        anchor = log.head()
    forged_path = tmp_path / "forged.jsonl"
    with AuditLog(forged_path, clock=Ticks()) as forged:
        for _ in range(5):
            forged.append(look(ANALYST, "per_777"))
    forged_path.replace(path)
    assert verify(path).ok
    result = verify(path, expect_head=anchor)
    assert (result.ok, result.first_bad) == (False, 5)
    assert "rewritten" in result.reason
    assert verify(path, expect_head=(3, anchor[1])).ok is False
    assert verify(path, expect_head=(0, GENESIS)).ok  # an anchor taken when it was empty


def test_an_anchor_taken_earlier_still_verifies_a_longer_log(log: AuditLog, path: Path) -> None:
    log.append(look(ANALYST, "per_001"))
    anchor = log.head()
    fill(log)
    assert verify(path, expect_head=anchor).ok


def test_a_torn_last_line_fails_verify_and_stops_the_log_reopening(
    log: AuditLog, path: Path
) -> None:
    fill(log)
    log.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])
    result = verify(path)
    assert (result.ok, result.first_bad, result.line) == (False, 5, 5)
    assert "incomplete" in result.reason
    with pytest.raises(AuditError, match="incomplete"):
        AuditLog(path)


def test_a_log_with_a_gap_is_not_extended(log: AuditLog, path: Path) -> None:
    fill(log)
    log.close()
    raw = lines(path)
    path.write_bytes(b"".join(raw[:1] + raw[2:]))
    with pytest.raises(AuditError, match="run verify"):
        AuditLog(path)


def test_a_log_whose_last_record_was_edited_is_not_extended(log: AuditLog, path: Path) -> None:
    fill(log)
    log.close()
    data = path.read_bytes()
    at = data.rindex(b'"hash":"') + len(b'"hash":"')
    path.write_bytes(data[:at] + (b"f" if data[at:at + 1] != b"f" else b"e") + data[at + 1:])
    with pytest.raises(AuditError, match="last record"):
        AuditLog(path)


def test_verify_on_open_refuses_an_edit_anywhere(log: AuditLog, path: Path) -> None:
    fill(log)
    log.close()
    raw = lines(path)
    raw[0] = raw[0].replace(b"per_001", b"per_101")
    path.write_bytes(b"".join(raw))
    AuditLog(path).close()  # the cheap checks on open look only at the structure and the head
    with pytest.raises(AuditError, match="failed verification"):
        AuditLog(path, verify_on_open=True)


def test_reopening_continues_the_chain(path: Path) -> None:
    with AuditLog(path, clock=Ticks()) as first:
        fill(first)
        head = first.head()
    with AuditLog(path, clock=Ticks()) as second:
        assert second.head() == head
        assert len(second) == 5
        record = second.append(look(ANALYST, "per_004"))
    assert (record.seq, record.prev) == (6, head[1])
    assert verify(path).ok
    assert verify(path).entries == 6


def test_a_second_writer_is_refused_while_the_log_is_open(log: AuditLog, path: Path) -> None:
    with pytest.raises(AuditError, match="already open"):
        AuditLog(path)
    log.close()
    AuditLog(path).close()


def test_a_closed_log_takes_no_more_records(log: AuditLog) -> None:
    log.close()
    with pytest.raises(AuditError, match="closed"):
        log.append(look(ANALYST, "per_001"))


@pytest.mark.parametrize("durability", ["fsync", "group", "os"])
def test_concurrent_appenders_make_one_unbroken_chain(path: Path, durability: str) -> None:
    with AuditLog(path, durability=durability) as log:
        def worker(n: int) -> None:
            for i in range(25):
                log.append(look(ANALYST, f"per_{n}_{i}"))

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert log.head()[0] == 100
    result = verify(path)
    assert (result.ok, result.entries) == (True, 100)


async def test_async_appends_go_on_the_chain(log: AuditLog, path: Path) -> None:
    first = await log.aappend(look(ANALYST, "per_001"))
    second = await log.aappend(look(ANALYST, "per_002"))
    assert second.prev == first.hash
    assert verify(path).ok


def test_before_and_after_of_a_change_are_kept_as_written(log: AuditLog) -> None:
    record = log.append(AuditEntry.by(
        PRACTITIONER, "change", purpose="mace", subjects=("per_001",), operation="updatePerson",
        before={"name": "Jay Testperson", "dob": date(2010, 4, 1)},
        after={"name": "Jay Testperson-Example", "dob": date(2010, 4, 1)},
    ))
    stored = log.get(record.seq)
    assert stored == record
    assert stored is not None and stored.entry.after == {"name": "Jay Testperson-Example",
                                                         "dob": "2010-04-01"}


def test_an_entry_that_cannot_be_written_leaves_the_log_unchanged(
    log: AuditLog, path: Path
) -> None:
    fill(log)
    head = log.head()
    with pytest.raises(AuditError, match="JSON"):
        log.append(AuditEntry.by(PRACTITIONER, "change", after={"blob": object()}))
    with pytest.raises(AuditError, match="JSON"):
        log.append(AuditEntry.by(PRACTITIONER, "change", after={"score": float("nan")}))
    assert log.head() == head
    assert verify(path).ok


@pytest.mark.parametrize(("details", "message"), [
    ({"kind": "peek"}, "unknown audit kind"),
    ({"kind": "break_glass"}, "needs a reason"),
    ({"kind": "break_glass", "reason": "   "}, "needs a reason"),
    ({"kind": "change"}, "before or after"),
    ({"kind": "review", "outcome": "justified"}, "seq"),
    ({"kind": "review", "reviews": 1, "outcome": "fine"}, "outcome"),
])
def test_entries_that_would_make_a_useless_record_are_refused(
    details: dict[str, object], message: str
) -> None:
    with pytest.raises(AuditError, match=message):
        AuditEntry(actor="u-1", agency="trust", **details)  # type: ignore[arg-type]


def test_the_actor_comes_from_the_principal_and_roles_are_sorted() -> None:
    entry = AuditEntry.by(person("u-9", "health", "practitioner", "analyst"), "consultation",
                          subjects=["per_1", "per_2", "per_1"])
    assert (entry.actor, entry.agency, entry.roles) == ("u-9", "health",
                                                        ("analyst", "practitioner"))
    assert entry.subjects == ("per_1", "per_2")


# -- queries --------------------------------------------------------------------------------

def seqs(records: list[AuditRecord]) -> list[int]:
    return [r.seq for r in records]


def test_queries_filter_and_come_newest_first(log: AuditLog) -> None:
    fill(log)
    assert seqs(log.query()) == [5, 4, 3, 2, 1]
    assert seqs(log.query(actor="u-analyst")) == [5, 3, 1]
    assert seqs(log.query(subject="per_002")) == [5, 2]
    assert seqs(log.query(agreement="agr_missing")) == [2]
    assert seqs(log.query(agreement="agr_mace")) == [5, 1]
    assert seqs(log.query(kind="break_glass")) == [4]
    assert seqs(log.query(kind={"disclosure", "break_glass"})) == [5, 4]
    assert seqs(log.query(actor="u-analyst", subject="per_002")) == [5]
    assert log.query(actor="nobody") == []
    assert log.query(subject="per_001")[0].entry.subjects == ("per_001", "per_002")


def test_queries_by_period_include_since_and_exclude_until(log: AuditLog) -> None:
    fill(log)  # at 09:00, 09:01, 09:02, 09:03, 09:04 on 2 June 2025
    assert seqs(log.query(since="2025-06-02T09:01:00Z", until="2025-06-02T09:03:00Z")) == [3, 2]
    assert seqs(log.query(since=START + timedelta(minutes=4))) == [5]
    assert seqs(log.query(until=datetime(2025, 6, 2, 9, 1))) == [1]  # naive means UTC
    assert seqs(log.query(since=date(2025, 6, 2), until=date(2025, 6, 3))) == [5, 4, 3, 2, 1]
    assert log.query(since="2025-06-03") == []


def test_queries_page_with_limit_and_offset(log: AuditLog) -> None:
    fill(log)
    assert seqs(log.query(limit=2)) == [5, 4]
    assert seqs(log.query(limit=2, offset=2)) == [3, 2]
    assert seqs(log.query(actor="u-analyst", limit=1, offset=1)) == [3]
    assert log.query(limit=0) == []
    with pytest.raises(ValueError):
        log.query(offset=-1)


def test_the_index_is_rebuilt_on_open(path: Path) -> None:
    with AuditLog(path, clock=Ticks()) as log:
        fill(log)
        before = log.query(subject="per_002")
    with AuditLog(path) as reopened:
        assert reopened.query(subject="per_002") == before
        reopened.append(look(ANALYST, "per_002"))
        assert seqs(reopened.query(subject="per_002")) == [6, 5, 2]


# -- break glass and its review -------------------------------------------------------------

def break_glass(log: AuditLog, who: Principal, subject: str) -> AuditRecord:
    return log.append(AuditEntry.by(who, "break_glass", purpose="mace", subjects=(subject,),
                                    reason="child missing overnight", flagged=False))


def test_break_glass_is_always_flagged_and_waits_for_review(log: AuditLog) -> None:
    fill(log)
    later = break_glass(log, ANALYST, "per_010")
    assert later.entry.flagged
    pending = log.pending_reviews()
    assert seqs(pending) == [4, 6]  # oldest first
    assert pending[0].entry.reason == "child missing overnight"
    assert log.is_pending(4) and not log.is_pending(5)


def test_a_flagged_disclosure_stands_out_but_the_break_glass_is_what_is_reviewed(
    log: AuditLog
) -> None:
    opened = break_glass(log, ANALYST, "per_010")
    shown = log.append(AuditEntry.by(ANALYST, "disclosure", subjects=("per_010",), flagged=True))
    assert shown.entry.flagged
    assert seqs(log.pending_reviews()) == [opened.seq]
    with pytest.raises(AuditError, match="not awaiting review"):
        log.record_review(IG_LEAD, shown.seq, "justified", "a disclosure, not the access")


def test_a_review_takes_the_access_off_the_queue(log: AuditLog) -> None:
    fill(log)
    review = log.record_review(IG_LEAD, 4, "justified", "checked with the MPU duty manager")
    assert (review.entry.kind, review.entry.reviews, review.entry.actor) == (
        "review", 4, "u-ig")
    assert log.pending_reviews() == []
    assert not log.is_pending(4)
    assert seqs(log.query(kind="review")) == [6]


def test_the_queue_survives_a_restart(path: Path) -> None:
    with AuditLog(path, clock=Ticks()) as log:
        fill(log)
        break_glass(log, ANALYST, "per_011")
        log.record_review(IG_LEAD, 6, "unjustified", "no safeguarding reason found")
    with AuditLog(path) as reopened:
        assert seqs(reopened.pending_reviews()) == [4]


def test_reviews_must_name_a_pending_access_by_someone_else(log: AuditLog) -> None:
    fill(log)
    with pytest.raises(AuditError, match="not awaiting review"):
        log.record_review(IG_LEAD, 3, "justified", "an ordinary look")
    with pytest.raises(AuditError, match="no audit record"):
        log.record_review(IG_LEAD, 99, "justified", "nothing there")
    with pytest.raises(AuditError, match="person who made it"):
        log.record_review(PRACTITIONER, 4, "justified", "it was me, and I was right")
    with pytest.raises(AuditError, match="note"):
        log.record_review(IG_LEAD, 4, "justified", " ")
    with pytest.raises(AuditError, match="outcome"):
        log.record_review(IG_LEAD, 4, "fine", "looked ok")
    log.record_review(IG_LEAD, 4, "escalated", "passed to the DPO")
    with pytest.raises(AuditError, match="not awaiting review"):
        log.record_review(IG_LEAD, 4, "justified", "second opinion")
    assert log.head()[0] == 6
