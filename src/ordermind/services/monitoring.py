"""Watch the live order stream per channel and raise an alert when it drops against its
own daily/weekly pattern. Each API worker polls the store (so it sees every worker's
orders, not only its own share) and stores alerts once."""

from __future__ import annotations

import logging
import threading
from datetime import timedelta
from typing import TYPE_CHECKING

from ordermind.domain.clock import utcnow
from ordermind.services.unit_of_work import AbstractUnitOfWork

if TYPE_CHECKING:  # imported when a watch starts
    from ordermind.risk import Alert, OrderStreamMonitor

log = logging.getLogger("ordermind.monitor")
HISTORY = timedelta(days=28)
PAGE = 20_000


class ChannelWatch:
    def __init__(self, monitor: OrderStreamMonitor | None = None) -> None:
        from ordermind.risk import OrderStreamMonitor

        self.monitor = monitor or OrderStreamMonitor()
        self.cursor = 0
        self.primed = False
        self._lock = threading.Lock()

    def poll(self, uow: AbstractUnitOfWork) -> int:
        """Feed every order placed since the last poll (the last 28 days the first time)."""
        since = None if self.primed else utcnow() - HISTORY
        fed = 0
        with self._lock:
            while True:  # page through: a busy store has more than one page of orders
                rows = uow.monitoring.placed_after(self.cursor, since, PAGE)
                for order_id, ts, channel, total in rows:
                    self.monitor.observe(ts, channel, float(total))
                    self.cursor = order_id
                fed += len(rows)
                if len(rows) < PAGE:
                    break
            self.primed = True
        return fed

    def check(self, uow: AbstractUnitOfWork) -> list[Alert]:
        with self._lock:
            found = self.monitor.check(utcnow())
        raised: list[Alert] = []
        for alert in found:
            if uow.monitoring.raise_alert(
                alert.kind, alert.channel, alert.at, alert.observed, alert.expected, alert.message
            ):
                log.warning(
                    "alert",
                    extra={
                        "fields": {
                            "kind": alert.kind,
                            "channel": alert.channel,
                            "message": alert.message,
                        }
                    },
                )
                raised.append(alert)
        return raised
