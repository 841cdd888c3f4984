"""docker-compose.yml: valid for `docker compose`, and Neo4j's health check works inside its
container, where only NEO4J_AUTH ("user/password") is set, never NEO4J_PASSWORD."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"


def compose_command() -> list[str] | None:
    """`docker compose` (the plugin) or the older `docker-compose`, whichever is here."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def neo4j_health_check() -> str:
    """The neo4j service's CMD-SHELL line as the container's shell receives it."""
    text = COMPOSE.read_text(encoding="utf-8")
    service = text.split("\n  neo4j:\n", 1)[1].split("\n  hub:\n", 1)[0]
    line = re.search(r'test: (\[.*\])', service)
    assert line, "the neo4j service has no health check"
    test = json.loads(line.group(1))
    assert test[0] == "CMD-SHELL"
    return str(test[1]).replace("$$", "$")  # compose's escape for a literal `$`


def test_the_neo4j_health_check_reads_the_password_from_neo4j_auth(tmp_path: Path) -> None:
    """Run the check's own shell line with a stand-in cypher-shell that prints its arguments."""
    stand_in = tmp_path / "cypher-shell"
    stand_in.write_text('#!/bin/sh\nprintf "%s\\n" "$@"\n')
    stand_in.chmod(0o755)
    check = neo4j_health_check()
    assert "NEO4J_PASSWORD" not in check
    done = subprocess.run(["sh", "-c", check], capture_output=True, text=True, timeout=30,
                          env={"PATH": f"{tmp_path}:/usr/bin:/bin",
                               "NEO4J_AUTH": "neo4j/pass/with-slash"})
    assert done.returncode == 0
    args = done.stdout.splitlines()
    assert args[args.index("-u") + 1] == "neo4j"
    assert args[args.index("-p") + 1] == "pass/with-slash"


def test_the_image_is_pinned_to_a_published_neo4j_5_tag() -> None:
    images = re.findall(r"^\s+image: (\S+)$", COMPOSE.read_text(encoding="utf-8"), re.M)
    assert images == ["neo4j:5.26-community"]  # the 5.26 LTS line, as Docker Hub tags it


def test_docker_compose_accepts_the_file(tmp_path: Path) -> None:
    command = compose_command()
    if command is None:
        pytest.skip("neither `docker compose` nor `docker-compose` is on this machine, so "
                    "docker-compose.yml was not checked by compose itself")
    env = {**os.environ, "NEO4J_PASSWORD": "change-me"}
    done = subprocess.run([*command, "-f", str(COMPOSE), "config"], capture_output=True,
                          text=True, timeout=60, env=env, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "neo4j:5.26-community" in done.stdout and "NEO4J_AUTH" in done.stdout
    assert "service_healthy" in done.stdout
    refused = subprocess.run([*command, "-f", str(COMPOSE), "config"], capture_output=True,
                             text=True, timeout=60, cwd=tmp_path,
                             env={k: v for k, v in os.environ.items() if k != "NEO4J_PASSWORD"})
    assert refused.returncode != 0 and "set NEO4J_PASSWORD" in refused.stderr
