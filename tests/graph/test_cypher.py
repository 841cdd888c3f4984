"""The statement catalogue: every statement the code names exists, and none is no catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hub.graph.cypher import CORE_STATEMENTS, CYPHER_DIR, Catalogue, MissingStatements

REPO = Path(__file__).resolve().parents[2]
NAMED = re.compile(r"""\.run(?:_one)?\(\s*["']([a-z][a-z0-9_]*)["']""")


def test_the_package_finds_its_statements_beside_its_code() -> None:
    assert CYPHER_DIR == REPO / "hub" / "cypher"
    assert sorted(p.name for p in CYPHER_DIR.glob("*.cypher")) == sorted(
        p.name for p in (REPO / "cypher").glob("*.cypher"))


def test_every_statement_the_code_names_is_in_the_catalogue() -> None:
    catalogue = Catalogue.load()
    named = {name for folder in ("hub", "seed") for path in (REPO / folder).rglob("*.py")
             for name in NAMED.findall(path.read_text(encoding="utf-8"))}
    assert len(named) > 20
    assert sorted(name for name in named if name not in catalogue) == []


def test_a_folder_without_statements_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MissingStatements, match="installed without its cypher"):
        Catalogue.load(tmp_path / "absent")
    with pytest.raises(MissingStatements, match="installed without its cypher"):
        Catalogue.load(tmp_path)


def test_a_catalogue_missing_a_core_statement_is_refused_naming_it(tmp_path: Path) -> None:
    (tmp_path / "only.cypher").write_text("// name: ping\nRETURN 1 AS ok\n", encoding="utf-8")
    with pytest.raises(MissingStatements) as refused:
        Catalogue.load(tmp_path)
    assert all(name in str(refused.value) for name in CORE_STATEMENTS if name != "ping")
