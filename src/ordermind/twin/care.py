"""Order care inside the twin (`policy.care: rules | model`): the real care services on the
twin's store, in simulated time.

- Warm-up: for `care.warmup_days` nothing watches the orders. Then the delay scorer is made
  from the run's own history: `rules` is the scorer's rule fallback on lane timing fitted
  to the warm-up's deliveries; `model` a delay model trained on them with the training
  code `ordermind care train` uses (`care.delay_training.train_from_history`), saved and
  loaded like any model directory. Nothing is fetched.
- Each care scan (07:00 and/or 23:00, after the ship wave): `services.care.scan` scores
  every open order and opens, updates or closes exceptions; `auto_apply` applies the fixes
  the care policy lets apply themselves; exceptions open longer than `review_hours` are
  decided by a person (`user:care-operator`, so the order is no longer touchless): the
  top feasible fix applied, or the exception dismissed. The customer of an order with an
  open exception of a kind in `care.notify_on` is told of the delay (once; a "move the
  promise" fix tells them too). Then the notification outbox is planned and sent
  (`services.notifications`): the twin is the customers' mailbox, and a delay notice
  counts as told when it is sent.
- Carriers announce their delays: the scorer is told them (`NetworkState.carrier_delay_
  days`), as an operations team would key in a carrier's notice.

Orders placed on hold for fraud are the fraud reviewer's (see the simulation); their
hold-ageing exceptions are left to that person.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from ordermind.care.delay_features import NetworkState, OrderState, Outcome
from ordermind.care.delay_history import delay_record
from ordermind.care.delay_training import delivered, train_from_history
from ordermind.care.lanes import LaneTable
from ordermind.care.policy import HOLD_AGEING, CarePolicy
from ordermind.care.scorer import DelayScorer
from ordermind.domain.errors import DomainError
from ordermind.domain.orders import Order
from ordermind.notifications.policy import NotifyPolicy
from ordermind.services import care as care_svc
from ordermind.services import notifications as notify
from ordermind.services.care_store import OPEN, ExceptionFilter, QueueLoads

if TYPE_CHECKING:
    from .simulation import Simulation

CARE_REVIEWER = "user:care-operator"  # a person: what they decide is not touchless
SCAN_MINUTE = {"morning": 420, "night": 1380}
MAILBOX_DOMAIN = "twin.example"
BATCH = 500  # notifications planned or sent per unit of work


class AnnouncedDelays:
    """A delay scorer told the delays carriers announced (carrier -> extra days)."""

    def __init__(self, scorer: DelayScorer, delays: dict[str, float]) -> None:
        self.inner = scorer
        self.delays = delays

    def __getattr__(self, name: str):
        return getattr(self.inner, name)

    def score(self, states, network: NetworkState | None = None):
        if self.delays:
            network = replace(
                network or NetworkState(),
                carrier_delay_days={
                    **(network.carrier_delay_days if network else {}),
                    **self.delays,
                },
            )
        return self.inner.score(states, network)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


# One twin order as delay history, mapped as `adapters/db/care_repo.order_history` maps the
# store's orders (released and cancelled at the times the simulation kept).
history_record = delay_record


class TwinCare:
    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.settings = sim.s.care
        self.mode = sim.s.policy.care
        self.policy = (
            CarePolicy.from_mapping(self.settings.policy) if self.settings.policy else CarePolicy()
        )
        self.delays: dict[str, float] = {}
        self.scorer: AnnouncedDelays | None = None
        self.scorer_note = ""
        self.model_metrics: dict = {}
        self.told: dict[int, datetime] = {}  # order -> first delay notice sent
        self.touched: set[int] = set()  # orders a care person acted on
        self.touches = 0
        self.scans = 0
        self.opened: dict[str, int] = {}
        self.auto_applied: dict[str, int] = {}
        self.person_applied: dict[str, int] = {}
        self.dismissed = 0
        self.notices_sent = 0
        self.scan_seconds = 0.0
        self.retired: list[tuple[OrderState, Outcome]] = []  # warm-up orders retired early

    @property
    def on(self) -> bool:
        return self.mode != "none"

    def scan_minutes(self, day: int) -> list[int]:
        if not self.on or day < self.settings.warmup_days:
            return []
        return sorted(SCAN_MINUTE[s] for s in set(self.settings.scans))

    # -- the scorer ---------------------------------------------------------------------
    def _record(self, order: Order) -> tuple[OrderState, Outcome]:
        sim, oid = self.sim, order.id
        assert sim.store is not None and oid is not None, "care runs on the twin's memory store"
        places = {n.code: (n.lat, n.lon) for n in sim.s.nodes}
        return history_record(
            order, sim.released_at.get(oid), sim.cancelled_at.get(oid), sim.store.products, places
        )

    def keep(self, order: Order) -> None:
        """An order leaving the store before the scorer is made: kept as history."""
        if self.on and self.scorer is None and not order.draft:
            self.retired.append(self._record(order))

    def history(self) -> tuple[list[OrderState], dict[str, Outcome]]:
        store = self.sim.store
        assert store is not None, "care runs on the twin's memory store"
        pairs = self.retired + [self._record(o) for o in store.orders.values() if not o.draft]
        return [st for st, _ in pairs], {st.order_id: out for st, out in pairs}

    def start(self, now: datetime) -> None:
        """Make the delay scorer from the warm-up's history (at the end of the warm-up)."""
        states, outcomes = self.history()
        self.retired = []
        done = delivered(states, outcomes)
        lanes = LaneTable.fit(done)
        scorer = DelayScorer(None, lanes=lanes)
        self.scorer_note = f"rule fallback on lanes of {len(done)} warm-up deliveries"
        if self.mode == "model":
            try:
                model = train_from_history(states, outcomes, before=now)
            except ValueError as exc:  # too few deliveries: the rule answers, and says so
                self.scorer_note = f"no model ({exc}); {self.scorer_note}"
            else:
                with tempfile.TemporaryDirectory(prefix="twin-delay-model-") as folder:
                    model.save(folder)
                    scorer = DelayScorer(folder)  # loaded like any installed model
                self.model_metrics = {
                    k: model.metrics.get(k)
                    for k in (
                        "orders",
                        "late_orders",
                        "calibration_slice",
                        "calibration_slice_rule",
                    )
                }
                self.scorer_note = (
                    f"{scorer.model_version} trained on {len(done)} warm-up deliveries"
                )
        self.scorer = AnnouncedDelays(scorer, self.delays)

    # -- one care pass --------------------------------------------------------------------
    def step(self, now: datetime) -> None:
        import time as clock

        if self.scorer is None:
            self.start(now)
        started = clock.perf_counter()
        uow = self.sim.uow
        scorer, policy = self._ready_scorer(), self.policy
        report = care_svc.scan(uow, now, scorer, policy)
        for etype, n in report.opened.items():
            self.opened[etype] = self.opened.get(etype, 0) + n
        auto = care_svc.auto_apply(uow, now, scorer, policy)
        for ftype, n in auto.applied.items():
            self.auto_applied[ftype] = self.auto_applied.get(ftype, 0) + n
        self.review(now)
        self.dispatch(now)  # what the fixes told first, so nobody hears twice
        self.tell(now)
        self.dispatch(now)
        self.scans += 1
        self.scan_seconds += clock.perf_counter() - started

    def _ready_scorer(self) -> AnnouncedDelays:
        """The scorer the first care pass set up (`start`)."""
        if self.scorer is None:
            raise RuntimeError("a care decision before the first care pass: no scorer yet")
        return self.scorer

    def _open(self) -> Iterable:
        with self.sim.uow() as uow:
            cursor = None
            while True:
                page = uow.care.list_exceptions(ExceptionFilter(status=OPEN), cursor, 500)
                yield from page
                if len(page) < 500:
                    return
                cursor = page[-1].id

    def review(self, now: datetime) -> None:
        """A person decides the exceptions automation left open past `review_hours`."""
        due = now - timedelta(hours=self.settings.review_hours)
        waiting = [
            e
            for e in self._open()
            if e.type != HOLD_AGEING and e.applied is None and _utc(e.opened_at) <= due
        ]
        if not waiting:
            return
        with self.sim.uow() as uow:
            queues = care_svc.read_queues(uow, now)  # once for the person's round
        for e in sorted(waiting, key=lambda x: x.id):
            self._decide(e.id, e.order_id, now, queues)

    def _decide(self, exception_id: int, order_id: int, now: datetime, queues: QueueLoads) -> None:
        sim, scorer = self.sim, self._ready_scorer()
        try:
            ev = care_svc.evaluate(sim.uow, exception_id, now, scorer, self.policy, queues)
        except DomainError:
            return  # closed or gone meanwhile
        if ev.finding is None:
            return  # the cause went away: the next scan closes it, nobody needs to look
        ranked = ev.ranked()
        pick = next((n for n, x in enumerate(ranked) if x.effects.feasible), None)
        with sim.uow() as uow:
            try:
                if pick is None:
                    care_svc.dismiss(
                        uow,
                        exception_id,
                        "nothing to do that helps; watching it",
                        CARE_REVIEWER,
                        now,
                        ev,
                    )
                    self.dismissed += 1
                else:
                    care_svc.apply_fix(
                        uow,
                        exception_id,
                        pick,
                        ev,
                        CARE_REVIEWER,
                        now,
                        scorer,
                        self.policy,
                        queues=queues,
                    )
                    kind = ranked[pick].fix.type
                    self.person_applied[kind] = self.person_applied.get(kind, 0) + 1
                uow.commit()
            except DomainError:
                return
        self.touches += 1
        self.touched.add(order_id)

    def tell(self, now: datetime) -> None:
        """Tell the customer of every order with an open exception that puts its promise
        at risk (`care.notify_on`) and no delay notice yet, through the care service's
        `notify_delay`: the new date is the promise (or today) plus the policy's days."""
        kinds = set(self.settings.notify_on)
        if not kinds:
            return
        at_risk = {}
        for e in self._open():
            if e.type in kinds and e.order_id not in at_risk:
                at_risk[e.order_id] = e
        moved = timedelta(days=self.policy.promise_move_days)
        with self.sim.uow() as uow:
            for oid, e in sorted(at_risk.items()):
                order = uow.orders.get(oid) if oid not in self.told else None
                if order is None:
                    continue
                promised = order.promised_delivery_date
                base = max(d for d in (promised, now.date()) if d is not None)
                care_svc.notify_delay(uow, oid, base + moved, e.explanation, promised)
            uow.commit()

    def dispatch(self, now: datetime) -> None:
        """Plan the outbox and send what is due; the twin is every customer's mailbox."""
        policy = NotifyPolicy()
        while True:  # in batches, each its own unit of work, as a dispatcher runs
            with self.sim.uow() as uow:
                r = notify.plan_pending(uow, now, {"email"}, policy, MAILBOX_DOMAIN, limit=BATCH)
                uow.commit()
            if r.planned + r.suppressed + r.skipped == 0:
                break
        while True:
            with self.sim.uow() as uow:
                due = notify.claim_due(uow, now, policy, limit=BATCH)
                for m in due:
                    if (
                        notify.mark_sent(uow, m, now, m.milestone)
                        and m.milestone == "delay_predicted"
                    ):
                        self.told.setdefault(m.order_id, now)
                        self.notices_sent += 1
                uow.commit()
            if len(due) < BATCH:
                break

    # -- the results ----------------------------------------------------------------------
    def summary(
        self, lateness: Callable[[], list[tuple[int, datetime, datetime | None]]], end: datetime
    ) -> dict:
        """Care figures over the orders placed after the warm-up: of those that were (or,
        at the end, already are) late against the promise first made, the share whose
        customer was told before it broke, and how long before (hours)."""
        late, told_in_time, leads, needless = 0, 0, [], 0
        for oid, deadline, arrived in lateness():
            if arrived is not None and arrived <= deadline:
                needless += oid in self.told  # told of a delay, arrived in time after all
                continue
            if arrived is None and deadline > end:
                continue  # not due yet: not known to be late
            late += 1
            told = self.told.get(oid)
            if told is not None and told < deadline:
                told_in_time += 1
                leads.append((deadline - told).total_seconds() / 3600.0)
        leads.sort()
        median = (
            (
                leads[len(leads) // 2]
                if len(leads) % 2
                else (leads[len(leads) // 2 - 1] + leads[len(leads) // 2]) / 2
            )
            if leads
            else None
        )
        return {
            "care": self.mode,
            "scorer": self.scorer_note,
            "late_orders": late,
            "told_before_promise": told_in_time,
            "told_before_promise_share": round(told_in_time / late, 4) if late else None,
            "told_lead_hours_p50": round(median, 1) if median is not None else None,
            "told_24h_ahead_share": round(sum(1 for h in leads if h >= 24) / late, 4)
            if late
            else None,
            "delay_notices_sent": self.notices_sent,
            "needless_delay_notices": needless,
            "care_scans": self.scans,
            "exceptions_opened": dict(sorted(self.opened.items())),
            "fixes_auto_applied": dict(sorted(self.auto_applied.items())),
            "fixes_person_applied": dict(sorted(self.person_applied.items())),
            "exceptions_dismissed": self.dismissed,
            "person_touches": self.touches,
            "orders_touched_by_care": len(self.touched),
            "care_seconds": round(self.scan_seconds, 1),
            "delay_model": self.model_metrics,
        }
