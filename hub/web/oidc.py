"""Signing in through the agency's identity provider: OpenID Connect authorisation code
with PKCE (S256), by authlib's OAuth 2 client.

The provider's ID token proves who signed in (signature, issuer, audience = our client
id, nonce, expiry); its access token, addressed to the hub, is what the session sends to
the API, so the hub's own token check decides what the caller may do, as for any client.
"""

from __future__ import annotations

import secrets
import time
import warnings
from dataclasses import dataclass
from typing import Any

import httpx
from authlib.deprecate import AuthlibDeprecationWarning

from hub.auth.jwks import JoseError, JsonWebToken, RemoteJwks
from hub.config import Settings, https_or_loopback

DISCOVERY_TTL_S = 3600.0


class SignInError(Exception):
    """A sign-in could not be completed; the message is fit to show the person signing in."""


@dataclass(frozen=True)
class ProviderMetadata:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


@dataclass(frozen=True)
class OidcResult:
    access_token: str
    subject: str
    name: str | None


def _loopback_or_https(url: Any, what: str) -> str:
    if isinstance(url, str) and https_or_loopback(url):
        return url
    raise SignInError(f"the identity provider's {what} is not an https URL")


class OidcClient:
    """One configured provider: its discovery document, its keys and our client."""

    def __init__(self, settings: Settings) -> None:
        config = settings.oidc or {}
        self.issuer = str(config["issuer"]).rstrip("/")
        self.client_id = str(config["client_id"])
        self.client_secret = config.get("client_secret")
        self.scope = str(config.get("scope", "openid profile"))
        self.label = str(config.get("label", "your agency's sign-in"))
        self._metadata: ProviderMetadata | None = None
        self._fetched_at = 0.0
        self._keys: RemoteJwks | None = None
        self._jwt = JsonWebToken(list(settings.allowed_algorithms))
        self._skew = settings.clock_skew_s

    async def metadata(self) -> ProviderMetadata:
        if self._metadata is None or time.monotonic() - self._fetched_at > DISCOVERY_TTL_S:
            url = f"{self.issuer}/.well-known/openid-configuration"
            try:
                async with httpx.AsyncClient(timeout=10) as client:
                    response = await client.get(url)
                document = response.json() if response.status_code == 200 else None
            except (httpx.HTTPError, ValueError) as exc:
                raise SignInError(f"the identity provider cannot be reached just now ({exc})"
                                  ) from exc
            if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != self.issuer:
                raise SignInError("the identity provider's discovery document is missing or "
                                  "names another issuer")
            self._metadata = ProviderMetadata(
                self.issuer,
                _loopback_or_https(document.get("authorization_endpoint"), "authorization_endpoint"),
                _loopback_or_https(document.get("token_endpoint"), "token_endpoint"),
                _loopback_or_https(document.get("jwks_uri"), "jwks_uri"))
            self._keys = RemoteJwks(self.issuer, self._metadata.jwks_uri)
            self._fetched_at = time.monotonic()
        return self._metadata

    def _client(self, redirect_uri: str) -> Any:
        with warnings.catch_warnings():
            # authlib's httpx client imports authlib.jose, which warns about joserfc on
            # stderr; the hub's start-up messages are one line each (see hub/auth/jwks.py).
            warnings.simplefilter("ignore", AuthlibDeprecationWarning)
            from authlib.integrations.httpx_client import AsyncOAuth2Client
        return AsyncOAuth2Client(
            client_id=self.client_id, client_secret=self.client_secret, scope=self.scope,
            redirect_uri=redirect_uri, code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_post" if self.client_secret else "none",
            timeout=10)

    async def start(self, redirect_uri: str) -> tuple[str, str, str, str]:
        """The provider's authorisation URL and the state, nonce and PKCE verifier to keep."""
        meta = await self.metadata()
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        verifier = secrets.token_urlsafe(48)
        async with self._client(redirect_uri) as client:
            url, _ = client.create_authorization_url(
                meta.authorization_endpoint, state=state, nonce=nonce, code_verifier=verifier)
        return url, state, nonce, verifier

    async def finish(self, redirect_uri: str, code: str, verifier: str, nonce: str) -> OidcResult:
        """Exchange the code (with the PKCE verifier) and check the ID token."""
        meta = await self.metadata()
        async with self._client(redirect_uri) as client:
            try:
                token: dict[str, Any] = await client.fetch_token(
                    meta.token_endpoint, code=code, code_verifier=verifier)
            except Exception as exc:  # authlib raises OAuthError and httpx errors alike
                raise SignInError(f"the identity provider refused the sign-in ({exc})") from exc
        id_token, access_token = token.get("id_token"), token.get("access_token")
        if not id_token or not access_token:
            raise SignInError("the identity provider gave no ID token or access token")
        claims = await self._id_claims(str(id_token), nonce)
        return OidcResult(str(access_token), str(claims["sub"]), claims.get("name"))

    async def _id_claims(self, id_token: str, nonce: str) -> Any:
        import json
        from base64 import urlsafe_b64decode

        assert self._keys is not None
        try:
            head = id_token.split(".")[0]
            kid = json.loads(urlsafe_b64decode(head + "=" * (-len(head) % 4))).get("kid")
        except (ValueError, IndexError) as exc:
            raise SignInError("the ID token is malformed") from exc
        key = await self._keys.key(str(kid)) if kid else None
        if key is None:
            raise SignInError("the ID token is not signed by a key of the identity provider")
        options = {"iss": {"essential": True, "value": self.issuer},
                   "aud": {"essential": True, "value": self.client_id},
                   "sub": {"essential": True}, "exp": {"essential": True},
                   "nonce": {"essential": True, "value": nonce}}
        try:
            claims = self._jwt.decode(id_token, key, claims_options=options)
            claims.validate(now=int(time.time()), leeway=self._skew)
        except JoseError as exc:
            raise SignInError(f"the ID token does not verify ({exc.error})") from exc
        return claims
