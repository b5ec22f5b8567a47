"""A periodic background job in an API worker (monitoring, webhook delivery)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

log = logging.getLogger("ordermind.background")


class Periodic:
    def __init__(self, name: str, interval: float, job: Callable[[], object]) -> None:
        self.name, self.interval, self.job = name, interval, job
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        def loop() -> None:
            while not self._stop.wait(self.interval):
                try:
                    self.job()
                except Exception:  # keep going: the next pass retries
                    log.exception("%s pass failed", self.name)

        self._thread = threading.Thread(target=loop, name=self.name, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
