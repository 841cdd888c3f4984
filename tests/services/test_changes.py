"""The change journal against a real hub: kill -9 it at random points while partners record,
start it again, and every record that landed has exactly one audit entry, and every change
entry names a record that landed."""

from __future__ import annotations

import json
import os
import random
import signal
import threading
import time
import uuid
from pathlib import Path

import httpx

from hub.auth.audit import verify
from hub.domain.ids import decode
from tests.support import RunningHub, start_hub, stop_hub

ROUNDS = 4
WRITERS = 3
MUTATION = """mutation($input: RecordPersonInput!) {
  recordPerson(input: $input) { created person { id } } }"""


def keep_recording(hub: RunningHub, marker: str, stop: threading.Event,
                   sent: list[str] | None = None, survive: bool = False) -> None:
    """Record children one after another until the hub dies (or we are told to stop),
    keeping each clientRef sent in `sent`; with `survive`, carry on through errors."""
    headers = hub.caller("police", "analyst")
    with httpx.Client(base_url=hub.url, timeout=5) as client:
        while not stop.is_set():
            ref = f"{marker}-{uuid.uuid4().hex[:10]}"
            if sent is not None:
                sent.append(ref)
            try:
                record(client, headers, marker, ref)
            except httpx.HTTPError:
                if not survive:
                    return  # the hub is gone
                time.sleep(0.05)


def _letters(ref: str) -> str:
    return "".join(chr(ord("a") + int(c, 16)) for c in ref.rsplit("-", 1)[-1])


def record(client: httpx.Client, headers: dict[str, str], marker: str, ref: str) -> None:
    # Each child a different name (the marker last, to find them by): children who look
    # alike would be matched against each other on arrival, which is not what this pins.
    value = {"kind": "CHILD", "givenName": _letters(ref).title(),
             "familyName": _letters(ref)[::-1].title() + marker.lower(), "clientRef": ref,
             "confirmNew": True}
    client.post("/graphql", json={"query": MUTATION, "variables": {"input": value}},
                headers=headers)


def store_pid(hub: RunningHub) -> int:
    """The embedded store: the hub's child process."""
    children = Path(f"/proc/{hub.process.pid}/task/{hub.process.pid}/children").read_text()
    [pid] = [int(p) for p in children.split()]
    return pid


def recorded_ids(hub: RunningHub, marker: str) -> set[str]:
    found: set[str] = set()
    after = None
    while True:
        page = hub.data("""query($f: PeopleFilter, $after: String) {
            people(filter: $f, first: 200, after: $after) {
              nodes { id } pageInfo { hasNextPage endCursor } } }""",
                        {"f": {"name": marker.lower()}, "after": after})["people"]
        found |= {decode(n["id"])[1] for n in page["nodes"]}
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def audited_ids(log: Path, marker: str) -> list[str]:
    ids = []
    with log.open() as fh:
        for line in fh:
            entry = json.loads(line)
            after = entry.get("after") or {}
            if entry["kind"] == "change" and str(after.get("family_name")).endswith(
                    marker.lower()):
                ids.append(after["id"])
    return ids


def test_every_write_that_landed_is_audited_across_kill_9(tmp_path: Path) -> None:
    seed = int(os.environ.get("HUB_CRASH_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    marker = "Crashton" + uuid.uuid4().hex[:6]
    data = tmp_path / "data"
    for _ in range(ROUNDS):
        hub = start_hub(data, seed=None)
        stop = threading.Event()
        writers = [threading.Thread(target=keep_recording, args=(hub, marker, stop))
                   for _ in range(WRITERS)]
        for w in writers:
            w.start()
        time.sleep(rng.uniform(0.3, 2.5))
        hub.process.kill()  # SIGKILL: no clean-up, wherever each request happens to be
        hub.process.wait(timeout=10)
        stop.set()
        for w in writers:
            w.join(timeout=10)
        hub.client.close()
    hub = start_hub(data, seed=None)
    try:
        in_store = recorded_ids(hub, marker)
        audited = audited_ids(data / "audit" / "audit.log", marker)
    finally:
        stop_hub(hub)
    assert in_store, f"nothing was recorded (seed {seed})"
    assert sorted(audited) == sorted(set(audited)), f"a change was audited twice (seed {seed})"
    assert set(audited) == in_store, (
        f"seed {seed}: {len(in_store - set(audited))} records without an audit entry, "
        f"{len(set(audited) - in_store)} audit entries without a record")
    assert verify(data / "audit" / "audit.log").ok


def test_writes_that_landed_while_the_store_restarted_are_audited_once_replayed(
    tmp_path: Path,
) -> None:
    """The store is killed under the hub while clients record; the hub restarts it; the
    clients send every clientRef again (some answers were errors); records and change
    entries then match one to one."""
    marker = "Restarton" + uuid.uuid4().hex[:6]
    data = tmp_path / "data"
    hub = start_hub(data, seed=None)
    try:
        stop, sent = threading.Event(), []
        writers = [threading.Thread(target=keep_recording, args=(hub, marker, stop, sent, True))
                   for _ in range(WRITERS)]
        for w in writers:
            w.start()
        time.sleep(1.0)
        os.kill(store_pid(hub), signal.SIGKILL)
        time.sleep(3.0)  # the hub notices and restarts its store; writers keep sending
        stop.set()
        for w in writers:
            w.join(timeout=30)
        deadline = time.monotonic() + 30
        while httpx.get(f"{hub.url}/readyz", timeout=2).status_code != 200:
            assert time.monotonic() < deadline, "the store did not come back"
            time.sleep(0.2)
        headers = hub.caller("police", "analyst")
        with httpx.Client(base_url=hub.url, timeout=10) as client:
            for ref in sent:  # a client that got no clean answer sends again
                record(client, headers, marker, ref)
        in_store = recorded_ids(hub, marker)
        audited = audited_ids(data / "audit" / "audit.log", marker)
    finally:
        stop_hub(hub)
    assert in_store
    assert sorted(audited) == sorted(set(audited)), "a change was audited twice"
    assert set(audited) == in_store
