"""`DelayScorer`: late probability of open orders, from the model or the rule fallback.

    scorer = DelayScorer(model_dir)             # or DelayScorer(None, lanes=store_lanes)
    scorer = DelayScorer(model_dir, deliveries=DeliveryFeed.from_outcomes(states, outcomes))
    [score] = scorer.score([state], network)    # DelayScore per OrderState, input order

Each leg (shipment, or the part one node will ship) is scored on its own node, lane and stage;
the order's probability is its riskiest leg's. The model answers where it is installed and can
score the row; otherwise the rule of :mod:`ordermind.care.delay_rules` does, on the model's
lane table when there is one, else on the ``lanes`` given (the store's own deliveries), else
on the stated default timing. The answer records which one spoke: ``model_version`` and
``fallback_used`` (with ``fallback_reason``). A promise already past scores 1.0 either way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ordermind.care.delay_features import (
    Leg,
    NetworkState,
    OrderState,
    feature_row,
    leg_stage,
    utc,
)
from ordermind.care.delay_model import DelayModel, ModelError
from ordermind.care.delay_rules import RULE_VERSION, DelayRule
from ordermind.care.history_features import DeliveryFeed
from ordermind.care.lanes import LaneTable


@dataclass(frozen=True)
class LegScore:
    node: str | None
    stage: str
    late_probability: float
    fallback_used: bool
    delivery_by: datetime | None = None  # when it arrives at the 90th percentile (lane timing)


@dataclass(frozen=True)
class DelayScore:
    order_id: str
    late_probability: float
    top_factors: tuple[str, ...]
    model_version: str  # the model's version, or the rule's when the rule answered
    fallback_used: bool
    fallback_reason: str | None
    stage: str
    scored_at: datetime
    legs: tuple[LegScore, ...]
    # When the whole order arrives at the 90th percentile of the lane timing and the delays
    # the network reports (its last leg): the new date a customer is told of a delay.
    delivery_by: datetime | None = None


@dataclass
class _Answer:
    probability: float
    factors: tuple[str, ...]
    fallback_reason: str | None  # None: the model answered (or a certainty needing none)


def _carrier_words(leg: Leg, carrier: str, share: float, days: float) -> str:
    where = leg.node or "the node"
    amount = f"{days:.1f}".removesuffix(".0")
    return (
        f"{carrier}, which took {share:.0%} of {where}'s recent parcels, announced "
        f"{amount} days of delay"
    )


class DelayScorer:
    def __init__(
        self,
        model_dir: str | Path | None,
        lanes: LaneTable | None = None,
        top: int = 3,
        deliveries: DeliveryFeed | None = None,
    ) -> None:
        self.model: DelayModel | None = None
        self.unavailable: str | None = None  # why the model is not used, when it is not
        if model_dir is None:
            self.unavailable = "no delay model installed"
        else:
            try:
                self.model = DelayModel.load(model_dir)
            except ModelError as exc:
                self.unavailable = str(exc)
            except Exception as exc:
                self.unavailable = f"delay model in {model_dir} cannot be read: {exc}"
        self.lanes = self.model.lanes if self.model is not None else (lanes or LaneTable())
        self.rule = DelayRule(self.lanes)
        self.top = top
        # Recent delivery conditions for states that come without them (state.recent None);
        # without a feed those features stay unknown and the model uses its branch for that.
        self.deliveries = deliveries

    @property
    def model_version(self) -> str:
        return self.model.version if self.model is not None else RULE_VERSION

    def score(
        self, states: Sequence[OrderState], network: NetworkState | None = None
    ) -> list[DelayScore]:
        """One score per state, in input order. A leg that may meet an announced carrier
        delay (its carrier not known yet) is scored once per carrier it may go with, and
        its probability is their mix by each carrier's share of its node's parcels."""
        items: list[tuple[int, Leg, float, OrderState]] = []
        prepared = [network.apply(s) if network is not None else s for s in states]
        if self.deliveries is not None:
            prepared = [self.deliveries.attach(s) if s.recent is None else s for s in prepared]
        # (order, leg, [(weight, delay, carrier, item index)])
        legs_of: list[tuple[int, Leg, list[tuple[float, float, str | None, int]]]] = []
        for i, state in enumerate(prepared):
            for leg in state.legs or (Leg(node=None),):
                cases = network.delay_scenarios(leg) if network is not None else [(1.0, 0.0, None)]
                refs = []
                for weight, delay, carrier in cases:
                    refs.append((weight, delay, carrier, len(items)))
                    items.append((i, leg, delay, state))
                legs_of.append((i, leg, refs))
        answers = self._answers(items)
        per_order: dict[int, list[tuple[Leg, _Answer, OrderState, datetime | None]]] = {}
        for i, leg, refs in legs_of:
            state = prepared[i]
            answer = self._mix(leg, [(w, d, c, answers[k]) for w, d, c, k in refs], network)
            when = (
                self.rule.delivery_by(state, leg, [(w, d) for w, d, _, _ in refs])
                if state.promised_by is not None
                else None
            )
            per_order.setdefault(i, []).append((leg, answer, state, when))
        out: list[DelayScore] = []
        for i, state in enumerate(prepared):
            legs = per_order[i]
            leg, best, _, _ = max(legs, key=lambda x: x[1].probability)
            fallback = best.fallback_reason is not None
            dates = [w for _, _, _, w in legs if w is not None]
            out.append(
                DelayScore(
                    order_id=state.order_id,
                    late_probability=float(best.probability),
                    top_factors=best.factors,
                    model_version=RULE_VERSION if fallback else self.model_version,
                    fallback_used=fallback,
                    fallback_reason=best.fallback_reason,
                    stage=leg_stage(state, leg),
                    scored_at=state.now,
                    legs=tuple(
                        LegScore(
                            lg.node,
                            leg_stage(st, lg),
                            a.probability,
                            a.fallback_reason is not None,
                            w,
                        )
                        for lg, a, st, w in legs
                    ),
                    delivery_by=max(dates) if dates else None,
                )
            )
        return out

    def _mix(
        self,
        leg: Leg,
        cases: list[tuple[float, float, str | None, _Answer]],
        network: NetworkState | None,
    ) -> _Answer:
        """One leg's answer from its delay scenarios: the weighted probability, the words
        of the scenario that adds most to it (and the carrier delay behind it)."""
        if len(cases) == 1:
            return cases[0][3]
        probability = sum(w * a.probability for w, _, _, a in cases)
        weight, _, carrier, top = max(cases, key=lambda c: c[0] * c[3].probability)
        words = top.factors
        if carrier is not None and network is not None:
            delay = network.carrier_delay_days.get(carrier, 0.0)
            words = (_carrier_words(leg, carrier, weight, delay), *words)[: self.top]
        reasons = [a.fallback_reason for _, _, _, a in cases if a.fallback_reason]
        return _Answer(min(1.0, probability), words, reasons[0] if reasons else None)

    def _answers(self, items: list[tuple[int, Leg, float, OrderState]]) -> list[_Answer]:
        answers: list[_Answer | None] = [None] * len(items)
        for k, (_, leg, delay, state) in enumerate(items):
            if state.promised_by is not None and state.now >= utc(state.promised_by):
                rule = self.rule.leg(state, leg, delay)  # certain: late already
                answers[k] = _Answer(rule.probability, rule.factors, None)
        todo = [k for k, a in enumerate(answers) if a is None]
        reason = self.unavailable
        if self.model is not None and todo:
            scorable = [k for k in todo if items[k][3].promised_by is not None]
            rows = [
                feature_row(items[k][3], items[k][1], self.lanes, items[k][2]) for k in scorable
            ]
            try:
                probs = list(self.model.predict(rows)) if rows else []
                factors = self.model.explain(rows, self.top) if rows else []
            except Exception as exc:
                reason = f"delay model failed: {type(exc).__name__}: {exc}"
            else:
                # A model whose calibration gave the booster no weight scores as its rule
                # does: the rule's words say why.
                rule_only = self.model.calibration[0] == 0.0
                for k, p, words in zip(scorable, probs, factors, strict=True):
                    if math.isfinite(float(p)):
                        if rule_only:
                            words = self.rule.leg(items[k][3], items[k][1], items[k][2]).factors
                        answers[k] = _Answer(float(p), words, None)
                reason = (
                    "the model cannot score an order without a promised date or "
                    "with values it cannot read"
                )
        for k, (_, leg, delay, state) in enumerate(items):
            if answers[k] is None:
                rule = self.rule.leg(state, leg, delay)
                answers[k] = _Answer(
                    rule.probability, rule.factors, reason or "no delay model installed"
                )
        return answers  # type: ignore[return-value]
