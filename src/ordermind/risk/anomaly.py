"""Operational anomaly detection on the live order stream (pure, explicit timestamps).

Feed every order with :meth:`OrderStreamMonitor.observe` (history too: the monitor learns its
baseline from what it has seen) and every integration call or payment attempt with
:meth:`observe_outcome`; call :meth:`check` every few minutes — a channel that stops sending
orders produces no observations, so only a clock-driven check can notice it.

Expected level: for the trailing window (15 minutes), the median of the same window in each of
the previous weeks (weekly profile, which carries the daily one), or of the previous days
while less than a week is known, scaled by how the last day ran against its own baseline (so
growth or a quiet season does not look like an outage). A drop alerts when the window holds at
most ``drop_ratio`` (60%) of the expected orders — so a real halving is caught in its first
15 minutes despite noise — *and* a Poisson test, run against the lower bound of the estimated
expectation, puts the chance explanation below ``alpha``. Quiet hours, where half of almost
nothing is normal noise, therefore do not page anyone; on quiet channels the same test is
repeated over 30 and 60 minutes (with a stricter alpha), where a halving becomes visible.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import median

from ordermind.risk.facts import epoch

WEEK_S = 7 * 86400
DAY_S = 86400


@dataclass(frozen=True, slots=True)
class Alert:
    kind: str  # order_drop | value_drop | <kind>_rate (error_rate, decline_rate) | recovered
    channel: str  # channel, or the integration/payment stream
    at: datetime  # end of the window that triggered it
    observed: float
    expected: float
    message: str


def poisson_cdf(k: int, lam: float) -> float:
    if lam <= 0:
        return 1.0
    term = math.exp(-lam)
    total = term
    for i in range(1, k + 1):
        term *= lam / i
        total += term
    return min(total, 1.0)


def binomial_sf(k: int, n: int, p: float) -> float:
    """P(X >= k) for X ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    p = min(max(p, 1e-9), 1 - 1e-9)
    log_terms = [
        math.lgamma(n + 1)
        - math.lgamma(i + 1)
        - math.lgamma(n - i + 1)
        + i * math.log(p)
        + (n - i) * math.log1p(-p)
        for i in range(k, n + 1)
    ]
    peak = max(log_terms)
    return min(1.0, math.exp(peak) * sum(math.exp(t - peak) for t in log_terms))


class OrderStreamMonitor:
    def __init__(
        self,
        *,
        bucket_minutes: int = 5,
        window_minutes: int = 15,
        drop_ratio: float = 0.6,
        recover_ratio: float = 0.8,
        alpha: float = 1e-4,
        min_expected: float = 15.0,
        history_weeks: int = 4,
        error_factor: float = 3.0,
        min_error_events: int = 20,
    ) -> None:
        self.bucket_s = bucket_minutes * 60
        self.window_buckets = max(1, window_minutes // bucket_minutes)
        self.drop_ratio, self.recover_ratio, self.alpha = drop_ratio, recover_ratio, alpha
        self.min_expected = min_expected
        self.history_weeks = history_weeks
        self.error_factor, self.min_error_events = error_factor, min_error_events
        self._orders: dict[str, dict[int, list[float]]] = defaultdict(dict)  # n, sum, sum sq
        self._outcomes: dict[str, dict[int, list[int]]] = defaultdict(dict)  # [total, failed]
        self._outcome_kind: dict[str, str] = {}
        self._first: dict[str, int] = {}
        self._open: dict[tuple[str, str], Alert] = {}

    # -- feeding ---------------------------------------------------------------------------
    def observe(self, ts: datetime, channel: str, value: float = 0.0) -> None:
        b = int(epoch(ts) // self.bucket_s)
        cell = self._orders[channel].setdefault(b, [0, 0.0, 0.0])
        cell[0] += 1
        cell[1] += value
        cell[2] += value * value
        self._first[channel] = min(self._first.get(channel, b), b)

    def observe_outcome(self, ts: datetime, stream: str, failed: bool, kind: str = "error") -> None:
        """One integration call (kind "error") or payment attempt (kind "decline")."""
        b = int(epoch(ts) // self.bucket_s)
        cell = self._outcomes[stream].setdefault(b, [0, 0])
        cell[0] += 1
        cell[1] += int(failed)
        self._outcome_kind[stream] = kind

    # -- expectations ------------------------------------------------------------------------
    def _window(self, channel: str, end: int, w: int | None = None) -> tuple[int, float, float]:
        buckets = self._orders[channel]
        count, value, square = 0, 0.0, 0.0
        for b in range(end - (w or self.window_buckets), end):
            cell = buckets.get(b)
            if cell:
                count += int(cell[0])
                value += cell[1]
                square += cell[2]
        return count, value, square

    def _history(
        self, channel: str, end: int, w: int | None = None
    ) -> list[tuple[int, float, float]]:
        """The same window one period back (and its two neighbours, to steady the estimate),
        for each period the channel already existed."""
        first = self._first.get(channel)
        if first is None:
            return []
        week_b, day_b = WEEK_S // self.bucket_s, DAY_S // self.bucket_s
        w = w or self.window_buckets
        weekly = [
            end - k * week_b
            for k in range(1, self.history_weeks + 1)
            if end - k * week_b - 2 * w >= first
        ]
        if not weekly:  # under a week of history: daily profile, once two days are known
            daily = [end - k * day_b for k in range(1, 7) if end - k * day_b - 2 * w >= first]
            weekly = daily if len(daily) >= 2 else []
        return [self._window(channel, e + shift, w) for e in weekly for shift in (-w, 0, w)]

    def expected(
        self, channel: str, end_bucket: int, w: int | None = None
    ) -> tuple[float, float, list]:
        """Expected (count, value) for the window ending at ``end_bucket``, level-adjusted."""
        past = self._history(channel, end_bucket, w)
        if not past:
            return 0.0, 0.0, past
        count = median(c for c, _, _ in past) * self._level(channel, end_bucket)
        orders = sum(c for c, _, _ in past)
        # Value expected from the count and the usual order value, so both share the level.
        value = count * sum(v for _, v, _ in past) / orders if orders else 0.0
        return count, value, past

    def _level(self, channel: str, end: int) -> float:
        """Last day's volume against its own seasonal baseline, skipping the latest hour."""
        step = self.window_buckets
        stop = end - 3600 // self.bucket_s
        observed = expected = 0.0
        for e in range(stop - DAY_S // self.bucket_s, stop, step):
            past = self._history(channel, e)
            if past:
                observed += self._window(channel, e)[0]
                expected += median(c for c, _, _ in past)
        if expected < 5 * self.min_expected:
            return 1.0
        return min(2.0, max(0.5, observed / expected))

    # -- checking ----------------------------------------------------------------------------
    def check(self, now: datetime) -> list[Alert]:
        """Alerts opened or resolved by the last complete window before ``now``."""
        end = int(epoch(now) // self.bucket_s)
        at = datetime.fromtimestamp(end * self.bucket_s, UTC)
        alerts: list[Alert] = []
        for channel in list(self._orders):
            alerts += self._check_channel(channel, end, at)
        for stream in list(self._outcomes):
            alerts += self._check_outcomes(stream, end, at)
        self._prune(end)
        return alerts

    def _check_channel(self, channel: str, end: int, at: datetime) -> list[Alert]:
        # The window itself first; on quiet channels a 50% drop only becomes significant over
        # a longer span, so twice and four times the window are tried as well.
        out: list[Alert] = []
        level = None
        for kind, unit in (("order_drop", "orders"), ("value_drop", "order value")):
            key = (kind, channel)
            hit = None
            for w in (self.window_buckets, 2 * self.window_buckets, 4 * self.window_buckets):
                if level is None:
                    level = self._level(channel, end)
                found = self._drop(channel, end, w, level, kind == "value_drop")
                if found[0]:
                    hit = found
                    break
                if w == self.window_buckets:
                    first = found
            if hit and key not in self._open:
                _, obs, exp, w = hit
                minutes = w * self.bucket_s // 60
                alert = Alert(
                    kind,
                    channel,
                    at,
                    obs,
                    exp,
                    f"{channel}: {obs:g} {unit} in the last {minutes} minutes, "
                    f"expected about {exp:.0f} ({obs / exp:.0%} of normal)",
                )
                self._open[key] = alert
                out.append(alert)
            elif not hit and key in self._open:
                _, obs, exp, _ = first
                if exp > 0 and obs >= self.recover_ratio * exp:
                    del self._open[key]
                    out.append(
                        Alert(
                            "recovered",
                            channel,
                            at,
                            obs,
                            exp,
                            f"{channel}: {unit} back to {obs / exp:.0%} of normal",
                        )
                    )
        return out

    def _drop(
        self, channel: str, end: int, w: int, level: float, by_value: bool
    ) -> tuple[bool, float, float, int]:
        past = self._history(channel, end, w)
        count, value, _ = self._window(channel, end, w)
        if not past:
            return False, float(count), 0.0, w
        exp_count = median(c for c, _, _ in past) * level
        orders = sum(c for c, _, _ in past)
        if by_value:
            exp_value = exp_count * sum(v for _, v, _ in past) / orders if orders else 0.0
            hit = (
                exp_count >= self.min_expected
                and exp_value > 0
                and value <= self.drop_ratio * exp_value
                # stricter: order values are skewed, so the normal tail is optimistic
                and self._value_pvalue(value, exp_count, past) < self.alpha / 10
                and w == self.window_buckets
            )
            return hit, value, exp_value, w
        # Longer spans are extra tests: a stricter alpha keeps the false alarm rate flat.
        alpha = self.alpha if w == self.window_buckets else self.alpha / 10
        # The expectation is itself estimated (a median of len(past) noisy windows): test
        # against its lower two-standard-error bound so an unlucky baseline does not page.
        cautious = exp_count - 2 * 1.25 * math.sqrt(exp_count / len(past))
        hit = (
            exp_count >= self.min_expected
            and count <= self.drop_ratio * exp_count
            and poisson_cdf(count, cautious) < alpha
        )
        return hit, float(count), exp_count, w

    @staticmethod
    def _value_pvalue(value: float, exp_count: float, past: list) -> float:
        """One-sided p-value of a window value this low, as a compound Poisson sum."""
        orders = sum(c for c, _, _ in past)
        if not orders:
            return 1.0
        mean = sum(v for _, v, _ in past) / orders
        second = sum(q for _, _, q in past) / orders  # E[value^2] per order
        sd = math.sqrt(exp_count * second)
        if sd == 0:
            return 1.0
        z = (value - exp_count * mean) / sd
        return 0.5 * math.erfc(-z / math.sqrt(2))

    def _check_outcomes(self, stream: str, end: int, at: datetime) -> list[Alert]:
        buckets = self._outcomes[stream]
        kind = f"{self._outcome_kind.get(stream, 'error')}_rate"
        n = failed = 0
        for b in range(end - self.window_buckets, end):
            cell = buckets.get(b)
            if cell:
                n, failed = n + cell[0], failed + cell[1]
        base_n = base_f = 0
        for b, (tot, bad) in buckets.items():
            if end - WEEK_S // self.bucket_s <= b < end - self.window_buckets:
                base_n, base_f = base_n + tot, base_f + bad
        base = (base_f + 1) / (base_n + 50)  # mild prior keeps a clean history from being 0
        rate = failed / n if n else 0.0
        key = (kind, stream)
        hit = (
            n >= self.min_error_events
            and rate >= max(self.error_factor * base, base + 0.05)
            and binomial_sf(failed, n, base) < self.alpha
        )
        if hit and key not in self._open:
            alert = Alert(
                kind,
                stream,
                at,
                rate,
                base,
                f"{stream}: {failed} of {n} failed ({rate:.0%}) against a usual {base:.1%}",
            )
            self._open[key] = alert
            return [alert]
        if key in self._open and not hit and rate < max(2 * base, base + 0.02):
            del self._open[key]
            return [
                Alert(
                    "recovered",
                    stream,
                    at,
                    rate,
                    base,
                    f"{stream}: failure rate back to {rate:.0%}",
                )
            ]
        return []

    def _prune(self, end: int) -> None:
        keep_from = end - (self.history_weeks + 1) * WEEK_S // self.bucket_s
        every: list[dict[int, list[float]] | dict[int, list[int]]] = [
            *self._orders.values(),
            *self._outcomes.values(),
        ]
        for series in every:
            if len(series) > 2 * (self.history_weeks + 1) * WEEK_S // self.bucket_s:
                for b in [b for b in series if b < keep_from]:
                    del series[b]
