"""The development issuer: tokens the verifier trusts without HTTP, a key that survives restarts."""

from __future__ import annotations

import dataclasses
import json
import stat
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from hub.auth import (
    DEV_ISSUER_URL,
    AuthError,
    DevIssuer,
    DevIssuerError,
    Principal,
    TokenVerifier,
    mint_token,
)
from hub.auth.devissuer import key_path
from hub.config import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(env="development", data_dir=tmp_path / "data", dev_issuer=True)


def no_http() -> httpx.AsyncClient:
    raise AssertionError("the dev issuer must be trusted without any HTTP request")


async def test_a_minted_token_round_trips_through_the_verifier(settings: Settings) -> None:
    token = mint_token(settings, "dev-analyst", "police", ["analyst", "panel_member"], 30,
                       team="MACE", name="Casey Fictional")
    principal = await TokenVerifier(settings, http_client_factory=no_http).verify(token)
    assert principal == Principal(
        subject="dev-analyst", agency="police", roles=frozenset({"analyst", "panel_member"}),
        team="MACE", issuer=DEV_ISSUER_URL, name="Casey Fictional",
    )


async def test_the_key_persists_across_instances_on_one_data_dir(settings: Settings) -> None:
    first = DevIssuer(settings)
    token = first.issue("dev-ig", "trust", "ig_lead")
    second = DevIssuer(settings)
    assert second.key_id == first.key_id
    assert second.jwks() == first.jwks()
    verifier = TokenVerifier(settings, dev_issuer=second)
    assert (await verifier.verify(token)).roles == frozenset({"ig_lead"})


async def test_another_data_dir_means_another_key(settings: Settings, tmp_path: Path) -> None:
    token = DevIssuer(settings).issue("dev-ig", "trust", "ig_lead")
    elsewhere = dataclasses.replace(settings, data_dir=tmp_path / "elsewhere")
    with pytest.raises(AuthError) as caught:
        await TokenVerifier(elsewhere).verify(token)
    assert caught.value.code == "unknown_key"


def test_the_private_key_file_is_readable_only_by_its_owner(settings: Settings) -> None:
    DevIssuer(settings)
    path = key_path(settings)
    assert path == settings.data_dir / "dev-issuer" / "key.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "d" in json.loads(path.read_text())
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_the_published_jwks_holds_no_private_material(settings: Settings) -> None:
    (published,) = DevIssuer(settings).jwks()["keys"]
    assert published["kty"] == "RSA" and published["alg"] == "RS256"
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(published)


def test_the_dev_issuer_follows_the_allowed_algorithms(settings: Settings) -> None:
    ed_only = dataclasses.replace(settings, allowed_algorithms=("EdDSA",))
    assert DevIssuer(ed_only).jwks()["keys"][0]["crv"] == "Ed25519"


@pytest.mark.parametrize("env", ["development", "test", "production"])
def test_a_disabled_dev_issuer_refuses_to_mint(tmp_path: Path, env: str) -> None:
    disabled = Settings(env=env, data_dir=tmp_path, dev_issuer=False)
    with pytest.raises(DevIssuerError, match="disabled; set HUB_DEV_ISSUER=1"):
        mint_token(disabled, "dev-x", "police", "analyst")
    assert not key_path(disabled).exists()


def test_the_dev_issuer_never_runs_in_production(tmp_path: Path) -> None:
    production = Settings(env="production", data_dir=tmp_path, dev_issuer=True)
    with pytest.raises(DevIssuerError, match="production"):
        DevIssuer(production)


async def test_a_verifier_without_the_dev_issuer_refuses_its_tokens(settings: Settings) -> None:
    token = mint_token(settings, "dev-x", "police", "analyst")
    with pytest.raises(AuthError) as caught:
        await TokenVerifier(dataclasses.replace(settings, dev_issuer=False)).verify(token)
    assert caught.value.code == "unknown_issuer"


@pytest.mark.parametrize(("agency", "roles", "ttl", "message"), [
    ("fire", "analyst", 60, "unknown agency 'fire'"),
    ("police", "superuser", 60, "unknown or missing role superuser"),
    ("police", [], 60, "unknown or missing role (none)"),
    ("police", "analyst", 0, "ttl must be between"),
])
def test_mint_refuses_what_the_hub_would_refuse(settings: Settings, agency: str, roles: Any,
                                                ttl: int, message: str) -> None:
    with pytest.raises(DevIssuerError, match=message.replace("(", r"\(").replace(")", r"\)")):
        mint_token(settings, "dev-x", agency, roles, ttl)


async def test_a_minted_token_expires_after_its_ttl(settings: Settings) -> None:
    issued_at = time.time() - 3 * 3600  # a token minted three hours ago, for one hour
    token = DevIssuer(settings, clock=lambda: issued_at).issue("dev-x", "eis", "practitioner")
    with pytest.raises(AuthError) as caught:
        await TokenVerifier(settings).verify(token)
    assert caught.value.code == "expired"
