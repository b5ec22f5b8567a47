"""Ranking proposed fixes: learned from what operators chose, the rule order otherwise.

Every time a person applies one of the offered fixes, each fix offered then becomes a row:
chosen (1) for the one applied, passed over (0) for the others; a dismissal makes every
offered fix a 0. Automatic applications are not operator choices and are left out.

Once people have decided ``MIN_DECISIONS`` exceptions (and both chosen and passed-over
fixes exist), a logistic regression (scikit-learn) on the fix type, the exception type
crossed with the fix type, and the measured effects (resolves, date change, cost change,
carbon change, split change) scores each candidate; fixes that cannot be done stay last
and ties keep the rule order. Otherwise the rule order (`fixes.rule_order`) ranks, and the
answer says why. `RankerCache` keeps the fitted model while the number of stored decisions
is the same (they are only added), so evaluating fixes neither reads nor refits it again.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from ordermind.care import policy as p
from ordermind.care.fixes import Evaluated, rule_key, rule_order

MIN_DECISIONS = 20  # exceptions decided by people before the learned ranker speaks
MODEL_NAME = "logistic-regression-1"


@dataclass(frozen=True)
class DecisionRow:
    """One fix offered on one decided exception, and whether the person chose it."""

    exception_id: int
    exception_type: str
    fix_type: str
    effects: Mapping[str, object]  # Effects.as_dict() at the time
    chosen: bool


@dataclass(frozen=True)
class Ranking:
    order: tuple[int, ...]  # indices into the evaluated fixes, best first
    ranker: str  # "learned" | "rules"
    detail: Mapping[str, object] = field(default_factory=dict)
    scores: tuple[float | None, ...] = ()  # per evaluated fix (learned), input order

    def as_dict(self) -> dict:
        return {"ranker": self.ranker, **self.detail}


def _num(value: object, clip: float) -> float:
    if value is None or isinstance(value, bool):
        return 0.0 if value is None else float(value)
    try:
        x = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.0
    if not math.isfinite(x):
        return clip
    return max(-clip, min(clip, x))


_PAIRS = [(e, f) for e in p.EXCEPTION_TYPES for f in p.FIX_TYPES]


def features(exception_type: str, fix_type: str, effects: Mapping[str, object]) -> list[float]:
    """One row: fix type, exception × fix type (one-hot), then the scaled effects."""
    row = [1.0 if fix_type == f else 0.0 for f in p.FIX_TYPES]
    row += [1.0 if (exception_type, fix_type) == pair else 0.0 for pair in _PAIRS]
    promise = effects.get("promise_delta_days")
    cost_before = effects.get("cost_before")
    delta = effects.get("cost_delta")
    pct = 0.0
    if isinstance(delta, int | float) and isinstance(cost_before, int | float) and cost_before:
        pct = 100.0 * delta / cost_before
    row += [
        1.0 if effects.get("feasible") else 0.0,
        1.0 if effects.get("resolves") else 0.0,
        _num(promise, 30.0) / 7.0,
        1.0 if promise is None else 0.0,
        _num(pct, 200.0) / 50.0,
        _num(effects.get("carbon_delta_kg"), 50.0) / 5.0,
        _num(effects.get("split_delta"), 5.0),
    ]
    return row


class LearnedRanker:
    def __init__(self, model, decided: int, rows: int) -> None:
        self.model = model
        self.decided = decided
        self.rows = rows

    def scores(self, exception_type: str, evaluated: Sequence[Evaluated]) -> list[float]:
        x = [features(exception_type, ev.fix.type, ev.effects.as_dict()) for ev in evaluated]
        return [float(v) for v in self.model.predict_proba(x)[:, 1]]


def fit(decisions: Sequence[DecisionRow]) -> LearnedRanker | str:
    """A learned ranker, or the reason there is none yet."""
    decided = len({d.exception_id for d in decisions})
    labels = {d.chosen for d in decisions}
    if decided < MIN_DECISIONS:
        return (
            f"only {decided} exception(s) decided by people (the learned ranker needs "
            f"{MIN_DECISIONS})"
        )
    if labels != {True, False}:
        return "the decisions so far have no chosen and passed-over fixes to tell apart"
    from sklearn.linear_model import LogisticRegression

    x = [features(d.exception_type, d.fix_type, d.effects) for d in decisions]
    y = [1 if d.chosen else 0 for d in decisions]
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000)
    model.fit(x, y)
    return LearnedRanker(model, decided, len(decisions))


class RankerCache:
    """The ranker fitted on a store's operator decisions, kept while their number stays
    the same: decisions are only ever added, so a new count means new decisions and a
    refit; the same count, the ranker fitted before (no read, no fit)."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._ranker: LearnedRanker | str | None = None
        self.fits = 0  # how often it fitted (read by tests)

    def get(self, key: Hashable, load: Callable[[], Sequence[DecisionRow]]) -> LearnedRanker | str:
        """`key` names the store and its decision count; `load` reads the decisions."""
        if self._ranker is None or key != self._key:
            self._ranker, self._key = fit(load()), key
            self.fits += 1
        return self._ranker


def rank(
    exception_type: str,
    evaluated: Sequence[Evaluated],
    decisions: Sequence[DecisionRow] | LearnedRanker | str,
) -> Ranking:
    """Best first: the learned order once there are enough decisions, else the rule order.
    `decisions` are the operators' decisions, or the ranker (or the reason there is none)
    already fitted on them (`RankerCache`)."""
    if not evaluated:
        return Ranking((), "rules", {"reason": "no fix applies"})
    ranker = decisions if isinstance(decisions, LearnedRanker | str) else fit(decisions)
    if isinstance(ranker, str):
        return Ranking(tuple(rule_order(evaluated)), "rules", {"reason": ranker})
    scores = ranker.scores(exception_type, evaluated)
    order = sorted(
        range(len(evaluated)),
        key=lambda i: (
            not evaluated[i].effects.feasible,
            -round(scores[i], 6),
            rule_key(evaluated[i]),
        ),
    )
    return Ranking(
        tuple(order),
        "learned",
        {"model": MODEL_NAME, "decisions": ranker.decided, "rows": ranker.rows},
        tuple(scores),
    )
