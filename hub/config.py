"""Settings read once from the environment, so that every part of the hub agrees on them."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ConfigError(ValueError):
    """A setting in the environment is malformed; the message names it."""


def _int(env: dict[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def _float(env: dict[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise ConfigError(f"{name} must be a finite number, got {raw!r}")
    return value


def _bool(env: dict[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be true or false, got {raw!r}")


def https_or_loopback(url: str) -> bool:
    """An https URL, or plain http to this machine (tests and local identity providers)."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return True
    return parts.scheme == "http" and parts.hostname in {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Settings:
    """Every knob of the hub; `from_env` is the only way production builds one."""

    env: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    data_dir: Path = Path("var")
    graph_uri: str = "embedded"
    graph_name: str = "hub"
    neo4j_user: str = "neo4j"
    neo4j_password: str = ""
    neo4j_database: str = "neo4j"
    log_level: str = "INFO"
    # Worker processes behind one store and one audit log (`hub serve --workers N`)
    workers: int = 1
    # GraphQL and HTTP limits
    max_depth: int = 12
    max_cost: int = 20000
    max_aliases: int = 30
    max_body_bytes: int = 256 * 1024
    max_feed_bytes: int = 2 * 1024 ** 3  # one extract POSTed to /feeds
    request_timeout_s: float = 15.0
    header_timeout_s: float = 10.0
    body_timeout_s: float = 10.0
    keep_alive_s: float = 5.0
    max_connections: int = 200
    query_timeout_ms: int = 10000
    max_page_size: int = 200
    # Identity
    audience: str = "partnership-data-hub"
    issuers: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    dev_issuer: bool = False
    allowed_algorithms: tuple[str, ...] = ("RS256", "ES256", "PS256", "EdDSA")
    clock_skew_s: int = 60
    # The workbench's sign-in: an OpenID Connect provider (authorisation code + PKCE)
    oidc: dict[str, Any] | None = None
    session_ttl_s: int = 8 * 3600
    # Analytics
    missing_triggers: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    # agency -> role -> categories of the agency's own records that role sees (need to know).
    # None: the table in hub.auth.policy (OWN_AGENCY_ROLE_CATEGORIES).
    need_to_know: dict[str, dict[str, frozenset[str]]] | None = None
    # "agency:role" pairs whose audit log reading is county-wide, not their agency's only.
    county_audit: frozenset[str] = frozenset()
    # Record linkage: match weights (log2 Bayes factor) at which an arriving person is
    # linked to a held record automatically, and at which the pair is queued for review
    # (and the recorder told of a likely match); the population the model's prior is for
    # (0: the population it was trained on).
    link_threshold: float = 6.0
    review_threshold: float = -4.0
    link_population: int = 0

    @property
    def development(self) -> bool:
        return self.env == "development"

    @property
    def embedded(self) -> bool:
        return self.graph_uri in {"", "embedded"}

    @property
    def falkordb_address(self) -> tuple[str, int] | None:
        """Host and port of a FalkorDB server the hub does not own (`falkordb://host:port`,
        as `hub serve --workers` hands its workers), else None."""
        scheme, _, rest = self.graph_uri.partition("://")
        if scheme not in {"falkordb", "redis"}:
            return None
        host, _, port = rest.rstrip("/").rpartition(":")
        if not host or not port.isdigit():
            raise ConfigError(f"HUB_GRAPH_URI {self.graph_uri!r}: write falkordb://host:port")
        return host, int(port)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        hub_env = env.get("HUB_ENV", "development")
        if hub_env not in {"development", "production", "test"}:
            raise ConfigError(f"HUB_ENV must be development, production or test, got {hub_env!r}")
        issuers_raw = env.get("HUB_ISSUERS", "")
        try:
            issuers = tuple(json.loads(issuers_raw)) if issuers_raw else ()
        except json.JSONDecodeError as exc:
            raise ConfigError(f"HUB_ISSUERS must be a JSON list: {exc.msg}") from exc
        triggers_raw = env.get("HUB_MISSING_TRIGGERS", "")
        try:
            triggers = tuple(json.loads(triggers_raw)) if triggers_raw else DEFAULT_TRIGGERS
        except json.JSONDecodeError as exc:
            raise ConfigError(f"HUB_MISSING_TRIGGERS must be a JSON list: {exc.msg}") from exc
        oidc_raw = env.get("HUB_OIDC", "")
        try:
            oidc = json.loads(oidc_raw) if oidc_raw else None
        except json.JSONDecodeError as exc:
            raise ConfigError(f"HUB_OIDC must be a JSON object: {exc.msg}") from exc
        if oidc is not None and not (isinstance(oidc, dict) and oidc.get("issuer")
                                     and oidc.get("client_id")):
            raise ConfigError('HUB_OIDC must be a JSON object with "issuer" and "client_id"')
        if oidc is not None:
            if not https_or_loopback(str(oidc["issuer"])):
                raise ConfigError(f"HUB_OIDC issuer must be an https URL, got {oidc['issuer']!r}")
            trusted = {str(i.get("issuer", "")).rstrip("/") for i in issuers if isinstance(i, dict)}
            if str(oidc["issuer"]).rstrip("/") not in trusted:
                raise ConfigError(f"HUB_OIDC issuer {oidc['issuer']!r} must also be in HUB_ISSUERS "
                                  "(with its jwks_uri), so the hub trusts the access tokens it gives")
        # Imported here: the policy package imports these settings at its own start.
        from hub.auth.policy import PolicyError, parse_county_audit, parse_need_to_know

        try:
            need_to_know = (parse_need_to_know(env["HUB_NEED_TO_KNOW"])
                            if env.get("HUB_NEED_TO_KNOW") else None)
            county_audit = parse_county_audit(env.get("HUB_COUNTY_AUDIT", ""))
        except PolicyError as exc:
            raise ConfigError(str(exc)) from exc
        graph_uri = env.get("HUB_GRAPH_URI", env.get("NEO4J_URI_FOR_HUB", "embedded"))
        link_at = _float(env, "HUB_LINK_THRESHOLD", 6.0)
        review_at = _float(env, "HUB_REVIEW_THRESHOLD", -4.0)
        if review_at > link_at:
            raise ConfigError(f"HUB_REVIEW_THRESHOLD ({review_at:g}) must not be above "
                              f"HUB_LINK_THRESHOLD ({link_at:g})")
        return cls(
            env=hub_env,
            host=env.get("HUB_HOST", "127.0.0.1"),
            port=_int(env, "HUB_PORT", 8000),
            data_dir=Path(env.get("HUB_DATA_DIR", "var")),
            graph_uri=graph_uri,
            graph_name=env.get("HUB_GRAPH_NAME", "hub"),
            neo4j_user=env.get("NEO4J_USER", "neo4j"),
            neo4j_password=env.get("NEO4J_PASSWORD", ""),
            neo4j_database=env.get("NEO4J_DATABASE", "neo4j"),
            log_level=env.get("HUB_LOG_LEVEL", "INFO"),
            workers=_int(env, "HUB_WORKERS", 1),
            max_depth=_int(env, "HUB_MAX_DEPTH", 12),
            max_cost=_int(env, "HUB_MAX_COST", 20000),
            max_aliases=_int(env, "HUB_MAX_ALIASES", 30),
            max_body_bytes=_int(env, "HUB_MAX_BODY_BYTES", 256 * 1024),
            max_feed_bytes=_int(env, "HUB_MAX_FEED_BYTES", 2 * 1024 ** 3),
            request_timeout_s=float(_int(env, "HUB_REQUEST_TIMEOUT_S", 15)),
            header_timeout_s=float(_int(env, "HUB_HEADER_TIMEOUT_S", 10)),
            body_timeout_s=float(_int(env, "HUB_BODY_TIMEOUT_S", 10)),
            keep_alive_s=float(_int(env, "HUB_KEEP_ALIVE_S", 5)),
            max_connections=_int(env, "HUB_MAX_CONNECTIONS", 200),
            query_timeout_ms=_int(env, "HUB_QUERY_TIMEOUT_MS", 10000),
            max_page_size=_int(env, "HUB_MAX_PAGE_SIZE", 200),
            audience=env.get("HUB_AUDIENCE", "partnership-data-hub"),
            issuers=issuers,
            dev_issuer=_bool(env, "HUB_DEV_ISSUER", False),
            clock_skew_s=_int(env, "HUB_CLOCK_SKEW_S", 60),
            oidc=oidc,
            session_ttl_s=_int(env, "HUB_SESSION_TTL_S", 8 * 3600),
            missing_triggers=triggers,
            need_to_know=need_to_know,
            county_audit=county_audit,
            link_threshold=link_at,
            review_threshold=review_at,
            link_population=_int(env, "HUB_LINK_POPULATION", 0),
        )


DEFAULT_TRIGGERS: tuple[dict[str, Any], ...] = (
    {"code": "repeat_30d", "kind": "count_in_window", "episodes": 3, "days": 30,
     "label": "3 or more missing episodes in 30 days"},
    {"code": "long_episode", "kind": "duration_over", "hours": 24,
     "label": "an episode lasting over 24 hours"},
    {"code": "crime_while_missing", "kind": "incident_during", "roles": ["suspect"],
     "label": "a crime while missing (as a suspect)"},
)
