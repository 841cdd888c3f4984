"""Issuers' public signing keys: fetched over HTTPS, cached, and refetched sparingly on rotation."""

from __future__ import annotations

import asyncio
import logging
import math
import time
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

with warnings.catch_warnings():
    # authlib.jose warns that joserfc will replace it in authlib 2; the hub pins authlib.jose.
    warnings.simplefilter("ignore", AuthlibDeprecationWarning)
    from authlib.jose import ECKey, JsonWebKey, JsonWebToken, Key, OKPKey, RSAKey
    from authlib.jose.errors import (
        BadSignatureError,
        ExpiredTokenError,
        InvalidClaimError,
        InvalidTokenError,
        JoseError,
    )

__all__ = [
    "ASYMMETRIC_ALGORITHMS",
    "BadSignatureError",
    "ExpiredTokenError",
    "HttpClientFactory",
    "InvalidClaimError",
    "InvalidTokenError",
    "JoseError",
    "JsonWebKey",
    "JsonWebToken",
    "JwksError",
    "Key",
    "KeySource",
    "RemoteJwks",
    "StaticJwks",
    "default_http_client",
    "key_fits",
    "parse_jwks",
]

log = logging.getLogger(__name__)

# Only public-key signatures: a shared secret would let any partner's IdP forge another's tokens.
ASYMMETRIC_ALGORITHMS: frozenset[str] = frozenset({"RS256", "PS256", "ES256", "EdDSA"})

MIN_RSA_BITS = 2048
MAX_JWKS_BYTES = 512 * 1024
_PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi", "oth", "k")

HttpClientFactory = Callable[[], httpx.AsyncClient]


class JwksError(Exception):
    """An issuer's key set could not be fetched or read; the message is safe to log."""


def default_http_client() -> httpx.AsyncClient:
    # No redirects: the configured jwks_uri is the trust anchor, not wherever it points next.
    return httpx.AsyncClient(timeout=httpx.Timeout(5.0), follow_redirects=False)


def key_fits(key: Key, alg: str) -> bool:
    """A key verifies only the algorithm family it was made for; this blocks algorithm confusion."""
    declared = key.tokens.get("alg")
    if declared is not None and declared != alg:
        return False
    crv = key.tokens.get("crv")
    if alg in {"RS256", "PS256"}:
        return isinstance(key, RSAKey)
    if alg == "ES256":
        return isinstance(key, ECKey) and crv == "P-256"
    if alg == "EdDSA":
        return isinstance(key, OKPKey) and crv in {"Ed25519", "Ed448"}
    return False


def _usable_key(entry: Any) -> Key | None:
    if not isinstance(entry, Mapping):
        return None
    kid = entry.get("kid")
    if not isinstance(kid, str) or not kid:
        return None  # tokens must name their key, so an unnamed key can never be chosen
    if entry.get("kty") not in {"RSA", "EC", "OKP"}:
        return None  # symmetric ("oct") keys are never trusted
    if entry.get("use") not in (None, "sig"):
        return None
    public = {k: v for k, v in entry.items() if k not in _PRIVATE_MEMBERS}
    try:
        key = JsonWebKey.import_key(public)
    except Exception as exc:  # any malformed key is skipped, not fatal
        log.warning("skipping unreadable JWK %r: %s", kid, exc)
        return None
    if isinstance(key, RSAKey) and key.get_public_key().key_size < MIN_RSA_BITS:
        log.warning("skipping JWK %r: RSA key shorter than %d bits", kid, MIN_RSA_BITS)
        return None
    return key


def parse_jwks(document: Any) -> dict[str, Key]:
    """Public signing keys by kid; unusable entries are dropped so one bad key locks nobody out."""
    if not isinstance(document, Mapping) or not isinstance(document.get("keys"), list):
        raise JwksError("the key set is not a JSON object with a 'keys' list")
    keys: dict[str, Key] = {}
    for entry in document["keys"]:
        key = _usable_key(entry)
        if key is not None:
            keys.setdefault(key.tokens["kid"], key)
    return keys


class StaticJwks:
    """Keys known in-process (the development issuer), so trusting them needs no HTTP."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self._keys = parse_jwks(document)

    async def key(self, kid: str) -> Key | None:
        return self._keys.get(kid)


class RemoteJwks:
    """One issuer's JWKS, cached for `ttl_s`; fetches at most once per `refetch_interval_s`.

    The rate limit keeps a flood of tokens with made-up key ids from turning the hub into a
    load generator against a partner's identity provider. If a refresh fails, the keys already
    held stay in use until the next attempt succeeds, so a blip at one IdP does not lock out
    its agency.
    """

    def __init__(
        self,
        issuer: str,
        jwks_uri: str,
        *,
        http_client_factory: HttpClientFactory = default_http_client,
        clock: Callable[[], float] = time.monotonic,
        ttl_s: float = 600.0,
        refetch_interval_s: float = 30.0,
    ) -> None:
        self.issuer = issuer
        self.jwks_uri = jwks_uri
        self._factory = http_client_factory
        self._clock = clock
        self._ttl_s = ttl_s
        self._refetch_interval_s = refetch_interval_s
        self._keys: dict[str, Key] | None = None
        self._fetched_at = -math.inf
        self._attempted_at = -math.inf
        self._last_error = "not fetched yet"
        self._lock = asyncio.Lock()

    async def key(self, kid: str) -> Key | None:
        """The key named `kid`, or None once a fresh fetch has shown the issuer does not have it."""
        now = self._clock()
        if (self._keys is None or now - self._fetched_at >= self._ttl_s) and self._may_fetch(now):
            await self._refresh(self._attempted_at)
        if self._keys is None:
            raise JwksError(f"keys of {self.issuer} unavailable: {self._last_error}")
        found = self._keys.get(kid)
        if found is None and self._may_fetch(self._clock()):
            await self._refresh(self._attempted_at)
            found = self._keys.get(kid)
        return found

    def _may_fetch(self, now: float) -> bool:
        return now - self._attempted_at >= self._refetch_interval_s

    async def _refresh(self, seen_attempt: float) -> None:
        async with self._lock:
            if self._attempted_at != seen_attempt:
                return  # another request refreshed while this one waited
            try:
                keys = await self._fetch()
            except JwksError as exc:
                self._attempted_at = self._clock()
                self._last_error = str(exc)
                log.warning("JWKS refresh for %s failed: %s", self.issuer, exc)
                return
            now = self._clock()
            self._keys, self._fetched_at, self._attempted_at = keys, now, now

    async def _fetch(self) -> dict[str, Key]:
        try:
            async with self._factory() as client:
                response = await client.get(self.jwks_uri, headers={"Accept": "application/json"})
        except httpx.HTTPError as exc:
            raise JwksError(f"{type(exc).__name__} fetching {self.jwks_uri}") from exc
        if response.status_code != 200:
            raise JwksError(f"{self.jwks_uri} answered HTTP {response.status_code}")
        if len(response.content) > MAX_JWKS_BYTES:
            raise JwksError(f"{self.jwks_uri} returned more than {MAX_JWKS_BYTES} bytes")
        try:
            document = response.json()
        except ValueError as exc:
            raise JwksError(f"{self.jwks_uri} did not return JSON") from exc
        return parse_jwks(document)


KeySource = StaticJwks | RemoteJwks
