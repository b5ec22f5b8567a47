"""Prometheus metrics.

With one worker the counters live in the process. With several, each worker would count
only what it served and a scrape would see whichever worker answered: so `ordermind
serve --workers N` runs prometheus_client's multiprocess mode (a directory of per-worker
files, `PROMETHEUS_MULTIPROC_DIR`, emptied at start) and `/metrics` adds every worker's
counts up. Behind plain `uvicorn --workers N`, set PROMETHEUS_MULTIPROC_DIR to an empty
directory yourself before starting it."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest, multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"


def prepare_multiprocess_dir(path: str | None = None) -> Path:
    """An empty metrics directory for the workers about to start (counts of an earlier
    run would otherwise be added in); exported for them through the environment."""
    where = Path(path or os.environ.get(MULTIPROC_ENV) or tempfile.mkdtemp(prefix="om-metrics-"))
    if where.exists():
        shutil.rmtree(where)
    where.mkdir(parents=True)
    os.environ[MULTIPROC_ENV] = str(where)
    return where


def _multiprocess() -> bool:
    return bool(os.environ.get(MULTIPROC_ENV))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ordermind_http_requests_total",
            "HTTP requests",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "ordermind_http_request_seconds",
            "HTTP request latency",
            ["route"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
        )
        self.orders = Counter(
            "ordermind_orders_placed_total",
            "Orders placed",
            ["channel", "status"],
            registry=self.registry,
        )

    def order_placed(self, order) -> None:
        self.orders.labels(order.channel, str(order.status)).inc()

    def render(self) -> bytes:
        if not _multiprocess():
            return generate_latest(self.registry)
        every_worker = CollectorRegistry()
        multiprocess.MultiProcessCollector(every_worker)
        return generate_latest(every_worker)
