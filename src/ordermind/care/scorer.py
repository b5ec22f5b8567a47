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


@dataclass
class _Answer:
    probability: float
    factors: tuple[str, ...]
    fallback_reason: str | None  # None: the model answered (or a certainty needing none)


class DelayScorer:
    def __init__(self, model_dir: str | Path | None, lanes: LaneTable | None = None,
                 top: int = 3, deliveries: DeliveryFeed | None = None) -> None:
        self.model: DelayModel | None = None
        self.unavailable: str | None = None  # why the model is not used, when it is not
        if model_dir is None:
            self.unavailable = "no delay model installed"
        else:
            try:
                self.model = DelayModel.load(model_dir)
            except ModelError as exc:
                self.unavailable = str(exc)
            except Exception as exc:  # noqa: BLE001 - a broken booster file: fall back
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

    def score(self, states: Sequence[OrderState],
              network: NetworkState | None = None) -> list[DelayScore]:
        """One score per state, in input order."""
        items: list[tuple[int, Leg, float, OrderState]] = []
        prepared = [network.apply(s) if network is not None else s for s in states]
        if self.deliveries is not None:
            prepared = [self.deliveries.attach(s) if s.recent is None else s for s in prepared]
        for i, state in enumerate(prepared):
            for leg in state.legs or (Leg(node=None),):
                delay = network.known_delay_days(leg) if network is not None else 0.0
                items.append((i, leg, delay, state))
        answers = self._answers(items)
        out: list[DelayScore] = []
        per_order: dict[int, list[tuple[Leg, _Answer, OrderState]]] = {}
        for (i, leg, _, state), answer in zip(items, answers, strict=True):
            per_order.setdefault(i, []).append((leg, answer, state))
        for i, state in enumerate(prepared):
            legs = per_order[i]
            leg, best, _ = max(legs, key=lambda x: x[1].probability)
            fallback = best.fallback_reason is not None
            out.append(DelayScore(
                order_id=state.order_id, late_probability=float(best.probability),
                top_factors=best.factors,
                model_version=RULE_VERSION if fallback else self.model_version,
                fallback_used=fallback, fallback_reason=best.fallback_reason,
                stage=leg_stage(state, leg), scored_at=state.now,
                legs=tuple(LegScore(lg.node, leg_stage(st, lg), a.probability,
                                    a.fallback_reason is not None) for lg, a, st in legs)))
        return out

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
            rows = [feature_row(items[k][3], items[k][1], self.lanes, items[k][2])
                    for k in scorable]
            try:
                probs = self.model.predict(rows) if rows else []
                factors = self.model.explain(rows, self.top) if rows else []
            except Exception as exc:  # noqa: BLE001 - the model failing must not stop scoring
                reason = f"delay model failed: {type(exc).__name__}: {exc}"
            else:
                for k, p, words in zip(scorable, probs, factors, strict=True):
                    if math.isfinite(float(p)):
                        answers[k] = _Answer(float(p), words, None)
                reason = "the model cannot score an order without a promised date or " \
                         "with values it cannot read"
        for k, (_, leg, delay, state) in enumerate(items):
            if answers[k] is None:
                rule = self.rule.leg(state, leg, delay)
                answers[k] = _Answer(rule.probability, rule.factors,
                                     reason or "no delay model installed")
        return answers  # type: ignore[return-value]
