"""Let the webhook dispatcher queue every committed event, in tests."""

from __future__ import annotations

import time

from ordermind.adapters.webhooks.dispatcher import Dispatcher


def queue_all(dispatcher: Dispatcher, timeout: float = 10.0) -> int:
    """Enqueue passes until one queues nothing new after one that did. On PostgreSQL an
    event is handed out once every older transaction on the server has ended, and other
    test processes share the server, so the first pass may find it not yet due."""
    deadline = time.monotonic() + timeout
    made = 0
    while True:
        got = dispatcher.enqueue()
        made += got
        if (made and not got) or time.monotonic() > deadline:
            return made
        time.sleep(0.05 if not made else 0)
