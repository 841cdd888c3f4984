"""The `hub` command as a newcomer meets it: each mistake is one clear line at once, found
before the store starts, and an import stopped half way re-runs without duplicates."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from hub.auth.devissuer import mint_token
from hub.config import Settings
from hub.graph.runtime import open_store
from seed.extracts import write_people_extract
from tests.support import RunningHub


def hub_cli(*args: str, data_dir: Path, timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data_dir), "HUB_DEV_ISSUER": "1",
            "HUB_LOG_LEVEL": "WARNING", **env}
    return subprocess.run([sys.executable, "-m", "hub", *args], env=full, capture_output=True,
                          text=True, timeout=timeout)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1, result.stderr
    return lines[0]


def wait_for_batches(data: Path, created: int = 1000) -> list[Path]:
    """Until an import under way in this data folder has saved some batches, but not all."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        reports = list((data / "imports").glob("*/report.json"))
        if reports:
            try:
                report = json.loads(reports[0].read_text())
            except ValueError:  # caught between write and rename: read again
                continue
            if report.get("files") and report["files"][0]["created"] >= created:
                return reports
        time.sleep(0.05)
    raise AssertionError("the import saved nothing in 120 s")


def test_stats_and_seed_while_the_hub_runs_say_so_in_one_line(hub: RunningHub) -> None:
    for command in (["stats"], ["seed", "--scale", "demo"], ["import", "--source", "police",
                                                             __file__]):
        started = time.monotonic()
        result = hub_cli(*command, data_dir=hub.data_dir)
        assert result.returncode == 2
        line = one_line(result)
        assert "a hub is running on the data folder" in line and "pid" in line
        assert time.monotonic() - started < 15
    assert "/feeds/" in one_line(hub_cli("import", "--source", "police", __file__,
                                         data_dir=hub.data_dir))


def test_a_second_hub_on_one_data_folder_is_one_line(hub: RunningHub) -> None:
    result = hub_cli("serve", data_dir=hub.data_dir)
    assert result.returncode == 2 and "a second hub cannot share it" in one_line(result)


def test_a_busy_port_is_found_before_the_store_starts(hub: RunningHub, tmp_path: Path) -> None:
    port = hub.url.rsplit(":", 1)[1]
    result = hub_cli("serve", "--seed-if-empty", "demo", data_dir=tmp_path / "data",
                     HUB_PORT=port)
    assert result.returncode == 2 and f"port {port}" in one_line(result)
    assert not (tmp_path / "data" / "falkordb").exists()


def test_a_half_seeded_store_is_not_served(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "seed.incomplete").write_text("a seed was started and has not finished\n")
    result = hub_cli("serve", data_dir=data)
    assert result.returncode == 2 and "half-seeded" in one_line(result)


def test_an_unknown_source_or_file_is_one_line(tmp_path: Path) -> None:
    result = hub_cli("import", "--source", "nosuch", __file__, data_dir=tmp_path)
    assert result.returncode == 2 and "known sources: census, health, police" in one_line(result)
    result = hub_cli("import", "--source", "police", str(tmp_path / "none.csv"), data_dir=tmp_path)
    assert result.returncode == 2 and "no such file" in one_line(result)


def test_a_token_signed_for_another_data_folder_gets_a_hint(hub: RunningHub, tmp_path: Path) -> None:
    other = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "elsewhere"),
                               "HUB_DEV_ISSUER": "1"})
    token = mint_token(other, sub="newcomer", agency="police", roles=["analyst"])
    answer = hub.client.post("/graphql", json={"query": "{ me { agency } }"},
                             headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401
    message = answer.json()["errors"][0]["message"]
    assert f"HUB_DATA_DIR={hub.data_dir}" in message


async def test_an_import_killed_half_way_re_runs_without_duplicates(tmp_path: Path) -> None:
    data = tmp_path / "data"
    people = tmp_path / "people.csv"
    refs = write_people_extract(people, 30000, prefix="KILL")
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(data), "HUB_LOG_LEVEL": "WARNING"}
    first = subprocess.Popen([sys.executable, "-m", "hub", "import", "--source", "police",
                              "--batch-size", "500", str(people)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reports = wait_for_batches(data)
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=30)
    interrupted = json.loads(reports[0].read_text())
    assert interrupted["status"] == "running" and interrupted["files"][0]["created"] < 30000
    time.sleep(1)  # the killed hub's store gets its parent-death signal and exits

    again = hub_cli("import", "--source", "police", "--quiet", str(people), data_dir=data,
                    timeout=300)
    assert again.returncode == 0, again.stderr
    assert "import " in again.stdout and "0 rejected" in again.stdout
    handle = await open_store(Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(data)}))
    try:
        rows = await handle.store.run("ingest_existing", {"refs": refs, "owner": "police"})
        assert len(rows) == 30000 and len({r["n"]["id"] for r in rows}) == 30000
    finally:
        await handle.close()


def test_ctrl_c_stops_an_import_with_one_line(tmp_path: Path) -> None:
    people = tmp_path / "people.csv"
    write_people_extract(people, 60000, prefix="INT")
    env = {**os.environ, "HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data"),
           "HUB_LOG_LEVEL": "ERROR"}
    # As from a terminal: a test runner started in the background passes SIGINT on ignored.
    run = subprocess.Popen([sys.executable, "-m", "hub", "import", "--source", "police",
                            "--batch-size", "500", str(people)], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_for_batches(tmp_path / "data")
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    assert "Traceback" not in err and "send the same files again" in err
