"""Who is asking: bearer-token verification against partner IdPs, the dev issuer, principals."""

from hub.auth.devissuer import DEV_ISSUER_URL, DevIssuer, DevIssuerError, mint_token
from hub.auth.principal import AGENCIES, ROLES, Principal, principal_from_claims
from hub.auth.tokens import AuthError, TokenVerifier, bearer_token

__all__ = [
    "AGENCIES",
    "DEV_ISSUER_URL",
    "ROLES",
    "AuthError",
    "DevIssuer",
    "DevIssuerError",
    "Principal",
    "TokenVerifier",
    "bearer_token",
    "mint_token",
    "principal_from_claims",
]
