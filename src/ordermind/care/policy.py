"""What counts as an exception and which fixes may apply themselves: one policy object.

Every threshold and SLA the detectors use lives here with a default an operations team
would start from; a channel can override any of them (``channels={"b2b": {...}}``), and
`CarePolicy.from_mapping` reads the whole thing from JSON (``ORDERMIND_CARE_POLICY``).

Auto-apply: per exception type, the fix types that may apply themselves and the limits
their measured effect must stay within (the promise no later than ``max_promise_days``
past the current one, the fulfilment cost up by less than ``max_cost_increase_pct``, the
exception gone afterwards). Anything else waits for a person.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from types import MappingProxyType

# Exception types (the `type` of a finding).
PREDICTED_LATE = "predicted_late"
BACKORDER_PAST_PROMISE = "backorder_past_promise"
BACKORDER_UNCOVERED = "backorder_uncovered"
RELEASE_SLA = "release_sla"
SCAN_GAP = "scan_gap"
NODE_OUTAGE = "node_outage"
CAPACITY_OVERRUN = "capacity_overrun"
HOLD_AGEING = "hold_ageing"
ADDRESS_UNRESOLVED = "address_unresolved"
REFUND_DUE = "refund_due"
EXCEPTION_TYPES = (
    PREDICTED_LATE,
    BACKORDER_PAST_PROMISE,
    BACKORDER_UNCOVERED,
    RELEASE_SLA,
    SCAN_GAP,
    NODE_OUTAGE,
    CAPACITY_OVERRUN,
    HOLD_AGEING,
    ADDRESS_UNRESOLVED,
    REFUND_DUE,
)

# Fix types, in the rule order the fallback ranking prefers when effects tie: repair the
# fulfilment first, then change what the customer gets, and cancelling last.
RESOURCE = "resource"
SPLIT = "split"
UPGRADE_SERVICE = "upgrade_service"
SUBSTITUTE = "substitute"
RELEASE_HOLD = "release_hold"
REFUND_RETURN = "refund_return"
MOVE_PROMISE = "move_promise"
CANCEL_LINE = "cancel_line"
FIX_TYPES = (
    RESOURCE,
    SPLIT,
    UPGRADE_SERVICE,
    SUBSTITUTE,
    RELEASE_HOLD,
    REFUND_RETURN,
    MOVE_PROMISE,
    CANCEL_LINE,
)

SEVERITIES = ("low", "medium", "high", "critical")


@dataclass(frozen=True)
class AutoRule:
    """A fix type that applies itself when its rolled-back evaluation stays within these."""

    fix_type: str
    max_promise_days: int = 0  # the customer's date may move this many days later at most
    max_cost_increase_pct: float = 5.0  # of the fulfilment cost before the fix
    require_resolves: bool = True  # the exception's cause must be gone afterwards

    def __post_init__(self) -> None:
        if self.fix_type not in FIX_TYPES:
            raise ValueError(f"unknown fix type {self.fix_type!r}; known: {', '.join(FIX_TYPES)}")


def _frozen(d: Mapping) -> Mapping:
    return MappingProxyType(dict(d))


_RESOURCE_NO_LATER = AutoRule(RESOURCE, 0, 5.0)
# Telling the customer of a new date up to a week later, when that is the best fix found
# and the new date is then likely to hold (the exception resolves).
_TELL_CUSTOMER = AutoRule(MOVE_PROMISE, 7, 0.0)
DEFAULT_AUTO: Mapping[str, tuple[AutoRule, ...]] = _frozen(
    {
        NODE_OUTAGE: (_RESOURCE_NO_LATER,),
        CAPACITY_OVERRUN: (_RESOURCE_NO_LATER,),
        PREDICTED_LATE: (_RESOURCE_NO_LATER, _TELL_CUSTOMER),
        BACKORDER_PAST_PROMISE: (AutoRule(SPLIT, 0, 5.0), _TELL_CUSTOMER),
        # A return received and not refunded: the refund is owed, nothing to weigh.
        REFUND_DUE: (AutoRule(REFUND_RETURN, 0, 0.0),),
    }
)


# What puts the promise itself at risk: telling the customer early is what they expect.
DEFAULT_NOTIFY = (PREDICTED_LATE, BACKORDER_PAST_PROMISE, RELEASE_SLA, NODE_OUTAGE)


@dataclass(frozen=True)
class CarePolicy:
    # predicted late: open at this late probability, critical at the second
    late_threshold: float = 0.5
    late_critical: float = 0.85
    # released to a node and not shipped within this many hours (per node kind; a node's
    # own figure in node_release_sla_hours wins)
    release_sla_hours: Mapping[str, float] = field(
        default_factory=lambda: _frozen({"warehouse": 24.0, "store": 8.0, "supplier": 72.0})
    )
    node_release_sla_hours: Mapping[str, float] = field(default_factory=lambda: _frozen({}))
    # a shipment with no carrier scan (hand-off or later) for this many hours
    scan_gap_hours: float = 48.0
    # a hold still active this many hours after it was placed (per hold reason)
    hold_sla_hours: Mapping[str, float] = field(
        default_factory=lambda: _frozen(
            {
                "fraud": 24.0,
                "payment": 12.0,
                "intake_review": 8.0,
                "credit": 24.0,
                "address": 24.0,
                "manual": 48.0,
            }
        )
    )
    # a return received and not refunded within this many days
    refund_sla_days: float = 3.0
    # a back-order counts as past its promise once the promise is this many days away
    # (0: only once the promised date has arrived)
    backorder_warning_days: int = 0
    # an order back-ordered without any promised date counts as past it after this long
    backorder_unpromised_days: float = 3.0
    # days an order waits on a node that is down (what the delay model is told)
    outage_days: float = 2.0
    # a promise moved by "move the promise" when no better date is known
    promise_move_days: int = 3
    # capacity: an overrun is the node's lines today above this share of its capacity
    capacity_overrun_share: float = 1.0
    auto: Mapping[str, tuple[AutoRule, ...]] = field(default_factory=lambda: DEFAULT_AUTO)
    # Exception types whose customer is told of the delay (with the new date: the delay
    # scorer's 90th-percentile delivery, or inbound stock's, else the promise plus
    # promise_move_days) as soon as one opens, without waiting for a fix to move the date.
    notify_on_open: tuple[str, ...] = DEFAULT_NOTIFY
    # channel -> {field: value}: overrides for that channel's orders
    channels: Mapping[str, Mapping[str, object]] = field(default_factory=lambda: _frozen({}))

    def __post_init__(self) -> None:
        if not 0.0 < self.late_threshold <= self.late_critical <= 1.0:
            raise ValueError("need 0 < late_threshold <= late_critical <= 1")
        for name in (
            "scan_gap_hours",
            "refund_sla_days",
            "outage_days",
            "capacity_overrun_share",
            "backorder_unpromised_days",
        ):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be positive")
        for name in ("release_sla_hours", "node_release_sla_hours", "hold_sla_hours"):
            for key, hours in getattr(self, name).items():
                if not isinstance(hours, int | float) or hours <= 0:
                    raise ValueError(f"{name}[{key!r}] must be a positive number of hours")
        if self.promise_move_days < 1 or self.backorder_warning_days < 0:
            raise ValueError("promise_move_days must be >= 1, backorder_warning_days >= 0")
        unknown = sorted(set(self.auto) - set(EXCEPTION_TYPES))
        if unknown:
            raise ValueError(f"auto rules for unknown exception type(s): {', '.join(unknown)}")
        unknown = sorted(set(self.notify_on_open) - set(EXCEPTION_TYPES))
        if unknown:
            raise ValueError(
                f"notify_on_open names unknown exception type(s): "
                f"{', '.join(unknown)}; known: {', '.join(EXCEPTION_TYPES)}"
            )

    def for_channel(self, channel: str | None) -> CarePolicy:
        """This policy with the channel's overrides (itself when the channel has none)."""
        over = self.channels.get(channel or "")
        if not over:
            return self
        return replace(self, channels=_frozen({}), **_parse(over, where=f"channel {channel}"))

    def release_sla(self, node: str, kind: str) -> float:
        return self.node_release_sla_hours.get(node) or self.release_sla_hours.get(
            kind, self.release_sla_hours.get("warehouse", 24.0)
        )

    def auto_rule(self, exception_type: str, fix_type: str) -> AutoRule | None:
        return next((r for r in self.auto.get(exception_type, ()) if r.fix_type == fix_type), None)

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> CarePolicy:
        """A policy from plain JSON data; unknown keys and bad values are a ValueError."""
        if not isinstance(data, Mapping):
            raise ValueError("the care policy must be a JSON object")
        values = _parse({k: v for k, v in data.items() if k != "channels"}, where="policy")
        channels = data.get("channels", {})
        if not isinstance(channels, Mapping):
            raise ValueError("policy.channels must map channel codes to overrides")
        for code, over in channels.items():
            if not isinstance(over, Mapping) or "channels" in over:
                raise ValueError(f"policy.channels[{code!r}] must be an object of overrides")
            _parse(over, where=f"channel {code}")  # validated now, applied per order
        policy = cls(**values, channels=_frozen({str(k): dict(v) for k, v in channels.items()}))
        for code in channels:
            policy.for_channel(code)  # every override must also make a valid policy
        return policy


_FIELDS = {f.name for f in fields(CarePolicy)} - {"channels"}
_MAPPINGS = ("release_sla_hours", "node_release_sla_hours", "hold_sla_hours")


def _parse(data: Mapping[str, object], where: str) -> dict:
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise ValueError(
            f"{where}: unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_FIELDS))}"
        )
    out: dict = {}
    for key, value in data.items():
        if key in _MAPPINGS:
            if not isinstance(value, Mapping):
                raise ValueError(f"{where}: {key} must map names to hours")
            out[key] = _frozen(value)
        elif key == "auto":
            out[key] = _auto(value, where)
        elif key == "notify_on_open":
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"{where}: notify_on_open must be a list of exception types")
            out[key] = tuple(value)
        elif key in ("promise_move_days", "backorder_warning_days"):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{where}: {key} must be a whole number of days")
            out[key] = value
        else:
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValueError(f"{where}: {key} must be a number")
            out[key] = float(value)
    return out


def _auto(value: object, where: str) -> Mapping[str, tuple[AutoRule, ...]]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: auto must map exception types to lists of rules")
    out = {}
    for etype, rules in value.items():
        if not isinstance(rules, list):
            raise ValueError(f"{where}: auto[{etype!r}] must be a list of rules")
        parsed = []
        for rule in rules:
            if isinstance(rule, str):
                rule = {"fix_type": rule}
            if not isinstance(rule, Mapping):
                raise ValueError(f"{where}: auto[{etype!r}] rules are objects or fix types")
            try:
                parsed.append(AutoRule(**rule))
            except TypeError as exc:
                raise ValueError(f"{where}: auto[{etype!r}]: {exc}") from None
        out[str(etype)] = tuple(parsed)
    return _frozen(out)
