"""uvicorn's HTTP protocols with a header read timeout.

uvicorn bounds the idle time between requests (`timeout_keep_alive`) but not the time a
client may take to send a request's line and headers: a client sending a byte now and
then holds its connection forever. These subclasses give every request
ORDERMIND_HEADER_TIMEOUT_S (default 10) from the connection's start, or the end of the
previous response, to finish its headers; then the server answers 408 and closes the
connection. (The body has its own deadline, ORDERMIND_BODY_TIMEOUT_S, kept by the edge
middleware.) `ordermind serve` uses them; `python -m uvicorn` cannot be given a protocol
class, so behind plain uvicorn put a proxy with its own header timeout in front."""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

from .limits import LimitSettings

_TIMED_OUT = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: text/plain; charset=utf-8\r\n"
    b"content-length: 38\r\n"
    b"connection: close\r\n\r\n"
    b"request headers did not arrive in time"
)


class HeaderDeadline:
    """Mixed into a uvicorn HTTP protocol (before it in the bases)."""

    header_timeout: float = LimitSettings.from_env().header_timeout

    # the protocol's own attributes, for the type checker
    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    cycle: Any

    _header_timer: asyncio.TimerHandle | None = None
    _armed_for: Any = None
    _partial = False

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def data_received(self, data: bytes) -> None:
        self._partial = True
        super().data_received(data)  # type: ignore[misc]
        if self._header_timer is not None and self.cycle is not self._armed_for:
            self._disarm()  # a request's headers are complete: the app has it

    def on_response_complete(self) -> None:
        super().on_response_complete()  # type: ignore[misc]
        if self._idle():  # (not when a pipelined request started meanwhile)
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)  # type: ignore[misc]

    def _idle(self) -> bool:
        return self.cycle is None or self.cycle.response_complete

    def _arm(self) -> None:
        self._disarm()
        if self.header_timeout > 0 and not self.transport.is_closing():
            self._armed_for, self._partial = self.cycle, False
            self._header_timer = self.loop.call_later(self.header_timeout, self._timed_out)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _timed_out(self) -> None:
        self._header_timer = None
        if self.transport.is_closing() or not self._idle():
            return
        if self._partial:  # a request was begun: say why it is cut off
            self.transport.write(_TIMED_OUT)
        self.transport.close()


class TimedH11Protocol(HeaderDeadline, H11Protocol):
    pass


try:
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _HttpTools

    class TimedHttpToolsProtocol(HeaderDeadline, _HttpTools):
        pass

except ImportError:  # httptools not installed: h11 only, as uvicorn's `auto` does
    TimedHttpToolsProtocol = TimedH11Protocol  # type: ignore[misc, assignment]


def protocol() -> type[asyncio.Protocol]:
    """The protocol uvicorn's `auto` would choose, with the header deadline."""
    return TimedHttpToolsProtocol
