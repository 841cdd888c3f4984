"""The `hub` command: serve, seed, token, audit, schema, stats."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from hub.config import ConfigError, Settings


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from hub.app import create_app
    from hub.graph.cypher import MissingStatements
    from hub.graph.embedded import DataDirInUse, EmbeddedStartError
    from hub.graph.runtime import StartRefused, preflight

    if args.workers < 1:
        print("hub: --workers must be at least 1", file=sys.stderr)
        return 2
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
        uvicorn.run(app, host=settings.host, port=settings.port,
                    log_level=settings.log_level.lower(), proxy_headers=False,
                    timeout_graceful_shutdown=10)
    except (DataDirInUse, EmbeddedStartError) as exc:
        print(f"hub: {exc}", file=sys.stderr)
        return 2
    return 0


def _serve_workers(args: argparse.Namespace, settings: Settings) -> int:
    """Several worker processes: the store is started once, here, and every worker reaches
    it over loopback; they share the data folder's audit log (HUB_WORKERS tells them to)."""
    import os

    import uvicorn

    from hub.graph.embedded import EmbeddedFalkorDB

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
                    timeout_graceful_shutdown=10)
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


async def _with_store(settings: Settings, work):  # type: ignore[no-untyped-def]
    from hub.graph.runtime import open_store

    handle = await open_store(settings)
    try:
        return await work(handle.store)
    finally:
        await handle.close()


def _seed(args: argparse.Namespace, settings: Settings) -> int:
    from seed.load import seed_store, store_is_empty

    async def work(store):  # type: ignore[no-untyped-def]
        if not await store_is_empty(store):
            if not args.replace:
                print("hub: the store already holds data; pass --replace to wipe and reseed",
                      file=sys.stderr)
                return None
            await store.clear()
            await store.apply_schema()
        report = await seed_store(store, args.scale, args.seed)
        await store.compact()
        return report

    report = asyncio.run(_with_store(settings, work))
    if report is None:
        return 1
    print(f"seeded scale={report.scale} seed={report.seed}: {report.nodes} nodes, "
          f"{report.relationships} relationships, {report.people} people, "
          f"{report.incidents_and_episodes} incidents and episodes in {report.seconds:.1f}s")
    return 0


def _stats(args: argparse.Namespace, settings: Settings) -> int:
    async def work(store):  # type: ignore[no-untyped-def]
        return (await store.run("count_by_label"), await store.run("count_by_rel_type"))

    labels, rels = asyncio.run(_with_store(settings, work))
    for row in labels:
        print(f"{row['label']:<22}{row['n']:>10}")
    print()
    for row in rels:
        print(f"{row['type']:<22}{row['n']:>10}")
    return 0


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
    from hub.auth.devissuer import mint_token

    try:
        token = mint_token(settings, sub=args.sub, agency=args.agency, roles=args.role,
                           ttl_minutes=args.ttl, team=args.team)
    except Exception as exc:  # noqa: BLE001 - shown to the operator as is
        print(f"hub: {exc}", file=sys.stderr)
        return 2
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
    seed.set_defaults(func=_seed)

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
    return int(args.func(args, settings))


if __name__ == "__main__":
    raise SystemExit(main())
