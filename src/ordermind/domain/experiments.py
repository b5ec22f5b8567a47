"""Live experiments: a policy's treatment value against its control value on live orders.

The orders are split by a unit (the customer, or the channel) with a deterministic hash of
(experiment id, unit): the same customer lands in the same group on every worker, host and
restart, and a new experiment reshuffles the customers independently of the last one.
`mode="shadow"` computes the treatment's decision for the treatment group and records it
beside the control's, which is the one applied: for a model that should not act yet."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from .errors import ValidationFailed

UNITS = ("customer", "channel")
MODES = ("live", "shadow")
GROUPS = ("treatment", "control")
STATUSES = ("running", "stopped")
MAX_NAME = 120

_SCALE = float(2**64)


def bucket(experiment_id: str, unit: str) -> float:
    """A uniform number in [0, 1) from the experiment id and the unit's value (sha-256:
    the same everywhere, unlike Python's per-process `hash`)."""
    digest = hashlib.sha256(f"{experiment_id}\x1f{unit}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / _SCALE


def group_of(experiment_id: str, unit: str, share: float) -> str:
    """`treatment` for a share `share` of the units, `control` for the others."""
    return GROUPS[0] if bucket(experiment_id, unit) < share else GROUPS[1]


def _one_of(what: str, value: str, allowed: tuple[str, ...] | list[str]) -> None:
    if value not in allowed:
        raise ValidationFailed(
            f"{what}: {value!r} is not one of {', '.join(allowed)}",
            field=what,
            allowed=list(allowed),
        )


@dataclass(frozen=True)
class Experiment:
    id: str
    name: str
    policy: str  # see services.experiments.POLICIES
    treatment: str
    control: str
    unit: str  # customer | channel
    share: float  # of the units in the treatment group, 0 < share < 1
    mode: str  # live | shadow
    status: str  # running | stopped
    created_at: datetime
    created_by: str
    stopped_at: datetime | None = None

    @property
    def running(self) -> bool:
        return self.status == "running"

    def unit_of(self, customer_email: str, channel: str) -> str:
        """The value the split hashes for an order (emails compared case-blind)."""
        return customer_email.strip().lower() if self.unit == "customer" else channel

    def group(self, customer_email: str, channel: str) -> str:
        return group_of(self.id, self.unit_of(customer_email, channel), self.share)

    def applied(self, group: str) -> str:
        """The policy value an order of `group` is served by (shadow: always the control)."""
        return self.treatment if group == GROUPS[0] and self.mode == "live" else self.control

    @staticmethod
    def check(
        name: str,
        policy: str,
        treatment: str,
        control: str,
        unit: str,
        share: float,
        mode: str,
        values: dict[str, tuple[str, ...]],
    ) -> None:
        """Refuse a definition that cannot run, naming the allowed values."""
        if not name.strip() or len(name) > MAX_NAME:
            raise ValidationFailed(f"name: 1 to {MAX_NAME} characters", field="name")
        _one_of("policy", policy, sorted(values))
        _one_of("treatment", treatment, values[policy])
        _one_of("control", control, values[policy])
        if treatment == control:
            raise ValidationFailed(
                f"treatment and control are both {treatment!r}; an experiment compares two values",
                field="treatment",
            )
        _one_of("unit", unit, UNITS)
        _one_of("mode", mode, MODES)
        if not 0 < share < 1:
            raise ValidationFailed(
                f"share: {share} is not between 0 and 1 (exclusive): the treatment's share "
                "of the units",
                field="share",
            )
