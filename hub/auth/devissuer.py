"""A local token issuer so development and tests can act as any agency and role without an IdP."""

from __future__ import annotations

import json
import logging
import os
import stat
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from hub.auth.jwks import JsonWebKey, JsonWebToken, Key
from hub.auth.principal import AGENCIES, ROLES
from hub.config import Settings

log = logging.getLogger(__name__)

DEV_ISSUER_URL = "https://dev-issuer.hub.local"
MAX_TTL_MINUTES = 7 * 24 * 60

# How each algorithm's key is made; RS256 first because every JWT tool understands it.
_KEY_RECIPES: dict[str, tuple[str, str | int]] = {
    "RS256": ("RSA", 2048),
    "PS256": ("RSA", 2048),
    "ES256": ("EC", "P-256"),
    "EdDSA": ("OKP", "Ed25519"),
}


class DevIssuerError(Exception):
    """The dev issuer cannot do what was asked; the message is meant for the person at the CLI."""


def key_path(settings: Settings) -> Path:
    return Path(settings.data_dir) / "dev-issuer" / "key.json"


def _choose_algorithm(allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    for alg in _KEY_RECIPES:
        if alg in allowed:
            return alg
    raise DevIssuerError(
        "none of allowed_algorithms can sign dev tokens (need one of RS256, PS256, ES256, EdDSA)"
    )


def _write_new_key(path: Path, alg: str) -> None:
    kty, size = _KEY_RECIPES[alg]
    key = JsonWebKey.generate_key(kty, size, is_private=True)
    document = key.as_dict(is_private=True, alg=alg, use="sig", kid=key.thumbprint())
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # mkstemp creates the file 0600; linking it into place fails if a concurrent start won.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".key-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(document, handle)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)
            log.info("generated dev issuer key %s (%s) at %s", document["kid"], alg, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(tmp)


def _read_key(path: Path) -> tuple[Key, str, str]:
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        log.warning("dev issuer key %s was readable by others; restricting it to 0600", path)
        path.chmod(0o600)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        key = JsonWebKey.import_key(document)
        alg, kid = document["alg"], document["kid"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DevIssuerError(f"the dev issuer key at {path} is unreadable: {exc}") from exc
    if "d" not in key.tokens:
        raise DevIssuerError(f"the dev issuer key at {path} holds no private key")
    return key, str(alg), str(kid)


class DevIssuer:
    """Signs tokens the TokenVerifier trusts directly; its key persists so tokens survive restarts.

    Refuses to exist unless `Settings.dev_issuer` is on, and never in production, because
    anyone who can run it can become any agency and role.
    """

    def __init__(self, settings: Settings, *, clock: Callable[[], float] = time.time) -> None:
        if not settings.dev_issuer:
            raise DevIssuerError(
                "the development issuer is disabled; set HUB_DEV_ISSUER=1 "
                "(development and test only)"
            )
        if settings.env == "production":
            raise DevIssuerError("the development issuer cannot be enabled in production")
        self._settings = settings
        self._clock = clock
        path = key_path(settings)
        if not path.exists():
            _write_new_key(path, _choose_algorithm(settings.allowed_algorithms))
        self._key, self.algorithm, self.key_id = _read_key(path)
        self._jwt = JsonWebToken([self.algorithm])

    @property
    def issuer(self) -> str:
        return DEV_ISSUER_URL

    def jwks(self) -> dict[str, Any]:
        """The public half only, in JWKS form, for the verifier (and anyone curious)."""
        public = self._key.as_dict(is_private=False)
        public.update({"kid": self.key_id, "alg": self.algorithm, "use": "sig"})
        return {"keys": [public]}

    def issue(
        self,
        sub: str,
        agency: str,
        roles: str | Iterable[str],
        team: str | None = None,
        name: str | None = None,
        ttl_minutes: int = 60,
        audience: str | None = None,
    ) -> str:
        """A signed token for the given caller; refuses agencies and roles the hub would reject."""
        if not sub or not sub.strip():
            raise DevIssuerError("a token needs a subject (--sub)")
        agency = agency.strip().lower()
        if agency not in AGENCIES:
            raise DevIssuerError(
                f"unknown agency {agency!r}; choose one of {', '.join(sorted(AGENCIES))}"
            )
        wanted = [roles] if isinstance(roles, str) else list(roles)
        wanted = [r.strip().lower() for r in wanted if r.strip()]
        unknown = sorted(set(wanted) - ROLES)
        if unknown or not wanted:
            raise DevIssuerError(
                f"unknown or missing role {', '.join(unknown) or '(none)'}; "
                f"choose from {', '.join(sorted(ROLES))}"
            )
        if not 1 <= ttl_minutes <= MAX_TTL_MINUTES:
            raise DevIssuerError(f"ttl must be between 1 and {MAX_TTL_MINUTES} minutes")
        now = int(self._clock())
        payload: dict[str, Any] = {
            "iss": self.issuer,
            "sub": sub.strip(),
            "aud": audience or self._settings.audience,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_minutes * 60,
            "jti": uuid.uuid4().hex,
            "agency": agency,
            "roles": sorted(set(wanted)),
        }
        if team:
            payload["team"] = team
        if name:
            payload["name"] = name
        header = {"alg": self.algorithm, "kid": self.key_id, "typ": "JWT"}
        token = self._jwt.encode(header, payload, self._key, check=False)
        return token.decode("ascii")


def mint_token(
    settings: Settings,
    sub: str,
    agency: str,
    roles: str | Iterable[str],
    ttl_minutes: int = 60,
    *,
    team: str | None = None,
    name: str | None = None,
) -> str:
    """What `hub token` prints; raises DevIssuerError with a message fit for the terminal."""
    return DevIssuer(settings).issue(sub, agency, roles, team=team, name=name,
                                     ttl_minutes=ttl_minutes)
