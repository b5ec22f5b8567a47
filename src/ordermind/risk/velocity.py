"""Sliding-window velocity counters per identity (customer, e-mail, device, IP, card, address).

Everything runs on explicit timestamps, so the same class serves live screening, tests and the
replay of another system's history. A query at time ``t`` only sees orders placed strictly
before ``t``: an order never counts itself, and orders stamped with the same instant (whose
relative order is unknown) never leak into each other.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable
from dataclasses import dataclass, field

from ordermind.risk.facts import OrderFacts, epoch, normalise_address

KINDS = ("customer", "email", "device", "ip", "card", "address")
DEFAULT_WINDOWS = {"1h": 3600.0, "24h": 86400.0, "7d": 7 * 86400.0, "30d": 30 * 86400.0}


def identities(facts: OrderFacts) -> dict[str, str]:
    """The velocity keys of an order, one per kind that the order carries."""
    email = facts.customer_email.strip().lower() if facts.customer_email else None
    keys = {
        "customer": facts.customer_id,
        "email": email,
        "device": facts.device_id,
        "ip": facts.ip,
        "card": facts.card_token,
        "address": normalise_address(facts.shipping_address),
    }
    return {kind: str(key) for kind, key in keys.items() if key not in (None, "")}


def entries(facts: OrderFacts) -> list[tuple[str, str, float, int, str]]:
    """What an order adds to the windows: (kind, key, epoch, value, peer) per identity."""
    at = epoch(facts.placed_at)
    ids = identities(facts)
    # The peer of an e-mail/customer is the card it paid with; of anything else, the buyer.
    buyer = ids.get("email") or ids.get("customer") or ""
    return [
        (
            kind,
            key,
            at,
            facts.total_value,
            ids.get("card", "") if kind in ("email", "customer") else buyer,
        )
        for kind, key in ids.items()
    ]


@dataclass(slots=True)
class _Track:
    times: list[float] = field(default_factory=list)
    values: list[int] = field(default_factory=list)
    peers: list[str] = field(default_factory=list)  # the linked identity, for distinct counts


@dataclass(frozen=True, slots=True)
class WindowStats:
    count: int
    value: int
    peers: frozenset[str] = frozenset()

    @property
    def distinct_peers(self) -> int:
        return len(self.peers)


_EMPTY = WindowStats(0, 0)


class VelocityWindows:
    """Orders and value per identity over sliding windows, queryable at any instant."""

    def __init__(self, windows: dict[str, float] | None = None) -> None:
        self.windows = dict(windows or DEFAULT_WINDOWS)
        self.horizon = max(self.windows.values())
        self._tracks: dict[tuple[str, str], _Track] = {}
        self._latest = float("-inf")
        self._since_prune = 0

    @classmethod
    def from_orders(cls, orders: Iterable[OrderFacts], **kwargs) -> VelocityWindows:
        """Rebuild the windows from the store's recent orders (any order of arrival)."""
        windows = cls(**kwargs)
        for facts in orders:
            windows.record(facts)
        return windows

    @classmethod
    def from_records(cls, records: Iterable, **kwargs) -> VelocityWindows:
        """Windows over stored records (anything with kind, key, at, value, peer), e.g.
        the ones a shared store keeps for every worker."""
        windows = cls(**kwargs)
        for r in records:
            windows._add(r.kind, r.key, r.at, r.value, r.peer)
        return windows

    def record(self, facts: OrderFacts) -> None:
        for kind, key, at, value, peer in entries(facts):
            self._add(kind, key, at, value, peer)
        self._since_prune += 1
        if self._since_prune >= 5000:
            self.prune()

    def _add(self, kind: str, key: str, at: float, value: int, peer: str) -> None:
        track = self._tracks.get((kind, key))
        if track is None:
            track = self._tracks[(kind, key)] = _Track()
        if not track.times or at >= track.times[-1]:
            track.times.append(at)
            track.values.append(value)
            track.peers.append(peer)
        else:  # late arrival: keep the lists sorted by time
            pos = bisect_left(track.times, at)
            insort(track.times, at)
            track.values.insert(pos, value)
            track.peers.insert(pos, peer)
        self._latest = max(self._latest, at)

    def stats(self, kind: str, key: str | None, at: float, window: str) -> WindowStats:
        """Orders of identity ``key`` placed in ``[at - window, at)``."""
        if key is None:
            return _EMPTY
        track = self._tracks.get((kind, key))
        if track is None:
            return _EMPTY
        lo = bisect_left(track.times, at - self.windows[window])
        hi = bisect_left(track.times, at)
        if hi <= lo:
            return _EMPTY
        peers = frozenset(p for p in track.peers[lo:hi] if p)
        return WindowStats(hi - lo, sum(track.values[lo:hi]), peers)

    def snapshot(self, facts: OrderFacts) -> dict[str, WindowStats]:
        """All windows for all identities of an order, keyed ``"<kind>_<window>"``."""
        at = epoch(facts.placed_at)
        ids = identities(facts)
        return {
            f"{kind}_{name}": self.stats(kind, ids.get(kind), at, name)
            for kind in KINDS
            for name in self.windows
        }

    def prune(self) -> None:
        """Drop entries older than the longest window before the latest order seen."""
        cutoff = self._latest - self.horizon
        for ident in list(self._tracks):
            track = self._tracks[ident]
            cut = bisect_left(track.times, cutoff)
            if cut:
                del track.times[:cut], track.values[:cut], track.peers[:cut]
            if not track.times:
                del self._tracks[ident]
        self._since_prune = 0

    def __len__(self) -> int:
        return len(self._tracks)
