"""The hub as a user installs it: a wheel built from the repository, in a venv of its own.

The wheel is built from a copy of the files the Dockerfile copies and installed with
`--no-deps` into a fresh venv outside the checkout; the dependencies come from this
session's venv through a path entry (not its site dir, so the editable install of the
checkout is not seen), and every command runs from a folder outside the checkout.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from hub.graph.cypher import Catalogue
from tests.support import start_hub, stop_hub

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("pyproject.toml", "README.md", "hub", "seed", "cypher")  # what the Dockerfile copies


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh venv holding only the built wheel (plus the locked dependencies)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"
    for name in SHIPPED:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(root / "dist"), str(source)],
                   check=True, capture_output=True, timeout=300)
    wheel = next((root / "dist").glob("partnership_data_hub-*.whl"))
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    purelib = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([str(python), "-c", purelib], check=True, capture_output=True,
                               text=True).stdout.strip())
    (site / "locked-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", str(wheel)], check=True, capture_output=True, timeout=300)
    return python


def test_the_wheel_carries_every_statement_and_finds_them_installed(installed: Path,
                                                                     tmp_path: Path) -> None:
    shown = subprocess.run(
        [str(installed), "-c", "import hub, hub.graph.cypher as c; "
         "print(hub.__file__); print(len(c.Catalogue.load()))"],
        cwd=tmp_path, check=True, capture_output=True, text=True).stdout.split()
    assert str(installed.parents[1]) in shown[0]  # the installed copy, not the checkout
    assert int(shown[1]) == len(Catalogue.load())  # every statement of the checkout


def test_the_installed_hub_serves_a_query(installed: Path, tmp_path: Path) -> None:
    running = start_hub(tmp_path / "data", python=str(installed), cwd=tmp_path)
    try:
        ready = running.client.get("/readyz").json()
        assert ready["ready"] and ready["schema"] and ready["statements"] > 100
        data = running.data('{ children(filter: {town: "Corby"}, first: 2) '
                            '{ totalCount edges { node { name } } } }')
        assert data["children"]["totalCount"] > 0 and len(data["children"]["edges"]) == 2
    finally:
        stop_hub(running)


def test_an_install_without_its_statements_refuses_to_start_in_one_line(
        installed: Path, tmp_path: Path) -> None:
    site = installed.parents[1] / "lib"
    statements = next(site.glob("python3*/site-packages/hub/cypher"))
    hidden = tmp_path / "hidden"
    shutil.move(str(statements), hidden)
    try:
        done = subprocess.run([str(installed), "-m", "hub", "serve"], cwd=tmp_path,
                              env={"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path / "data"),
                                   "PATH": "/usr/bin:/bin"},
                              capture_output=True, text=True, timeout=60)
    finally:
        shutil.move(str(hidden), statements)
    assert done.returncode == 2
    assert done.stderr.startswith("hub: no Cypher statements in ") and "pip install" in done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
