"""The HTTP server around the app: uvicorn with read time-outs and a connection limit.

uvicorn bounds keep-alive idling and header size but not how long a client may take to
send its headers: a client that opens a connection and trickles (or never finishes) its
request line and headers holds a slot for ever. The protocol below closes any connection
whose headers are not complete `header_timeout_s` after it opened (or after its previous
response). The body has its own deadline in the app (RequestGuard: 408), and
`limit_concurrency` answers 503 once `max_connections` are open.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from hub.config import Settings

log = logging.getLogger("hub.server")
MAX_HEADER_BYTES = 16 * 1024


class HeaderDeadlineProtocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request line and headers."""

    header_timeout_s: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:
            self._disarm()  # the headers are in; the body has the app's own deadline

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._header_deadline = self.loop.call_later(self.header_timeout_s, self._too_slow)

    def _disarm(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _too_slow(self) -> None:
        self._header_deadline = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            log.info("dropping %s: headers not complete within %.0fs",
                     self.client or "a client", self.header_timeout_s)
            self.transport.close()


def server_config(app: Any, settings: Settings) -> uvicorn.Config:
    """uvicorn's settings for the hub: loopback by default, read deadlines, a connection cap."""
    protocol = type("HubH11Protocol", (HeaderDeadlineProtocol,),
                    {"header_timeout_s": settings.header_timeout_s})
    return uvicorn.Config(
        app, host=settings.host, port=settings.port, log_level=settings.log_level.lower(),
        proxy_headers=False, timeout_graceful_shutdown=10, http=protocol,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
        timeout_keep_alive=int(settings.keep_alive_s),
        limit_concurrency=settings.max_connections,
    )


def serve(app: Any, settings: Settings) -> None:
    """Run the hub until it is stopped (SIGTERM or Ctrl-C)."""
    uvicorn.Server(server_config(app, settings)).run()
