"""Bearer tokens in, a verified Principal out; each refusal says why, in words a client can use."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from hub.auth.jwks import (
    ASYMMETRIC_ALGORITHMS,
    BadSignatureError,
    ExpiredTokenError,
    HttpClientFactory,
    InvalidClaimError,
    InvalidTokenError,
    JoseError,
    JsonWebToken,
    JwksError,
    KeySource,
    RemoteJwks,
    StaticJwks,
    default_http_client,
    key_fits,
)
from hub.config import ConfigError, Settings

if TYPE_CHECKING:
    from hub.auth.devissuer import DevIssuer
    from hub.auth.principal import Principal

log = logging.getLogger(__name__)

MAX_TOKEN_CHARS = 16 * 1024
REALM = "partnership-data-hub"


class AuthError(Exception):
    """The caller could not be identified; `reason` is a sentence safe to return to the client.

    `code` names the failure for logs and tests (no_token, malformed, unknown_issuer, unknown_key,
    bad_signature, wrong_audience, expired, not_yet_valid, disallowed_algorithm, missing_claims,
    unknown_agency, no_role, keys_unavailable); `status` is the HTTP status to answer with.
    """

    def __init__(self, reason: str, *, code: str = "invalid_token", status: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code
        self.status = status

    def www_authenticate(self) -> str:
        """The RFC 6750 challenge; a missing token gets no error code, as the RFC asks."""
        if self.code == "no_token":
            return f'Bearer realm="{REALM}"'
        description = self.reason.replace("\\", "/").replace('"', "'")
        return f'Bearer realm="{REALM}", error="invalid_token", error_description="{description}"'


def bearer_token(authorization_header: str | None) -> str:
    """The token in an `Authorization: Bearer ...` header, or an AuthError saying what is wrong."""
    if authorization_header is None or not authorization_header.strip():
        raise AuthError("no bearer token", code="no_token")
    scheme, _, value = authorization_header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise AuthError("the Authorization header must use the Bearer scheme", code="no_token")
    value = value.strip()
    if not value:
        raise AuthError("no bearer token", code="no_token")
    if any(ch.isspace() for ch in value):
        raise AuthError("the bearer token is malformed (it contains spaces)", code="malformed")
    return value


def check_algorithms(algorithms: tuple[str, ...]) -> tuple[str, ...]:
    """Refuses at start-up anything but public-key signatures, so HS* and none cannot be enabled."""
    if not algorithms:
        raise ConfigError("allowed_algorithms is empty: no token could ever be accepted")
    refused = [alg for alg in algorithms if alg not in ASYMMETRIC_ALGORITHMS]
    if refused:
        raise ConfigError(
            f"allowed_algorithms may only hold {', '.join(sorted(ASYMMETRIC_ALGORITHMS))}; "
            f"refusing {', '.join(refused)}"
        )
    return tuple(algorithms)


def _check_jwks_uri(issuer: str, uri: Any) -> str:
    if not isinstance(uri, str) or not uri:
        raise ConfigError(f"issuer {issuer!r} has no jwks_uri")
    parts = urlsplit(uri)
    if parts.scheme == "https" and parts.hostname:
        return uri
    if parts.scheme == "http" and parts.hostname:
        host = parts.hostname
        try:
            loopback = ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = host == "localhost"
        if loopback:
            return uri  # plain HTTP only to this machine, for tests and local IdPs
    raise ConfigError(f"issuer {issuer!r}: jwks_uri must be an https URL, got {uri!r}")


@dataclass(frozen=True)
class TrustedIssuer:
    """One identity provider the hub accepts, with the audience it must address."""

    issuer: str
    audience: str
    config: Mapping[str, Any]
    keys: KeySource


def _segment(segment: str, what: str) -> dict[str, Any]:
    try:
        raw = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(raw)
    except (binascii.Error, ValueError) as exc:
        raise AuthError(f"the token is malformed (its {what} is not base64url JSON)",
                        code="malformed") from exc
    if not isinstance(value, dict):
        raise AuthError(f"the token is malformed (its {what} is not a JSON object)",
                        code="malformed")
    return value


class TokenVerifier:
    """Verifies bearer tokens from every configured partner IdP (and the dev issuer, if enabled).

    The issuer is chosen from the unverified `iss` only to pick which keys to check against;
    the signature, `iss`, `aud` and the time claims are then all verified before any claim
    is believed.
    """

    def __init__(
        self,
        settings: Settings,
        http_client_factory: HttpClientFactory = default_http_client,
        *,
        dev_issuer: DevIssuer | None = None,
        clock: Callable[[], float] = time.time,
        jwks_ttl_s: float = 600.0,
        refetch_interval_s: float = 30.0,
    ) -> None:
        from hub.auth.principal import AGENCIES

        self._algorithms = check_algorithms(tuple(settings.allowed_algorithms))
        self._jwt = JsonWebToken(list(self._algorithms))
        self._skew = int(settings.clock_skew_s)
        self._clock = clock
        self._issuers: dict[str, TrustedIssuer] = {}
        self._dev_folder = str(settings.data_dir) if dev_issuer is not None else None
        self._dev_issuer_url = dev_issuer.issuer if dev_issuer is not None else None

        for config in settings.issuers:
            if not isinstance(config, Mapping):
                raise ConfigError("each entry of issuers must be a JSON object")
            name = config.get("issuer")
            if not isinstance(name, str) or not name:
                raise ConfigError("an entry of issuers has no 'issuer' URL")
            if name in self._issuers:
                raise ConfigError(f"issuer {name!r} is configured twice")
            pinned = config.get("agency")
            if pinned is not None and str(pinned).lower() not in AGENCIES:
                raise ConfigError(f"issuer {name!r} pins unknown agency {pinned!r}")
            source = RemoteJwks(
                name,
                _check_jwks_uri(name, config.get("jwks_uri")),
                http_client_factory=http_client_factory,
                clock=clock,
                ttl_s=jwks_ttl_s,
                refetch_interval_s=refetch_interval_s,
            )
            audience = str(config.get("audience") or settings.audience)
            self._issuers[name] = TrustedIssuer(name, audience, dict(config), source)

        if settings.dev_issuer:
            if dev_issuer is None:
                from hub.auth.devissuer import DevIssuer

                dev_issuer = DevIssuer(settings)
            if dev_issuer.issuer in self._issuers:
                raise ConfigError(f"issuer {dev_issuer.issuer!r} is reserved for the dev issuer")
            self._issuers[dev_issuer.issuer] = TrustedIssuer(
                dev_issuer.issuer,
                settings.audience,
                {"issuer": dev_issuer.issuer},
                StaticJwks(dev_issuer.jwks()),
            )

    @property
    def issuers(self) -> tuple[str, ...]:
        return tuple(self._issuers)

    async def verify(self, token: str) -> Principal:
        """The Principal the token proves, or AuthError with the first reason it fails."""
        from hub.auth.principal import principal_from_claims

        if not isinstance(token, str) or not token.strip():
            raise AuthError("no bearer token", code="no_token")
        if len(token) > MAX_TOKEN_CHARS:
            raise AuthError("the token is malformed (it is too long)", code="malformed")
        parts = token.split(".")
        if len(parts) == 5:
            raise AuthError("encrypted tokens (JWE) are not accepted", code="malformed")
        if len(parts) != 3 or not all(parts[:2]):
            raise AuthError("the token is malformed (expected a signed JWT with three parts)",
                            code="malformed")
        header = _segment(parts[0], "header")
        payload = _segment(parts[1], "payload")

        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self._algorithms:
            raise AuthError(
                f"the token's algorithm {alg!r} is not accepted "
                f"(accepted: {', '.join(self._algorithms)})",
                code="disallowed_algorithm",
            )

        iss = payload.get("iss")
        if not isinstance(iss, str) or not iss:
            raise AuthError("the token names no issuer ('iss' claim)", code="missing_claims")
        trusted = self._issuers.get(iss)
        if trusted is None:
            raise AuthError(f"the token's issuer {iss!r} is not trusted by the hub",
                            code="unknown_issuer")

        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise AuthError("the token names no signing key ('kid' header)", code="unknown_key")
        try:
            key = await trusted.keys.key(kid)
        except JwksError as exc:
            log.warning("cannot verify token from %s: %s", iss, exc)
            raise AuthError(
                f"the signing keys of issuer {iss!r} cannot be fetched just now; try again shortly",
                code="keys_unavailable",
                status=503,
            ) from exc
        if key is None:
            hint = ""
            if self._dev_folder is not None and iss == self._dev_issuer_url:
                # `hub token` signs with the key in its own HUB_DATA_DIR: the commonest slip.
                hint = (f"; it was signed by a development key from another data folder: make "
                        f"the token with HUB_DATA_DIR={self._dev_folder}, as this hub runs")
            raise AuthError(f"the token's key id {kid!r} is not a signing key of issuer "
                            f"{iss!r}{hint}", code="unknown_key")
        if not key_fits(key, alg):
            raise AuthError(f"the token's algorithm {alg} does not match its signing key",
                            code="disallowed_algorithm")

        try:
            options = {"iss": {"value": iss}, "aud": {"value": trusted.audience}}
            claims = self._jwt.decode(token, key, claims_options=options)
        except BadSignatureError as exc:
            raise AuthError("the token's signature does not verify", code="bad_signature") from exc
        except (JoseError, ValueError) as exc:
            raise AuthError("the token is malformed", code="malformed") from exc

        for claim in ("sub", "aud", "exp"):
            if claim not in claims:
                raise AuthError(f"the token has no '{claim}' claim", code="missing_claims")
        try:
            claims.validate(now=int(self._clock()), leeway=self._skew)
        except ExpiredTokenError as exc:
            raise AuthError("the token has expired", code="expired") from exc
        except InvalidTokenError as exc:
            raise AuthError("the token is not yet valid (check nbf/iat and clocks)",
                            code="not_yet_valid") from exc
        except InvalidClaimError as exc:
            if exc.claim_name == "aud":
                raise AuthError(
                    f"the token is not meant for this hub (audience must be {trusted.audience!r})",
                    code="wrong_audience",
                ) from exc
            raise AuthError(f"the token's '{exc.claim_name}' claim is not valid",
                            code="malformed") from exc

        return principal_from_claims(claims, trusted.config)
