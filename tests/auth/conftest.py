"""Real keys, real signed tokens and a real JWKS server on 127.0.0.1 for the auth tests."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from hub.auth.jwks import JsonWebKey, JsonWebToken, Key

POLICE_IDP = "https://idp.police.example"
COUNTY_IDP = "https://login.county-partners.example"
AUDIENCE = "partnership-data-hub"


class JwtKit:
    """Token-making helpers, handed to tests as the `kit` fixture."""

    police_idp = POLICE_IDP
    county_idp = COUNTY_IDP
    audience = AUDIENCE

    @staticmethod
    def make_key(kty: str = "RSA", kid: str = "k1") -> Key:
        sizes: dict[str, str | int] = {"RSA": 2048, "EC": "P-256", "OKP": "Ed25519"}
        size = sizes[kty]
        return JsonWebKey.generate_key(kty, size, options={"kid": kid}, is_private=True)

    @staticmethod
    def public_jwk(key: Key) -> dict[str, Any]:
        return key.as_dict(is_private=False)

    @staticmethod
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")

    @staticmethod
    def b64json(value: dict[str, Any]) -> str:
        return JwtKit.b64(json.dumps(value).encode())

    @staticmethod
    def sign(key: Key, claims: dict[str, Any], alg: str = "RS256", **header: Any) -> str:
        """A signed token; `kid=` overrides (or, with None, drops) the key's kid in the header."""
        head = {"alg": alg, "kid": key.tokens["kid"], "typ": "JWT", **header}
        head = {k: v for k, v in head.items() if v is not None}
        # authlib writes the key's kid into the header, so sign with an unnamed copy of the key.
        unnamed = {k: v for k, v in key.as_dict(is_private=True).items() if k != "kid"}
        anonymous_key = JsonWebKey.import_key(unnamed)
        return JsonWebToken([alg]).encode(head, claims, anonymous_key, check=False).decode("ascii")

    @staticmethod
    def claims_for(issuer: str, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": issuer,
            "sub": "user-0042",
            "aud": AUDIENCE,
            "iat": now,
            "nbf": now,
            "exp": now + 600,
            "agency": "police",
            "roles": ["analyst"],
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}


class FakeClock:
    """Wall time that tests move forward, so cache expiry is shown without sleeping."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds


class JwksServer:
    """Serves a JWKS per path over real HTTP and counts the requests each path receives."""

    def __init__(self) -> None:
        self._documents: dict[str, tuple[int, bytes]] = {}
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                with outer._lock:
                    outer._hits[self.path] = outer._hits.get(self.path, 0) + 1
                    status, body = outer._documents.get(self.path, (404, b"{}"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,),
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def url(self, path: str) -> str:
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}{path}"

    def publish(self, path: str, *keys: Key, status: int = 200) -> None:
        body = json.dumps({"keys": [JwtKit.public_jwk(k) for k in keys]}).encode()
        with self._lock:
            self._documents[path] = (status, body)

    def fail(self, path: str, status: int = 500) -> None:
        with self._lock:
            self._documents[path] = (status, b'{"error": "down"}')

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits.get(path, 0)


@pytest.fixture
def jwks_server() -> Iterator[JwksServer]:
    server = JwksServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def kit() -> type[JwtKit]:
    return JwtKit
