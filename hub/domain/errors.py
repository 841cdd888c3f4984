"""Errors a client may see. Anything else is masked and logged with the request id."""

from __future__ import annotations

NEEDS_JUSTIFICATION = (
    "reading a person's record needs a justification: send a short reason in the "
    "X-Justification header"
)


class HubError(Exception):
    """A client-facing error: says what was wrong without revealing what exists."""

    code = "BAD_REQUEST"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class InvalidInput(HubError):
    """An argument failed validation; `field` names it (e.g. `input.endedAt`)."""

    code = "INVALID_INPUT"


class NotFound(HubError):
    """No record the caller may see has this id (it may exist and be hidden)."""

    code = "NOT_FOUND"


class Forbidden(HubError):
    """The caller may not do this, whatever the data."""

    code = "FORBIDDEN"


class Conflict(HubError):
    """The write lost a race or contradicts what is stored."""

    code = "CONFLICT"


class LimitExceeded(HubError):
    """A request or an analysis is bigger than the configured limits allow."""

    code = "LIMIT_EXCEEDED"
