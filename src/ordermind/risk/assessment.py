"""The single entry point the services layer calls at order placement.

``RiskAssessor(model_dir).assess(facts)`` screens the order (stage 1), sends flagged orders to
the model (stage 2) and returns a :class:`RiskDecision`. Without a model, or when the model
fails, the rules decide alone: a flagged order is held for a person (never auto-rejected on
rules alone) and the decision records ``fallback_used=True``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ordermind.risk.facts import OrderFacts
from ordermind.risk.features import order_features
from ordermind.risk.rules import DEFAULT_CONFIG, ScreenConfig, ScreenResult, screen
from ordermind.risk.velocity import VelocityWindows

log = logging.getLogger(__name__)

Action = Literal["approve", "hold", "reject"]
Stage = Literal["screen", "model", "rules_fallback"]


@dataclass(slots=True)
class RiskDecision:
    action: Action
    score: float  # model probability in [0, 1], or the rule score when the rules decided
    reasons: list[str]  # plain language, for the hold record and the reviewer
    model_version: str | None
    fallback_used: bool
    stage: Stage
    rule_flags: list[str] = field(default_factory=list)  # rule codes that fired
    shadow_score: float | None = None  # the candidate model's probability, if one is set
    shadow_version: str | None = None


class RiskAssessor:
    """Two-stage screen with an in-memory velocity state; one per API worker."""

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        shadow_dir: str | Path | None = None,
        config: ScreenConfig = DEFAULT_CONFIG,
        sku_norms: Mapping[str, float] | None = None,
        velocity: VelocityWindows | None = None,
        score_all: bool = False,
    ) -> None:
        self.config = config
        self.sku_norms = dict(sku_norms or {})
        self.velocity = velocity or VelocityWindows()
        # score_all sends every order to the model (useful while measuring a new model).
        self.score_all = score_all
        self._lock = threading.Lock()  # FastAPI runs sync endpoints in a thread pool
        self.model_dir, self.shadow_dir = model_dir, shadow_dir
        self.model = _load_or_none(model_dir)
        self.shadow = _load_or_none(shadow_dir)

    def reload(self) -> None:
        """Pick up a newly promoted model (call after ``ModelRegistry.promote``)."""
        model, shadow = _load_or_none(self.model_dir), _load_or_none(self.shadow_dir)
        self.model, self.shadow = model, shadow

    def rebuild_velocity(self, recent_orders: Iterable[OrderFacts]) -> None:
        """Replace the velocity state with the store's recent orders (e.g. last 30 days)."""
        rebuilt = VelocityWindows.from_orders(recent_orders, windows=self.velocity.windows)
        with self._lock:
            self.velocity = rebuilt

    def assess(
        self,
        facts: OrderFacts,
        record: bool = True,
        velocity: VelocityWindows | None = None,
        use_model: bool = True,
    ) -> RiskDecision:
        """Screen `facts`. With `velocity` (windows read from a store every worker shares)
        the assessor's own windows are neither read nor recorded to. `use_model=False`:
        the rules decide alone (an experiment's rule group)."""
        if velocity is not None:
            result = screen(facts, velocity, self.config, self.sku_norms)
            return self._decide(facts, result, use_model)
        with self._lock:
            result = screen(facts, self.velocity, self.config, self.sku_norms)
            if record:  # attempts count towards velocity whatever the outcome
                self.velocity.record(facts)
        return self._decide(facts, result, use_model)

    def _decide(
        self, facts: OrderFacts, result: ScreenResult, use_model: bool = True
    ) -> RiskDecision:
        codes = [flag.code for flag in result.flags]
        if not result.flagged and not self.score_all:
            return RiskDecision(
                "approve", result.score, result.reasons, None, False, "screen", codes
            )
        if not use_model:
            return self._rules_alone(result, codes, "the experiment's group keeps the rules")
        if self.model is None:
            return self._rules_alone(result, codes, "no risk model is installed")
        try:
            row = {
                **order_features(facts, result, self.sku_norms),
                **{f"attr_{k}": v for k, v in facts.attributes.items()},
            }
            probability = float(self.model.predict([row])[0])
            model = self.model
            if probability >= model.reject_threshold:
                action: Action = "reject"
            elif probability >= model.hold_threshold:
                action = "hold"
            else:
                action = "approve"
            reasons = list(result.reasons)
            if action != "approve":
                reasons = [
                    f"Fraud probability {probability:.0%} (hold from {model.hold_threshold:.0%})",
                    *model.explain(row),
                    *reasons,
                ]
            decision = RiskDecision(
                action, probability, reasons, model.version, False, "model", codes
            )
        except Exception:  # a broken model must never block checkout
            log.exception("risk model failed; rules decide alone")
            return self._rules_alone(result, codes, "the risk model failed")
        if self.shadow is not None:
            try:
                decision.shadow_score = float(self.shadow.predict([row])[0])
                decision.shadow_version = self.shadow.version
            except Exception:
                log.exception("shadow risk model failed")
        return decision

    def _rules_alone(self, result: ScreenResult, codes: list[str], why: str) -> RiskDecision:
        action: Action = "hold" if result.flagged else "approve"
        reasons = list(result.reasons)
        if result.flagged:
            reasons.append(f"Held by the rules alone because {why}")
        return RiskDecision(action, result.score, reasons, None, True, "rules_fallback", codes)


def _load_or_none(model_dir: str | Path | None):
    if model_dir is None:
        return None
    from ordermind.risk.registry import load_model

    try:
        return load_model(model_dir)
    except Exception:
        log.exception("could not load risk model from %s; rules decide alone", model_dir)
        return None
