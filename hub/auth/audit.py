"""The audit log: an append-only, hash-chained account of every look at a child's record.

Each line of a JSON Lines file is one record: `seq` (1, 2, 3, ... with no gaps), `at`
(UTC), the entry's fields, `prev` (the previous record's hash; 64 zeros for the first)
and `hash`, the SHA-256 of the record's canonical JSON without `hash`. Canonical JSON
is `json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=True)`, and a
line must be byte-for-byte that form, so changing any byte of any line is caught.

What the chain can and cannot show (`verify`):

- an edited line: its content no longer matches its hash, or it is not canonical;
- a removed, repeated or reordered line: `seq` jumps and `prev` no longer matches;
- a cut tail, or a whole chain rewritten with fresh hashes: *not* detectable from the
  file alone, because what is left is a valid chain. `AuditLog.head()` returns the
  latest `(seq, hash)`; an operator who copies it somewhere the hub cannot write (a
  ticket, a daily e-mail, another system) can later pass it as `verify(path,
  expect_head=...)`, which then fails if the log is shorter or that record differs.

Durability (`durability=`): `"fsync"` fsyncs every append while holding the lock,
so concurrent appenders queue behind each disk flush; `"group"` (the default) writes
under the lock and fsyncs outside it, so one fsync covers every line written in the
meantime and each `append` still returns only once its own line is on disk;
`"os"` only hands lines to the operating system (they survive a crash of the hub but
not of the machine) and fsyncs on `close`: for tests and bulk seeding, not production.

One process writes a log by default: the file is locked (`flock`) on open so that a
second writer cannot fork the chain. Several worker processes of one hub share a log
with `exclusive=False`: each append then takes the file's lock, first reads any lines
the other workers appended since (so its `seq` and `prev` follow theirs), writes its
own line and lets go, so the file stays one verifiable chain; reads catch up the same
way, and `follow` tells a worker of the records the others wrote. Appends are
serialised by a lock, so threads may share one `AuditLog`; async code calls `aappend`,
which runs the write in a worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import os
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from hub.auth.policy import PrincipalLike

try:  # pragma: no cover - the hub runs on Linux; the lock is a safeguard, not a dependency
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

KINDS: tuple[str, ...] = (
    "consultation", "disclosure", "change", "export", "break_glass", "review", "denied",
)
REVIEW_OUTCOMES: tuple[str, ...] = ("justified", "unjustified", "escalated")
DURABILITY: tuple[str, ...] = ("fsync", "group", "os")
GENESIS = "0" * 64
# Keys the log adds around an entry; an entry never sets them.
CHAIN_FIELDS: tuple[str, ...] = ("seq", "at", "prev", "hash")


class AuditError(RuntimeError):
    """The log cannot take or give this record; the message says what to do about it."""


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def canonical(obj: Mapping[str, Any]) -> bytes:
    """The one byte form of a record; its hash and its line on disk are both taken from it."""
    return json.dumps(
        obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False,
        default=_json_default,
    ).encode("ascii")


def record_hash(body: Mapping[str, Any]) -> str:
    """SHA-256 of a record's canonical form without its own `hash`."""
    return hashlib.sha256(canonical({k: v for k, v in body.items() if k != "hash"})).hexdigest()


def _unique(items: Any) -> tuple[str, ...]:
    if items is None:
        return ()
    if isinstance(items, str):
        items = (items,)
    return tuple(dict.fromkeys(str(i) for i in items))


@dataclass(frozen=True)
class AuditEntry:
    """What happened, as the caller states it; the log adds when and where in the chain.

    `subjects` are the person ids looked at (what "who has seen my record" searches),
    `agreements` the agreement ids relied on. A `break_glass` entry must give a
    `reason` and is always `flagged`; a `review` entry names the break-glass record it
    `reviews` (its seq) with an `outcome` and a `note`.
    """

    kind: str
    actor: str
    agency: str
    roles: tuple[str, ...] = ()
    purpose: str | None = None
    justification: str | None = None
    agreements: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    operation: str | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    reason: str | None = None
    request_id: str | None = None
    flagged: bool = False
    reviews: int | None = None
    outcome: str | None = None
    note: str | None = None
    # A change's own id (`chg_...`), given when the entry travelled with the write through
    # the store (`hub.services.changes`): the log holds each change id at most once.
    change_id: str | None = None

    def __post_init__(self) -> None:
        # Normalised here so that the same facts always make the same bytes and hash.
        object.__setattr__(self, "roles", tuple(sorted(set(_unique(self.roles)))))
        object.__setattr__(self, "agreements", _unique(self.agreements))
        object.__setattr__(self, "subjects", _unique(self.subjects))
        if self.kind not in KINDS:
            raise AuditError(f"unknown audit kind {self.kind!r}; expected one of {KINDS}")
        if not self.actor:
            raise AuditError("an audit entry needs the actor's subject")
        if self.kind == "break_glass":
            if not (self.reason and self.reason.strip()):
                raise AuditError("break glass needs a reason, recorded for its review")
            object.__setattr__(self, "flagged", True)
        if self.kind == "review":
            if isinstance(self.reviews, bool) or not isinstance(self.reviews, int):
                raise AuditError("a review entry names the seq of the record it reviews")
            if self.outcome not in REVIEW_OUTCOMES:
                raise AuditError(
                    f"review outcome {self.outcome!r} is not one of {REVIEW_OUTCOMES}"
                )
        if self.kind == "change" and self.before is None and self.after is None:
            raise AuditError("a change entry records the state before or after (or both)")

    @classmethod
    def by(cls, principal: PrincipalLike, kind: str, **details: Any) -> AuditEntry:
        """Actor, agency and roles come from the verified caller, never from the client."""
        return cls(
            kind=kind, actor=principal.subject, agency=principal.agency,
            roles=tuple(principal.roles), **details,
        )

    def to_fields(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in _ENTRY_FIELDS}
        for name in ("roles", "agreements", "subjects"):
            data[name] = list(data[name])
        if data["change_id"] is None:
            del data["change_id"]  # records written before change ids keep their exact bytes
        return data

    @classmethod
    def from_fields(cls, data: Mapping[str, Any]) -> AuditEntry:
        return cls(**{k: v for k, v in data.items() if k in _ENTRY_FIELDS})


_ENTRY_FIELDS: tuple[str, ...] = tuple(f.name for f in fields(AuditEntry))


@dataclass(frozen=True)
class AuditRecord:
    """One line of the log: an entry with its place in the chain."""

    seq: int
    at: str
    entry: AuditEntry
    prev: str
    hash: str

    def as_dict(self) -> dict[str, Any]:
        """Flat, exactly as the line on disk holds it."""
        return {**self.entry.to_fields(), "seq": self.seq, "at": self.at,
                "prev": self.prev, "hash": self.hash}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> AuditRecord:
        return cls(seq=int(data["seq"]), at=str(data["at"]), entry=AuditEntry.from_fields(data),
                   prev=str(data["prev"]), hash=str(data["hash"]))


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of checking a chain. `first_bad` is a seq; `line` the 1-based line number."""

    ok: bool
    entries: int
    first_bad: int | None
    reason: str
    line: int | None = None


def _stamp(moment: datetime) -> str:
    """Fixed-width UTC, so timestamps compare correctly as text."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _bound(value: datetime | date | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return _stamp(value)


def _examine(raw: bytes) -> tuple[dict[str, Any] | None, str]:
    """A parsed record whose bytes and hash are its own, or what is wrong with the line."""
    if not raw.endswith(b"\n"):
        return None, "the line is incomplete (no newline): a write was cut short"
    try:
        data = json.loads(raw.decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        return None, "the line is not valid JSON: it was edited or damaged"
    if not isinstance(data, dict) or not all(k in data for k in CHAIN_FIELDS):
        return None, "the line lacks seq, at, prev or hash: it is not an audit record"
    seq = data["seq"]
    if isinstance(seq, bool) or not isinstance(seq, int):
        return None, "its seq is not a whole number: it was edited"
    try:
        if canonical(data) + b"\n" != raw:
            return None, "the line is not in the form it was written in: it was edited"
    except (TypeError, ValueError):
        return None, "the line holds values the log never writes: it was edited"
    if record_hash(data) != data["hash"]:
        return None, "its content does not match its hash: it was edited"
    return data, ""


def verify(path: Path | str, expect_head: tuple[int, str] | None = None) -> VerifyResult:
    """Check the whole chain; the first problem found is named and checking stops there."""
    path = Path(path)
    if not path.exists():
        return VerifyResult(False, 0, None, f"there is no audit log at {path}")
    prev_hash, expected, anchored = GENESIS, 1, None
    with path.open("rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            data, problem = _examine(raw)
            if data is None:
                return VerifyResult(False, expected - 1, expected,
                                    f"line {line_no} (seq {expected}): {problem}", line_no)
            seq = data["seq"]
            if seq != expected:
                why = ("entries before it were removed" if seq > expected
                       else "entries are repeated or out of order")
                return VerifyResult(False, expected - 1, seq,
                                    f"line {line_no} holds seq {seq} where seq {expected} "
                                    f"belongs: {why}", line_no)
            if data["prev"] != prev_hash:
                return VerifyResult(False, expected - 1, seq,
                                    f"line {line_no} (seq {seq}) does not follow the record "
                                    "before it: the chain was altered", line_no)
            if expect_head is not None and seq == expect_head[0]:
                anchored = data["hash"]
            prev_hash = data["hash"]
            expected += 1
    entries = expected - 1
    if expect_head is not None:
        head_seq, head_hash = expect_head
        if head_seq > entries:
            return VerifyResult(False, entries, entries + 1,
                                f"the log ends at seq {entries} but the anchor names seq "
                                f"{head_seq}: records from seq {entries + 1} were cut off")
        if head_seq == 0 and head_hash != GENESIS:
            return VerifyResult(False, entries, None, "the anchor is not a head of any log")
        if head_seq > 0 and anchored != head_hash:
            return VerifyResult(False, entries, head_seq,
                                f"seq {head_seq} differs from the anchor: the chain was "
                                "rewritten", head_seq)
    return VerifyResult(True, entries, None, f"{entries} records, chain intact")


class _Meta(NamedTuple):
    offset: int
    length: int
    at: str
    kind: str
    actor: str
    subjects: tuple[str, ...]
    agreements: tuple[str, ...]


class AuditLog:
    """The hub's one audit log file: append, query and the break-glass review queue.

    Opening reads the file once to build an index (byte offsets and the fields queries
    filter on), so queries never rescan it. Opening refuses a log whose last line is
    incomplete, whose seqs are not 1, 2, 3, ..., or whose last record does not match its
    hash: the hub must not extend a damaged chain. Run `verify`, move the file aside
    (keeping it as evidence) and start a new log.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        durability: str = "group",
        clock: Callable[[], datetime] | None = None,
        exclusive: bool = True,
        verify_on_open: bool = False,
    ) -> None:
        if durability not in DURABILITY:
            raise AuditError(f"durability must be one of {DURABILITY}, got {durability!r}")
        self.path = Path(path)
        self.durability = durability
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._meta: list[_Meta] = []
        self._by_actor: dict[str, list[int]] = {}
        self._by_subject: dict[str, list[int]] = {}
        self._by_agreement: dict[str, list[int]] = {}
        self._by_kind: dict[str, list[int]] = {}
        self._pending: dict[int, None] = {}  # break-glass seqs awaiting review, oldest first
        self._changes: dict[str, int] = {}  # change id -> seq
        self._head: tuple[int, str] = (0, GENESIS)
        self._synced = 0
        self._end = 0
        self._shared = not exclusive
        self._followers: list[Callable[[Mapping[str, Any]], None]] = []

        if verify_on_open and self.path.exists():
            result = verify(self.path)
            if not result.ok:
                raise AuditError(f"audit log {self.path} failed verification: {result.reason}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if exclusive and fcntl is not None:
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError as exc:
                    raise AuditError(
                        f"audit log {self.path} is already open for writing elsewhere; "
                        "one writer per log keeps the chain single"
                    ) from exc
            self._load()
        except BaseException:
            os.close(self._fd)
            self._fd = None
            raise
        self._synced = self._head[0]

    # -- opening -------------------------------------------------------------------------

    def _load(self) -> None:
        offset = 0
        last: bytes | None = None
        with self.path.open("rb") as fh:
            for line_no, raw in enumerate(fh, start=1):
                if not raw.endswith(b"\n"):
                    raise AuditError(
                        f"audit log {self.path} ends in an incomplete line {line_no}; "
                        "run verify and move the log aside before the hub writes again"
                    )
                try:
                    data = json.loads(raw)
                    seq = data["seq"]
                    if seq == line_no:
                        self._index(data, offset, len(raw))
                except (ValueError, KeyError, TypeError) as exc:
                    raise AuditError(
                        f"audit log {self.path} line {line_no} is not an audit record; "
                        "run verify"
                    ) from exc
                if seq != line_no:
                    raise AuditError(
                        f"audit log {self.path} line {line_no} holds seq {seq}; run verify"
                    )
                offset += len(raw)
                last = raw
        self._end = offset
        if last is not None:
            data, problem = _examine(last)
            if data is None:
                raise AuditError(f"audit log {self.path} last record: {problem}; run verify")
            self._head = (data["seq"], data["hash"])

    def _index(self, data: Mapping[str, Any], offset: int, length: int) -> None:
        # From the record as stored, without building objects: opening a long log is
        # one pass of this per line.
        seq, kind, actor = data["seq"], data["kind"], data["actor"]
        subjects, agreements = tuple(data["subjects"]), tuple(data["agreements"])
        self._meta.append(_Meta(offset, length, data["at"], kind, actor, subjects, agreements))
        self._by_actor.setdefault(actor, []).append(seq)
        self._by_kind.setdefault(kind, []).append(seq)
        for subject in subjects:
            self._by_subject.setdefault(subject, []).append(seq)
        for agreement in agreements:
            self._by_agreement.setdefault(agreement, []).append(seq)
        if data.get("change_id"):
            self._changes[data["change_id"]] = seq
        if kind == "break_glass":
            self._pending[seq] = None
        elif kind == "review" and data.get("reviews") is not None:
            self._pending.pop(data["reviews"], None)
        for follower in self._followers:
            follower(data)

    def follow(self, kinds: Collection[str],
               callback: Callable[[Mapping[str, Any]], None]) -> None:
        """Call `callback` with every record of these kinds already in the log and each one
        indexed later, whichever process wrote it: how workers share break-glass grants and
        hear of agreement changes without a channel of their own."""
        wanted = frozenset(kinds)
        with self._lock:
            self._followers.append(lambda data: callback(data) if data["kind"] in wanted
                                   else None)
            fd = self._require_fd()
            for seq in sorted(seq for kind in wanted for seq in self._by_kind.get(kind, [])):
                meta = self._meta[seq - 1]
                callback(json.loads(os.pread(fd, meta.length, meta.offset)))

    def refresh(self) -> None:
        """Index what other workers appended since (shared logs only; one fstat if nothing)."""
        if self._shared:
            with self._lock:
                self._catch_up()

    def _catch_up_if_shared(self) -> None:
        if self._shared and self._fd is not None:
            self._catch_up()

    def _catch_up(self) -> None:
        """Index the complete lines past `_end`; the caller holds `_lock`."""
        fd = self._require_fd()
        size = os.fstat(fd).st_size
        if size <= self._end:
            return
        tail = os.pread(fd, size - self._end, self._end)
        complete = tail[:tail.rfind(b"\n") + 1]  # a line being written is read next time
        offset = self._end
        for raw in complete.splitlines(keepends=True):
            data = json.loads(raw)
            if data["seq"] != self._head[0] + 1 or data["prev"] != self._head[1]:
                raise AuditError(f"audit log {self.path} record {data['seq']} does not follow "
                                 f"record {self._head[0]}; run verify")
            self._index(data, offset, len(raw))
            offset += len(raw)
            self._head = (data["seq"], data["hash"])
        self._end = offset

    # -- writing -------------------------------------------------------------------------

    def _require_fd(self) -> int:
        if self._fd is None:
            raise AuditError(f"audit log {self.path} is closed")
        return self._fd

    def _check_review(self, entry: AuditEntry) -> None:
        target = entry.reviews
        assert target is not None  # AuditEntry guarantees it for reviews
        if not 1 <= target <= len(self._meta):
            raise AuditError(f"there is no audit record with seq {target} to review")
        if target not in self._pending:
            raise AuditError(f"audit record {target} is not awaiting review")
        if self._meta[target - 1].actor == entry.actor:
            raise AuditError("an access cannot be reviewed by the person who made it")

    def append(self, entry: AuditEntry) -> AuditRecord:
        """Write one record; it is on disk (per `durability`) when this returns.

        An entry with a `change_id` already in the log (from this process or, for a shared
        log, another) is not written again: the record already holding it is returned, so
        settling a change twice (after a crash between the append and clearing it from the
        store) leaves one record.
        """
        with self._lock, self._file_lock():
            fd = self._require_fd()
            if self._shared:
                self._catch_up()
            known = self._changes.get(entry.change_id) if entry.change_id else None
            if known is not None:
                existing: AuditRecord | None = self._read(fd, known)
            else:
                existing = None
                stored, seq = self._append_locked(fd, entry)
        if existing is not None:
            if self.durability == "group":
                self._sync_through(existing.seq)
            return existing
        if self.durability == "group":
            self._sync_through(seq)
        return AuditRecord.from_dict(stored)

    def _append_locked(self, fd: int, entry: AuditEntry) -> tuple[dict[str, Any], int]:
        """One record onto the file; the caller holds `_lock` (and the file's lock)."""
        if entry.kind == "review":
            self._check_review(entry)
        seq = self._head[0] + 1
        body = {**entry.to_fields(), "seq": seq, "at": _stamp(self._clock()),
                "prev": self._head[1]}
        try:
            digest = record_hash(body)
            line = canonical({**body, "hash": digest}) + b"\n"
        except (TypeError, ValueError) as exc:
            raise AuditError(f"the audit entry cannot be written as JSON: {exc}") from exc
        self._write_all(fd, line)
        # The line is in the file: the chain moves on before anything else can fail.
        stored = json.loads(line)  # what the disk holds (dates as text), not what was passed
        self._index(stored, self._end, len(line))
        self._end += len(line)
        self._head = (seq, digest)
        if self.durability == "fsync":
            os.fsync(fd)
            self._synced = seq
        return stored, seq

    @contextlib.contextmanager
    def _file_lock(self) -> Any:
        """The file's own lock around one append, when other processes append too."""
        if not self._shared or fcntl is None:
            yield
            return
        fd = self._require_fd()
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)

    def _write_all(self, fd: int, line: bytes) -> None:
        written = 0
        try:
            while written < len(line):
                written += os.write(fd, line[written:])
        except OSError as exc:
            # Never leave half a line: the next append would sit on a broken chain.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self._end)
            raise AuditError(f"could not write to audit log {self.path}: {exc}") from exc

    def _sync_through(self, seq: int) -> None:
        with self._sync_lock:
            if self._synced >= seq:
                return  # another appender's fsync already covered this line
            with self._lock:
                if self._fd is None:
                    return  # closing fsynced every line already
                fd, target = self._fd, self._head[0]
            os.fsync(fd)
            self._synced = max(self._synced, target)

    async def aappend(self, entry: AuditEntry) -> AuditRecord:
        """`append` off the event loop: an fsync must not stall every other request."""
        return await asyncio.to_thread(self.append, entry)

    def record_review(
        self,
        reviewer: PrincipalLike,
        seq: int,
        outcome: str,
        note: str,
        request_id: str | None = None,
    ) -> AuditRecord:
        """Close a break-glass access with the reviewer's outcome and note."""
        if not (note and note.strip()):
            raise AuditError("a review needs a note saying what was checked")
        return self.append(AuditEntry.by(
            reviewer, "review", reviews=seq, outcome=outcome, note=note,
            request_id=request_id,
        ))

    # -- reading -------------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """The latest (seq, hash): copy it outside the hub to make tail truncation detectable."""
        with self._lock:
            self._catch_up_if_shared()
            return self._head

    def __len__(self) -> int:
        return len(self._meta)

    def _read(self, fd: int, seq: int) -> AuditRecord:
        meta = self._meta[seq - 1]
        raw = os.pread(fd, meta.length, meta.offset)
        return AuditRecord.from_dict(json.loads(raw))

    def get(self, seq: int) -> AuditRecord | None:
        with self._lock:
            self._catch_up_if_shared()
            fd = self._require_fd()
            if not 1 <= seq <= len(self._meta):
                return None
            return self._read(fd, seq)

    def query(
        self,
        actor: str | None = None,
        subject: str | None = None,
        agreement: str | None = None,
        since: datetime | date | str | None = None,
        until: datetime | date | str | None = None,
        kind: str | Collection[str] | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[AuditRecord]:
        """Records matching every filter given, newest first; `since <= at < until`."""
        if limit < 0 or offset < 0:
            raise ValueError("limit and offset must not be negative")
        kinds = {kind} if isinstance(kind, str) else (set(kind) if kind is not None else None)
        low, high = _bound(since), _bound(until)
        with self._lock:
            self._catch_up_if_shared()
            fd = self._require_fd()
            lists: list[list[int]] = []
            if actor is not None:
                lists.append(self._by_actor.get(actor, []))
            if subject is not None:
                lists.append(self._by_subject.get(subject, []))
            if agreement is not None:
                lists.append(self._by_agreement.get(agreement, []))
            if kinds is not None and len(kinds) == 1:
                lists.append(self._by_kind.get(next(iter(kinds)), []))
            candidates: list[int] | range = (
                min(lists, key=len) if lists else range(1, len(self._meta) + 1)
            )
            chosen: list[int] = []
            skipped = 0
            for seq in reversed(candidates):
                if len(chosen) >= limit:
                    break
                m = self._meta[seq - 1]
                if actor is not None and m.actor != actor:
                    continue
                if subject is not None and subject not in m.subjects:
                    continue
                if agreement is not None and agreement not in m.agreements:
                    continue
                if kinds is not None and m.kind not in kinds:
                    continue
                if (low is not None and m.at < low) or (high is not None and m.at >= high):
                    continue
                if skipped < offset:
                    skipped += 1
                    continue
                chosen.append(seq)
            return [self._read(fd, seq) for seq in chosen]

    def pending_reviews(self) -> list[AuditRecord]:
        """Break-glass records with no review yet, oldest first: a queue.

        Other records may be `flagged` (say, a disclosure made under break glass) so
        that they stand out in queries; it is the break glass itself that is reviewed.
        """
        with self._lock:
            self._catch_up_if_shared()
            fd = self._require_fd()
            return [self._read(fd, seq) for seq in self._pending]

    def has_change(self, change_id: str) -> bool:
        """Whether a change with this id is in the log already."""
        with self._lock:
            return change_id in self._changes

    def is_pending(self, seq: int) -> bool:
        with self._lock:
            self._catch_up_if_shared()
            return seq in self._pending

    # -- closing -------------------------------------------------------------------------

    def close(self) -> None:
        with self._sync_lock, self._lock:
            if self._fd is None:
                return
            try:
                os.fsync(self._fd)
            finally:
                os.close(self._fd)  # closing the descriptor also releases the flock
                self._fd = None

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
