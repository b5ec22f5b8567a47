"""Events to NATS JetStream, through the same outbox as webhooks.

A subscription whose URL is `nats://host:port/<subject prefix>` publishes each event to
`<prefix>.<event type>` (`ordermind.order.placed`) with the event's `webhook-id` as the
`Nats-Msg-Id` header, so JetStream drops a redelivery inside the stream's duplicate
window: at-least-once from the outbox, once in the stream. A delivery counts as delivered
only when JetStream acknowledges that the stream stored it; no stream for the subject,
no connection or a timeout is a failure that is retried like a webhook's. The subscription
is refused unless a stream already captures its subjects (streams are the operator's:
`nats stream add`)."""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

import nats
from nats.aio.client import Client
from nats.errors import Error as NatsError
from nats.js import JetStreamContext
from nats.js.errors import Error as JetStreamError

CONNECT_TIMEOUT = 3.0


async def _quiet(exc: Exception) -> None:
    """The client's error callback: the failure is reported by the raise below."""


class SinkError(Exception):
    """The broker did not take the event (retried)."""


def is_nats(url: str) -> bool:
    return url.startswith("nats://")


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    prefix = parts.path.strip("/").replace("/", ".")
    server = f"nats://{parts.hostname}:{parts.port or 4222}"
    return server, prefix


def subject_prefix(url: str) -> str:
    prefix = _split(url)[1]
    if not prefix or any(c in prefix for c in " *>\t"):
        raise ValueError(
            "a NATS target names a subject prefix without wildcards: nats://host:4222/ordermind"
        )
    return prefix


class NatsPublisher:
    """One connection for a batch of deliveries, on its own event loop (the dispatcher's
    delivery tasks are threads)."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.server, self.prefix = _split(url)
        self.timeout = timeout
        self.loop = asyncio.new_event_loop()
        self.nc: Client | None = None
        self.js: JetStreamContext | None = None

    def __enter__(self) -> NatsPublisher:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.nc is not None:
                self.loop.run_until_complete(self.nc.close())
        except (NatsError, OSError):
            pass
        finally:
            self.loop.close()

    def _connect(self) -> None:
        if self.nc is not None:
            return
        try:
            # bounded from outside as well: the client's own connect loop can keep
            # trying a port where nothing listens
            connecting = nats.connect(
                self.server,
                connect_timeout=CONNECT_TIMEOUT,
                allow_reconnect=False,
                max_reconnect_attempts=0,
                error_cb=_quiet,
            )
            self.nc = self.loop.run_until_complete(
                asyncio.wait_for(connecting, CONNECT_TIMEOUT + 1)
            )
        except (NatsError, OSError, TimeoutError) as exc:
            raise SinkError(f"cannot connect to {self.server}: {type(exc).__name__}") from None
        self.js = self.nc.jetstream(timeout=self.timeout)

    def subject(self, event_type: str) -> str:
        return f"{self.prefix}.{event_type}"

    def publish(self, event_type: str, body: bytes, msg_id: str) -> bool:
        """Publish and wait for the stream's acknowledgement; True if JetStream had it
        already (a duplicate it dropped)."""
        self._connect()
        assert self.js is not None
        try:
            ack = self.loop.run_until_complete(
                self.js.publish(
                    self.subject(event_type),
                    body,
                    timeout=self.timeout,
                    headers={"Nats-Msg-Id": msg_id},
                )
            )
        except (NatsError, JetStreamError, OSError, TimeoutError) as exc:
            raise SinkError(
                f"JetStream did not store it: {type(exc).__name__} {exc}"[:300]
            ) from None
        return bool(ack.duplicate)

    def check_stream(self) -> str:
        """The stream that captures this prefix's subjects, or SinkError."""
        self._connect()
        assert self.js is not None
        try:
            return self.loop.run_until_complete(
                self.js.find_stream_name_by_subject(f"{self.prefix}.x")
            )
        except (NatsError, JetStreamError, TimeoutError):
            raise SinkError(
                f"no JetStream stream captures {self.prefix}.>; create one first "
                f"(nats stream add --subjects '{self.prefix}.>')"
            ) from None
