"""Prometheus metrics (per process; scrape each worker or aggregate at the load balancer)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest


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
        return generate_latest(self.registry)
