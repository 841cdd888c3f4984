"""A tiny, real OpenID Connect provider for tests: discovery, authorise (code + PKCE S256
only), token and JWKS, signing RS256 tokens with its own key, on a loopback port.

It signs in one configured person without asking (the consent screen is not what is
tested) and refuses anything an honest provider would: an unknown client or redirect,
a missing or non-S256 code challenge, a reused code, or a verifier that does not match.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

import uvicorn
from hub.auth.jwks import JsonWebKey, JsonWebToken
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from tests.support import free_port


@dataclass
class Provider:
    """The provider's state; tests change `claims` or `tamper` to make it misbehave."""

    url: str
    client_id: str
    redirect_uri: str
    audience: str
    claims: dict[str, Any]
    key: Any = field(default_factory=lambda: JsonWebKey.generate_key("RSA", 2048, is_private=True))
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)
    tamper: set[str] = field(default_factory=set)  # "nonce", "audience", "signature"
    token_requests: list[dict[str, str]] = field(default_factory=list)

    @property
    def kid(self) -> str:
        return str(self.key.thumbprint())

    def sign(self, payload: dict[str, Any], key: Any | None = None) -> str:
        header = {"alg": "RS256", "kid": self.kid, "typ": "JWT"}
        return JsonWebToken(["RS256"]).encode(header, payload, key or self.key).decode()

    def app(self) -> Starlette:
        def error(text: str, status: int = 400) -> Response:
            return JSONResponse({"error": "invalid_request", "error_description": text},
                                status_code=status)

        async def discovery(request: Request) -> Response:
            return JSONResponse({
                "issuer": self.url, "authorization_endpoint": f"{self.url}/authorize",
                "token_endpoint": f"{self.url}/token", "jwks_uri": f"{self.url}/jwks",
                "response_types_supported": ["code"], "code_challenge_methods_supported": ["S256"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["none"]})

        async def jwks(request: Request) -> Response:
            public = self.key.as_dict(is_private=False)
            public.update({"kid": self.kid, "alg": "RS256", "use": "sig"})
            return JSONResponse({"keys": [public]})

        async def authorize(request: Request) -> Response:
            q = request.query_params
            if q.get("client_id") != self.client_id:
                return error("unknown client")
            if q.get("redirect_uri") != self.redirect_uri:
                return error("redirect_uri is not registered")
            if q.get("response_type") != "code" or "openid" not in (q.get("scope") or "").split():
                return error("only the code flow with scope openid")
            if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
                return error("PKCE with S256 is required")
            code = secrets.token_urlsafe(16)
            self.codes[code] = {"challenge": q["code_challenge"], "nonce": q.get("nonce"),
                                "redirect_uri": q["redirect_uri"]}
            return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q.get('state', '')})}",
                                    status_code=302)

        async def token(request: Request) -> Response:
            form = {k: v[0] for k, v in parse_qs((await request.body()).decode()).items()}
            self.token_requests.append(form)
            grant = self.codes.pop(form.get("code", ""), None)
            if grant is None:
                return error("unknown or used code")
            if form.get("client_id") != self.client_id or form.get("redirect_uri") != grant["redirect_uri"]:
                return error("client or redirect_uri does not match the code")
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
            if digest.decode().rstrip("=") != grant["challenge"]:
                return error("code_verifier does not match the code_challenge")
            now = int(time.time())
            common = {"iss": self.url, "sub": self.claims["sub"], "iat": now, "nbf": now,
                      "exp": now + 600, "jti": uuid.uuid4().hex}
            id_claims = {**common, "aud": "someone-else" if "audience" in self.tamper else self.client_id,
                         "nonce": "not-the-nonce" if "nonce" in self.tamper else grant["nonce"],
                         "name": self.claims.get("name")}
            other_key = JsonWebKey.generate_key("RSA", 2048, is_private=True) \
                if "signature" in self.tamper else None
            return JSONResponse({
                "token_type": "Bearer", "expires_in": 600,
                "id_token": self.sign(id_claims, other_key),
                "access_token": self.sign({**common, "aud": self.audience, **self.claims}),
            })

        return Starlette(routes=[
            Route("/.well-known/openid-configuration", discovery),
            Route("/jwks", jwks), Route("/authorize", authorize),
            Route("/token", token, methods=["POST"])])


class RunningProvider:
    """The provider served by uvicorn on a thread of the test process."""

    def __init__(self, provider: Provider, port: int) -> None:
        config = uvicorn.Config(provider.app(), host="127.0.0.1", port=port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        if not self.server.started:
            raise RuntimeError("the test OIDC provider did not start")

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def provider_port() -> int:
    return free_port()
