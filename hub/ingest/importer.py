"""The importer: one partner extract into the graph, in batches, through the recording service.

For each batch of records it (1) looks up which partner references this agency already
saved, (2) resolves every reference the records make to the record it names, in two reads,
(3) asks the recording service to plan every record (the same checks as the mutations: the
planning functions run side by side, so their look-ups of referenced records batch into one
read), and (4) writes the planned records with one statement per kind of write (see
`cypher/ingest.cypher`), each of which writes its whole batch or nothing and skips what this
agency saved already. A re-run, or a run stopped by Ctrl-C, `kill -9` or a store restart and
started again, therefore writes nothing twice and leaves no record half-written: a batch is
one statement, and the one two-step record (a missing episode reported, then closed) is
completed by the next run.

A record whose partner reference is saved already is compared field by field with what the
hub holds: the same is `unchanged`; different fields are written as a correction (audited
with before and after). Memory holds one batch: the file is streamed, and nothing about
earlier batches is kept but counts.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hub.auth.audit import AuditEntry, AuditLog
from hub.auth.policy import AGENCY_CODES, CATEGORY_CODES, Visibility, scope
from hub.auth.principal import Principal
from hub.domain.errors import HubError
from hub.graph.store import GraphStore, Row, StoreError, StoreUnavailable
from hub.ingest.adapters import ORDER, Adapter, Record, Resolved, Unresolved, adapter, partner_words
from hub.ingest.mapping import FieldError, FileSpec, Mapping
from hub.ingest.progress import Progress
from hub.ingest.reader import ExtractError, file_format, read_header
from hub.ingest.records import BadRecord, records
from hub.ingest.report import MAX_LISTED, FileReport, Rejects, RunReport
from hub.services import recording
from hub.services.changes import audit_of, settle
from hub.services.context import RequestContext
from hub.services.loaders import Loaders

log = logging.getLogger("hub.ingest")

BATCH_SIZE = 2000
FEED_ROLE = "feed"
STORE_RETRIES = 6  # a store restarting (the embedded one comes back in seconds)
# Provenance and bookkeeping: never compared when deciding whether a record changed.
NOT_COMPARED = frozenset({"id", "owner", "category", "source", "recorded_at", "recorded_by",
                          "client_ref", "updated_at", "updated_by", "import_run", "_labels"})
# Fields a later step of the same record sets (a missing episode's closing).
SETTLED_LATER = {"missing": frozenset({"status", "found_at_time", "duration_hours"})}
HUB_REF = "hub"
# Parameters a planned write carries that a batch row does not need (the batch statement has
# them once, or matches each participant by its own id).
UNBATCHED = frozenset({"scopes", "owner"})
UNBATCHED_BY_STATEMENT = {"record_incident": frozenset({"person_ids"})}
# References resolved once per run and kept (people, places and schools, which a feed's rows
# name again and again): at most this many, so memory stays bounded. Each write matches every
# reference again, so one retracted meanwhile is still refused.
RESOLVED_KEPT = 200_000
KEPT_LABELS = frozenset({"Person", "Place", "School"})


def feed_visibility(agency: str) -> Visibility:
    """What a feed may link its records to: its own agency's records of every category, every
    agency's identity records (to name the people its records are about) and reference data.
    It is used by the importer only; a feed token reads nothing through the API."""
    scopes = {scope(agency, c) for c in CATEGORY_CODES}
    scopes |= {scope(a, "identity") for a in AGENCY_CODES}
    scopes |= {scope(a, "reference") for a in AGENCY_CODES}
    return Visibility(scopes=frozenset(scopes), existence_scopes=frozenset(), agreements=(),
                      purpose="feed", agency=agency)


class ImportStopped(Exception):
    """The operator asked the run to stop; every batch written so far is whole."""


def may_send(principal: Principal, mapping: Mapping) -> str | None:
    """Why this caller may not send this source's extracts, or None: an agency sends its own."""
    if principal.agency != mapping.agency:
        return (f"a {principal.agency} feed cannot send the {mapping.source} extract: it is "
                f"{mapping.agency}'s")
    return None


@dataclass
class _Outcome:
    """What became of one record in a batch."""

    rec: Record
    plan: recording.Plan | None = None
    reason: str | None = None
    existing: Row | None = None
    changed: bool = False  # counted as corrected already


@dataclass
class _Prepared:
    """One batch read and planned, ready to write."""

    ctx: RequestContext
    kind: Adapter
    create: list[_Outcome]
    corrections: list[tuple[_Outcome, dict[str, Any]]]
    follow: list[tuple[_Outcome, str]]
    resolved: Resolved


class Importer:
    """One run: a partner's files, the agency's feed principal, a store and the audit log."""

    def __init__(self, store: GraphStore, mapping: Mapping, principal: Principal,
                 runs_dir: Path, audit: AuditLog | None = None, batch_size: int = BATCH_SIZE,
                 progress: bool = False, settings: Any = None,
                 stop: asyncio.Event | None = None) -> None:
        refusal = may_send(principal, mapping)
        if refusal:
            raise PermissionError(refusal)
        self.store = store
        self.mapping = mapping
        self.principal = principal
        self.audit = audit
        self.batch_size = batch_size
        self.progress = progress
        self.settings = settings
        self.access = feed_visibility(mapping.agency)
        self._kept: dict[str, tuple[str, str, Row]] = {}  # reference -> (type, id, as read)
        self.stop = stop or asyncio.Event()  # set (Ctrl-C): stop after the batch being written
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
        self.folder = runs_dir / self.run_id
        self.report = RunReport(run=self.run_id, source=mapping.source, system=mapping.system,
                                agency=mapping.agency, actor=principal.subject,
                                started_at=_stamp())

    # ------------------------------------------------------------ the run

    async def run(self, paths: list[Path], names: dict[Path, str] | None = None,
                  on_start: Callable[[str], None] | None = None) -> RunReport:
        """Import every file (what others refer to first); the report is saved as it goes.
        A file that cannot be read at all (its layout, header or encoding) stops the run before
        anything is written."""
        names = names or {}
        planned = [(self._layout(p), p) for p in paths]
        self.folder.mkdir(parents=True, exist_ok=True)
        planned.sort(key=lambda item: ORDER.index(item[0].kind) if item[0].kind in ORDER else 99)
        for spec, path in planned:
            self.report.files.append(FileReport(file=names.get(path, path.name), layout=spec.name,
                                                kind=spec.kind, sha256=_sha256(path)))
        self.report.save(self.folder)
        if on_start is not None:
            on_start(self.run_id)
        await self._audit("import started", {f.file: f.sha256 for f in self.report.files})
        try:
            for (spec, path), file_report in zip(planned, self.report.files, strict=True):
                await self._file(spec, path, file_report)
            self.report.status = "finished"
        except (asyncio.CancelledError, KeyboardInterrupt, ImportStopped):
            self.report.status = "stopped"
            self.report.error = "stopped before the end; send the same files again to finish"
            raise
        except StoreUnavailable as exc:
            self.report.status = "stopped"
            self.report.error = f"the store stopped answering ({exc}); send the same files again"
            raise
        finally:
            self.report.finished_at = _stamp()
            self.report.save(self.folder)
            with contextlib.suppress(Exception):
                await self._audit(f"import {self.report.status}", self.report.totals())
        return self.report

    def _layout(self, path: Path) -> FileSpec:
        file_format(path)  # refuses anything but CSV and JSON Lines, by name
        header = read_header(path, self.mapping.encoding)
        spec = self.mapping.spec_for(path, header)
        if header is not None and file_format(path) == "csv":
            missing = [c for c in spec.required if c not in header]
            if missing:
                raise ExtractError(f"{path.name}: missing the column{'s' if len(missing) > 1 else ''} "
                                   f"{', '.join(missing)} that the {self.mapping.source} "
                                   f"{spec.name} layout needs; nothing was imported")
        return spec

    async def _file(self, spec: FileSpec, path: Path, report: FileReport) -> None:
        started = time.monotonic()
        header = read_header(path, self.mapping.encoding)
        if header is not None:
            known = {c.name for c in spec.columns}
            extra = [c for c in header if c not in known]
            if extra:
                report.notes.append(f"columns not in the {spec.name} layout were ignored: "
                                    f"{', '.join(extra)}")
        header_line = _first_line(path) if file_format(path) == "csv" else None
        rejects = Rejects(self.folder, path, header_line)
        bar = Progress(f"{path.name}", path.stat().st_size, force=self.progress is True)
        kind = adapter(spec.kind)
        done_bytes = 0
        pending: asyncio.Task[None] | None = None
        in_flight: set[str] = set()
        try:
            for batch in _batches(records(path, spec, self.mapping.encoding), self.batch_size):
                if self.stop.is_set():
                    raise ImportStopped("stopped before the end")
                for item in batch:
                    report.rows_read += len(item.rows)
                    done_bytes += sum(len(t) + 1 for _, t in item.rows)
                good: list[Record] = []
                for item in batch:
                    if isinstance(item, BadRecord):
                        self._reject(report, rejects, item.line, item.reason, item.rows)
                    elif kind.holds_back is not None and (why := kind.holds_back(item)):
                        report.held_back += len(item.rows)
                        report.held_back_reason = why
                    else:
                        good.append(item)
                report.records += len(batch)
                if good:
                    # The next batch is read and planned while this one is written.
                    prepared = await self._retrying(lambda g=good, f=in_flight: self._prepare(
                        spec, kind, g, report, rejects, f))
                    if pending is not None:
                        await _finished(pending)
                    in_flight = {o.rec.ref for o in prepared.create}
                    pending = asyncio.create_task(self._retrying(
                        lambda p=prepared: self._write(p, report, rejects)))
                report.seconds = round(time.monotonic() - started, 2)
                bar.update(report.rows_read, done_bytes)
                self.report.save(self.folder)
            if pending is not None:
                await _finished(pending)
                pending = None
        finally:
            if pending is not None:  # stopped: the batch being written completes or not, whole
                pending.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await pending
            bar.finish()
            rejects.close()
            report.seconds = round(time.monotonic() - started, 2)
            if rejects.used:
                report.rejects_file = str(rejects.path)
                report.reasons_file = str(rejects.reasons_path)

    async def _retrying(self, work: Any) -> Any:
        """A batch again after the store comes back: every write in it is safe to repeat."""
        for attempt in range(STORE_RETRIES):
            try:
                return await work()
            except StoreError as exc:
                # Down, or up again and still loading its data: both pass in seconds.
                current = asyncio.current_task()
                stopping = current is not None and current.cancelling()
                if stopping or not _restarting(exc) or attempt == STORE_RETRIES - 1:
                    raise
                log.warning("store unavailable; retrying the batch (attempt %d)", attempt + 2)
                await asyncio.sleep(min(2 ** attempt, 8))

    def _reject(self, report: FileReport, rejects: Rejects, line: int, reason: str,
                rows: list[tuple[int, str]]) -> None:
        report.rejected += len(rows)
        if len(report.rejections) < MAX_LISTED:
            report.rejections.append({"line": line, "reason": reason})
        rejects.add(line, reason, rows)

    # ------------------------------------------------------------ one batch

    def _context(self, kind: Adapter) -> RequestContext:
        """A fresh context per batch, so the loaders' caches hold one batch at most."""
        scopes = self.access.scope_list()
        return RequestContext(settings=self.settings, store=self.store, access=self.access,
                              request_id=self.run_id, loaders=Loaders(self.store, scopes, [], scopes),
                              principal=self.principal, source=self.mapping.system,
                              shared_provenance=kind.batched)

    async def _prepare(self, spec: FileSpec, kind: Adapter, good: list[Record],
                       report: FileReport, rejects: Rejects, in_flight: set[str]) -> _Prepared:
        """Read and plan one batch (nothing is written here): what to create, what to correct,
        what to close, and the rejections, made as the batch before is being written."""
        ctx = self._context(kind)
        outcomes: list[_Outcome] = []
        first_line: dict[str, int] = {}
        for rec in good:
            if rec.ref in first_line or rec.ref in in_flight:
                where = (f"on line {first_line[rec.ref]} of this file" if rec.ref in first_line
                         else "earlier in this file")
                self._reject(report, rejects, rec.line, f"line {rec.line}: {spec.ref} {rec.ref!r} "
                             f"is already {where}", rec.rows)
                continue
            first_line[rec.ref] = rec.line
            outcomes.append(_Outcome(rec))
        existing = await self._existing([o.rec.ref for o in outcomes], kind)
        resolved = await self._resolve(ctx, [r for o in outcomes for r in kind.references(o.rec)])
        plans = await asyncio.gather(*(self._plan(ctx, spec, kind, o.rec, resolved)
                                       for o in outcomes))
        create: list[_Outcome] = []
        corrections: list[tuple[_Outcome, dict[str, Any]]] = []
        follow: list[tuple[_Outcome, str]] = []
        for outcome, plan in zip(outcomes, plans, strict=True):
            rec = outcome.rec
            if isinstance(plan, str):
                self._reject(report, rejects, rec.line, plan, rec.rows)
                continue
            held = existing.get(rec.ref)
            outcome.existing = held
            if held is None:
                outcome.plan = plan
                create.append(outcome)
                continue
            if held.get("import_run") == self.run_id:
                self._reject(report, rejects, rec.line, f"line {rec.line}: {spec.ref} {rec.ref!r} "
                             "is already earlier in this file", rec.rows)
                continue
            if kind.label not in (held.get("_labels") or [held.get("_type")]):
                self._reject(report, rejects, rec.line, f"line {rec.line}: {spec.ref} {rec.ref!r} "
                             f"already names a different kind of record from {self.mapping.agency}",
                             rec.rows)
                continue
            changes = _changes(plan, held, SETTLED_LATER.get(kind.kind, frozenset()))
            if changes:
                outcome.changed = True
                corrections.append((outcome, changes))
            if kind.follow_up is not None and held.get("status") == "open":
                follow.append((outcome, str(held["id"])))
            elif not changes:
                report.unchanged += 1
        return _Prepared(ctx, kind, create, corrections, follow, resolved)

    async def _write(self, prepared: _Prepared, report: FileReport, rejects: Rejects) -> None:
        """Write one planned batch: creations, corrections, then second steps."""
        ctx, kind, create = prepared.ctx, prepared.kind, prepared.create
        corrections, follow, resolved = prepared.corrections, list(prepared.follow), prepared.resolved
        created = await self._commit(ctx, [(o.rec, o.plan) for o in create])  # type: ignore[misc]
        report.created += len(created)
        lost = [o for o in create if o.rec.line not in created]
        if lost:  # saved meanwhile by another run, or a reference vanished since the plan
            again = await self._existing([o.rec.ref for o in lost], kind)
            for o in lost:
                if o.rec.ref in again:
                    report.unchanged += 1
                else:
                    self._reject(report, rejects, o.rec.line, f"line {o.rec.line}: a record it "
                                 "refers to changed or was removed while importing; send it again",
                                 o.rec.rows)
        if corrections:
            report.corrected += await self._correct(corrections, kind)
        if kind.follow_up is not None:
            for o in create:
                if o.rec.line in created and isinstance(o.plan, recording.Write):
                    node_id = created[o.rec.line]
                    ctx.loaders.entity.prime(node_id, {**o.plan.params["props"], "id": node_id,
                                                       "owner": self.mapping.agency,
                                                       "_labels": ["Entity", kind.label]})
                    follow.append((o, node_id))
            for o, node_id in follow:
                if o.existing is not None:
                    ctx.loaders.entity.prime(node_id, o.existing)
            await self._follow_up(ctx, kind, follow, resolved, report)

    async def _plan(self, ctx: RequestContext, spec: FileSpec, kind: Adapter, rec: Record,
                    resolved: Resolved) -> recording.Plan | str:
        """The service's plan for the record, or the reason it refused it, in the partner's
        column names."""
        try:
            return await kind.plan(ctx, rec, resolved)
        except (FieldError, Unresolved) as exc:
            return f"line {rec.line}: {_columns(str(exc), spec)}"
        except HubError as exc:
            return f"line {rec.line}: {partner_words(exc.message, kind, _column_of(spec))}"

    async def _follow_up(self, ctx: RequestContext, kind: Adapter,
                         items: list[tuple[_Outcome, str]], resolved: Resolved,
                         report: FileReport) -> None:
        """The second step of a two-step record (closing an episode found already)."""
        if not items or kind.follow_up is None:
            return
        step = kind.follow_up
        plans = await asyncio.gather(*(self._guard(step(ctx, o.rec, node_id, resolved))
                                       for o, node_id in items))
        ready: list[tuple[Record, recording.Plan]] = []
        held = {o.rec.line for o, _ in items if o.existing is not None and not o.changed}
        for (outcome, _), plan in zip(items, plans, strict=True):
            if isinstance(plan, str):
                # The record is saved (as reported); what its closing said was refused.
                report.notes.append(f"line {outcome.rec.line}: saved as open; not closed: {plan}")
            elif plan is not None:
                ready.append((outcome.rec, plan))
            elif outcome.rec.line in held:
                report.unchanged += 1  # held open, and still open in this extract
        done = await self._commit(ctx, ready)
        for rec, _ in ready:
            if rec.line in held:
                if rec.line in done:
                    report.corrected += 1  # an episode held open is now closed
                else:
                    report.unchanged += 1

    async def _guard(self, pending: Any) -> Any:
        try:
            return await pending
        except (FieldError, Unresolved, HubError) as exc:
            return getattr(exc, "message", str(exc))

    # ------------------------------------------------------------ reads

    async def _existing(self, refs: list[str], kind: Adapter) -> dict[str, Row]:
        """What this agency saved already under these references, as the kind is stored."""
        if not refs:
            return {}
        rows = await self.store.run(kind.existing, {"refs": refs, "owner": self.mapping.agency})
        return {row["ref"]: row["n"] for row in rows}

    async def _resolve(self, ctx: RequestContext, refs: list[str]) -> Resolved:
        """Each reference to the record it names, if this feed may link to it. A reference is
        the partner's own (`NOM123`), another system's (`liquidlogic:LL123`) or a hub id
        (`hub:pla_000012`)."""
        by_id: list[dict[str, str]] = []
        by_ref: list[dict[str, str]] = []
        found: Resolved = {}
        for ref in dict.fromkeys(refs):
            if (kept := self._kept.get(ref)) is not None:
                found[ref] = (kept[0], kept[1])
                ctx.loaders.entity.prime(kept[1], kept[2])
                continue
            system, sep, rest = ref.partition(":")
            if sep and system == HUB_REF:
                by_id.append({"key": ref, "id": rest})
            elif sep and system and rest:
                by_ref.append({"key": ref, "source": system, "ref": rest})
            else:
                by_ref.append({"key": ref, "source": self.mapping.system, "ref": ref})
        scopes = self.access.scope_list()
        for name, keys in (("ingest_resolve_ids", by_id), ("ingest_resolve_refs", by_ref)):
            if keys:
                for row in await self.store.run(name, {"keys": keys, "scopes": scopes}):
                    type_name = _type_name(row["labels"])
                    found[row["key"]] = (type_name, row["id"])
                    # What the service's own visibility check reads, read here with the
                    # same scopes: the plans then check every reference without a trip each.
                    seen = {"id": row["id"], "owner": row["owner"], "_labels": row["labels"]}
                    ctx.loaders.entity.prime(row["id"], seen)
                    if KEPT_LABELS.intersection(row["labels"]):
                        self._keep(row["key"], (type_name, row["id"], seen))
        return found

    def _keep(self, ref: str, resolved: tuple[str, str, Row]) -> None:
        if len(self._kept) >= RESOLVED_KEPT:
            for old in list(self._kept)[:RESOLVED_KEPT // 2]:  # the oldest half
                del self._kept[old]
        self._kept[ref] = resolved

    # ------------------------------------------------------------ writes

    async def _commit(self, ctx: RequestContext,
                      items: list[tuple[Record, recording.Plan]]) -> dict[int, str]:
        """Write the planned records; the lines written, with the id of each record."""
        by_statement: dict[str, list[tuple[Record, recording.Write]]] = {}
        for rec, plan in items:
            if isinstance(plan, recording.Write):
                by_statement.setdefault(plan.statement, []).append((rec, plan))
        written: dict[int, str] = {}
        for statement, writes in by_statement.items():
            rows = [self._row(rec, write, ctx.shared_provenance) for rec, write in writes]
            batched = f"ingest_{statement}"
            if batched in self.store.catalogue:
                result = await self.store.run(batched, {
                    "rows": rows, "owner": self.mapping.agency, "scopes": ctx.scopes,
                    "common": recording.shared_provenance(ctx), "run": self.run_id})
                written.update((int(r["line"]), str(r["id"])) for r in result)
                continue
            if ctx.shared_provenance:  # its plans left out what the batch statement adds
                raise RuntimeError(f"{statement} has no batch statement {batched}: mark the "
                                   "adapter batched=False")
            # A kind with no batched statement yet: the mutation's own statement, one by one.
            # Each carries its change entry, as the mutation does (hub.services.changes); the
            # batch's entries are settled together, one clearing statement for all of them.
            landed = []
            for (rec, write), row in zip(writes, rows, strict=True):
                change = write.change(ctx)
                params = {**write.params, **row, "scopes": ctx.scopes, "change": change.node()}
                result = await self.store.run(statement, params)
                if result:
                    landed.append(change)
                    node = result[0].get("n") or result[0].get("a") or {}
                    written[rec.line] = str(node.get("id"))
            if (audit := audit_of(ctx)) is not None:
                await settle(self.store, audit, landed)
        return written

    def _row(self, rec: Record, write: recording.Write, shared: bool) -> dict[str, Any]:
        """The planned write as one row of a batch, with the partner's reference (the plan
        named this feed as the source of the record and of every link it makes)."""
        drop = UNBATCHED | UNBATCHED_BY_STATEMENT.get(write.statement, frozenset())
        row = {k: v for k, v in write.params.items() if k not in drop}
        if "props" in row:
            row["props"] = {**row["props"], "client_ref": rec.ref}
            if not shared:  # a batch statement sets the run once, as `$run`
                row["props"]["import_run"] = self.run_id
            row["client_ref"] = rec.ref
        row["line"] = rec.line
        return row

    async def _correct(self, items: list[tuple[_Outcome, dict[str, Any]]], kind: Adapter) -> int:
        rows = [{"line": o.rec.line, "id": (o.existing or {}).get("id"), "changes": changes}
                for o, changes in items]
        result = await self.store.run(kind.correct, {
            "rows": rows, "owner": self.mapping.agency, "now": _stamp(),
            "actor": self.principal.subject})
        for outcome, changes in items:
            held = outcome.existing or {}
            await self._audit("import correction", {**changes, "id": held.get("id")},
                              before={k: held.get(k) for k in changes})
        return len(result)

    async def _audit(self, what: str, after: dict[str, Any],
                     before: dict[str, Any] | None = None) -> None:
        if self.audit is None:
            return
        await self.audit.aappend(AuditEntry.by(
            self.principal, "change", purpose="feed", operation=what, before=before,
            after={"run": self.run_id, "source": self.mapping.source, **after},
            request_id=self.run_id))


async def _finished(task: asyncio.Task[None]) -> None:
    """Wait for a batch being written. A stop (Ctrl-C) then lands on the run itself, not on the
    write, whose store error handling could otherwise take it for the store going away."""
    await asyncio.wait([task])
    task.result()


def _restarting(exc: StoreError) -> bool:
    return isinstance(exc, StoreUnavailable) or "LOADING" in str(exc)


def _changes(plan: recording.Plan, held: Row, settled: frozenset[str]) -> dict[str, Any]:
    if not isinstance(plan, recording.Write) or "props" not in plan.params:
        return {}
    wanted = plan.params["props"]
    return {k: v for k, v in wanted.items()
            if k not in NOT_COMPARED and k not in settled and held.get(k) != v}


def _type_name(labels: list[str]) -> str:
    if "Person" in labels:
        return "Child" if "Child" in labels else "Adult"
    return next((label for label in labels if label != "Entity"), "Entity")


def _column_of(spec: FileSpec) -> Any:
    def name(field: str) -> str:
        return next((c.name for c in spec.columns if c.field == field), field)
    return name


def _columns(message: str, spec: FileSpec) -> str:
    """A message that names a field, in the partner's column name."""
    for column in spec.columns:
        if message.startswith((column.field + " ", column.field + ":")):
            return column.name + message[len(column.field):]
    return message


def _batches(items: Iterator[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        return handle.readline().decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r\n")


def _stamp() -> str:
    return datetime.now().replace(microsecond=0).isoformat()
