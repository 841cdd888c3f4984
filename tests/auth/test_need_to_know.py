"""Need to know inside an agency is configuration: a table of agency, role and the categories
of the agency's own records that role sees, replaceable by HUB_NEED_TO_KNOW."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hub.auth.policy import OWN_AGENCY_ROLE_CATEGORIES
from hub.auth.principal import Principal
from hub.config import ConfigError, Settings
from hub.services.sharing import Sharing


def health_analyst() -> Principal:
    return Principal(subject="h", agency="health", roles=frozenset({"analyst"}), team=None,
                     issuer="test")


async def test_the_default_table_withholds_clinical_records_from_health_analysts(
    tmp_path: Path,
) -> None:
    sharing = Sharing(Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path)}))
    try:
        vis = await sharing.visibility(None, health_analyst(), None)  # type: ignore[arg-type]
    finally:
        sharing.close()
    assert vis.own_categories == OWN_AGENCY_ROLE_CATEGORIES["health"]["analyst"]
    assert "health" not in vis.own_categories and "health:health" not in vis.scopes


async def test_hub_need_to_know_replaces_the_rows_it_names(tmp_path: Path) -> None:
    table = {"health": {"analyst": ["identity", "safeguarding", "health"]}}
    settings = Settings.from_env({"HUB_ENV": "test", "HUB_DATA_DIR": str(tmp_path),
                                  "HUB_NEED_TO_KNOW": json.dumps(table)})
    sharing = Sharing(settings)
    try:
        vis = await sharing.visibility(None, health_analyst(), None)  # type: ignore[arg-type]
    finally:
        sharing.close()
    assert "health:health" in vis.scopes
    assert settings.need_to_know is not None
    assert settings.need_to_know["police"] == OWN_AGENCY_ROLE_CATEGORIES["police"], \
        "rows not named keep their defaults"


@pytest.mark.parametrize(("value", "words"), [
    ("not json", "HUB_NEED_TO_KNOW must be a JSON object"),
    ('{"fire": {"analyst": ["identity"]}}', "agency 'fire'"),
    ('{"health": {"janitor": ["identity"]}}', "role 'janitor'"),
    ('{"health": {"analyst": ["gossip"]}}', "category 'gossip'"),
    ('{"health": {"analyst": "identity"}}', "a list of categories"),
])
def test_a_bad_need_to_know_table_is_refused_saying_what_is_wrong(value: str, words: str) -> None:
    with pytest.raises(ConfigError, match=words):
        Settings.from_env({"HUB_NEED_TO_KNOW": value})
