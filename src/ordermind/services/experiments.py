"""Live pilot vs control: any policy on the order path runs as an experiment on live orders.

An admin names the policy, a treatment and a control value, the split unit and the
treatment's share (`create`). Each new order is put in a group by a deterministic hash of
(experiment id, customer or channel) and served by that group's value; the control group
keeps the rules. The group is recorded on the order as an `experiment.assigned` event, so
it is written in the order's own transaction (the databases copy it into
`experiment_assignments` with a trigger). `report` compares the groups' KPIs with 95 %
confidence intervals (`kpis.lift`). In `shadow` mode every order is served by the control
value and the treatment group's orders record what the treatment would have decided.

Policies on the live path:
- `sourcing_strategy`: the strategy that sources the order (`sourcing.strategies`, or
  `channel`: each channel's configured one, the control's default), at placement and
  when a back-order or a changed order is sourced again;
- `risk_screen`: `rules` (the screen's rules decide alone) or `model` (flagged orders go
  to the installed risk model, as the screener does without an experiment)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Conflict, NotFound, ValidationFailed
from ordermind.domain.events import EventType
from ordermind.domain.experiments import GROUPS, Experiment
from ordermind.domain.orders import Order
from ordermind.services import audit
from ordermind.services.experiment_store import Assignment
from ordermind.services.ids import new_id
from ordermind.services.unit_of_work import AbstractUnitOfWork
from ordermind.sourcing import strategy_names

SOURCING = "sourcing_strategy"
RISK = "risk_screen"
RISK_VALUES = ("rules", "model")
# A sourcing value that is no strategy of its own: each channel's configured strategy.
CHANNEL_RULES = "channel"
POLICIES: dict[str, tuple[str, ...]] = {
    SOURCING: (*strategy_names(), CHANNEL_RULES),
    RISK: RISK_VALUES,
}
# The rule baseline each policy's control group keeps unless the experiment names another.
DEFAULT_CONTROL = {SOURCING: CHANNEL_RULES, RISK: "rules"}


def _resolved(value: str, default: str) -> str:
    return default if value == CHANNEL_RULES else value


@dataclass(frozen=True)
class NewExperiment:
    name: str
    policy: str
    treatment: str
    control: str | None = None  # the policy's rule baseline (DEFAULT_CONTROL)
    unit: str = "customer"
    share: float = 0.5
    mode: str = "live"


def create(uow: AbstractUnitOfWork, cmd: NewExperiment, actor: str) -> Experiment:
    """Start an experiment; one running experiment per policy (a second would fight the
    first over the same orders)."""
    if cmd.policy not in POLICIES:
        allowed = sorted(POLICIES)
        raise ValidationFailed(
            f"policy: {cmd.policy!r} is not one of {', '.join(allowed)}",
            field="policy",
            allowed=allowed,
        )
    control = cmd.control if cmd.control is not None else DEFAULT_CONTROL[cmd.policy]
    Experiment.check(
        cmd.name, cmd.policy, cmd.treatment, control, cmd.unit, cmd.share, cmd.mode, POLICIES
    )
    clash = next((e for e in uow.experiments.running() if e.policy == cmd.policy), None)
    if clash is not None:
        raise Conflict(
            f"experiment {clash.id} already runs on {cmd.policy}; stop it first "
            f"(POST /v1/experiments/{clash.id}/stop)",
            experiment_id=clash.id,
        )
    experiment = Experiment(
        id=new_id("exp"),
        name=cmd.name.strip(),
        policy=cmd.policy,
        treatment=cmd.treatment,
        control=control,
        unit=cmd.unit,
        share=cmd.share,
        mode=cmd.mode,
        status="running",
        created_at=utcnow(),
        created_by=actor,
    )
    uow.experiments.add(experiment)
    audit.record(
        uow, actor, "experiment.created", "experiment", experiment.id, None, view(experiment)
    )
    return experiment


def get(uow: AbstractUnitOfWork, experiment_id: str) -> Experiment:
    experiment = uow.experiments.get(experiment_id)
    if experiment is None:
        raise NotFound(f"experiment {experiment_id} not found")
    return experiment


def stop(uow: AbstractUnitOfWork, experiment_id: str, actor: str) -> Experiment:
    """New orders are no longer assigned; the assigned ones stay in the report (and their
    back-orders keep the value they were assigned)."""
    experiment = get(uow, experiment_id)
    if not experiment.running:
        return experiment
    uow.experiments.stop(experiment_id, utcnow())
    stopped = get(uow, experiment_id)
    audit.record(
        uow,
        actor,
        "experiment.stopped",
        "experiment",
        experiment_id,
        view(experiment),
        view(stopped),
    )
    return stopped


def view(e: Experiment) -> dict:
    return {
        "id": e.id,
        "name": e.name,
        "policy": e.policy,
        "treatment": e.treatment,
        "control": e.control,
        "unit": e.unit,
        "share": e.share,
        "mode": e.mode,
        "status": e.status,
        "created_at": e.created_at,
        "created_by": e.created_by,
        "stopped_at": e.stopped_at,
    }


# -- on the order path ------------------------------------------------------------------


@dataclass
class Arms:
    """The running experiments' groups for one order, and the shadow decisions made."""

    groups: list[tuple[Experiment, str]] = field(default_factory=list)
    shadows: dict[str, dict] = field(default_factory=dict)  # policy -> what treatment did

    def _of(self, policy: str) -> tuple[Experiment, str] | None:
        return next(((e, g) for e, g in self.groups if e.policy == policy), None)

    def value(self, policy: str, default: str) -> str:
        """The value that serves the order (the rule `default` outside any experiment)."""
        found = self._of(policy)
        return default if found is None else _resolved(found[0].applied(found[1]), default)

    def shadow(self, policy: str, default: str = "") -> str | None:
        """The treatment value to compute beside the applied one (shadow mode only;
        `default` stands for the channel's own rule)."""
        found = self._of(policy)
        if found is None or found[0].mode != "shadow" or found[1] != GROUPS[0]:
            return None
        return _resolved(found[0].treatment, default)


def arms_for(uow: AbstractUnitOfWork, order: Order) -> Arms:
    """The groups a new order falls in (no experiment running: no read but the cached one)."""
    running = uow.experiments.running()
    if not running:
        return Arms()
    email, channel = order.customer.email, order.channel
    return Arms([(e, e.group(email, channel)) for e in running])


def record(order: Order, arms: Arms, actor: str) -> None:
    """The order's assignments, as events in its timeline (one per experiment)."""
    for e, group in arms.groups:
        data: dict = {
            "experiment": e.id,
            "policy": e.policy,
            "group": group,
            "value": e.applied(group),
            "mode": e.mode,
        }
        if e.policy in arms.shadows:
            data["shadow"] = arms.shadows[e.policy]
        order.record(EventType.EXPERIMENT_ASSIGNED, actor, data=data)


def strategy_for(uow: AbstractUnitOfWork, order: Order, default: str) -> str:
    """The sourcing strategy for sourcing `order` again (a back-order, a change): the
    value its assignment recorded while the experiment runs, else `default`."""
    running = [e for e in uow.experiments.running() if e.policy == SOURCING]
    if not running or order.id is None:
        return default
    found = uow.experiments.assignment(running[0].id, order.id)
    return default if found is None else _resolved(found.value, default)


def screen(assess: Callable[[str | None], dict], arms: Arms) -> dict:
    """The risk decision under the order's risk arm: `assess(policy)` runs the screener
    with `policy` (None: as configured). In shadow mode the treatment's decision is
    recorded, not applied."""
    policy = arms.value(RISK, "")
    if not policy:
        return assess(None)
    decision = assess(policy)
    shadow = arms.shadow(RISK)
    if shadow is not None:
        other = assess(shadow)
        arms.shadows[RISK] = {
            "value": shadow,
            "action": other["action"],
            "score": other.get("score"),
            "differs": other["action"] != decision["action"],
        }
    return decision


def sourcing_shadow(plan_summary: dict | None, arms: Arms) -> None:
    if plan_summary is not None:
        arms.shadows[SOURCING] = plan_summary


# -- the report ---------------------------------------------------------------------------


def report(uow: AbstractUnitOfWork, experiment_id: str, as_of: datetime | None = None) -> dict:
    """The experiment with each group's KPIs and the treatment − control deltas."""
    from ordermind.kpis import lift  # pandas: not on the order path
    from ordermind.kpis.facts import facts_from_orders

    experiment = get(uow, experiment_id)
    rows = uow.experiments.orders(experiment_id)
    groups: dict[str, list[tuple[Assignment, Order]]] = {g: [] for g in GROUPS}
    for a, order in rows:
        groups.setdefault(a.group, []).append((a, order))
    facts = {g: facts_from_orders([o for _, o in pairs]) for g, pairs in groups.items()}
    held = {  # over the screened orders
        g: [o.risk.get("action") in ("hold", "reject") for _, o in pairs if o.risk is not None]
        for g, pairs in groups.items()
    }
    comparison = lift.compare(facts["treatment"], facts["control"], as_of or utcnow(), held)
    out = {**view(experiment), **comparison}
    if experiment.mode == "shadow":
        out["shadow"] = lift.shadow_summary(
            [(a.shadow, o) for a, o in groups["treatment"] if a.shadow is not None]
        )
    return out
