"""The GraphQL-over-HTTP conformance audit (npm graphql-http) against the real hub on loopback."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support import RunningHub

HERE = Path(__file__).parent


def installed_audit() -> Path:
    """tests/http/node_modules, installed from the committed package-lock.json if missing."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed: the graphql-http audit needs them "
                    "(apt-get install nodejs npm)")
    modules = HERE / "node_modules" / "graphql-http"
    if not modules.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE,
                       check=True, timeout=300)
    return HERE / "audit.js"


def test_the_graphql_over_http_audit_has_no_errors_and_no_warnings(hub: RunningHub) -> None:
    script = installed_audit()
    headers = {"Authorization": hub.headers["Authorization"], "X-Purpose": "mace"}
    run = subprocess.run(["node", str(script)], cwd=HERE, capture_output=True, text=True,
                         timeout=120, check=False,
                         env={**os.environ, "HUB_URL": f"{hub.url}/graphql",
                              "HUB_HEADERS": json.dumps(headers)})
    assert run.returncode == 0, run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert len(results) > 50
    failing = [r for r in results if r["status"] in {"error", "warn"}]
    assert not failing, json.dumps(failing, indent=1)
