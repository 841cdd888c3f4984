"""Bearer tokens from two partner IdPs, verified against JWKS served over real local HTTP."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from hub.auth import AuthError, Principal, TokenVerifier, bearer_token
from hub.auth.jwks import Key
from hub.config import ConfigError, Settings

POLICE_PATH = "/police/jwks.json"
COUNTY_PATH = "/county/jwks.json"
COUNTY_AUDIENCE = "hub-county-partners"


@dataclass
class Idps:
    """Two partner IdPs: police (RSA, pins its agency, renames the roles claim) and a county-wide
    partner IdP (EC and Ed25519 keys, its own audience, agency taken from the token)."""

    police_key: Key
    county_ec: Key
    county_ed: Key
    settings: Settings


@pytest.fixture(scope="module")
def keys(kit: Any) -> dict[str, Key]:
    return {
        "police": kit.make_key("RSA", "police-2025"),
        "county_ec": kit.make_key("EC", "county-ec"),
        "county_ed": kit.make_key("OKP", "county-ed"),
        "impostor": kit.make_key("RSA", "police-2025"),
        "rotated": kit.make_key("RSA", "police-2026"),
    }


@pytest.fixture
def idps(jwks_server: Any, keys: dict[str, Key], kit: Any, tmp_path: Path) -> Idps:
    jwks_server.publish(POLICE_PATH, keys["police"])
    jwks_server.publish(COUNTY_PATH, keys["county_ec"], keys["county_ed"])
    settings = Settings(
        env="test",
        data_dir=tmp_path,
        issuers=(
            {"issuer": kit.police_idp, "jwks_uri": jwks_server.url(POLICE_PATH),
             "agency": "police", "claims": {"roles": "groups"}},
            {"issuer": kit.county_idp, "jwks_uri": jwks_server.url(COUNTY_PATH),
             "audience": COUNTY_AUDIENCE},
        ),
    )
    return Idps(keys["police"], keys["county_ec"], keys["county_ed"], settings)


@pytest.fixture
def verifier(idps: Idps, clock: Any) -> TokenVerifier:
    return TokenVerifier(idps.settings, clock=clock)


def police_claims(kit: Any, **overrides: Any) -> dict[str, Any]:
    base = {"agency": None, "roles": None, "groups": "mace_analysts analyst", "team": "MACE"}
    return kit.claims_for(kit.police_idp, **{**base, **overrides})


async def refused(verifier: TokenVerifier, token: str) -> AuthError:
    with pytest.raises(AuthError) as caught:
        await verifier.verify(token)
    assert caught.value.status == 401
    return caught.value


# --- the Authorization header -------------------------------------------------------------

def test_bearer_token_is_taken_from_the_header() -> None:
    assert bearer_token("Bearer abc.def.ghi") == "abc.def.ghi"
    assert bearer_token("bearer   abc.def.ghi ") == "abc.def.ghi"


@pytest.mark.parametrize("header", [None, "", "   ", "Bearer", "Bearer   "])
def test_a_missing_bearer_token_is_refused_as_no_token(header: str | None) -> None:
    with pytest.raises(AuthError) as caught:
        bearer_token(header)
    assert caught.value.code == "no_token"
    assert caught.value.reason == "no bearer token"
    assert caught.value.www_authenticate() == 'Bearer realm="partnership-data-hub"'


def test_other_authorization_schemes_are_refused() -> None:
    with pytest.raises(AuthError) as caught:
        bearer_token("Basic dXNlcjpwYXNz")
    assert "Bearer scheme" in caught.value.reason


def test_a_token_with_spaces_is_malformed() -> None:
    with pytest.raises(AuthError) as caught:
        bearer_token("Bearer abc def")
    assert caught.value.code == "malformed"


# --- valid tokens from each configured issuer ---------------------------------------------

async def test_a_police_token_gives_a_police_principal(verifier: TokenVerifier, idps: Idps,
                                                        kit: Any) -> None:
    token = kit.sign(idps.police_key, police_claims(kit, name="DC Robin Fictional"))
    principal = await verifier.verify(token)
    assert principal == Principal(
        subject="user-0042", agency="police", roles=frozenset({"analyst"}), team="MACE",
        issuer=kit.police_idp, name="DC Robin Fictional",
    )


@pytest.mark.parametrize(("key_name", "alg"), [("county_ec", "ES256"), ("county_ed", "EdDSA")])
async def test_a_county_partner_token_gives_the_agency_it_claims(
    verifier: TokenVerifier, keys: dict[str, Key], kit: Any, key_name: str, alg: str
) -> None:
    claims = kit.claims_for(kit.county_idp, aud=COUNTY_AUDIENCE, agency="Health",
                            roles=["practitioner", "panel_member", "tea_maker"])
    principal = await verifier.verify(kit.sign(keys[key_name], claims, alg=alg))
    assert principal == Principal(
        subject="user-0042", agency="health", roles=frozenset({"practitioner", "panel_member"}),
        team=None, issuer=kit.county_idp, name=None,
    )


async def test_an_audience_list_naming_the_hub_is_accepted(verifier: TokenVerifier,
                                                           idps: Idps, kit: Any) -> None:
    claims = police_claims(kit, aud=["some-other-api", kit.audience])
    assert (await verifier.verify(kit.sign(idps.police_key, claims))).agency == "police"


# --- refusals, each with its own reason ---------------------------------------------------

async def test_an_empty_token_is_no_token(verifier: TokenVerifier) -> None:
    assert (await refused(verifier, "")).code == "no_token"


@pytest.mark.parametrize("token", [
    "not-a-jwt",
    "two.parts",
    "!!!.@@@.###",
    "a.b.c.d.e",
    "bm90IGpzb24.eyJpc3MiOiJ4In0.c2ln",  # header is base64 of "not json"
    "WzFd.WzFd.c2ln",                      # header and payload are JSON lists
])
async def test_garbage_is_malformed(verifier: TokenVerifier, token: str) -> None:
    error = await refused(verifier, token)
    assert error.code == "malformed"
    assert "malformed" in error.reason or "encrypted" in error.reason


async def test_a_token_from_an_unknown_issuer_is_refused(verifier: TokenVerifier, idps: Idps,
                                                         kit: Any) -> None:
    claims = police_claims(kit, iss="https://idp.elsewhere.example")
    error = await refused(verifier, kit.sign(idps.police_key, claims))
    assert error.code == "unknown_issuer"
    assert "https://idp.elsewhere.example" in error.reason


async def test_a_signature_by_another_key_with_the_same_kid_is_refused(
    verifier: TokenVerifier, keys: dict[str, Key], kit: Any
) -> None:
    error = await refused(verifier, kit.sign(keys["impostor"], police_claims(kit)))
    assert error.code == "bad_signature"
    assert error.reason == "the token's signature does not verify"


async def test_a_tampered_payload_breaks_the_signature(verifier: TokenVerifier, idps: Idps,
                                                       kit: Any) -> None:
    header, _, signature = kit.sign(idps.police_key, police_claims(kit)).split(".")
    forged = kit.b64json(police_claims(kit, groups="administrator"))
    error = await refused(verifier, f"{header}.{forged}.{signature}")
    assert error.code == "bad_signature"


async def test_one_issuer_cannot_sign_for_another(verifier: TokenVerifier, idps: Idps,
                                                  kit: Any) -> None:
    # The county IdP's key, claiming to be the police IdP: its kid is not a police key.
    token = kit.sign(idps.county_ec, police_claims(kit), alg="ES256")
    error = await refused(verifier, token)
    assert error.code == "unknown_key"


async def test_a_token_for_another_audience_is_refused(verifier: TokenVerifier, idps: Idps,
                                                       kit: Any) -> None:
    error = await refused(verifier, kit.sign(idps.police_key, police_claims(kit, aud="crm")))
    assert error.code == "wrong_audience"
    assert "'partnership-data-hub'" in error.reason


async def test_an_issuer_audience_override_replaces_the_hub_audience(
    verifier: TokenVerifier, idps: Idps, kit: Any
) -> None:
    claims = kit.claims_for(kit.county_idp, agency="trust")  # aud is the hub-wide audience
    error = await refused(verifier, kit.sign(idps.county_ec, claims, alg="ES256"))
    assert error.code == "wrong_audience"
    assert COUNTY_AUDIENCE in error.reason


async def test_an_expired_token_is_refused(verifier: TokenVerifier, idps: Idps, kit: Any) -> None:
    now = int(time.time())
    claims = police_claims(kit, iat=now - 7200, nbf=now - 7200, exp=now - 3600)
    error = await refused(verifier, kit.sign(idps.police_key, claims))
    assert error.code == "expired"
    assert error.reason == "the token has expired"


async def test_clock_skew_is_forgiven_up_to_the_configured_leeway(
    verifier: TokenVerifier, idps: Idps, kit: Any
) -> None:
    now = int(time.time())
    just_expired = police_claims(kit, iat=now - 600, nbf=now - 600, exp=now - 20)
    assert (await verifier.verify(kit.sign(idps.police_key, just_expired))).agency == "police"
    early = police_claims(kit, iat=now + 20, nbf=now + 20)
    assert (await verifier.verify(kit.sign(idps.police_key, early))).agency == "police"


@pytest.mark.parametrize("claim", ["nbf", "iat"])
async def test_a_token_from_the_future_is_not_yet_valid(verifier: TokenVerifier, idps: Idps,
                                                        kit: Any, claim: str) -> None:
    future = int(time.time()) + 3600
    claims = police_claims(kit, **{claim: future, "exp": future + 600})
    error = await refused(verifier, kit.sign(idps.police_key, claims))
    assert error.code == "not_yet_valid"


async def test_alg_none_is_refused(verifier: TokenVerifier, idps: Idps, kit: Any) -> None:
    header = kit.b64json({"alg": "none", "typ": "JWT", "kid": idps.police_key.kid})
    token = f"{header}.{kit.b64json(police_claims(kit))}."
    error = await refused(verifier, token)
    assert error.code == "disallowed_algorithm"
    assert "'none'" in error.reason


async def test_hmac_signed_with_the_public_key_is_refused(verifier: TokenVerifier, idps: Idps,
                                                          kit: Any) -> None:
    # The classic confusion attack: the public key is known to everyone, so if a verifier ever
    # fed it to HMAC, anyone could mint tokens.
    public_pem = idps.police_key.as_pem(is_private=False)
    header = kit.b64json({"alg": "HS256", "typ": "JWT", "kid": idps.police_key.kid})
    signing_input = f"{header}.{kit.b64json(police_claims(kit))}"
    mac = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    error = await refused(verifier, f"{signing_input}.{kit.b64(mac)}")
    assert error.code == "disallowed_algorithm"
    assert "'HS256'" in error.reason


async def test_an_algorithm_that_does_not_fit_the_named_key_is_refused(
    verifier: TokenVerifier, keys: dict[str, Key], kit: Any
) -> None:
    # An Ed25519 signature presented under the name of the county's EC key.
    claims = kit.claims_for(kit.county_idp, aud=COUNTY_AUDIENCE)
    token = kit.sign(keys["county_ed"], claims, alg="EdDSA", kid="county-ec")
    error = await refused(verifier, token)
    assert error.code == "disallowed_algorithm"
    assert "does not match its signing key" in error.reason


async def test_a_token_without_a_key_id_is_refused(verifier: TokenVerifier, idps: Idps,
                                                   kit: Any) -> None:
    token = kit.sign(idps.police_key, police_claims(kit), kid=None)
    error = await refused(verifier, token)
    assert error.code == "unknown_key"


@pytest.mark.parametrize("claim", ["exp", "sub", "aud"])
async def test_a_token_missing_a_required_claim_is_refused(verifier: TokenVerifier, idps: Idps,
                                                           kit: Any, claim: str) -> None:
    error = await refused(verifier, kit.sign(idps.police_key, police_claims(kit, **{claim: None})))
    assert error.code == "missing_claims"
    assert f"'{claim}'" in error.reason


async def test_a_token_without_a_hub_role_is_refused(verifier: TokenVerifier, idps: Idps,
                                                     kit: Any) -> None:
    claims = police_claims(kit, groups="mace_analysts everyone")
    error = await refused(verifier, kit.sign(idps.police_key, claims))
    assert error.code == "no_role"
    assert "'groups' claim" in error.reason


async def test_the_police_idp_cannot_speak_for_health(verifier: TokenVerifier, idps: Idps,
                                                      kit: Any) -> None:
    error = await refused(verifier, kit.sign(idps.police_key, police_claims(kit, agency="health")))
    assert error.code == "unknown_agency"


async def test_refusals_carry_an_rfc6750_challenge(verifier: TokenVerifier, idps: Idps,
                                                   kit: Any) -> None:
    error = await refused(verifier, kit.sign(idps.police_key, police_claims(kit, aud="crm")))
    assert error.www_authenticate().startswith(
        'Bearer realm="partnership-data-hub", error="invalid_token", error_description="'
    )
    assert "'partnership-data-hub'" in error.www_authenticate()


# --- fetching and caching the JWKS --------------------------------------------------------

async def test_the_jwks_is_fetched_once_and_cached(verifier: TokenVerifier, idps: Idps,
                                                   jwks_server: Any, kit: Any) -> None:
    assert jwks_server.hits(POLICE_PATH) == 0
    for _ in range(3):
        await verifier.verify(kit.sign(idps.police_key, police_claims(kit)))
    assert jwks_server.hits(POLICE_PATH) == 1
    assert jwks_server.hits(COUNTY_PATH) == 0


async def test_concurrent_first_requests_share_one_fetch(verifier: TokenVerifier, idps: Idps,
                                                         jwks_server: Any, kit: Any) -> None:
    token = kit.sign(idps.police_key, police_claims(kit))
    principals = await asyncio.gather(*(verifier.verify(token) for _ in range(10)))
    assert {p.subject for p in principals} == {"user-0042"}
    assert jwks_server.hits(POLICE_PATH) == 1


async def test_the_cache_expires_after_its_ttl(verifier: TokenVerifier, idps: Idps,
                                               jwks_server: Any, kit: Any, clock: Any) -> None:
    token = kit.sign(idps.police_key, police_claims(kit, exp=int(time.time()) + 3600))
    await verifier.verify(token)
    clock.advance(599)
    await verifier.verify(token)
    assert jwks_server.hits(POLICE_PATH) == 1
    clock.advance(2)
    await verifier.verify(token)
    assert jwks_server.hits(POLICE_PATH) == 2


async def test_an_unknown_kid_is_refetched_once_then_rate_limited(
    verifier: TokenVerifier, idps: Idps, keys: dict[str, Key], jwks_server: Any, kit: Any,
    clock: Any
) -> None:
    await verifier.verify(kit.sign(idps.police_key, police_claims(kit)))
    clock.advance(31)
    unknown = kit.sign(keys["rotated"], police_claims(kit))
    error = await refused(verifier, unknown)
    assert error.code == "unknown_key"
    assert "'police-2026'" in error.reason
    assert jwks_server.hits(POLICE_PATH) == 2  # one refetch before refusing
    for _ in range(5):
        assert (await refused(verifier, unknown)).code == "unknown_key"
    assert jwks_server.hits(POLICE_PATH) == 2  # and no more within the next 30 s


async def test_a_rotated_key_is_picked_up_by_the_refetch(
    verifier: TokenVerifier, idps: Idps, keys: dict[str, Key], jwks_server: Any, kit: Any,
    clock: Any
) -> None:
    await verifier.verify(kit.sign(idps.police_key, police_claims(kit)))
    jwks_server.publish(POLICE_PATH, idps.police_key, keys["rotated"])
    clock.advance(31)
    principal = await verifier.verify(kit.sign(keys["rotated"], police_claims(kit)))
    assert principal.agency == "police"
    assert jwks_server.hits(POLICE_PATH) == 2


async def test_an_unreachable_jwks_is_a_503_not_a_bad_token(
    verifier: TokenVerifier, idps: Idps, jwks_server: Any, kit: Any
) -> None:
    jwks_server.fail(POLICE_PATH)
    with pytest.raises(AuthError) as caught:
        await verifier.verify(kit.sign(idps.police_key, police_claims(kit)))
    assert caught.value.code == "keys_unavailable"
    assert caught.value.status == 503


async def test_cached_keys_outlive_an_idp_outage(verifier: TokenVerifier, idps: Idps,
                                                 jwks_server: Any, kit: Any,
                                                 clock: Any) -> None:
    token = kit.sign(idps.police_key, police_claims(kit, exp=int(time.time()) + 3600))
    await verifier.verify(token)
    jwks_server.fail(POLICE_PATH)
    clock.advance(601)
    assert (await verifier.verify(token)).agency == "police"
    assert jwks_server.hits(POLICE_PATH) == 2


def test_symmetric_keys_in_a_jwks_are_ignored(kit: Any) -> None:
    from hub.auth.jwks import parse_jwks

    document = {"keys": [{"kty": "oct", "kid": "shared", "k": kit.b64(b"s" * 32)},
                         kit.public_jwk(kit.make_key("EC", "ok"))]}
    assert set(parse_jwks(document)) == {"ok"}


# --- configuration refused at start-up ----------------------------------------------------

@pytest.mark.parametrize("algorithms", [("HS256",), ("RS256", "none"), ()])
def test_symmetric_or_no_algorithms_cannot_be_configured(tmp_path: Path,
                                                         algorithms: tuple[str, ...]) -> None:
    with pytest.raises(ConfigError):
        TokenVerifier(Settings(data_dir=tmp_path, allowed_algorithms=algorithms))


@pytest.mark.parametrize("uri", ["http://idp.police.example/jwks", "ftp://x/jwks", "", None])
def test_jwks_must_be_fetched_over_https(tmp_path: Path, uri: str | None) -> None:
    issuers = ({"issuer": "https://idp.police.example", "jwks_uri": uri},)
    with pytest.raises(ConfigError):
        TokenVerifier(Settings(data_dir=tmp_path, issuers=issuers))


def test_an_issuer_cannot_be_configured_twice(tmp_path: Path) -> None:
    entry = {"issuer": "https://idp.police.example", "jwks_uri": "https://idp.police.example/j"}
    with pytest.raises(ConfigError):
        TokenVerifier(Settings(data_dir=tmp_path, issuers=(entry, dict(entry))))


def test_a_pinned_agency_must_be_a_partner(tmp_path: Path) -> None:
    entry = {"issuer": "https://idp.x.example", "jwks_uri": "https://idp.x.example/j",
             "agency": "fire"}
    with pytest.raises(ConfigError):
        TokenVerifier(Settings(data_dir=tmp_path, issuers=(entry,)))
