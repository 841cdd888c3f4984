"""The `hub` command: serve, seed, import, token, audit, schema, stats.

A mistake a newcomer can make (the hub already running on this data folder, a busy port, a
token for another folder's key) gets one line saying what to do, found before the store starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from pathlib import Path

from hub.config import ConfigError, Settings


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    from hub.app import create_app
    from hub.graph.cypher import MissingStatements
    from hub.graph.embedded import DataDirInUse, EmbeddedStartError, port_in_use
    from hub.graph.runtime import StartRefused, preflight
    from hub.server import serve
    from seed.load import SeedMarker

    if args.workers < 1:
        print("hub: --workers must be at least 1", file=sys.stderr)
        return 2
    _data_dir_free(settings, "serve")
    if SeedMarker(settings.data_dir).present and not args.seed_if_empty:
        raise CommandError(f"the store in {settings.data_dir} was left half-seeded by a seed that "
                           "was stopped; run `.venv/bin/hub seed --replace` to seed it again")
    if port_in_use(settings.host, settings.port):
        raise CommandError(f"port {settings.port} on {settings.host} is in use (another hub, or "
                           "another program): stop it, or set HUB_PORT to a free port")
    if args.workers > 1:
        try:
            return _serve_workers(args, settings)
        except (DataDirInUse, EmbeddedStartError, MissingStatements) as exc:
            print(f"hub: {exc}", file=sys.stderr)
            return 2
    try:
        app = create_app(settings, seed_if_empty=args.seed_if_empty)
        asyncio.run(preflight(settings, app.state.hub.catalogue))
    except (MissingStatements, StartRefused) as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    try:
        serve(app, settings)
    except (DataDirInUse, EmbeddedStartError) as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    return 0


class CommandError(RuntimeError):
    """A mistake the operator can fix; shown as one line, never as a traceback."""


def _data_dir_free(settings: Settings, command: str) -> None:
    """Refuse at once, before any store starts, when a hub holds this data folder."""
    from hub.graph.embedded import data_dir_holder

    if not settings.embedded:
        return
    holder = data_dir_holder(settings.data_dir)
    if holder is None:
        return
    where = f"http://{settings.host}:{settings.port}"
    hint = {
        "serve": "a second hub cannot share it: stop the first (Ctrl-C in its terminal) or set "
                 "HUB_DATA_DIR to another folder",
        "import": f"send the extract to the running hub instead (POST {where}/feeds/<source>/"
                  "<file name>, see the README), or stop it first",
    }.get(command, f"stop it first (Ctrl-C in its terminal) to run `hub {command}`, or set "
                   "HUB_DATA_DIR to another folder")
    raise CommandError(f"a hub is running on the data folder {settings.data_dir} ({holder}); "
                       f"{hint}")


def _serve_workers(args: argparse.Namespace, settings: Settings) -> int:
    """Several worker processes: the store is started once, here, and every worker reaches
    it over loopback; they share the data folder's audit log (HUB_WORKERS tells them to)."""
    import os

    import uvicorn

    from hub.graph.embedded import EmbeddedFalkorDB
    from hub.server import MAX_HEADER_BYTES

    server = None
    uri = settings.graph_uri
    if settings.embedded:
        server = EmbeddedFalkorDB(settings.data_dir)
        server.start()
        uri = f"falkordb://127.0.0.1:{server.port}"
    os.environ.update({"HUB_GRAPH_URI": uri, "HUB_WORKERS": str(args.workers)})
    try:
        if args.seed_if_empty:
            asyncio.run(_seed_if_empty(Settings.from_env(), args.seed_if_empty))
        uvicorn.run("hub.app:create_app", factory=True, workers=args.workers,
                    host=settings.host, port=settings.port,
                    log_level=settings.log_level.lower(), proxy_headers=False,
                    timeout_graceful_shutdown=10, limit_concurrency=settings.max_connections,
                    timeout_keep_alive=int(settings.keep_alive_s),
                    h11_max_incomplete_event_size=MAX_HEADER_BYTES)
    finally:
        if server is not None:
            server.stop()
    return 0


async def _seed_if_empty(settings: Settings, scale: str) -> None:
    from seed.load import seed_store, store_is_empty

    async def work(store):  # type: ignore[no-untyped-def]
        if await store_is_empty(store):
            await seed_store(store, scale)
            await store.compact()

    await _with_store(settings, work)


async def _with_store(settings: Settings, work, watch: bool = False):  # type: ignore[no-untyped-def]
    from hub.graph.runtime import open_store

    handle = await open_store(settings, watch=watch)
    try:
        return await work(handle.store)
    finally:
        await handle.close()


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from seed.load import SeedMarker, generate_quietly, seed_store, store_is_empty

    if args.extracts:
        return _write_extracts(args)
    _data_dir_free(settings, "seed")
    marker = SeedMarker(settings.data_dir)

    async def check(store):  # type: ignore[no-untyped-def]
        return await store_is_empty(store)

    if not asyncio.run(_with_store(settings, check)) and not args.replace and not marker.present:
        raise CommandError("the store already holds data; pass --replace to wipe and reseed")
    # Generated here in the main thread, so Ctrl-C stops it at once.
    print(f"hub: generating the {args.scale} county (seed {args.seed})...", file=sys.stderr)
    dataset = generate_quietly(args.scale, args.seed)

    async def work(store):  # type: ignore[no-untyped-def]
        if not await store_is_empty(store):
            await store.clear()
            await store.apply_schema()
        with marker:
            if args.via_extracts:
                return await _seed_via_extracts(store, settings, dataset)
            report = await seed_store(store, args.scale, args.seed, dataset=dataset,
                                      progress=True)
            print("hub: folding the append-only file into a snapshot...", file=sys.stderr)
            await store.compact()
        return report

    try:
        report = asyncio.run(_with_store(settings, work))
    except KeyboardInterrupt:
        print("hub: seeding stopped; the store is marked half-seeded and will not be served "
              "until `hub seed --replace` finishes", file=sys.stderr)
        return 130
    if report is None:  # loaded through the extracts; their reports are printed already
        return 0
    print(f"seeded scale={report.scale} seed={report.seed}: {report.nodes} nodes, "
          f"{report.relationships} relationships, {report.people} people, "
          f"{report.incidents_and_episodes} incidents and episodes in {report.seconds:.1f}s")
    return 0


def _write_extracts(args: argparse.Namespace) -> int:
    from seed.extracts import write_extracts
    from seed.load import generate_quietly

    folder = Path(args.extracts)
    extracts = write_extracts(generate_quietly(args.scale, args.seed), folder)
    for source, paths in sorted(extracts.files.items()):
        print(f"{source}: " + ", ".join(str(p) for p in paths))
    print(f"wrote {extracts.rows} rows of partner extracts under {folder}; `hub seed --scale "
          f"{args.scale} --via-extracts` loads the county through them")
    return 0


async def _seed_via_extracts(store, settings: Settings, dataset):  # type: ignore[no-untyped-def]
    """The county through the importer: what no extract carries first, then each source's
    extracts, then the links between the two; the report line says what came in."""
    import tempfile

    from hub.ingest.runner import run_import
    from seed.extracts import load_via_extracts, write_extracts

    with tempfile.TemporaryDirectory(prefix="hub-extracts-") as tmp:
        extracts = write_extracts(dataset, Path(tmp))
        reports = await load_via_extracts(
            store, extracts, lambda source, paths: run_import(store, settings, source, paths))
    for report in reports:
        for item in report.files:
            print(f"{report.source} {item.line()}")
    print("hub: folding the append-only file into a snapshot...", file=sys.stderr)
    await store.compact()
    return None


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    _data_dir_free(settings, "stats")

    async def work(store):  # type: ignore[no-untyped-def]
        return (await store.run("count_by_label"), await store.run("count_by_rel_type"))

    labels, rels = asyncio.run(_with_store(settings, work))
    for row in labels:
        print(f"{row['label']:<22}{row['n']:>10}")
    print()
    for row in rels:
        print(f"{row['type']:<22}{row['n']:>10}")
    return 0


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from hub.auth.audit import AuditLog
    from hub.ingest import mapping
    from hub.ingest.importer import ImportStopped
    from hub.ingest.reader import ExtractError
    from hub.ingest.runner import run_import

    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise CommandError(f"no such file: {', '.join(missing)}")
    try:
        mapping.load(args.source)
    except mapping.MappingError as exc:
        raise CommandError(str(exc)) from None
    _data_dir_free(settings, "import")

    async def work(store):  # type: ignore[no-untyped-def]
        audit_dir = settings.data_dir / "audit"
        audit_dir.mkdir(parents=True, exist_ok=True)
        audit = AuditLog(audit_dir / "audit.log")
        # Ctrl-C stops after the batch being written, so the run ends whole and at once.
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, stop.set)
        try:
            report = await run_import(store, settings, args.source, paths, audit=audit,
                                      progress=not args.quiet and sys.stderr.isatty(),
                                      batch_size=args.batch_size, stop=stop)
            if report.totals()["created"] + report.totals()["corrected"]:
                await store.compact()  # a bulk load replays slowly from the write log
            return report
        finally:
            audit.close()

    try:
        # Watched: a store that dies during a long import is restarted, and the batch retried.
        report = asyncio.run(_with_store(settings, work, watch=True))
    except (ExtractError, mapping.MappingError, PermissionError) as exc:
        raise CommandError(str(exc)) from None
    except (KeyboardInterrupt, ImportStopped):
        print("hub: import stopped; nothing is half-written: send the same files again to "
              "finish (what was saved is recognised and not saved twice)", file=sys.stderr)
        return 130
    for item in report.files:
        print(item.line())
        for note in item.notes[:5]:
            print(f"  note: {note}")
        if item.held_back_reason:
            print(f"  held back: {item.held_back_reason}")
        for rejection in item.rejections[:5]:
            print(f"  rejected: {rejection['reason']}")
        if item.rejects_file:
            print(f"  rejected rows (fix and send again): {item.rejects_file}")
            print(f"  why each was rejected: {item.reasons_file}")
    totals = report.totals()
    print(f"import {report.run}: " + ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in
                                              totals.items()))
    print(f"report: {settings.data_dir / 'imports' / report.run / 'report.json'}")
    return 1 if totals["rejected"] else 0


def _schema(args: argparse.Namespace, settings: Settings) -> int:
    from hub.schema.build import schema

    text = str(schema) + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    return 0


def _token(args: argparse.Namespace, settings: Settings) -> int:
    from hub.auth.devissuer import key_path, mint_token

    fresh = not key_path(settings).exists()
    try:
        token = mint_token(settings, sub=args.sub, agency=args.agency, roles=args.role,
                           ttl_minutes=args.ttl, team=args.team)
    except Exception as exc:  # noqa: BLE001 - shown to the operator as is
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    if fresh:
        print(f"hub: made a new development key in {key_path(settings).parent}: only a hub run "
              f"with HUB_DATA_DIR={settings.data_dir} accepts this token", file=sys.stderr)
    print(token)
    return 0


def _audit_verify(args: argparse.Namespace, settings: Settings) -> int:
    from hub.auth.audit import verify

    path = Path(args.path) if args.path else settings.data_dir / "audit" / "audit.log"
    result = verify(path)
    print(json.dumps({"ok": result.ok, "entries": result.entries, "first_bad": result.first_bad,
                      "reason": result.reason}))
    return 0 if result.ok else 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="hub", description="The partnership data hub.")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the hub (HTTP on HUB_HOST:HUB_PORT)")
    serve.add_argument("--seed-if-empty", choices=["demo", "county"], default=None,
                       help="seed this scale when the store is empty at start")
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes sharing one store and one audit log")
    serve.set_defaults(func=_serve)

    seed = sub.add_parser("seed", help="write a deterministic fictional county into the store")
    seed.add_argument("--scale", choices=["demo", "county"], default="demo")
    seed.add_argument("--seed", type=int, default=7)
    seed.add_argument("--replace", action="store_true", help="wipe the store first")
    seed.add_argument("--extracts", metavar="DIR", default=None,
                      help="write the county as the four partner extracts into DIR instead")
    seed.add_argument("--via-extracts", action="store_true",
                      help="load the county through the importer, as partner extracts")
    seed.set_defaults(func=_seed)

    imp = sub.add_parser("import", help="import partner extracts (CSV or JSON Lines) through "
                                        "a source's mapping (police, socialcare, health, census)")
    imp.add_argument("--source", required=True, help="the mapping: police, socialcare, health, "
                                                     "census")
    imp.add_argument("files", nargs="+", help="the extract files (CSV or JSON Lines)")
    imp.add_argument("--batch-size", type=int, default=None, help="records per write (2000)")
    imp.add_argument("--quiet", action="store_true", help="no progress bar")
    imp.set_defaults(func=_import)

    stats = sub.add_parser("stats", help="count nodes by label and relationships by type")
    stats.set_defaults(func=_stats)

    schema = sub.add_parser("schema", help="print or write the GraphQL schema (SDL)")
    schema.add_argument("--output", "-o", default="-")
    schema.set_defaults(func=_schema)

    token = sub.add_parser("token", help="print a token from the development issuer")
    token.add_argument("--sub", required=True)
    token.add_argument("--agency", required=True)
    token.add_argument("--role", action="append", required=True)
    token.add_argument("--team", default=None)
    token.add_argument("--ttl", type=int, default=60, help="minutes")
    token.set_defaults(func=_token)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser("verify", help="check the hash chain of the audit log")
    verify.add_argument("--path", default=None)
    verify.set_defaults(func=_audit_verify)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    logging.basicConfig(level=settings.log_level.upper(),
                        format="%(asctime)s %(levelname)s %(name)s %(message)s")
    from hub.auth.audit import AuditError
    from hub.graph.embedded import DataDirInUse, EmbeddedStartError

    try:
        return int(args.func(args, settings))
    except (CommandError, DataDirInUse, EmbeddedStartError, AuditError) as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
